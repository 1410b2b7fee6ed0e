"""The lineage table for people: the lines of sap_xep_tccs.csv as loaded, Vietnamese headers and kinds in words."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import labels
from ..dataset import Dataset

__all__ = ["lineage_table"]


def lineage_table(ds: Dataset) -> pd.DataFrame:
    """One row per lineage line (by year, then file and line): Dòng, Năm hiệu lực, Tên cũ, Tên mới, Loại (the
    word, e.g. 'hợp nhất'), Ghi chú; a Tệp column first when the lines come from more than one file."""
    lin = ds.lineage
    cols = list(labels.LINEAGE_LISTING)
    files = lin["file"].dropna().map(lambda f: Path(str(f)).name) if not lin.empty else pd.Series(dtype="object")
    out = pd.DataFrame({
        "line": lin["line"].astype("Int64"), "year": lin["year"].astype("Int64"),
        "old_name": lin["old_name"].astype("object").where(lin["old_name"].notna(), ""),
        "new_name": lin["new_name"].astype("object").where(lin["new_name"].notna(), ""),
        "kind": lin["kind"].map(labels.LINEAGE_KINDS), "note": lin["note"].astype("object").where(lin["note"].notna(), ""),
    }, columns=cols)
    out = out.rename(columns=labels.LINEAGE_LISTING)
    if files.nunique() > 1:
        out.insert(0, labels.COLUMN_LABELS["file"], lin["file"].map(lambda f: Path(str(f)).name if f else ""))
    return out.reset_index(drop=True)
