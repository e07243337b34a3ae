"""`.index` (Kibana 7.7/7.8 es_index.js): documents kept per index, answered like a bulk request."""

from __future__ import annotations

import time
from typing import Any

from fakekibana.connectors import messages
from fakekibana.connectors.registry import Execution, ExecutorError, TypeSpec
from fakekibana.connectors.types._common import error_result


def index_executor(run: Execution) -> dict[str, Any]:
    """Keeps the documents and answers like Elasticsearch 7.8's bulk API."""
    started = time.perf_counter()
    documents = run.params["documents"]
    if run.fault == "error" or not documents:
        # What the Elasticsearch client says of an empty bulk request (UNCONFIRMED wording).
        service_message = (
            "[action_request_validation_exception] Validation Failed: 1: no requests added;"
        )
        raise ExecutorError(error_result(run, messages.INDEX_ERROR, service_message))
    index = run.config["index"]
    # es_index.js (7.7.0 build): the field name is trimmed, and a blank one writes nothing.
    time_field = (run.config["executionTimeField"] or "").strip()
    items = []
    for document in documents:
        doc = dict(document)
        if time_field:
            doc[time_field] = run.now_iso()
        doc_id, seq_no = run.store.index_document(index, doc)
        item: dict[str, Any] = {
            "_index": index,
            "_type": "_doc",
            "_id": doc_id,
            "_version": 1,
            "result": "created",
        }
        if run.config["refresh"]:
            item["forced_refresh"] = True
        item["_shards"] = {"total": 2, "successful": 1, "failed": 0}
        item["_seq_no"] = seq_no
        item["_primary_term"] = 1
        item["status"] = 201
        items.append({"index": item})
    took = int((time.perf_counter() - started) * 1000)
    bulk = {"took": took, "errors": False, "items": items}
    return {"status": "ok", "data": bulk, "actionId": run.action_id}


TYPE = TypeSpec(".index", "Index", "basic", index_executor, position=20)
