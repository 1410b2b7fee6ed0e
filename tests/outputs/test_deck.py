"""The deck read back: every shape inside its slide, native charts that agree with the PNGs (stack order,
legend, label contrast, number formats), the admissions chart marking shortfall years."""

import re

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_LEGEND_POSITION
from pptx.oxml.ns import qn

import khoi_analysis as ka


@pytest.fixture(scope="module")
def deck(built):
    return Presentation(built / "bao_cao_hoi_nghi_2021.pptx")


@pytest.fixture(params=["2021", "latest"])
def any_deck(request):
    """The 2021 deck, and the default build's (the latest year: scored, after the reorganisation)."""
    out = request.getfixturevalue("built" if request.param == "2021" else "built_latest")
    (path,) = out.glob("bao_cao_hoi_nghi_*.pptx")
    return Presentation(path)


def _chart(deck, title):
    for slide in deck.slides:
        texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        if texts and texts[0] == title:
            return next(sh.chart for sh in slide.shapes if sh.has_chart)
    raise AssertionError(title)


def _titles(sample):
    return {s.key: s.title for s in ka.chart_specs(sample, 2021)}


def test_every_shape_inside_its_slide(any_deck):
    deck = any_deck
    for n, slide in enumerate(deck.slides, 1):
        for sh in slide.shapes:
            assert sh.left >= 0 and sh.top >= 0, (n, sh.name)
            assert sh.left + sh.width <= deck.slide_width, (n, sh.name, sh.left + sh.width)
            assert sh.top + sh.height <= deck.slide_height, (n, sh.name, sh.top + sh.height)
    pictures = [sh for s in deck.slides for sh in s.shapes if sh.shape_type == 13]
    assert len(pictures) == 4  # shares, targets, ranking, 20% rule


@pytest.mark.parametrize("key", ["org_distribution", "member_distribution"])
def test_stacked_chart_agrees_with_the_png(deck, sample, key):
    chart = _chart(deck, _titles(sample)[key])
    series = list(chart.plots[0].series)
    # the first series is a stack's bottom: worst level first, HTXSNV on top, as the PNG draws them
    assert [s.name for s in series] == [ka.labels.LEVEL_NAMES[lvl] for lvl in ka.labels.LEVELS]
    assert chart.legend.position == XL_LEGEND_POSITION.RIGHT  # a vertical legend lists the stack top-down
    for s, lvl in zip(series, ka.labels.LEVELS):
        for i, v in enumerate(s.values):
            if v >= 0.03:
                runs = s.points[i].data_label.text_frame.paragraphs[0].runs
                color = str(runs[0].font.color.rgb)
                assert color == ("1F1F1F" if lvl == "HTNV" else "FFFFFF"), lvl  # dark text on the light fill only
        hidden = {int(d.find(qn("c:idx")).get("val")) for d in s._element.findall(f"{qn('c:dLbls')}/{qn('c:dLbl')}")
                  if d.find(qn("c:delete")) is not None}
        # a level is labelled, or deliberately not when its segment is too thin for its label
        assert hidden == {i for i, v in enumerate(s.values) if v < 0.03}, lvl
    assert not chart.category_axis.reverse_order


def test_by_type_chart_agrees_with_the_png(deck, sample):
    chart = _chart(deck, _titles(sample)["by_type"])
    cats = list(chart.plots[0].categories)
    # a bar chart's first category is at the bottom: the first type of the table comes last, at the top
    assert cats[-1] == ka.labels.ORG_TYPES["co_quan_hanh_chinh"] and not chart.category_axis.reverse_order
    assert [s.name for s in chart.plots[0].series] == ["2020", "2021"]  # 2021 on top of each pair
    texts = [[s.points[i].data_label.text_frame.text for i in range(len(cats))] for s in chart.plots[0].series]
    assert texts[1][-1] == ka.fmt_pct(spec_share(sample, 2021))  # the top pair's 2021 bar, as text


def spec_share(sample, year):
    spec = next(s for s in ka.chart_specs(sample, year) if s.key == "by_type")
    row = spec.data[(spec.data["year"] == year) & (spec.data["org_type"] == "co_quan_hanh_chinh")]
    return float(row["good_or_better_pct"].iloc[0])


