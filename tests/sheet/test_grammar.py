"""The class of annex layouts, not one file: every layout the grammar (annex_grammar.py) produces is read to
its truth, computed from the generated rows, or refused with an error; never a different figure without one."""

from __future__ import annotations

import os
from dataclasses import replace

from annex_grammar import LEVELS, annexes, render, truth, write
from hypothesis import HealthCheck, given, settings

import khoi_analysis as ka

EXAMPLES = int(os.environ.get("KA_GRAMMAR_EXAMPLES", "300"))


def figures(ds, kind: str, year: int) -> dict[str, object]:
    s = ka.year_summary(ds, year)["orgs" if kind == "orgs" else "members"]
    return {"total": s["total"], "rated": s["rated"], "counts": {lvl: s["counts"].get(lvl, 0) for lvl in LEVELS}}


def read(tmp_path, orgs, layout):
    # the period is in the title, or else only in the file's name (as "Phu luc 2 - 2021.xlsx")
    name = f"phu_luc_{layout.kind}" + ("" if layout.title != "none" else f"_{layout.year}")
    path = write(render(orgs, layout), layout, tmp_path / name)
    return path, ka.load(path, cache=False)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(annex=annexes())
def test_every_layout_is_read_right_or_refused(tmp_path, annex):
    orgs, layout = annex
    path, ds = read(tmp_path, orgs, layout)
    errors = ds.issues[ds.issues["severity"] == "error"]
    if layout.refusable:
        assert len(errors), f"{layout}: must be refused\n{ds.issues.to_string()}"
        return
    assert errors.empty, f"{layout}\n{errors.to_string()}"
    assert layout.year in ds.years, f"{layout}: years {ds.years}"
    assert figures(ds, layout.kind, layout.year) == truth(orgs, layout), layout


@settings(max_examples=max(EXAMPLES // 5, 10), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(annex=annexes())
def test_a_figure_that_disagrees_with_the_printed_total_is_refused(tmp_path, annex):
    """One count of the first organisation changed, its printed totals left as they were: an error, always."""
    orgs, layout = annex
    if layout.total == "none" or (layout.kind == "orgs" and layout.encoding != "marks") or layout.refusable:
        return
    first = orgs[0]
    if layout.kind == "orgs":
        better = {"HTTNV": "HTXSNV", "HTXSNV": "HTTNV"}.get(first.level or "", "HTTNV")
        changed = replace(first, level=better)
    else:
        changed = replace(first, counts=(first.counts[0] + 1, *first.counts[1:]))
    grid = render([changed, *orgs[1:]], layout)
    printed = render(orgs, layout)
    # the table's total row (and every group total) as the office printed it, before the change
    for r, row in enumerate(printed.rows):
        label = next((v for v in row if isinstance(v, str)), "")
        if label.startswith(("Tổng cộng", "Toàn Đảng bộ", "Cộng")):
            grid.rows[r] = list(row)
    name = f"phu_luc_{layout.kind}" + ("" if layout.title != "none" else f"_{layout.year}")
    ds = ka.load(write(grid, layout, tmp_path / name), cache=False)
    assert (ds.issues["severity"] == "error").any(), f"{layout}\n{ds.issues.to_string()}"
