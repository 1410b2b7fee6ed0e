"""The conference deck: a 16:9 PowerPoint (python-pptx). A title slide; one slide per chart with a one-sentence
takeaway computed from the data; the targets table; the report paragraph. Rating distributions, admissions,
shares by type and score distributions are native, editable PowerPoint charts (value axis from 0) so staff can
restyle them; the others are pictures of the PNG charts. A native chart over years crossing a structural break
(the 2025 reorganisation) stars the break year ('2025*') and says why in a note under the chart."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from .. import labels
from ..config import DEFAULT_SETTINGS, Settings
from ..fmt import fmt_int, fmt_pct
from .report import TARGET_HEADERS, regime_line, report_paragraph, target_cells
from .save import atomic_path
from .score_plots import band_label
from .specs import ChartSpec

FONT = "Arial"
NATIVE = ("org_distribution", "member_distribution", "admissions", "by_type", "org_scores", "member_scores")


def build_deck(path: Path | str, summary: dict, specs: list[ChartSpec], pictures: dict[str, Path],
               settings: Settings | None = None) -> Path:
    """Write the deck for summary['year']; `pictures` maps chart keys to their PNG files (for the charts that
    are not native). The committee is named as `settings` says for the year. Written atomically."""
    settings = settings or DEFAULT_SETTINGS

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    year = summary["year"]
    _title_slide(prs, year, settings.full_name(year))
    for spec in specs:
        slide = _chart_slide(prs, spec.title, spec.takeaway)
        if spec.key in NATIVE and not spec.data.empty:
            _native_chart(slide, spec, year)
        elif spec.key in pictures:
            _picture(slide, pictures[spec.key])
        slide.notes_slide.notes_text_frame.text = labels.source_line(settings.full_name(year))
    if summary.get("targets"):
        _targets_slide(prs, summary)
    _text_slide(prs, f"Tóm tắt kết quả năm {year}", report_paragraph(summary, settings))
    with atomic_path(path) as tmp:
        prs.save(str(tmp))
    return Path(path)


def _text(frame, text: str, size: int, bold: bool = False, color: str = "1F1F1F"):

    frame.word_wrap = True
    para = frame.paragraphs[0]
    para.text = text
    for run in para.runs:
        run.font.name, run.font.size, run.font.bold = FONT, Pt(size), bold
        run.font.color.rgb = RGBColor.from_string(color)


def _title_slide(prs, year: int, committee: str) -> None:

    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(0.8), Inches(2.3), Inches(11.7), Inches(1.6))
    _text(box.text_frame, f"HỘI NGHỊ TỔNG KẾT CÔNG TÁC XÂY DỰNG ĐẢNG NĂM {year}", 34, bold=True, color="1F4E79")
    sub = slide.shapes.add_textbox(Inches(0.8), Inches(4.0), Inches(11.7), Inches(1.2))
    _text(sub.text_frame, f"{committee} · Kết quả đánh giá, xếp loại chất lượng tổ chức cơ sở đảng và đảng viên", 18,
          color="404040")
    if regime_line(year):  # the year's regulation, as a footer line
        foot = slide.shapes.add_textbox(Inches(0.8), Inches(6.3), Inches(11.7), Inches(0.6))
        _text(foot.text_frame, regime_line(year), 14, color="595959")


def _chart_slide(prs, title: str, takeaway: str):

    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(0.55), Inches(0.25), Inches(12.2), Inches(0.7))
    # one line of 12.2 inches holds about 56 characters of this font at 24 pt, 68 at 20 pt, 76 at 18 pt, 86 at 16
    size = 24 if len(title) <= 56 else 20 if len(title) <= 68 else 18 if len(title) <= 76 else 16
    _text(box.text_frame, title, size, bold=True, color="1F4E79")
    take = slide.shapes.add_textbox(Inches(0.55), Inches(0.95), Inches(12.2), Inches(0.75))
    _text(take.text_frame, takeaway, 16 if len(takeaway) <= 130 else 14, color="C0392B")
    return slide


# the picture and chart area under a slide's title and takeaway, inside the slide with a margin
AREA = (Inches(0.55), Inches(1.75), Inches(12.2), Inches(5.55))
# the number format of the chart data (what a viewer sees when editing the data); the labels are text
PCT_FORMAT = "0.0%"
# a count axis with a literal dot for thousands (1.000, 12.000): the same in every locale, as "0%" is
COUNT_AXIS_FORMAT = r"[>=1000000]#\.###\.##0;[>=1000]#\.##0;0"
NOTE_HEIGHT = Inches(0.4)  # the structural-break note under a native chart
DARK_LABEL_LEVELS = ("HTNV",)  # a light fill: its labels are dark; every other level's are white


def _picture(slide, path: Path):
    """The picture as large as fits in AREA, its proportions kept, centred: never beyond the slide."""
    left, top, width, height = AREA
    pic = slide.shapes.add_picture(str(path), left, top, height=height)
    if pic.width > width:
        pic.height, pic.width = int(pic.height * width / pic.width), width
    pic.left = int(left + (width - pic.width) / 2)
    return pic


def _chart_data(spec: ChartSpec, year: int):
    """Categories, series (name, values, colour), each point's label text and the chart type of a native chart.
    Series go in drawing order: a stacked chart's first series is its bottom, so the worst level comes first
    and HTXSNV ends on top, as in the PNG. Values are real numbers (shares as fractions, so staff can restyle
    or recompute); labels are text in Vietnamese format, the same in every viewer's locale."""
    data = CategoryChartData()
    frame = spec.data.sort_values("year") if "year" in spec.data else spec.data
    colors: list[str] = []
    texts: list[list[str]] = []
    if spec.key in ("org_scores", "member_scores"):
        return _score_chart_data(spec, year)
    marked = set(marked_breaks(spec, year))
    if spec.key in ("org_distribution", "member_distribution"):
        data.categories = [_year_text(int(y), marked) for y in frame["year"]]
        for lvl in labels.LEVELS:
            pcts = [float(v) if pd.notna(v) else 0.0 for v in frame[f"{lvl}_pct"]]
            data.add_series(labels.LEVEL_NAMES[lvl], [v / 100 for v in pcts], number_format=PCT_FORMAT)
            texts.append([fmt_pct(v) for v in pcts])
            colors.append(labels.LEVEL_COLORS[lvl].lstrip("#"))
        return data, colors, XL_CHART_TYPE.COLUMN_STACKED_100, texts
    if spec.key == "admissions":
        short = frame["admitted"] < frame["quota"]
        data.categories = [_year_text(int(y), marked) + (f" ({labels.TARGET_STATUS[False].lower()})" if s else "")
                           for y, s in zip(frame["year"], short)]
        data.add_series(labels.AXIS_LABELS["admitted"], [int(v) for v in frame["admitted"]], number_format="0")
        data.add_series(labels.AXIS_LABELS["quota"], [int(v) for v in frame["quota"]], number_format="0")
        texts.append([f"{fmt_int(a)} ({fmt_pct(p)})" for a, p in zip(frame["admitted"], frame["attainment_pct"])])
        texts.append([fmt_int(q) for q in frame["quota"]])
        return data, ["1E7B45", "7F7F7F"], XL_CHART_TYPE.COLUMN_CLUSTERED, texts
    # by_type: this year against last. A bar chart draws its first category at the bottom and a group's first
    # series lowest: the types go in reverse (the first at the top, as in the table) and last year first (this
    # year on top of each pair, as in the PNG), with no reversed axis to move the value axis to the top
    types = [t for t in labels.ORG_TYPES if t in set(frame["org_type"])][::-1]
    data.categories = [labels.ORG_TYPES[t] for t in types]
    for y, color in ((year - 1, "B4C7E7"), (year, "1F4E79")):
        sub = frame[frame["year"] == y].set_index("org_type")["good_or_better_pct"]
        pcts = [float(sub.get(t)) if pd.notna(sub.get(t)) else None for t in types]
        data.add_series(_year_text(y, marked), [v / 100 if v is not None else 0.0 for v in pcts],
                        number_format=PCT_FORMAT)
        texts.append([fmt_pct(v) if v is not None else "" for v in pcts])
        colors.append(color)
    return data, colors, XL_CHART_TYPE.BAR_CLUSTERED, texts


