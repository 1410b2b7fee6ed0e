"""A grammar of annex layouts, as offices make them by hand: a title block (with or without the date the report
was signed), a header one to three rows deep with merged parents and a column-number row, the levels encoded as
a text column, x-marks, counts, counts with shares, share rows, "trở lên / trong đó" columns or scores only;
group, total, subtotal, sub-unit, repeated-header, note and footer rows; numbers typed as text with thousands
separators; written as .xlsx, .xls, .ods or .csv (UTF-8, UTF-16, cp1258), in NFC, NFD, TCVN3 or VNI.

`Annex` is what an office means (organisations, their levels, their member counts); `Layout` is how it is laid
out; `render` gives the grid, `write` the file, and `truth` the figures computed from the generated rows, never
from the reader. Independent of khoi_analysis except for the legacy encoders (the tests of those encoders
pin them against known strings)."""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from khoi_analysis.text import encode_tcvn3, encode_vni

LEVELS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")  # best first, as annexes print them
LEVEL_TEXT = {"HTXSNV": "Hoàn thành xuất sắc nhiệm vụ", "HTTNV": "Hoàn thành tốt nhiệm vụ",
              "HTNV": "Hoàn thành nhiệm vụ", "KHTNV": "Không hoàn thành nhiệm vụ"}
LEVEL_SPELLINGS = {"HTXSNV": ("Hoàn thành xuất sắc nhiệm vụ", "HTXSNV", "HT xuất sắc NV", "Hoàn thành XS NV"),
                   "HTTNV": ("Hoàn thành tốt nhiệm vụ", "HTTNV", "Hoàn thành tốt NV"),
                   "HTNV": ("Hoàn thành nhiệm vụ", "HTNV", "hoàn thành nhiệm vụ"),
                   "KHTNV": ("Không hoàn thành nhiệm vụ", "KHTNV", "Không HTNV")}
TYPES = {"co_quan_hanh_chinh": "Cơ quan hành chính", "don_vi_su_nghiep": "Đơn vị sự nghiệp",
         "dn_nha_nuoc": "Doanh nghiệp nhà nước", "dn_ngoai_nha_nuoc": "Doanh nghiệp ngoài nhà nước"}
NAMES = ("Sở Tài chính", "Sở Tư pháp", "Bệnh viện Đa khoa tỉnh", "Công ty TNHH An Phát", "Trường Cao đẳng Y tế",
         "Ủy ban Mặt trận Tổ quốc tỉnh", "Công ty CP Du lịch Đông Á", "Sở Giáo dục và Đào tạo", "Ban Quản lý dự án",
         "Công ty Điện lực", "Kho bạc Nhà nước tỉnh", "Đài Phát thanh và Truyền hình", "Sở Y tế", "Cục Thuế tỉnh")
ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Org:
    name: str
    org_type: str
    level: str | None  # None: not rated
    counts: tuple[int, int, int, int]  # members rated per level, best first
    exempt: int
    sub_units: tuple[tuple[str, tuple[int, int, int, int]], ...] = ()  # chi bộ trực thuộc: their member counts


@dataclass(frozen=True)
class Layout:
    kind: str = "orgs"  # "orgs" | "member_counts"
    encoding: str = "text"  # orgs: text | marks | score; member_counts: counts | counts_pct | pct_rows | tro_len
    header_depth: int = 1
    title: str = "title"  # none | title | title_date
    column_numbers: bool = False
    groups: bool = False
    total: str = "none"  # none | tong_cong | toan_dang_bo | cong_toan_khoi
    subtotals: bool = False
    sub_units: bool = False
    repeated_header: bool = False
    notes: bool = False
    footer: str = "none"  # none | signature | tong_so
    numbers: str = "int"  # int | text_dot | text_space | text_nbsp
    pct_style: str = "hundred"  # hundred (91.4) | fraction (0.914)
    left_pad: int = 0
    fmt: str = "xlsx"  # xlsx | xls | ods | csv
    csv_encoding: str = "utf-8"  # utf-8 | utf-8-sig | utf-16 | cp1258
    text: str = "nfc"  # nfc | nfd | tcvn3 | vni
    year: int = 2022
    years_side_by_side: bool = False  # last year's columns beside this year's, under "Năm Y-1 | Năm Y"
    group_numbers: str = "roman"  # roman (I | Khối …, TCCS 1, 2, …) | arabic (1 | Khối …, TCCS 1.1, 1.2, …,
    # their chi bộ trực thuộc 1.1.1, …)
    group_figures: bool = False  # the group's heading row carries its subtotal

    @property
    def refusable(self) -> bool:
        """Layouts a reader must refuse: a score with no level before the regulation that bands scores
        (QĐ 366-QĐ/TW, from the 2025 review)."""
        return self.encoding == "score" and self.year < 2025


