"""Charts: the data drawn and the labels, not pixels. Build: outputs, index, incremental rebuild."""

import json
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest

import khoi_analysis as ka
from khoi_analysis.build import build, make_charts
from khoi_analysis.outputs.specs import yearly_frames


@pytest.fixture(scope="module")
def frames(sample):
    return yearly_frames(sample)


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def test_distribution_bars_are_the_shares(frames):
    with ka.use_style():
        fig, ax = plt.subplots()
        ka.plot_rating_distribution(frames["orgs"], title="T", ax=ax)
    shares = frames["orgs"].sort_values("year")
    n_years = len(shares)
    # bars are drawn level by level, worst first; each bar height is that level's share of those rated
    for i, lvl in enumerate(ka.labels.LEVELS):
        heights = [p.get_height() for p in ax.patches[i * n_years:(i + 1) * n_years]]
        assert heights == pytest.approx(shares[f"{lvl}_pct"].fillna(0).tolist())
    tops = [sum(p.get_height() for p in ax.patches[j::n_years]) for j in range(n_years)]
    assert tops == pytest.approx([100.0] * n_years)
    assert "20,9%" in _texts(ax)  # the 2021 excellent share, decimal comma
    assert [t.get_text() for t in ax.get_legend().get_texts()][0] == "Hoàn thành xuất sắc nhiệm vụ"
    plt.close(fig)


def test_shares_chart_draws_series_and_target_lines(frames, sample):
    with ka.use_style():
        fig, ax = plt.subplots()
        ka.plot_shares_vs_targets(frames["series"], targets=sample.targets,
                                  columns=("org_good_or_better_pct",), ax=ax)
    line = ax.get_lines()[0]
    assert list(line.get_xdata()) == list(range(2017, 2027))
    assert line.get_ydata()[4] == pytest.approx(100 * 127 / 139)  # 2021: 127 of 139 rated
    targets = [c for c in ax.collections if c.get_linestyle()[0][1] is not None]
    ys = sorted({round(seg[0][1], 6) for c in targets for seg in c.get_segments()})
    assert ys == [85.0, 90.0]  # the resolution of the 2025-2030 term raised it
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == "TCCS đảng 2026: 90,3%; chỉ tiêu 90%: +0,3 điểm %"
    plt.close(fig)


def test_admissions_chart(frames):
    with ka.use_style():
        fig, ax = plt.subplots()
        ka.plot_admissions(frames["admissions"], ax=ax)
    heights = [p.get_height() for p in ax.patches]
    assert heights == frames["admissions"].sort_values("year")["admitted"].tolist()
    assert "152/150\n101,3%" in _texts(ax)
    plt.close(fig)


def test_plot_functions_draw_on_the_given_axes_and_do_not_mutate(frames):
    before = frames["orgs"].copy()
    fig, ax = plt.subplots()
    assert ka.plot_rating_distribution(frames["orgs"], ax=ax) is ax
    pd.testing.assert_frame_equal(before, frames["orgs"])
    plt.close(fig)


