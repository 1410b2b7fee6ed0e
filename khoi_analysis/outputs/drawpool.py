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

__all__ = ["draw_and_save"]

_JOBS: list[tuple] = []  # (spec, out_dir, title, formats): set before the workers fork, read by them


def _workers(n: int) -> int:
    return max(1, min(cores(), n)) if sys.platform.startswith("linux") else 1


def _one(i: int) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .save import save_figure
    from .specs import draw

    spec, out_dir, title, formats = _JOBS[i]
    fig = draw(spec, title=title)
    try:
        return save_figure(fig, out_dir, spec.stem, formats=formats)
    finally:
        plt.close(fig)


def draw_and_save(specs: list, out_dir: Path | str, *, title: bool = True,
                  formats: tuple[str, ...] = ("png", "svg")) -> list[list[Path]]:
    """Each spec drawn (specs.draw) and saved under out_dir as `spec.stem.<fmt>`; the paths per spec, in order."""
    global _JOBS
    _JOBS = [(spec, Path(out_dir), title, formats) for spec in specs]
    if _JOBS:  # imported once here, before the workers fork, not once in each of them
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot  # noqa: F401
    try:
        n = _workers(len(_JOBS))
        if n > 1:
            try:
                with ProcessPoolExecutor(max_workers=n, mp_context=mp.get_context("fork")) as pool:
                    return list(pool.map(_one, range(len(_JOBS))))
            except (BrokenProcessPool, OSError):
                pass  # workers could not start or died: draw here
        return [_one(i) for i in range(len(_JOBS))]
    finally:
        _JOBS = []
