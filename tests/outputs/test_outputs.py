"""Conference outputs: every chart's text fits and doesn't overlap, the data drawn, the deck and workbook
read back, formula injection, the report paragraph, LibreOffice rendering where installed."""

import shutil
import subprocess
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from conftest import SAMPLE_DIR  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

import khoi_analysis as ka  # noqa: E402
from khoi_analysis.build import build  # noqa: E402
from khoi_analysis.outputs.excel import Table, write_tables  # noqa: E402
from khoi_analysis.outputs.report import report_paragraph  # noqa: E402
from khoi_analysis.outputs.save import write_csv  # noqa: E402
from khoi_analysis.outputs.specs import chart_specs, draw  # noqa: E402


@pytest.fixture(scope="module")
def specs(sample):
    return {s.key: s for s in chart_specs(sample, 2021)}


def _texts(fig):
    """Every piece of text drawn on the figure, with its extent in pixels. Tick labels count only for the
    ticks drawn (inside the axis limits)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    tick_texts, drawn_ticks = set(), []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if not ax.axison:
                for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                    tick_texts.update({id(tick.label1), id(tick.label2)})
                continue
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                tick_texts.update({id(tick.label1), id(tick.label2)})
            drawn_ticks += [lab for tick in axis._update_ticks() for lab in (tick.label1, tick.label2)
                            if axis.get_visible()]
    out = []
    for t in fig.findobj(Text):
        if id(t) in tick_texts:
            continue
        if t.get_visible() and t.get_text().strip():
            out.append((t.get_text(), t.get_window_extent(renderer)))
    for t in drawn_ticks:
        if t.get_visible() and t.get_text().strip():
            out.append((t.get_text(), t.get_window_extent(renderer)))
    return out


def test_all_eight_charts_exist(specs):
    assert set(specs) == {"org_distribution", "member_distribution", "shares_vs_targets", "targets_scorecard",
                          "admissions", "by_type", "ranking", "twenty_percent"}
    for spec in specs.values():
        assert spec.title and spec.takeaway and spec.stem.isascii()


@pytest.mark.parametrize("key", ["org_distribution", "member_distribution", "shares_vs_targets", "targets_scorecard",
                                 "admissions", "by_type", "ranking", "twenty_percent"])
def test_chart_text_inside_figure_and_not_overlapping(specs, key):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font" would be a warning: fonts cover Vietnamese
        fig = draw(specs[key])
        texts = _texts(fig)
    box = fig.bbox
    assert any(t.startswith("Nguồn:") for t, _ in texts), "source line"
    assert any(t == specs[key].title for t, _ in texts), "title"
    for text, bb in texts:
        assert bb.x0 >= box.x0 - 1 and bb.x1 <= box.x1 + 1 and bb.y0 >= box.y0 - 1 and bb.y1 <= box.y1 + 1, text
    for i, (a, bb_a) in enumerate(texts):
        for b, bb_b in texts[i + 1:]:
            overlap_w = min(bb_a.x1, bb_b.x1) - max(bb_a.x0, bb_b.x0)
            overlap_h = min(bb_a.y1, bb_b.y1) - max(bb_a.y0, bb_b.y0)
            assert overlap_w <= 1 or overlap_h <= 1, f"{a!r} overlaps {b!r}"
    plt.close(fig)


def test_scorecard_draws_the_evaluated_targets(specs):
    fig = draw(specs["targets_scorecard"])
    texts = [t for t, _ in _texts(fig)]
    assert specs["targets_scorecard"].title == "Chỉ tiêu Nghị quyết năm 2021: đạt 9/9"
    assert "91,4%" in texts and "20,9%" in texts and "98,0%" in texts and "17,2%" in texts and "152" in texts
    assert texts.count("Đạt") == 9
    plt.close(fig)


def test_by_type_ranking_and_rule_draw_their_data(specs, sample):
    fig = draw(specs["by_type"])
    ax = fig.axes[0]
    data = specs["by_type"].data
    widths = sorted(round(p.get_width(), 6) for p in ax.patches if p.get_width() > 0)
    assert widths == sorted(round(v, 6) for v in data["good_or_better_pct"].dropna())
    plt.close(fig)
    ranked = specs["ranking"].data
    assert len(ranked) == 15 and ranked["good_or_better_pct"].is_monotonic_increasing
    fig = draw(specs["ranking"])
    bars = [p.get_width() for p in fig.axes[0].patches]
    assert bars == pytest.approx(list(ranked["good_or_better_pct"]))
    plt.close(fig)
    over = specs["twenty_percent"].data
    assert (over["HTXSNV"] > 0.2 * over["HTTNV"]).all() and len(over) > 0
    everyone = ka.twenty_percent_rule(sample.member_counts[sample.member_counts["year"] == 2021])
    assert len(over) == int((everyone["HTXSNV"] > 0.2 * everyone["HTTNV"]).sum())


def test_takeaways_are_computed(specs):
    assert specs["org_distribution"].takeaway.startswith("Năm 2021, 91,4% TCCS")
    assert "vượt chỉ tiêu 6,4 điểm %" in specs["org_distribution"].takeaway
    assert specs["admissions"].takeaway == "Năm 2021 kết nạp mới 152/150 đảng viên, đạt 101,3% chỉ tiêu được giao."
    assert specs["targets_scorecard"].takeaway == "Năm 2021 đạt và vượt 9/9 chỉ tiêu Nghị quyết."


def test_report_paragraph_has_the_seed_figures(sample):
    text = report_paragraph(ka.year_summary(sample, 2021))
    assert "đạt và vượt 9/9 chỉ tiêu" in text
    assert "kết nạp mới 152/150 đảng viên, đạt 101,3% chỉ tiêu" in text
    assert ("có 91,4% TCCS đảng và 98,0% đảng viên hoàn thành tốt nhiệm vụ trở lên (trong đó, có 20,9% TCCS đảng và "
            "17,2% đảng viên hoàn thành xuất sắc nhiệm vụ)") in text
    assert "thành lập mới 1 tổ chức cơ sở đảng (TCCS đảng) trong doanh nghiệp tư nhân" in text
    assert "12 đảng viên" in text and "5 năm liền (2017–2021)" in text  # an en dash between years
    assert "So với năm 2020, tỷ lệ hoàn thành tốt nhiệm vụ trở lên của TCCS đảng tăng 0,8 điểm %" in text


def test_report_paragraph_defines_tccs_once_and_names_missed_targets(sample):
    for year in sample.years:
        s = ka.year_summary(sample, year)
        text = report_paragraph(s)
        assert text.count("tổ chức cơ sở đảng (TCCS đảng)") == 1, year  # whether or not an organisation was new
        # spelt out at its first use, a missed target's name included (2025, 2026: 'CT4 – Trong đó có 20% TCCS …')
        assert text.index("TCCS") == text.index("tổ chức cơ sở đảng (TCCS đảng)") + len("tổ chức cơ sở đảng ("), year
        assert "TCCS Đảng" not in text and "98%" not in text
        for item in s["targets"]["items"]:
            if item["met"] is False:  # named in the resolution's words (with the definition if it comes there)
                named = {f"{item['id']} – {item['name']}",
                         f"{item['id']} – {item['name'].replace('TCCS đảng', 'tổ chức cơ sở đảng (TCCS đảng)', 1)}"}
                assert any(n in text for n in named), (year, item["id"])


def test_deck_reads_back(built, specs):
    from pptx import Presentation
    from pptx.util import Emu

    prs = Presentation(built / "bao_cao_hoi_nghi_2021.pptx")
    assert round(Emu(prs.slide_width).inches / Emu(prs.slide_height).inches, 3) == round(16 / 9, 3)
    slides = list(prs.slides)
    assert len(slides) == 1 + 8 + 2
    texts = [[sh.text_frame.text for sh in s.shapes if sh.has_text_frame] for s in slides]
    assert texts[0][0] == "HỘI NGHỊ TỔNG KẾT CÔNG TÁC XÂY DỰNG ĐẢNG NĂM 2021"
    by_title = {t[0]: (s, t) for s, t in zip(slides, texts) if t}
    slide, t = by_title[specs["org_distribution"].title]
    assert t[1] == specs["org_distribution"].takeaway
    chart = next(sh.chart for sh in slide.shapes if sh.has_chart)
    assert chart.value_axis.minimum_scale == 0
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    shares = specs["org_distribution"].data.sort_values("year")
    assert series["Hoàn thành xuất sắc nhiệm vụ"] == pytest.approx(list(shares["HTXSNV_pct"] / 100))
    assert list(chart.plots[0].categories) == [str(y) for y in range(2017, 2022)]
    slide, _ = by_title[specs["admissions"].title]
    chart = next(sh.chart for sh in slide.shapes if sh.has_chart)
    assert list(chart.plots[0].series[0].values)[4] == 152 and chart.value_axis.minimum_scale == 0
    slide, _ = by_title[specs["ranking"].title]
    assert any(sh.shape_type == 13 for sh in slide.shapes)  # a picture
    slide, t = by_title["Chỉ tiêu Nghị quyết năm 2021"]
    table = next(sh.table for sh in slide.shapes if sh.has_table)
    assert len(table.rows) == 10 and [table.cell(i, 5).text for i in range(1, 10)] == ["Đạt"] * 9
    assert "98,0% đảng viên" in " ".join(texts[-1])  # one form of a share in every output


def test_workbook_reads_back_formatted(built):
    wb = load_workbook(built / "bang_tong_hop_2021.xlsx")
    assert wb.sheetnames == ["TCCS theo năm", "Đảng viên theo năm", "Theo loại hình 2021", "Chỉ tiêu 2021", "Kết nạp",
                             "Quy tắc 20% 2021"]
    ws = wb["TCCS theo năm"]
    # the committee of 2021 as the build names it (the settings beside the sample, else the defaults), above the title
    assert ws["A1"].value == ka.config.load_settings(None, [SAMPLE_DIR]).full_name(2021).upper()
    assert ws["A2"].value.startswith("KẾT QUẢ XẾP LOẠI CHẤT LƯỢNG TCCS") and "A2" in str(ws.merged_cells)
    header = [c.value for c in ws[5]]
    assert header[0] == "Năm" and "HTTNV trở lên (%)" in header
    col = header.index("HTTNV trở lên (%)") + 1
    row2021 = next(r for r in range(6, ws.max_row + 1) if ws.cell(r, 1).value == 2021)
    cell = ws.cell(row2021, col)
    assert cell.number_format == "0.0%" and round(cell.value, 4) == round(127 / 139, 4)
    assert ws.freeze_panes == "A6"
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0  # 1 page wide, any length
    assert ws.print_title_rows.replace("$", "") == "5:5"
    targets = wb["Chỉ tiêu 2021"]
    assert [targets.cell(r, 8).value for r in range(6, 15)] == ["Đạt"] * 9


def test_no_formula_injection_in_excel_or_csv(tmp_path):
    evil = pd.DataFrame({"org_name": ["=HYPERLINK(\"http://x\",\"bấm\")", "+1+1", "-2", "@SUM(A1)", "Chi bộ A"],
                         "HTXSNV": [1, 2, 3, 4, 5]})
    path = write_tables(tmp_path / "t.xlsx", [Table("S", "TIÊU ĐỀ", "đơn vị", evil)])
    ws = load_workbook(path)["S"]
    values = [ws.cell(r, 1) for r in range(5, 10)]
    assert [c.value for c in values] == list(evil["org_name"])
    assert all(c.data_type == "s" for c in values)
    csv = write_csv(tmp_path / "t.csv", evil).read_text(encoding="utf-8-sig").splitlines()
    assert csv[1].startswith("\"'=HYPERLINK") and csv[2].startswith("'+1+1") and csv[4].startswith("'@SUM")


def test_outputs_show_aggregates_only(built, sample):
    names = set(sample.members["name"].dropna())
    for path in built.rglob("*"):
        if path.suffix in (".json", ".txt", ".md", ".csv", ".svg"):
            text = path.read_text(encoding="utf-8", errors="ignore")
            assert not any(n in text for n in names), path


def test_index_lists_outputs_inputs_and_command(built):
    import json

    index = json.loads((built / "index.json").read_text(encoding="utf-8"))
    paths = {o["path"] for o in index["outputs"]}
    assert {"bao_cao_hoi_nghi_2021.pptx", "bang_tong_hop_2021.xlsx", "doan_bao_cao_2021.md"} <= paths
    assert all((built / p).exists() for p in paths)
    assert index["inputs"] and index["command"]


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
                    reason="LibreOffice (soffice) and poppler (pdftoppm) are not installed here; .ci/run installs them")
def test_deck_renders_with_libreoffice(built, tmp_path):
    deck = built / "bao_cao_hoi_nghi_2021.pptx"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(deck)], check=True, capture_output=True, timeout=300)
    pdf = tmp_path / "bao_cao_hoi_nghi_2021.pdf"
    assert pdf.exists()
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "slide")], check=True, timeout=120)
    pages = sorted(Path(tmp_path).glob("slide-*.png"))
    assert len(pages) == 11
    assert all(p.stat().st_size > 2000 for p in pages)  # a blank page is a few hundred bytes
    from PIL import Image

    for page in pages:  # 16:9 pages: LibreOffice kept the slide size
        w, h = Image.open(page).size
        assert abs(w / h - 16 / 9) < 0.02


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice, with Calc) and poppler are not installed here; .ci/run installs them")
def test_workbook_prints_whole_titles_with_libreoffice(built, tmp_path):
    """Printed through LibreOffice, each sheet's title is there whole (not 'T NẠP ĐẢNG VIÊN MỚI SO VỚI CHỈ TI')."""
    book = built / "bang_tong_hop_2021.xlsx"
    r = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(book)], capture_output=True, timeout=300)
    pdf = tmp_path / "bang_tong_hop_2021.pdf"
    if not pdf.exists():
        pytest.skip(f"LibreOffice could not open a workbook here (Calc missing?): {r.stderr[-200:]!r}")
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    wb = load_workbook(book)
    for ws in wb.worksheets:
        title = ws["A1"].value
        assert title in text, title
        assert ws.row_dimensions[1].height and ws.row_dimensions[1].height >= 20


