"""Validation rules over the loaded tables. Issues are data (Issue records), never exceptions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .issues import Issue

if TYPE_CHECKING:
    from .dataset import Dataset


def _where(frame: pd.DataFrame, idx) -> str:
    return "; ".join(f"{Path(str(frame.at[i, 'file'])).name} '{frame.at[i, 'sheet']}' ô {frame.at[i, 'ref']}"
                     for i in idx)


def duplicates(frame: pd.DataFrame, keys: list[str], what: str, label_col: str) -> list[Issue]:
    """An error for each key that occurs more than once, naming every place it occurs."""
    if frame.empty:
        return []
    dup = frame[frame.duplicated(keys, keep=False) & frame[keys].notna().all(axis=1)]
    out = []
    for _, group in dup.groupby(keys, sort=True):
        first = group.index[0]
        out.append(Issue("error", f"duplicate_{what}",
                         f"{'TCCS' if what == 'org' else 'đảng viên'} '{group.at[first, label_col]}' xuất hiện "
                         f"{len(group)} lần trong năm {group.at[first, 'year']}: {_where(group, group.index)}",
                         str(group.at[first, "file"]), str(group.at[first, "sheet"]),
                         str(group.at[group.index[1], "ref"])))
    return out


def unknown_orgs(frame: pd.DataFrame, orgs: pd.DataFrame, table: str) -> list[Issue]:
    """A warning for each organisation named in `frame` that is not in the organisations table that year."""
    if frame.empty or orgs.empty:
        return []
    known = set(zip(orgs["year"], orgs["org_id"]))
    years = set(orgs["year"])
    out = []
    seen = set()
    for i in frame.index:
        key = (frame.at[i, "year"], frame.at[i, "org_id"])
        if key[0] in years and key not in known and key not in seen:
            seen.add(key)
            out.append(Issue("warning", "unknown_org",
                             f"TCCS '{frame.at[i, 'org_name']}' trong bảng {table} không có trong danh sách TCCS "
                             f"năm {key[0]} (sai tên? đổi tên? hãy thêm vào bảng TCCS)",
                             str(frame.at[i, "file"]), str(frame.at[i, "sheet"]), str(frame.at[i, "ref"])))
    return out


def check_dataset(ds: Dataset, table_counts: pd.DataFrame | None = None) -> list[Issue]:
    """Cross-table rules: duplicates, organisations unknown to the TCCS table, counts tables against lists."""
    out: list[Issue] = []
    out += duplicates(ds.orgs, ["year", "org_id"], "org", "org_name")
    if table_counts is not None and not table_counts.empty:
        out += duplicates(table_counts, ["year", "org_id"], "org", "org_name")
        out += counts_against_lists(table_counts, ds.members)
    if not ds.members.empty:
        out += duplicates(ds.members, ["year", "member_id"], "member", "member_id")
    out += unknown_orgs(ds.members.drop_duplicates(["year", "org_id"]), ds.orgs, "đảng viên")
    out += unknown_orgs(ds.admissions, ds.orgs, "kết nạp")
    if not ds.targets.empty:
        out += duplicates(ds.targets.assign(org_id=ds.targets["target_id"]), ["year", "target_id"], "target",
                          "target_id")
    return out


def counts_against_lists(table_counts: pd.DataFrame, members: pd.DataFrame) -> list[Issue]:
    """A counts table and a member list for the same organisation and year must agree (warning otherwise)."""
    if members.empty:
        return []
    from .dataset import counts_from_members

    lists = counts_from_members(members).set_index(["year", "org_id"])
    out = []
    for rec in table_counts.itertuples():
        key = (rec.year, rec.org_id)
        if key not in lists.index:
            continue
        lst = lists.loc[key]
        diffs = [f"{col}: bảng {getattr(rec, col)}, danh sách {int(lst[col])}"
                 for col in ("total", "rated", "KHTNV", "HTNV", "HTTNV", "HTXSNV") if getattr(rec, col) != lst[col]]
        if diffs:
            out.append(Issue("warning", "counts_differ_from_list",
                             f"số liệu TCCS '{rec.org_name}' năm {rec.year} khác danh sách đảng viên ("
                             + "; ".join(diffs) + ")", str(rec.file), str(rec.sheet), str(rec.ref)))
    return out
