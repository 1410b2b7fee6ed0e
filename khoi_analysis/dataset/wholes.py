"""A workbook with a sheet per organisation type and a "Tổng hợp" sheet: the parts and the whole are the same
figures twice. The parts are read (they name each TCCS); the whole is checked against them, field by field,
both numbers and the cells named where they disagree; it is never added to them. The whole may list every TCCS
again, or print one row per organisation type and a total row."""

from __future__ import annotations

import re

import pandas as pd

from ..cellref import a1
from ..issues import Issue
from ..labels import LEVELS
from ..read import SheetGrid
from ..sheet import locate, year_from_context
from ..sheet.extract import _summable
from ..sheet.values import cell_text, to_number
from ..sheet.vocabulary import ALIASES, FOOTER_PREFIXES, GROUP_TYPES, TOTAL_PREFIXES, TOTAL_WORDS, header_key
from ..text import fold, parse_org_type

__all__ = ["is_whole_sheet", "reconcile_wholes", "type_summary"]

WHOLE_NAME = re.compile(r"^(?:bieu\s*|sheet\s*|pl\s*)?(?:\d+\s*[-.]?\s*)?"
                        r"(?:tong hop|tong cong|toan khoi|tong so|chung)\b")


def is_whole_sheet(name: str) -> bool:
    """A sheet that sums the others ("Tổng hợp", "Biểu tổng hợp", "Toàn khối")."""
    return bool(WHOLE_NAME.match(fold(name).strip()))


def _figures(kind: str, frame: pd.DataFrame) -> dict[str, float]:
    """What a table adds up to: TCCS per level (orgs), members per field (member counts), quota and admitted."""
    if frame.empty:
        return {}
    if kind == "orgs":
        out = {lvl: float((frame["rating"] == lvl).sum()) for lvl in LEVELS} if "rating" in frame else {}
        out["TCCS"] = float(len(frame))
        return out
    fields = {"member_counts": ("total", "rated", *LEVELS), "admissions": ("quota", "admitted")}.get(kind, ())
    return {f: float(pd.to_numeric(frame[f], errors="coerce").fillna(0).sum()) for f in fields if f in frame}


def _type_of(text: str) -> str | None:
    letters = re.sub(r"[^a-z ]", " ", fold(text))
    bare = re.sub(r"\s+", " ", re.sub(r"^(khoi|cac|nhom|loai hinh)\s+", "", letters)).strip()
    return parse_org_type(text) or parse_org_type(bare) or GROUP_TYPES.get(bare)


_NAMES = {"TCCS": "số TCCS", "rating": "xếp loại", "total": "tổng số đảng viên", "rated": "số được xếp loại",
          "quota": "chỉ tiêu", "admitted": "số kết nạp"}


def _name(field: str) -> str:
    return _NAMES.get(field, f"số {field}")


