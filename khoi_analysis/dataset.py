"""`load()`: spreadsheet files in, a Dataset of tidy frames and validation issues out."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import config, labels
from .cellref import a1
from .checks import check_dataset
from .config import ALIASES_FILE_NAME, LISTS_SHEET, PERSONAL_COLUMNS
from .issues import Issue, issues_frame
from .read import ReadError, find_spreadsheets, read_workbook
from .tables import KIND_COLUMNS, KIND_NAMES, decode_grid, extract, locate, year_from_context
from .text import nfc, org_key

RATING_DTYPE = pd.CategoricalDtype(list(labels.LEVELS), ordered=True)
ORG_TYPE_DTYPE = pd.CategoricalDtype(list(labels.ORG_TYPES))

ORG_FRAME = ["year", "org_id", "org_name", "org_type", "founded_year", "rating", "unrated_reason",
             "political_task_good", "action_programme", "file", "sheet", "row", "ref"]
MEMBER_FRAME = ["year", "member_id", "member_code", "name", "birth_date", "cell", "org_id", "org_name", "rating",
                "unrated_reason", "file", "sheet", "row", "ref"]
COUNT_FRAME = ["year", "org_id", "org_name", "org_type", "total", "rated", *labels.LEVELS, "source"]
ADMISSION_FRAME = ["year", "org_id", "org_name", "quota", "admitted", "file", "sheet", "row", "ref"]
TARGET_FRAME = ["year", "target_id", "name", "metric", "comparator", "threshold", "unit", "typed_actual",
                "file", "sheet", "row", "ref"]


@dataclass
class Dataset:
    """Tidy frames, one row per observation, ASCII column names:

    - orgs: one row per organisation per year (rating is an ordered Categorical KHTNV < … < HTXSNV;
      NaN when not rated, with unrated_reason);
    - members: one row per member per year, where member lists were given;
    - member_counts: per organisation and year: total, rated and a count per level (from member lists);
    - admissions: per organisation and year: quota and admitted;
    - targets: the resolution's targets per year;
    - issues: every problem found (severity, code, file, sheet, cell, message);
    - accounts: per sheet, rows read = loaded + excluded + rejected.
    """

    orgs: pd.DataFrame
    members: pd.DataFrame
    member_counts: pd.DataFrame
    admissions: pd.DataFrame
    targets: pd.DataFrame
    issues: pd.DataFrame
    accounts: pd.DataFrame
    files: list[str] = field(default_factory=list)

    @classmethod
    def from_frames(cls, orgs: pd.DataFrame | None = None, members: pd.DataFrame | None = None,
                    admissions: pd.DataFrame | None = None, targets: pd.DataFrame | None = None,
                    member_counts: pd.DataFrame | None = None) -> Dataset:
        """A Dataset from frames made by hand (missing columns are added empty, ratings made Categorical).
        member_counts defaults to the counts of `members`."""
        o = _tidy_orgs(orgs if orgs is not None else pd.DataFrame())
        m = _tidy_members(members if members is not None else pd.DataFrame())
        a = _tidy(admissions if admissions is not None else pd.DataFrame(), ADMISSION_FRAME,
                  {"quota": "Int64", "admitted": "Int64"})
        t = _tidy(targets if targets is not None else pd.DataFrame(), TARGET_FRAME,
                  {"threshold": "float64", "typed_actual": "float64"})
        mc = member_counts if member_counts is not None else counts_from_members(m, o)
        ds = cls(o, m, mc, a, t, issues_frame([]), pd.DataFrame(), [])
        ds.issues = issues_frame(check_dataset(ds))
        return ds

    @property
    def years(self) -> list[int]:
        """Every review year with data in any table, ascending."""
        found: set[int] = set()
        for frame in (self.orgs, self.member_counts, self.admissions):
            found.update(int(y) for y in frame["year"].dropna().unique())
        return sorted(found)

    @property
    def errors(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == "error"]

    @property
    def warnings(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == "warning"]

    @property
    def ok(self) -> bool:
        """True when no issue is an error (warnings allowed)."""
        return self.errors.empty


def load(*paths: str | Path, year: int | None = None, mapping: dict[str, str] | None = None,
         aliases: dict[str, str] | str | Path | None = None, strict: bool = False, cache: bool = True) -> Dataset:
    """Read every spreadsheet in `paths` (files or folders; none means data/raw) into a Dataset.

    year: the review year for sheets that don't say it (no year column, title, sheet or file name): a fallback,
        never an override.
    mapping: extra header texts -> canonical column names, for headers the reader doesn't know.
    aliases: other names of organisations -> their name (renamed or merged units): a dict, or a CSV file of two
        columns (name in the file, canonical name). Default: data/raw/bi_danh_tccs.csv when it exists.
    strict: raise ReadError on the first unreadable file instead of recording it as an issue.
    cache: serve unchanged inputs from the Parquet cache in data/processed/.cache (see khoi_analysis.cache);
        member records from the cache carry no card numbers, names or birth dates: use cache=False for those.
    Files that can't be read and problems in the data are in `Dataset.issues`; nothing is dropped silently.
    """
    targets = list(paths) or [config.RAW_DIR]
    issues: list[Issue] = []
    frames: dict[str, list[pd.DataFrame]] = {k: [] for k in KIND_COLUMNS}
    accounts = []
    files = []
    alias_map = _load_aliases(aliases, issues)
    try:
        found = find_spreadsheets(targets)
    except ReadError as exc:
        if strict:
            raise
        found = []
        issues.append(Issue("error", "unreadable_file", exc.message, exc.path))
    if not found and not issues:
        issues.append(Issue("error", "no_files", "không tìm thấy bảng tính nào (.xlsx, .xls, .ods, .csv) trong: "
                            + ", ".join(map(str, targets))))
    key = None
    if cache and found and not strict and not issues:
        from . import cache as cache_mod

        alias_text = json.dumps(alias_map, sort_keys=True, ensure_ascii=False)
        from .privacy import key_fingerprint

        key = cache_mod.key_for(found, {"year": year, "mapping": mapping, "aliases": alias_text,
                                        "pseudonym_key": key_fingerprint()})
        hit = cache_mod.read(key)
        if hit is not None:
            members = hit["members"]
            for col in PERSONAL_COLUMNS:  # never cached: present, and empty
                members[col] = pd.Series(pd.NA, index=members.index, dtype="object")
            return Dataset(hit["orgs"], members, hit["member_counts"], hit["admissions"], hit["targets"],
                           hit["issues"], hit["accounts"], [str(p) for p in found])
    for path in found:
        files.append(str(path))
        try:
            grids = read_workbook(path)
            file_frames: dict[str, list[pd.DataFrame]] = {k: [] for k in KIND_COLUMNS}
            file_accounts: list[dict] = []
            file_issues, located = _load_file(grids, year, mapping, file_frames, file_accounts)
            del grids  # a large sheet's Arrow columns: not needed once its records are extracted
        except ReadError as exc:
            if strict:
                raise
            issues.append(Issue("error", "unreadable_file", exc.message, exc.path))
            continue
        except Exception as exc:  # a file must never stop the others: report it and go on
            if strict:
                raise
            issues.append(Issue("error", "unreadable_file", f"lỗi không mong đợi khi đọc tệp ({type(exc).__name__}: "
                                f"{str(exc)[:160]}); hãy mở bằng Excel, lưu lại rồi thử lại", str(path)))
            continue
        for kind, parts in file_frames.items():
            frames[kind].extend(parts)
        accounts.extend(file_accounts)
        issues.extend(file_issues)
    orgs = _tidy_orgs(_apply_aliases(_concat(frames["orgs"]), alias_map))
    members = _tidy_members(_apply_aliases(_concat(frames["members"]), alias_map))
    admissions = _tidy(_apply_aliases(_concat(frames["admissions"]), alias_map), ADMISSION_FRAME,
                       {"quota": "Int64", "admitted": "Int64"})
    targets = _tidy(_concat(frames["targets"]), TARGET_FRAME, {"threshold": "float64", "typed_actual": "float64"})
    table_counts = _tidy_counts(_apply_aliases(_concat(frames["member_counts"]), alias_map), orgs)
    member_counts = combine_counts(counts_from_members(members, orgs), table_counts)
    ds = Dataset(orgs, members, member_counts, admissions, targets, issues_frame([]),
                 pd.DataFrame(accounts, columns=["file", "sheet", "kind", "read", "loaded", "excluded", "rejected"]),
                 files)
    issues.extend(check_dataset(ds, table_counts))
    ds.issues = issues_frame(issues)
    if key is not None:
        from . import cache as cache_mod

        cache_mod.write(key, {"orgs": orgs, "members": members, "member_counts": member_counts,
                              "admissions": admissions, "targets": targets, "issues": ds.issues,
                              "accounts": ds.accounts})
    return ds


def _load_file(grids, year, mapping, frames, accounts) -> tuple[list[Issue], int]:
    """Locate and extract every table of one file's sheets."""
    issues: list[Issue] = []
    located = 0
    unlocated = []
    for grid in grids:
        grid, encoding = decode_grid(grid)
        loc = locate(grid, mapping)
        if grid.body is not None and (loc is None or loc.kind != "members" or encoding):
            # a large sheet read into Arrow columns that is not a Unicode member list: read it cell by cell
            grid = next(g for g in read_workbook(grid.file, fast=False) if g.sheet == grid.sheet)
            grid, encoding = decode_grid(grid)
            loc = locate(grid, mapping)
        if loc is None:
            has_text = any(any(str(v).strip() for v in row if v is not None) for row in grid.rows)
            if grid.sheet != LISTS_SHEET and has_text:
                unlocated.append(grid)
            continue
        located += 1
        if encoding:
            issues.append(Issue("info", "legacy_encoding", f"văn bản trong sheet dùng bảng mã cũ {encoding.upper()}; "
                                "đã chuyển sang Unicode", grid.file, grid.sheet))
        if grid.hidden:
            issues.append(Issue("warning", "hidden_sheet", "sheet bị ẩn nhưng có dữ liệu; dữ liệu vẫn được đọc",
                                grid.file, grid.sheet))
        for c, text in loc.unmapped.items():
            issues.append(Issue("warning", "unmapped_header", f"cột '{text}' không nhận ra nên bị bỏ qua (bảng "
                                f"{KIND_NAMES[loc.kind]} cần các cột: {expected_headers(loc.kind)}); nếu cần cột "
                                "này, dùng --map", grid.file, grid.sheet, a1(loc.header_row, c)))
        sheet_year, _source = year_from_context(grid, loc.header_rows[0])
        frame, found_issues, account = extract(grid, loc, sheet_year or year)
        issues.extend(found_issues)
        accounts.append(account.__dict__)
        frames[loc.kind].append(frame)
    if located:
        for grid in unlocated:
            issues.append(Issue("info", "no_table", "không tìm thấy dòng tiêu đề cột nào nhận ra được trong sheet "
                                "này; sheet được bỏ qua", grid.file, grid.sheet))
    elif grids:
        first = next((g for g in unlocated if _first_text_row(g)), unlocated[0] if unlocated else grids[0])
        seen = _first_text_row(first)
        issues.append(Issue("error", "no_table_in_file", "tệp không có bảng nào nhận diện được: cần một dòng tiêu đề "
                            "cột như 'Tên tổ chức cơ sở đảng' và 'Xếp loại chất lượng' (hoặc bốn cột mức xếp loại), "
                            "'Họ và tên'/'Mã đảng viên' và 'Xếp loại'"
                            + (f"; dòng đầu tiên có chữ là: '{seen}'" if seen else "; các sheet đều trống")
                            + ". Tiêu đề lạ: dùng --map 'TIÊU ĐỀ=cột'", first.file, first.sheet))
    return issues, located


