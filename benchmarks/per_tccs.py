"""The per-TCCS case of `make bench`: the sample as one workbook per TCCS per year (make_per_tccs.py), read by
pandas + openpyxl, by fastexcel (every sheet of every file, raw) and by load() cold (in one process per core, and
in this process alone), taking turns round after round; then the warm load and adding one file to a cached set.

    python benchmarks/per_tccs.py [--rounds 3] [--variant members|counts]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from run import VMHWM_KB, fmt_t, interleaved, machine, peak_mb, timed  # noqa: E402

CODE = {
    "baseline": "import pandas as pd\nfor f in {files!r}: pd.read_excel(f, sheet_name=None, engine='openpyxl')",
    "fastexcel": "import fastexcel\nfor f in {files!r}:\n    r = fastexcel.read_excel(f)\n"
                 "    [r.load_sheet(n, header_row=None).to_arrow() for n in r.sheet_names]",
    "load": "{forget}import khoi_analysis as ka\nka.load({folder!r}, cache=False, progress=False)",
    "load_serial": "{forget}import khoi_analysis as ka\nka.load({folder!r}, cache=False, workers=1, progress=False)",
}
# cold means cold: what one run learns (header keys, column mappings, rating spellings, translated regexes) is
# forgotten before each timed load, since the rounds run in one process
FORGET = ("import sys, khoi_analysis.sheet, khoi_analysis.text\nm = sys.modules\n"
          "m['khoi_analysis.sheet.vocabulary'].header_key.cache_clear(); m['khoi_analysis.sheet.locate']._MAPPED.clear(); "
          "m['khoi_analysis.text.parse']._parse_rating_text.cache_clear(); "
          "m['khoi_analysis.sheet.arrow']._python_regex.cache_clear(); m['khoi_analysis.sheet.arrow']._TEXTS.clear(); "
          "m['khoi_analysis.sheet.locate']._COLUMNS.clear(); m['khoi_analysis.read.xmlscan']._BY_CONTENT.clear(); "
          "m['khoi_analysis.sheet.rows']._group_heading.cache_clear(); "
          "m['khoi_analysis.sheet.rows']._heading_type.cache_clear(); m['khoi_analysis.text.normalize'].fold.cache_clear()\n")
# peak memory of the largest process of a case: its own (VmHWM) or its largest worker's (RUSAGE_CHILDREN)
PEAK = "\nimport resource\nprint(max({vmhwm}, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))"


def new_tccs(src: Path, out: Path) -> Path:
    """A TCCS that was not in the set: `src` with its organisation renamed and its members' card numbers new."""
    from openpyxl import load_workbook

    wb = load_workbook(src)
    ws = wb.worksheets[0]
    header = next(r for r in range(1, 20) if any(str(c.value or "").strip() == "STT" for c in ws[r]))
    name = ws.cell(header + 1, 2).value
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == name:
                    cell.value = f"{name} (mới thành lập)"
                elif isinstance(cell.value, str) and cell.value.isdigit():
                    cell.value = "9" + cell.value[1:]  # a card number no one else has
    wb.save(out)
    return out


def bench(variant: str, rounds: int) -> dict:
    from make_per_tccs import per_tccs

    import khoi_analysis as ka

    folder = per_tccs(variant)
    files = [str(p) for p in sorted(folder.rglob("*.xlsx"))]
    res = {"variant": variant, "files": len(files), "mb": sum(Path(f).stat().st_size for f in files) / 1e6}
    cases = {}
    for name, code in CODE.items():
        text = code.format(files=files, folder=str(folder), forget=FORGET)
        cases[name] = (lambda text=text: exec(text, {}))  # noqa: S102 - our own benchmark snippets
    res.update(interleaved(cases, rounds))
    for name, code in CODE.items():
        res[name + "_mem"] = peak_mb(code.format(files=files, folder=str(folder), forget=FORGET) + PEAK.format(vmhwm=VMHWM_KB))
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        inputs = Path(tmp) / "inputs"
        shutil.copytree(folder, inputs, ignore=shutil.ignore_patterns("complete"))
        os.environ["KHOI_ANALYSIS_CACHE_DIR"] = str(cache)
        t0 = time.perf_counter()
        full = ka.load(inputs, progress=False)  # fills both caches
        res["first_cached_run"] = time.perf_counter() - t0
        res["warm"] = timed(lambda: ka.load(inputs, progress=False), max(rounds, 5))
        extra = sorted(inputs.rglob("*.xlsx"))[0]
        new_tccs(extra, extra.with_name("zz_tccs_moi.xlsx"))
        before = set((cache / "files").iterdir())
        t0 = time.perf_counter()
        added = ka.load(inputs, progress=False)
        res["add_one"] = time.perf_counter() - t0
        res["add_one_reads"] = len(set((cache / "files").iterdir()) - before)
        res["add_one_rows"] = (len(full.members), len(added.members))
        # the same workbook sent twice (its members in two files): the identity checks name them, so both
        # files are read again for the names (the cache keeps none)
        shutil.copy(extra, extra.with_name("zz_gui_lai.xlsx"))
        t0 = time.perf_counter()
        ka.load(inputs, progress=False)
        res["add_copy"] = time.perf_counter() - t0
        del os.environ["KHOI_ANALYSIS_CACHE_DIR"]
    res["members"] = len(full.members)
    return res


