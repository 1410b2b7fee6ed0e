"""The chart cache: a chart is copied from it only when everything its picture follows from is the same; the
copy is the file a drawing gives; a build after one workbook changed redraws only the charts of what changed."""

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khoi_analysis.outputs import chartcache, drawpool
from khoi_analysis.outputs.specs import ChartSpec, Context, chart_specs

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "raw" / "mau"
KEY = {"title": True, "formats": ("png", "svg"), "dpi": 220}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KHOI_ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("KHOI_ANALYSIS_CACHE", raising=False)
    return tmp_path / "cache" / "charts"


def _bar_spec(frame: pd.DataFrame, *, title="Tiêu đề", stem="bieu_do", ctx=None, label="a") -> ChartSpec:
    ctx = ctx or Context()
    return ChartSpec("k", stem, title, lambda ax, f=frame: ax.bar(f["year"].astype(str), f["value"],
                                                               label=label + ctx.source) and ax,
                     "", frame)


def _frame(values) -> pd.DataFrame:
    return pd.DataFrame({"year": list(range(2020, 2020 + len(values))), "value": values})


def test_keys_are_the_same_in_another_process(sample):
    specs = chart_specs(sample)
    here = [chartcache.chart_key(s, **KEY) for s in specs]
    assert all(here) and len(set(here)) == len(here)
    code = ("import khoi_analysis as ka\nfrom khoi_analysis.outputs.specs import chart_specs\n"
            "from khoi_analysis.outputs.chartcache import chart_key\n"
            f"ds = ka.load({str(SAMPLE)!r}, cache=False)\n"
            "print('\\n'.join(chart_key(s, title=True, formats=('png', 'svg'), dpi=220) for s in chart_specs(ds)))")
    there = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert there == here


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=6), st.data())
def test_a_key_follows_every_input_of_the_picture(values, data):
    base = _bar_spec(_frame(values))
    key = chartcache.chart_key(base, **KEY)
    assert key is not None
    assert chartcache.chart_key(_bar_spec(_frame(list(values))), **KEY) == key  # equal figures, another frame
    i = data.draw(st.integers(0, len(values) - 1))
    changed = list(values)
    changed[i] = changed[i] + data.draw(st.floats(0.001, 50))
    others = [
        _bar_spec(_frame(changed)),  # one figure
        _bar_spec(_frame(values), title="Tiêu đề khác"),
        _bar_spec(_frame(values), stem="bieu_do_khac"),
        _bar_spec(_frame(values), ctx=Context(source="Nguồn khác")),  # a value the closure holds
        _bar_spec(_frame(values), label="b"),
        _bar_spec(_frame(values).astype({"value": "float32"})),  # a dtype
        _bar_spec(_frame(values).set_axis(range(1, len(values) + 1))),  # the index
        _bar_spec(_frame(values).assign(value=[str(int(v)) for v in values]).astype({"value": object})),
        _bar_spec(_frame(values).assign(value=[int(v) for v in values]).astype({"value": object})),  # 1, not "1"
    ]
    keys = [chartcache.chart_key(s, **KEY) for s in others]
    keys += [chartcache.chart_key(base, **{**KEY, "title": False}),
             chartcache.chart_key(base, **{**KEY, "formats": ("png",)}),
             chartcache.chart_key(base, **{**KEY, "dpi": 100})]
    assert None not in keys and len({key, *keys}) == len(keys) + 1


def test_a_setting_changed_in_a_notebook_is_in_the_key():
    import matplotlib

    spec = _bar_spec(_frame([1.0, 2.0]))
    before = chartcache.chart_key(spec, **KEY)
    with matplotlib.rc_context({"hatch.linewidth": 2 * matplotlib.rcParams["hatch.linewidth"]}):  # not in the style
        assert chartcache.chart_key(spec, **KEY) != before
    assert chartcache.chart_key(spec, **KEY) == before


def test_code_and_module_values_are_in_the_key():
    frame = _frame([1.0, 2.0])
    one = ChartSpec("k", "s", "t", lambda ax, f=frame: ax.plot(f["value"]) and ax, "", frame)
    two = ChartSpec("k", "s", "t", lambda ax, f=frame: ax.bar(f["year"], f["value"]) and ax, "", frame)
    assert chartcache.chart_key(one, **KEY) != chartcache.chart_key(two, **KEY)
    scope = {"COLOR": "red"}
    exec("def draw(ax):\n    return ax.plot([1, 2], color=COLOR)", scope)  # a user's function naming a global
    spec = ChartSpec("k", "s", "t", scope["draw"], "", frame)
    red = chartcache.chart_key(spec, **KEY)
    scope["COLOR"] = "blue"
    assert chartcache.chart_key(spec, **KEY) != red


