"""Plot functions shaped like seaborn's: data in, options by keyword, `ax` in and `ax` out.

They draw; they don't save (see outputs.save_figure) and they don't compute (the frames come from
khoi_analysis.metrics). Style comes from the packaged styles/khoi.mplstyle via `use_style()`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from contextlib import contextmanager
from importlib.resources import as_file, files
from typing import TYPE_CHECKING

import pandas as pd

from .. import labels
from ..fmt import fmt_int, fmt_number, fmt_pct, fmt_plain, fmt_pp, fmt_signed, round_half_up

if TYPE_CHECKING:
    from matplotlib.axes import Axes
# matplotlib (pyplot, ~1 s to import) and seaborn are imported where a chart is drawn: a build whose charts all
# come from the chart cache never needs them

MET_COLORS = {True: "#1e7b45", False: "#c0392b"}
SERIES_COLORS = {
    "org_good_or_better_pct": "#1f4e79",
    "org_excellent_pct": "#5b9bd5",
    "member_good_or_better_pct": "#1e7b45",
    "member_excellent_pct": "#7ac29a",
}


@contextmanager
def use_style():
    """Draw inside `with use_style():` to get the package's slide style."""
    import matplotlib.pyplot as plt

    with as_file(files("khoi_analysis") / "styles" / "khoi.mplstyle") as path, plt.style.context(str(path)):
        yield


def _ax(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(layout="constrained")
    return ax


def _pct_axis(ax: Axes, axis: str = "y") -> None:
    from matplotlib.ticker import FuncFormatter

    fmt = FuncFormatter(lambda v, _pos: fmt_number(v, 0) + "%")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def _darker(color: str) -> str:
    """A darker shade of a level's colour, readable as text on white (the yellow of HTNV is not)."""
    r, g, b = (int(color.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * 0.7) for c in (r, g, b)))


BREAK_COLOR = "#7f3f98"


def mark_breaks(ax: Axes, breaks: Sequence[int], positions: dict[int, float]) -> Axes:
    """A dashed vertical line between the year before each break and the break year (the organisation changed:
    figures on either side are of different bodies), labelled at its top ('Sắp xếp tổ chức 2025').
    `positions`: each year's x position on the axis. A break whose two years are not both drawn is not marked."""
    for year in breaks:
        if year in positions and year - 1 in positions:
            x = (positions[year - 1] + positions[year]) / 2
            ax.axvline(x, color=BREAK_COLOR, linestyle="--", linewidth=1.4, zorder=5, gid="structure_break")
            ax.text(x, 1.01, labels.STRUCTURE_BREAK.format(year=year), transform=ax.get_xaxis_transform(),
                    ha="center", va="bottom", fontsize=9, color=BREAK_COLOR, gid="structure_break")
    return ax


def add_source(ax: Axes, source: str = labels.SOURCE_LINE) -> Axes:
    """The 'Nguồn: …' line at the bottom left of the figure (kept inside it by constrained layout)."""
    # a figure-level x label: constrained layout keeps room for it under everything else
    ax.figure.supxlabel(source, x=0.01, ha="left", fontsize=9, color="#666666")
    return ax