def _deck_texts(path):
    """Every text of a deck: text frames, tables and native charts' categories and series names."""
    from pptx import Presentation

    out = []
    for slide in Presentation(path).slides:
        for sh in slide.shapes:
            if sh.has_text_frame:
                out.append(sh.text_frame.text)
            if sh.has_table:
                out += [c.text for row in sh.table.rows for c in row.cells]
            if sh.has_chart:
                for plot in sh.chart.plots:
                    out += [str(c) for c in plot.categories] + [s.name for s in plot.series]
    return out


def test_a_build_for_2021_shows_nothing_after_2021(built):
    """The sample has 2022; a build for 2021 puts it in no slide, no sheet, no chart's name."""
    assert not [t for t in _deck_texts(built / "bao_cao_hoi_nghi_2021.pptx") if "2022" in t]
    wb = load_workbook(built / "bang_tong_hop_2021.xlsx")
    for ws in wb.worksheets:
        cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
        assert not [c for c in cells if "2022" in c], ws.title
    assert wb["Kết nạp"]["A2"].value.endswith("2017–2021")  # under the committee's name
    charts = {p.name for p in (built / "bieu_do").iterdir()}
    assert "ty_le_xep_loai_tccs_2017_2021.png" in charts and not [c for c in charts if "2022" in c]
    assert not (built / "tom_tat_2022.json").exists()
    assert "2022" not in (built / "ty_le_theo_nam.csv").read_text(encoding="utf-8-sig")


