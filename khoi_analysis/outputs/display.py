"""Tables for people: Vietnamese headers and Vietnamese number format, from one place (labels)."""

from __future__ import annotations

from pathlib import PurePath

import pandas as pd

from .. import labels
from ..fmt import fmt_int, fmt_number, fmt_pct, fmt_pp, fmt_signed
from ..sheet import KIND_NAMES


def _blank(v) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v))


def _first_up(text: str) -> str:
    """'đảng viên' -> 'Đảng viên', 'TCCS' stays 'TCCS' (str.capitalize would make it 'Tccs')."""
    return text[:1].upper() + text[1:]


def vi_values(frame: pd.DataFrame, *, level_names: bool = False) -> pd.DataFrame:
    """A copy of `frame` whose codes are words, numbers left as numbers: organisation types, comparators,
    a target's status, an issue's severity (and its file by name alone; its internal code dropped), ratings
    in words with level_names, 'not rated' in Vietnamese."""
    out = frame.copy()
    if "severity" in out and "code" in out:
        out = out.drop(columns="code")  # a key for programs; the message says it in words
    for col in out.columns:
        name, series = str(col), out[col]
        if name == "org_type":
            out[col] = series.map(lambda v: "" if _blank(v) else labels.ORG_TYPES.get(v, v))
        elif name == "rating":
            names = labels.LEVEL_NAMES if level_names else {}
            out[col] = series.astype("object").map(lambda v, n=names: "" if _blank(v) else n.get(v, v))
        elif name == "comparator":
            out[col] = series.map(lambda v: labels.COMPARATOR_SIGNS.get(v, v))
        elif name in ("met", "over", "included"):
            words = labels.TARGET_STATUS if name == "met" else {True: "Có", False: "Không", None: ""}
            out[col] = series.map(lambda v, w=words: v if isinstance(v, str) else w[None if _blank(v) else bool(v)])
        elif name == "severity":
            out[col] = series.map(lambda v: labels.SEVERITY_NAMES.get(v, v))
        elif name == "kind":
            out[col] = series.map(lambda v: _first_up(KIND_NAMES.get(v, v)) if isinstance(v, str) else v)
        elif name == "how":
            out[col] = series.map(lambda v: _first_up(labels.YOY_WAYS.get(v, v)) if isinstance(v, str) else v)
        elif name == "population":
            out[col] = series.map(lambda v: labels.POPULATION_NAMES.get(v, v))
        elif name == "reason" and "included" in frame:
            out[col] = series.map(lambda v: labels.COMPARABLE_REASONS.get(v, v))
        elif name == "file" and "severity" in frame:
            out[col] = series.map(lambda v: PurePath(v).name if isinstance(v, str) else v)
    return out


