"""Score figures (QĐ 366-QĐ/TW, from the 2025 review): per group the number scored, mean and median score, how
many fall in each band of the year's regulation, and how many were rated below their score's band (conditions
lower a level, never raise it). Pure functions on tidy frames (Dataset.orgs or Dataset.members).

May import: labels, regimes."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import labels
from .regimes import level_from_score, regime_for

__all__ = ["BAND_COLUMNS", "SCORE_COLUMNS", "band_counts", "score_change", "score_summary"]

SCORE_COLUMNS = ["scored", "mean", "median", *(f"band_{lvl}" for lvl in labels.LEVELS), "below_band"]


BAND_COLUMNS = ["level", "low", "high", "count", "pct"]


def _band(score: float, year) -> str | None:
    regime = regime_for(int(year)) if pd.notna(year) else None
    return level_from_score(float(score), regime) if regime is not None else None


def score_summary(frame: pd.DataFrame, by: str | Sequence[str] = ("year",)) -> pd.DataFrame:
    """Per group: scored (rows with a score), mean and median score (unrounded), band_<LEVEL> (how many scores
    fall in each band of the year's regulation; NaN where the year's rules have no bands) and below_band (rated
    below the band of their score). Groups with no score at all are left out."""
    keys = [by] if isinstance(by, str) else list(by)
    if frame.empty or "score" not in frame or frame["score"].notna().sum() == 0:
        return pd.DataFrame(columns=[*keys, *SCORE_COLUMNS])
    scored = frame.loc[frame["score"].notna(), [*dict.fromkeys([*keys, "year"]), "score", "rating"]].copy()
    scored["score"] = scored["score"].astype("float64")
    scored["band"] = [_band(s, y) for s, y in zip(scored["score"], scored["year"])]
    order = {lvl: i for i, lvl in enumerate(labels.LEVELS)}
    band_rank = scored["band"].map(order)
    rating_rank = scored["rating"].astype("object").map(order)
    scored["below"] = (rating_rank < band_rank).fillna(False).astype(bool)
    grouped = scored.groupby(keys, observed=True)
    out = pd.DataFrame({"scored": grouped.size(), "mean": grouped["score"].mean(),
                        "median": grouped["score"].median()})
    for lvl in labels.LEVELS:
        out[f"band_{lvl}"] = grouped["band"].agg(lambda b, lvl=lvl: (b == lvl).sum() if b.notna().any() else np.nan)
    out["below_band"] = grouped["below"].sum()
    return out.reset_index()[[*keys, *SCORE_COLUMNS]]


def score_change(frame: pd.DataFrame, year: int, by: str | Sequence[str] = ()) -> pd.DataFrame:
    """Mean and median score of `year` against the year before, per group (by org_type, say; one row for no
    group): mean, median, mean_previous, median_previous, mean_change and median_change in points (NaN where the
    year before has no score)."""
    keys = [by] if isinstance(by, str) else list(by)
    table = score_summary(frame[frame["year"].isin([year - 1, year])], ["year", *keys])
    cols = [*keys, "mean", "median", "mean_previous", "median_previous", "mean_change", "median_change"]
    now = table[table["year"] == year]
    if now.empty:
        return pd.DataFrame(columns=cols)
    on = keys or ["_all"]  # no group: one group holding every row, so both cases merge alike
    now, then = (part.assign(_all=0)[[*on, "mean", "median"]]
                 for part in (now, table[table["year"] == year - 1]))
    out = now.merge(then, on=on, how="left", suffixes=("", "_previous"))
    out["mean_change"] = out["mean"] - out["mean_previous"]
    out["median_change"] = out["median"] - out["median_previous"]
    return out[cols].reset_index(drop=True)


def band_counts(frame: pd.DataFrame, by: str | Sequence[str] = ("year",)) -> pd.DataFrame:
    """The score distribution, tidy: per group and band of the year's regulation (lowest band first), level,
    low and high (the band's edges: low <= score < high; high is None for the top band), count (scores in the
    band) and pct (count as a share of those scored in the group, 0-100, unrounded). Groups whose year has no
    bands, or with no score, are left out. The groups are always by year (and `by`)."""
    keys = list(dict.fromkeys(["year", *([by] if isinstance(by, str) else by)]))
    table = score_summary(frame, keys)
    rows = []
    for record in table.to_dict("records"):
        regime = regime_for(int(record["year"]))
        if regime is None or regime.bands is None:
            continue
        edges = sorted(regime.bands, key=lambda band: band[1])  # lowest band first
        for i, (level, low) in enumerate(edges):
            high = edges[i + 1][1] if i + 1 < len(edges) else None
            count = int(record[f"band_{level}"])
            pct = 100 * count / record["scored"] if record["scored"] else float("nan")
            rows.append({**{k: record[k] for k in keys}, "level": level, "low": low, "high": high,
                         "count": count, "pct": pct})
    return pd.DataFrame(rows, columns=[*keys, *BAND_COLUMNS])
