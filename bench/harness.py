"""Timing and memory helpers for the benchmarks: median and max over runs, peak Python memory (tracemalloc)."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Figure:
    name: str
    target: str
    median_ms: float
    max_ms: float
    peak_mib: float
    runs: int
    note: str = ""
    ok: bool | None = None
    extra: dict = field(default_factory=dict)


def peak_rss_growth(func: Callable[[], object]) -> float:
    """MiB the process's peak resident memory grew by while `func` ran (Linux: VmHWM reset through clear_refs).

    For big jobs, where tracemalloc would cost minutes: this counts what the process really held.
    """
    status = Path("/proc/self/status")
    if not status.exists():
        return float("nan")

    def read(key: str) -> float:
        line = next(row for row in status.read_text().splitlines() if row.startswith(key))
        return int(line.split()[1]) / 1024

    Path("/proc/self/clear_refs").write_text("5")
    before = read("VmRSS")
    func()
    return read("VmHWM") - before


def measure(
    name: str,
    target: str,
    func: Callable[[], object],
    runs: int = 5,
    warmup: int = 1,
    limit_ms: float | None = None,
    memory: str | None = "python",
    note: str = "",
) -> Figure:
    """Run `func` warmup + runs times. Peak memory from one extra run: Python allocations under tracemalloc
    (`memory="python"`) or the growth of the process's peak resident memory (`memory="rss"`)."""
    for _ in range(warmup):
        func()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    peak = 0.0
    if memory == "rss":
        peak = peak_rss_growth(func)
    elif memory:
        tracemalloc.start()
        func()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    median = statistics.median(samples)
    return Figure(name, target, median, max(samples), peak, runs, note, None if limit_ms is None else median < limit_ms)


def table(figures: list[Figure]) -> str:
    rows = [("benchmark", "target", "median ms", "max ms", "peak MiB", "runs", "ok", "note")]
    for f in figures:
        rows.append(
            (
                f.name,
                f.target,
                f"{f.median_ms:,.1f}",
                f"{f.max_ms:,.1f}",
                f"{f.peak_mib:,.1f}",
                str(f.runs),
                {True: "yes", False: "NO", None: "–"}[f.ok],
                f.note,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
