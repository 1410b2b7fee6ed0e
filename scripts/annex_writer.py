"""Annex-style workbooks (phụ lục / biểu tổng hợp) as provincial offices make them by hand in Excel: title
rows, merged two- and three-row headers, a row of column numbers, group rows by organisation type (I, II…),
x-marks under the four levels, a total row and a signature block. Optional legacy TCVN3 text with .VnTime
fonts. Used by the sample generator and by the tests; the reader never depends on this layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from khoi_analysis import labels
from khoi_analysis.text import encode_tcvn3

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
LEVELS_BEST_FIRST = ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]


@dataclass
class AnnexOrg:
    name: str
    org_type: str
    rating: str | None = None
    note: str | None = None
    total: int = 0
    rated: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    quota: int | None = None
    admitted: int | None = None


@dataclass
class Style:
    """Ways real annexes differ: where the table starts, spellings, encodings."""

    left_pad: int = 0  # empty columns at the left
    title_rows: bool = True
    column_numbers: bool = True
    signature: bool = True
    legacy: str | None = None  # "tcvn3": text in TCVN3 with .VnTime / .VnTimeH fonts
    level_headers: tuple[str, ...] = tuple(labels.LEVEL_NAMES[lvl] for lvl in LEVELS_BEST_FIRST)
    name_header: str = "Tên tổ chức cơ sở đảng"
    mark: str = "x"
    with_pct: bool = True
    group_rows: bool = True


class _Writer:
    def __init__(self, ws, style: Style):
        self.ws, self.style = ws, style
        self.next_row = 1

    def put(self, row: int, col: int, value, *, capitals: bool = False, bold: bool = False):
        if value is None:
            return
        cell = self.ws.cell(row=row, column=col + self.style.left_pad, value=self._text(value))
        font_name = "Times New Roman"
        if self.style.legacy == "tcvn3" and isinstance(value, str):
            font_name = ".VnTimeH" if capitals else ".VnTime"
        cell.font = Font(name=font_name, bold=bold, size=12)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        return cell

    def _text(self, value):
        if isinstance(value, str) and self.style.legacy == "tcvn3":
            return encode_tcvn3(value)
        return value

    def merge(self, r0: int, c0: int, r1: int, c1: int):
        pad = self.style.left_pad
        self.ws.merge_cells(start_row=r0, start_column=c0 + pad, end_row=r1, end_column=c1 + pad)


def _title(w: _Writer, year: int, text: str, width: int) -> int:
    if not w.style.title_rows:
        w.put(1, 1, f"{text} NĂM {year}", capitals=True, bold=True)
        return 3
    w.put(1, 1, "ĐẢNG BỘ TỈNH", capitals=True)
    w.put(1, width - 2, "ĐẢNG CỘNG SẢN VIỆT NAM", capitals=True, bold=True)
    w.put(2, 1, "ĐẢNG ỦY KHỐI CƠ QUAN - DOANH NGHIỆP", capitals=True, bold=True)
    w.put(4, 1, f"{text} NĂM {year}", capitals=True, bold=True)
    w.merge(4, 1, 4, width)
    w.put(5, 1, f"(Kèm theo Báo cáo số 125-BC/ĐUK ngày 20/12/{year} của Ban Thường vụ Đảng ủy Khối)")
    w.merge(5, 1, 5, width)
    return 7


def _signature(w: _Writer, row: int, width: int) -> None:
    if not w.style.signature:
        return
    w.put(row, 2, "Nơi nhận:", bold=True)
    w.put(row + 1, 2, "- Ban Tổ chức Tỉnh ủy,")
    w.put(row + 2, 2, "- Lưu Văn phòng Đảng ủy Khối.")
    w.put(row, width - 2, "T/M BAN THƯỜNG VỤ", capitals=True, bold=True)
    w.put(row + 1, width - 2, "BÍ THƯ", capitals=True, bold=True)
    w.put(row + 5, width - 2, "Nguyễn Văn Bình", bold=True)


def _data_rows(w: _Writer, orgs: list[AnnexOrg], r: int):
    """Yield (row, org) for each organisation, numbered, under group rows (I, II…) naming the type when the
    style has them; afterwards w.next_row is the first free row."""
    groups = _grouped(orgs) if w.style.group_rows else [("", orgs)]
    n = 0
    for g, (code, group) in enumerate(groups):
        if w.style.group_rows:
            w.put(r, 1, ROMAN[g], bold=True)
            w.put(r, 2, "Khối " + labels.ORG_TYPES[code].lower(), bold=True)
            r += 1
        for org in group:
            n += 1
            w.put(r, 1, n)
            w.put(r, 2, org.name)
            yield r, org
            r += 1
    w.next_row = r


def _grouped(orgs: list[AnnexOrg]) -> list[tuple[str, list[AnnexOrg]]]:
    out = []
    for code in labels.ORG_TYPES:
        members = [o for o in orgs if o.org_type == code]
        if members:
            out.append((code, members))
    return out


def write_org_annex(ws, year: int, orgs: list[AnnexOrg], style: Style) -> None:
    """TCCS ratings with an 'x' under one of four level columns."""
    w = _Writer(ws, style)
    width = 7
    top = _title(w, year, "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG TỔ CHỨC CƠ SỞ ĐẢNG", width)
    w.put(top, 1, "STT", bold=True)
    w.merge(top, 1, top + 1, 1)
    w.put(top, 2, style.name_header, bold=True)
    w.merge(top, 2, top + 1, 2)
    w.put(top, 3, "Kết quả xếp loại", bold=True)
    w.merge(top, 3, top, 6)
    for j, text in enumerate(style.level_headers):
        w.put(top + 1, 3 + j, text, bold=True)
    w.put(top, 7, "Ghi chú", bold=True)
    w.merge(top, 7, top + 1, 7)
    r = top + 2
    if style.column_numbers:
        for j in range(width):
            w.put(r, 1 + j, f"({j + 1})")
        r += 1
    for row, org in _data_rows(w, orgs, r):
        if org.rating:
            w.put(row, 3 + LEVELS_BEST_FIRST.index(org.rating), style.mark)
        w.put(row, 7, org.note)
    r = w.next_row
    w.put(r, 2, "Tổng cộng", bold=True)
    for j, lvl in enumerate(LEVELS_BEST_FIRST):
        w.put(r, 3 + j, sum(1 for o in orgs if o.rating == lvl), bold=True)
    _signature(w, r + 2, width)
    for j, width_cm in enumerate([6, 48, 14, 14, 14, 14, 30], 1):
        ws.column_dimensions[get_column_letter(j + style.left_pad)].width = width_cm


def write_member_count_annex(ws, year: int, orgs: list[AnnexOrg], style: Style) -> None:
    """Members per organisation: total, rated, count (and share) per level, exempt; a three-row header."""
    w = _Writer(ws, style)
    per_level = 2 if style.with_pct else 1
    width = 4 + 4 * per_level + 1
    top = _title(w, year, "BIỂU TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI ĐẢNG VIÊN", width)
    depth = 3 if style.with_pct else 2
    for col, text in ((1, "TT"), (2, "Tên chi bộ, đảng bộ cơ sở"), (3, "Tổng số đảng viên"),
                      (4, "Số ĐV được đánh giá, xếp loại"), (width, "Miễn đánh giá")):
        w.put(top, col, text, bold=True)
        w.merge(top, col, top + depth - 1, col)
    w.put(top, 5, "Kết quả xếp loại", bold=True)
    w.merge(top, 5, top, 4 + 4 * per_level)
    for j, text in enumerate(style.level_headers):
        c = 5 + j * per_level
        w.put(top + 1, c, text, bold=True)
        if style.with_pct:
            w.merge(top + 1, c, top + 1, c + 1)
            w.put(top + 2, c, "SL", bold=True)
            w.put(top + 2, c + 1, "Tỷ lệ (%)", bold=True)
    r = top + depth
    if style.column_numbers:
        for j in range(width):
            w.put(r, 1 + j, j + 1)
        r += 1
    for row, org in _data_rows(w, orgs, r):
        w.put(row, 3, org.total)
        w.put(row, 4, org.rated)
        for j, lvl in enumerate(LEVELS_BEST_FIRST):
            c = 5 + j * per_level
            count = org.counts.get(lvl, 0)
            w.put(row, c, count)
            if style.with_pct:
                w.put(row, c + 1, round(100 * count / org.rated, 2) if org.rated else 0)
        w.put(row, width, org.total - org.rated)
    r = w.next_row
    w.put(r, 2, "Tổng cộng", bold=True)
    w.put(r, 3, sum(o.total for o in orgs), bold=True)
    w.put(r, 4, sum(o.rated for o in orgs), bold=True)
    for j, lvl in enumerate(LEVELS_BEST_FIRST):
        w.put(r, 5 + j * per_level, sum(o.counts.get(lvl, 0) for o in orgs), bold=True)
    w.put(r, width, sum(o.total - o.rated for o in orgs), bold=True)
    _signature(w, r + 2, width)


def write_admission_annex(ws, year: int, orgs: list[AnnexOrg], style: Style) -> None:
    w = _Writer(ws, style)
    top = _title(w, year, "KẾT QUẢ KẾT NẠP ĐẢNG VIÊN MỚI", 5)
    for col, text in enumerate(("STT", style.name_header, "Chỉ tiêu kết nạp", "Số đảng viên kết nạp mới"), 1):
        w.put(top, col, text, bold=True)
    r = top + 1
    rows = [o for o in orgs if o.quota is not None]
    for i, org in enumerate(rows, 1):
        w.put(r, 1, i)
        w.put(r, 2, org.name)
        w.put(r, 3, org.quota)
        w.put(r, 4, org.admitted)
        r += 1
    w.put(r, 2, "Cộng", bold=True)
    w.put(r, 3, sum(o.quota for o in rows), bold=True)
    w.put(r, 4, sum(o.admitted or 0 for o in rows), bold=True)
    _signature(w, r + 2, 5)


def write_annex_workbook(path: Path, year: int, orgs: list[AnnexOrg], style: Style | None = None) -> Path:
    """One workbook with three annex sheets: TCCS ratings, member counts, admissions."""
    style = style or Style()
    wb = Workbook()
    ws = wb.active
    ws.title = "PL1-TCCS"
    write_org_annex(ws, year, orgs, style)
    write_member_count_annex(wb.create_sheet("PL2-Đảng viên"), year, orgs, style)
    if any(o.quota is not None for o in orgs):
        write_admission_annex(wb.create_sheet("PL3-Kết nạp"), year, orgs, style)
    import datetime as dt

    wb.properties.created = wb.properties.modified = dt.datetime(year, 12, 20, 8, 0, 0)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