def marked_breaks(spec: ChartSpec, year: int) -> list[int]:
    """The break years a native chart marks: those whose year and year before are both drawn (as the PNG's
    dashed line); for the by-type chart (last year against this year), this year's break."""
    if spec.key == "by_type":
        return [year] if year in spec.breaks else []
    years = {int(y) for y in spec.data["year"]} if "year" in spec.data else set()
    return sorted(y for y in spec.breaks if y in years and y - 1 in years)


def _year_text(year: int, marked) -> str:
    """A year as a category or series name: '2025*' for a marked break (the slide's note says why)."""
    return labels.STRUCTURE_BREAK_CATEGORY.format(year=year) if year in marked else str(year)


def _score_chart_data(spec: ChartSpec, year: int):
    """The score distribution: bands (lowest first) as categories, one series of counts per year (the year
    before light, first), each point labelled with its count and share."""
    data = CategoryChartData()
    frame = spec.data
    years = sorted(int(y) for y in frame["year"].unique())
    first = frame[frame["year"] == years[-1]].sort_values("low")
    order = list(first["level"])
    data.categories = [band_label(lvl, lo, hi, sep=": ") for lvl, lo, hi in
                       zip(first["level"], first["low"], first["high"])]
    colors, texts = [], []
    for y in years:
        rows = frame[frame["year"] == y].set_index("level").reindex(order)
        counts = [int(v) if pd.notna(v) else 0 for v in rows["count"]]
        data.add_series(str(y), counts, number_format="0")
        texts.append([f"{fmt_int(n)} ({fmt_pct(p)})" for n, p in zip(counts, rows["pct"])])
        colors.append("1F4E79" if y == years[-1] else "B4C7E7")
    return data, colors, XL_CHART_TYPE.COLUMN_CLUSTERED, texts


