"""Bulk work without pauses of the cyclic garbage collector.

An import of 10,000 saved objects allocates hundreds of thousands of containers; each time enough
of them survive, CPython's collector walks every object the process holds, the stored ones
included, so the time per imported object grew by half from 1,000 to 10,000 objects (issue 14's
linearity target). Handlers that build or write many objects in one synchronous step run with
the collector off; the objects they leave are collected in the usual way afterwards. The event
loop runs one handler at a time, so nothing else runs while it is off.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def without_collection_pauses(function: Callable[P, R]) -> Callable[P, R]:
    """`function`, run with the cyclic collector off (left as it was if already off)."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return run
