"""The score distribution chart (QĐ 366-QĐ/TW years): drawn bars are the counts per band computed by
scores.band_counts, labels are Vietnamese, the chart and its native deck slide exist only for a year with scores;
and the deck's native year charts mark a structural break. On a small synthetic dataset built here."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from pptx import Presentation  # noqa: E402
from pptx.util import Emu  # noqa: E402

import khoi_analysis as ka  # noqa: E402
from khoi_analysis import labels, scores  # noqa: E402
from khoi_analysis.outputs.deck import build_deck  # noqa: E402
from khoi_analysis.outputs.specs import chart_specs, draw  # noqa: E402
from khoi_analysis.outputs.summary import year_summary  # noqa: E402

# 2024 (QĐ 124, no scores): A, B, C; 2025 B and C merged into BC; 2025 and 2026 scored (QĐ 366)
ORGS = pd.DataFrame({
    "year": [2024] * 3 + [2025] * 2 + [2026] * 2,
    "org_id": ["a", "b", "c", "a", "bc", "a", "bc"],
    "org_name": ["Chi bộ A", "Chi bộ B", "Chi bộ C", "Chi bộ A", "Chi bộ BC", "Chi bộ A", "Chi bộ BC"],
    "org_type": "co_quan_hanh_chinh",
    "rating": ["HTTNV", "HTXSNV", "HTNV", "HTXSNV", "HTTNV", "HTTNV", "HTXSNV"],
    "score": [None, None, None, 93, 75, 88, 91],
})
# members of 2026: scores 95, 91 | 85, 72, 70 | 65 | 40 (one rated HTTNV with 95: below its band)
MEMBERS = pd.DataFrame({
    "year": 2026, "member_id": [f"m{i}" for i in range(7)],
    "org_id": ["a"] * 4 + ["bc"] * 3, "org_name": ["Chi bộ A"] * 4 + ["Chi bộ BC"] * 3,
    "rating": ["HTTNV", "HTXSNV", "HTTNV", "HTTNV", "HTTNV", "HTNV", "KHTNV"],
    "score": [95, 91, 85, 72, 70, 65, 40],
})
LINEAGE = pd.DataFrame({"year": [2025, 2025], "kind": ["hợp nhất", "hợp nhất"],
                        "old_name": ["Chi bộ B", "Chi bộ C"], "new_name": ["Chi bộ BC", "Chi bộ BC"]})


@pytest.fixture(scope="module")
def ds():
    return ka.Dataset.from_frames(orgs=ORGS, members=MEMBERS, lineage=LINEAGE)


def test_band_counts_by_hand(ds):
    bands = scores.band_counts(ds.members)
    assert bands["level"].tolist() == ["KHTNV", "HTNV", "HTTNV", "HTXSNV"]  # lowest band first
    assert bands["count"].tolist() == [1, 1, 3, 2]
    assert bands["pct"].round(4).tolist() == [14.2857, 14.2857, 42.8571, 28.5714]
    assert bands["low"].tolist() == [0, 50, 70, 90] and bands["high"].tolist()[:3] == [50, 70, 90]
    orgs = scores.band_counts(ds.orgs).set_index(["year", "level"])["count"]
    assert orgs[2025].tolist() == [0, 0, 1, 1] and orgs[2026].tolist() == [0, 0, 1, 1]
    assert 2024 not in orgs.index.get_level_values(0)  # no scores (and no bands) before 2025
    assert scores.band_counts(ds.orgs.assign(year=2021)).empty  # QĐ 132: no bands


def _bars(ax, year):
    return [p.get_height() for p in ax.patches if p.get_gid() == f"score_band_{year}"]


def test_drawn_bars_are_the_counts_with_vietnamese_labels(ds):
    bands = scores.band_counts(ds.members)
    with ka.use_style():
        fig, ax = plt.subplots()
        ka.plot_score_distribution(bands, who="members", ax=ax)
    assert _bars(ax, 2026) == bands["count"].tolist()
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["KHTNV\ndưới 50 điểm", "HTNV\n50–dưới 70 điểm", "HTTNV\n70–dưới 90 điểm", "HTXSNV\ntừ 90 điểm"]
    texts = [t.get_text() for t in ax.texts]
    assert "3\n(42,9%)" in texts and "2\n(28,6%)" in texts  # decimal comma
    assert ax.get_ylabel() == labels.SCORE_COUNT_AXIS["members"]
    assert all("." not in t.get_text() for t in ax.get_yticklabels())  # whole counts only
    plt.close(fig)


def test_spec_for_a_year_with_scores_draws_both_years(ds):
    specs = {s.key: s for s in chart_specs(ds, 2026)}
    assert {"org_scores", "member_scores"} <= set(specs)
    assert "ranking" not in specs  # no TCCS with 5 members rated: no ranking (and no error)
    org = specs["org_scores"]
    assert set(org.data["year"]) == {2025, 2026}  # the year before was scored too
    fig = draw(org)
    ax = fig.axes[0]
    expected = scores.band_counts(ds.orgs[ds.orgs["year"] >= 2025])
    for year in (2025, 2026):
        assert _bars(ax, year) == expected[expected["year"] == year]["count"].tolist()
    plt.close(fig)
    assert org.title == "Điểm đánh giá TCCS đảng năm 2026: bình quân 89,5 điểm; 1 TCCS đảng (50,0%) từ 90 điểm"
    assert org.takeaway == ("Năm 2026, 2 TCCS đảng có điểm đánh giá; bình quân 89,5 điểm (+5,5 điểm so với năm "
                            "2025), trung vị 89,5 điểm.")
    member = specs["member_scores"]
    assert "1 đảng viên xếp loại thấp hơn khung điểm (do điều kiện)" in member.takeaway
    assert set(member.data["year"]) == {2026}


def test_no_score_chart_for_a_year_without_scores(ds):
    assert not {"org_scores", "member_scores"} & {s.key for s in chart_specs(ds, 2024)}
    old = ka.Dataset.from_frames(orgs=ORGS.drop(columns="score").assign(year=ORGS["year"] - 5))  # 2019–2021
    assert not {"org_scores", "member_scores"} & {s.key for s in chart_specs(old, 2021)}


def _charts(path):
    out = {}
    for slide in Presentation(path).slides:
        title = slide.shapes[0].text_frame.text
        out[title] = slide
    return out


def _chart_of(slide):
    return next(sh.chart for sh in slide.shapes if sh.has_chart)


def test_the_deck_has_a_native_score_slide_only_when_scored(ds, tmp_path):
    specs = chart_specs(ds, 2026)
    path = build_deck(tmp_path / "d.pptx", year_summary(ds, 2026), specs, {})
    slides = _charts(path)
    spec = next(s for s in specs if s.key == "member_scores")
    chart = _chart_of(slides[spec.title])
    assert list(chart.plots[0].categories) == ["KHTNV: dưới 50 điểm", "HTNV: 50–dưới 70 điểm",
                                               "HTTNV: 70–dưới 90 điểm", "HTXSNV: từ 90 điểm"]
    series = chart.plots[0].series
    assert [s.name for s in series] == ["2026"] and list(series[0].values) == [1, 1, 3, 2]
    assert [series[0].points[i].data_label.text_frame.text for i in range(4)] == \
        ["1 (14,3%)", "1 (14,3%)", "3 (42,9%)", "2 (28,6%)"]
    orgs = _chart_of(slides[next(s for s in specs if s.key == "org_scores").title])
    assert [s.name for s in orgs.plots[0].series] == ["2025", "2026"]
    # 2024: no scores, no score slide
    specs24 = chart_specs(ds, 2024)
    path24 = build_deck(tmp_path / "d24.pptx", year_summary(ds, 2024), specs24, {})
    texts = " ".join(sh.text_frame.text for sl in Presentation(path24).slides for sh in sl.shapes
                     if sh.has_text_frame)
    assert "Điểm đánh giá" not in texts


def _break_notes(slide):
    return [sh for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text.startswith("* Từ năm")]


def test_native_year_charts_star_the_break_and_say_why(ds, tmp_path):
    specs = chart_specs(ds, 2026)
    assert {s.key: s.breaks for s in specs}["org_distribution"] == (2025,)  # from the lineage's merge
    prs_path = build_deck(tmp_path / "b.pptx", year_summary(ds, 2026), specs, {})
    prs = Presentation(prs_path)
    slides = _charts(prs_path)
    dist = slides[next(s for s in specs if s.key == "org_distribution").title]
    assert list(_chart_of(dist).plots[0].categories) == ["2024", "2025*", "2026"]
    (note,) = _break_notes(dist)
    assert note.text_frame.text == labels.STRUCTURE_BREAK_NOTE.format(year=2025) + "."
    chart_shape = next(sh for sh in dist.shapes if sh.has_chart)
    assert chart_shape.top + chart_shape.height <= note.top  # the note under the chart, not over it
    assert note.top + note.height <= Emu(prs.slide_height)
    scored = slides[next(s for s in specs if s.key == "org_scores").title]
    assert not _break_notes(scored)  # 2025 and 2026 are both after the break


def test_no_star_without_a_break_or_when_only_one_side_is_drawn(ds, tmp_path):
    plain = ka.Dataset.from_frames(orgs=ORGS[ORGS["year"] >= 2025])  # no lineage, no 2024
    specs = chart_specs(plain, 2026)
    path = build_deck(tmp_path / "p.pptx", year_summary(plain, 2026), specs, {})
    slides = _charts(path)
    dist = slides[next(s for s in specs if s.key == "org_distribution").title]
    assert list(_chart_of(dist).plots[0].categories) == ["2025", "2026"] and not _break_notes(dist)
    only_after = chart_specs(ka.Dataset.from_frames(orgs=ORGS[ORGS["year"] >= 2025], lineage=LINEAGE), 2026)
    path = build_deck(tmp_path / "q.pptx", year_summary(plain, 2026), only_after, {})
    dist = _charts(path)[next(s for s in only_after if s.key == "org_distribution").title]
    assert list(_chart_of(dist).plots[0].categories) == ["2025", "2026"] and not _break_notes(dist)


def test_by_type_slide_stars_this_year_when_the_comparison_crosses_the_break(ds, tmp_path):
    specs = chart_specs(ds, 2025)
    path = build_deck(tmp_path / "t.pptx", year_summary(ds, 2025), specs, {})
    slide = _charts(path)[next(s for s in specs if s.key == "by_type").title]
    assert [s.name for s in _chart_of(slide).plots[0].series] == ["2024", "2025*"]
    assert len(_break_notes(slide)) == 1


def test_build_writes_the_score_chart_and_slide_only_for_a_scored_year(tmp_path):
    from conftest import ORG_HEADER, write_xlsx

    from khoi_analysis.build import build

    raw = tmp_path / "raw"
    scored = [("HTXSNV", 95), ("HTTNV", 85), ("HTTNV", 75), ("HTNV", 60), ("HTXSNV", 92)]
    rows = [["KẾT QUẢ XẾP LOẠI TCCS NĂM 2026"], [], ORG_HEADER + ["Tổng điểm"]]
    rows += [[i, f"Chi bộ Số {i}", "Cơ quan hành chính", 1990, lvl, None, "Có", "Có", sc]
             for i, (lvl, sc) in enumerate(scored, 1)]
    write_xlsx(raw / "bao_cao_2026.xlsx", {"TCCS": rows})
    old = [["KẾT QUẢ XẾP LOẠI TCCS NĂM 2021"], [], ORG_HEADER]
    old += [[i, f"Chi bộ Số {i}", "Cơ quan hành chính", 1990, lvl, None, "Có", "Có"]
            for i, (lvl, _) in enumerate(scored, 1)]
    write_xlsx(raw / "bao_cao_2021.xlsx", {"TCCS": old})
    for year in (2021, 2026):
        out = tmp_path / f"out{year}"
        assert build([raw], out, year=year, progress=False)["status"] == "built"
        charts = {p.name for p in (out / "bieu_do").iterdir()}
        deck = Presentation(out / f"bao_cao_hoi_nghi_{year}.pptx")
        score_charts = [sh.chart for sl in deck.slides for sh in sl.shapes if sh.has_chart
                        and list(sh.chart.plots[0].categories)[-1] == "HTXSNV: từ 90 điểm"]
        if year == 2021:  # no scores (QĐ 132): no chart, no slide, no error
            assert not [c for c in charts if c.startswith("phan_bo_diem")] and not score_charts
        else:
            assert {"phan_bo_diem_tccs_2026.png", "phan_bo_diem_tccs_2026.svg"} <= charts
            (chart,) = score_charts
            assert list(chart.plots[0].series[0].values) == [0, 1, 2, 2]  # <50, 50–<70, 70–<90, ≥90
