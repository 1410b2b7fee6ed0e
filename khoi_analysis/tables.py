"""From a grid of cell values to a tidy frame: find the table, map its headers, clean its values.

Pure functions: a SheetGrid in, (frame, issues, row accounting) out. Every non-blank row of the table is
loaded, excluded (total, group, note rows) or rejected with a reason; nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

from . import labels
from .issues import Issue, a1
from .read import SheetGrid
from .text import fold, nfc, org_key, parse_bool, parse_org_type, parse_rating

KIND_COLUMNS = {
    "orgs": labels.ORG_COLUMNS,
    "members": labels.MEMBER_COLUMNS,
    "admissions": labels.ADMISSION_COLUMNS,
    "targets": labels.TARGET_COLUMNS,
}
# A table of a kind needs each group here (any one column of a group).
REQUIRED = {
    "orgs": (("org_name",), ("rating", "org_type")),
    "members": (("member_code", "name"), ("rating", "unrated_reason")),
    "admissions": (("org_name",), ("admitted",)),
    "targets": (("name",), ("threshold",)),
}
KIND_NAMES = {"orgs": "TCCS", "members": "đảng viên", "admissions": "kết nạp", "targets": "chỉ tiêu"}
HEADER_SCAN_ROWS = 40

_ALIASES: dict[str, dict[str, str]] = {
    kind: {fold(alias): canon for canon, header, aliases in cols for alias in (header, *aliases)}
    for kind, cols in KIND_COLUMNS.items()
}
_YEAR_IN_TEXT = re.compile(r"\bnam\s*((?:19|20)\d\d)\b")
_YEAR_ANY = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_TOTAL_WORDS = {"tong cong", "cong", "tong so", "tong", "toan khoi", "cong toan khoi"}
_FOOTER_PREFIXES = ("noi nhan", "t/m", "tm.", "tm ", "nguoi lap", "xac nhan", "ky ten", "kt.", "k/t")
_ROMAN = re.compile(r"^(?=[ivxlc]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


@dataclass
class Located:
    kind: str
    header_row: int  # 0-based row of the header
    columns: dict[str, int]  # canonical name -> 0-based column
    unmapped: dict[int, str] = field(default_factory=dict)  # column -> header text we could not map


@dataclass
class RowAccount:
    """Per sheet: rows read = loaded + excluded + rejected."""

    file: str
    sheet: str
    kind: str
    read: int = 0
    loaded: int = 0
    excluded: int = 0
    rejected: int = 0


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return nfc(value)


def locate(grid: SheetGrid, mapping: dict[str, str] | None = None) -> Located | None:
    """Find the header row and the kind of table in a sheet, wherever it is. `mapping` maps extra header
    texts (as typed) to canonical names, e.g. {"Tên đơn vị cơ sở": "org_name"}."""
    extra = {fold(nfc(k)): v for k, v in (mapping or {}).items()}
    best: tuple[int, int, Located] | None = None
    for r, row in enumerate(grid.rows[:HEADER_SCAN_ROWS]):
        texts = {c: fold(_cell_text(v)) for c, v in enumerate(row) if _cell_text(v)}
        if len(texts) < 2:
            continue
        for kind, aliases in _ALIASES.items():
            cols: dict[str, int] = {}
            for c, t in texts.items():
                canon = extra.get(t) or aliases.get(t)
                if canon and canon not in cols and canon in {x[0] for x in KIND_COLUMNS[kind]}:
                    cols[canon] = c
            if not all(any(g in cols for g in group) for group in REQUIRED[kind]):
                continue
            score = len(cols)
            if best is None or score > best[0]:
                unmapped = {c: _cell_text(grid.rows[r][c]) for c in texts if c not in cols.values()}
                best = (score, r, Located(kind, r, cols, unmapped))
    return best[2] if best else None


def year_from_context(grid: SheetGrid, header_row: int) -> tuple[int | None, str]:
    """The review year from the title rows above the header, else the sheet name, else the file name."""
    for row in grid.rows[:header_row]:
        for v in row:
            m = _YEAR_IN_TEXT.search(fold(_cell_text(v)))
            if m:
                return int(m.group(1)), "tiêu đề"
    for source, text in (("tên sheet", grid.sheet), ("tên tệp", grid.file.rsplit("/", 1)[-1])):
        m = _YEAR_ANY.search(text)
        if m:
            return int(m.group(1)), source
    return None, ""


def _number(value: object) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return None if value != value else float(value)
    text = nfc(value).replace(" ", "").replace("%", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):  # 1.250 = one thousand two hundred fifty
        text = text.replace(".", "")
    text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = nfc(value)
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def extract(grid: SheetGrid, loc: Located, year: int | None) -> tuple[pd.DataFrame, list[Issue], RowAccount]:
    """Rows of the located table as a tidy frame of the kind's columns, with the issues found."""
    account = RowAccount(grid.file, grid.sheet, loc.kind)
    issues: list[Issue] = []
    cols = loc.columns
    key_cols = [c for c in REQUIRED[loc.kind][0] if c in cols]
    records: list[dict[str, object]] = []
    group_type: str | None = None
    first_col = min(cols.values())

    def ref(r: int, canon: str) -> str:
        return a1(r, cols.get(canon, first_col))

    def flag(severity: str, code: str, message: str, r: int, canon: str) -> None:
        issues.append(Issue(severity, code, message, grid.file, grid.sheet, ref(r, canon)))

    for r in range(loc.header_row + 1, len(grid.rows)):
        row = grid.rows[r]
        values = {canon: (row[c] if c < len(row) else None) for canon, c in cols.items()}
        texts = {canon: _cell_text(v) for canon, v in values.items()}
        nonblank = [t for t in texts.values() if t]
        if not nonblank:
            other = [_cell_text(v) for v in row if _cell_text(v)]
            if not other:
                continue  # blank row
        account.read += 1
        first_text = fold(next((t for t in (_cell_text(v) for v in row) if t), ""))
        if first_text.startswith(_FOOTER_PREFIXES):
            # signature block: everything from here down is not table data
            account.excluded += 1
            for r2 in range(r + 1, len(grid.rows)):
                if any(_cell_text(v) for v in grid.rows[r2]):
                    account.read += 1
                    account.excluded += 1
            break
        key_text = next((texts[c] for c in key_cols if texts.get(c)), "")
        label_text = fold(key_text or texts.get("seq", "") or first_text)
        if re.sub(r"[^a-z ]", "", label_text).strip() in _TOTAL_WORDS:
            account.excluded += 1  # total row: not data (issue 3 uses it as a cross-check)
            continue
        seq = fold(texts.get("seq", ""))
        if _ROMAN.match(seq.rstrip(".")) and not texts.get("rating") and loc.kind == "orgs":
            group_type = parse_org_type(key_text) or group_type
            account.excluded += 1  # group row naming the organisation type
            continue
        if not nonblank:
            account.rejected += 1
            flag("warning", "row_outside_columns", "hàng có dữ liệu nằm ngoài các cột đã nhận diện; đã bỏ qua",
                 r, "seq")
            continue
        if not key_text:
            account.rejected += 1
            names = " hoặc ".join(f"'{_header(loc.kind, c)}'" for c in REQUIRED[loc.kind][0])
            flag("error", "missing_key", f"hàng có dữ liệu nhưng thiếu {names}; hàng bị loại", r, key_cols[0]
                 if key_cols else "seq")
            continue
        rec: dict[str, object] = {"row": r + 1, "ref": ref(r, next(c for c in key_cols if texts.get(c)))}
        row_year = _number(values.get("year")) if "year" in cols else None
        rec["year"] = int(row_year) if row_year else year
        if rec["year"] is None:
            account.rejected += 1
            flag("error", "missing_year", "không xác định được năm đánh giá (không có cột 'Năm', tiêu đề, tên "
                 "sheet hay tên tệp chứa năm); hãy chỉ rõ bằng --year", r, "year")
            continue
        ok = _clean(loc.kind, values, texts, rec, lambda sev, code, msg, canon, r=r: flag(sev, code, msg, r, canon))
        if loc.kind == "orgs" and not rec.get("org_type") and group_type:
            rec["org_type"] = group_type
        if ok:
            records.append(rec)
            account.loaded += 1
        else:
            account.rejected += 1
    frame = pd.DataFrame.from_records(records)
    if frame.empty:
        frame = pd.DataFrame({"row": pd.Series(dtype="int64"), "year": pd.Series(dtype="int64")})
    frame["file"] = grid.file
    frame["sheet"] = grid.sheet
    frame.attrs["columns"] = {canon: c for canon, c in cols.items()}
    return frame, issues, account


