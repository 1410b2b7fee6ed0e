"""Drawn charts kept between builds, so that a build redraws only the charts whose picture can have changed.

A chart's key is a hash of everything its picture follows from: what its spec draws (the draw function's code,
the values it closes over and the module values it names, each data frame by its values, dtypes and index), its
title and file name, the formats and resolution, and the drawing environment (this package's code and style,
the versions of the libraries that draw, the matplotlib settings file and settings as they are when the chart is
drawn, the fonts matplotlib knows). Anything
the key can't describe for certain (an object of unknown kind in the closure) gives no key: that chart is drawn
every time, never served from a guess.

Entries live beside the data cache (dataset.cache.cache_dir()/charts/<key>/<stem>.<fmt>), are written into a
temporary folder and renamed into place, and are off with KHOI_ANALYSIS_CACHE=0. A damaged or partial entry is
a miss. A cache that can't be written is no cache: the build goes on."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import shutil
import sys
import tempfile
import types
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

from ..dataset.cache import _code_hash, cache_dir, mark_used, prune_entries
from .save import atomic_path

__all__ = ["chart_key", "environment_key", "fetch", "keep", "prune"]

_LIBRARIES = ("matplotlib", "seaborn", "numpy", "pandas", "pillow", "contourpy", "kiwisolver", "fonttools")
# functions and classes of these packages are named, not read: their code is in the environment key (this
# package's source, the libraries' versions)
_NAMED = {"khoi_analysis", *_LIBRARIES, "PIL", "fontTools", "builtins", "math", "functools", "itertools",
          "operator", "collections", "typing", "datetime", "re", "textwrap", "string", "dataclasses"}
_MAX_DEPTH = 40
KEEP_ENTRIES = 300  # charts kept (about 0.35 MB each, ~100 MB in all): the least recently used go first
_ENV: str | None = None
_KEY_NAME = re.compile(r"[0-9a-f]{40}")  # chart_key's keys


class _Unknown(Exception):
    """An object the key can't describe for certain."""


def environment_key() -> str:
    """What every chart's picture depends on besides its own spec: computed once per process."""
    global _ENV
    if _ENV is None:
        import matplotlib
        from matplotlib import font_manager

        h = hashlib.sha256(_code_hash().encode())
        h.update(sys.version.encode())
        for lib in _LIBRARIES:
            try:
                h.update(f"{lib}={metadata.version(lib)}".encode())
            except metadata.PackageNotFoundError:
                h.update(f"{lib}=-".encode())
        try:
            h.update(Path(matplotlib.matplotlib_fname()).read_bytes())
        except OSError:
            h.update(b"no matplotlibrc")
        for name in sorted(k for k in os.environ if k.startswith("MPL")):
            h.update(f"{name}={os.environ[name]}".encode())
        fonts = sorted((f.fname, f.name, f.style, str(f.weight), f.stretch) for f in font_manager.fontManager.ttflist)
        h.update(repr(fonts).encode())
        _ENV = h.hexdigest()
    return _ENV


def chart_key(spec, *, title: bool, formats: tuple[str, ...], dpi: int) -> str | None:
    """The key of the picture `spec` draws (see the module's note), or None when it can't be described."""
    h = hashlib.sha256(environment_key().encode())
    h.update(_settings_now().encode())
    try:
        _feed(h, (spec.stem, spec.title if title else None, bool(title), spec.panels, tuple(spec.breaks),
                  tuple(formats), int(dpi)), {}, 0)
        _feed(h, spec.draw, {}, 0)
    except (_Unknown, RecursionError, TypeError, ValueError):
        return None
    return h.hexdigest()[:40]  # as _KEY_NAME


def _settings_now() -> str:
    """matplotlib's settings as they are now (a notebook may have changed one: the package style sets only its
    own); the backend left out, since asking for it would start one, and drawing always uses Agg."""
    import matplotlib

    rc = matplotlib.rcParams
    return repr([(k, rc._get(k)) for k in sorted(rc.keys()) if not k.startswith("backend")])