def plot_rating_distribution(shares: pd.DataFrame, *, title: str | None = None, x: str = "year",
                             min_label_pct: float = 3.0, breaks: Sequence[int] = (),
                             source: str | None = labels.SOURCE_LINE, ax: Axes | None = None) -> Axes:
    """100% stacked bars of the four levels per year (or per `x`), from metrics.rating_shares output.

    Segments of at least `min_label_pct` are labelled with their share (decimal comma); the number rated
    is written above each bar. `breaks`: years from which the organisation changed (a dashed line before each).
    """
    ax = _ax(ax)
    data = shares.sort_values(x).reset_index(drop=True)
    positions = range(len(data))
    bottom = pd.Series(0.0, index=data.index)
    beside: dict[int, float] = {}  # per bar, the height above which the next outside label may go
    for lvl in labels.LEVELS:  # worst at the bottom so the good shares stack on top
        values = data[f"{lvl}_pct"].fillna(0.0)
        bars = ax.bar(positions, values, bottom=bottom, color=labels.LEVEL_COLORS[lvl], width=0.68,
                      label=labels.LEVEL_NAMES[lvl], edgecolor="white", linewidth=0.6)
        for pos, rect, v, b in zip(positions, bars, values, bottom):
            if v >= min_label_pct:
                ax.text(rect.get_x() + rect.get_width() / 2, b + v / 2, fmt_pct(v), ha="center", va="center",
                        fontsize=10, color="white" if lvl in ("KHTNV", "HTXSNV", "HTTNV") else "#222222")
            elif v > 0:  # too thin to hold its label: written beside the bar, in the level's colour
                y = max(b + v / 2, beside.get(pos, -10.0))
                ax.text(rect.get_x() + rect.get_width() + 0.02, y, fmt_pct(v), ha="left", va="center",
                        fontsize=8, color=_darker(labels.LEVEL_COLORS[lvl]))
                beside[pos] = y + 4.5
        bottom = bottom + values
    for pos, n in zip(positions, data["rated"]):
        ax.text(pos, 101.5, f"n = {fmt_int(n)}", ha="center", va="bottom", fontsize=9, color="#555555")
    ax.set_xticks(list(positions), [str(v) for v in data[x]])
    if x == "year":
        mark_breaks(ax, breaks, {int(y): p for p, y in zip(positions, data[x])})
    ax.set_ylim(0, 108)
    ax.set_yticks(range(0, 101, 20))
    _pct_axis(ax)
    ax.set_ylabel(labels.AXIS_LABELS["share_of_rated"])
    ax.set_xlabel("")
    handles, names = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], names[::-1], loc="upper left", bbox_to_anchor=(1.01, 1.0))
    if title:
        ax.set_title(title)
    if source:
        add_source(ax, source)
    return ax


