"""The conference charts: for each, the data it draws, its title, file name and the one-sentence takeaway
written on its slide. Drawing is in plots; saving in outputs; this module only puts them together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from .. import labels, metrics, scores, structure
from ..config import DEFAULT_SETTINGS, Settings
from ..dataset import Dataset
from ..fmt import fmt_int, fmt_number, fmt_pct, fmt_plain, fmt_pp, fmt_signed, fmt_years, round_half_up
from . import plots, score_plots
from .report import cap_words

SLIDE_FIGSIZE = (11.5, 5.6)  # inches: the picture area of a 16:9 slide under its title and takeaway
RANK_N = 15


@dataclass
class ChartSpec:
    key: str
    stem: str  # file name without extension, named by content
    title: str
    draw: Callable  # draw(ax) -> Axes, or draw(fig) for multi-panel charts
    takeaway: str
    data: pd.DataFrame  # what is drawn (the deck's native charts use it)
    panels: int = 1
    breaks: tuple[int, ...] = ()  # years from which the organisation changed, marked on a multi-year chart


@dataclass(frozen=True)
class Context:
    """What every chart of one report shares: the source line naming the committee, how the committee names
    its whole body ('toàn Khối'), and the years of a structural break (the 2025 reorganisation)."""

    source: str = labels.SOURCE_LINE
    whole: str = labels.WHOLE_BODY
    breaks: tuple[int, ...] = ()


def structure_breaks(ds: Dataset) -> list[int]:
    """The years from which the organisation changed (merges, splits, transfers in the lineage)."""
    return sorted(int(y) for y in structure.structure_breaks(ds))


def _span(years) -> tuple[int, int]:
    years = [int(y) for y in years]
    return min(years), max(years)


def yearly_frames(ds: Dataset) -> dict[str, pd.DataFrame]:
    """Rating shares of organisations and members per year, the headline shares per year (one row per year)
    and admissions attainment per year."""
    orgs = metrics.rating_shares(metrics.org_rating_counts(ds.orgs))
    members = metrics.rating_shares(metrics.member_rating_counts(ds.member_counts))
    series = pd.DataFrame({"year": sorted(set(orgs["year"]) | set(members["year"]))})
    for prefix, frame in (("org", orgs), ("member", members)):
        for col in ("good_or_better_pct", "excellent_pct"):
            series = series.merge(frame[["year", col]].rename(columns={col: f"{prefix}_{col}"}), on="year",
                                  how="left")
    return {"orgs": orgs, "members": members, "series": series,
            "admissions": metrics.admissions_attainment(ds.admissions)}


def _target_for(ds: Dataset, year: int, metric: str) -> float | None:
    t = ds.targets[(ds.targets["year"] == year) & (ds.targets["metric"] == metric)]
    return float(t["threshold"].iloc[0]) if not t.empty else None


def _versus_target(value: float | None, target: float | None) -> str:
    if value is None or target is None:
        return ""
    gap = round_half_up(round_half_up(value) - target)
    if gap >= 0:
        return f", vượt chỉ tiêu {fmt_pp(gap).lstrip('+±')}" if gap > 0 else ", đạt đúng chỉ tiêu"
    return f", thấp hơn chỉ tiêu {fmt_pp(-gap).lstrip('+')}"


def _change_words(now: float | None, before: float | None) -> str:
    """'tăng 0,8 điểm %' / 'giảm 0,4 điểm %' / 'không đổi': the change between two published (rounded) shares."""
    if now is None or before is None or pd.isna(now) or pd.isna(before):
        return ""
    d = round_half_up(round_half_up(now) - round_half_up(before))
    if d == 0:
        return "không đổi"
    return f"{'tăng' if d > 0 else 'giảm'} {fmt_pp(abs(d)).lstrip('+')}"


def _distribution_specs(ds: Dataset, frames: dict[str, pd.DataFrame], year: int,
                        ctx: Context) -> list[ChartSpec]:
    """The rating structure of organisations and of members, year by year."""
    specs: list[ChartSpec] = []
    for key, frame, stem, what in (("org_distribution", frames["orgs"], "ty_le_xep_loai_tccs", "TCCS"),
                                   ("member_distribution", frames["members"], "ty_le_xep_loai_dang_vien",
                                    "đảng viên")):
        if frame.empty:
            continue
        first, last = _span(frame["year"])
        title = labels.CHART_TITLES[key].format(years=fmt_years(first, last))
        by_year = frame.set_index("year")
        row = by_year.loc[year] if year in by_year.index else None
        if row is not None:  # the title states the takeaway with its headline figure
            change = _change_words(row["good_or_better_pct"], by_year.loc[year - 1, "good_or_better_pct"]
                                   if year - 1 in by_year.index else None)
            who = "TCCS đảng" if key == "org_distribution" else "đảng viên"
            title = (f"{fmt_pct(row['good_or_better_pct'])} {who} hoàn thành tốt nhiệm vụ trở lên năm {year}"
                     + (f", {change}" if change else ""))
        metric = "org_good_or_better_pct" if key == "org_distribution" else "member_good_or_better_pct"
        takeaway = "" if row is None else (
            f"Năm {year}, {fmt_pct(row['good_or_better_pct'])} {what} được xếp loại hoàn thành tốt nhiệm vụ trở lên"
            f"{_versus_target(row['good_or_better_pct'], _target_for(ds, year, metric))}; "
            f"trong đó {fmt_pct(row['excellent_pct'])} hoàn thành xuất sắc.")
        specs.append(ChartSpec(key, f"{stem}_{fmt_years(first, last, '_')}", title,
                               lambda ax, f=frame: plots.plot_rating_distribution(f, breaks=ctx.breaks,
                                                                                  source=ctx.source, ax=ax),
                               takeaway, frame, breaks=ctx.breaks))
    return specs


def _shares_specs(ds: Dataset, frames: dict[str, pd.DataFrame], year: int,
                  ctx: Context) -> list[ChartSpec]:
    """Good-or-better and excellent shares against the targets, two panels."""
    specs: list[ChartSpec] = []
    series = frames["series"]
    if not series.empty and len(series) > 1:
        first, last = _span(series["year"])
        title = labels.CHART_TITLES["shares_vs_targets"].format(years=fmt_years(first, last))
        now = series.set_index("year").loc[year] if year in set(series["year"]) else None
        takeaway = ""
        if now is not None and pd.notna(now.get("org_good_or_better_pct")):
            prev = series.set_index("year").loc[year - 1] if year - 1 in set(series["year"]) else None
            change = ""
            if prev is not None:
                gob, gob_prev = now["org_good_or_better_pct"], prev["org_good_or_better_pct"]
                d = round_half_up(round_half_up(gob) - round_half_up(gob_prev))
                change = f" ({fmt_pp(d)} so với năm {year - 1})"
            target = _target_for(ds, year, "org_good_or_better_pct")
            takeaway = (f"Tỷ lệ TCCS hoàn thành tốt nhiệm vụ trở lên năm {year} là "
                        f"{fmt_pct(now['org_good_or_better_pct'])}{change}"
                        f"{_versus_target(now['org_good_or_better_pct'], target)}.")
            title = _shares_title(ds, now, year) or title

        def draw_shares(fig, s=series, t=ds.targets):  # what it draws in its arguments: the chart cache keys them
            left, right = fig.subplots(1, 2)
            plots.plot_shares_vs_targets(s, targets=t, title=labels.PANEL_TITLES["good"],
                                         columns=("org_good_or_better_pct", "member_good_or_better_pct"),
                                         breaks=ctx.breaks, source=ctx.source, ax=left)
            plots.plot_shares_vs_targets(s, targets=t, title=labels.PANEL_TITLES["excellent"],
                                         columns=("org_excellent_pct", "member_excellent_pct"),
                                         breaks=ctx.breaks, source=ctx.source, ax=right)
            right.set_ylabel("")
            return left

        name = f"ty_le_tot_va_xuat_sac_so_voi_chi_tieu_{fmt_years(first, last, '_')}"
        specs.append(ChartSpec("shares_vs_targets", name, title,
                               draw_shares, takeaway, series, panels=2, breaks=ctx.breaks))
    return specs


def _shares_title(ds: Dataset, now: pd.Series, year: int) -> str:
    """'Năm 2021: 91,4% TCCS đảng, 98,0% đảng viên hoàn thành tốt nhiệm vụ trở lên, đều vượt chỉ tiêu'."""
    parts, met = [], []
    for col, who in (("org_good_or_better_pct", "TCCS đảng"), ("member_good_or_better_pct", "đảng viên")):
        if pd.notna(now.get(col)):
            parts.append(f"{fmt_pct(now[col])} {who}")
            target = _target_for(ds, year, col)
            if target is not None:
                met.append((who, round_half_up(now[col]) >= target))
    if not parts:
        return ""
    missed = [who for who, ok in met if not ok]
    if not met:
        verdict = ""
    elif not missed or len(missed) == len(met):  # one verdict for all: 'đều đạt', 'chưa đạt'
        verdict = (", đều " if len(met) > 1 else ", ") + ("chưa đạt chỉ tiêu" if missed else "đạt chỉ tiêu")
    else:  # some met, some not: say which did not
        verdict = f"; {' và '.join(missed)} chưa đạt chỉ tiêu"
    return f"Năm {year}: {', '.join(parts)} HTTNV trở lên{verdict}"


def _targets_specs(ds: Dataset, frames: dict[str, pd.DataFrame], year: int,
                   ctx: Context) -> list[ChartSpec]:
    """The year's targets: met or not, and by how much."""
    specs: list[ChartSpec] = []
    tg = ds.targets[ds.targets["year"] == year]
    if not tg.empty:
        ev = metrics.evaluate_targets(tg, metrics.year_actuals(ds.orgs, ds.member_counts, ds.admissions, year))
        met, total = int(ev["met"].fillna(False).sum()), len(ev)
        missed = ev[ev["met"] == False]  # noqa: E712
        title = f"Chỉ tiêu Nghị quyết năm {year}: đạt {met}/{total}"
        takeaway = (f"Năm {year} đạt và vượt {met}/{total} chỉ tiêu Nghị quyết." if met == total else
                    f"Năm {year} đạt {met}/{total} chỉ tiêu; chưa đạt: " + ", ".join(missed["target_id"]) + ".")
        specs.append(ChartSpec("targets_scorecard", f"chi_tieu_nghi_quyet_{year}", title,
                               lambda ax, e=ev: plots.plot_targets_scorecard(e, year=year, title="",
                                                                             source=ctx.source, ax=ax),
                               takeaway, ev))
    return specs


