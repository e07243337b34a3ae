"""The benchmark's figures: what the phases gather, and the table with ratios and targets."""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections.abc import Callable
from typing import Any, TextIO

from harness import BARE, CONNECTIONS, FAKEKIBANA, MAX_ACTIONS_RETURNED, STORE, Load


@dataclasses.dataclass
class Results:
    """Figures per server kind key."""

    startup: dict[str, list[float]] = dataclasses.field(default_factory=dict)
    startup_cpu: dict[str, list[float]] = dataclasses.field(default_factory=dict)
    cold_cpu: dict[str, list[float]] = dataclasses.field(default_factory=dict)
    rss_mb: dict[str, list[float]] = dataclasses.field(default_factory=dict)
    w1: dict[str, list[Load]] = dataclasses.field(default_factory=dict)
    w2: dict[str, list[Load]] = dataclasses.field(default_factory=dict)
    cold: dict[str, list[float]] = dataclasses.field(default_factory=dict)
    cold_n: int = 0
    growth: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    # The cases workload (cases.py): `sizes` (cases -> operation -> median ms) or `skipped`.
    cases: dict[str, Any] = dataclasses.field(default_factory=dict)
    # The saved objects workload (saved_objects.py): `sizes` (objects -> figure -> us/object).
    saved_objects: dict[str, Any] = dataclasses.field(default_factory=dict)


# --- the table -------------------------------------------------------------------------------


@dataclasses.dataclass
class Row:
    """One printed figure."""

    figure: str
    values: dict[str, float]
    target: str = ""
    passed: bool | None = None
    digits: int = 1
    ratio: float | None = None


def _median(values: dict[str, list[float]]) -> dict[str, float]:
    return {key: statistics.median(v) for key, v in values.items() if v}


def _ratio(values: dict[str, float]) -> float | None:
    ours, theirs = values.get(FAKEKIBANA.key), values.get(STORE.key)
    if ours is None or theirs is None or not theirs or math.isnan(ours) or math.isnan(theirs):
        return None
    return ours / theirs


