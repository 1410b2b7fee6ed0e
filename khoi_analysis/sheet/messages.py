"""The user's words for row-level issues (the same from the row-by-row and the column-wise paths) and for the
headers a kind of table expects."""

from __future__ import annotations

from .. import labels
from .vocabulary import KIND_COLUMNS, REQUIRED

ROW_MESSAGES = {
    "missing_key": "hàng có số liệu nhưng thiếu {names}; hàng bị loại",
    "missing_year": "không xác định được năm đánh giá (không có cột 'Năm', tiêu đề, tên sheet hay tên tệp chứa năm); "
                    "hãy chỉ rõ bằng --year",
    "unknown_rating": "giá trị xếp loại không nhận ra: '{raw}' (cần một trong: "
                      + ", ".join(labels.LEVEL_NAMES.values()) + " hoặc viết tắt KHTNV/HTNV/HTTNV/HTXSNV)",
    "unrated_without_reason": "không có xếp loại và không ghi lý do; được tính là chưa xếp loại",
    "bad_date": "ngày sinh không đọc được: '{raw}' (dạng dd/mm/yyyy)",
    "hidden_row": "hàng bị ẩn nhưng có dữ liệu; dữ liệu vẫn được đọc",
    "bad_score": "điểm không hợp lệ: '{raw}' (cần một số từ 0 đến 100)",
    "score_without_level": "chỉ có điểm ({raw}), không có mức xếp loại: trước Quy định 366-QĐ/TW (từ năm 2025) điểm "
                           "không quyết định mức; cần cột xếp loại",
    "level_above_score": "mức xếp loại cao hơn mức của điểm ({raw}): điều kiện chỉ hạ mức, không nâng mức",
    "period_conflict": "năm ghi ở hàng này khác năm của kỳ báo cáo đã chỉ định: {raw}; hàng bị loại",
}


def period_clash(loc, row_year: float) -> str:
    """'2021, không phải 2022 (theo cach_doc.yaml dòng 3)': a row's year against the period the user set."""
    where = loc.origin.get("period", "")
    return f"{int(row_year)}, không phải {loc.fixed_period}" + (f" (theo {where})" if where else "")


def header_name(kind: str, canon: str) -> str:
    """The template's header of a field of a kind of table ('org_name' of 'orgs' -> 'Tên tổ chức cơ sở đảng')."""
    return next(h for c, h, _ in KIND_COLUMNS[kind] if c == canon)


def row_message(code: str, kind: str = "", raw: object = "") -> str:
    """The message of a row-level issue."""
    names = " hoặc ".join(f"'{header_name(kind, c)}'" for c in REQUIRED[kind][0]) if kind else ""
    return ROW_MESSAGES[code].format(names=names, raw=raw)


def expected_headers(kind: str) -> str:
    """The headers a table of this kind can have, quoted, for messages."""
    return ", ".join(f"'{header}'" for canon, header, _ in KIND_COLUMNS[kind] if canon not in ("seq", "year"))