def vi_headers(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with Vietnamese headers (labels.column_label), index and column names included."""
    cols = list(frame.columns)
    out = frame.rename(columns=lambda c: labels.column_label(c, cols))
    if out.index.name is not None:
        out.index.name = labels.column_label(out.index.name, cols)
    if out.columns.name is not None:
        out.columns.name = labels.column_label(out.columns.name, cols)
    return out


def vi_table(frame: pd.DataFrame, *, level_names: bool = False) -> pd.DataFrame:
    """A copy of `frame` ready to show: *_pct as '91,4%', *_change_pp as '+1,3 điểm %', counts as '1.250',
    organisation types and (with level_names) ratings in words, headers in Vietnamese, rows numbered 1…n."""
    out = vi_values(frame, level_names=level_names)
    for col in out.columns:
        name = str(col)
        series = out[col]
        if name.endswith("_change_pp"):
            out[col] = series.map(lambda v: fmt_pp(v) if pd.notna(v) else "–")
        elif name.endswith(("_pct", "_pct_previous")):
            out[col] = series.map(lambda v: fmt_pct(v) if pd.notna(v) else "–")
        elif name.endswith("_change") and name.startswith(("mean", "median")):
            out[col] = series.map(lambda v: fmt_signed(v, 1, "điểm") if pd.notna(v) else "–")
        elif name in ("score", "mean", "median", "mean_previous", "median_previous"):
            out[col] = series.map(lambda v: fmt_number(v, 1) if pd.notna(v) else "–")
        elif name in ("gap", "actual", "threshold", "allowed"):
            out[col] = series.map(lambda v: fmt_number(v, 0 if pd.notna(v) and float(v).is_integer() else 1)
                                  if pd.notna(v) else "–")
        elif pd.api.types.is_integer_dtype(series) and name != "year":
            out[col] = series.map(lambda v: fmt_int(v) if pd.notna(v) else "–")
        elif name == "birth_date":
            out[col] = series.map(lambda v: v.strftime("%d/%m/%Y") if pd.notna(v) and hasattr(v, "strftime") else "")
        elif series.dtype == object or pd.api.types.is_string_dtype(series):
            out[col] = series.map(lambda v: "" if _blank(v) else v)
    if "unit" in out.columns:  # a target's result and gap as the deck says them: 98,0 and +13,0 (a share), 152, +2
        share = out["unit"].map(lambda u: isinstance(u, str) and u.strip() == "%")
        values = vi_values(frame)
        for name in ("actual", "gap"):
            if name in out.columns:
                out[name] = [_target_number(v, 1 if pct else 0, name == "gap")
                             for v, pct in zip(values[name], share)]
    out = vi_headers(out)
    if out.index.name is None and pd.api.types.is_integer_dtype(out.index):  # also rows left by a filter
        out.index = pd.RangeIndex(1, len(out) + 1)
    return out


def _target_number(value, decimals: int, signed: bool) -> str:
    if _blank(value):
        return "–"
    if decimals == 0 and not float(value).is_integer():
        decimals = 1
    return fmt_signed(value, decimals) if signed else fmt_number(value, decimals)


def matrix_table(matrix: pd.DataFrame) -> pd.DataFrame:
    """A cross table (transition matrix, age bands) as a plain table: its row labels become the first column,
    headed with both axes' names ('Xếp loại năm 2020 → Xếp loại năm 2021')."""
    rows, cols = matrix.index.name, matrix.columns.name
    head = " → ".join(str(n) for n in (rows, cols) if n) or ""
    out = matrix.copy()
    out.index.name, out.columns.name = head, None
    out.index = out.index.astype("object")
    return out.reset_index()


class Shown:
    """A table for a notebook: every text whole (never cut with '…'), text left-aligned and numbers right-
    aligned, rows numbered 1…n, an empty table saying so in `empty` instead of showing nothing."""

    def __init__(self, table: pd.DataFrame, numeric: list[str], empty: str):
        self.table, self.numeric, self.empty = table, numeric, empty

    def __repr__(self) -> str:
        if self.table.empty:
            return self.empty
        with pd.option_context("display.max_colwidth", None, "display.max_rows", 500, "display.width", 250):
            return self.table.to_string()

    def _repr_html_(self) -> str:
        from html import escape

        if self.table.empty:
            return f"<p><i>{escape(self.empty)}</i></p>"
        head = "".join(f"<th style='text-align:left'>{escape(str(c))}</th>" for c in self.table.columns)
        rows = []
        for idx, row in zip(self.table.index, self.table.itertuples(index=False)):
            cells = "".join(f"<td style='text-align:{'right' if c in self.numeric else 'left'}'>{escape(str(v))}</td>"
                            for c, v in zip(self.table.columns, row))
            rows.append(f"<tr><th style='text-align:right'>{escape(str(idx))}</th>{cells}</tr>")
        return f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def vi_show(frame: pd.DataFrame, *, level_names: bool = False, empty: str = "(không có dòng nào)") -> Shown:
    """vi_table for a notebook (see Shown): whole texts, aligned, `empty` said when there is no row."""
    table = vi_table(frame, level_names=level_names)
    values = vi_values(frame, level_names=level_names)  # the same columns, in the same order, before formatting
    numeric = [shown for shown, c in zip(table.columns, values.columns)
               if pd.api.types.is_numeric_dtype(values[c]) and not pd.api.types.is_bool_dtype(values[c])]
    return Shown(table, numeric, empty)