def _admissions_specs(ds: Dataset, frames: dict[str, pd.DataFrame], year: int,
                      ctx: Context) -> list[ChartSpec]:
    """Admissions against the quota, year by year."""
    specs: list[ChartSpec] = []
    adm = frames["admissions"]
    if not adm.empty:
        first, last = _span(adm["year"])
        title = labels.CHART_TITLES["admissions"].format(years=fmt_years(first, last))
        row = adm.set_index("year").loc[year] if year in set(adm["year"]) else None
        takeaway = "" if row is None else (
            f"Năm {year} kết nạp mới {fmt_int(row['admitted'])}/{fmt_int(row['quota'])} đảng viên, đạt "
            f"{fmt_pct(row['attainment_pct'])} chỉ tiêu được giao.")
        if row is not None:
            short = [str(int(y)) for y, a, q in zip(adm["year"], adm["admitted"], adm["quota"]) if a < q]
            title = (f"Kết nạp {fmt_int(row['admitted'])} đảng viên năm {year}, đạt {fmt_pct(row['attainment_pct'])} "
                     "chỉ tiêu" + (f"; năm {', '.join(short)} chưa đạt" if short else ""))
        specs.append(ChartSpec("admissions", f"ket_nap_dang_vien_{fmt_years(first, last, '_')}", title,
                               lambda ax, f=adm: plots.plot_admissions(f, breaks=ctx.breaks, source=ctx.source,
                                                                       ax=ax), takeaway, adm, breaks=ctx.breaks))
    return specs


