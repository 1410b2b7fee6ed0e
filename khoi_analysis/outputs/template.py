"""The input template: one workbook per review year, four sheets (TCCS, Đảng viên, Kết nạp, Chỉ tiêu).

`write_workbook` fills it (the sample generator uses it); `write_empty_template` writes the blank copy that
users fill in. Reading does not depend on this layout: the reader finds the header wherever it is.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .. import labels
from ..config import LISTS_SHEET

TITLES = {
    "orgs": "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG TỔ CHỨC CƠ SỞ ĐẢNG {period}",
    "members": "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN {period}",
    "admissions": "KẾT QUẢ KẾT NẠP ĐẢNG VIÊN MỚI {period}",
    "targets": "CHỈ TIÊU NGHỊ QUYẾT {committee} {period}",
}
# the committee in the targets' title: the bloc until 2024, the committee that took its TCCS over from 2025
COMMITTEE_BEFORE_2025, COMMITTEE_FROM_2025 = "ĐẢNG BỘ KHỐI", "ĐẢNG BỘ"
SHEETS = {
    "orgs": (labels.SHEET_ORGS, [c for c in labels.ORG_COLUMNS if c[0] not in ("year", "score")]),
    "members": (labels.SHEET_MEMBERS, [c for c in labels.MEMBER_COLUMNS if c[0] not in ("year", "score")]),
    "admissions": (labels.SHEET_ADMISSIONS, [c for c in labels.ADMISSION_COLUMNS if c[0] != "year"]),
    "targets": (labels.SHEET_TARGETS, [c for c in labels.TARGET_COLUMNS if c[0] != "year"]),
}


def _score_before_rating(columns) -> list:
    """The columns with the score just before the level, as the review forms put them."""
    score = next(c for c in columns if c[0] == "score")
    out = [c for c in columns if c[0] not in ("year", "score")]
    at = next(i for i, c in enumerate(out) if c[0] == "rating")
    return [*out[:at], score, *out[at:]]


# from the 2025 review (QĐ 366-QĐ/TW) organisations and members are scored: the sheets gain the score column
SCORED_SHEETS = SHEETS | {
    "orgs": (labels.SHEET_ORGS, _score_before_rating(labels.ORG_COLUMNS)),
    "members": (labels.SHEET_MEMBERS, _score_before_rating(labels.MEMBER_COLUMNS)),
}
WIDTHS = {"seq": 6, "org_name": 48, "name": 40, "org_type": 26, "rating": 30, "unrated_reason": 34,
          "member_code": 14, "birth_date": 12, "cell": 30, "metric": 52, "typed_actual": 14}
HEADER_ROW = 3  # title in row 1, blank row 2, header in row 3, data from row 4
ORGAN = "ĐẢNG ỦY KHỐI CƠ QUAN - DOANH NGHIỆP TỈNH"


def write_workbook(path: Path, year: int | None, tables: dict[str, list[list[object]]], *, scored: bool = False,
                   quarter: int | None = None, sheets: tuple[str, ...] | None = None) -> None:
    """Write one year's workbook in the template layout. `tables` maps orgs/members/admissions/targets to
    lists of rows in the column order of labels.*_COLUMNS (without the year column; without the score column
    unless `scored`, and then with the score just before the level). `quarter`: a quarter's review ("… QUÝ III
    NĂM 2026"); `sheets`: only these tables."""

    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin", color="999999")
    header_font = Font(name="Times New Roman", bold=True, size=12)
    body_font = Font(name="Times New Roman", size=12)
    period = f"NĂM {year}" if year else "NĂM …"
    if quarter:
        period = f"QUÝ {labels.QUARTER_NAMES[quarter]} {period}"
    list_ranges = _write_lists(wb, header_font)
    for key, (sheet_name, columns) in (SCORED_SHEETS if scored else SHEETS).items():
        if sheets is not None and key not in sheets:
            continue
        ws = wb.create_sheet(sheet_name)
        committee = COMMITTEE_FROM_2025 if (year or 2025) >= 2025 else COMMITTEE_BEFORE_2025
        title = TITLES[key].format(period=period, committee=committee)
        ws.cell(row=1, column=1, value=title).font = Font(name="Times New Roman", bold=True, size=14)
        for j, (canon, header, _aliases) in enumerate(columns, 1):
            cell = ws.cell(row=HEADER_ROW, column=j, value=header)
            cell.font = header_font
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            ws.column_dimensions[get_column_letter(j)].width = WIDTHS.get(canon, 18)
        ws.row_dimensions[HEADER_ROW].height = 45
        ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
        for i, row in enumerate(tables.get(key, []), HEADER_ROW + 1):
            for j, value in enumerate(row, 1):
                if value is None:
                    continue
                cell = ws.cell(row=i, column=j, value=value)
                cell.font = body_font
                if isinstance(value, (dt.date, dt.datetime)):
                    cell.number_format = "DD/MM/YYYY"
        canon_cols = [c[0] for c in columns]
        last = max(HEADER_ROW + 1 + len(tables.get(key, [])), 500)
        for canon, list_name in LIST_COLUMNS.get(key, {}).items():
            if canon in canon_cols:
                col = get_column_letter(canon_cols.index(canon) + 1)
                dv = DataValidation(type="list", formula1=list_ranges[list_name], allow_blank=True,
                                    showErrorMessage=False)
                dv.add(f"{col}{HEADER_ROW + 1}:{col}{last}")
                ws.add_data_validation(dv)
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames) - 1)
    wb.properties.creator = ORGAN
    # fixed timestamps keep the generated files identical from one run to the next
    stamp = dt.datetime(year or 2000, 3 * quarter if quarter else 12, 28 if quarter else 31, 8, 0, 0)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    from .save import atomic_path

    with atomic_path(path) as tmp:
        wb.save(tmp)