def _first_text_row(grid) -> str:
    for row in grid.rows[:40]:
        texts = [nfc(v) for v in row if v is not None and nfc(v)]
        if len(texts) >= 2:
            return " | ".join(texts)[:200]
    return ""


def expected_headers(kind: str) -> str:
    return ", ".join(f"'{header}'" for canon, header, _ in KIND_COLUMNS[kind] if canon not in ("seq", "year"))


def _load_aliases(aliases, issues: list[Issue]) -> dict[str, str]:
    """Other names of organisations -> canonical org_id."""
    if aliases is None:
        default = config.RAW_DIR / ALIASES_FILE_NAME
        aliases = default if default.exists() else {}
    if isinstance(aliases, (str, Path)):
        path = Path(aliases)
        try:
            table = pd.read_csv(path, dtype=str, encoding="utf-8-sig").dropna()
            aliases = dict(zip(table.iloc[:, 0], table.iloc[:, 1]))
        except Exception as exc:
            issues.append(Issue("error", "bad_aliases", f"không đọc được bảng tên gọi khác: {exc}", str(path)))
            return {}
    return {org_key(k): org_key(v) for k, v in aliases.items()}


def _apply_aliases(frame: pd.DataFrame, alias_map: dict[str, str]) -> pd.DataFrame:
    if frame.empty or not alias_map or "org_id" not in frame:
        return frame
    out = frame.copy()
    out["org_id"] = out["org_id"].map(lambda k: alias_map.get(k, k))
    return out


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _tidy(frame: pd.DataFrame, columns: list[str], dtypes: dict[str, str]) -> pd.DataFrame:
    out = frame.reindex(columns=columns).copy()
    for col, dtype in dtypes.items():
        out[col] = out[col].astype(dtype)
    out["year"] = out["year"].astype("Int64")
    return out.sort_values([c for c in ("year", "org_id", "target_id") if c in out], kind="stable",
                           na_position="last").reset_index(drop=True)