def _by_type_specs(ds: Dataset, frames: dict[str, pd.DataFrame], year: int,
                   ctx: Context) -> list[ChartSpec]:
    """Good-or-better share by organisation type, this year against last."""
    specs: list[ChartSpec] = []
    by_type = metrics.rating_shares(metrics.org_rating_counts(ds.orgs, by=["year", "org_type"]))
    if year in set(by_type["year"]) and year - 1 in set(by_type["year"]):
        by_type = metrics.yoy_change(by_type, "good_or_better_pct", by="org_type")
        now = by_type[by_type["year"] == year].dropna(subset=["good_or_better_pct"])
        low = now.nsmallest(1, "good_or_better_pct").iloc[0]
        title = (f"{labels.ORG_TYPES[low['org_type']]} thấp nhất: {fmt_pct(low['good_or_better_pct'])} TCCS HTTNV "
                 f"trở lên năm {year}")
        takeaway = (f"Năm {year}, loại hình {labels.ORG_TYPES[low['org_type']]} có tỷ lệ thấp nhất: "
                    f"{fmt_pct(low['good_or_better_pct'])} ({fmt_pp(low['good_or_better_pct_change_pp'])} so với "
                    f"năm {year - 1}).")
        change = "good_or_better_pct_change_pp"
        specs.append(ChartSpec("by_type", f"ty_le_tccs_tot_theo_loai_hinh_{year - 1}_{year}", title,
                               lambda ax, f=by_type: plots.plot_share_by_type(f, year=year, change=change,
                                                                              source=ctx.source, ax=ax),
                               takeaway, by_type[by_type["year"].isin([year - 1, year])], breaks=ctx.breaks))
    return specs