def _header(kind: str, canon: str) -> str:
    return next(h for c, h, _ in KIND_COLUMNS[kind] if c == canon)


def _clean(kind, values, texts, rec, flag) -> bool:
    """Fill rec with typed values for one row; report bad cells through flag. False rejects the row."""
    if kind in ("orgs", "admissions", "members"):
        name = texts.get("org_name", "")
        rec["org_name"] = name or None
        rec["org_id"] = org_key(name) if name else None
    if kind in ("orgs", "members"):
        raw = texts.get("rating", "")
        rec["rating"] = parse_rating(raw) if raw else None
        if raw and rec["rating"] is None:
            flag("error", "unknown_rating", f"giá trị xếp loại không nhận ra: '{raw}' (cần một trong: "
                 + ", ".join(labels.LEVEL_NAMES.values()) + " hoặc viết tắt KHTNV/HTNV/HTTNV/HTXSNV)", "rating")
        rec["unrated_reason"] = texts.get("unrated_reason") or None
        if not raw and not rec["unrated_reason"]:
            rec["unrated_reason"] = "Không ghi lý do"
            flag("warning", "unrated_without_reason", "không có xếp loại và không ghi lý do; được tính là "
                 "chưa xếp loại", "rating")
    if kind == "orgs":
        raw_type = texts.get("org_type", "")
        rec["org_type"] = parse_org_type(raw_type) if raw_type else None
        if raw_type and rec["org_type"] is None:
            flag("warning", "unknown_org_type", f"loại hình không nhận ra: '{raw_type}' (cần một trong: "
                 + ", ".join(labels.ORG_TYPES.values()) + ")", "org_type")
        founded = _number(values.get("founded_year"))
        rec["founded_year"] = int(founded) if founded else None
        for canon in ("political_task_good", "action_programme"):
            raw = texts.get(canon, "")
            rec[canon] = parse_bool(raw) if raw else None
            if raw and rec[canon] is None:
                flag("warning", "unknown_yes_no", f"giá trị không nhận ra: '{raw}' (cần 'Có' hoặc 'Không')", canon)
    elif kind == "members":
        code = texts.get("member_code", "")
        if isinstance(values.get("member_code"), float) and values["member_code"].is_integer():
            code = str(int(values["member_code"]))
        rec["member_code"] = code or None
        rec["name"] = texts.get("name") or None
        birth = values.get("birth_date")
        rec["birth_date"] = _date(birth)
        if texts.get("birth_date") and rec["birth_date"] is None:
            flag("warning", "bad_date", f"ngày sinh không đọc được: '{texts['birth_date']}' (dạng dd/mm/yyyy)",
                 "birth_date")
        rec["cell"] = texts.get("cell") or None
    elif kind == "admissions":
        ok = True
        for canon in ("quota", "admitted"):
            raw = texts.get(canon, "")
            num = _number(values.get(canon)) if raw else None
            if raw and (num is None or num < 0 or not float(num).is_integer()):
                flag("error", "bad_count", f"số không hợp lệ: '{raw}' (cần số nguyên không âm)", canon)
                ok = False
            rec[canon] = int(num) if num is not None and ok else None
        return ok
    elif kind == "targets":
        rec["target_id"] = texts.get("target_id") or None
        rec["name"] = texts.get("name")
        metric_text = texts.get("metric", "")
        rec["metric"] = _METRIC_LOOKUP.get(fold(metric_text)) if metric_text else None
        if metric_text and rec["metric"] is None:
            flag("error", "unknown_metric", f"chỉ số không nhận ra: '{metric_text}' (chọn trong danh mục: "
                 + "; ".join(labels.METRIC_NAMES.values()) + ")", "metric")
            return False
        comp = texts.get("comparator") or "≥"
        rec["comparator"] = labels.COMPARATORS.get(comp.replace(" ", ""))
        if rec["comparator"] is None:
            flag("error", "bad_comparator", f"phép so sánh không nhận ra: '{comp}' (cần ≥, ≤ hoặc =)", "comparator")
            return False
        rec["threshold"] = _number(values.get("threshold"))
        if rec["threshold"] is None:
            flag("error", "bad_threshold", f"ngưỡng chỉ tiêu không phải số: '{texts.get('threshold', '')}'",
                 "threshold")
            return False
        rec["unit"] = texts.get("unit") or None
        rec["typed_actual"] = _number(values.get("typed_actual"))
        if rec["metric"] is None and rec["typed_actual"] is None:
            flag("warning", "target_without_actual", "chỉ tiêu không có chỉ số tính từ dữ liệu và chưa nhập kết "
                 "quả; sẽ không đánh giá được", "typed_actual")
    return True


_METRIC_LOOKUP = {fold(name): key for key, name in labels.METRIC_NAMES.items()}
_METRIC_LOOKUP.update({key: key for key in labels.METRIC_NAMES})
