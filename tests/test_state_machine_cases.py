"""A Hypothesis state machine for Kibana 8.19 and 9.4's cases with their connectors: ServiceNow
and Jira connectors, cases, comments, updates and pushes, every answer compared with a model
(reference kibana-cases.md §2.2, §3.2, §5, §7.2), and what a push leaves in the simulated
service read back through the state document and the connector's getIncident.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
    run_state_machine_as_test,
)

from fakekibana import Settings
from fakekibana.server import ControlClient, FakeKibana
from tests.cases_model import (
    JIRA_URL,
    KINDS,
    NO_CONNECTOR,
    NULL_USER,
    SN_URL,
    Case,
    Comment,
    Connector,
    case_view,
    version_of,
)
from tests.conftest import KibanaHTTP
from tests.kibana_lines import CLOCK, NOW, boom

TITLES = st.text(alphabet="abcde", min_size=1, max_size=5)


@pytest.fixture(scope="module", params=["8.19.0", "9.4.0"])
def kibana(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """(version, URL) of a strict fakekibana of that release with a fixed clock, whose own
    failures fail the module."""
    settings_ = Settings(
        kibana_version=request.param, server_name="sm", strict_responses=True, clock=CLOCK
    )
    with FakeKibana(settings_) as server:
        yield request.param, server.url
        server.check()


class CasesMachine(RuleBasedStateMachine):
    """Connectors, cases, comments and pushes on 8.19/9.x, each answer checked against the
    model."""

    url = ""
    version = ""
    connectors = Bundle("connectors")
    cases = Bundle("cases")

    def __init__(self) -> None:
        super().__init__()
        self.http = KibanaHTTP(self.url)
        self.control = ControlClient(self.url)
        self.control.reset()
        self.seq = 0
        self.model_connectors: dict[str, Connector] = {}
        self.model_cases: dict[str, Case] = {}

    def teardown(self) -> None:
        """Close the connection (the fake is reset by the next run)."""
        self.http.close()

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        """A request in the default space: under /s/default for every other path length."""
        prefix = "/s/default" if len(path) % 2 else ""
        return self.http.request(method, prefix + path, body)

    def next_version(self) -> str:
        """The version the next saved-object write gets (every write advances `_seq_no`)."""
        version = version_of(self.seq)
        self.seq += 1
        return version

    def kept(self) -> tuple[Any, Any]:
        """What the fake keeps of cases and incidents (the state document)."""
        state = self.control.state()
        # A connector run that fails before writing leaves its service an empty record map
        # (the connectors store's records() makes one): nothing it holds, so not compared.
        incidents = {key: held for key, held in state.get("incidents", {}).items() if held}
        return state.get("cases"), incidents

    def refused(self, method: str, path: str, body: Any, expected: tuple[int, Any]) -> None:
        """A request that must be refused with exactly that answer, changing nothing."""
        before = self.kept()
        assert self.call(method, path, body) == expected
        assert self.kept() == before

    # --- connectors ---------------------------------------------------------------------------

    @rule(target=connectors, type_id=st.sampled_from(sorted(KINDS)), name=TITLES)
    def create_connector(self, type_id: str, name: str) -> str:
        """A ServiceNow or Jira connector to push to."""
        body = {"name": name, "connector_type_id": type_id, **KINDS[type_id][0]}
        status, answer = self.call("POST", "/api/actions/connector", body)
        assert status == 200, answer
        self.model_connectors[answer["id"]] = Connector(answer["id"], type_id, name)
        connector_id: str = answer["id"]
        return connector_id

    @rule(connector_id=connectors, fault=st.booleans())
    def set_fault(self, connector_id: str, fault: bool) -> None:
        """The simulated service fails every call (`error`), or works again."""
        if fault:
            self.control.set_fault(connector_id, "error")
        else:
            self.control.clear_fault(connector_id)
        self.model_connectors[connector_id].fault = fault

    # --- cases --------------------------------------------------------------------------------

    @rule(target=cases, title=TITLES, connector_id=st.none() | connectors)
    def create_case(self, title: str, connector_id: str | None) -> str:
        """A case, with no connector or one of the connectors and its type's fields."""
        connector = dict(NO_CONNECTOR)
        if connector_id is not None:
            kept = self.model_connectors[connector_id]
            connector = {
                "id": kept.id,
                "type": kept.type,
                "fields": KINDS[kept.type][1],
                "name": kept.name,
            }
        body = {
            "title": title,
            "description": "d",
            "tags": ["bench"],
            "connector": connector,
            "settings": {"syncAlerts": False},
            "owner": "cases",
        }
        status, answer = self.call("POST", "/api/cases", body)
        assert status == 200, answer
        case = Case(answer["id"], title, connector, self.next_version())
        assert answer == case_view(case, 0, [])
        self.model_cases[case.id] = case
        return case.id

    @rule(title=TITLES)
    def create_case_without_owner(self, title: str) -> None:
        """A create without `owner` is io-ts's 400 and stores nothing."""
        body = {
            "title": title,
            "description": "d",
            "tags": [],
            "connector": NO_CONNECTOR,
            "settings": {"syncAlerts": False},
        }
        message = 'Invalid value "undefined" supplied to "owner"'
        self.refused("POST", "/api/cases", body, (400, boom(400, "Bad Request", message)))

    @rule(case_id=cases)
    def get_case(self, case_id: str) -> None:
        """8.19 answers the comments by default; 9.x never does."""
        case = self.model_cases.get(case_id)
        answer = self.call("GET", f"/api/cases/{case_id}")
        if case is None:
            message = f"Saved object [cases/{case_id}] not found"
            assert answer == (404, boom(404, "Not Found", message))
            return
        shown = case.comments if self.version.startswith("8.") else None
        assert answer == (200, case_view(case, len(case.comments), shown))

    @rule(case_id=cases, text=TITLES)
    def add_comment(self, case_id: str, text: str) -> None:
        """A user comment: its own version, then the case's."""
        case = self.model_cases.get(case_id)
        body = {"type": "user", "comment": text, "owner": "cases"}
        if case is None:
            message = f"Saved object [cases/{case_id}] not found"
            self.refused(
                "POST",
                f"/api/cases/{case_id}/comments",
                body,
                (404, boom(404, "Not Found", message)),
            )
            return
        status, answer = self.call("POST", f"/api/cases/{case_id}/comments", body)
        assert status == 200, answer
        case.comments.append(Comment(answer["comments"][-1]["id"], text, self.next_version()))
        case.version, case.touched = self.next_version(), True
        assert answer == case_view(case, len(case.comments), case.comments)

    @rule(case_id=cases, title=TITLES, close=st.booleans(), stale=st.booleans())
    def update_case(self, case_id: str, title: str, close: bool, stale: bool) -> None:
        """A bulk update of one case: a stale version is a 409 that changes nothing."""
        case = self.model_cases.get(case_id)
        if case is None:
            return
        status = "closed" if close else "open"
        if title == case.title and status == case.status:
            title += "x"
        version = version_of(self.seq + 7) if stale else case.version
        body = {"cases": [{"id": case_id, "version": version, "title": title, "status": status}]}
        if stale:
            message = (
                f"These cases {case_id} has been updated. Please refresh before saving "
                "additional updates."
            )
            self.refused("PATCH", "/api/cases", body, (409, boom(409, "Conflict", message)))
            return
        answer = self.call("PATCH", "/api/cases", body)
        case.title, case.status, case.touched = title, status, True
        case.version = self.next_version()
        # A bulk update answers each case without its comments or their count (bulk_update.ts).
        assert answer == (200, [case_view(case, 0, [])])

    @rule(case_id=consumes(cases))
    def delete_case(self, case_id: str) -> None:
        """A case is deleted once (204), with its comments; its incidents stay where they are."""
        if self.model_cases.pop(case_id, None) is None:
            return
        ids = urllib.parse.quote(json.dumps([case_id]))
        assert self.call("DELETE", f"/api/cases?ids={ids}") == (204, None)

    @rule()
    def find(self) -> None:
        """_find's first page: every case newest first (all created at the same instant, so
        in creation order), the total and the status counts."""
        status, answer = self.call("GET", "/api/cases/_find?perPage=100")
        listed = [case_view(c, len(c.comments), []) for c in self.model_cases.values()]
        statuses = [c.status for c in self.model_cases.values()]
        assert (status, answer) == (
            200,
            {
                "page": 1,
                "per_page": 100,
                "total": len(listed),
                "cases": listed,
                "count_open_cases": statuses.count("open"),
                "count_in_progress_cases": 0,
                "count_closed_cases": statuses.count("closed"),
            },
        )

    # --- pushes -------------------------------------------------------------------------------

    @rule(case_id=cases, connector_id=connectors)
    def push(self, case_id: str, connector_id: str) -> None:
        """A push creates the incident, then updates that same one; a failing service is a 424
        that changes nothing."""
        case = self.model_cases.get(case_id)
        connector = self.model_connectors[connector_id]
        path = f"/api/cases/{case_id}/connector/{connector_id}/_push"
        if case is None:
            message = f"Saved object [cases/{case_id}] not found"
            self.refused("POST", path, None, (404, boom(404, "Not Found", message)))
            return
        before = self.kept()
        status, answer = self.call("POST", path, None)
        if connector.fault:
            assert (status, answer["error"], self.kept()) == (424, "Failed Dependency", before)
            return
        assert status == 200, answer
        previous = case.pushes.get(connector_id)
        if previous is None:
            # A new record, numbered after the service's others (ServiceNow's sys_id is random).
            number = len(connector.records) + 1
            if connector.type == ".jira":
                external_id, title = str(10000 + number), f"CK-{number}"
            else:
                external_id, title = (
                    answer["external_service"]["external_id"],
                    f"INC{10000 + number:07d}",
                )
            connector.records[external_id] = title
        else:
            external_id = previous
            title = connector.records[external_id]
        url = (
            f"{JIRA_URL}/browse/{title}"
            if connector.type == ".jira"
            else f"{SN_URL}/nav_to.do?uri=incident.do?sys_id={external_id}"
        )
        case.pushes[connector_id] = external_id
        case.external = {
            "connector_id": connector_id,
            "pushed_at": NOW,
            "pushed_by": NULL_USER,
            "connector_name": connector.name,
            "external_id": external_id,
            "external_title": title,
            "external_url": url,
        }
        for comment in case.comments:
            if not comment.pushed:
                comment.pushed, comment.version = True, self.next_version()
        case.version, case.touched = self.next_version(), True
        assert answer == case_view(case, len(case.comments), case.comments)
        self.check_incident(connector, external_id, case)

    def check_incident(self, connector: Connector, external_id: str, case: Case) -> None:
        """getIncident reads back the pushed title under the id the case records."""
        run = {
            "params": {"subAction": "getIncident", "subActionParams": {"externalId": external_id}}
        }
        status, answer = self.call("POST", f"/api/actions/connector/{connector.id}/_execute", run)
        assert (status, answer["status"], answer["connector_id"]) == (200, "ok", connector.id)
        data = answer["data"]
        if connector.type == ".jira":
            held = (data["id"], data["key"], data["summary"])
        else:
            held = (data["sys_id"], data["number"], data["short_description"])
        assert held == (external_id, connector.records[external_id], case.title)

    @rule(case_id=cases)
    def push_to_a_missing_connector(self, case_id: str) -> None:
        """A push to an unknown connector is the actions client's 404; nothing changes."""
        path = f"/api/cases/{case_id}/connector/nope/_push"
        if case_id not in self.model_cases:
            message = f"Saved object [cases/{case_id}] not found"
        else:
            message = "Saved object [action/nope] not found"
        self.refused("POST", path, None, (404, boom(404, "Not Found", message)))

    # --- invariants ---------------------------------------------------------------------------

    @invariant()
    def the_fake_keeps_what_the_model_keeps(self) -> None:
        """Each kept case has the model's version and external service, and each connector's
        simulated service holds exactly the model's records, each pushed case's among them."""
        kept_cases, incidents = self.kept()
        stored = {c["id"]: c for c in (kept_cases or {"cases": []})["cases"]}
        assert sorted(stored) == sorted(self.model_cases)
        for case_id, case in self.model_cases.items():
            attributes = stored[case_id]["attributes"]
            assert (stored[case_id]["version"], attributes["external_service"]) == (
                case.version,
                case.external,
            )
            if case.external is not None:
                held = incidents[case.external["connector_id"]]
                assert (
                    held[case.external["external_id"]]["title"] == case.external["external_title"]
                )
        for connector in self.model_connectors.values():
            held = incidents.get(connector.id, {})
            assert {key: r["title"] for key, r in held.items()} == connector.records


def test_cases_and_pushes_keep_what_the_model_keeps(kibana: tuple[str, str]) -> None:
    """Every answer to a random sequence of connector, case, comment and push operations is the
    model's, and the simulated services hold what the pushed cases record."""
    CasesMachine.version, CasesMachine.url = kibana
    run_state_machine_as_test(
        CasesMachine,
        settings=settings(max_examples=min(settings().max_examples, 40), stateful_step_count=20),
    )
