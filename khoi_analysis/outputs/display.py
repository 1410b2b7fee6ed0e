"""Tables for people: Vietnamese headers and Vietnamese number format, from one place (labels)."""

from __future__ import annotations

import pandas as pd

from .. import labels
from ..fmt import fmt_int, fmt_number, fmt_pct, fmt_pp


def vi_table(frame: pd.DataFrame, *, level_names: bool = False) -> pd.DataFrame:
    """A copy of `frame` ready to show: *_pct as '91,4%', *_change_pp as '+1,3 điểm %', counts as '1.250',
    organisation types and (with level_names) ratings in words, headers in Vietnamese."""
    out = frame.copy()
    for col in out.columns:
        name = str(col)
        series = out[col]
        if name.endswith("_change_pp"):
            out[col] = series.map(lambda v: fmt_pp(v) if pd.notna(v) else "–")
        elif name.endswith("_pct"):
            out[col] = series.map(lambda v: fmt_pct(v) if pd.notna(v) else "–")
        elif name == "org_type":
            out[col] = series.map(lambda v: labels.ORG_TYPES.get(v, "") if pd.notna(v) else "")
        elif name == "rating" and level_names:
            out[col] = series.map(lambda v: labels.LEVEL_NAMES.get(v, "") if pd.notna(v) else "")
        elif name == "comparator":
            out[col] = series.map(lambda v: labels.COMPARATOR_SIGNS.get(v, v))
        elif name == "met":
            out[col] = series.map(lambda v: labels.TARGET_STATUS[None if pd.isna(v) else bool(v)])
        elif name in ("gap", "actual", "threshold"):
            out[col] = series.map(lambda v: fmt_number(v, 0 if pd.notna(v) and float(v).is_integer() else 1)
                                  if pd.notna(v) else "–")
        elif pd.api.types.is_integer_dtype(series) and name != "year":
            out[col] = series.map(lambda v: fmt_int(v) if pd.notna(v) else "–")
        elif name == "birth_date":
            out[col] = series.map(lambda v: v.strftime("%d/%m/%Y") if pd.notna(v) and hasattr(v, "strftime") else "")
        elif series.dtype == object or pd.api.types.is_string_dtype(series):
            out[col] = series.map(lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else v)
    out = out.rename(columns=lambda c: labels.COLUMN_LABELS.get(str(c), c))
    if isinstance(out.index, pd.RangeIndex):
        out.index = pd.RangeIndex(1, len(out) + 1)
    return out
