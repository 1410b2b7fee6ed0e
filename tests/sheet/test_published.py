"""Figures other blocs, districts and provinces published in the press (tests/sheet/published_figures.json: who,
year, address, the sentence quoted), reproduced from annexes laid out in different shapes: the counts printed
come out, the shares printed agree with count ÷ number rated (rounded or truncated), and where the printed
figures don't add up the annex is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from annex_grammar import LEVELS, Layout, Org, render, write

import khoi_analysis as ka
from khoi_analysis.sheet.clean import share_agrees

SETS = json.loads((Path(__file__).parent / "published_figures.json").read_text(encoding="utf-8"))
SHAPES = {  # a different annex for each set
    "orgs": [Layout(kind="orgs", encoding="marks", header_depth=3, column_numbers=True, total="tong_cong",
                    footer="tong_so"),
             Layout(kind="orgs", encoding="text", header_depth=2, title="title_date", fmt="xls", notes=True),
             Layout(kind="orgs", encoding="marks", header_depth=2, total="toan_dang_bo", fmt="ods", text="tcvn3",
                    repeated_header=True),
             Layout(kind="orgs", encoding="text", fmt="csv", csv_encoding="utf-16", footer="signature")],
    "members": [Layout(kind="member_counts", encoding="counts_pct", header_depth=3, total="tong_cong",
                       numbers="text_dot", pct_style="fraction"),
                Layout(kind="member_counts", encoding="tro_len", header_depth=3, fmt="xls", total="cong_toan_khoi"),
                Layout(kind="member_counts", encoding="pct_rows", header_depth=2, fmt="ods", text="nfd",
                       footer="signature"),
                Layout(kind="member_counts", encoding="counts", header_depth=2, fmt="csv", csv_encoding="cp1258",
                       total="tong_cong", numbers="text_space")],
}


def _cases():
    out = []
    for entry in SETS:
        for part, kind in (("orgs", "orgs"), ("members", "members")):
            fig = entry.get(part) or {}
            counts = {lvl: fig.get(lvl) for lvl in LEVELS}
            if sum(v is not None for v in counts.values()) < 2 or not (fig.get("rated") or fig.get("total")):
                continue
            out.append(pytest.param(entry, kind, id=f"{entry['who'][:40]}-{entry['year']}-{part}"))
    return out


def _annex(entry: dict, kind: str, shape: Layout) -> tuple[list[Org], dict[str, int], int, int]:
    fig = entry["orgs" if kind == "orgs" else "members"]
    counts = {lvl: fig.get(lvl) or 0 for lvl in LEVELS}
    rated = fig.get("rated") or sum(counts.values())
    total = fig.get("total") or rated
    if kind == "orgs":
        orgs = [Org(f"Chi bộ số {n + 1}", "co_quan_hanh_chinh", lvl, (0, 0, 0, 0), 0)
                for n, lvl in enumerate(lvl for lvl in LEVELS for _ in range(counts[lvl]))]
        orgs += [Org(f"Chi bộ mới {n + 1}", "co_quan_hanh_chinh", None, (0, 0, 0, 0), 0) for n in range(total - rated)]
        return orgs, counts, rated, total
    parts = []
    for k in range(3):  # the members of three organisations
        parts.append(tuple(counts[lvl] // 3 + (1 if k < counts[lvl] % 3 else 0) for lvl in LEVELS))
    orgs = [Org(f"Đảng bộ đơn vị {k + 1}", "co_quan_hanh_chinh", "HTTNV", parts[k],
                total - sum(counts.values()) if k == 0 else 0) for k in range(3)]
    return orgs, counts, rated, total


@pytest.mark.parametrize("entry,kind", _cases())
def test_published_figures_come_out_of_an_annex(tmp_path, entry, kind):
    i = SETS.index(entry)
    shape = SHAPES[kind][i % len(SHAPES[kind])]
    shape = Layout(**{**shape.__dict__, "year": entry["year"]})
    orgs, counts, rated, total = _annex(entry, kind, shape)
    grid = render(orgs, shape)
    printed_sum = sum(counts.values())
    if kind == "members" and rated != printed_sum:  # the annex prints the number rated the press printed
        row = next(r for r, cells in enumerate(grid.rows) if orgs[0].name in cells)
        grid.rows[row][shape.left_pad + 3] += rated - printed_sum
    ds = ka.load(write(grid, shape, tmp_path / f"phu_luc_{entry['year']}"), cache=False)
    errors = ds.issues[ds.issues["severity"] == "error"]
    if kind == "members" and rated != printed_sum:
        assert set(errors["code"]) >= {"levels_do_not_add_up"}, ds.issues.to_string()
        return
    assert errors.empty, errors.to_string()
    s = ka.year_summary(ds, entry["year"])["orgs" if kind == "orgs" else "members"]
    assert s["rated"] == rated and s["total"] == total
    assert {lvl: s["counts"].get(lvl, 0) for lvl in LEVELS} == counts
    fig = entry["orgs" if kind == "orgs" else "members"]
    for key in ("good_or_better_pct", "excellent_pct"):
        ours = (counts["HTXSNV"] + (counts["HTTNV"] if key == "good_or_better_pct" else 0)) / rated * 100
        assert round(s[key], 1) == round(ours + 1e-9, 1)
        if fig.get(key) is not None and key == "good_or_better_pct":
            assert share_agrees(fig[key], ours), (fig[key], ours)


def test_at_least_eight_sets_are_reproduced():
    assert len({(c.values[0]["who"], c.values[0]["year"]) for c in _cases()}) >= 8
