"""`.servicenow` (Kibana 7.8 case connector): pushToService into a simulated ServiceNow."""

from __future__ import annotations

from fakekibana.connectors.registry import TypeSpec
from fakekibana.connectors.types._cases import SERVICENOW, cases_executor, check_cases_config

TYPE = TypeSpec(
    ".servicenow",
    "ServiceNow",
    "platinum",
    cases_executor(SERVICENOW),
    check_cases_config,
    fault_modes=("error", "down"),
    position=50,
)
