"""The Word report written by build: A4, Times New Roman 14, numbered headings, the report paragraph, the
headline figures and the targets table, read back with python-docx."""

import docx
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

import khoi_analysis as ka


def test_build_writes_the_word_report_in_the_office_style(built, sample):
    path = built / "bao_cao_2021.docx"
    assert path.exists() and "bao_cao_2021.docx" in (built / "index.json").read_text(encoding="utf-8")
    doc = docx.Document(str(path))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)  # A4
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    runs = [r for p in doc.paragraphs for r in p.runs]
    assert runs and all(r.font.name == "Times New Roman" for r in runs)
    assert all(r.font.size == Pt(14) for p in doc.paragraphs for r in p.runs)
    assert all(r._element.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman" for r in runs)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["1. Kết quả chung", "2. Số liệu chủ yếu", "3. Kết quả thực hiện chỉ tiêu Nghị quyết"]
    s = ka.year_summary(sample, 2021)
    assert ka.report_paragraph(s) in [p.text for p in doc.paragraphs]
    figures, targets = doc.tables
    assert [c.text for c in figures.rows[0].cells] == ["Chỉ số", "Năm 2021", "So với năm 2020"]
    row = next(r for r in figures.rows if r.cells[0].text == "TCCS đảng hoàn thành tốt nhiệm vụ trở lên")
    assert row.cells[1].text == ka.fmt_pct(s["orgs"]["good_or_better_pct"])
    assert row.cells[2].text == ka.fmt_pp(s["change_pp"]["orgs"]["good_or_better_pct"])
    assert len(targets.rows) == 1 + s["targets"]["total"]
    assert [targets.cell(i, 1).text for i in range(1, len(targets.rows))] == [i["name"] for i in s["targets"]["items"]]
