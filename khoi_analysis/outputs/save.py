"""Saving: every file this package writes goes through here, atomically (temporary file, then rename), so
an interrupted run leaves the previous output intact."""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd


@contextmanager
def atomic_path(path: Path | str):
    """Yield a temporary path beside `path`; when the block ends without error it is renamed to `path`, else
    removed. Writers that want a file name (xlsxwriter, python-pptx, matplotlib) write to it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=path.suffix + ".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600: the output follows the user's umask, as open() would
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)  # reading the umask means setting it: put it back at once
    os.umask(mask)
    return mask


def atomic_write_bytes(path: Path | str, data: bytes) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def atomic_write_text(path: Path | str, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


def write_json(path: Path | str, obj: Any) -> Path:
    return atomic_write_text(path, json.dumps(obj, ensure_ascii=False, indent=2, default=_json_default) + "\n")


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if pd.isna(value):
        return None
    return str(value)


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with ' to stay text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_csv(path: Path | str, frame: pd.DataFrame) -> Path:
    """CSV in UTF-8 with BOM (so Excel shows Vietnamese correctly), formula-like text neutralised."""
    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(safe_cell)
    return atomic_write_bytes(path, safe.to_csv(index=False).encode("utf-8-sig"))


def write_table_csv(path: Path | str, frame: pd.DataFrame, *, level_names: bool = False) -> Path:
    """A table for people as CSV that Excel opens right under Vietnamese regional settings: UTF-8 with BOM,
    ';' between fields, decimal comma (91,4; one decimal, rounded half up), Vietnamese headers, codes as
    words, formula-like text neutralised. Numbers stay numbers (no thousands dot, no '%': the header says
    it)."""
    from ..fmt import round_half_up
    from .display import vi_headers, vi_values

    table = vi_values(frame, level_names=level_names)
    for col in table.columns:
        series = table[col]
        if pd.api.types.is_bool_dtype(series):
            continue
        if pd.api.types.is_float_dtype(series):
            whole = series.dropna().map(float.is_integer).all() and not str(col).endswith(("_pct", "_pp"))
            table[col] = series.map(lambda v, w=whole: "" if pd.isna(v) else
                                    (str(int(v)) if w else f"{round_half_up(v):.1f}".replace(".", ",")))
        elif series.dtype == object or pd.api.types.is_string_dtype(series):
            table[col] = series.map(safe_cell)
    table = vi_headers(table)
    return atomic_write_bytes(path, table.to_csv(index=False, sep=";").encode("utf-8-sig"))


DPI = 220  # the charts' resolution: 2530 × 1232 pixels at slide size


def save_figure(fig, out_dir: Path | str, stem: str, formats: tuple[str, ...] = ("png", "svg"),
                dpi: int = DPI) -> list[Path]:
    """Save one figure under `out_dir/stem.<fmt>` for each format, atomically; returns the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    import matplotlib

    for fmt in formats:
        final = out_dir / f"{stem}.{fmt}"
        # a fixed salt for the SVG's element ids (random otherwise): the same chart gives the same file, in any
        # process
        with atomic_path(final) as tmp, matplotlib.rc_context({"svg.hashsalt": stem}):
            fig.savefig(tmp, format=fmt, dpi=dpi, metadata=_metadata(fmt))
        paths.append(final)
    return paths


def _metadata(fmt: str) -> dict[str, Any]:
    # no creation dates: unchanged data gives byte-identical files
    if fmt == "svg":
        return {"Date": None}
    if fmt == "png":
        return {"Software": None}
    return {}
