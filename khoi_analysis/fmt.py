"""Vietnamese number formatting and the rounding published reports use (half up, as Excel's ROUND)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

LOCALE = "vi_VN"


def round_half_up(value: float | None, ndigits: int = 1) -> float | None:
    """Round like Excel's ROUND: 87.25 -> 87.3, 0.05 -> 0.1 (Python's round() gives half to even).

    The value goes through its shortest repr, so 87.25 computed as 349/4 and typed 87.25 round alike.
    None and NaN stay None.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    quantum = Decimal(1).scaleb(-ndigits)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def fmt_number(value: float | None, decimals: int = 1) -> str:
    """91.35 -> '91,4' ; 1250 (decimals=0) -> '1.250'. None -> '–'."""
    rounded = round_half_up(value, decimals)
    if rounded is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(rounded, format=pattern, locale=LOCALE)


def fmt_pct(value: float | None, decimals: int = 1) -> str:
    """A percentage already in percent units: 91.37 -> '91,4%'."""
    text = fmt_number(value, decimals)
    return text if text == "–" else text + "%"


def fmt_int(value: float | None) -> str:
    """Whole number with a dot for thousands: 4962 -> '4.962'."""
    return fmt_number(value, 0)


def fmt_signed(value: float | None, decimals: int = 1, unit: str = "") -> str:
    """A signed difference: 1.3 -> '+1,3', -7 (decimals=0) -> '−7', 0 -> '±0'; unit appended after a space."""
    rounded = round_half_up(value, decimals)
    if rounded is None:
        return "–"
    sign = "+" if rounded > 0 else ("−" if rounded < 0 else "±")
    return f"{sign}{fmt_number(abs(rounded), decimals)}" + (f" {unit}" if unit else "")


def fmt_pp(value: float | None, decimals: int = 1) -> str:
    """A change in percentage points with its sign: 1.3 -> '+1,3 điểm %', -0.4 -> '−0,4 điểm %'."""
    return fmt_signed(value, decimals, "điểm %")


def fmt_plain(value: float | None) -> str:
    """A count or amount: a whole number with thousands dots (1.250), otherwise one decimal (2,5)."""
    if value is None:
        return "–"
    return fmt_int(value) if float(value).is_integer() else fmt_number(value, 1)


def fmt_years(first: int, last: int, sep: str = "–") -> str:
    """A span of years with an en dash (2017–2021), or one year alone (2021, never 2021–2021); sep='_' for a
    file name."""
    return str(first) if first == last else f"{first}{sep}{last}"
