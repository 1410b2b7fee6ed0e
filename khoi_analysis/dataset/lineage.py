"""The lineage table (`sap_xep_tccs.csv`, beside the raw files): from review year `nam_hieu_luc` on, the
organisation `ten_cu` is known as `ten_moi`, by `loai` = đổi tên (rename) | hợp nhất (merge, many lines with one
ten_moi) | chia tách (split, many lines with one ten_cu) | chuyển đến (transfer_in: came from another committee;
ten_cu empty or its former name) | chuyển đi (transfer_out: left; ten_moi empty).

Here: finding and reading the table (each line keeps its line number; a line that can't be understood is an error
naming the file and the line, and is left out), renames folded into the alias map (a renamed organisation keeps
one org_id across years, as with the aliases table), and the tidy frame `Dataset.lineage`. The rules between
lines and against the data (names that exist in no year, cycles, contradictions) are in check/lineage.py."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from .. import labels
from ..config import LINEAGE_FILE_NAME
from ..issues import Issue
from ..text import fold, nfc, org_key

__all__ = ["LINEAGE_FRAME", "LINE_FRAME", "empty_lineage", "find_lineage_files", "keyed", "lineage_frame",
           "lines_from_frame", "load_lineage_lines", "name_years", "parse_kind", "read_lineage", "resolve_aliases"]

# one line of the table as read: names as written, the kind as its code
LINE_FRAME = ["year", "kind", "old_name", "new_name", "note", "file", "line"]
# Dataset.lineage: ids in the Dataset's id space (aliases and renames applied)
LINEAGE_FRAME = ["year", "old_id", "new_id", "kind", "old_name", "new_name", "note", "file", "line"]
FIRST_YEAR, LAST_YEAR = 1930, 2100  # a plausible review year
NEEDS_OLD = {"rename", "merge", "split", "transfer_out"}
NEEDS_NEW = {"rename", "merge", "split", "transfer_in"}
_KIND_LOOKUP = {fold(word): code for code, words in labels.LINEAGE_KIND_WORDS.items() for word in words}
_KIND_LOOKUP.update({fold(name): code for code, name in labels.LINEAGE_KINDS.items()})


def empty_lineage() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype="object") for c in LINEAGE_FRAME})
    out["year"] = out["year"].astype("Int64")
    out["line"] = out["line"].astype("Int64")
    return out


def _empty_lines() -> pd.DataFrame:
    return empty_lineage()[LINE_FRAME]


def parse_kind(value: object) -> str | None:
    """A `loai` cell as its code ('Hợp nhất', 'HOP NHAT', 'sáp nhập' -> 'merge'); None when unknown."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return _KIND_LOOKUP.get(fold(nfc(value)).replace("_", " ")) or _KIND_LOOKUP.get(fold(nfc(value)))


def find_lineage_files(targets: list) -> list[Path]:
    """The lineage tables of a load: every `sap_xep_tccs.csv` inside the folders loaded, at any depth (as the
    spreadsheets are found: data/raw finds data/raw/mau/sap_xep_tccs.csv), hidden folders left out."""
    found = []
    for t in map(Path, targets):
        if not t.is_dir():
            continue
        for candidate in sorted(t.rglob(LINEAGE_FILE_NAME)):
            hidden = any(part.startswith(".") for part in candidate.relative_to(t).parts)
            if candidate.is_file() and not hidden and candidate not in found:
                found.append(candidate)
    return found


def _header_key(text: str) -> str:
    return fold(nfc(text)).replace(" ", "_")


_HEADERS = {_header_key(h): c for c, h in labels.LINEAGE_COLUMNS.items()} | {c: c for c in labels.LINEAGE_COLUMNS}


