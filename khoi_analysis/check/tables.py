"""Cross-table rules over the loaded frames: duplicates, organisations unknown to the TCCS table, counts tables
against member lists, member identity, the 20% rule. Issues are data (Issue records), never exceptions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from .. import labels
from ..fmt import fmt_plain
from ..issues import Issue
from ..metrics import twenty_percent_rule

__all__ = ["check_tables", "counts_against_lists", "duplicates", "member_identity", "twenty_percent_flags",
           "unknown_orgs"]


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
        first, again = group.index[0], group.index[1]  # the issue points at the second occurrence, its own file
        out.append(Issue("error", f"duplicate_{what}",
                         f"{'TCCS' if what == 'org' else 'đảng viên'} '{group.at[first, label_col]}' xuất hiện "
                         f"{len(group)} lần trong năm {group.at[first, 'year']}: {_where(group, group.index)}",
                         str(group.at[again, "file"]), str(group.at[again, "sheet"]), str(group.at[again, "ref"])))
    return out


def _self_equal(value: object) -> bool:
    try:
        return value is None or (value == value) is True
    except (TypeError, ValueError):  # a value whose comparison can't be told as a bool
        return False


def unknown_orgs(frame: pd.DataFrame, orgs: pd.DataFrame, table: str) -> list[Issue]:
    """A warning for each organisation named in `frame` that is not in the organisations table that year."""
    if frame.empty or orgs.empty:
        return []
    known = set(zip(orgs["year"], orgs["org_id"]))
    years = set(orgs["year"])
    out = []
    seen = set()
    # the keys of every row at once (frame.at per row cost more than the check): a value equal to itself finds
    # what the cell frame.at gives would find (numpy scalars equal and hash as Python ones); one that is not (NaN,
    # pd.NA: only the same object is found in a set) is taken from the cell, as the cell's own object
    for i, year, org_id in zip(frame.index, frame["year"].tolist(), frame["org_id"].tolist()):
        key = (year, org_id)
        if not (_self_equal(year) and _self_equal(org_id)):
            key = (frame.at[i, "year"], frame.at[i, "org_id"])
        if key[0] in years and key not in known and key not in seen:
            key = (frame.at[i, "year"], frame.at[i, "org_id"])
            seen.add(key)
            out.append(Issue("warning", "unknown_org",
                             f"TCCS '{frame.at[i, 'org_name']}' trong bảng {table} không có trong danh sách TCCS "
                             f"năm {key[0]} (sai tên? đổi tên? hãy thêm vào bảng TCCS)",
                             str(frame.at[i, "file"]), str(frame.at[i, "sheet"]), str(frame.at[i, "ref"])))
    return out


def check_tables(orgs: pd.DataFrame, members: pd.DataFrame, member_counts: pd.DataFrame, admissions: pd.DataFrame,
                 targets: pd.DataFrame, table_counts: pd.DataFrame | None = None) -> list[Issue]:
    """Cross-table rules: duplicates, organisations unknown to the TCCS table, counts tables against lists.
    `member_counts` are the combined counts (Dataset.member_counts); `table_counts` those read from count tables."""
    out: list[Issue] = []
    out += duplicates(orgs, ["year", "org_id"], "org", "org_name")
    if table_counts is not None and not table_counts.empty:
        out += duplicates(table_counts, ["year", "org_id"], "org", "org_name")
        out += counts_against_lists(table_counts, member_counts)
    if not members.empty:
        out += member_identity(members)
    out += twenty_percent_flags(member_counts, orgs)
    out += unknown_orgs(members.drop_duplicates(["year", "org_id"]), orgs, "đảng viên")
    out += unknown_orgs(admissions, orgs, "kết nạp")
    if not targets.empty:
        out += duplicates(targets.assign(org_id=targets["target_id"]), ["year", "target_id"], "target", "target_id")
    return out


def counts_against_lists(table_counts: pd.DataFrame, member_counts: pd.DataFrame) -> list[Issue]:
    """A counts table and a member list for the same organisation and year must agree (warning otherwise).
    `member_counts` is Dataset.member_counts, whose rows from member lists have source == "members"."""
    from_lists = member_counts[member_counts["source"] == "members"] if not member_counts.empty else member_counts
    if from_lists.empty:
        return []
    lists = from_lists.set_index(["year", "org_id"])
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


def _duplicated_ids(members: pd.DataFrame) -> np.ndarray:
    """Rows whose (year, member_id) occurs more than once: ids numbered through Arrow, then one integer key."""

    ids = pa.array(members["member_id"], from_pandas=True)
    if isinstance(ids, pa.ChunkedArray):  # an Arrow-backed column (a concatenated frame) comes in chunks
        ids = ids.combine_chunks()
    ids = ids.dictionary_encode() if not pa.types.is_dictionary(ids.type) else ids
    number = ids.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    years = members["year"].to_numpy(dtype="int64", na_value=0)
    return pd.Series(years * (len(ids.dictionary) + 1) + number).duplicated(keep=False).to_numpy()


def member_identity(members: pd.DataFrame) -> list[Issue]:
    """A member twice in one year (same organisation: a duplicate; two organisations: rated in both), and
    records without a member code whose identity by name is uncertain."""
    out: list[Issue] = []
    dup = members[_duplicated_ids(members)]
    for _, group in dup.groupby(["year", "member_id"], sort=True):
        first, second = group.index[0], group.index[1]
        who = group.at[first, "name"] if pd.notna(group.at[first, "name"]) else group.at[first, "member_code"]
        where = _where(group, group.index)
        if group["org_id"].nunique() > 1:
            out.append(Issue("error", "member_in_two_orgs", f"đảng viên '{who}' được xếp loại ở "
                             f"{group['org_id'].nunique()} TCCS trong năm {group.at[first, 'year']}: {where}",
                             str(group.at[second, "file"]), str(group.at[second, "sheet"]),
                             str(group.at[second, "ref"])))
        else:
            out.append(Issue("error", "duplicate_member", f"đảng viên '{who}' xuất hiện {len(group)} lần trong năm "
                             f"{group.at[first, 'year']}: {where}", str(group.at[second, "file"]),
                             str(group.at[second, "sheet"]), str(group.at[second, "ref"])))
    if "id_basis" in members:
        weak = members[members["id_basis"] == "name_org"]
        for (file, sheet), group in weak.groupby(["file", "sheet"], sort=True):
            refs = ", ".join(str(r) for r in group["ref"].head(10)) + (" …" if len(group) > 10 else "")
            out.append(Issue("warning", "ambiguous_identity", f"{len(group)} đảng viên không có mã và ngày sinh: chỉ "
                             f"nhận diện được theo họ tên + TCCS, có thể nhầm người trùng tên khi theo dõi qua các năm "
                             f"(ô {refs})", str(file), str(sheet), str(group["ref"].iloc[0])))
        by_name = members[members["id_basis"] == "name_birth_org"]
        same_person = by_name.groupby(["year", by_name["name"].fillna(""), by_name["birth_date"].astype("string")])
        for _, group in same_person:
            if group["org_id"].nunique() > 1:
                first = group.index[0]
                out.append(Issue("warning", "ambiguous_identity", f"'{group.at[first, 'name']}' (cùng ngày sinh) có ở "
                                 f"{group['org_id'].nunique()} TCCS năm {group.at[first, 'year']}: một người hay hai "
                                 f"người? {_where(group, group.index)}", str(group.at[first, "file"]),
                                 str(group.at[first, "sheet"]), str(group.at[first, "ref"])))
    return out


def twenty_percent_flags(member_counts: pd.DataFrame, orgs: pd.DataFrame) -> list[Issue]:
    """The 20% rule, flagged for information (never an error): members within each organisation, and
    organisations within each type; the cap of each year's regulation (metrics.twenty_percent_rule), said in
    the message."""
    out: list[Issue] = []
    if not member_counts.empty:
        rule = twenty_percent_rule(member_counts)
        for r in rule[rule["over"]].itertuples():
            message = (f"năm {r.year}, TCCS '{r.org_name}': {r.HTXSNV} đảng viên HTXSNV, vượt "
                       f"{fmt_plain(r.limit_pct)}% của {r.HTTNV} đảng viên HTTNV (tối đa {fmt_plain(r.allowed)})")
            out.append(Issue("info", "twenty_percent_members", message))
    if not orgs.empty:
        counts = orgs.groupby(["year", "org_type"], observed=True)["rating"].value_counts().unstack("rating")
        counts = counts.reindex(columns=["HTXSNV", "HTTNV"], fill_value=0).fillna(0).reset_index()
        rule = twenty_percent_rule(counts, by=["year", "org_type"])
        for r in rule[rule["over"]].itertuples():
            message = (f"năm {r.year}, loại hình {labels.ORG_TYPES.get(r.org_type)}: {int(r.HTXSNV)} TCCS HTXSNV, "
                       f"vượt {fmt_plain(r.limit_pct)}% của {int(r.HTTNV)} TCCS HTTNV (tối đa {fmt_plain(r.allowed)})")
            out.append(Issue("info", "twenty_percent_orgs", message))
    return out
