"""The score distribution chart (QĐ 366-QĐ/TW, from the 2025 review), shaped like the other plot functions:
data in (scores.band_counts output), options by keyword, `ax` in and `ax` out. It draws; it doesn't compute."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .. import labels
from ..fmt import fmt_int, fmt_number, fmt_pct
from .plots import _ax, add_source

if TYPE_CHECKING:
    from matplotlib.axes import Axes

YEAR_COLORS = ("#1f4e79", "#b4c7e7")  # the latest year dark, the year before light (as the by-type chart)


def band_label(level: str, low: float, high: float | None, sep: str = "\n") -> str:
    """'HTTNV\\n70–dưới 90 điểm': a band's category, its level's code over its range of points (`sep` between)."""
    if high is None or pd.isna(high):
        words = labels.SCORE_BAND["top"]
    elif low <= 0:
        words = labels.SCORE_BAND["lowest"]
    else:
        words = labels.SCORE_BAND["middle"]
    low_text = fmt_number(low, 0)
    high_text = fmt_number(high, 0) if high is not None and pd.notna(high) else ""
    return f"{level}{sep}{words.format(low=low_text, high=high_text)}"


def plot_score_distribution(bands: pd.DataFrame, *, who: str = "orgs", title: str | None = None,
                            source: str | None = labels.SOURCE_LINE, ax: Axes | None = None) -> Axes:
    """How many were scored in each band of the year's regulation (lowest band at the left), one bar per year
    of `bands` (the latest dark, in front; the year before light, at its left), each bar labelled with its
    count and its share of those scored. `bands`: scores.band_counts output (year, level, low, high, count,
    pct) for the one or two years to show; `who`: 'orgs' or 'members' (the value axis' words)."""
    ax = _ax(ax)
    years = sorted(int(y) for y in bands["year"].unique())
    first = bands[bands["year"] == years[-1]].sort_values("low") if years else bands
    order = list(first["level"])
    width = 0.8 / max(len(years), 1)
    top = float(bands["count"].max()) if not bands.empty else 1.0
    for k, year in enumerate(years):
        rows = bands[bands["year"] == year].set_index("level").reindex(order)
        xs = [i - 0.4 + width * (k + 0.5) for i in range(len(order))]
        color = YEAR_COLORS[0] if year == years[-1] else YEAR_COLORS[1]
        counts = rows["count"].fillna(0).astype(int)
        ax.bar(xs, counts, width=width * 0.92, color=color, label=str(year), gid=f"score_band_{year}")
        for x, n, pct in zip(xs, counts, rows["pct"]):
            ax.text(x, n + top * 0.02, f"{fmt_int(n)}\n({fmt_pct(pct)})", ha="center", va="bottom", fontsize=9.5)
    ax.set_xticks(range(len(order)), [band_label(lvl, lo, hi) for lvl, lo, hi in
                                      zip(first["level"], first["low"], first["high"])])
    ax.set_ylim(0, top * 1.25 if top > 0 else 1)
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: whole numbers, '1.250' with a dot
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_int(v)))
    ax.set_ylabel(labels.SCORE_COUNT_AXIS[who])
    ax.set_xlabel("")
    ax.grid(axis="x", visible=False)
    if len(years) > 1:
        ax.legend(title=labels.AXIS_LABELS["year"], loc="upper left")
    if title:
        ax.set_title(title)
    if source:
        add_source(ax, source)
    return ax
