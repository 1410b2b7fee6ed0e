"""Year over year across a change of structure (the 2025 reorganisation): the change as published and the change
like-for-like. Pure functions on the Dataset's frames (orgs, member_counts, lineage); frames in, new frames out.

As published: year Y's figures against year Y-1's, each year's body as it was (every organisation in that year's
data). This is `metrics.yoy_change`, the figure the office printed last year.

Like-for-like (cùng cơ cấu): year Y-1 recomputed on year Y's structure. Each organisation p rated in Y-1 is mapped
forward through the lineage lines effective in Y (`nam_hieu_luc` = Y):

- renamed: the same org_id in every year already (renames act as aliases), so p continues as itself;
- merged (hợp nhất) into q, or split (chia tách) into pieces q1, q2…, or transferred in (chuyển đến) under a new
  name: p maps to those successors (a split organisation that still exists in Y under its own name maps to itself
  too);
- transferred out (chuyển đi): p maps to nothing (dropped);
- otherwise p maps to itself when it is in Y's data, else to nothing (gone without a lineage line: said in a note).

Then the Y-1 side is every p that maps to at least one organisation in Y's data, each counted once (a split
predecessor once, not once per piece); the Y side is every organisation of Y that some counted p maps to: those
that continue and the successors of merges, splits and transfers. Left out of the Y side, and said in a note:
organisations with no predecessor in Y-1 (founded in Y, or transferred in without a Y-1 rating in the data).
Organisation shares are computed on these two sets; member shares from `member_counts` summed over the same
organisations. The change is taken between the figures rounded as published (as metrics.yoy_change does).

With no lineage line for Y and the same organisations in both years, like-for-like equals as published.
"""

from __future__ import annotations

import pandas as pd

from . import labels
from .fmt import round_half_up
from .metrics import COUNT_COLUMNS, member_rating_counts, org_rating_counts, rating_shares

__all__ = ["comparable_orgs", "like_for_like_counts", "like_for_like_notes", "structure_breaks", "year_over_year"]

HOW = ("published", "like_for_like")
BREAK_KINDS = ("merge", "split", "transfer_in", "transfer_out")
SHARES = ("good_or_better_pct", "excellent_pct")
COMPARABLE_FRAME = ["year", "org_id", "org_name", "included", "reason", "maps_to"]


def _effective(lineage: pd.DataFrame | None, year: int) -> pd.DataFrame:
    if lineage is None or lineage.empty:
        return pd.DataFrame(columns=["year", "old_id", "new_id", "kind"])
    return lineage[lineage["year"] == year]


def comparable_orgs(orgs: pd.DataFrame, lineage: pd.DataFrame | None, year: int) -> pd.DataFrame:
    """Every organisation of years `year`-1 and `year` with whether it is in the like-for-like comparison
    (module docstring) and why: reason is continues, merge, split, transfer_in (mapped by that kind of line),
    transfer_out, gone (in Y-1, not in Y, no line), successor_missing (its successors are not in Y's data) on the
    Y-1 side; continues, merge, split, transfer_in, new (no predecessor), transfer_in_no_data on the Y side.
    maps_to: the Y ids a Y-1 organisation maps to (Y side: its own id)."""
    prev = orgs[orgs["year"] == year - 1].drop_duplicates("org_id")
    now = orgs[orgs["year"] == year].drop_duplicates("org_id")
    ids_now = set(now["org_id"])
    lines = _effective(lineage, year)
    successors: dict[str, set] = {}
    kind_of: dict[str, str] = {}
    leaving = set(lines.loc[lines["kind"] == "transfer_out", "old_id"].dropna())
    for old, new, kind in zip(lines["old_id"], lines["new_id"], lines["kind"]):
        if kind in ("merge", "split", "transfer_in") and isinstance(old, str) and isinstance(new, str) and old != new:
            successors.setdefault(old, set()).add(new)
            kind_of.setdefault(old, kind)
    rows, reached = [], {}
    for p, name in zip(prev["org_id"], prev["org_name"]):
        if p in leaving:
            rows.append((year - 1, p, name, False, "transfer_out", ()))
            continue
        if p in successors:
            targets = successors[p] | ({p} if kind_of[p] == "split" and p in ids_now else set())
            reason = kind_of[p]
        else:
            targets, reason = {p}, "continues" if p in ids_now else "gone"
        hit = tuple(sorted(targets & ids_now))
        if not hit and reason != "gone":
            reason = "successor_missing"
        rows.append((year - 1, p, name, bool(hit), reason, hit))
        for q in hit:
            reached.setdefault(q, "continues" if q == p else reason)
    came_in = set(lines.loc[lines["kind"] == "transfer_in", "new_id"].dropna())
    for q, name in zip(now["org_id"], now["org_name"]):
        reason = reached.get(q) or ("transfer_in_no_data" if q in came_in else "new")
        rows.append((year, q, name, q in reached, reason, (q,)))
    out = pd.DataFrame(rows, columns=COMPARABLE_FRAME)
    out["year"] = out["year"].astype("int64")
    out["included"] = out["included"].astype(bool)
    return out