def _ranking_specs(ds: Dataset, frames: dict[str, pd.DataFrame], year: int,
                   ctx: Context) -> list[ChartSpec]:
    """The organisations with the lowest share of members rated good or better."""
    specs: list[ChartSpec] = []
    mc = ds.member_counts[ds.member_counts["year"] == year]
    if not mc.empty:
        per_org = metrics.rating_shares(metrics.member_rating_counts(mc, by=["year", "org_id"]))
        per_org = per_org.merge(mc[["org_id", "org_name"]].drop_duplicates("org_id"), on="org_id", how="left")
        ranked = metrics.ranking(per_org, "good_or_better_pct", n=RANK_N, min_rated=5)
        if ranked.empty:  # no TCCS with 5 members rated: nothing to rank
            return specs
        bloc = metrics.rating_shares(metrics.member_rating_counts(mc)).iloc[0]["good_or_better_pct"]
        worst = ranked.iloc[0]
        title = (f"{RANK_N} TCCS có tỷ lệ đảng viên HTTNV trở lên thấp nhất năm {year}: từ "
                 f"{fmt_pct(worst['good_or_better_pct'])}")
        takeaway = (f"Thấp nhất là {worst['org_name']} ({fmt_pct(worst['good_or_better_pct'])}), so với "
                    f"{fmt_pct(bloc)} của {ctx.whole} (chỉ tính TCCS có từ 5 đảng viên được xếp loại).")

        def draw_rank(ax, r=ranked, b=bloc):
            return plots.plot_ranking(r, reference=b, reference_label=ctx.whole, source=ctx.source, ax=ax)

        specs.append(ChartSpec("ranking", f"xep_hang_tccs_ty_le_dang_vien_tot_{year}", title, draw_rank, takeaway,
                               ranked))
    return specs


def _twenty_percent_specs(ds: Dataset, frames: dict[str, pd.DataFrame], year: int,
                          ctx: Context) -> list[ChartSpec]:
    """Organisations whose excellent members exceed the year's cap (20% of those rated good; a review note),
    worded as the year's regulation says (report.cap_words)."""
    specs: list[ChartSpec] = []
    mc = ds.member_counts[ds.member_counts["year"] == year]
    if not mc.empty:
        rule = metrics.twenty_percent_rule(mc)
        over = rule[rule["over"]]
        words = dict(cap_words(year), year=year, over=len(over), n=len(rule))
        title = labels.CAP_WORDS["chart_title"].format(**words)
        takeaway = labels.CAP_WORDS["takeaway_over" if len(over) else "takeaway_none"].format(**words)
        shown = over.nlargest(RANK_N, "excellent_to_good_pct")
        if len(over):
            title = labels.CAP_WORDS["chart_title_over"].format(**words)
        # the chart's own caption says what is shown of whom: never '15/61', which reads as a share
        caption = (f"{len(shown)} TCCS vượt nhiều nhất, trong {len(over)}/{len(rule)} TCCS vượt"
                   if len(over) > len(shown) else f"{len(over)}/{len(rule)} TCCS vượt")
        stem = labels.CAP_WORDS["stem"].format(cap=fmt_plain(words["pct"]).replace(",", "_"), year=year)
        specs.append(ChartSpec("twenty_percent", stem, title,
                               lambda ax, r=shown, c=caption: plots.plot_twenty_percent(
                                   r, title=c, limit=words["pct"], source=ctx.source, ax=ax),
                               takeaway, over))
    return specs


