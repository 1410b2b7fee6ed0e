"""A table as one sheet gave it, before any pandas object: a member list as columns of arrays (`MemberPart`), a
small table as its records (`RecordPart`). Hundreds of small workbooks give hundreds of parts; making a pandas
frame (and its categoricals) per part cost more than reading the file, so a part becomes a frame only when asked
(`frame()`, the frame of that one sheet), and many parts become one frame at once (`member_frame`,
`record_frame`): arrays joined once, categoricals built once for the whole load."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import pyarrow as pa

from .. import labels
from ..text import org_key
from .arrow import categorical

__all__ = ["MEMBER_COLUMNS", "MemberPart", "Part", "RecordPart", "member_frame", "record_frame"]

# text columns of a member part (Arrow strings, null for blank), besides row, year, rating codes and score
MEMBER_TEXT = ("ref", "org_name", "unrated_reason", "member_code", "name", "cell")
MEMBER_COLUMNS = ["row", "ref", "year", "org_name", "org_id", "rating", "score", "unrated_reason", "member_code",
                  "name", "birth_date", "cell", "file", "sheet"]


@dataclass
class Part:
    """What one sheet's table gave; `quarter`: the quarter of a quarterly review (a column of the frame)."""

    file: str
    sheet: str
    quarter: int | None = None

    def __len__(self) -> int:
        raise NotImplementedError

    @property
    def empty(self) -> bool:
        return len(self) == 0

    def with_quarter(self, quarter: int) -> Part:
        return replace(self, quarter=quarter)

    def frame(self) -> pd.DataFrame:
        raise NotImplementedError

    def _quartered(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame if self.quarter is None or frame.empty else frame.assign(quarter=self.quarter)


def _empty_frame(file: str, sheet: str) -> pd.DataFrame:
    frame = pd.DataFrame({"row": pd.Series(dtype="int64"), "year": pd.Series(dtype="int64")})
    frame["file"] = file
    frame["sheet"] = sheet
    return frame


@dataclass
class RecordPart(Part):
    """A small table's rows as dicts (field -> value), in the sheet's order."""

    records: list[dict] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.records)

    def frame(self) -> pd.DataFrame:
        if not self.records:
            return _empty_frame(self.file, self.sheet)
        where = {"file": self.file, "sheet": self.sheet}  # in the records: one column set per frame is cheaper
        return self._quartered(pd.DataFrame.from_records([{**r, **where} for r in self.records]))


@dataclass
class MemberPart(Part):
    """A member list's loaded rows, column by column: `row`, `year` (int64), `rating` (codes into labels.LEVELS,
    -1: none), `score` (float64, NaN: none) as numpy arrays; the texts of MEMBER_TEXT as Arrow strings;
    `birth_date` as Arrow dates."""

    columns: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.columns["row"]) if self.columns else 0

    def frame(self) -> pd.DataFrame:
        if not self.columns:
            return _empty_frame(self.file, self.sheet)
        return self._quartered(_member_columns([self], None))


def _member_columns(parts: list[MemberPart], alias_map: dict[str, str] | None) -> pd.DataFrame:
    """The frame of the parts' rows in order (the frame of one sheet when given one part); `alias_map`: other
    names' org_id -> canonical org_id, applied to org_id."""

    def joined(name: str):
        chunks = [p.columns[name] for p in parts]
        if isinstance(chunks[0], np.ndarray):
            return chunks[0] if len(chunks) == 1 else np.concatenate(chunks)
        want = pa.date32() if name == "birth_date" else pa.string()
        chunks = [c if c.type == want else c.cast(want) for c in chunks]  # large sheets' Arrow text may be wider
        return chunks[0] if len(chunks) == 1 else pa.concat_arrays(chunks)

    def org_id(v: str | None) -> str | None:
        if not v:
            return None
        key = org_key(v)
        return alias_map.get(key, key) if alias_map else key

    lengths = [len(p) for p in parts]
    org_name = joined("org_name")
    return pd.DataFrame({
        "row": joined("row"),
        "ref": joined("ref").to_pandas(),
        "year": joined("year"),
        "org_name": categorical(org_name),
        "org_id": categorical(org_name, org_id),
        "rating": pd.Categorical.from_codes(joined("rating"), categories=list(labels.LEVELS)),
        "score": pd.array(joined("score"), dtype="Float64"),
        "unrated_reason": categorical(joined("unrated_reason")),
        "member_code": joined("member_code").to_pandas(),
        "name": joined("name").to_pandas(),
        "birth_date": joined("birth_date").to_pandas(date_as_object=True),
        "cell": categorical(joined("cell")),
        "file": _constant_per_part([p.file for p in parts], lengths),
        "sheet": _constant_per_part([p.sheet for p in parts], lengths),
    })


def _constant_per_part(values: list[str], lengths: list[int]) -> pd.Categorical:
    """One value per part, repeated over its rows, as a categorical (categories sorted)."""
    categories = sorted(set(values))
    position = {v: i for i, v in enumerate(categories)}
    codes = np.repeat(np.array([position[v] for v in values], dtype=np.int32), lengths)
    return pd.Categorical.from_codes(codes, categories=categories)


def member_frame(parts: list[MemberPart], alias_map: dict[str, str] | None = None) -> pd.DataFrame:
    """Many member parts (none empty, none quarterly) as one frame, as if each part's frame were made, its
    org_id mapped through `alias_map` and the frames concatenated, then text columns of few values made
    categorical (their categories sorted): arrays joined once, categoricals built once."""
    return _member_columns(parts, alias_map)


def _signature(records: list[dict]) -> tuple:
    """What pandas infers a part's columns from: the columns in order, and per column the types of its values
    (a key some records lack counts as a missing value)."""
    keys: dict[str, set] = {}
    for rec in records:
        for k, v in rec.items():
            keys.setdefault(k, set()).add(type(v))
    n = len(records)
    return tuple((k, frozenset(types), sum(k in rec for rec in records) == n) for k, types in keys.items())


def record_frame(parts: list[RecordPart]) -> pd.DataFrame:
    """Many small-table parts (none empty, none quarterly) as one frame, equal to their frames concatenated:
    consecutive parts whose columns pandas would infer alike are made into one frame together."""
    runs: list[list[RecordPart]] = []
    last = None
    for part in parts:
        sig = _signature(part.records)
        if runs and sig == last:
            runs[-1].append(part)
        else:
            runs.append([part])
            last = sig
    frames = []
    for run in runs:
        if len(run) == 1:
            frames.append(run[0].frame())
            continue
        frame = pd.DataFrame.from_records([rec for p in run for rec in p.records])
        frame["file"] = [p.file for p in run for _ in p.records]
        frame["sheet"] = [p.sheet for p in run for _ in p.records]
        frames.append(frame)
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
