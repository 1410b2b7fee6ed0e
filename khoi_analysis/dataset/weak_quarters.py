"""A table read as a quarter's review only because a sheet or file name says "quý", beside a yearly table of the
same kind and year: most likely the year's table misread (a sheet named "Q4" holding the whole year, a file
copied from a quarter's). Refused with an error naming the cell, until the user says which it is ('quy' in
cach_doc.yaml: 1–4, or 0 for a yearly table)."""

from __future__ import annotations

from pathlib import Path

from .. import labels
from ..issues import Issue
from ..sheet import KIND_NAMES, Part
from .assemble import FileResult

__all__ = ["weak_quarters"]


def weak_quarters(yearly: list[FileResult], quarterly: dict[str, list[FileResult]]) -> list[Issue]:
    """Errors for the quarterly tables whose quarter came from a name only, where the year has a yearly table of
    the same kind (`yearly`: the results with their yearly frames; `quarterly`: per period, the quarters')."""
    weak = {(i.file, i.sheet): i for r in yearly for i in r.issues if i.code == "quarter_weak_source"}
    if not weak:
        return []
    years: dict[tuple[str, int], tuple[str, str]] = {}  # (kind, year) -> (file, sheet) of a yearly table
    for r in yearly:
        for kind, frames in r.frames.items():
            for f in map(_frame, frames):
                if f.empty or "year" not in f:
                    continue
                for y in f["year"].dropna().astype(int).unique():
                    years.setdefault((kind, int(y)), (str(f["file"].iloc[0]), str(f["sheet"].iloc[0])))
    out: list[Issue] = []
    for label, parts in sorted(quarterly.items()):
        quarter = int(label.rsplit("Q", 1)[-1]) if "Q" in label else None
        for r in parts:
            for kind, frames in r.frames.items():
                for f in map(_frame, frames):
                    if f.empty:
                        continue
                    where = (str(f["file"].iloc[0]), str(f["sheet"].iloc[0]))
                    mark = weak.get(where)
                    if mark is None:
                        continue
                    for y in sorted(f["year"].dropna().astype(int).unique()):
                        other = years.get((kind, int(y)))
                        if other is None:
                            continue
                        q = labels.QUARTER_NAMES.get(quarter, str(quarter))
                        out.append(Issue("error", "quarter_beside_yearly", f"bảng {KIND_NAMES[kind]} được đọc là "
                                         f"kết quả quý {q} năm {y} chỉ vì {mark.message.split('chỉ lấy từ ', 1)[-1]}"
                                         f", trong khi năm {y} đã có bảng {KIND_NAMES[kind]} cả năm (tệp "
                                         f"{Path(other[0]).name}, sheet '{other[1]}'): có thể là bảng cả năm bị "
                                         f"nhận nhầm là quý; hãy ghi 'quy: 0' (bảng cả năm) hoặc 'quy: {quarter}' "
                                         "trong cách đọc (cach_doc.yaml) cho sheet này", mark.file, mark.sheet,
                                         mark.cell))
    return out


def _frame(part):
    """A table read as a frame (a Part is made into one: only here, where a quarter came from a name alone)."""
    return part.frame() if isinstance(part, Part) else part
