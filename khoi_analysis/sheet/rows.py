"""Row kinds under a table's header, column-wise for every kind of table: blank, signature block, total,
group (Roman numeral + organisation type), note, rows with values but no key; and the row account of a sheet."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyarrow as pa

from ..read import SheetGrid
from ..text import fold, parse_org_type
from .columns import columns_for
from .locate import Located
from .values import cell_text
from .vocabulary import (
    FOOTER_PREFIXES,
    GROUP_HEADING,
    GROUP_KINDS,
    GROUP_TYPES,
    GROUP_WORDS,
    IDENTITY_COLUMNS,
    NOTE_PREFIXES,
    PCT_ROW,
    PLAIN_SEQ,
    REQUIRED,
    ROMAN,
    SUB_SEQ,
    SUBTOTAL,
    SUMMARY_LINE,
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
    texts: dict  # canonical column -> clean texts (None = blank): Arrow strings, or a list for a small table
    key_cols: list[str]
    nonblank: object  # any text in the row
    after_footer: object  # at or below the signature block
    total: object  # a total row of the whole table or of a group (a cross-check, not data)
    subtotal: object  # among the total rows, those of one group ("Cộng I")
    group: object  # a group row naming the organisation type of the rows below (small tables only); one with
    # figures prints its group's subtotal (see `group_figures`)
    group_type: object  # that type, for group rows (None elsewhere)
    note: object  # text outside the table's columns, neither key nor values, or a note ("Ghi chú: …")
    pct_row: object  # a row of shares under a row of counts ("Tỷ lệ (%)")
    summary: object  # a line of figures in words ("Tổng số: 686 TCCS, …")
    repeated_header: object  # the header (and its column numbers) again, at the top of a printed page
    sub_unit: object  # a chi bộ trực thuộc under its đảng bộ cơ sở ("1.1" under "1"): inside its parent
    missing_key: object  # values but no key: rejected
    candidates: object  # data rows (key present or missing)
    by_rule: object = None  # rows the user said to skip (sheet/overrides.py)
    group_figures: object = None  # group rows that carry figures: their group's subtotal, checked like one

    def text_lists(self) -> dict[str, list]:
        return {canon: col if isinstance(col, list) else col.to_pylist() for canon, col in self.texts.items()}

    def text_arrays(self) -> dict:
        return {canon: pa.array(col, type=pa.string()) if isinstance(col, list) else col
                for canon, col in self.texts.items()}

    @property
    def read(self) -> int:
        return int(self.nonblank.sum())

    @property
    def skipped(self):
        """Rows under the header that are not data, by any rule."""
        return (self.total | self.group | self.note | self.pct_row | self.summary | self.repeated_header
                | self.sub_unit | self.by_rule)

    @property
    def excluded(self) -> int:
        live = self.nonblank & ~self.after_footer
        return int((self.nonblank & self.after_footer).sum() + (live & self.skipped).sum())


def classify_rows(grid: SheetGrid, loc: Located) -> Rows:
    """The row rules, for every kind of table, column-wise: blank rows; the signature block (from its first
    line down); total rows; group rows (Roman numeral + organisation type); notes; rows with values but no key.
    Written once over the column operations of sheet/columns.py: Python lists for a small table (no fixed cost
    per call), Arrow arrays for a large one (vectorised, or once per distinct value on the rows that can match)."""

    cols = loc.columns
    first = loc.data_start
    n = max(grid.height - first, 0)
    if grid.body is not None:
        width = grid.body_origin[1] + grid.body.num_columns
    else:
        width = max((len(r) for r in grid.rows[first:]), default=0)
    ops = columns_for(grid, n)  # Python lists for small tables, Arrow for large ones: the same rules
    by_col = ops.columns(grid, width, first)
    null = ops.null()
    texts = {canon: by_col.get(c, null) for canon, c in cols.items()}

    mapped = set(cols.values())
    has_mapped = ops.any_present([by_col[c] for c in mapped if c in by_col])
    has_other = ops.any_present([arr for c, arr in by_col.items() if c not in mapped])
    nonblank = has_mapped | has_other
    by_rule = np.zeros(n, bool)
    ruled = [r - first for r in loc.skip_rows if 0 <= r - first < n]
    by_rule[ruled] = True
    by_rule &= nonblank
    first_text = ops.coalesce(*by_col.values())
    key_cols = [c for c in REQUIRED[loc.kind][0] if c in cols]
    key_text = ops.coalesce(*(texts[c] for c in key_cols))
    has_key = ops.present(key_text)

    def footer(v: str) -> bool:
        return fold(v).startswith(FOOTER_PREFIXES)

    is_footer = ops.map_rows(first_text, nonblank & ~by_rule & ops.matches(first_text, r"\pL"), footer, bool)
    key_footer = ops.map_rows(key_text, is_footer & has_key, footer, bool)
    after_footer = np.cumsum(is_footer & (~has_key | key_footer)) > 0
    label = ops.coalesce(key_text, texts["seq"], first_text) if "seq" in texts else ops.coalesce(key_text, first_text)

    def total_kind(v: str) -> int:
        """0: not a total; 1: the table's total; 2: a group's total."""
        t = re.sub(r"\s+", " ", re.sub(r"[^a-z ]", " ", fold(v))).strip()
        if SUBTOTAL.match(t):
            return 2
        return int(t in TOTAL_WORDS or t.startswith(TOTAL_PREFIXES))

    kinds = ops.map_rows(label, ops.matches(label, TOTAL_PREFILTER), total_kind)
    total = kinds != None  # noqa: E711 - elementwise
    total[total] = kinds[total] > 0
    total &= ~by_rule
    subtotal = total & (kinds == 2)
    words = ops.matches(label, r"\pL") & nonblank & ~total & ~by_rule
    pct_row = ops.map_rows(label, words, lambda v: bool(PCT_ROW.match(fold(v))), bool)
    summary = ops.map_rows(label, words, lambda v: bool(SUMMARY_LINE.match(fold(v))), bool)
    noted = ops.map_rows(label, words, lambda v: fold(v).startswith(NOTE_PREFIXES), bool)
    repeated = _repeated_header(grid, loc, by_col, n, ops) & ~by_rule
    total &= ~repeated  # a repeated header's "Tổng số" cell is a heading, not a total row
    subtotal &= ~repeated
    value_cols = ("rating", "birth_date") if loc.kind == "members" else [k for k in cols if k not in IDENTITY_COLUMNS]
    has_values = ops.any_present([texts[k] for k in value_cols if k in texts])
    group = np.zeros(n, bool)
    group_type = np.full(n, None, dtype=object)
    if loc.kind in GROUP_KINDS and "seq" in texts:
        # each test only on the rows where its answer is used (the tests are pure: the same answers)
        open_rows = nonblank & ~total
        roman = ops.map_rows(texts["seq"], open_rows, lambda v: bool(ROMAN.match(fold(v).rstrip("."))), bool)
        group_type[roman] = ops.map_rows(key_text, roman, lambda v: parse_org_type(v) or parse_org_type(
            re.sub(r"^(khoi|cac|nhom)\s+", "", fold(v))))[roman]
        group = roman & ~by_rule & (~has_values | (group_type != None))  # noqa: E711 - elementwise
        # "1 | Khối Đảng", "2 | Doanh nghiệp": a plain number and a name that is a group's, not a TCCS's
        plain = ops.map_rows(texts["seq"], open_rows & ~by_rule & ~group, lambda v: bool(PLAIN_SEQ.match(v)), bool)
        arabic = ops.map_rows(key_text, plain, _group_heading, bool) & plain
        group_type[arabic] = ops.map_rows(key_text, arabic, _heading_type)[arabic]
        group |= arabic
        group_type[~group] = None
    note = (~has_mapped | (~has_key & ~has_values) | (noted & ~has_values)) & ~by_rule  # "* Chi bộ X" rated: data
    live = nonblank & ~after_footer & ~by_rule
    candidates = live & ~total & ~group & ~note & ~pct_row & ~summary & ~repeated
    sub_unit = (_sub_units(ops.to_list(texts["seq"]) if "seq" in texts else None, ops.to_list(key_text), candidates,
                           has_values, n) if loc.kind in GROUP_KINDS else np.zeros(n, bool))
    candidates &= ~sub_unit
    return Rows(n, texts, key_cols, nonblank, after_footer, total, subtotal, group, group_type, note, pct_row,
                summary, repeated, sub_unit, candidates & ~has_key, candidates, by_rule, group & has_values)


def _stripped(v: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"^(khoi|cac|nhom|loai hinh)\s+", "", re.sub(r"[^a-z ]", " ", fold(v)))).strip()


@lru_cache(maxsize=8192)  # organisation names recur in every file of their TCCS
def _group_heading(v: str) -> bool:
    """A name that is a group's ("Khối Đảng", "Các doanh nghiệp", "Doanh nghiệp nhà nước"), never a TCCS's."""
    folded = fold(v).strip()
    return bool(GROUP_HEADING.match(folded)) or _stripped(v) in GROUP_WORDS or parse_org_type(v) is not None


@lru_cache(maxsize=8192)
def _heading_type(v: str) -> str | None:
    return parse_org_type(v) or parse_org_type(_stripped(v)) or GROUP_TYPES.get(_stripped(v))


def _repeated_header(grid: SheetGrid, loc: Located, by_col: dict, n: int, ops) -> np.ndarray:
    """Rows that repeat the header block (or its column-number row) at the top of a printed page: the table's
    cells hold the header's own texts for their column, and nothing else."""
    cols = [c for c in set(loc.columns.values()) if c in by_col]
    headers = [{cell_text(grid.rows[r][c]) for r in range(loc.header_rows[0], loc.data_start)
                if c < len(grid.rows[r])} - {""} for c in cols]
    return ops.only_headers([by_col[c] for c in cols], headers)


