"""Charts drawn and saved across processes: drawing (PNG at 220 dpi and SVG) is most of a build, and each chart is
independent. On Linux the workers are forked, so they inherit the chart specs (closures, which can't be pickled)
and send back only the paths written; elsewhere, with one core, or for a single chart, they are drawn here. A pool
that can't start or breaks falls back to drawing here: the same files either way."""

from __future__ import annotations

import multiprocessing as mp
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..dataset.pool import cores
from . import chartcache
from .save import DPI

__all__ = ["draw_and_save"]

_JOBS: list[tuple] = []  # (spec, out_dir, title, formats, dpi): set before the workers fork, read by them


def _workers(n: int) -> int:
    return max(1, min(cores(), n)) if sys.platform.startswith("linux") else 1


def _one(i: int) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .save import save_figure
    from .specs import draw

    spec, out_dir, title, formats, dpi = _JOBS[i]
    fig = draw(spec, title=title)
    try:
        return save_figure(fig, out_dir, spec.stem, formats=formats, dpi=dpi)
    finally:
        plt.close(fig)


def draw_and_save(specs: list, out_dir: Path | str, *, title: bool = True,
                  formats: tuple[str, ...] = ("png", "svg"), dpi: int = DPI) -> list[list[Path]]:
    """Each spec drawn (specs.draw) and saved under out_dir as `spec.stem.<fmt>`; the paths per spec, in order.
    A chart drawn before from the same figures, in the same environment, is copied from the chart cache
    (chartcache) instead: the same files."""
    global _JOBS
    out_dir = Path(out_dir)
    keys = [chartcache.chart_key(spec, title=title, formats=formats, dpi=dpi) for spec in specs]
    done: list[list[Path] | None] = [chartcache.fetch(k, spec.stem, formats, out_dir) for k, spec in zip(keys, specs)]
    missing = [i for i, d in enumerate(done) if d is None]
    _JOBS = [(specs[i], out_dir, title, formats, dpi) for i in missing]
    try:
        if _JOBS:  # imported once here, before the workers fork, not once in each of them
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot  # noqa: F401
        for i, paths in zip(missing, _draw_all()):
            done[i] = paths
            chartcache.keep(keys[i], paths)
        if missing:
            chartcache.prune()
    finally:
        _JOBS = []
    return done  # type: ignore[return-value]


def _draw_all() -> list[list[Path]]:
    n = _workers(len(_JOBS))
    if n > 1:
        try:
            with ProcessPoolExecutor(max_workers=n, mp_context=mp.get_context("fork")) as pool:
                return list(pool.map(_one, range(len(_JOBS))))
        except (BrokenProcessPool, OSError):
            pass  # workers could not start or died: draw here
    return [_one(i) for i in range(len(_JOBS))]