def _tidy_orgs(frame: pd.DataFrame) -> pd.DataFrame:
    out = _tidy(frame, ORG_FRAME, {"founded_year": "Int64", "political_task_good": "boolean",
                                   "action_programme": "boolean"})
    out["rating"] = out["rating"].astype(RATING_DTYPE)
    out["org_type"] = out["org_type"].astype(ORG_TYPE_DTYPE)
    return out


def _tidy_members(frame: pd.DataFrame) -> pd.DataFrame:
    """Member records with a pseudonymous member_id: a keyed hash of the card number / member code where
    present, else of name + birth date + organisation (id_basis says which). Vectorised (Arrow)."""
    out = frame.reindex(columns=MEMBER_FRAME)  # a new frame (copy-on-write): the input is not changed
    out["id_basis"] = pd.Series(pd.NA, index=out.index, dtype="object")
    if not out.empty and out["member_id"].isna().any():
        import pyarrow as pa
        import pyarrow.compute as pc

        from .privacy import pseudonyms
        from .text import fold_arrow

        def text(col: str):  # a column as Arrow strings, without a Python object per row where it is Arrow already
            arr = pa.array(out[col], from_pandas=True)
            if pa.types.is_dictionary(arr.type):
                arr = arr.dictionary_decode()
            return arr if arr.type == pa.string() else pc.cast(arr, pa.string())

        code = text("member_code")
        has_code = pc.fill_null(pc.not_equal(code, ""), False)
        identity = pc.binary_join_element_wise("ma:", code, "")
        if not pc.all(has_code).as_py():
            birth = pa.array(out["birth_date"].astype("object").to_numpy(), from_pandas=True)
            birth = pc.cast(birth, pa.string()) if birth.type != pa.null() else pa.nulls(len(out), pa.string())
            by_name = pc.binary_join_element_wise(
                "ten:", pc.fill_null(fold_arrow(text("name")), ""), "|", pc.fill_null(birth, ""), "|",
                pc.fill_null(text("org_id"), ""), "")
            identity = pc.if_else(has_code, identity, by_name)
            has_birth = birth.is_valid().to_numpy(zero_copy_only=False)
        else:
            has_birth = np.ones(len(out), dtype=bool)
        has_code = has_code.to_numpy(zero_copy_only=False)
        basis = pd.Categorical.from_codes(np.select([has_code, has_birth], [0, 1], 2).astype(np.int8),
                                          categories=["code", "name_birth_org", "name_org"])
        made = pd.Series(pseudonyms(identity).to_pandas().array, index=out.index)  # Arrow-backed text
        given = out["member_id"]
        out["member_id"] = made if given.isna().all() else given.astype("object").where(given.notna(), made)
        out["id_basis"] = pd.Series(basis, index=out.index)
    out["rating"] = out["rating"].astype(RATING_DTYPE)
    out["year"] = out["year"].astype("Int64")
    for col in ("org_name", "org_id", "cell", "unrated_reason", "file", "sheet"):  # few distinct values
        out[col] = out[col].astype("category")
    return out.reset_index(drop=True)


