"""What `load()` gives on a fixed set of inputs, reduced to a small JSON: row counts and a hash of each frame's
canonical text, the issues (severity, code, where) with a hash of their messages, and the row accounts.
`python tests/e2e/golden.py` rewrites tests/e2e/golden_load.json; test_golden.py compares against it, so a
refactoring that changes behaviour fails with the part that changed."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("golden_load.json")
FIXED_KEY = "6b686f692d676f6c64656e2d6b65792d666f722d74657374732d6f6e6c792121"  # a test key, not a secret
sys.path.insert(0, str(ROOT / "scripts"))


def _annex_inputs(folder: Path) -> dict[str, Path]:
    """The annex layouts of the real-world tests (one workbook each)."""
    from annex_writer import AnnexOrg, Style, write_annex_workbook

    orgs = [
        AnnexOrg("Đảng bộ Sở Tài chính", "co_quan_hanh_chinh", "HTXSNV", total=40, rated=39,
                 counts={"HTXSNV": 8, "HTTNV": 30, "HTNV": 1}, quota=3, admitted=4),
        AnnexOrg("Chi bộ Sở Tư pháp", "co_quan_hanh_chinh", "HTTNV", total=12, rated=12,
                 counts={"HTTNV": 11, "HTNV": 1}, quota=1, admitted=1),
        AnnexOrg("Chi bộ Công ty TNHH An Phát", "dn_ngoai_nha_nuoc", "HTNV", total=9, rated=9,
                 counts={"HTTNV": 9}, quota=1, admitted=0),
        AnnexOrg("Chi bộ Công ty CP Sao Mai", "dn_ngoai_nha_nuoc", None, "Mới thành lập chưa đủ 6 tháng", total=4,
                 rated=0, counts={}),
    ]
    styles = {
        "left-pad": Style(left_pad=2),
        "bare": Style(title_rows=False, column_numbers=False, signature=False),
        "codes": Style(level_headers=("HTXSNV", "HTTNV", "HTNV", "KHTNV"), name_header="Tên TCCS", mark="X"),
        "abbrev-check": Style(level_headers=("HT xuất sắc NV", "HT tốt NV", "Hoàn thành NV", "Không HTNV"), mark="✓"),
        "no-pct": Style(with_pct=False, group_rows=False),
        "tcvn3": Style(legacy="tcvn3", left_pad=1),
    }
    return {f"annex-{name}": write_annex_workbook(folder / f"phu_luc_2021_{name}.xlsx", 2021, orgs, style)
            for name, style in styles.items()}


def inputs(folder: Path) -> dict[str, list[Path]]:
    out = {"sample": [ROOT / "data" / "raw" / "mau"]}
    for p in sorted((ROOT / "data" / "examples").glob("*.xlsx")):
        out[f"example-{p.stem}"] = [p]
    out.update({k: [v] for k, v in _annex_inputs(folder).items()})
    corpus = ROOT.parent / "shared" / "corpus" / "spreadsheets"
    if corpus.exists():
        out["corpus"] = [corpus]
    return out


def _canonical(frame, roots: list[str]) -> str:
    import pandas as pd

    frame = frame.copy()
    for col in frame.columns:
        if frame[col].dtype == object or isinstance(frame[col].dtype, (pd.StringDtype, pd.CategoricalDtype)):
            s = frame[col].astype("string")
            for i, root in enumerate(roots):
                s = s.str.replace(root, "<project>" if i == 0 else "<root>", regex=False)
            frame[col] = s
    return frame.to_csv(index=False, lineterminator="\n")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def snapshot(paths: list[Path], roots: list[str]) -> dict:
    import khoi_analysis as ka

    ds = ka.load(*paths, cache=False)
    out = {}
    for name in ("orgs", "members", "member_counts", "admissions", "targets"):
        frame = getattr(ds, name)
        out[name] = {"rows": len(frame), "columns": " ".join(f"{c}:{t}" for c, t in frame.dtypes.items()),
                     "digest": _digest(_canonical(frame, roots))}
    issues = ds.issues
    codes: dict[str, int] = {}
    for sev, code in zip(issues["severity"], issues["code"]):
        codes[f"{sev}:{code}"] = codes.get(f"{sev}:{code}", 0) + 1
    out["issues"] = {"rows": len(issues), "by_code": dict(sorted(codes.items())),
                     "digest": _digest(_canonical(issues, roots))}
    out["accounts"] = {"rows": len(ds.accounts), "digest": _digest(_canonical(ds.accounts, roots))}
    return out


def compute() -> dict:
    os.environ["KHOI_ANALYSIS_KEY_FILE"] = str(Path(tempfile.mkdtemp(prefix="khoi_golden_")) / "key")
    Path(os.environ["KHOI_ANALYSIS_KEY_FILE"]).write_text(FIXED_KEY + "\n", encoding="ascii")
    with tempfile.TemporaryDirectory(prefix="khoi_golden_in_") as tmp:
        # paths made independent of where the checkout and the temporary folder are (CI clones elsewhere)
        roots = [str(ROOT), str(Path(tmp).resolve()), tmp, str(ROOT.parent)]
        return {name: snapshot(paths, roots) for name, paths in inputs(Path(tmp)).items()}


if __name__ == "__main__":
    GOLDEN.write_text(json.dumps(compute(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")
