"""One cell's value as text, number, date or mark, the same way for every kind of table."""

from __future__ import annotations

import datetime as dt
import re

from ..text import fold, nfc
from .vocabulary import MARKS

# Cell value -> its clean text or None (blank), for the values seen in this process: hundreds of small workbooks
# repeat their texts (headers, titles, ratings, names). A str is its own key, any other value is keyed with its type
# (1, 1.0 and True are equal keys but not the same cell); no str equals a tuple. Dates are keyed by type, so the
# entry holds body_text's text (sheet/arrow.py remembered_text); a str's body_text is its cell_text.
TEXTS: dict[str | tuple[type, object], str | None] = {}
TEXTS_MAX = 200_000
_UNSEEN = object()


def remember(key: str | tuple[type, object], text: str | None) -> None:
    if len(TEXTS) >= TEXTS_MAX:
        TEXTS.clear()
    TEXTS[key] = text


def cell_text(value: object) -> str:
    if type(value) is str:  # the clean text of a str once per process (nfc's work is the same every time)
        known = TEXTS.get(value, _UNSEEN)
        if known is not _UNSEEN:
            return known or ""
        text = nfc(value)
        remember(value, text or None)
        return text
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