def _native_chart(slide, spec: ChartSpec, year: int) -> None:

    data, colors, kind, texts = _chart_data(spec, year)
    left, top, width, height = AREA
    marked = [] if spec.key in ("org_scores", "member_scores") else marked_breaks(spec, year)
    if marked:  # the note under the chart says what the starred year means
        height -= NOTE_HEIGHT
        note = slide.shapes.add_textbox(left, top + height, width, NOTE_HEIGHT)
        _text(note.text_frame, "; ".join(labels.STRUCTURE_BREAK_NOTE.format(year=y) for y in marked) + ".", 12,
              color="7F3F98")
        note.name = "structure_break_note"
    shape = slide.shapes.add_chart(kind, left, top, width, height, data)
    chart = shape.chart
    chart.font.name, chart.font.size = FONT, Pt(12)
    chart.has_legend = True
    chart.legend.include_in_layout = False
    axis = chart.value_axis
    axis.minimum_scale = 0
    if kind != XL_CHART_TYPE.COLUMN_CLUSTERED:
        axis.maximum_scale = 1.0
        # "0%" has no decimal sign: it reads the same in every locale
        axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = "0%", False
    else:
        axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = COUNT_AXIS_FORMAT, False
    axis.has_major_gridlines = True
    plot = chart.plots[0]
    for series, color in zip(plot.series, colors):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(color)
    plot.has_data_labels = True
    plot.data_labels.font.size = Pt(10)
    if kind == XL_CHART_TYPE.COLUMN_STACKED_100:
        # a vertical legend lists a stack top-down (HTXSNV first), as the PNG's does
        chart.legend.position = XL_LEGEND_POSITION.RIGHT
        plot.gap_width = 60
        for series, lvl, series_texts in zip(plot.series, labels.LEVELS, texts):
            color = "1F1F1F" if lvl in DARK_LABEL_LEVELS else "FFFFFF"
            for i, value in enumerate(series.values):
                if value < 0.03:  # deliberately unlabelled: the label would overlap its neighbours
                    _hide_label(series.points[i].data_label)
                else:
                    _label(series.points[i].data_label, series_texts[i], XL_LABEL_POSITION.CENTER, color)
    elif kind == XL_CHART_TYPE.BAR_CLUSTERED:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        for series, series_texts in zip(plot.series, texts):
            for i, text in enumerate(series_texts):
                if text:
                    _label(series.points[i].data_label, text, XL_LABEL_POSITION.OUTSIDE_END, "1F1F1F")
                else:
                    _hide_label(series.points[i].data_label)
    elif spec.key == "admissions":
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        _mark_admissions(plot, spec.data.sort_values("year"), texts)
    else:  # the score distribution
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.has_legend = len(plot.series) > 1
        for series, series_texts in zip(plot.series, texts):
            for i, text in enumerate(series_texts):
                _label(series.points[i].data_label, text, XL_LABEL_POSITION.OUTSIDE_END, "1F1F1F")