def reconcile_wholes(read: list[tuple], summaries: list[dict]) -> tuple[set[int], list[Issue]]:
    """`read`: (grid, located, reading) of every table of one file; `summaries`: type_summary() of its sheets
    with one row per organisation type. Returns the indexes of `read` not to load (a whole that lists every TCCS
    again) and the issues of the comparison."""
    drop: set[int] = set()
    issues: list[Issue] = []
    # a frame is made only for the tables of a file that has a whole: most files have none, and a frame per small
    # table costs more than reading it (the Part says whether it is empty)
    kinds = {loc.kind for g, loc, _ in read if is_whole_sheet(g.sheet)}
    for kind in kinds:
        mine = [(i, g, loc, rd) for i, (g, loc, rd) in enumerate(read) if loc.kind == kind and not rd.part.empty]
        wholes = [x for x in mine if is_whole_sheet(x[1].sheet)]
        parts = [x for x in mine if not is_whole_sheet(x[1].sheet)]
        if not wholes or not parts:
            continue
        for i, grid, loc, reading in wholes:
            years = set(reading.frame["year"].dropna().astype(int))
            same = [p for p in parts if set(p[3].frame["year"].dropna().astype(int)) & years]
            if not same:
                continue
            drop.add(i)
            issues += _compare_rows(kind, grid, reading.frame, [(p[1].sheet, p[3].frame) for p in same])
            issues.append(Issue("warning", "whole_sheet_not_added", f"sheet '{grid.sheet}' là bảng tổng hợp của các "
                                f"sheet {_sheets([p[1].sheet for p in same])} (cùng các TCCS): chỉ đọc các sheet "
                                "thành phần, không cộng thêm sheet tổng hợp", grid.file, grid.sheet,
                                a1(loc.header_row, min(loc.columns.values()))))
    for summary in summaries:
        kind = summary["kind"]
        parts = [(g, loc, rd) for g, loc, rd in read if loc.kind == kind and not is_whole_sheet(g.sheet)
                 and not rd.part.empty and (summary["year"] is None or (rd.frame["year"] == summary["year"]).any())]
        if not parts:
            continue
        frames = []
        for g, _, rd in parts:
            sheet_type = _type_of(g.sheet)
            f = rd.frame
            if "org_type" in f and sheet_type:
                f = f.assign(org_type=f["org_type"].where(f["org_type"].notna(), sheet_type))
            elif sheet_type:
                f = f.assign(org_type=sheet_type)
            frames.append(f)
        allp = pd.concat(frames, ignore_index=True)
        grid = summary["grid"]
        names = [g.sheet for g, _, _ in parts]
        if summary["total"] is not None:
            issues += _compare(grid, names, summary["total"]["values"], _figures(kind, allp),
                               summary["total"]["cells"])
        unchecked = []
        for code, row in summary["types"].items():
            mine = allp[allp["org_type"] == code] if "org_type" in allp else allp.iloc[:0]
            if mine.empty:  # no sheet, no row says this type: only the total row can be checked
                unchecked.append(f"'{row['label']}'")
                continue
            issues += _compare(grid, names, row["values"], _figures(kind, mine), row["cells"],
                               what=f"loại hình '{row['label']}'")
        left = (f"; không đối chiếu được từng loại hình {', '.join(unchecked)} (các sheet thành phần không ghi loại "
                "hình), chỉ đối chiếu dòng tổng") if unchecked else ""
        issues.append(Issue("info" if not unchecked else "warning", "whole_sheet_checked",
                            f"sheet '{grid.sheet}' (tổng hợp theo loại hình) được đối chiếu với các sheet "
                            f"{_sheets(names)}; không cộng thêm{left}",
                            grid.file, grid.sheet))
    return drop, issues


def _compare_rows(kind: str, grid: SheetGrid, whole: pd.DataFrame,
                  parts: list[tuple[str, pd.DataFrame]]) -> list[Issue]:
    """A whole that lists every TCCS again, row by row against the parts: each TCCS in both, each figure the
    same; both numbers and both cells named where not."""
    fields = {"orgs": ("rating",), "member_counts": ("total", "rated", *LEVELS),
              "admissions": ("quota", "admitted")}.get(kind, ())
    part = pd.concat([f.assign(_sheet=name) for name, f in parts], ignore_index=True)
    out = []
    keys = ["year", "org_id"]
    merged = whole.merge(part, on=keys, how="outer", suffixes=("_w", "_p"), indicator=True)
    for _, row in merged.iterrows():
        if row["_merge"] == "left_only":
            out.append(Issue("error", "parts_whole_mismatch", f"TCCS '{row['org_name_w']}' có trong sheet tổng hợp "
                             f"'{grid.sheet}' (ô {row['ref_w']}) nhưng không có trong các sheet "
                             f"{_sheets([n for n, _ in parts])}",
                             grid.file, grid.sheet, row["ref_w"]))
            continue
        if row["_merge"] == "right_only":
            out.append(Issue("error", "parts_whole_mismatch", f"TCCS '{row['org_name_p']}' của sheet '{row['_sheet']}' "
                             f"(ô {row['ref_p']}) không có trong sheet tổng hợp '{grid.sheet}'", grid.file, grid.sheet))
            continue
        for f in fields:
            a, b = row.get(f + "_w"), row.get(f + "_p")
            if pd.isna(a) and pd.isna(b) or (not pd.isna(a) and not pd.isna(b) and a == b):
                continue
            out.append(Issue("error", "parts_whole_mismatch", f"TCCS '{row['org_name_w']}': sheet tổng hợp "
                             f"'{grid.sheet}' ô {row['ref_w']} ghi {_name(f)} là {_show(a)}, sheet '{row['_sheet']}' ô "
                             f"{row['ref_p']} ghi {_show(b)}", grid.file, grid.sheet, row["ref_w"]))
    return out


