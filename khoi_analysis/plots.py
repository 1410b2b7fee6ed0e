"""Plot functions shaped like seaborn's: data in, options by keyword, `ax` in and `ax` out.

They draw; they don't save (see outputs.save_figure) and they don't compute (the frames come from
khoi_analysis.metrics). Style comes from the packaged styles/khoi.mplstyle via `use_style()`.
"""

from __future__ import annotations

from contextlib import contextmanager
from importlib.resources import as_file, files

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MultipleLocator

from . import labels
from .fmt import fmt_int, fmt_number, fmt_pct, fmt_pp, round_half_up

LEVELS_BEST_FIRST = list(reversed(labels.LEVELS))
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
    with as_file(files("khoi_analysis") / "styles" / "khoi.mplstyle") as path, plt.style.context(str(path)):
        yield


def _ax(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    _, ax = plt.subplots(layout="constrained")
    return ax


def _pct_axis(ax: Axes, axis: str = "y") -> None:
    fmt = FuncFormatter(lambda v, _pos: fmt_number(v, 0) + "%")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def add_source(ax: Axes, source: str = labels.SOURCE_LINE) -> Axes:
    """The 'Nguồn: …' line at the bottom left of the figure (kept inside it by constrained layout)."""
    # a figure-level x label: constrained layout keeps room for it under everything else
    ax.figure.supxlabel(source, x=0.01, ha="left", fontsize=9, color="#666666")
    return ax


def plot_rating_distribution(shares: pd.DataFrame, *, title: str | None = None, x: str = "year",
                             min_label_pct: float = 3.0, source: str | None = labels.SOURCE_LINE,
                             ax: Axes | None = None) -> Axes:
    """100% stacked bars of the four levels per year (or per `x`), from metrics.rating_shares output.

    Segments of at least `min_label_pct` are labelled with their share (decimal comma); the number rated
    is written above each bar.
    """
    ax = _ax(ax)
    data = shares.sort_values(x).reset_index(drop=True)
    positions = range(len(data))
    bottom = pd.Series(0.0, index=data.index)
    for lvl in labels.LEVELS:  # worst at the bottom so the good shares stack on top
        values = data[f"{lvl}_pct"].fillna(0.0)
        bars = ax.bar(positions, values, bottom=bottom, color=labels.LEVEL_COLORS[lvl], width=0.68,
                      label=labels.LEVEL_NAMES[lvl], edgecolor="white", linewidth=0.6)
        for rect, v, b in zip(bars, values, bottom):
            if v >= min_label_pct:
                ax.text(rect.get_x() + rect.get_width() / 2, b + v / 2, fmt_pct(v), ha="center", va="center",
                        fontsize=10, color="white" if lvl in ("KHTNV", "HTXSNV", "HTTNV") else "#222222")
        bottom = bottom + values
    for pos, n in zip(positions, data["rated"]):
        ax.text(pos, 101.5, f"n = {fmt_int(n)}", ha="center", va="bottom", fontsize=9, color="#555555")
    ax.set_xticks(list(positions), [str(v) for v in data[x]])
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
                           source: str | None = labels.SOURCE_LINE, ax: Axes | None = None) -> Axes:
    """Lines of shares by year (columns of `series`, one row per year), each with its yearly target as a
    dashed segment (from `targets`: year, metric, threshold). The legend gives each line's value in
    `annotate_year` (default: the last year) and its gap to the target in points."""
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
        for y, thr in zip(t["year"], t["threshold"]):
            ax.hlines(thr, y - 0.42, y + 0.42, colors=color, linestyles="--", linewidth=1.4)
            seen.append(float(thr))
        if value is not None:
            ax.annotate(fmt_pct(value), (year, value), xytext=(9, 0), textcoords="offset points", va="center",
                        fontsize=11, color=color, fontweight="bold")
    if ylim is None and seen:
        lo, hi = min(seen), max(seen)
        ylim = (max(0.0, 5 * ((lo - 4) // 5)), min(100.0, 5 * ((hi + 9) // 5)))
    if ylim:
        ax.set_ylim(*ylim)
        ax.yaxis.set_major_locator(MultipleLocator(5 if ylim[1] - ylim[0] > 12 else 1))
    _pct_axis(ax)
    years = [int(y) for y in data["year"]]
    ax.set_xticks(years, [str(y) for y in years])
    if years:
        ax.set_xlim(min(years) - 0.5, max(years) + 0.8)
    ax.set_ylabel(labels.AXIS_LABELS["share_of_rated"])
    ax.plot([], [], color="#555555", linestyle="--", label=labels.AXIS_LABELS["target"] + " từng năm (nét đứt)")
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.08), ncol=1, fontsize=10)
    if title:
        ax.set_title(title)
    if source:
        add_source(ax, source)
    return ax


def plot_admissions(attainment: pd.DataFrame, *, title: str | None = None, source: str | None = labels.SOURCE_LINE,
                    ax: Axes | None = None) -> Axes:
    """Bars of members admitted per year with the quota as a marker, attainment % written above each bar.
    `attainment` is metrics.admissions_attainment output (year, admitted, quota, attainment_pct)."""
    ax = _ax(ax)
    data = attainment.sort_values("year").reset_index(drop=True)
    pos = range(len(data))
    met = data["admitted"] >= data["quota"]
    colors = [MET_COLORS[bool(m)] for m in met]
    ax.bar(pos, data["admitted"], color=colors, width=0.6)
    ax.hlines(data["quota"], [p - 0.36 for p in pos], [p + 0.36 for p in pos], colors="#222222", linewidth=3,
              zorder=3)
    handles = [Patch(color=MET_COLORS[True], label=labels.AXIS_LABELS["admitted"] + ": đạt chỉ tiêu"),
               Patch(color=MET_COLORS[False], label=labels.AXIS_LABELS["admitted"] + ": chưa đạt"),
               Line2D([], [], color="#222222", linewidth=3, label=labels.AXIS_LABELS["quota"])]
    top = float(max(data["admitted"].max(), data["quota"].max()))
    for p, adm, q, a in zip(pos, data["admitted"], data["quota"], data["attainment_pct"]):
        ax.text(p, max(adm, q) + top * 0.03, f"{fmt_int(adm)}/{fmt_int(q)}\n{fmt_pct(a)}", ha="center",
                va="bottom", fontsize=10)
    ax.set_xticks(list(pos), [str(y) for y in data["year"]])
    ax.set_ylim(0, top * 1.25)
    ax.set_ylabel(labels.AXIS_LABELS["members_admitted"])
    ax.legend(handles=[h for h, m in zip(handles, (met.any(), (~met).any(), True)) if m], loc="upper left",
              bbox_to_anchor=(1.01, 1.0))
    if title:
        ax.set_title(title)
    if source:
        add_source(ax, source)
    return ax
