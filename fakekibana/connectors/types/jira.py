"""`.jira` (Kibana 7.8 case connector): pushToService into a simulated Jira."""

from __future__ import annotations

from fakekibana.connectors.registry import TypeSpec
from fakekibana.connectors.types._cases import JIRA, cases_executor, check_cases_config

# .jira's place in 7.8's registration and its platinum licence are UNCONFIRMED (types §2).
TYPE = TypeSpec(
    ".jira",
    "Jira",
    "platinum",
    cases_executor(JIRA),
    check_cases_config,
    fault_modes=("error", "down"),
    position=80,
)