def _root() -> Path | None:
    root = cache_dir()
    return None if root is None else root / "charts"


def fetch(key: str | None, stem: str, formats: tuple[str, ...], out_dir: Path) -> list[Path] | None:
    """The kept files of `key` copied to out_dir (atomically, as a drawing would be saved), or None on a miss."""
    root = _root()
    if key is None or root is None:
        return None
    entry = root / key
    sources = [entry / f"{stem}.{fmt}" for fmt in formats]
    if not (entry / "complete").exists() or not all(p.is_file() for p in sources):
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        for src in sources:
            final = out_dir / src.name
            with atomic_path(final) as tmp:
                shutil.copyfile(src, tmp)
            written.append(final)
    except OSError:
        return None
    mark_used(entry)
    return written


def keep(key: str | None, paths: list[Path]) -> None:
    """Keep a chart's freshly drawn files under `key`; any failure leaves no entry."""
    root = _root()
    if key is None or root is None or not paths:
        return
    entry = root / key
    if (entry / "complete").exists():
        return
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=root, prefix=f".{key}."))
        try:
            for path in paths:
                shutil.copyfile(path, tmp / Path(path).name)
            (tmp / "complete").write_text("ok", encoding="ascii")
            if entry.exists():
                shutil.rmtree(entry, ignore_errors=True)  # a partial entry: replaced
            os.replace(tmp, entry)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    except OSError:
        return


def prune(limit: int = KEEP_ENTRIES) -> int:
    """Remove the least recently used entries beyond `limit`; how many were removed."""
    root = _root()
    return 0 if root is None else prune_entries(root, limit, _KEY_NAME)


def _tag(h, tag: str, payload: bytes = b"") -> None:
    h.update(f"{tag}:{len(payload)}:".encode())
    h.update(payload)