@dataclass
class Grid:
    rows: list[list[object]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based r0, c0, r1, c1
    pct_cells: set[tuple[int, int]] = field(default_factory=set)  # cells holding a fraction with a % format

    def put(self, r: int, c: int, value: object) -> None:
        while len(self.rows) <= r:
            self.rows.append([])
        row = self.rows[r]
        while len(row) <= c:
            row.append(None)
        row[c] = value


# ------------------------------------------------------------------------------------------ the strategy
@st.composite
def annexes(draw, kind: str | None = None) -> tuple[list[Org], Layout]:
    kind = kind or draw(st.sampled_from(("orgs", "member_counts")))
    n = draw(st.integers(3, 9))
    names = draw(st.permutations(NAMES))[:n]
    orgs = []
    for i, name in enumerate(names):
        prefix = "Đảng bộ" if i % 2 == 0 else "Chi bộ"
        level = draw(st.sampled_from((*LEVELS, "HTTNV", "HTTNV", None)))
        big = i == 0 and draw(st.booleans())
        counts = tuple(draw(st.integers(0, 700 if big else 30)) for _ in LEVELS)
        if big:
            counts = (counts[0], counts[1] + 1000, counts[2], counts[3])  # thousands separators show
        subs = ()
        if prefix == "Đảng bộ" and draw(st.booleans()):
            split = tuple(c // 2 for c in counts)
            subs = ((f"Chi bộ {name} 1", split), (f"Chi bộ {name} 2", tuple(a - b for a, b in zip(counts, split))))
        orgs.append(Org(f"{prefix} {name}", draw(st.sampled_from(tuple(TYPES))), level, counts,
                        draw(st.integers(0, 5)), subs))
    if not any(o.level for o in orgs):
        orgs[0] = Org(orgs[0].name, orgs[0].org_type, "HTTNV", orgs[0].counts, orgs[0].exempt, orgs[0].sub_units)
    if kind == "orgs":
        encoding = draw(st.sampled_from(("text", "text", "marks", "marks", "score")))
        depth = draw(st.integers(1, 2)) if encoding == "text" else draw(st.integers(2, 3)) if encoding == "marks" \
            else 1
    else:
        encoding = draw(st.sampled_from(("counts", "counts_pct", "pct_rows", "tro_len")))
        depth = 3 if encoding == "counts_pct" else draw(st.integers(2, 3)) if encoding == "tro_len" else 2
    fmt = draw(st.sampled_from(("xlsx", "xlsx", "xls", "ods", "csv")))
    text = draw(st.sampled_from(("nfc", "nfc", "nfd", "tcvn3", "vni")))
    csv_encoding = draw(st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "cp1258"))) if fmt == "csv" else "utf-8"
    if fmt == "csv" and text in ("tcvn3", "vni"):
        text = "nfc"  # legacy encodings live in fonts: a CSV has none
    if csv_encoding == "cp1258" and text == "nfd":
        text = "nfc"
    layout = Layout(
        kind=kind, encoding=encoding, header_depth=depth,
        title=draw(st.sampled_from(("none", "title", "title_date"))),
        column_numbers=draw(st.booleans()), groups=draw(st.booleans()),
        total=draw(st.sampled_from(("none", "tong_cong", "toan_dang_bo", "cong_toan_khoi"))),
        subtotals=draw(st.booleans()), sub_units=draw(st.booleans()), repeated_header=draw(st.booleans()),
        notes=draw(st.booleans()), footer=draw(st.sampled_from(("none", "signature", "tong_so"))),
        numbers=draw(st.sampled_from(("int", "int", "text_dot", "text_space", "text_nbsp"))),
        pct_style=draw(st.sampled_from(("hundred", "fraction"))) if fmt != "csv" else "hundred",
        left_pad=draw(st.integers(0, 2)), fmt=fmt, csv_encoding=csv_encoding, text=text,
        year=draw(st.sampled_from((2019, 2021, 2022, 2023, 2025, 2026))))
    if layout.subtotals and not layout.groups:
        layout = _replace(layout, subtotals=False)
    if layout.header_depth <= 2 and layout.encoding != "score" and draw(st.sampled_from((False, False, True))):
        layout = _replace(layout, years_side_by_side=True)
    if layout.groups:
        numbers = draw(st.sampled_from(("roman", "roman", "arabic")))
        layout = _replace(layout, group_numbers=numbers, group_figures=draw(st.booleans()))
    return orgs, layout


