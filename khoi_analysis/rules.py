"""Rules of the rating regulations, as pure functions on count frames (used by metrics and by checks)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

TWENTY_PERCENT = 0.20


def twenty_percent_rule(counts: pd.DataFrame, by: str | Sequence[str] = ("year", "org_id"),
                        limit: float = TWENTY_PERCENT) -> pd.DataFrame:
    """The 20% rule (QĐ 132-QĐ/TW, HD 21-HD/BTCTW; kept in QĐ 124-QĐ/TW): the number rated excellent should not
    exceed `limit` × the number rated HTTNV, within each group `by` (each organisation for members; each group of
    similar organisations, e.g. org_type, for organisations). Flags, never rejects: real reports exceed it.

    `counts` has HTXSNV and HTTNV columns (Dataset.member_counts, or org_rating_counts(...) output).
    Returns per group: HTXSNV, HTTNV, allowed (= limit × HTTNV), excellent_to_good_pct and over (bool).
    """
    keys = [by] if isinstance(by, str) else list(by)
    extra = [c for c in ("org_name", "org_type") if c in counts.columns and c not in keys]
    agg = {"HTXSNV": "sum", "HTTNV": "sum", **{c: "first" for c in extra}}
    out = counts.groupby(keys, observed=True).agg(agg).reset_index()
    out["allowed"] = limit * out["HTTNV"]
    out["excellent_to_good_pct"] = 100 * out["HTXSNV"] / out["HTTNV"].where(out["HTTNV"] > 0)
    out["over"] = out["HTXSNV"] > out["allowed"]
    return out
