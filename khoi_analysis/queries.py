"""Questions analysts ask of member and organisation data. Pure functions on the Dataset's frames.

Results that name people (members_of, streak lists with names) are only produced when asked for with
`with_names=True`; by default a member appears by pseudonymous member_id alone.
"""

from __future__ import annotations

import pandas as pd

from . import labels
from .config import PERSONAL_COLUMNS
from .text import name_sort_key, org_key, org_sort_key, parse_org_type, parse_rating


def _need_names(members: pd.DataFrame, with_names: bool) -> None:
    if with_names and ("name" not in members or members["name"].isna().all()) and not members.empty:
        raise ValueError("dữ liệu này không có họ tên (nạp từ bộ nhớ đệm, nơi không bao giờ lưu dữ liệu cá nhân): "
                         "nạp lại bằng ka.load(..., cache=False)")


def _valid(values, shown: int = 12) -> str:
    values = sorted({str(v) for v in values if isinstance(v, str) and v}, key=org_sort_key)
    more = f", … ({len(values)} giá trị)" if len(values) > shown else ""
    return ", ".join(values[:shown]) + more


def _find_org(frame: pd.DataFrame, org: str) -> pd.Series:
    """Rows of `frame` whose organisation matches `org` (any spelling/case/prefix, or a part of the name). A name
    matching no organisation is an error that lists the valid names."""
    key = org_key(org)
    exact = frame["org_id"] == key
    if exact.any():
        return exact
    found = frame["org_id"].fillna("").str.contains(key, regex=False)
    if not found.any() and not frame.empty:
        raise ValueError(f"không có TCCS nào khớp '{org}'; các TCCS có trong dữ liệu: {_valid(frame['org_name'])}")
    return found


def _level(level: str | None) -> str | None:
    """A level as its code, from the code or the words users see ('Hoàn thành tốt nhiệm vụ', 'Tốt')."""
    if level is None:
        return None
    code = parse_rating(level)
    if code is None:
        raise ValueError(f"mức xếp loại '{level}' không có; các mức: "
                         + ", ".join(f"{c} ({labels.LEVEL_NAMES[c]})" for c in labels.LEVELS))
    return code


def _org_type(frame: pd.DataFrame, org_type: str | None) -> pd.Series:
    """Rows of an organisation type, given as its code or its name ('Doanh nghiệp nhà nước'); a type matching
    nothing is an error that lists the valid types."""
    if org_type is None:
        return pd.Series(True, index=frame.index)
    code = org_type if org_type in labels.ORG_TYPES else parse_org_type(org_type)
    if code is None:
        raise ValueError(f"loại hình '{org_type}' không có; các loại hình: {', '.join(labels.ORG_TYPES.values())}")
    return frame["org_type"] == code


def members_of(members: pd.DataFrame, org: str, year: int | None = None, *, level: str | None = None,
               with_names: bool = False) -> pd.DataFrame:  # level: a code or its words
    """Members of one organisation (matched loosely by name) in `year` (default: every year), optionally only
    those rated `level`. Ordered by year, then best rating first, then by name in Vietnamese order.
    Card numbers, names and birth dates only with with_names=True."""
    _need_names(members, with_names)
    rows = members[_find_org(members, org)]
    if year is not None:
        rows = rows[rows["year"] == year]
    if level is not None:
        rows = rows[rows["rating"] == _level(level)]
    rows = rows.assign(_rank=rows["rating"].cat.codes, _name=rows["name"].map(name_sort_key))
    rows = rows.sort_values(["year", "_rank", "_name"], ascending=[True, False, True], kind="stable")
    cols = ["year", "member_id", *(PERSONAL_COLUMNS if with_names else ()), "cell", "org_name", "rating",
            "unrated_reason"]
    return rows[cols].reset_index(drop=True)