def build_rows(results: Results) -> list[Row]:
    """Every figure, its ratio to the dict-store baseline, its target and pass/fail."""
    rows: list[Row] = []
    fk = FAKEKIBANA.key

    def add(
        figure: str,
        values: dict[str, float],
        target: str = "",
        check: Callable[[float, float | None], bool] | None = None,
        digits: int = 1,
        *,
        ratio: float | None = None,
    ) -> None:
        ratio = _ratio(values) if ratio is None else ratio
        passed = None
        if check is not None and fk in values and not math.isnan(values[fk]):
            passed = check(values[fk], ratio)
        rows.append(Row(figure, values, target, passed, digits, ratio))

    if results.w1:
        for name, runs, what in (("W1", results.w1, "POST"), ("W2", results.w2, "GET")):
            rps = {k: statistics.median(r.rps for r in v) for k, v in runs.items()}
            # Rounds are paired: the ratio is the median of each round's own ratio.
            pairs = zip(runs.get(fk, []), runs.get(STORE.key, []), strict=False)
            per_round = [ours.rps / theirs.rps for ours, theirs in pairs if theirs.rps]
            add(
                f"{name} {what} throughput, req/s",
                rps,
                ">= 0.8x store",
                lambda _v, r: r is not None and r >= 0.8,
                0,
                ratio=statistics.median(per_round) if per_round else None,
            )
            cpu = {k: statistics.median(r.cpu_us for r in v) for k, v in runs.items()}
            add(f"{name} server CPU per request, us", cpu, digits=0)
            p99 = {k: statistics.median(r.p99_ms for r in v) for k, v in runs.items()}
            add(f"{name} p99 latency at {CONNECTIONS} conns, ms", p99, digits=1)
            errs = {k: float(sum(r.errors for r in v)) for k, v in runs.items()}
            add(f"{name} errors (non-2xx, socket)", errs, "0", lambda v, _r: v == 0, 0)
    if results.cold:
        add(
            f"cold run: start + {results.cold_n} creates + {results.cold_n} gets, s",
            _median(results.cold),
            "<= 1.3x store",
            lambda _v, r: r is not None and r <= 1.3,
            3,
        )
        add("cold run: server CPU time, s", _median(results.cold_cpu), digits=2)
    if results.startup:
        # Against the bare aiohttp app started the same way (the ratio column compares with
        # the dict store): issue 9 holds start-up within 1.15x of aiohttp's own.
        startup = _median(results.startup)
        bare = startup.get(BARE.key)
        ours = startup.get(fk)
        vs_bare = ours / bare if ours is not None and bare else None
        add(
            "start-up to 200 /api/status, s (ratio: vs aiohttp)",
            startup,
            "<= 1.15x aiohttp",
            lambda _v, _r: vs_bare is not None and vs_bare <= 1.15,
            3,
            ratio=vs_bare,
        )
        add("start-up: server CPU time, s", _median(results.startup_cpu), digits=2)
        add("idle RSS, MB", _median(results.rss_mb), "< 60 MB", lambda v, _r: v < 60)
    if results.growth:
        g = results.growth
        size = g.get(fk, {}).get("size") or max(x.get("size", 0) for x in g.values())

        def pick(field: str) -> dict[str, float]:
            return {k: float(v[field]) for k, v in g.items() if field in v}

        p99_ok: Callable[[float, float | None], bool] = lambda v, _r: v < 10  # noqa: E731
        add(f"create p99 growing to {size:,}, ms", pick("create_p99_ms"), "< 10 ms", p99_ok, 2)
        add(f"create max growing to {size:,}, ms", pick("create_max_ms"), digits=1)
        add(f"get p99 growing to {size:,}, ms", pick("get_p99_ms"), "< 10 ms", p99_ok, 2)
        add(f"create p99 after {size:,}, ms", pick("after_create_p99_ms"), "< 10 ms", p99_ok, 2)
        add(f"get p99 after {size:,}, ms", pick("after_get_p99_ms"), "< 10 ms", p99_ok, 2)
        add(
            "memory per stored connector, KB",
            pick("kb_per_connector"),
            "<= 1.5 KB",
            lambda v, _r: v <= 1.5,
            2,
        )
        sizes = sorted({n for v in g.values() for n in v["getall_ms"]})
        for n in sizes:
            values = {k: float(v["getall_ms"][n]) for k, v in g.items() if n in v["getall_ms"]}
            add(
                f"_getAll at {n:,} connectors, ms",
                values,
                "<= 1.0x store",
                lambda _v, r: r is not None and r <= 1.0,
                1,
            )
        linear = [n for n in sizes if n <= MAX_ACTIONS_RETURNED]
        if len(linear) >= 2:
            small, big = linear[0], linear[-1]
            per_item = {
                k: (v["getall_ms"][big] / big) / (v["getall_ms"][small] / small)
                for k, v in g.items()
                if big in v["getall_ms"] and small in v["getall_ms"]
            }
            add(
                f"_getAll per-connector time, {big:,} vs {small:,}",
                per_item,
                "<= 1.5 (linear)",
                lambda v, _r: v <= 1.5,
                2,
            )
        resets = pick("reset_ms")
        reset_size = max((int(v.get("reset_size", 0)) for v in g.values()), default=0)
        if fk in resets:
            add(
                f"reset of {reset_size:,} connectors, ms",
                resets,
                "< 10 ms",
                lambda v, _r: v < 10,
                1,
            )
        else:
            # fakekibana has no POST /_fakekibana/reset yet: the baseline's figure alone.
            add("reset (fakekibana: no /_fakekibana/reset)", resets, "SKIP: < 10 ms")
    if results.cases:
        rows.extend(cases_rows(results.cases))
    if results.saved_objects:
        rows.extend(saved_objects_rows(results.saved_objects))
    return rows


CASE_OPERATIONS = {
    "create_case": "create case",
    "comment": "add comment",
    "push": "push",
    "find": "_find (default query)",
}