VI_PCT = re.compile(r"^(\d{1,3}),(\d)%$")  # 91,4%: a decimal comma, one decimal, whatever the viewer's locale
VI_INT = re.compile(r"^\d{1,3}(\.\d{3})*$")  # 1.250


def _label_texts(series):
    """Each point's label as the deck stores it: its text, or None when the label is deliberately deleted."""
    out = {}
    for dlbl in series._element.findall(f"{qn('c:dLbls')}/{qn('c:dLbl')}"):
        idx = int(dlbl.find(qn("c:idx")).get("val"))
        if dlbl.find(qn("c:delete")) is not None:
            out[idx] = None
        else:
            out[idx] = "".join(t.text or "" for t in dlbl.iter(qn("a:t")))
    return out


def test_every_native_label_is_vietnamese_text_matching_its_value(any_deck):
    """Number format codes follow the viewer's locale (0.0% shows 91.4% on an English system): every label of
    every native chart is written as text, in Vietnamese format, and says its point's value."""
    charts = [sh.chart for slide in any_deck.slides for sh in slide.shapes if sh.has_chart]
    assert len(charts) >= 4  # and the two score charts of a scored year
    checked = 0
    for chart in charts:
        for series in chart.plots[0].series:
            texts = _label_texts(series)
            assert set(texts) == set(range(len(series.values))), series.name  # every point: text or deleted
            for i, value in enumerate(series.values):
                text = texts[i]
                if text is None:
                    continue
                pct = VI_PCT.match(text.split(" (")[0]) if "%" in text.split(" (")[0] else None
                if pct:  # a share: the label is the value in percent, one decimal
                    assert abs(float(f"{pct[1]}.{pct[2]}") - value * 100) <= 0.05 + 1e-9, (series.name, text, value)
                else:  # a count, with its attainment in brackets for the admitted bars
                    count = text.split(" (")[0]
                    assert VI_INT.match(count) and int(count.replace(".", "")) == value, (series.name, text)
                    if " (" in text:
                        assert VI_PCT.match(text.split(" (")[1].rstrip(")")), text
                checked += 1
    assert checked > 40


def test_admissions_chart_marks_shortfalls(deck, sample):
    spec = next(s for s in ka.chart_specs(sample, 2021) if s.key == "admissions")
    chart = _chart(deck, spec.title)
    frame = spec.data.sort_values("year").reset_index(drop=True)
    short = list(frame["admitted"] < frame["quota"])
    assert any(short) and not all(short)
    cats = list(chart.plots[0].categories)
    assert [("chưa đạt" in c) for c in cats] == short
    admitted = chart.plots[0].series[0]
    for i, row in frame.iterrows():
        point = admitted.points[i]
        assert str(point.format.fill.fore_color.rgb) == ("C0392B" if short[i] else "1E7B45")
        label = f"{ka.fmt_int(row['admitted'])} ({ka.fmt_pct(row['attainment_pct'])})"
        assert point.data_label.text_frame.text == label


def test_targets_table_keeps_whole_names_and_gap_units(deck, sample):
    s = ka.year_summary(sample, 2021)
    slide = next(sl for sl in deck.slides if any(sh.has_table for sh in sl.shapes))
    table = next(sh.table for sh in slide.shapes if sh.has_table)
    for i, item in enumerate(s["targets"]["items"], 1):
        assert table.cell(i, 1).text == item["name"]
        unit = "điểm %" if item["unit"] == "%" else item["unit"]
        assert table.cell(i, 4).text.endswith(unit), table.cell(i, 4).text


def test_value_axes_read_the_same_in_every_locale(any_deck):
    """A share axis in whole percent (no decimal sign); a count axis with a literal dot for thousands (1.000),
    never the viewer's separator (1,000 on an English system) nor none (1000)."""
    from khoi_analysis.outputs.deck import COUNT_AXIS_FORMAT

    for slide in any_deck.slides:
        for sh in slide.shapes:
            if sh.has_chart:
                ticks = sh.chart.value_axis.tick_labels
                shares = max(v for s in sh.chart.plots[0].series for v in s.values) <= 1
                assert not ticks.number_format_is_linked
                assert ticks.number_format == ("0%" if shares else COUNT_AXIS_FORMAT), sh.chart.chart_type
