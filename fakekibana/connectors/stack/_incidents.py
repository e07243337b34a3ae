"""Simulated incident systems for the 8.19/9.x case connectors (ServiceNow, Jira, ...).

Records live in run.store.records(run.action_id) so pushToService, getIncident and
closeIncident of one connector agree. A record is {id, title, fields, created, updated,
comments}; `fields` holds what Kibana sent. Each system says how it numbers records, links
them, orders the push result's keys and words its errors.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from fakekibana.connectors.registry import Execution
from fakekibana.connectors.stack import messages

Record = dict[str, Any]


@dataclasses.dataclass(frozen=True)
class IncidentSystem:
    """How one external system numbers, links and words its records and failures."""

    # The name in '[Action][<service>]: ...'.
    service: str
    # The push result's keys, in the order the type's service builds them.
    keys: tuple[str, ...]
    # (store, number) -> (record id, record title)
    new_record: Callable[[Execution, int], tuple[str, str]]
    # (run, id, title) -> the record's link in the external UI
    view_url: Callable[[Execution, str, str], str]
    # (what failed, error, reason) -> the text after '[Action][<service>]: '
    wording: Callable[[str, str, str], str] = messages.incident_error
    # The reason the system's 400 and 404 bodies give, and the reason without a body.
    bad_request_reason: str = "Bad Request"
    not_found_reason: str = "Not Found"
    no_body_reason: str = messages.SERVICENOW_NO_ERROR_BODY
    # The record kind in 'Unable to create <kind>' (incident, case, record, ...).
    kind: str = "incident"
    # The failed call's own message: axios's (classic types) or, for sub-action framework
    # types, SubActionConnector.request's 'Status code: <s>. Message: <m>'.
    call_error: Callable[[int | None], str] | None = None
    # True where the service lets the failed call's error through unwrapped (no '[Action]').
    bare: bool = False

    def fail(self, what: str, status: int | None) -> RuntimeError:
        """The error thrown when a call fails: HTTP `status`, or no answer (None)."""
        if self.call_error is not None:
            error = self.call_error(status)
        elif status is None:
            error = messages.CONNECTION_REFUSED
        else:
            error = messages.request_failed(status)
        if self.bare:
            return RuntimeError(error)
        if status is None:
            reason = self.no_body_reason
        else:
            reason = self.not_found_reason if status == 404 else self.bad_request_reason
        inner = self.wording(what, error, reason)
        return RuntimeError(messages.action_error(self.service, inner))

    def fault(self, run: Execution, what: str) -> None:
        """Raise the error of the connector's fault mode ("error": 400, "down": no answer)."""
        if run.fault == "error":
            raise self.fail(what, 400)
        if run.fault == "down":
            raise self.fail(what, None)

    def get(self, run: Execution, record_id: str, what: str | None = None) -> Record:
        """A stored record, or the system's 404 as a thrown error."""
        what = what or f"Unable to get {self.kind} with id {record_id}"
        self.fault(run, what)
        record = run.store.records(run.action_id).get(record_id)
        if record is None:
            raise self.fail(what, 404)
        return record

    def result(self, run: Execution, record: Record, pushed: str) -> dict[str, Any]:
        """The push result: id, title, pushedDate and url in this system's key order."""
        values = {
            "id": record["id"],
            "title": record["title"],
            "pushedDate": pushed,
            "url": self.view_url(run, record["id"], record["title"]),
        }
        return {key: values[key] for key in self.keys}

    def push(
        self,
        run: Execution,
        external_id: str | None,
        fields: dict[str, Any],
        comments: list[dict[str, Any]] | None,
        create_what: str | None = None,
    ) -> dict[str, Any]:
        """Create (no external id) or update a record, then add the comments."""
        records = run.store.records(run.action_id)
        now = run.now_iso()
        if external_id is None:
            self.fault(run, create_what or f"Unable to create {self.kind}")
            record_id, title = self.new_record(run, len(records) + 1)
            record: Record = {
                "id": record_id,
                "title": title,
                "fields": fields,
                "created": now,
                "updated": now,
                "comments": [],
            }
            records[record_id] = record
        else:
            what = f"Unable to update {self.kind} with id {external_id}"
            self.fault(run, what)
            found = records.get(external_id)
            if found is None:
                raise self.fail(what, 404)
            record = found
            record["fields"].update(fields)
            record["updated"] = now
        data = self.result(run, record, record["updated"])
        if comments:
            data["comments"] = []
            for comment in comments:
                record["comments"].append(comment["comment"])
                data["comments"].append({"commentId": comment["commentId"], "pushedDate": now})
        return data


def trimmed(url: str) -> str:
    """apiUrl without its trailing slash, as every case connector's service builds links."""
    return url[:-1] if url.endswith("/") else url


def defined(values: dict[str, Any]) -> dict[str, Any]:
    """The entries whose value is not null (what Kibana sends to the external system)."""
    return {key: value for key, value in values.items() if value is not None}
