"""One cell's value as text, number, date or mark, the same way for every kind of table."""

from __future__ import annotations

import datetime as dt
import re

from ..text import fold, nfc
from .vocabulary import MARKS


def cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(value)


def body_text(value: object) -> str:
    """A cell as the text the Arrow path works on: cell_text, with dates written as fastexcel writes them."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return cell_text(value)


def to_number(value: object) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return None if value != value else float(value)
    text = nfc(value).replace(" ", "").replace("%", "")
    if re.fullmatch(r"-?[1-9]\d{0,2}(\.\d{3})+", text):  # 1.250 = one thousand two hundred fifty (0.914 is not)
        text = text.replace(".", "")
    text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def to_date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = nfc(value)
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def is_mark(value: object) -> bool:
    if value is None or value == "":
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value == 1
    return fold(cell_text(value)) in MARKS