def _replace(layout: Layout, **changes) -> Layout:
    from dataclasses import replace

    return replace(layout, **changes)


# ------------------------------------------------------------------------------------------ the truth
_LAST_YEAR = {"HTXSNV": "HTTNV", "HTTNV": "HTXSNV", "HTNV": "HTTNV", "KHTNV": "HTNV", None: None}


def last_year(orgs: list[Org]) -> list[Org]:
    """The same organisations a year earlier (other levels, other counts), for years side by side."""
    out = []
    for o in orgs:
        counts = (o.counts[1] // 3, o.counts[0] + o.counts[1] - o.counts[1] // 3, o.counts[3], o.counts[2])
        subs = ()
        if o.sub_units:
            split = tuple(c // 2 for c in counts)
            subs = ((o.sub_units[0][0], split), (o.sub_units[1][0], tuple(a - b for a, b in zip(counts, split))))
        out.append(Org(o.name, o.org_type, _LAST_YEAR[o.level], counts, o.exempt + 1, subs))
    return out


def truth(orgs: list[Org], layout: Layout) -> dict[str, object]:
    """The figures an office would print, from the generated organisations (sub-units are inside their parent)."""
    if layout.kind == "orgs":
        counts = {lvl: sum(1 for o in orgs if o.level == lvl) for lvl in LEVELS}
        return {"total": len(orgs), "rated": sum(counts.values()), "counts": counts}
    counts = {lvl: sum(o.counts[i] for o in orgs) for i, lvl in enumerate(LEVELS)}
    rated = sum(counts.values())
    return {"total": rated + sum(o.exempt for o in orgs), "rated": rated, "counts": counts}


# ------------------------------------------------------------------------------------------ rendering
def _number(value: int, layout: Layout) -> object:
    if layout.numbers == "int" or value < 1000:
        return value
    sep = {"text_dot": ".", "text_space": " ", "text_nbsp": "\u00a0"}[layout.numbers]
    return f"{value:,}".replace(",", sep)


def _share(count: int, rated: int, layout: Layout) -> float:
    pct = round(100 * count / rated, 2) if rated else 0.0
    return round(pct / 100, 4) if layout.pct_style == "fraction" else pct


def _header_rows(layout: Layout) -> tuple[list[list[object]], list[tuple[int, int, int, int]], int]:
    """The header block (rows of texts, merges relative to its top-left) and its width."""
    depth = layout.header_depth
    cols: list[list[str | None]] = []  # per column, its texts from top to bottom (None: covered by a merge)
    merges: list[tuple[int, int, int, int]] = []

    def whole(text: str) -> None:  # a header cell spanning the block's depth
        c = len(cols)
        cols.append([text] + [None] * (depth - 1))
        if depth > 1:
            merges.append((0, c, depth - 1, c))

    whole("STT")
    whole("Tên tổ chức cơ sở đảng" if layout.kind == "orgs" else "Tên chi bộ, đảng bộ cơ sở")
    if layout.kind == "orgs":
        whole("Loại hình")
        if layout.encoding == "text":
            if depth == 1:
                whole("Xếp loại chất lượng")
            else:
                c = len(cols)
                cols.append(["Kết quả đánh giá, xếp loại", "Mức xếp loại"])
                cols.append([None, "Ngày thẩm định"])
                merges.append((0, c, 0, c + 1))
        elif layout.encoding == "marks":
            c = len(cols)
            for j, lvl in enumerate(LEVELS):
                top = ["Kết quả đánh giá, xếp loại", "Xếp loại chất lượng"][: depth - 1]
                cols.append(([t if j == 0 else None for t in top]) + [LEVEL_TEXT[lvl]])
            for k in range(depth - 1):
                merges.append((k, c, k, c + len(LEVELS) - 1))
        else:
            whole("Tổng điểm")
        whole("Ghi chú")
        return _transpose(cols, depth), merges, len(cols)
    whole("Tổng số đảng viên")
    whole("Số đảng viên được đánh giá, xếp loại")
    c0 = len(cols)
    if layout.encoding == "tro_len":
        groups = [("Hoàn thành tốt nhiệm vụ trở lên", ("Tổng số", "Trong đó: HTXSNV")), ("HTNV", ()), ("KHTNV", ())]
        for text, subs in groups:
            if depth == 3 and subs:
                c = len(cols)
                cols.append(["Kết quả xếp loại" if c == c0 else None, text, subs[0]])
                cols.append([None, None, subs[1]])
                merges.append((1, c, 1, c + 1))
            elif depth == 3:
                cols.append([None, text, None])
                merges.append((1, len(cols) - 1, 2, len(cols) - 1))
            else:
                if subs:
                    cols.append(["Kết quả xếp loại" if len(cols) == c0 else None, text])
                    cols.append([None, subs[1]])
                else:
                    cols.append([None, text])
        merges.append((0, c0, 0, len(cols) - 1))
    else:
        for j, lvl in enumerate(LEVELS):
            top = "Kết quả xếp loại" if j == 0 else None
            if layout.encoding == "counts_pct":
                c = len(cols)
                cols.append([top, LEVEL_TEXT[lvl], "Số lượng"])
                cols.append([None, None, "Tỷ lệ (%)"])
                merges.append((1, c, 1, c + 1))
            else:
                cols.append([top, LEVEL_TEXT[lvl]])
        merges.append((0, c0, 0, len(cols) - 1))
    whole("Miễn đánh giá")
    return _transpose(cols, depth), merges, len(cols)


def _transpose(cols: list[list[str | None]], depth: int) -> list[list[object]]:
    return [[col[r] if r < len(col) else None for col in cols] for r in range(depth)]


def _title(g: Grid, layout: Layout, pad: int, width: int) -> int:
    """The title block; returns the first row under it."""
    what = "TỔ CHỨC CƠ SỞ ĐẢNG" if layout.kind == "orgs" else "ĐẢNG VIÊN"
    if layout.title == "none":
        return 0
    g.put(0, pad, "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH")
    g.put(0, pad + width - 2, "ĐẢNG CỘNG SẢN VIỆT NAM")
    if layout.title == "title_date":
        g.put(1, pad + width - 2, f"Quảng Ninh, ngày 10 tháng 01 năm {layout.year + 1}")
    g.put(3, pad, f"BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG {what} NĂM {layout.year}")
    g.merges.append((3, pad, 3, pad + width - 1))
    return 5


def render(orgs: list[Org], layout: Layout) -> Grid:
    """The sheet as an office lays it out (values as typed; text still Unicode NFC)."""
    if layout.years_side_by_side:
        return _render_years(orgs, layout)
    g = Grid()
    pad = layout.left_pad
    header, hmerges, width = _header_rows(layout)
    r = _title(g, layout, pad, width)
    top = r

    def put_header(at: int) -> int:
        for i, row in enumerate(header):
            for c, v in enumerate(row):
                if v is not None:
                    g.put(at + i, pad + c, v)
        for r0, c0, r1, c1 in hmerges:
            g.merges.append((at + r0, pad + c0, at + r1, pad + c1))
        at += len(header)
        if layout.column_numbers:
            for c in range(width):
                g.put(at, pad + c, f"({c + 1})")
            at += 1
        return at

    r = put_header(top)
    groups = ([(code, [o for o in orgs if o.org_type == code]) for code in TYPES] if layout.groups
              else [("", orgs)])
    groups = [(code, members) for code, members in groups if members]
    seq = 0
    half = len(orgs) // 2
    arabic = layout.group_numbers == "arabic"
    for gi, (code, members) in enumerate(groups):
        if layout.groups:
            name = TYPES[code] if arabic and gi % 2 else "Khối " + TYPES[code].lower()
            g.put(r, pad, gi + 1 if arabic else ROMAN[gi])
            if layout.group_figures:
                r = _total_row(g, r, members, layout, pad, name, width)
            else:
                g.put(r, pad + 1, name)
                r += 1
        for k, org in enumerate(members, 1):
            seq += 1
            r = _org_row(g, r, seq, org, layout, pad, width, f"{gi + 1}.{k}" if arabic else None)
            if layout.repeated_header and seq == half:
                r = put_header(r)
        if layout.subtotals:
            r = _total_row(g, r, members, layout, pad, f"Cộng {ROMAN[gi]}", width)
    if layout.total != "none":
        label = {"tong_cong": "Tổng cộng", "toan_dang_bo": "Toàn Đảng bộ", "cong_toan_khoi": "Cộng toàn Khối"}
        r = _total_row(g, r, orgs, layout, pad, label[layout.total], width)
    _tail(g, r, orgs, layout, pad, width)
    return g


def _tail(g: Grid, r: int, orgs: list[Org], layout: Layout, pad: int, width: int) -> None:
    """Notes and the signature block under the table."""
    if layout.notes:
        r += 1
        g.put(r, pad + 1, "Ghi chú: số liệu do các chi bộ, đảng bộ cơ sở báo cáo; (*) chưa xếp loại do mới thành lập")
        r += 1
    if layout.footer != "none":
        r += 1
        if layout.footer == "tong_so":
            rated = sum(1 for o in orgs if o.level)
            g.put(r, pad + 1, f"Tổng số: {len(orgs)} TCCS, trong đó {rated} TCCS được đánh giá, xếp loại")
            r += 2
        g.put(r, pad + 1, "Nơi nhận:")
        g.put(r, pad + width - 2, "T/M BAN THƯỜNG VỤ")
        g.put(r + 1, pad + 1, "- Lưu VP.")
        g.put(r + 1, pad + width - 2, "BÍ THƯ")
        g.put(r + 4, pad + width - 2, "Nguyễn Văn Bình")


def _render_years(orgs: list[Org], layout: Layout) -> Grid:
    """Last year's and this year's columns side by side: the identity columns (STT, name, type) once, then
    each year's value columns under a merged "Năm Y" cell; the rows as in a one-year table."""
    one = _replace(layout, years_side_by_side=False, title="none", column_numbers=False, notes=False,
                   footer="none", left_pad=0, repeated_header=False)
    before, now = render(last_year(orgs), one), render(orgs, one)
    depth = layout.header_depth
    ident = 3 if layout.kind == "orgs" else 2
    width = max(len(row) for row in now.rows[:depth])
    vw = width - ident
    g = Grid()
    pad = layout.left_pad
    top = _title(g, layout, pad, ident + 2 * vw)

    def col(c: int, which: int) -> int:  # a sub-grid's column in the composed grid (which: 0 last year, 1 now)
        return pad + c if c < ident else pad + c + which * vw

    for c in range(ident):
        g.put(top, pad + c, now.rows[0][c])
        g.merges.append((top, pad + c, top + depth, pad + c))
    for which, year in enumerate((layout.year - 1, layout.year)):
        g.put(top, pad + ident + which * vw, f"Năm {year}")
        g.merges.append((top, pad + ident + which * vw, top, pad + ident + (which + 1) * vw - 1))
    shift = top + 1
    for r in range(depth):
        for which, sub in enumerate((before, now)):
            for c in range(ident, len(sub.rows[r])):
                if sub.rows[r][c] is not None:
                    g.put(shift + r, col(c, which), sub.rows[r][c])
    data = shift + depth
    if layout.column_numbers:
        for c in range(ident + 2 * vw):
            g.put(data, pad + c, f"({c + 1})")
        data += 1
    for r in range(depth, len(now.rows)):
        at = data + r - depth
        for which, sub in enumerate((before, now)):
            row = sub.rows[r] if r < len(sub.rows) else []
            for c, v in enumerate(row):
                if v is not None and (c >= ident or which == 1):
                    g.put(at, col(c, which), v)
    for which, sub in enumerate((before, now)):
        for r0, c0, r1, c1 in sub.merges:
            if r0 < depth and c0 < ident:
                continue  # the identity cells of the header: merged over the composed header above
            if c0 < ident and which == 0:
                continue
            at = shift + r0 if r0 < depth else data + r0 - depth
            g.merges.append((at, col(c0, which), at + r1 - r0, col(c1, which)))
        for r, c in sub.pct_cells:
            g.pct_cells.add((data + r - depth, col(c, which)))
    end = data + len(now.rows) - depth
    if layout.repeated_header:  # the whole header block again at the top of the next printed page
        end += _repeat_header(g, top, data, len(orgs) // 2, pad)
    _tail(g, end, orgs, layout, pad, ident + 2 * vw)
    return g


def _repeat_header(g: Grid, top: int, data: int, after_seq: int, pad: int) -> int:
    """The header rows top..data-1 inserted under organisation number `after_seq` (its sub-units and share
    row stay with it); returns the number of rows inserted."""
    at = next(r for r, row in enumerate(g.rows) if r >= data and row and len(row) > pad and row[pad] == after_seq)
    at += 1
    while at < len(g.rows) and len(g.rows[at]) > pad + 1 and (
            (isinstance(g.rows[at][pad], str) and g.rows[at][pad].startswith(f"{after_seq}."))
            or (g.rows[at][pad] is None and g.rows[at][pad + 1] == "Tỷ lệ (%)")):
        at += 1
    h = data - top
    block = [list(row) for row in g.rows[top:data]]
    g.rows[at:at] = block
    g.merges[:] = [(r0 + h, c0, r1 + h, c1) if r0 >= at else (r0, c0, r1, c1) for r0, c0, r1, c1 in g.merges]
    g.merges.extend((r0 - top + at, c0, r1 - top + at, c1) for r0, c0, r1, c1 in list(g.merges)
                    if top <= r0 < data)
    g.pct_cells = {(r + h, c) if r >= at else (r, c) for r, c in g.pct_cells}
    return h


def _org_row(g: Grid, r: int, seq: int, org: Org, layout: Layout, pad: int, width: int,
             label: str | None = None) -> int:
    g.put(r, pad, seq if label is None else label)
    g.put(r, pad + 1, org.name)
    if layout.kind == "orgs":
        g.put(r, pad + 2, TYPES[org.org_type])
        c = pad + 3
        if layout.encoding == "text":
            if org.level:
                g.put(r, c, LEVEL_SPELLINGS[org.level][(seq + len(org.name)) % len(LEVEL_SPELLINGS[org.level])])
            if layout.header_depth == 2:
                g.put(r, c + 1, dt.datetime(layout.year, 12, 15) if layout.fmt != "csv" else f"15/12/{layout.year}")
        elif layout.encoding == "marks":
            if org.level:
                g.put(r, c + LEVELS.index(org.level), "x")
        elif org.level:
            g.put(r, c, {"HTXSNV": 92, "HTTNV": 80, "HTNV": 60, "KHTNV": 40}[org.level])
        if not org.level:
            g.put(r, pad + width - 1, "Mới thành lập chưa đủ 6 tháng")
        r += 1
        if layout.sub_units:
            for k, (name, _) in enumerate(org.sub_units, 1):
                g.put(r, pad, f"{seq if label is None else label}.{k}")
                g.put(r, pad + 1, name)
                g.put(r, pad + 2, TYPES[org.org_type])
                r += 1
        return r
    r = _count_row(g, r, org.counts, org.exempt, layout, pad)
    g.put(r - (2 if layout.encoding == "pct_rows" else 1), pad, seq if label is None else label)
    g.put(r - (2 if layout.encoding == "pct_rows" else 1), pad + 1, org.name)
    if layout.sub_units:
        for k, (name, counts) in enumerate(org.sub_units, 1):
            start = r
            r = _count_row(g, r, counts, 0, layout, pad)
            g.put(start, pad, f"{seq if label is None else label}.{k}")
            g.put(start, pad + 1, "- " + name)
    return r


def _count_row(g: Grid, r: int, counts, exempt: int, layout: Layout, pad: int) -> int:
    """The count cells of one row of a member-count table (from column 2); returns the next free row."""
    rated = sum(counts)
    g.put(r, pad + 2, _number(rated + exempt, layout))
    g.put(r, pad + 3, _number(rated, layout))
    c = pad + 4
    if layout.encoding == "tro_len":
        g.put(r, c, _number(counts[0] + counts[1], layout))
        g.put(r, c + 1, _number(counts[0], layout))
        g.put(r, c + 2, _number(counts[2], layout))
        g.put(r, c + 3, _number(counts[3], layout))
        g.put(r, c + 4, _number(exempt, layout))
        return r + 1
    step = 2 if layout.encoding == "counts_pct" else 1
    for j, n in enumerate(counts):
        g.put(r, c + j * step, _number(n, layout))
        if step == 2:
            g.put(r, c + j * step + 1, _share(n, rated, layout))
            if layout.pct_style == "fraction":
                g.pct_cells.add((r, c + j * step + 1))
    g.put(r, c + 4 * step, _number(exempt, layout))
    if layout.encoding == "pct_rows":
        g.put(r + 1, pad + 1, "Tỷ lệ (%)")
        for j, n in enumerate(counts):
            g.put(r + 1, c + j, _share(n, rated, layout))
            if layout.pct_style == "fraction":
                g.pct_cells.add((r + 1, c + j))
        return r + 2
    return r + 1


def _total_row(g: Grid, r: int, orgs: list[Org], layout: Layout, pad: int, label: str, width: int) -> int:
    g.put(r, pad + 1, label)
    if layout.kind == "orgs":
        if layout.encoding == "marks":
            for j, lvl in enumerate(LEVELS):
                g.put(r, pad + 3 + j, sum(1 for o in orgs if o.level == lvl))
        return r + 1
    counts = tuple(sum(o.counts[i] for o in orgs) for i in range(4))
    return _count_row(g, r, counts, sum(o.exempt for o in orgs), layout, pad)


# ------------------------------------------------------------------------------------------ writing
def _encode_text(value: object, layout: Layout) -> object:
    if not isinstance(value, str):
        return value
    if layout.text == "nfd":
        return unicodedata.normalize("NFD", value)
    if layout.text == "tcvn3":
        return encode_tcvn3(value)
    if layout.text == "vni":
        return encode_vni(value)
    return value


def _font(layout: Layout, value: object) -> str:
    if layout.text == "tcvn3" and isinstance(value, str):
        return ".VnTimeH" if value.isupper() else ".VnTime"
    if layout.text == "vni" and isinstance(value, str):
        return "VNI-Times"
    return "Times New Roman"


def write(grid: Grid, layout: Layout, path: Path, sheet: str = "Biểu 01") -> Path:
    path = Path(path).with_suffix("." + layout.fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    {"xlsx": _write_xlsx, "xls": _write_xls, "ods": _write_ods, "csv": _write_csv}[layout.fmt](grid, layout, path,
                                                                                              sheet)
    return path


def _write_xlsx(grid: Grid, layout: Layout, path: Path, sheet: str) -> None:
    write_sheets({sheet: grid}, layout, path)


def write_sheets(grids: dict[str, Grid], layout: Layout, path: Path) -> Path:
    """Several sheets in one .xlsx workbook, in order."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for sheet, grid in grids.items():
        _xlsx_sheet(wb.create_sheet(sheet), grid, layout)
    path = Path(path).with_suffix(".xlsx")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _xlsx_sheet(ws, grid: Grid, layout: Layout) -> None:
    from openpyxl.styles import Font

    for r, row in enumerate(grid.rows):
        for c, v in enumerate(row):
            if v is None:
                continue
            cell = ws.cell(row=r + 1, column=c + 1, value=_encode_text(v, layout))
            cell.font = Font(name=_font(layout, v))
            if (r, c) in grid.pct_cells:
                cell.number_format = "0.0%"
    for r0, c0, r1, c1 in grid.merges:
        ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)


def _write_xls(grid: Grid, layout: Layout, path: Path, sheet: str) -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet[:31])
    styles: dict[tuple[str, bool], object] = {}

    def style(font: str, pct: bool, is_date: bool):
        key = (font, pct, is_date)
        if key not in styles:
            s = xlwt.XFStyle()
            s.font = xlwt.Font()
            s.font.name = font
            if pct:
                s.num_format_str = "0.0%"
            if is_date:
                s.num_format_str = "dd/mm/yyyy"
            styles[key] = s
        return styles[key]

    covered = {(r, c) for r0, c0, r1, c1 in grid.merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
               if (r, c) != (r0, c0)}
    starts = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in grid.merges}
    for r, row in enumerate(grid.rows):
        for c, v in enumerate(row):
            if (r, c) in covered or (v is None and (r, c) not in starts):
                continue
            s = style(_font(layout, v), (r, c) in grid.pct_cells, isinstance(v, dt.datetime))
            value = _encode_text(v, layout)
            if (r, c) in starts:
                r1, c1 = starts[(r, c)]
                ws.write_merge(r, r1, c, c1, value, s)
            else:
                ws.write(r, c, value, s)
    wb.save(str(path))


def _write_ods(grid: Grid, layout: Layout, path: Path, sheet: str) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TextProperties
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name=sheet)
    starts = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in grid.merges}
    covered = {(r, c) for r0, c0, r1, c1 in grid.merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
               if (r, c) != (r0, c0)}
    fonts: dict[str, Style] = {}
    width = max((len(row) for row in grid.rows), default=0)
    for _r0, _c0, _r1, mc1 in grid.merges:
        width = max(width, mc1 + 1)
    for r in range(len(grid.rows)):
        tr = TableRow()
        row = grid.rows[r]
        for c in range(width):
            v = row[c] if c < len(row) else None
            if (r, c) in covered:
                tr.addElement(CoveredTableCell())
                continue
            attrs: dict[str, object] = {}
            if (r, c) in starts:
                r1, c1 = starts[(r, c)]
                attrs.update(numberrowsspanned=r1 - r + 1, numbercolumnsspanned=c1 - c + 1)
            if v is None:
                tr.addElement(TableCell(**attrs))
            elif isinstance(v, bool) or not isinstance(v, (int, float, dt.datetime)):
                font = _font(layout, v)
                if font not in fonts:
                    st_ = Style(name=f"f{len(fonts)}", family="table-cell")
                    st_.addElement(TextProperties(fontname=font, fontfamily=font))
                    doc.automaticstyles.addElement(st_)
                    fonts[font] = st_
                cell = TableCell(valuetype="string", stylename=fonts[font], **attrs)
                cell.addElement(P(text=str(_encode_text(v, layout))))
                tr.addElement(cell)
            elif isinstance(v, dt.datetime):
                cell = TableCell(valuetype="date", datevalue=v.strftime("%Y-%m-%dT%H:%M:%S"), **attrs)
                cell.addElement(P(text=v.strftime("%d/%m/%Y")))
                tr.addElement(cell)
            else:
                kind = "percentage" if (r, c) in grid.pct_cells else "float"
                cell = TableCell(valuetype=kind, value=v, **attrs)
                cell.addElement(P(text=str(v)))
                tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # the combining tone marks Windows-1258 has


def _cp1258(text: str) -> bytes:
    """Windows-1258 spells Vietnamese with base letters (â, ê, ô, ă, ơ, ư, đ) and combining tone marks."""
    out = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and ch not in _TONES:  # a shape mark: compose it with its base letter
            base = out.pop() if out and not unicodedata.combining(out[-1]) else None
            tones = []
            while base is None and out and unicodedata.combining(out[-1]):
                tones.insert(0, out.pop())
                base = out.pop() if out and not unicodedata.combining(out[-1]) else None
            out.append(unicodedata.normalize("NFC", (base or "") + ch))
            out.extend(tones)
        else:
            out.append(ch)
    return "".join(out).encode("cp1258")


def _write_csv(grid: Grid, layout: Layout, path: Path, sheet: str) -> None:
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for row in grid.rows:
        w.writerow(["" if v is None else _encode_text(v, layout) for v in row])
    text = buf.getvalue()
    if layout.csv_encoding == "cp1258":
        path.write_bytes(_cp1258(text))
    else:
        path.write_bytes(text.encode(layout.csv_encoding))


# ------------------------------------------------------------------------------------------ two tables in a sheet
def beside(orgs: list[Org], left: Layout, right: Layout) -> Grid:
    """The TCCS table (`left`) and the member-count table (`right`) of the same organisations side by side in one
    sheet, a blank column between them, under one title and above one signature block (`left`'s)."""
    bare = {"title": "none", "footer": "none", "notes": False, "left_pad": 0, "years_side_by_side": False}
    a, b = render(orgs, _replace(left, **bare)), render(orgs, _replace(right, **bare))
    wa = max(len(row) for row in a.rows)
    wb = max(len(row) for row in b.rows)
    g = Grid()
    top = _title(g, left, 0, wa + 1 + wb)
    for sub, dc in ((a, 0), (b, wa + 1)):
        for r, row in enumerate(sub.rows):
            for c, v in enumerate(row):
                if v is not None:
                    g.put(top + r, dc + c, v)
        g.merges.extend((top + r0, dc + c0, top + r1, dc + c1) for r0, c0, r1, c1 in sub.merges)
        g.pct_cells |= {(top + r, dc + c) for r, c in sub.pct_cells}
    _tail(g, top + max(len(a.rows), len(b.rows)), orgs, left, 0, wa + 1 + wb)
    return g


# ------------------------------------------------------------------------------------------ parts and whole
def by_type_summary(orgs: list[Org], layout: Layout) -> Grid:
    """A "Tổng hợp" sheet with one row per organisation type (the figures of its TCCS) and a total row."""
    g = Grid()
    r = _title(g, layout, 0, 8)
    if layout.kind == "orgs":
        header = ["STT", "Loại hình", "Số TCCS", *(LEVEL_TEXT[lvl] for lvl in LEVELS)]
    else:
        header = ["STT", "Loại hình", "Tổng số đảng viên", "Số đảng viên được đánh giá, xếp loại",
                  *(LEVEL_TEXT[lvl] for lvl in LEVELS)]
    for c, text in enumerate(header):
        g.put(r, c, text)
    r += 1

    def figures(members: list[Org]) -> list[int]:
        if layout.kind == "orgs":
            return [len(members), *(sum(1 for o in members if o.level == lvl) for lvl in LEVELS)]
        counts = [sum(o.counts[i] for o in members) for i in range(4)]
        return [sum(counts) + sum(o.exempt for o in members), sum(counts), *counts]

    k = 0
    for code, name in TYPES.items():
        members = [o for o in orgs if o.org_type == code]
        if not members:
            continue
        g.put(r, 0, ROMAN[k])
        g.put(r, 1, "Khối " + name.lower())
        for c, v in enumerate(figures(members)):
            g.put(r, 2 + c, v)
        r += 1
        k += 1
    g.put(r, 1, "Tổng cộng")
    for c, v in enumerate(figures(orgs)):
        g.put(r, 2 + c, v)
    return g