def test_what_the_key_cant_describe_is_drawn_every_time(cache, tmp_path):
    class Opaque:
        pass

    thing = Opaque()
    frame = _frame([1.0, 2.0])
    spec = ChartSpec("k", "la", "t", lambda ax, o=thing, f=frame: ax.plot(f["value"]) and ax, "", frame)
    assert chartcache.chart_key(spec, **KEY) is None
    drawpool.draw_and_save([spec], tmp_path / "out")
    assert not cache.exists() or not any(cache.iterdir())


def _drawn(monkeypatch) -> list[str]:
    """The stems drawn (not copied) from now on, drawing in this process so they can be counted."""
    drawn: list[str] = []
    one = drawpool._one
    monkeypatch.setattr(drawpool, "_workers", lambda n: 1)
    monkeypatch.setattr(drawpool, "_one", lambda i: drawn.append(drawpool._JOBS[i][0].stem) or one(i))
    return drawn


def test_a_copy_is_the_drawing_and_a_damaged_entry_is_drawn_again(cache, tmp_path, monkeypatch, sample):
    specs = chart_specs(sample)[:3]
    drawn = _drawn(monkeypatch)
    first = drawpool.draw_and_save(specs, tmp_path / "a")
    assert drawn == [s.stem for s in specs]
    again = drawpool.draw_and_save(specs, tmp_path / "b")
    assert drawn == [s.stem for s in specs]  # nothing drawn: every chart copied
    assert [[p.read_bytes() for p in ps] for ps in first] == [[p.read_bytes() for p in ps] for ps in again]
    entry = cache / chartcache.chart_key(specs[1], **KEY)
    (entry / f"{specs[1].stem}.svg").unlink()  # a damaged entry
    shutil.rmtree(cache / chartcache.chart_key(specs[2], **KEY))  # a lost one
    third = drawpool.draw_and_save(specs, tmp_path / "c")
    assert drawn[len(specs):] == [specs[1].stem, specs[2].stem]
    assert [[p.read_bytes() for p in ps] for ps in third] == [[p.read_bytes() for p in ps] for ps in first]
    monkeypatch.setenv("KHOI_ANALYSIS_CACHE", "0")
    off = drawpool.draw_and_save(specs, tmp_path / "d")  # off: drawn, the same files
    assert drawn[len(specs) + 2:] == [s.stem for s in specs]
    assert [[p.read_bytes() for p in ps] for ps in off] == [[p.read_bytes() for p in ps] for ps in first]


def test_a_resent_workbook_redraws_only_the_charts_it_changes(cache, tmp_path, monkeypatch):
    sys.path.insert(0, str(SAMPLE.parents[2] / "benchmarks"))
    import build_sample

    from khoi_analysis.build import build

    data = tmp_path / "du_lieu"
    shutil.copytree(SAMPLE, data)
    assert build([data], tmp_path / "out", progress=False)["status"] == "built"
    names = {p.name for p in (tmp_path / "out" / "bieu_do").iterdir()}
    # one member of 2020 one level lower: the members' charts over the years change, nothing of 2026 does
    original = data / build_sample.CHANGED
    changed = build_sample._corrected(original, tmp_path / "moi.xlsx")
    shutil.copyfile(changed, original)
    drawn = _drawn(monkeypatch)
    assert build([data], tmp_path / "out", progress=False)["status"] == "built"
    member_series = {"ty_le_xep_loai_dang_vien_2017_2026", "ty_le_tot_va_xuat_sac_so_voi_chi_tieu_2017_2026"}
    assert set(drawn) == member_series  # the file's and, where the deck shows a picture, the deck's
    # every output as a build without any cache draws it
    monkeypatch.setenv("KHOI_ANALYSIS_CACHE", "0")
    assert build([data], tmp_path / "fresh", progress=False)["status"] == "built"
    fresh = {p.name: p.read_bytes() for p in (tmp_path / "fresh" / "bieu_do").iterdir()}
    assert {p.name: p.read_bytes() for p in (tmp_path / "out" / "bieu_do").iterdir()} == fresh
    assert set(fresh) == names


def test_the_least_recently_used_charts_go_first(cache, tmp_path, monkeypatch, sample):
    import os
    import time

    specs = chart_specs(sample)[:4]
    drawpool.draw_and_save(specs, tmp_path / "a")
    keys = [chartcache.chart_key(s, **KEY) for s in specs]
    past = time.time() - 3600
    for i, key in enumerate(keys):
        os.utime(cache / key / "complete", (past + i, past + i))
    assert chartcache.fetch(keys[0], specs[0].stem, KEY["formats"], tmp_path / "b")  # the oldest, used again
    assert chartcache.prune(limit=2) == 2
    assert sorted(p.name for p in cache.iterdir()) == sorted([keys[0], keys[3]])
