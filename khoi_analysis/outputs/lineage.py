"""The lineage table for people: the lines of sap_xep_tccs.csv as loaded, Vietnamese headers and kinds in words."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import labels
from ..dataset import Dataset

__all__ = ["lineage_table", "show_lineage"]


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
        "kind": lin["kind"].map(labels.LINEAGE_KINDS),
        "note": lin["note"].astype("object").where(lin["note"].notna(), ""),
    }, columns=cols)
    out = out.rename(columns=labels.LINEAGE_LISTING)
    if files.nunique() > 1:
        out.insert(0, labels.COLUMN_LABELS["file"], lin["file"].map(lambda f: Path(str(f)).name if f else ""))
    return out.reset_index(drop=True)


def show_lineage(ds: Dataset, out: Path | str | None = None) -> str:
    """The lineage listing as text (title, then the table), or written to `out` (.csv or .xlsx) with a line
    saying so; the title names the years where the structure changes (structure.structure_breaks)."""
    from ..structure import structure_breaks

    table = lineage_table(ds)
    breaks = structure_breaks(ds)
    title = f"Bảng sắp xếp TCCS: {len(table)} dòng" + (
        f"; thay đổi cơ cấu từ năm {', '.join(map(str, breaks))}" if breaks else "")
    if out is not None:
        out = Path(out)
        if out.suffix.lower() == ".xlsx":
            from .excel import to_excel

            to_excel({"Sắp xếp TCCS": table}, out, title=title)
        else:
            from .save import write_table_csv

            write_table_csv(out, table)
        return f"Đã ghi {len(table)} dòng vào {out}"
    if table.empty:
        return title
    with pd.option_context("display.max_rows", 500, "display.max_columns", 50, "display.width", 200,
                           "display.max_colwidth", None):
        return title + "\n" + table.to_string(index=False)