def test_charts_have_titles_sources_and_vietnamese_glyphs(sample, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a UserWarning from matplotlib
        paths = make_charts(sample, tmp_path)
    names = sorted(p.name for p in paths)
    assert "ty_le_xep_loai_tccs_2017_2026.png" in names and "ty_le_xep_loai_tccs_2017_2026.svg" in names
    assert len(names) == 20  # ten charts (2026 has scores: two score charts), PNG and SVG
    svg = (tmp_path / "ket_nap_dang_vien_2017_2026.svg").read_text(encoding="utf-8")
    title = next(s.title for s in ka.chart_specs(sample) if s.key == "admissions")
    assert title.startswith("Kết nạp 178 đảng viên năm 2026") and title in svg and "Nguồn:" in svg


def test_build_writes_outputs_index_and_is_incremental(built_latest):
    from conftest import SAMPLE_DIR

    out = built_latest  # built once for the session, with no year
    summary = json.loads((out / "tom_tat_2021.json").read_text(encoding="utf-8"))
    assert summary["orgs"]["good_or_better_pct"] == 91.4
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert {o["path"] for o in index["outputs"]} >= {"tom_tat_2021.json", "bieu_do/ty_le_xep_loai_tccs_2017_2026.png"}
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    second = build([SAMPLE_DIR], out, progress=False)
    assert second["status"] == "unchanged"
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == mtimes
    assert build([SAMPLE_DIR], out, force=True, progress=False)["status"] == "built"


def test_build_stops_on_errors(tmp_path):
    from conftest import ORG_HEADER, write_xlsx

    raw = write_xlsx(tmp_path / "raw" / "bao_cao_2021.xlsx",
                     {"TCCS": [ORG_HEADER, [1, "Chi bộ A", "Đơn vị sự nghiệp", 2000, "Giỏi", None, "Có", "Có"]]})
    result = build([raw.parent], tmp_path / "out", progress=False)
    assert result["status"] == "errors"
    assert (tmp_path / "out" / "kiem_tra_du_lieu.txt").exists()
    assert not (tmp_path / "out" / "bieu_do").exists()


@pytest.fixture(scope="module")
def specs22(sample):
    """2022: the year with missed targets, a fall and more organisations over the 20% rule."""
    return {s.key: s for s in ka.chart_specs(sample, 2022)}


def _drawn(spec):
    from khoi_analysis.outputs.specs import draw

    fig = draw(spec)
    fig.canvas.draw()
    return fig


def test_titles_state_the_takeaway_with_the_headline_figure(specs22):
    orgs = specs22["org_distribution"].data.set_index("year")
    now, before = orgs.loc[2022, "good_or_better_pct"], orgs.loc[2021, "good_or_better_pct"]
    fall = ka.round_half_up(ka.round_half_up(before) - ka.round_half_up(now))
    assert specs22["org_distribution"].title == (f"{ka.fmt_pct(now)} TCCS đảng hoàn thành tốt nhiệm vụ trở lên năm "
                                                 f"2022, giảm {ka.fmt_pp(fall).lstrip('+')}")
    adm = specs22["admissions"].data
    short = [str(y) for y, a, q in zip(adm["year"], adm["admitted"], adm["quota"]) if a < q]
    assert specs22["admissions"].title.endswith(f"năm {', '.join(short)} chưa đạt")
    assert "khoi_analysis" not in ka.labels.SOURCE_LINE  # no software name under a chart


def test_small_levels_are_labelled_beside_the_bar(specs22):
    fig = _drawn(specs22["member_distribution"])
    texts = [t.get_text() for t in fig.axes[0].texts]
    data = specs22["member_distribution"].data
    for lvl in ka.labels.LEVELS:
        for v in data[f"{lvl}_pct"].dropna():
            if v > 0:
                assert ka.fmt_pct(v) in texts, (lvl, v)
    plt.close(fig)


def test_shares_chart_says_when_its_axis_is_cut_and_shows_targets_over_lines(specs22):
    fig = _drawn(specs22["shares_vs_targets"])
    for ax in fig.axes:
        lo = ax.get_ylim()[0]
        notes = [t.get_text() for t in ax.texts if "không từ 0" in t.get_text()]
        assert (lo > 0) == bool(notes), (lo, notes)
        line_z = max(line.get_zorder() for line in ax.get_lines())
        targets = [c for c in ax.collections if c.get_linestyle() and c.get_linestyle()[0][1]]
        assert targets and all(c.get_zorder() > line_z for c in targets)
    plt.close(fig)


def test_twenty_percent_chart_wording_names_and_axis(specs22, sample):
    spec = specs22["twenty_percent"]
    rule = ka.twenty_percent_rule(sample.member_counts[sample.member_counts["year"] == 2022])
    n_over, n_all = int(rule["over"].sum()), len(rule)
    assert spec.title.startswith(f"{n_over}/{n_all} TCCS")
    fig = _drawn(spec)
    ax = fig.axes[0]
    caption = f"15 TCCS vượt nhiều nhất, trong {n_over}/{n_all} TCCS vượt"
    assert caption in [ax.get_title(loc=loc) for loc in ("left", "center", "right")]
    names = [" ".join(t.get_text().split()) for t in ax.get_yticklabels()]
    shown = spec.data.nlargest(15, "excellent_to_good_pct")["org_name"]
    assert sorted(names) == sorted(shown)  # whole names, none cut with '…'
    assert ax.get_xlim()[1] <= 1.15 * float(spec.data["excellent_to_good_pct"].max())
    plt.close(fig)


def test_scorecard_keeps_whole_names_and_gap_units(specs22):
    spec = specs22["targets_scorecard"]
    fig = _drawn(spec)
    texts = [" ".join(t.get_text().split()) for t in fig.axes[0].texts]
    for r in spec.data.itertuples():
        assert f"{r.target_id}. {' '.join(r.name.split())}" in texts
        if pd.notna(r.gap):
            unit = "điểm %" if r.unit == "%" else r.unit
            assert any(t.endswith(unit) and t[:1] in "+−±" for t in texts), r.target_id
    plt.close(fig)


def test_charts_drawn_across_processes_are_the_files_drawn_here(sample, tmp_path, monkeypatch):
    """make_charts draws in forked workers where it can: the same files, byte for byte, as drawn in one process."""
    specs = ka.chart_specs(sample, 2021)[:3]
    monkeypatch.setenv("KHOI_ANALYSIS_WORKERS", "1")
    here = make_charts(sample, tmp_path / "here", specs=specs)
    monkeypatch.setenv("KHOI_ANALYSIS_WORKERS", "2")
    there = make_charts(sample, tmp_path / "there", specs=specs)
    assert [p.name for p in here] == [p.name for p in there] and len(here) == 6
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(here, there))


def test_shares_title_says_who_missed_its_target(sample):
    """'đều đạt chỉ tiêu' only when both met theirs; when one did not, the title names it."""
    seen = set()
    for year in sample.years:
        spec = next((s for s in ka.chart_specs(sample, year) if s.key == "shares_vs_targets"), None)
        items = {i["metric"]: i["met"] for i in ka.year_summary(sample, year)["targets"]["items"]}
        org, member = items.get("org_good_or_better_pct"), items.get("member_good_or_better_pct")
        if spec is None or org is None or member is None:
            continue
        if org and member:
            assert spec.title.endswith(", đều đạt chỉ tiêu"), spec.title
        elif not org and not member:
            assert spec.title.endswith(", đều chưa đạt chỉ tiêu"), spec.title
        else:
            who = "TCCS đảng" if not org else "đảng viên"
            assert spec.title.endswith(f"; {who} chưa đạt chỉ tiêu"), spec.title
        seen.add((org, member))
    assert (True, True) in seen and len(seen) > 1  # the sample has a year where only one of them met its target