def read_lineage(path: str | Path) -> tuple[pd.DataFrame, list[Issue]]:
    """The lines of one lineage table (LINE_FRAME) and the issues of reading it: a file that can't be read or
    lacks a column is one error; a line with an unknown kind, a bad year or a missing name is an error naming
    its line number, and is left out."""
    path = Path(path)
    name = path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return _empty_lines(), [Issue("error", "bad_lineage", f"{name}: không đọc được, tệp phải là CSV mã UTF-8 "
                                      "(Excel: Lưu thành → CSV UTF-8)", str(path))]
    except OSError as exc:
        return _empty_lines(), [Issue("error", "bad_lineage", f"{name}: không đọc được tệp ({exc})", str(path))]
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(rows, None)
    columns = [_HEADERS.get(_header_key(h)) for h in (header or [])]
    missing = [labels.LINEAGE_COLUMNS[c] for c in ("nam_hieu_luc", "ten_cu", "ten_moi", "loai") if c not in columns]
    if missing:
        return _empty_lines(), [Issue("error", "bad_lineage", f"{name}, dòng 1: thiếu cột {', '.join(missing)} "
                                      "(cần các cột nam_hieu_luc, ten_cu, ten_moi, loai và có thể thêm ghi_chu)",
                                      str(path))]
    records, issues = [], []
    start = rows.line_num + 1
    for cells in rows:
        line, start = start, rows.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        cell = {col: nfc(v) for col, v in zip(columns, cells) if col}
        rec, problem = _parse_line(cell)
        if problem:
            issues.append(Issue("error", "bad_lineage", f"{name}, dòng {line}: {problem}", str(path)))
            continue
        records.append({**rec, "file": str(path), "line": line})
    frame = pd.DataFrame(records, columns=LINE_FRAME) if records else _empty_lines()
    frame["year"] = frame["year"].astype("Int64")
    frame["line"] = frame["line"].astype("Int64")
    return frame, issues


def _parse_line(cell: dict[str, str]) -> tuple[dict, str | None]:
    """One line's record, or the reason it can't be used (Vietnamese)."""
    raw_year, raw_kind = cell.get("nam_hieu_luc", ""), cell.get("loai", "")
    old, new = cell.get("ten_cu", ""), cell.get("ten_moi", "")
    try:
        year = int(float(raw_year.replace(",", "."))) if raw_year else None
        if year is not None and float(raw_year.replace(",", ".")) != year:
            year = None
    except ValueError:
        year = None
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        return {}, f"năm hiệu lực '{raw_year}' không hợp lệ (cần một năm, ví dụ 2025)"
    kind = parse_kind(raw_kind)
    if kind is None:
        valid = ", ".join(labels.LINEAGE_KINDS.values())
        return {}, f"loại '{raw_kind}' không có; các loại: {valid}"
    word = labels.LINEAGE_KINDS[kind]
    if kind in NEEDS_OLD and not old:
        return {}, f"'{word}' cần tên cũ (cột ten_cu)"
    if kind in NEEDS_NEW and not new:
        return {}, f"'{word}' cần tên mới (cột ten_moi)"
    if kind == "transfer_out" and new:
        return {}, (f"'{word}' để trống tên mới (TCCS đã rời khỏi đảng bộ); nơi chuyển đến ghi ở cột ghi_chu, "
                    f"nhận được '{new}'")
    return {"year": year, "kind": kind, "old_name": old or None, "new_name": new or None,
            "note": cell.get("ghi_chu") or None}, None


def lines_from_frame(frame: pd.DataFrame | None) -> pd.DataFrame:
    """Lines made by hand (Dataset.from_frames): year, kind (code or Vietnamese word) and old_name/new_name (or
    old_id/new_id); line numbers are the row positions from 1. An unknown kind raises ValueError."""
    if frame is None or frame.empty:
        return _empty_lines()
    out = frame.copy()
    for name_col, id_col in (("old_name", "old_id"), ("new_name", "new_id")):
        if name_col not in out:
            out[name_col] = out[id_col] if id_col in out else None
    kinds = [parse_kind(k) for k in out["kind"]]
    bad = [k for k, c in zip(out["kind"], kinds) if c is None]
    if bad:
        raise ValueError(f"loại '{bad[0]}' không có; các loại: {', '.join(labels.LINEAGE_KINDS.values())}")
    out["kind"] = kinds
    if "line" not in out:
        out["line"] = range(1, len(out) + 1)
    for col in ("note", "file"):
        if col not in out:
            out[col] = None
    out = out.reindex(columns=LINE_FRAME)
    for col in ("old_name", "new_name"):
        out[col] = out[col].where(out[col].notna() & (out[col].astype("string").str.strip() != ""), None)
    out["year"] = out["year"].astype("Int64")
    out["line"] = out["line"].astype("Int64")
    return out.reset_index(drop=True)


