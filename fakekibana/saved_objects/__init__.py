"""The saved objects area: /api/saved_objects CRUD, bulk, resolve and find, and their store."""
