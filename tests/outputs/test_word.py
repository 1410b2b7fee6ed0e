"""The Word report written by build: A4, Times New Roman 14, numbered headings, the report paragraph, the
headline figures and the targets table, read back with python-docx."""

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
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


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None
                    or shutil.which("pdfinfo") is None,
                    reason="LibreOffice (soffice, with Writer) and poppler (pdftotext, pdfinfo) are not installed "
                           "here; "
                           ".ci/run installs them")
def test_word_report_opens_and_prints_on_a4_with_libreoffice(built, sample, tmp_path):
    """Rendered through LibreOffice, the report opens, prints on A4 and shows its headline figures and every row of
    the targets table."""
    doc = built / "bao_cao_2021.docx"
    r = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(doc)], capture_output=True, text=True, timeout=300)
    pdf = tmp_path / "bao_cao_2021.pdf"
    if not pdf.exists() and not Path("/usr/lib/libreoffice/program/libswlo.so").exists():
        pytest.skip("LibreOffice Writer (libreoffice-writer) is not installed here: soffice cannot open a .docx; "
                    ".ci/run installs it")
    assert pdf.exists(), r.stderr[-500:]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size, info
    w_mm, h_mm = (float(v) * 25.4 / 72 for v in size.groups())
    assert abs(w_mm - 210) < 1 and abs(h_mm - 297) < 1, (w_mm, h_mm)  # A4 portrait
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    s = ka.year_summary(sample, 2021)
    for figure in (ka.fmt_pct(s["orgs"]["good_or_better_pct"]), ka.fmt_pct(s["members"]["good_or_better_pct"]),
                   ka.fmt_pct(s["orgs"]["excellent_pct"]), "152/150", ka.fmt_pct(s["admissions"]["attainment_pct"])):
        assert figure in text, figure
    assert "TCCS đảng hoàn thành tốt nhiệm vụ trở lên" in text
    squeezed = text.replace(" ", "")  # a cell's text wraps inside its column: compare without the breaks
    for item in s["targets"]["items"]:
        assert item["name"].replace(" ", "") in squeezed, item["name"]
        assert ka.labels.TARGET_STATUS[item["met"]] in text