def plot_shares_vs_targets(series: pd.DataFrame, *, targets: pd.DataFrame | None = None,
                           columns: tuple[str, ...] = tuple(SERIES_COLORS), title: str | None = None,
                           annotate_year: int | None = None, ylim: tuple[float, float] | None = None,
                           breaks: Sequence[int] = (), source: str | None = labels.SOURCE_LINE,
                           ax: Axes | None = None) -> Axes:
    """Lines of shares by year (columns of `series`, one row per year), each with its yearly target as a
    dashed segment (from `targets`: year, metric, threshold). The legend gives each line's value in
    `annotate_year` (default: the last year) and its gap to the target in points. `breaks`: years from which the
    organisation changed (a dashed line before each)."""
    ax = _ax(ax)
    data = series.sort_values("year")
    year = annotate_year if annotate_year is not None else int(data["year"].max())
    seen: list[float] = []
    for col in columns:
        if col not in data or data[col].isna().all():
            continue
        color = SERIES_COLORS.get(col)
        label = labels.SERIES_LABELS[col]
        now = data.loc[data["year"] == year, col]
        value = round_half_up(float(now.iloc[0])) if not now.empty and pd.notna(now.iloc[0]) else None
        t = targets[targets["metric"] == col].sort_values("year") if targets is not None and not targets.empty \
            else pd.DataFrame(columns=["year", "threshold"])
        if value is not None:
            label += f" {year}: {fmt_pct(value)}"
            ty = t[t["year"] == year]
            if not ty.empty:
                thr = float(ty["threshold"].iloc[0])
                label += f"; chỉ tiêu {fmt_number(thr, 0)}%: {fmt_pp(round_half_up(value - thr))}"
        ax.plot(data["year"], data[col], marker="o", color=color, linewidth=2.4, label=label)
        seen += list(data[col].dropna())
        for y, thr in zip(t["year"], t["threshold"]):  # above the data lines, so a line never hides its target
            ax.hlines(thr, y - 0.42, y + 0.42, colors=_darker(color), linestyles="--", linewidth=1.6, zorder=4)
            seen.append(float(thr))
        if value is not None:
            ax.annotate(fmt_pct(value), (year, value), xytext=(9, 0), textcoords="offset points", va="center",
                        fontsize=11, color=color, fontweight="bold")
    if ylim is None and seen:
        lo, hi = min(seen), max(seen)
        ylim = (max(0.0, 5 * ((lo - 4) // 5)), min(100.0, 5 * ((hi + 9) // 5)))
    ylabel = labels.AXIS_LABELS["share_of_rated"]
    if ylim:
        ax.set_ylim(*ylim)
        from matplotlib.ticker import MultipleLocator

        ax.yaxis.set_major_locator(MultipleLocator(5 if ylim[1] - ylim[0] > 12 else 1))
        if ylim[0] > 0:  # honest: a cut axis makes a change look larger, so the chart says it is cut
            ax.text(0.01, 0.015, f"Lưu ý: trục dọc bắt đầu từ {fmt_number(ylim[0], 0)}%, không từ 0",
                    transform=ax.transAxes, ha="left", va="bottom", fontsize=8.5, color="#555555",
                    fontstyle="italic")
    _pct_axis(ax)
    years = [int(y) for y in data["year"]]
    ax.set_xticks(years, [str(y) for y in years])
    if years:
        ax.set_xlim(min(years) - 0.5, max(years) + 0.8)
    mark_breaks(ax, breaks, {y: float(y) for y in years})
    ax.set_ylabel(ylabel)
    ax.plot([], [], color="#555555", linestyle="--", label=labels.AXIS_LABELS["target"] + " từng năm (nét đứt)")
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.08), ncol=1, fontsize=10)
    if title:
        ax.set_title(title)
    if source:
        add_source(ax, source)
    return ax


def plot_admissions(attainment: pd.DataFrame, *, title: str | None = None, breaks: Sequence[int] = (),
                    source: str | None = labels.SOURCE_LINE, ax: Axes | None = None) -> Axes:
    """Bars of members admitted per year with the quota as a marker, attainment % written above each bar.
    `attainment` is metrics.admissions_attainment output (year, admitted, quota, attainment_pct). `breaks`:
    years from which the organisation changed (a dashed line before each)."""
    ax = _ax(ax)
    data = attainment.sort_values("year").reset_index(drop=True)
    pos = range(len(data))
    met = data["admitted"] >= data["quota"]
    colors = [MET_COLORS[bool(m)] for m in met]
    ax.bar(pos, data["admitted"], color=colors, width=0.6)
    ax.hlines(data["quota"], [p - 0.36 for p in pos], [p + 0.36 for p in pos], colors="#222222", linewidth=3,
              zorder=3)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [Patch(color=MET_COLORS[True], label=labels.AXIS_LABELS["admitted"] + ": đạt chỉ tiêu"),
               Patch(color=MET_COLORS[False], label=labels.AXIS_LABELS["admitted"] + ": chưa đạt"),
               Line2D([], [], color="#222222", linewidth=3, label=labels.AXIS_LABELS["quota"])]
    top = float(max(data["admitted"].max(), data["quota"].max()))
    for p, adm, q, a in zip(pos, data["admitted"], data["quota"], data["attainment_pct"]):
        ax.text(p, max(adm, q) + top * 0.03, f"{fmt_int(adm)}/{fmt_int(q)}\n{fmt_pct(a)}", ha="center",
                va="bottom", fontsize=10)
    ax.set_xticks(list(pos), [str(y) for y in data["year"]])
    mark_breaks(ax, breaks, {int(y): p for p, y in zip(pos, data["year"])})
    ax.set_ylim(0, top * 1.25)
    ax.set_ylabel(labels.AXIS_LABELS["members_admitted"])
    ax.legend(handles=[h for h, m in zip(handles, (met.any(), (~met).any(), True)) if m], loc="upper left",
              bbox_to_anchor=(1.01, 1.0))
    if title:
        ax.set_title(title)
    if source:
        add_source(ax, source)
    return ax


def plot_targets_scorecard(targets: pd.DataFrame, *, year: int, title: str | None = None,
                           source: str | None = labels.SOURCE_LINE, ax: Axes | None = None) -> Axes:
    """The year's targets as a scorecard: each target, threshold, actual, gap and met/missed, with the
    'đạt x/y' count. `targets` is metrics.evaluate_targets output (target_id, name, comparator, threshold,
    unit, actual, gap, met)."""

    ax = _ax(ax)
    rows = targets.reset_index(drop=True)
    n = len(rows)
    ax.set_xlim(0, 1)
    ax.set_ylim(n + 0.2, -1.3)
    ax.axis("off")
    columns = [(0.0, "left", "Chỉ tiêu"), (0.64, "right", "Chỉ tiêu đề ra"), (0.75, "right", "Kết quả"),
               (0.90, "right", "Chênh lệch"), (0.91, "left", "")]
    for x, ha, text in columns:
        ax.text(x, -0.75, text, ha=ha, va="center", fontsize=10, fontweight="bold", color="#333333")
    ax.axhline(-0.35, color="#999999", linewidth=0.8)
    for i, r in rows.iterrows():
        unit = r["unit"] if isinstance(r["unit"], str) else ""
        is_pct = unit.strip() == "%"
        name = textwrap.fill(f"{r['target_id']}. {r['name']}", width=72)  # whole, on two lines when long
        sign = labels.COMPARATOR_SIGNS.get(r["comparator"], r["comparator"])
        thr = f"{sign} {fmt_number(r['threshold'], 0)}{'%' if is_pct else ''}"
        if pd.isna(r["actual"]):
            actual, gap, mark, color = "–", "–", "?", "#7f7f7f"
        else:
            actual = fmt_pct(r["actual"]) if is_pct else fmt_number(r["actual"], 0 if float(r["actual"]).is_integer()
                                                                     else 1)
            gap = fmt_pp(r["gap"]) if is_pct else fmt_signed(r["gap"], 0, unit)  # the gap's unit said
            mark, color = labels.TARGET_STATUS[bool(r["met"])], MET_COLORS[bool(r["met"])]
        if i % 2 == 0:
            ax.axhspan(i - 0.45, i + 0.45, color="#f3f6fa", zorder=0)
        ax.text(0.0, i, name, ha="left", va="center", fontsize=9.5, linespacing=1.1)
        ax.text(0.64, i, thr, ha="right", va="center", fontsize=10)
        ax.text(0.75, i, actual, ha="right", va="center", fontsize=10, fontweight="bold")
        ax.text(0.90, i, gap, ha="right", va="center", fontsize=10, color=color)
        ax.text(0.92, i, mark, ha="left", va="center", fontsize=10, fontweight="bold", color=color)
    met = int(rows["met"].fillna(False).sum())
    if title is None:
        title = f"Chỉ tiêu Nghị quyết năm {year}: đạt {met}/{n}"
    if title:
        ax.set_title(title)
    if source:
        add_source(ax, source)
    return ax


def plot_share_by_type(shares: pd.DataFrame, *, year: int, column: str = "good_or_better_pct",
                       change: str | None = None, title: str | None = None, source: str | None = labels.SOURCE_LINE,
                       ax: Axes | None = None) -> Axes:
    """Share by organisation type, this year against last (grouped horizontal bars, seaborn). `shares` has
    org_type, year and `column`; `change`: its column of the change in points (metrics.yoy_change), written at
    the end of this year's bar."""

    ax = _ax(ax)
    data = shares[shares["year"].isin([year - 1, year])].copy()
    data["type_label"] = data["org_type"].map(labels.ORG_TYPES)
    data["year_label"] = data["year"].astype(int).astype(str)
    order = [labels.ORG_TYPES[t] for t in labels.ORG_TYPES if t in set(data["org_type"])]
    # this year on top of each pair, last year under it (as the deck's native chart); the legend reads in time
    hue_order = [str(y) for y in (year, year - 1) if y in set(data["year"])]
    import seaborn as sns

    sns.barplot(data=data, y="type_label", x=column, hue="year_label", order=order, hue_order=hue_order,
                palette=["#1f4e79", "#b4c7e7"][:len(hue_order)], orient="h", ax=ax, errorbar=None)
    for container, y_label in zip(ax.containers, hue_order):
        for bar, type_label in zip(container, order):
            v = bar.get_width()
            if pd.isna(v):
                continue
            text = fmt_pct(v)
            if y_label == str(year) and change is not None:
                delta = data[(data["type_label"] == type_label) & (data["year"] == year)][change]
                if not delta.empty and pd.notna(delta.iloc[0]):
                    text += f" ({fmt_pp(delta.iloc[0])})"
            ax.text(v + 1, bar.get_y() + bar.get_height() / 2, text, va="center", fontsize=10)
    ax.set_xlim(0, 135)
    ax.set_xticks(range(0, 101, 20))
    _pct_axis(ax, "x")
    ax.set_ylabel("")
    ax.set_xlabel(labels.AXIS_LABELS["share_of_rated"])
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.legend(title="Năm", loc="lower right")  # this year first, as the bars and the deck's legend
    if title:
        ax.set_title(title)
    if source:
        add_source(ax, source)
    return ax


def plot_ranking(ranked: pd.DataFrame, *, column: str = "good_or_better_pct", title: str | None = None,
                 reference: float | None = None, reference_label: str = labels.WHOLE_BODY,
                 source: str | None = labels.SOURCE_LINE, ax: Axes | None = None) -> Axes:
    """Organisations ranked on a measure (metrics.ranking output, first row at the top), value labelled,
    an optional reference line (e.g. the whole body's share, labelled `reference_label`, or a target)."""

    ax = _ax(ax)
    data = ranked.reset_index(drop=True)
    pos = list(range(len(data)))[::-1]
    ax.barh(pos, data[column], color="#5b9bd5", height=0.7)
    ax.set_yticks(pos, [_org_label(n) for n in data["org_name"]], fontsize=9)
    for p, v, n in zip(pos, data[column], data.get("rated", [None] * len(data))):
        label = fmt_pct(v) + (f" (n = {fmt_int(n)})" if n is not None else "")
        ax.text(v - 1, p, label, va="center", ha="right", fontsize=9, color="white")  # inside the bar
    if reference is not None:
        ax.axvline(reference, color="#c0392b", linestyle="--", linewidth=1.3)
        ax.text(reference, len(data) - 0.3, f"{reference_label} {fmt_pct(reference)}", color="#c0392b", fontsize=9,
                ha="right", va="bottom")
    ax.set_xlim(0, 112)
    ax.set_xticks(range(0, 101, 20))
    _pct_axis(ax, "x")
    ax.set_ylim(-0.7, len(data) + 0.4)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel(labels.AXIS_LABELS["share_of_rated"])
    if title:
        ax.set_title(title)
    if source:
        add_source(ax, source)
    return ax


def _org_label(name: str, width: int = 52) -> str:
    """An organisation's whole name as a tick label: one line, or two when long (never cut)."""
    return textwrap.fill(str(name), width=width) if len(str(name)) > width else str(name)


def plot_twenty_percent(rule: pd.DataFrame, *, title: str | None = None, limit: float = 20.0,
                        source: str | None = labels.SOURCE_LINE, ax: Axes | None = None) -> Axes:
    """Organisations over the 20% rule: excellent as a share of those rated HTTNV, with the limit line at
    `limit` percent (the year's cap: regimes.excellent_cap). `rule` is metrics.twenty_percent_rule output
    filtered to the rows to show."""

    ax = _ax(ax)
    data = rule.sort_values("excellent_to_good_pct", ascending=False).reset_index(drop=True)
    pos = list(range(len(data)))[::-1]
    ax.barh(pos, data["excellent_to_good_pct"], color="#e69f00", height=0.7)
    ax.set_yticks(pos, [_org_label(n) for n in data["org_name"]], fontsize=9)
    top = float(data["excellent_to_good_pct"].max()) if not data.empty else limit
    right = max(top, limit) * 1.12  # the longest bar nearly fills the axis: no empty run to 350%
    for p, v, e, g in zip(pos, data["excellent_to_good_pct"], data["HTXSNV"], data["HTTNV"]):
        text = f"{fmt_pct(v)} ({fmt_int(e)}/{fmt_int(g)})"
        inside = v > 0.6 * right  # a long bar holds its label; a short one has room after it
        ax.text(v - right * 0.01 if inside else v + right * 0.01, p, text, va="center", fontsize=9,
                ha="right" if inside else "left", color="#1f1f1f")
    ax.axvline(limit, color="#c0392b", linestyle="--", linewidth=1.5)
    ax.text(limit + 0.5, len(data) - 0.3, labels.CAP_WORDS["limit_line"].format(cap=f"{fmt_plain(limit)}%"),
            color="#c0392b", fontsize=9, va="bottom")
    ax.set_xlim(0, right)
    ax.set_ylim(-0.7, len(data) + 0.4)
    _pct_axis(ax, "x")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel("Số HTXSNV so với số HTTNV (%)")
    if title:
        ax.set_title(title)
    if source:
        add_source(ax, source)
    return ax
