"""aiohttp's server log with the text of malformed requests withheld (secrets stay out of logs).

Imported by the adapter, which installs the filter once for the process.
"""

from __future__ import annotations

import logging

from aiohttp.http_exceptions import HttpProcessingError


class _WithholdBadRequestDetails(logging.Filter):
    """aiohttp logs a request its HTTP parser refuses with the offending line quoted, and that
    line can be an Authorization header: keep the record, drop the quote."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], HttpProcessingError):
            name = type(record.exc_info[1]).__name__
            record.msg = "refused a malformed HTTP request (%s); its text is not logged"
            record.args = (name,)
            record.exc_info = None
            record.exc_text = None
        return True


_BAD_REQUEST_FILTER = _WithholdBadRequestDetails()
logging.getLogger("aiohttp.server").addFilter(_BAD_REQUEST_FILTER)