def _score_specs(ds: Dataset, frames: dict[str, pd.DataFrame], year: int, ctx: Context) -> list[ChartSpec]:
    """The score distribution of organisations and of members over the bands of the year's regulation, this
    year (and the year before when it was scored too): only for a year with scores."""
    specs: list[ChartSpec] = []
    for who, key, frame, stem in (("orgs", "org_scores", ds.orgs, "phan_bo_diem_tccs"),
                                  ("members", "member_scores", ds.members, "phan_bo_diem_dang_vien")):
        shown = frame[frame["year"].isin([year - 1, year])] if not frame.empty and "score" in frame else frame
        bands = scores.band_counts(shown) if not shown.empty else pd.DataFrame(columns=scores.BAND_COLUMNS)
        if bands.empty or year not in set(bands["year"]):
            continue
        row = scores.score_summary(shown[shown["year"] == year]).iloc[0]
        now = bands[bands["year"] == year]
        best = now.sort_values("low").iloc[-1]
        words = labels.SCORE_WHO[who]
        title = (f"Điểm đánh giá {words} năm {year}: bình quân {fmt_number(round_half_up(row['mean']))} điểm; "
                 f"{fmt_int(best['count'])} {words} ({fmt_pct(best['pct'])}) từ {fmt_number(best['low'], 0)} điểm")
        change = scores.score_change(shown, year)
        before = change["mean_change"].iloc[0] if not change.empty else float("nan")
        takeaway = (f"Năm {year}, {fmt_int(row['scored'])} {words} có điểm đánh giá; bình quân "
                    f"{fmt_number(round_half_up(row['mean']))} điểm"
                    + (f" ({fmt_signed(round_half_up(before), 1, 'điểm')} so với năm {year - 1})" if pd.notna(before)
                       else "")
                    + f", trung vị {fmt_number(round_half_up(row['median']))} điểm"
                    + (f"; {fmt_int(row['below_band'])} {words} xếp loại thấp hơn khung điểm (do điều kiện)"
                       if row["below_band"] else "") + ".")
        caption = labels.CHART_TITLES["score_distribution"].format(who=words, year=year)
        specs.append(ChartSpec(key, f"{stem}_{year}", title,
                               lambda ax, b=bands, w=who, c=caption: score_plots.plot_score_distribution(
                                   b, who=w, title=c, source=ctx.source, ax=ax),
                               takeaway, bands))
    return specs


# one builder per chart (or pair of charts), in the order of the deck
BUILDERS = (_distribution_specs, _shares_specs, _targets_specs, _admissions_specs, _by_type_specs, _score_specs,
            _ranking_specs, _twenty_percent_specs)


def chart_specs(ds: Dataset, year: int | None = None, frames: dict[str, pd.DataFrame] | None = None, *,
                settings: Settings | None = None) -> list[ChartSpec]:
    """Every chart the data allows, for `year` (default: the latest year), showing no year after it. `frames`:
    yearly_frames(ds), when the caller has it already; `settings` (config.load_settings) names the committee."""
    year = year or (ds.years[-1] if ds.years else None)
    if year is None:
        return []
    ds = ds.span(None, year)  # the chosen year is the last one shown
    frames = yearly_frames(ds) if frames is None else {k: f[f["year"] <= year] for k, f in frames.items()}
    settings = settings or DEFAULT_SETTINGS
    committee = settings.committee(year)
    ctx = Context(labels.source_line(settings.full_name(year)), committee.whole, tuple(structure_breaks(ds)))
    return [spec for build in BUILDERS for spec in build(ds, frames, year, ctx)]


def draw(spec: ChartSpec, *, title: bool = True):
    """A new figure at slide size with the chart drawn on it (inside the package style). title=False for a
    picture placed under a slide's own title."""
    import matplotlib.pyplot as plt  # pyplot starts a backend: only when a figure is drawn

    with plots.use_style():
        fig = plt.figure(figsize=SLIDE_FIGSIZE, layout="constrained")
        # the title belongs to the figure, left-aligned, so long tick labels can't push it out of the picture
        if title:
            fig.suptitle(spec.title, x=0.01, ha="left", fontsize=15, fontweight="bold")
        if spec.panels > 1:
            spec.draw(fig)
        else:
            spec.draw(fig.add_subplot())
    return fig