def test_build_from_to(sample, tmp_path):
    result = build([SAMPLE_DIR], tmp_path, year_from=2019, year_to=2021, progress=False)
    assert result["status"] == "built"
    charts = {p.name for p in (tmp_path / "bieu_do").iterdir()}
    assert "ket_nap_dang_vien_2019_2021.png" in charts and "ty_le_xep_loai_dang_vien_2019_2021.svg" in charts
    assert (tmp_path / "bao_cao_hoi_nghi_2021.pptx").exists()
    from pptx import Presentation

    prs = Presentation(tmp_path / "bao_cao_hoi_nghi_2021.pptx")
    chart = next(sh.chart for s in prs.slides for sh in s.shapes if sh.has_chart)
    assert list(chart.plots[0].categories) == ["2019", "2020", "2021"]


def test_workbook_counts_are_integers_and_rows_fit_their_text(built):
    wb = load_workbook(built / "bang_tong_hop_2021.xlsx")
    ws = wb["Kết nạp"]
    header = [c.value for c in ws[5]]  # the committee's name, the title, the units, a blank row, the header
    for name in ("Chỉ tiêu", "Kết nạp mới"):
        col = header.index(name) + 1
        cells = [ws.cell(r, col) for r in range(6, ws.max_row + 1)]
        assert all(c.number_format == "#,##0" and float(c.value).is_integer() for c in cells), name  # 150, not 150,0
    for ws in wb.worksheets:
        for row in (1, 2):  # the committee's name and the title wrap, never spill
            assert ws.row_dimensions[row].height >= 20 and ws[f"A{row}"].alignment.wrap_text
        assert ws.row_dimensions[5].height >= 20
    targets = wb["Chỉ tiêu 2021"]
    header = [c.value for c in targets[5]]
    counted = 0
    for r in range(6, targets.max_row + 1):  # a target counted in TCCS or members: 152 and +2, not 152,0 and +2,0
        unit = targets.cell(r, header.index("Đơn vị") + 1).value
        actual = targets.cell(r, header.index("Kết quả") + 1)
        gap = targets.cell(r, header.index("Chênh lệch") + 1)
        if unit == "%":
            assert actual.number_format == "#,##0.0" and gap.number_format == "+0.0;-0.0;0.0", r
        else:
            counted += 1
            assert actual.number_format == "#,##0" and float(actual.value).is_integer(), r
            assert gap.number_format == "+#,##0;-#,##0;0", r
    assert counted >= 2  # the sample's new organisations and admissions
    width = targets.column_dimensions["B"].width
    for r in range(6, targets.max_row + 1):
        name = targets.cell(r, header.index("Chỉ tiêu Nghị quyết") + 1).value
        if len(name) > width:  # a wrapped name gets a row tall enough for its lines
            assert targets.row_dimensions[r].height and targets.row_dimensions[r].height >= 30, name


def test_built_files_follow_the_umask(built):
    """Every file and folder a build writes has the modes the user's umask gives (never 600: colleagues open the
    deck), the charts' folder and the build's state included."""
    import os
    import stat

    umask = os.umask(0)
    os.umask(umask)
    paths = list(built.rglob("*"))  # the folder itself is pytest's (700)
    assert any(p.suffix == ".pptx" for p in paths) and any(p.parent.name == "bieu_do" for p in paths)
    for path in paths:
        want = (0o777 if path.is_dir() else 0o666) & ~umask
        assert stat.S_IMODE(path.stat().st_mode) == want, (path.name, oct(path.stat().st_mode))