def _tidy_counts(frame: pd.DataFrame, orgs: pd.DataFrame) -> pd.DataFrame:
    """Member counts read from annex tables, in the shape of counts_from_members."""
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in COUNT_FRAME})
    out = frame.copy()
    out["year"] = out["year"].astype("int64")
    if "org_type" not in out:
        out["org_type"] = None
    if not orgs.empty:
        known = orgs[["year", "org_id", "org_type"]].drop_duplicates(["year", "org_id"])
        out = out.merge(known, on=["year", "org_id"], how="left", suffixes=("", "_orgs"))
        out["org_type"] = out["org_type"].where(out["org_type"].notna(), out["org_type_orgs"])
    out["org_type"] = pd.Categorical(out["org_type"].astype("object"), dtype=ORG_TYPE_DTYPE)
    out["source"] = "table"
    for col in ("total", "rated", *labels.LEVELS):
        out[col] = out[col].astype("int64")
    return out.reindex(columns=[*COUNT_FRAME, "file", "sheet", "row", "ref"])


def combine_counts(from_members: pd.DataFrame, from_tables: pd.DataFrame) -> pd.DataFrame:
    """Per-organisation counts from member lists, plus those from count tables for organisation-years that
    have no member list (where both exist, the list wins and validate compares them)."""
    if from_tables.empty:
        return from_members
    if from_members.empty:
        return from_tables[COUNT_FRAME].reset_index(drop=True)
    have = set(zip(from_members["year"], from_members["org_id"]))
    extra = from_tables[[(y, o) not in have for y, o in zip(from_tables["year"], from_tables["org_id"])]]
    return pd.concat([from_members, extra[COUNT_FRAME]], ignore_index=True)


