"""Row kinds under a table's header, column-wise for every kind of table: blank, signature block, total,
group (Roman numeral + organisation type), note, rows with values but no key; and the row account of a sheet."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..read import SheetGrid
from ..text import fold, parse_org_type
from .arrow import column_texts, distinct_map, match_regex, present
from .locate import Located
from .vocabulary import (
    FOOTER_PREFIXES,
    GROUP_KINDS,
    IDENTITY_COLUMNS,
    REQUIRED,
    ROMAN,
    TOTAL_PREFILTER,
    TOTAL_PREFIXES,
    TOTAL_WORDS,
)


@dataclass
class RowAccount:
    """Per sheet: rows read = loaded + excluded + rejected."""

    file: str
    sheet: str
    kind: str
    read: int = 0
    loaded: int = 0
    excluded: int = 0
    rejected: int = 0


@dataclass
class Rows:
    """Every row under a table's header, classified column-wise (numpy masks, one entry per row)."""

    n: int
    texts: dict  # canonical column -> Arrow string array of clean texts (null = blank)
    key_cols: list[str]
    nonblank: object  # any text in the row
    after_footer: object  # at or below the signature block
    total: object  # a total row (a cross-check, not data)
    group: object  # a group row naming the organisation type of the rows below (small tables only)
    group_type: object  # that type, for group rows (None elsewhere)
    note: object  # text outside the table's columns, or neither key nor values
    missing_key: object  # values but no key: rejected
    candidates: object  # data rows (key present or missing)

    @property
    def read(self) -> int:
        return int(self.nonblank.sum())

    @property
    def excluded(self) -> int:
        live = self.nonblank & ~self.after_footer
        return int((self.nonblank & self.after_footer).sum() + (live & (self.total | self.group | self.note)).sum())


def classify_rows(grid: SheetGrid, loc: Located) -> Rows:
    """The row rules, for every kind of table, column-wise: blank rows; the signature block (from its first
    line down); total rows; group rows (Roman numeral + organisation type); notes; rows with values but no key.
    Text work is vectorised, or done once per distinct value on the few rows that can match."""

    cols = loc.columns
    first = loc.data_start
    n = max(grid.height - first, 0)
    if grid.body is not None:
        width = grid.body_origin[1] + grid.body.num_columns
    else:
        width = max((len(r) for r in grid.rows[first:]), default=0)
    by_col = {c: column_texts(grid, c, first) for c in range(width)}
    null = pa.nulls(n, pa.string())
    texts = {canon: by_col.get(c, null) for canon, c in cols.items()}

    def folded_starts(arr, rows: np.ndarray, prefixes) -> np.ndarray:
        """Rows (among `rows`) whose text, folded, starts with one of `prefixes`."""
        out = np.zeros(n, bool)
        idx = np.flatnonzero(rows)
        if len(idx):
            hits = distinct_map(arr.take(pa.array(idx)), lambda v: fold(v).startswith(prefixes), bool)
            out[idx] = hits.astype(bool)
        return out

    def matches(arr, pattern: str) -> np.ndarray:
        """Rows whose text matches a regex that no all-digit text can match (those rows are not searched)."""
        out = np.zeros(n, bool)
        idx = np.flatnonzero(~pc.ascii_is_decimal(arr).fill_null(True).to_numpy(zero_copy_only=False))
        if len(idx):
            sub = arr.take(pa.array(idx))
            out[idx] = match_regex(sub, pattern).fill_null(False).to_numpy(zero_copy_only=False)
        return out

    def mapped_over(rows: np.ndarray, fn) -> np.ndarray:
        """fn over the label of the given rows, once per distinct label; None elsewhere."""
        out = np.full(n, None, dtype=object)
        idx = np.flatnonzero(rows)
        if len(idx):
            out[idx] = distinct_map(label.take(pa.array(idx)), fn)
        return out

    mapped = set(cols.values())
    has_mapped = np.zeros(n, bool)
    for c in mapped:
        if c in by_col:
            has_mapped |= present(by_col[c])
    has_other = np.zeros(n, bool)
    for c, arr in by_col.items():
        if c not in mapped:
            has_other |= present(arr)
    nonblank = has_mapped | has_other
    first_text = pc.coalesce(*by_col.values()) if by_col else null
    key_cols = [c for c in REQUIRED[loc.kind][0] if c in cols]
    key_text = pc.coalesce(*(texts[c] for c in key_cols)) if key_cols else null
    has_key = present(key_text)
    is_footer = folded_starts(first_text, nonblank & matches(first_text, r"\pL"), FOOTER_PREFIXES)
    key_footer = folded_starts(key_text, is_footer & has_key, FOOTER_PREFIXES)
    after_footer = np.cumsum(is_footer & (~has_key | key_footer)) > 0
    label = pc.coalesce(key_text, texts["seq"], first_text) if "seq" in texts else pc.coalesce(key_text, first_text)

    def is_total(v: str) -> bool:
        t = re.sub(r"[^a-z ]", "", fold(v)).strip()
        return t in TOTAL_WORDS or t.startswith(TOTAL_PREFIXES)

    total = mapped_over(matches(label, TOTAL_PREFILTER), is_total).astype(bool)
    value_cols = ("rating", "birth_date") if loc.kind == "members" else [k for k in cols if k not in IDENTITY_COLUMNS]
    has_values = np.zeros(n, bool)
    for k in value_cols:
        if k in texts:
            has_values |= present(texts[k])
    group = np.zeros(n, bool)
    group_type = np.full(n, None, dtype=object)
    if loc.kind in GROUP_KINDS and "seq" in texts:
        roman = distinct_map(texts["seq"], lambda v: bool(ROMAN.match(fold(v).rstrip(".")))).astype(bool)
        roman &= nonblank & ~total
        group_type[roman] = distinct_map(key_text, lambda v: parse_org_type(v) or parse_org_type(
            re.sub(r"^(khoi|cac|nhom)\s+", "", fold(v))))[roman]
        group = roman & (~has_values | (group_type != None))  # noqa: E711 - elementwise
        group_type[~group] = None
    note = ~has_mapped | (~has_key & ~has_values)
    live = nonblank & ~after_footer
    candidates = live & ~total & ~group & ~note
    return Rows(n, texts, key_cols, nonblank, after_footer, total, group, group_type, note, candidates & ~has_key,
                 candidates)
