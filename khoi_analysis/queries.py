"""Questions analysts ask of member and organisation data. Pure functions on the Dataset's frames.

Results that name people (members_of, streak lists with names) are only produced when asked for with
`with_names=True`; by default a member appears by pseudonymous member_id alone.
"""

from __future__ import annotations

import pandas as pd

from . import labels
from .text import org_key

PERSONAL_COLUMNS = ("name", "birth_date")


def _find_org(frame: pd.DataFrame, org: str) -> pd.Series:
    """Rows of `frame` whose organisation matches `org` (any spelling/case/prefix, or a part of the name)."""
    key = org_key(org)
    exact = frame["org_id"] == key
    if exact.any():
        return exact
    return frame["org_id"].fillna("").str.contains(key, regex=False)


def members_of(members: pd.DataFrame, org: str, year: int | None = None, *, with_names: bool = False) -> pd.DataFrame:
    """Members of one organisation (matched loosely by name) in `year` (default: every year), best first.
    Names and birth dates only with with_names=True."""
    rows = members[_find_org(members, org)]
    if year is not None:
        rows = rows[rows["year"] == year]
    cols = ["year", "member_id", *(PERSONAL_COLUMNS if with_names else ()), "cell", "org_name", "rating",
            "unrated_reason"]
    return rows.sort_values(["year", "rating", "member_id"], ascending=[True, False, True])[cols].reset_index(drop=True)


def unrated_by_reason(members: pd.DataFrame, year: int | None = None, by: str | list[str] = "year") -> pd.DataFrame:
    """Members not rated (exempt, newly admitted, suspended…), counted by reason (and `by`)."""
    rows = members[members["rating"].isna()]
    if year is not None:
        rows = rows[rows["year"] == year]
    keys = ([by] if isinstance(by, str) else list(by)) + ["unrated_reason"]
    return rows.groupby(keys, dropna=False).size().rename("members").reset_index().sort_values(
        keys[:-1] + ["members"], ascending=[True] * (len(keys) - 1) + [False]).reset_index(drop=True)


def transition_matrix(members: pd.DataFrame, year_from: int, year_to: int, *, org: str | None = None,
                      include_unrated: bool = False) -> pd.DataFrame:
    """Level-by-level counts of members present in both years: rows = level in year_from, columns = level in
    year_to. Only members rated in both years unless include_unrated (then a 'chưa xếp loại' row/column)."""
    m = members if org is None else members[_find_org(members, org)]
    a = m[m["year"] == year_from][["member_id", "rating"]]
    b = m[m["year"] == year_to][["member_id", "rating"]]
    both = a.merge(b, on="member_id", suffixes=("_from", "_to"))
    levels = list(labels.LEVELS)
    if include_unrated:
        for col in ("rating_from", "rating_to"):
            both[col] = both[col].astype("object").fillna("UNRATED")
        levels = [*levels, "UNRATED"]
    else:
        both = both.dropna(subset=["rating_from", "rating_to"])
    table = pd.crosstab(both["rating_from"].astype("object"), both["rating_to"].astype("object"))
    table = table.reindex(index=levels, columns=levels, fill_value=0)
    table.index.name, table.columns.name = f"rating_{year_from}", f"rating_{year_to}"
    return table


def org_history(orgs: pd.DataFrame, org: str) -> pd.DataFrame:
    """One organisation's rating year by year (matched loosely by name)."""
    rows = orgs[_find_org(orgs, org)]
    return rows.sort_values("year")[["year", "org_name", "org_type", "rating", "unrated_reason"]].reset_index(drop=True)


def age_bands(members: pd.DataFrame, year: int, bands: tuple[int, ...] = (30, 40, 50, 60)) -> pd.DataFrame:
    """Members of `year` by age band (age on 31 December of the year) and level; needs birth dates."""
    rows = members[(members["year"] == year) & members["birth_date"].notna()].copy()
    birth = pd.to_datetime(rows["birth_date"])
    age = year - birth.dt.year
    edges = [0, *bands, 200]
    names = [f"dưới {bands[0]}"] + [f"{lo}–{hi - 1}" for lo, hi in zip(bands, bands[1:])] + [f"từ {bands[-1]}"]
    rows["age_band"] = pd.cut(age, edges, right=False, labels=names)
    out = pd.crosstab(rows["age_band"], rows["rating"].astype("object").fillna("UNRATED"))
    return out.reindex(columns=[c for c in [*labels.LEVELS, "UNRATED"] if c in out.columns])