def counts_from_members(members: pd.DataFrame, orgs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per organisation and year: members on the list (total), rated, and a count per level."""
    if members.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in COUNT_FRAME})
    rating = members["rating"]
    if rating.dtype != RATING_DTYPE:
        rating = rating.astype(RATING_DTYPE)
    code = rating.cat.codes.to_numpy()  # -1: not rated; else the position in labels.LEVELS
    parts = pd.DataFrame({"year": members["year"], "org_id": members["org_id"], "org_name": members["org_name"],
                          "total": np.ones(len(members), dtype="int64"), "rated": (code >= 0).astype("int64"),
                          **{lvl: (code == i).astype("int64") for i, lvl in enumerate(RATING_DTYPE.categories)}})
    sums = {c: "sum" for c in ("total", "rated", *labels.LEVELS)}
    out = parts.groupby(["year", "org_id"], sort=True, observed=True).agg({"org_name": "first", **sums})
    out = out.reset_index()
    if orgs is not None and not orgs.empty:
        types = orgs[["year", "org_id", "org_type"]].drop_duplicates(["year", "org_id"])
        out = out.merge(types, on=["year", "org_id"], how="left")
    else:
        out["org_type"] = pd.Categorical([None] * len(out), dtype=ORG_TYPE_DTYPE)
    out["source"] = "members"
    return out[COUNT_FRAME]