def streak(members: pd.DataFrame, first: int, last: int, level: str = "HTXSNV", *,
           with_names: bool = False) -> pd.DataFrame:
    """Members rated at least `level` in every year first..last (candidates for commendation), with their
    organisation in the last year; names only with with_names=True, ordered in Vietnamese order."""
    from .metrics import rating_streaks

    _need_names(members, with_names)
    found = rating_streaks(members, range(first, last + 1), level)
    last_rows = members[(members["year"] == last) & members["member_id"].isin(found["member_id"])]
    cols = ["member_id", *(PERSONAL_COLUMNS if with_names else ()), "org_name"]
    out = last_rows[cols].drop_duplicates("member_id")
    key = out["name"].map(name_sort_key) if with_names else out["org_name"].map(org_sort_key)
    return out.assign(_k=key).sort_values("_k", kind="stable").drop(columns="_k").reset_index(drop=True)


def levels_by_org(member_counts: pd.DataFrame, year: int, *, org_type: str | None = None) -> pd.DataFrame:
    """Members by organisation and level in one year (of one `org_type`: its code or its name), organisations
    in Vietnamese alphabetical order."""
    rows = member_counts[(member_counts["year"] == year) & _org_type(member_counts, org_type)]
    cols = ["org_name", "org_type", "total", "rated", *reversed(labels.LEVELS)]
    out = rows[cols].assign(_k=rows["org_name"].map(org_sort_key)).sort_values("_k", kind="stable")
    return out.drop(columns="_k").reset_index(drop=True)


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
    """Level-by-level counts of members (or, given Dataset.orgs, of organisations) present in both years: rows =
    level in year_from, columns = level in year_to (headed 'Xếp loại năm …'). Only those rated in both years
    unless include_unrated (then a 'Chưa xếp loại' row and column)."""
    ident = "member_id" if "member_id" in members else "org_id" if "org_id" in members else None
    if ident is None or "rating" not in members:
        raise ValueError("transition_matrix cần bảng đảng viên (ds.members) hoặc bảng TCCS (ds.orgs): có cột "
                         "member_id hoặc org_id và cột rating")
    return _transitions(members, ident, year_from, year_to, org=org, include_unrated=include_unrated)


def _transitions(frame: pd.DataFrame, ident: str, year_from: int, year_to: int, *, org: str | None,
                 include_unrated: bool) -> pd.DataFrame:
    m = frame if org is None else frame[_find_org(frame, org)]
    a = m[m["year"] == year_from][[ident, "rating"]]
    b = m[m["year"] == year_to][[ident, "rating"]]
    both = a.merge(b, on=ident, suffixes=("_from", "_to"))
    levels = list(labels.LEVELS)
    if include_unrated:
        for col in ("rating_from", "rating_to"):
            both[col] = both[col].astype("object").fillna(labels.UNRATED_NAME)
        levels = [*levels, labels.UNRATED_NAME]
    else:
        both = both.dropna(subset=["rating_from", "rating_to"])
    table = pd.crosstab(both["rating_from"].astype("object"), both["rating_to"].astype("object"))
    table = table.reindex(index=levels, columns=levels, fill_value=0)
    table.index.name, table.columns.name = labels.rating_in_year(year_from), labels.rating_in_year(year_to)
    return table


def org_moves(orgs: pd.DataFrame, year_from: int, year_to: int) -> pd.DataFrame:
    """Organisations rated in both years whose level moved up or dropped: name, type, both levels and the
    move ('lên 1 mức', 'xuống 2 mức'), those that dropped first, then in Vietnamese order."""
    cols = ["org_id", "org_name", "org_type", "rating"]
    a = orgs[orgs["year"] == year_from][cols]
    b = orgs[orgs["year"] == year_to][["org_id", "org_name", "rating"]]
    both = a.merge(b, on="org_id", suffixes=("_from", "_to")).dropna(subset=["rating_from", "rating_to"])
    step = both["rating_to"].cat.codes.astype(int) - both["rating_from"].cat.codes.astype(int)
    moved = both.assign(_step=step)[step != 0]
    out = pd.DataFrame({
        "org_name": moved["org_name_to"], "org_type": moved["org_type"],
        labels.rating_in_year(year_from): moved["rating_from"].astype("object"),
        labels.rating_in_year(year_to): moved["rating_to"].astype("object"),
        "move": moved["_step"].map(lambda d: f"{'lên' if d > 0 else 'xuống'} {abs(d)} mức"),
        "_k": moved["org_name_to"].map(org_sort_key), "_s": moved["_step"] > 0})
    return out.sort_values(["_s", "_k"], kind="stable").drop(columns=["_k", "_s"]).reset_index(drop=True)