def like_for_like_counts(orgs: pd.DataFrame, member_counts: pd.DataFrame, lineage: pd.DataFrame | None,
                         year: int) -> pd.DataFrame:
    """Counts of years `year`-1 and `year` on `year`'s structure (module docstring): one row per population
    ('orgs', 'members') and year, with total, rated and a count per level, over the comparable organisations."""
    comp = comparable_orgs(orgs, lineage, year)
    keep = comp[comp["included"]][["year", "org_id"]]
    parts = []
    for population, frame, count in (("orgs", orgs, org_rating_counts),
                                     ("members", member_counts, member_rating_counts)):
        sub = frame[frame["year"].isin([year - 1, year])] if not frame.empty else frame
        if not sub.empty:
            sub = sub.assign(year=sub["year"].astype("int64")).merge(keep, on=["year", "org_id"])
        got = count(sub) if not sub.empty else pd.DataFrame(columns=["year", *COUNT_COLUMNS])
        parts.append(got.assign(population=population))
    out = pd.concat([p for p in parts if not p.empty], ignore_index=True) if any(not p.empty for p in parts) \
        else pd.DataFrame(columns=["population", "year", *COUNT_COLUMNS])
    return out[["population", "year", *COUNT_COLUMNS]].reset_index(drop=True)


def _published_counts(orgs: pd.DataFrame, member_counts: pd.DataFrame, year: int) -> pd.DataFrame:
    parts = []
    for population, frame, count in (("orgs", orgs, org_rating_counts),
                                     ("members", member_counts, member_rating_counts)):
        sub = frame[frame["year"].isin([year - 1, year])] if not frame.empty else frame
        if not sub.empty:
            parts.append(count(sub.assign(year=sub["year"].astype("int64"))).assign(population=population))
    if not parts:
        return pd.DataFrame(columns=["population", "year", *COUNT_COLUMNS])
    return pd.concat(parts, ignore_index=True)[["population", "year", *COUNT_COLUMNS]]


def year_over_year(ds, year: int, how: str = "published") -> pd.DataFrame:
    """Year `year` against `year`-1, for organisations and members: one row per population with rated and rated_
    previous, each share (good_or_better_pct, excellent_pct; unrounded), its `_previous` and its `_change_pp`
    (points, between the figures rounded as published; NaN without the previous year). `how` is 'published'
    (each year's body as it was) or 'like_for_like' (the previous year on this year's structure, see the module
    docstring); the row says which in `how`. `ds`: a Dataset (orgs, member_counts, lineage)."""
    if how not in HOW:
        raise ValueError(f"how phải là một trong: {', '.join(HOW)} (nhận được {how!r})")
    lineage = getattr(ds, "lineage", None)
    counts = (like_for_like_counts(ds.orgs, ds.member_counts, lineage, year) if how == "like_for_like"
              else _published_counts(ds.orgs, ds.member_counts, year))
    shares = rating_shares(counts) if not counts.empty else counts.assign(**dict.fromkeys(SHARES, float("nan")))
    rows = []
    for population in ("orgs", "members"):
        mine = shares[shares["population"] == population].set_index("year")
        if year not in mine.index:
            continue
        now = mine.loc[year]
        before = mine.loc[year - 1] if (year - 1) in mine.index else None
        row = {"population": population, "how": how, "year": year, "previous_year": year - 1,
               "rated": int(now["rated"]), "rated_previous": int(before["rated"]) if before is not None else pd.NA}
        for col in SHARES:
            then = before[col] if before is not None else float("nan")
            row[col], row[f"{col}_previous"] = float(now[col]), float(then)
            change = (round_half_up(now[col]) - round_half_up(then)) if pd.notna(now[col]) and pd.notna(then) \
                else None
            row[f"{col}_change_pp"] = round_half_up(change) if change is not None else float("nan")
        rows.append(row)
    return pd.DataFrame(rows)


def like_for_like_notes(comparable: pd.DataFrame, year: int, shown: int = 3) -> list[str]:
    """What the like-for-like comparison leaves out, in Vietnamese: one line per reason (how many, the first
    names). `comparable`: comparable_orgs output."""
    out = []
    for reason, template in labels.LIKE_FOR_LIKE_NOTES.items():
        rows = comparable[(comparable["reason"] == reason) & ~comparable["included"]]
        if rows.empty:
            continue
        names = [str(n) for n in rows["org_name"].head(shown)]
        more = f"… (tổng {len(rows)})" if len(rows) > shown else ""
        out.append(template.format(n=len(rows), year=year, previous=year - 1,
                                   names=", ".join(names) + more))
    return out


def structure_breaks(ds) -> list[int]:
    """The review years from which the lineage has a merge, split or transfer (a break in the series; renames
    are not breaks). `ds`: a Dataset, or its lineage frame."""
    lineage = getattr(ds, "lineage", ds)
    if lineage is None or lineage.empty:
        return []
    years = lineage.loc[lineage["kind"].isin(BREAK_KINDS), "year"].dropna()
    return sorted({int(y) for y in years})
