"""The event loop fakekibana serves on: uvloop where it is installed, else asyncio's own.

uvloop runs the same asyncio API with its transports and scheduling in compiled code. For the
work of one request that halves the loop's share: callgrind counts 505k instructions for a
connector create on asyncio's loop and 445k on uvloop's, and 330k against 266k for a get
(issue 10, benchmarks/README.md). Nothing a client sees depends on the loop; `--event-loop
asyncio` keeps the standard one (and is what a platform without uvloop gets with `auto`).
"""

from __future__ import annotations

import asyncio
import importlib.util
from collections.abc import Callable

CHOICES = ("auto", "uvloop", "asyncio")

LoopFactory = Callable[[], asyncio.AbstractEventLoop]


class EventLoopUnavailable(Exception):
    """`uvloop` was asked for and is not installed."""


def uvloop_installed() -> bool:
    """Whether uvloop can be imported (it has no build for Windows)."""
    return importlib.util.find_spec("uvloop") is not None


def loop_factory(choice: str = "auto") -> LoopFactory:
    """A new-loop factory for `choice`: auto (uvloop when installed), uvloop or asyncio."""
    if choice not in CHOICES:
        msg = f"unknown event loop {choice!r}: expected one of {', '.join(CHOICES)}"
        raise ValueError(msg)
    if choice == "asyncio" or (choice == "auto" and not uvloop_installed()):
        return asyncio.new_event_loop
    try:
        import uvloop  # noqa: PLC0415 - optional, imported only when used
    except ImportError:
        msg = "--event-loop uvloop: uvloop is not installed (pip install uvloop)"
        raise EventLoopUnavailable(msg) from None
    factory: LoopFactory = uvloop.new_event_loop
    return factory


def loop_name(loop: asyncio.AbstractEventLoop) -> str:
    """`uvloop` or `asyncio`: which kind of loop this is (for the start-up line and tests)."""
    return "uvloop" if type(loop).__module__.startswith("uvloop") else "asyncio"
