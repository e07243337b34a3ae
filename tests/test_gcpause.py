"""gcpause.py: bulk handlers run with the cyclic collector off, and leave it as they found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from fakekibana.core.gcpause import without_collection_pauses


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    """Each test leaves the collector as the suite had it."""
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


@without_collection_pauses
def _state(fail: bool = False) -> bool:
    if fail:
        raise ValueError("refused")
    return gc.isenabled()


def test_the_collector_is_off_inside_and_on_after() -> None:
    """The wrapped function sees the collector off; it is on again when the function returns."""
    gc.enable()
    assert _state() is False
    assert gc.isenabled() is True


def test_the_collector_comes_back_after_an_error() -> None:
    """An error raised inside still turns the collector back on."""
    gc.enable()
    with pytest.raises(ValueError, match="refused"):
        _state(fail=True)
    assert gc.isenabled() is True


def test_a_collector_turned_off_elsewhere_stays_off() -> None:
    """A collector someone else turned off is not turned on by the wrapper."""
    gc.disable()
    assert _state() is False
    assert gc.isenabled() is False