def report(r: dict) -> tuple[list[str], list[tuple[str, str, bool]]]:
    """Markdown lines and the target checks of one variant."""
    load, raw, base = r["load"][0], r["fastexcel"][0], r["baseline"][0]
    lines = [
        f"Per-TCCS set ({r['variant']}): {r['files']} files, {r['members']:,} member rows, {r['mb']:.1f} MB; "
        f"{os.cpu_count()} cores.",
        "",
        "| case | s (median, min–max) | vs fastexcel raw | peak MB (largest process) |",
        "|---|---|---|---|",
        f"| pandas + openpyxl | {fmt_t(r['baseline'])} | {base / raw:.1f}× | {r['baseline_mem']:.0f} |",
        f"| fastexcel raw read (every sheet) | {fmt_t(r['fastexcel'])} | 1.0× | {r['fastexcel_mem']:.0f} |",
        f"| load() cold, {os.cpu_count()} processes | {fmt_t(r['load'])} | {load / raw:.2f}× | {r['load_mem']:.0f} |",
        f"| load() cold, 1 process | {fmt_t(r['load_serial'])} | {r['load_serial'][0] / raw:.2f}× | "
        f"{r['load_serial_mem']:.0f} |",
        f"| load() warm (whole-load cache) | {fmt_t(r['warm'])} | {r['warm'][0] / raw:.2f}× | |",
        f"| load() after adding a new TCCS's workbook to a cached set | {r['add_one']:.3f} | "
        f"{r['add_one'] / raw:.2f}× | |",
        f"| load() after a workbook sent twice (identity warnings: both files read again for the names) | "
        f"{r['add_copy']:.3f} | {r['add_copy'] / raw:.2f}× | |",
        "",
        f"load() cold is {base / load:.1f}× faster than pandas + openpyxl; warm {base / r['warm'][0]:.0f}×. Adding "
        f"one file re-read {r['add_one_reads']} file(s) ({r['add_one_rows'][0]:,} → {r['add_one_rows'][1]:,} member "
        f"rows). First load with the cache on (fills both caches): {r['first_cached_run']:.2f} s.",
    ]
    checks = [
        (f"per-TCCS set ({r['variant']}) cold within 2× of fastexcel's raw read", f"{load / raw:.2f}×",
         load / raw <= 2),
        (f"per-TCCS set ({r['variant']}) cold ≥ 20× faster than pandas + openpyxl", f"{base / load:.1f}×",
         base / load >= 20),
        (f"per-TCCS set ({r['variant']}) warm ≥ 100× faster than pandas + openpyxl", f"{base / r['warm'][0]:.0f}×",
         base / r["warm"][0] >= 100),
        (f"per-TCCS set ({r['variant']}): adding one file re-reads one file", str(r["add_one_reads"]),
         r["add_one_reads"] == 1),
    ]
    return lines, checks


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--variant", nargs="*", default=["members", "counts"])
    args = ap.parse_args()
    print(f"# Per-TCCS benchmark\n\nMachine: {machine()}  \nCommand: `python benchmarks/per_tccs.py --rounds "
          f"{args.rounds} --variant {' '.join(args.variant)}`\n")
    checks = []
    for variant in args.variant:
        lines, c = report(bench(variant, args.rounds))
        print("\n".join(lines) + "\n", flush=True)
        checks += c
    print("| target | measured | |\n|---|---|---|")
    for name, value, ok in checks:
        print(f"| {name} | {value} | {'met' if ok else '**not met**'} |")


if __name__ == "__main__":
    main()
