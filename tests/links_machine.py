"""Schemathesis's stateful run over an OpenAPI document's links, against a live fakekibana."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import settings

from fakekibana.server import ControlClient


def run_links(
    schema: Any, url: str, checks: list[Any], *, examples: int, steps: int, derandomize: bool
) -> None:
    """Follow the document's links from creates, each scenario on a freshly reset fake, checking
    every answer with `checks`."""
    base = schema.as_state_machine()
    control = ControlClient(url)

    class Machine(base):  # type: ignore[valid-type,misc]
        def setup(self) -> None:
            # A fresh Kibana per scenario: a replayed scenario meets the same answers.
            control.reset()

        def get_call_kwargs(self, case: schemathesis.Case[Any]) -> dict[str, Any]:
            return {"base_url": url}

        def validate_response(
            self,
            response: schemathesis.Response,
            case: schemathesis.Case[Any],
            additional_checks: Any = None,
            **kwargs: Any,
        ) -> None:
            case.validate_response(
                response, checks=checks, transport_kwargs=kwargs, recorder=self.recorder
            )

    Machine.run(
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            derandomize=derandomize,
            deadline=None,
        )
    )