def _feed(h, obj, seen: dict, depth: int) -> None:  # noqa: C901 (one case per kind of value)
    if depth > _MAX_DEPTH:
        raise _Unknown("too deep")
    if obj is None or isinstance(obj, (bool, int, float, complex, str, bytes)):
        _tag(h, type(obj).__name__, repr(obj).encode())
        return
    if isinstance(obj, np.generic):
        _tag(h, f"np.{obj.dtype.str}", repr(obj.item()).encode())
        return
    if isinstance(obj, types.ModuleType):
        _tag(h, "module", obj.__name__.encode())
        return
    if id(obj) in seen:  # a cycle, or the same object again: said by the order it was first met in
        _tag(h, "again", str(seen[id(obj)][0]).encode())
        return
    seen[id(obj)] = (len(seen), obj)  # held, so that no id is reused while the key is computed
    if isinstance(obj, (list, tuple)):
        _tag(h, type(obj).__name__, str(len(obj)).encode())
        for item in obj:
            _feed(h, item, seen, depth + 1)
    elif isinstance(obj, (set, frozenset)):
        _tag(h, "set", str(len(obj)).encode())
        for item in sorted(obj, key=repr):
            _feed(h, item, seen, depth + 1)
    elif isinstance(obj, dict):
        _tag(h, "dict", str(len(obj)).encode())
        for k, v in sorted(obj.items(), key=lambda kv: repr(kv[0])):
            _feed(h, k, seen, depth + 1)
            _feed(h, v, seen, depth + 1)
    elif isinstance(obj, pd.DataFrame):
        _tag(h, "frame", repr(obj.shape).encode())
        _feed(h, [str(c) for c in obj.columns], seen, depth + 1)
        _feed(h, [_dtype(d) for d in obj.dtypes], seen, depth + 1)
        _index(h, obj.index)
        _values(h, obj)
    elif isinstance(obj, pd.Series):
        _tag(h, "series", f"{len(obj)}:{obj.name!r}:{_dtype(obj.dtype)}".encode())
        _index(h, obj.index)
        _values(h, obj)
    elif isinstance(obj, pd.Index):
        _index(h, obj)
    elif isinstance(obj, np.ndarray):
        if obj.dtype.hasobject:
            _feed(h, obj.tolist(), seen, depth + 1)
        else:
            _tag(h, "array", f"{obj.dtype.str}:{obj.shape}".encode())
            h.update(np.ascontiguousarray(obj).tobytes())
    elif isinstance(obj, types.FunctionType):
        _function(h, obj, seen, depth)
    elif isinstance(obj, types.BuiltinFunctionType) or _named(obj):
        _tag(h, "named", f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', '')}".encode())
    elif isinstance(obj, types.MethodType):
        _feed(h, obj.__func__, seen, depth + 1)
        _feed(h, obj.__self__, seen, depth + 1)
    elif dataclasses.is_dataclass(obj):
        _tag(h, "dataclass", f"{type(obj).__module__}.{type(obj).__qualname__}".encode())
        for f in dataclasses.fields(obj):
            _feed(h, f.name, seen, depth + 1)
            _feed(h, getattr(obj, f.name), seen, depth + 1)
    else:
        raise _Unknown(type(obj).__qualname__)


def _named(obj) -> bool:
    """A function or class of this package or a library the environment key versions."""
    module = getattr(obj, "__module__", None)
    return (callable(obj) and isinstance(module, str) and hasattr(obj, "__qualname__")
            and module.split(".")[0] in _NAMED and not isinstance(obj, (types.FunctionType, types.MethodType)))


def _function(h, fn: types.FunctionType, seen: dict, depth: int) -> None:
    module = fn.__module__ or ""
    if module.split(".")[0] in _NAMED and depth > 0:
        _tag(h, "named", f"{module}.{fn.__qualname__}".encode())  # its code is in the environment key
        return
    _tag(h, "function", f"{module}.{fn.__qualname__}".encode())
    _code(h, fn.__code__, seen, depth)
    _feed(h, fn.__defaults__, seen, depth + 1)
    _feed(h, fn.__kwdefaults__, seen, depth + 1)
    for name, cell in zip(fn.__code__.co_freevars, fn.__closure__ or ()):
        _feed(h, name, seen, depth + 1)
        try:
            value = cell.cell_contents
        except ValueError:  # an empty cell
            value = None
        _feed(h, value, seen, depth + 1)
    for name in sorted(_global_names(fn.__code__)):
        if name in fn.__globals__:
            _feed(h, name, seen, depth + 1)
            _feed(h, fn.__globals__[name], seen, depth + 1)


def _global_names(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names


def _code(h, code: types.CodeType, seen: dict, depth: int) -> None:
    _tag(h, "code", code.co_code)
    _feed(h, (code.co_names, code.co_varnames, code.co_freevars, code.co_cellvars, code.co_argcount,
              code.co_kwonlyargcount, code.co_posonlyargcount, code.co_flags), seen, depth + 1)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            _code(h, const, seen, depth + 1)
        else:
            _feed(h, const, seen, depth + 1)


def _dtype(dtype) -> str:
    if isinstance(dtype, pd.CategoricalDtype):
        return f"category:{dtype.ordered}:{list(dtype.categories)!r}"
    return str(dtype)


def _index(h, index: pd.Index) -> None:
    _tag(h, "index", f"{type(index).__name__}:{len(index)}:{index.names!r}:{_dtype(index.dtype)}".encode())
    h.update(pd.util.hash_pandas_object(index, index=False, categorize=False).to_numpy().tobytes())


def _values(h, obj) -> None:
    hashed = pd.util.hash_pandas_object(obj, index=False, categorize=False)
    h.update(hashed.to_numpy().tobytes())
    # object columns are hashed by their text (1 and "1" alike): the kind of each value too
    columns = [obj] if isinstance(obj, pd.Series) else [obj.iloc[:, i] for i in range(obj.shape[1])]
    for col in columns:
        if col.dtype == object:
            h.update("\x00".join(type(v).__name__ for v in col.array).encode())