def _sub_units(seqs: list | None, keys: list, candidates: np.ndarray, has_values: np.ndarray, n: int) -> np.ndarray:
    """Chi bộ trực thuộc listed under their đảng bộ cơ sở: numbered "N.k" under a data row numbered N ("N.k.j"
    under a TCCS "N.k" of a numbered group; under a
    row numbered N that names an organisation type and has no values, a group, they are the data), or marked
    "- …" with no number under a numbered đảng bộ while other rows are numbered. They are inside their
    parent's figures: counting them again would double them."""
    out = np.zeros(n, bool)
    if seqs is None:
        return out
    dotted = [i for i, v in enumerate(seqs) if v and SUB_SEQ.match(v)]
    dashed = {i for i, (s, k) in enumerate(zip(seqs, keys)) if not s and k and k[:1] in "-+–" and candidates[i]}
    if not dotted and not dashed:
        return out
    parent_at: dict[str, int] = {}
    last_parent: int | None = None
    for i, v in enumerate(seqs):
        if v and re.fullmatch(r"\d{1,3}\.?", v) and candidates[i]:
            parent_at[v.rstrip(".")] = i
            last_parent = i
        elif v and (m := SUB_SEQ.match(v)) and candidates[i]:
            parent = parent_at.get(m.group(1).replace(",", "."))
            # under a group row ("1 | Khối doanh nghiệp", no values) they are the data; under a sub-unit, inside
            out[i] = parent is not None and (bool(out[parent]) or bool(has_values[parent])
                                             or not parse_org_type(keys[parent] or ""))
            parent_at[v.rstrip(".").replace(",", ".")] = i  # "1.1" in a numbered group is a TCCS: "1.1.1" its unit
            if not out[i]:
                last_parent = i
        elif i in dashed and last_parent is not None:
            out[i] = fold(keys[last_parent] or "").startswith("dang bo")
    return out