def resolve_aliases(alias_map: dict[str, str], lines: pd.DataFrame) -> dict[str, str]:
    """The alias map with the renames of `lines` folded in, every name pointing to its last name (A→B in 2023 and
    B→C in 2025: A and B are C). A loop (A→B→A) stops where it closes; check_lineage reports it."""
    edges = dict(alias_map)
    renames = lines[lines["kind"] == "rename"].sort_values(["year", "line"], kind="stable")
    for old, new in zip(renames["old_name"], renames["new_name"]):
        a, b = org_key(old), org_key(new)
        if a != b:
            edges[a] = b
    out = {}
    for start in edges:
        seen, key = {start}, edges[start]
        while key in edges and edges[key] not in seen and key != edges[key]:
            seen.add(key)
            key = edges[key]
        out[start] = key
    return out


def lineage_frame(lines: pd.DataFrame, alias_map: dict[str, str]) -> pd.DataFrame:
    """Dataset.lineage: the lines with old_id/new_id in the Dataset's id space (org_key of the name, then the
    aliases and renames), sorted by year and line."""
    if lines.empty:
        return empty_lineage()

    def ident(name) -> object:
        if name is None or (isinstance(name, float) and pd.isna(name)) or not str(name).strip():
            return None
        key = org_key(str(name))
        return alias_map.get(key, key)

    out = lines.assign(old_id=lines["old_name"].map(ident), new_id=lines["new_name"].map(ident))
    out = out.reindex(columns=LINEAGE_FRAME).sort_values(["year", "file", "line"], kind="stable",
                                                          na_position="last")
    return out.reset_index(drop=True)


def load_lineage_lines(lineage, targets: list) -> tuple[pd.DataFrame, list[Issue]]:
    """The lines of a load's lineage: `lineage` a CSV path, a frame of lines (lines_from_frame), False for none,
    or None for the `sap_xep_tccs.csv` inside the folders loaded (several folders: their lines together)."""
    if lineage is False:
        return _empty_lines(), []
    if isinstance(lineage, pd.DataFrame):
        return lines_from_frame(lineage), []
    paths = [Path(lineage)] if lineage is not None else find_lineage_files(targets)
    parts, issues = [], []
    for path in paths:
        if not path.is_file():
            issues.append(Issue("error", "bad_lineage", f"không tìm thấy bảng sắp xếp TCCS: {path}", str(path)))
            continue
        frame, found = read_lineage(path)
        parts.append(frame)
        issues.extend(found)
    parts = [p for p in parts if not p.empty]
    return (pd.concat(parts, ignore_index=True) if parts else _empty_lines()), issues


def keyed(lines: pd.DataFrame) -> pd.DataFrame:
    """The lines with old_key/new_key: each name folded as org ids are (org_key), before aliases and renames."""
    def key(name):
        return org_key(str(name)) if isinstance(name, str) and name.strip() else None

    return lines.assign(old_key=lines["old_name"].map(key), new_key=lines["new_name"].map(key))


def name_years(frames: list[pd.DataFrame], alias_map: dict[str, str], ids: bool = False) -> pd.DataFrame:
    """In which years each name key occurs in the data (key, year): org_key of every org_name, and where the
    aliases table maps it; with ids, the frames' org_id too (hand-made frames, before renames)."""
    parts = []
    for frame in frames:
        if frame.empty or "year" not in frame:
            continue
        have = frame[frame["year"].notna()]
        if "org_name" in have:
            named = have[have["org_name"].notna()]
            keys = named["org_name"].astype("object").map(lambda n: org_key(str(n)))
            parts.append(pd.DataFrame({"key": keys.to_numpy(), "year": named["year"].to_numpy()}))
            parts.append(pd.DataFrame({"key": keys.map(lambda k: alias_map.get(k, k)).to_numpy(),
                                       "year": named["year"].to_numpy()}))
        if ids and "org_id" in have:
            got = have[have["org_id"].notna()]
            parts.append(pd.DataFrame({"key": got["org_id"].astype("object").to_numpy(),
                                       "year": got["year"].to_numpy()}))
    if not parts:
        return pd.DataFrame({"key": pd.Series(dtype="object"), "year": pd.Series(dtype="int64")})
    return pd.concat(parts, ignore_index=True).drop_duplicates().reset_index(drop=True)