LISTS = {
    "rating": ("Xếp loại", list(labels.LEVEL_NAMES.values())),
    "org_type": ("Loại hình", list(labels.ORG_TYPES.values())),
    "metric": ("Chỉ số tính từ dữ liệu", list(labels.METRIC_NAMES.values())),
    "comparator": ("So sánh", ["≥", "≤", "="]),
    "yes_no": ("Có/Không", ["Có", "Không"]),
    "org_reason": ("Lý do TCCS không xếp loại", list(labels.UNRATED_REASONS_ORG)),
    "member_reason": ("Lý do đảng viên không xếp loại", list(labels.UNRATED_REASONS_MEMBER)),
}
LIST_COLUMNS = {
    "orgs": {"rating": "rating", "org_type": "org_type", "political_task_good": "yes_no",
             "action_programme": "yes_no", "unrated_reason": "org_reason"},
    "members": {"rating": "rating", "unrated_reason": "member_reason"},
    "targets": {"metric": "metric", "comparator": "comparator"},
}


def _write_lists(wb, header_font) -> dict[str, str]:
    """A sheet with the allowed values, referenced by the drop-downs (inline lists can't hold commas)."""

    ws = wb.create_sheet(LISTS_SHEET)
    ranges = {}
    for j, (key, (title, values)) in enumerate(LISTS.items(), 1):
        col = get_column_letter(j)
        ws.cell(row=1, column=j, value=title).font = header_font
        for i, v in enumerate(values, 2):
            ws.cell(row=i, column=j, value=v)
        ws.column_dimensions[col].width = max(14, max(len(v) for v in values) + 2)
        ranges[key] = f"'{LISTS_SHEET}'!${col}$2:${col}${len(values) + 1}"
    return ranges


def write_empty_template(path: Path) -> None:
    """The blank workbook users fill in (one per year; put the year in the file name or title), with the
    score column of the reviews under QĐ 366-QĐ/TW (left empty for a year reviewed without scores)."""
    write_workbook(path, None, {}, scored=True)
