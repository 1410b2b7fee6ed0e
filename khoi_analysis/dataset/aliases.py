"""Other names of organisations (renamed or merged units): the aliases table, and its use on loaded frames."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import config
from ..config import ALIASES_FILE_NAME
from ..issues import Issue
from ..text import org_key

__all__ = ["apply_aliases", "load_aliases"]

def load_aliases(aliases, issues: list[Issue]) -> dict[str, str]:
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


def apply_aliases(frame: pd.DataFrame, alias_map: dict[str, str]) -> pd.DataFrame:
    if frame.empty or not alias_map or "org_id" not in frame:
        return frame
    out = frame.copy()
    out["org_id"] = out["org_id"].map(lambda k: alias_map.get(k, k))
    return out