def cases_rows(cases: dict[str, Any]) -> list[Row]:
    """The cases workload: each operation's time per size, its growth from the smallest size to
    the largest (<= 1.5x: linear), and a case create against a connector create (<= 1.5x)."""
    fk = FAKEKIBANA.key
    if "skipped" in cases:
        # The reason is printed when the phase runs; the row only says it did not.
        return [Row("cases workload (8.19/9.x only)", {}, "SKIP")]
    sizes: dict[int, dict[str, float]] = cases.get("sizes", {})
    rows: list[Row] = []
    for size, times in sorted(sizes.items()):
        for op in ("create_connector", *CASE_OPERATIONS):
            label = CASE_OPERATIONS.get(op, "create connector")
            rows.append(Row(f"cases: {label} at {size:,} cases, ms", {fk: times[op]}, digits=2))
        ratio = times["create_case"] / times["create_connector"]
        rows.append(
            Row(
                f"cases: create case / create connector at {size:,} cases",
                {fk: ratio},
                "<= 1.5x",
                ratio <= 1.5,
                2,
                ratio,
            )
        )
    if len(sizes) >= 2:
        small, big = min(sizes), max(sizes)
        for op, label in CASE_OPERATIONS.items():
            ratio = sizes[big][op] / sizes[small][op]
            rows.append(
                Row(
                    f"cases: {label} time, {big:,} vs {small:,} cases",
                    {fk: ratio},
                    "<= 1.5x (linear)",
                    ratio <= 1.5,
                    2,
                    ratio,
                )
            )
    return rows


SAVED_OBJECTS_FIGURES = {
    "export": "_export (deep)",
    "import": "_import",
    "round_trip": "_export + _import",
}


def saved_objects_rows(figures: dict[str, Any]) -> list[Row]:
    """The saved objects round trip: time per object at each size, and the round trip's growth
    from the smallest size to the largest (<= 1.5x per object: linear)."""
    fk = FAKEKIBANA.key
    sizes: dict[int, dict[str, float]] = figures.get("sizes", {})
    rows: list[Row] = []
    for size, times in sorted(sizes.items()):
        for key, label in SAVED_OBJECTS_FIGURES.items():
            figure = f"saved objects: {label} at {size:,} objects, us/object"
            rows.append(Row(figure, {fk: times[key]}, digits=1))
    if len(sizes) >= 2:
        small, big = min(sizes), max(sizes)
        ratio = sizes[big]["round_trip"] / sizes[small]["round_trip"]
        rows.append(
            Row(
                f"saved objects: round trip per object, {big:,} vs {small:,} objects",
                {fk: ratio},
                "<= 1.5x (linear)",
                ratio <= 1.5,
                2,
                ratio,
            )
        )
    return rows


def _cell(value: float | None, digits: int) -> str:
    if value is None or math.isnan(value):
        return "-"
    return f"{value:,.{digits}f}"


HEADER = ("figure", "fakekibana", "aiohttp+dict", "aiohttp", "ratio", "target", "result")


def print_table(rows: list[Row], out: TextIO) -> None:
    """The table: fakekibana, both baselines, fakekibana / dict-store, target, PASS/FAIL."""
    table = [HEADER]
    for row in rows:
        result = "info" if row.passed is None else ("PASS" if row.passed else "FAIL")
        if row.target.startswith("SKIP"):
            result = "SKIP"
        table.append(
            (
                row.figure,
                _cell(row.values.get(FAKEKIBANA.key), row.digits),
                _cell(row.values.get(STORE.key), row.digits),
                _cell(row.values.get(BARE.key), row.digits),
                "-" if row.ratio is None else f"{row.ratio:.2f}x",
                row.target or "-",
                result,
            )
        )
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADER))]
    for index, line in enumerate(table):
        cells = [
            cell.ljust(width) if col in (0, 5) else cell.rjust(width)
            for col, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        print("  ".join(cells).rstrip(), file=out)
        if index == 0:
            print("  ".join("-" * w for w in widths), file=out)
