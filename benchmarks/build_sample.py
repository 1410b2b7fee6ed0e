"""The `build` of the sample as a user runs it (`khoi-analysis build`, a new process each time, start-up
included), round after round on a copy of data/raw/mau:

- cold: no cache at all (a new cache folder), a new output folder;
- forced: `--force` with the caches warm (every file's tables, each file's explanation, every drawn chart);
- one file changed: the 2020 workbook sent again with one member's rating corrected, then `build` (the changed
  file is read again, only the charts whose figures changed are drawn again);
- unchanged: `build` again with nothing changed (the build's own fingerprint: nothing is redone).

    python benchmarks/build_sample.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT / "data" / "raw" / "mau"
CHANGED = "bao_cao_xep_loai_2020.xlsx"
CASES = ("cold", "forced", "one_file_changed", "unchanged")
TARGET_S = 5.0


def _corrected(original: Path, out: Path) -> Path:
    """The workbook with the first member's rating one level lower (what an office's resent file looks like)."""
    from openpyxl import load_workbook

    wb = load_workbook(original)
    ws = wb["Đảng viên"]
    header = next(r for r in range(1, 20) if any(str(c.value or "").strip() == "Xếp loại" for c in ws[r]))
    col = next(c.column for c in ws[header] if str(c.value or "").strip() == "Xếp loại")
    cell = ws.cell(header + 1, col)
    assert cell.value == "Hoàn thành tốt nhiệm vụ", cell.value
    cell.value = "Hoàn thành nhiệm vụ"
    wb.save(out)
    return out


def _build(inputs: Path, out: Path, cache: Path, *extra: str) -> float:
    exe = Path(sys.executable).with_name("khoi-analysis")
    cmd = [str(exe), "build", str(inputs), "--out", str(out), *extra] if exe.exists() else \
        [sys.executable, "-m", "khoi_analysis.cli", "build", str(inputs), "--out", str(out), *extra]
    env = {**os.environ, "KHOI_ANALYSIS_CACHE_DIR": str(cache)}
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return elapsed


def bench_build(rounds: int) -> dict[str, tuple[float, float, float]]:
    """Median, min and max seconds of each case over `rounds` rounds (the cases take turns within a round)."""
    times: dict[str, list[float]] = {c: [] for c in CASES}
    with tempfile.TemporaryDirectory(prefix="khoi_build_bench_") as tmp:
        tmp = Path(tmp)
        original = tmp / "original.xlsx"
        shutil.copy(SAMPLE / CHANGED, original)
        corrected = _corrected(original, tmp / "corrected.xlsx")
        for r in range(rounds):
            inputs, cache, out = tmp / f"in{r}", tmp / f"cache{r}", tmp / f"out{r}"
            shutil.copytree(SAMPLE, inputs)
            times["cold"].append(_build(inputs, out, cache))
            times["forced"].append(_build(inputs, tmp / f"forced{r}", cache, "--force"))
            shutil.copy(corrected, inputs / CHANGED)
            times["one_file_changed"].append(_build(inputs, out, cache))
            times["unchanged"].append(_build(inputs, out, cache))
    return {c: (statistics.median(t), min(t), max(t)) for c, t in times.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from run import fmt_t, machine

    res = bench_build(args.rounds)
    print(f"\n## `build` of the sample (data/raw/mau: {len(list(SAMPLE.glob('*.xlsx')))} workbooks)\n\n"
          f"Machine: {machine()}  \nCommand: `python benchmarks/build_sample.py --rounds {args.rounds}` (each build "
          "a new `khoi-analysis build` process, start-up included)\n")
    print("| case | seconds, median (min–max) | under 5 s |\n|---|---|---|")
    names = {"cold": "cold: no cache, new output folder", "forced": "`--force`, caches warm",
             "one_file_changed": "one workbook resent (2020, one rating corrected)",
             "unchanged": "nothing changed"}
    for case in CASES:
        print(f"| {names[case]} | {fmt_t(res[case])} | {'yes' if res[case][0] < TARGET_S else '**no**'} |")


if __name__ == "__main__":
    main()
