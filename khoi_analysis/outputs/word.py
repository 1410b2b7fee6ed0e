"""The report as a Word document (python-docx) in the office's style: A4, Times New Roman 14, margins of an
administrative document, numbered headings; the report paragraph, the headline figures and the targets table."""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..config import DEFAULT_SETTINGS, Settings
from ..fmt import fmt_int, fmt_pct, fmt_pp
from .report import TARGET_HEADERS, regime_line, report_paragraph, target_cells
from .save import atomic_path

FONT = "Times New Roman"
SIZE = Pt(14)
TABLE_SIZE = Pt(12)


def write_report_docx(path: Path | str, summary: dict[str, Any], settings: Settings | None = None) -> Path:
    """Write the year's report (a year_summary) as .docx, atomically; returns the path. The committee is named
    as `settings` says for the year (config.load_settings)."""
    doc = Document()
    _page(doc)
    year = summary["year"]
    organ = doc.add_paragraph()
    organ.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(organ, (settings or DEFAULT_SETTINGS).full_name(year).upper(), bold=True)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, f"BÁO CÁO KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG TCCS ĐẢNG VÀ ĐẢNG VIÊN NĂM {year}", bold=True)
    if regime_line(year):
        rule = doc.add_paragraph()
        rule.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(rule, regime_line(year)).italic = True
    number = 0

    def heading(text: str) -> None:
        nonlocal number
        number += 1
        _run(doc.add_paragraph(style="Heading 1"), f"{number}. {text}", bold=True)

    heading("Kết quả chung")
    body = doc.add_paragraph()
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Mm(12.7)
    _run(body, report_paragraph(summary, settings))
    rows = headline_rows(summary)
    if rows:
        heading("Số liệu chủ yếu")
        prev = summary.get("previous_year")
        _table(doc, ["Chỉ số", f"Năm {year}", f"So với năm {prev}" if prev else "So với năm trước"], rows,
               widths=(95, 35, 40))
    tg = summary.get("targets")
    if tg:
        heading("Kết quả thực hiện chỉ tiêu Nghị quyết")
        _run(doc.add_paragraph(), f"Đạt {tg['met']}/{tg['total']} chỉ tiêu.")
        _table(doc, list(TARGET_HEADERS), [target_cells(i) for i in tg["items"]], widths=(14, 70, 24, 20, 26, 18))
    with atomic_path(path) as tmp:
        doc.save(str(tmp))
    return Path(path)


def headline_rows(s: dict[str, Any]) -> list[list[str]]:
    """The headline figures: shares of organisations and members, admissions, each with its change."""
    rows = []
    change = s.get("change_pp") or {}
    for key, who in (("orgs", "TCCS đảng"), ("members", "Đảng viên")):
        sec = s.get(key)
        if not sec:
            continue
        ch = change.get(key) or {}
        rows.append([f"{who} được đánh giá, xếp loại", f"{fmt_int(sec['rated'])}/{fmt_int(sec['total'])}", ""])
        rows.append([f"{who} hoàn thành tốt nhiệm vụ trở lên", fmt_pct(sec["good_or_better_pct"]),
                     fmt_pp(ch.get("good_or_better_pct")) if ch.get("good_or_better_pct") is not None else "–"])
        rows.append([f"Trong đó: {who.lower() if key == 'members' else who} hoàn thành xuất sắc nhiệm vụ",
                     fmt_pct(sec["excellent_pct"]),
                     fmt_pp(ch.get("excellent_pct")) if ch.get("excellent_pct") is not None else "–"])
    adm = s.get("admissions")
    if adm and adm.get("target"):
        ch = change.get("admissions") or {}
        rows.append(["Kết nạp đảng viên mới so với chỉ tiêu",
                     f"{fmt_int(adm['admitted'])}/{fmt_int(adm['target'])} ({fmt_pct(adm['attainment_pct'])})",
                     fmt_pp(ch.get("attainment_pct")) if ch.get("attainment_pct") is not None else "–"])
    return rows


def _page(doc) -> None:
    """A4 portrait with the margins of an administrative document (top and bottom 20 mm, left 30, right 15);
    every style in Times New Roman, the body 14 pt, headings black."""
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
    for name in ("Normal", "Heading 1"):
        style = doc.styles[name]
        style.font.name, style.font.size = FONT, SIZE
        style.font.color.rgb = None
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
    doc.styles["Normal"].paragraph_format.space_after = Pt(6)
    heading = doc.styles["Heading 1"]
    heading.font.bold = True
    heading.paragraph_format.space_before, heading.paragraph_format.space_after = Pt(12), Pt(6)


_RUN_PROPS: dict[tuple[bool, int], Any] = {}  # (bold, size) -> a run's properties element, copied into each run


def _run(paragraph, text: str, *, bold: bool = False, size=SIZE):
    run = paragraph.add_run(text)
    props = _RUN_PROPS.get((bold, int(size)))
    if props is None:  # the first run of its kind sets the font through python-docx; the others copy it (faster)
        run.font.name, run.font.size, run.font.bold = FONT, size, bold
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
        _RUN_PROPS[(bold, int(size))] = deepcopy(run._element.rPr)
    else:
        run._element.insert(0, deepcopy(props))
    return run


def _table(doc, header: list[str], rows: list[list[str]], widths: tuple[int, ...]) -> None:
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for j, column in enumerate(table.columns):  # the grid's widths: LibreOffice lays a table out by these
        column.width = Mm(widths[j])
    for i, (row, values) in enumerate(zip(table.rows, [header, *rows])):
        for j, (cell, text) in enumerate(zip(row.cells, values)):  # row by row: table.cell(i, j) reads the whole table
            cell.width = Mm(widths[j])
            para = cell.paragraphs[0]
            if j > 1 or (j == 1 and len(header) == 3):
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(para, str(text), bold=i == 0, size=TABLE_SIZE)
    doc.add_paragraph()


__all__ = ["headline_rows", "write_report_docx"]