def sort_vi(frame: pd.DataFrame, column: str, *, names: bool = False) -> pd.DataFrame:
    """A copy of `frame` sorted on a text column in Vietnamese order: organisation names by their own name
    (without 'Chi bộ'/'Đảng bộ'), or with names=True people's names, given name first."""
    key = frame[column].map(name_sort_key if names else org_sort_key)
    return frame.assign(_k=key).sort_values("_k", kind="stable").drop(columns="_k").reset_index(drop=True)


def sql(ds, query: str, *, with_names: bool = False) -> pd.DataFrame:
    """Run SQL (DuckDB, an optional extra: pip install 'khoi_analysis[sql]') over the loaded tables: orgs,
    members (without card numbers, names and birth dates unless with_names), member_counts, admissions,
    targets."""
    try:
        import duckdb  # optional (pip install '.[sql]'): imported only when asked for
    except ImportError as exc:
        raise RuntimeError("cần cài DuckDB: pip install 'khoi_analysis[sql]' (hoặc pip install duckdb)") from exc
    members = ds.members if with_names else ds.members.drop(columns=list(PERSONAL_COLUMNS))
    con = duckdb.connect()
    try:
        for name, frame in (("orgs", ds.orgs), ("members", members), ("member_counts", ds.member_counts),
                            ("admissions", ds.admissions), ("targets", ds.targets)):
            con.register(name, frame.assign(**{c: frame[c].astype("string") for c in frame.columns
                                               if isinstance(frame[c].dtype, pd.CategoricalDtype)}))
        return con.execute(query).df()
    finally:
        con.close()


def org_history(orgs: pd.DataFrame, org: str) -> pd.DataFrame:
    """One organisation's rating year by year (matched loosely by name)."""
    rows = orgs[_find_org(orgs, org)]
    return rows.sort_values("year")[["year", "org_name", "org_type", "rating", "unrated_reason"]].reset_index(drop=True)


def age_bands(members: pd.DataFrame, year: int, bands: tuple[int, ...] = (30, 40, 50, 60)) -> pd.DataFrame:
    """Members of `year` by age band (age on 31 December of the year) and level; needs birth dates."""
    if members["birth_date"].isna().all():
        raise ValueError("không có ngày sinh (dữ liệu nạp từ bộ nhớ đệm không lưu ngày sinh): nạp lại bằng "
                         "ka.load(..., cache=False)")
    rows = members[(members["year"] == year) & members["birth_date"].notna()].copy()
    birth = pd.to_datetime(rows["birth_date"])
    age = year - birth.dt.year
    edges = [0, *bands, 200]
    names = [f"dưới {bands[0]}"] + [f"{lo}–{hi - 1}" for lo, hi in zip(bands, bands[1:])] + [f"từ {bands[-1]}"]
    band = pd.cut(age, edges, right=False, labels=names).rename(labels.AGE_BAND)
    rating = rows["rating"].astype("object").fillna(labels.UNRATED_NAME).rename(labels.COLUMN_LABELS["rating"])
    out = pd.crosstab(band, rating)
    return out.reindex(columns=pd.Index([c for c in [*labels.LEVELS, labels.UNRATED_NAME] if c in out.columns],
                                        name=out.columns.name))
