"""Metrics: pure functions on tidy frames. No I/O, no plotting; frames in, new frames out.

Denominators are as in published reports: a share is count ÷ number rated (those not rated are counted
apart). Percentages are returned unrounded (0-100); rounding half up happens when figures are shown.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence

import pandas as pd

from . import labels
from .fmt import round_half_up
from .regimes import DEFAULT_CAP, excellent_cap

LEVELS = list(labels.LEVELS)
COUNT_COLUMNS = ["total", "rated", *LEVELS]


def _by(by: str | Sequence[str]) -> list[str]:
    return [by] if isinstance(by, str) else list(by)


def org_rating_counts(orgs: pd.DataFrame, by: str | Sequence[str] = ("year",)) -> pd.DataFrame:
    """Per group: organisations (total), rated, and a count per level, from one row per organisation-year."""
    keys = _by(by)
    if orgs.empty:
        return pd.DataFrame(columns=[*keys, *COUNT_COLUMNS])
    levels = (orgs.groupby(keys, observed=True)["rating"].value_counts().unstack("rating")
              .reindex(columns=LEVELS, fill_value=0))
    grouped = orgs.groupby(keys, observed=True)
    out = pd.DataFrame({"total": grouped.size(), "rated": grouped["rating"].count()}).join(levels)
    out = out.fillna(0).astype("int64").reset_index()
    out.columns.name = None
    return out[[*keys, *COUNT_COLUMNS]]


def member_rating_counts(member_counts: pd.DataFrame, by: str | Sequence[str] = ("year",)) -> pd.DataFrame:
    """Per group: members on the lists (total), rated, and a count per level, summed from per-organisation
    counts (Dataset.member_counts)."""
    keys = _by(by)
    if member_counts.empty:
        return pd.DataFrame(columns=[*keys, *COUNT_COLUMNS])
    out = member_counts.groupby(keys, observed=True)[COUNT_COLUMNS].sum().astype("int64").reset_index()
    return out[[*keys, *COUNT_COLUMNS]]


def rating_shares(counts: pd.DataFrame) -> pd.DataFrame:
    """Add shares of those rated (percent, unrounded): one per level, good_or_better_pct (HTTNV + HTXSNV)
    and excellent_pct (HTXSNV), plus unrated = total - rated. A group with nobody rated gets NaN."""
    out = counts.copy()
    rated = out["rated"].where(out["rated"] > 0)
    out["unrated"] = out["total"] - out["rated"]
    out["good_or_better"] = out[list(labels.GOOD_OR_BETTER)].sum(axis=1)
    for lvl in LEVELS:
        out[f"{lvl}_pct"] = 100 * out[lvl] / rated
    out["good_or_better_pct"] = 100 * out["good_or_better"] / rated
    out["excellent_pct"] = 100 * out["HTXSNV"] / rated
    return out


def yoy_change(frame: pd.DataFrame, columns: str | Sequence[str], by: str | Sequence[str] = (),
               rounded: bool = True) -> pd.DataFrame:
    """Add `<col>_change_pp`: the change from the previous calendar year in percentage points.

    Compared with year - 1 only: if that year is missing the change is NaN, never a jump over the gap.
    With `rounded` (default) the change is taken between the figures as published (rounded half up to one
    decimal), so 91,4% after 90,1% is +1,3 points, as a reader checking the report would compute it.
    """
    cols, keys = _by(columns), _by(by)
    out = frame.copy()
    prev = frame[[*keys, "year", *cols]].copy()
    prev["year"] = prev["year"] + 1
    merged = out[[*keys, "year"]].merge(prev, on=[*keys, "year"], how="left", suffixes=("", "_prev"))
    for col in cols:
        now = out[col].map(round_half_up) if rounded else out[col]
        before = merged[col].map(round_half_up) if rounded else merged[col]
        out[f"{col}_change_pp"] = (pd.to_numeric(now, errors="coerce").to_numpy()
                                   - pd.to_numeric(before, errors="coerce").to_numpy())
        if rounded:
            out[f"{col}_change_pp"] = out[f"{col}_change_pp"].map(round_half_up)
    return out


def admissions_attainment(admissions: pd.DataFrame, by: str | Sequence[str] = ("year",)) -> pd.DataFrame:
    """Per group: admitted, quota and attainment_pct = admitted ÷ quota (e.g. 152/150 = 101,33%)."""
    keys = _by(by)
    if admissions.empty:
        return pd.DataFrame(columns=[*keys, "admitted", "quota", "attainment_pct"])
    out = admissions.groupby(keys, observed=True)[["admitted", "quota"]].sum(min_count=1).reset_index()
    quota = out["quota"].astype("float64")
    out["attainment_pct"] = 100 * out["admitted"].astype("float64") / quota.where(quota > 0)
    return out


def true_share(orgs: pd.DataFrame, column: str, by: str | Sequence[str] = ("year",)) -> pd.DataFrame:
    """Per group: how many organisations answered (non-blank), how many 'Có', and the share in percent."""
    keys = _by(by)
    grouped = orgs.groupby(keys, observed=True)[column]
    out = pd.DataFrame({"answered": grouped.count(), "yes": grouped.sum(min_count=0)}).reset_index()
    out["yes"] = out["yes"].astype("int64")
    out["pct"] = 100 * out["yes"] / out["answered"].where(out["answered"] > 0)
    return out


def new_organisations(orgs: pd.DataFrame, by: str | Sequence[str] = ("year", "org_type")) -> pd.DataFrame:
    """Organisations founded in the review year (founded_year == year), counted per group."""
    keys = _by(by)
    new = orgs[orgs["founded_year"].notna() & (orgs["founded_year"] == orgs["year"])]
    return new.groupby(keys, observed=False).size().rename("new").reset_index()


def rating_streaks(members: pd.DataFrame, years: Iterable[int], level: str = "HTXSNV",
                   exact: bool = False) -> pd.DataFrame:
    """Members rated at `level` or better (exactly `level` with exact=True) in every one of `years`.

    Returns one row per member: member_id, the organisation in the last year, and the years' ratings.
    A member missing or unrated in any of the years is not in a streak.
    """
    years = sorted(set(years))
    sub = members[members["year"].isin(years) & members["rating"].notna()]
    hit = sub["rating"] == level if exact else sub["rating"] >= level
    sub = sub[hit].drop_duplicates(["member_id", "year"])
    n_years = sub.groupby("member_id", sort=False, observed=True)["year"].transform("size")
    chosen = sub[n_years.to_numpy() == len(years)]
    last = chosen.sort_values("year", kind="stable").drop_duplicates("member_id", keep="last")
    return last[["member_id", "org_id", "org_name"]].sort_values("member_id").reset_index(drop=True)


_OPS = {">=": operator.ge, "<=": operator.le, "==": operator.eq, ">": operator.gt, "<": operator.lt}


def year_actuals(orgs: pd.DataFrame, member_counts: pd.DataFrame, admissions: pd.DataFrame,
                 year: int) -> dict[str, float | None]:
    """Every metric a target can point to (labels.METRIC_NAMES), for one year; None where data is absent."""
    out: dict[str, float | None] = dict.fromkeys(labels.METRIC_NAMES)
    o = orgs[orgs["year"] == year]
    if not o.empty:
        s = rating_shares(org_rating_counts(o)).iloc[0]
        out["org_good_or_better_pct"] = _num(s["good_or_better_pct"])
        out["org_excellent_pct"] = _num(s["excellent_pct"])
        for col, key in (("political_task_good", "org_political_task_pct"),
                         ("action_programme", "org_action_programme_pct")):
            share = true_share(o, col)
            out[key] = _num(share["pct"].iloc[0]) if not share.empty else None
        if o["founded_year"].notna().any():
            new = new_organisations(o, by=["org_type"])
            out["new_private_orgs"] = float(new.loc[new["org_type"] == "dn_ngoai_nha_nuoc", "new"].sum())
    m = member_counts[member_counts["year"] == year]
    if not m.empty:
        s = rating_shares(member_rating_counts(m)).iloc[0]
        out["member_good_or_better_pct"] = _num(s["good_or_better_pct"])
        out["member_excellent_pct"] = _num(s["excellent_pct"])
    a = admissions[admissions["year"] == year]
    if not a.empty:
        att = admissions_attainment(a).iloc[0]
        out["admitted"] = _num(att["admitted"])
        out["admission_attainment_pct"] = _num(att["attainment_pct"])
    return out


def _num(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def evaluate_targets(targets: pd.DataFrame, actuals: dict[str, float | None]) -> pd.DataFrame:
    """Each target with its actual (from `actuals` where the target names a metric, else the typed actual),
    the gap (actual - threshold, in the target's unit; points for percentages) and whether it is met.

    The actual is compared as published: rounded half up to one decimal. met is <NA> when there's no actual.
    """
    out = targets.copy()
    actual = [
        actuals.get(m) if isinstance(m, str) and m else t
        for m, t in zip(out["metric"], out["typed_actual"])
    ]
    out["actual"] = pd.array([round_half_up(a) for a in actual], dtype="Float64")
    out["gap"] = pd.array([round_half_up(a - t) if a is not None and not pd.isna(a) else None
                           for a, t in zip(out["actual"], out["threshold"])], dtype="Float64")
    out["met"] = pd.array([
        None if pd.isna(a) else bool(_OPS[c](a, t)) for a, c, t in zip(out["actual"], out["comparator"],
                                                                       out["threshold"])
    ], dtype="boolean")
    return out



def ranking(frame: pd.DataFrame, column: str, *, n: int | None = None, ascending: bool = True,
            min_rated: int = 1) -> pd.DataFrame:
    """Rows ordered by `column` (lowest first by default), those with fewer than `min_rated` rated left out;
    the first `n` when given. Ties keep a stable, name-sorted order."""
    rows = frame[frame["rated"] >= min_rated] if "rated" in frame else frame
    rows = rows.sort_values([column, "org_name"] if "org_name" in rows else [column], ascending=[ascending, True],
                            kind="stable")
    return (rows.head(n) if n else rows).reset_index(drop=True)


def shares_by_year(counts: pd.DataFrame, by: str | Sequence[str] = ()) -> pd.DataFrame:
    """The yearly table of a report: counts, unrated, level counts and shares (best first), good-or-better and
    excellent shares with their change from the previous year in points. `counts` is org_rating_counts or
    member_rating_counts output (by year, and `by`)."""
    keys = _by(by)
    shares = yoy_change(rating_shares(counts), ["good_or_better_pct", "excellent_pct"], by=keys)
    best_first = list(reversed(LEVELS))
    # the excellent share once: it is HTXSNV_pct, written as excellent_pct beside its change
    cols = [*keys, "year", "total", "rated", "unrated", *best_first,
            *(f"{lvl}_pct" for lvl in best_first if lvl != "HTXSNV"), "good_or_better_pct",
            "good_or_better_pct_change_pp", "excellent_pct", "excellent_pct_change_pp"]
    return shares[cols]


# ------------------------------------------------------------------------------------------- regulations
TWENTY_PERCENT = DEFAULT_CAP.share


def twenty_percent_rule(counts: pd.DataFrame, by: str | Sequence[str] = ("year", "org_id"),
                        limit: float | None = None) -> pd.DataFrame:
    """The 20% rule (QĐ 132-QĐ/TW, HD 21-HD/BTCTW; kept in QĐ 124-QĐ/TW; its share and source per year in
    regimes.excellent_cap): the number rated excellent should not exceed `limit` × the number rated HTTNV, within
    each group `by` (each organisation for members; each group of similar organisations, e.g. org_type, for
    organisations). Flags, never rejects: real reports exceed it. `limit`: None for the cap of each group's year
    (the year's regulation; 0.20 without a year).

    `counts` has HTXSNV and HTTNV columns (Dataset.member_counts, or org_rating_counts(...) output).
    Returns per group: HTXSNV, HTTNV, allowed (= limit × HTTNV), excellent_to_good_pct, over (bool) and limit_pct
    (the cap applied, in percent: 20.0).
    """
    keys = [by] if isinstance(by, str) else list(by)
    extra = [c for c in ("org_name", "org_type") if c in counts.columns and c not in keys]
    agg = {"HTXSNV": "sum", "HTTNV": "sum", **{c: "first" for c in extra}}
    out = counts.groupby(keys, observed=True).agg(agg).reset_index()
    if limit is not None:
        share = pd.Series(float(limit), index=out.index)
    elif "year" in out:
        share = out["year"].map(lambda y: excellent_cap(int(y) if pd.notna(y) else None).share).astype("float64")
    else:
        share = pd.Series(TWENTY_PERCENT, index=out.index)
    out["allowed"] = share * out["HTTNV"]
    out["excellent_to_good_pct"] = 100 * out["HTXSNV"] / out["HTTNV"].where(out["HTTNV"] > 0)
    out["over"] = out["HTXSNV"] > out["allowed"]
    out["limit_pct"] = 100 * share
    return out