def _show(v) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return "(trống)"
    return f"{v:g}" if isinstance(v, (int, float)) else str(v)


def _sheets(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def _compare(grid: SheetGrid, parts: list[str], got: dict[str, float], want: dict[str, float],
             cells: dict[str, str], what: str = "") -> list[Issue]:
    out = []
    for field, value in got.items():
        if value is None or field not in want or abs(value - want[field]) < 1e-9:
            continue
        cell = cells.get(field, "")
        out.append(Issue("error", "parts_whole_mismatch", f"sheet tổng hợp '{grid.sheet}'{' ' + what if what else ''}"
                         f" ghi {_name(field)} là {value:g}{' (ô ' + cell + ')' if cell else ''} nhưng cộng các sheet "
                         f"{_sheets(parts)} là {want[field]:g}", grid.file, grid.sheet, cell))
    return out


def type_summary(grid: SheetGrid, mapping: dict[str, str] | None, kinds: set[str]) -> dict | None:
    """A "Tổng hợp" sheet with one row per organisation type (no TCCS names) and a total row: per type its
    figures and their cells, and the total row's; None when the sheet is not such a table."""
    if not is_whole_sheet(grid.sheet):
        return None
    type_header = None
    for row in grid.rows[:40]:
        for v in row:
            text = cell_text(v)
            if text and ALIASES["orgs"].get(header_key(text)) == "org_type":
                type_header = text
                break
        if type_header:
            break
    if type_header is None:
        return None
    for kind in ("member_counts", "orgs", "admissions"):
        loc = locate(grid, {**(mapping or {}), type_header: "org_name"}, kinds=(kind,)) if kind in kinds else None
        if loc is not None and "org_name" in loc.columns:
            break
    else:
        return None
    fields = _summable(loc)
    if not fields:
        return None
    name_col = loc.columns["org_name"]
    seq_col = loc.columns.get("seq")
    types: dict[str, dict] = {}
    total = None
    for r in range(loc.data_start, len(grid.rows)):
        row = grid.rows[r]
        label = cell_text(row[name_col]) if name_col < len(row) else ""
        if not label and seq_col is not None and seq_col < len(row):
            label = cell_text(row[seq_col])
        if not label:
            continue
        key = fold(label)
        if key.startswith(FOOTER_PREFIXES):
            break
        values = {}
        cells = {}
        for field, canon in fields:
            c = loc.columns[canon]
            num = to_number(row[c]) if c < len(row) else None
            if num is not None:
                values[field] = float(num)
                cells[field] = a1(r, c)
        words = re.sub(r"\s+", " ", re.sub(r"[^a-z ]", " ", key)).strip()
        if words in TOTAL_WORDS or words.startswith(TOTAL_PREFIXES):
            total = {"values": values, "cells": cells}
            continue
        code = _type_of(label)
        if code is None:
            return None  # a row that is no organisation type: a TCCS table, not a summary by type
        types[code] = {"label": label, "values": values, "cells": cells}
    if not types and total is None:
        return None
    year, _ = year_from_context(grid, loc.header_rows[0])
    return {"grid": grid, "kind": loc.kind, "types": types, "total": total, "year": year}