def _label(data_label, text: str, position, color: str, *, size: int = 10, bold: bool = False) -> None:
    """One point's label written as text ("91,4%"): a number format code would show the viewer's decimal sign
    (91.4% on an English system), text shows the same everywhere. The chart data stay numbers."""
    data_label.text_frame.text = text
    data_label.position = position
    for run in data_label.text_frame.paragraphs[0].runs:
        run.font.size, run.font.bold = Pt(size), bold
        run.font.color.rgb = RGBColor.from_string(color)


def _mark_admissions(plot, frame: pd.DataFrame, texts: list[list[str]]) -> None:
    """Shortfall years in red, and each year's admitted (attainment) and quota written over its bars."""
    admitted, quota = plot.series[0], plot.series[1]
    for i, (adm, q) in enumerate(zip(frame["admitted"], frame["quota"])):
        color = "1E7B45" if adm >= q else "C0392B"
        point = admitted.points[i]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = RGBColor.from_string(color)
        _label(point.data_label, texts[0][i], XL_LABEL_POSITION.OUTSIDE_END, color, size=11, bold=True)
        _label(quota.points[i].data_label, texts[1][i], XL_LABEL_POSITION.OUTSIDE_END, "404040")


def _hide_label(data_label) -> None:
    """Delete one point's data label (c:dLbl with c:delete), which PowerPoint and LibreOffice both honour."""

    dlbl = data_label._get_or_add_dLbl()
    for child in list(dlbl):
        if child.tag != qn("c:idx"):
            dlbl.remove(child)
    etree.SubElement(dlbl, qn("c:delete")).set("val", "1")


def _targets_slide(prs, summary: dict) -> None:

    tg = summary["targets"]
    year = summary["year"]
    slide = _chart_slide(prs, f"Chỉ tiêu Nghị quyết năm {year}",
                         f"Đạt {tg['met']}/{tg['total']} chỉ tiêu" + (" Nghị quyết đề ra." if tg["met"] == tg["total"]
                                                                      else "; các chỉ tiêu chưa đạt tô đỏ."))
    rows = len(tg["items"]) + 1
    table = slide.shapes.add_table(rows, 6, Inches(0.55), Inches(1.8), Inches(12.2), Inches(0.45 * rows)).table
    widths = [0.8, 6.0, 1.3, 1.2, 1.8, 1.1]
    for j, w in enumerate(widths):
        table.columns[j].width = Inches(w)
    headers = list(TARGET_HEADERS)
    for j, h in enumerate(headers):
        _cell(table.cell(0, j), h, bold=True)
    for i, item in enumerate(tg["items"], 1):
        for j, text in enumerate(target_cells(item)):
            _cell(table.cell(i, j), text, color="C0392B" if item["met"] is False and j >= 3 else "1F1F1F")
    for row in table.rows:
        row.height = Inches(0.45)


def _cell(cell, text: str, *, bold: bool = False, color: str = "1F1F1F") -> None:

    cell.text = text
    for para in cell.text_frame.paragraphs:
        for run in para.runs:
            run.font.name, run.font.size, run.font.bold = FONT, Pt(12), bold
            run.font.color.rgb = RGBColor.from_string(color)


def _text_slide(prs, title: str, body: str) -> None:

    slide = _chart_slide(prs, title, "")
    box = slide.shapes.add_textbox(Inches(0.8), Inches(1.8), Inches(11.7), Inches(5.0))
    _text(box.text_frame, body, 20)
