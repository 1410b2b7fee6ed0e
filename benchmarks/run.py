"""Benchmarks: `make bench`. Times are medians of several runs with min–max, measured in one run so that
ratios between methods are meaningful on a shared, noisy machine. Prints a table; nothing is asserted."""

from __future__ import annotations

import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

import khoi_analysis as ka  # noqa: E402
from khoi_analysis.build import build  # noqa: E402

SAMPLE = ROOT / "data" / "raw" / "mau"
RUNS = 5


def timed(fn, runs: int = RUNS) -> tuple[float, float, float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times), max(times)


def main() -> None:
    files = sorted(SAMPLE.glob("*.xlsx"))
    rows = sum(len(df) for f in files for df in pd.read_excel(f, sheet_name=None, engine="calamine").values())
    size = sum(f.stat().st_size for f in files)
    cases = {
        "pandas + openpyxl (baseline)": lambda: [pd.read_excel(f, sheet_name=None, engine="openpyxl") for f in files],
        "python-calamine, raw values": lambda: [pd.read_excel(f, sheet_name=None, engine="calamine") for f in files],
        "khoi_analysis.load()": lambda: ka.load(SAMPLE),
    }
    results = {name: timed(fn) for name, fn in cases.items()}
    base = results["pandas + openpyxl (baseline)"][0]
    print(f"Machine: {platform.machine()}, {platform.processor() or '?'}, Python {platform.python_version()}, "
          f"pandas {pd.__version__}")
    print(f"Sample: {len(files)} workbooks, {rows:,} rows, {size / 1e6:.1f} MB; median of {RUNS} runs (min–max)\n")
    print(f"{'case':34} {'median s':>9} {'min–max s':>14} {'× baseline':>11}")
    for name, (med, lo, hi) in results.items():
        print(f"{name:34} {med:9.3f} {lo:6.3f}–{hi:<7.3f} {base / med:10.1f}×")
    out = ROOT / "data" / "processed" / ".bench_build"
    first = timed(lambda: build([SAMPLE], out, force=True, progress=False), runs=1)[0]
    again = timed(lambda: build([SAMPLE], out, progress=False), runs=3)[0]
    print(f"\nbuild on the sample: full {first:.2f} s; unchanged rebuild {again:.3f} s ({again / first:.1%} of full)")


if __name__ == "__main__":
    main()
