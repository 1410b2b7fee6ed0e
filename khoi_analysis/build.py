"""The full build: validate, summaries, charts, an index of what was made. Each step takes its input and
output paths as parameters; `build()` chains them and skips the work when nothing changed."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import __version__, config, metrics
from .dataset import Dataset, load
from .dataset.cache import key_for
from .dataset.lineage import find_lineage_files
from .dataset.sidecar import reading_rules
from .issues import issue_lines
from .outputs.drawpool import draw_and_save
from .outputs.save import atomic_write_text, write_json, write_table_csv
from .outputs.specs import chart_specs, yearly_frames
from .outputs.summary import summaries_for, summary_text, year_summary
from .read import find_spreadsheets

STATE_FILE = ".build_state.json"


# ------------------------------------------------------------------------------------------------ scope
def report_scope(ds: Dataset, year: int | None = None, first: int | None = None,
                 last: int | None = None) -> tuple[Dataset, int | None]:
    """The years a report shows: `first`..`last` (`last` defaults to `year`, then to the latest year with data),
    and the report's year (the last one shown). Nothing after it reaches any output."""
    last = last if last is not None else year
    if last is None or last not in ds.years:
        candidates = [y for y in ds.years if last is None or y <= last]
        last = candidates[-1] if candidates else None
    if last is None:
        return ds.span(first, None), None
    return ds.span(first, last), last


# ------------------------------------------------------------------------------------------------ charts
def make_charts(ds: Dataset, out_dir: Path | str, year: int | None = None, specs: list | None = None, *,
                first: int | None = None, settings: config.Settings | None = None) -> list[Path]:
    """Draw every conference chart (or those of `specs`) into out_dir as PNG (220 dpi) and SVG; returns the
    files written. The charts show the years `first`..`year` (default: every year up to the latest)."""
    if specs is None:
        ds, year = report_scope(ds, year, first)
        specs = chart_specs(ds, year, settings=settings)
    return [path for paths in draw_and_save(specs, out_dir) for path in paths]


def write_conference_outputs(ds: Dataset, out_dir: Path | str, year: int, specs: list | None = None,
                             summary: dict | None = None, *, first: int | None = None,
                             settings: config.Settings | None = None) -> list[Path]:
    """The deck, the Excel tables and the Word report for `year`, showing the years `first`..`year` (nothing
    after `year`). `specs` and `summary`: the year's chart specs and year_summary, when the caller has them
    already."""
    from .outputs.deck import NATIVE, build_deck
    from .outputs.excel import summary_tables, write_tables

    out_dir = Path(out_dir)
    ds = ds.span(first, year)
    s = summary if summary is not None else year_summary(ds, year)
    specs = specs if specs is not None else chart_specs(ds, year, settings=settings)
    with tempfile.TemporaryDirectory() as tmp:
        drawn = [spec for spec in specs if spec.key not in NATIVE]  # the slide has its own title: no title here
        pictures = {spec.key: paths[0] for spec, paths in
                    zip(drawn, draw_and_save(drawn, tmp, title=False, formats=("png",)))}
        deck = build_deck(out_dir / f"bao_cao_hoi_nghi_{year}.pptx", s, specs, pictures, settings)
    return [deck, write_tables(out_dir / f"bang_tong_hop_{year}.xlsx", summary_tables(ds, year, settings=settings))]


# ------------------------------------------------------------------------------------------------ reports
def validation_report(ds: Dataset, explanation: str | None = None) -> str:
    """Every issue, one line each, then per-sheet row accounting; then, when given, how each file was read
    (dataset.explain: the same as `validate --explain`)."""
    lines = []
    n_err, n_warn = len(ds.errors), len(ds.warnings)
    lines.append(f"Kiểm tra {len(ds.files)} tệp: {n_err} lỗi, {n_warn} cảnh báo.")
    lines += issue_lines(ds.issues)
    if not ds.accounts.empty:
        lines.append("")
        lines.append("Số hàng theo từng sheet (đọc = nạp + loại trừ + bị từ chối):")
        for a in ds.accounts.itertuples():
            lines.append(f"  {Path(a.file).name} / {a.sheet}: đọc {a.read} = nạp {a.loaded} + loại trừ {a.excluded}"
                         f" + bị từ chối {a.rejected}")
    if explanation:
        lines += ["", "Cách đọc từng tệp:", "", explanation.rstrip()]
    return "\n".join(lines) + "\n"


def write_summaries(ds: Dataset, out_dir: Path | str, years: Iterable[int] | None = None, *,
                    summaries: dict[int, dict] | None = None, frames: dict | None = None,
                    settings: config.Settings | None = None) -> list[Path]:
    """Per year the summary (JSON, text), the report paragraph (Markdown, text) and the Word report (.docx), and
    the shares by year.
    `summaries` (year -> year_summary) and `frames` (yearly_frames): when the caller has them already."""
    out_dir = Path(out_dir)
    written = []
    from .outputs.report import report_markdown, report_paragraph
    from .outputs.word import write_report_docx

    for year in years if years is not None else ds.years:
        s = summaries[year] if summaries and year in summaries else year_summary(ds, year)
        written.append(write_json(out_dir / f"tom_tat_{year}.json", s))
        written.append(atomic_write_text(out_dir / f"tom_tat_{year}.txt", summary_text(s, settings) + "\n"))
        written.append(atomic_write_text(out_dir / f"doan_bao_cao_{year}.md", report_markdown(s, settings)))
        written.append(atomic_write_text(out_dir / f"doan_bao_cao_{year}.txt", report_paragraph(s, settings) + "\n"))
        written.append(write_report_docx(out_dir / f"bao_cao_{year}.docx", s, settings))
    frames = frames if frames is not None else yearly_frames(ds)
    if not frames["series"].empty:
        table = metrics.yoy_change(frames["series"], [c for c in frames["series"].columns if c != "year"])
        written.append(write_table_csv(out_dir / "ty_le_theo_nam.csv", table))
    return written


# ------------------------------------------------------------------------------------------------ build
def build(paths: list[Path | str] | None = None, out_dir: Path | str = config.PROCESSED_DIR, *,
          force: bool = False, command: str | None = None, progress: bool | None = None,
          year: int | None = None, mapping: dict[str, str] | None = None,
          aliases: Path | str | dict[str, str] | None = None, year_from: int | None = None,
          year_to: int | None = None, settings: Path | str | config.Settings | None = None,
          lineage: Path | str | None = None, rules_file: Path | str | list | None = None,
          overrides: dict | None = None) -> dict[str, Any]:
    """Validate the data, then write summaries, charts and an index into out_dir.
    lineage: the lineage table (default: sap_xep_tccs.csv in the folders given, see load()).

    The outputs show the years `year_from`..`year_to` (`year_to` defaults to `year`, then to the latest year
    with data): a build for 2021 shows nothing after 2021.

    `settings`: the committee's names (a config.Settings, or the path of a cau_hinh.toml); default: the file
    config.load_settings finds beside the data, else the defaults.

    Returns {"status": "built" | "unchanged" | "errors", "outputs": [...], "dataset": Dataset | None}.
    With errors in the data nothing but the validation report is written. `rules_file`, `overrides`: how to read
    files the reader gets wrong (see load); the validation report says how each file was read.
    """
    out_dir = Path(out_dir)
    inputs = find_spreadsheets(list(paths or [config.RAW_DIR]))
    if not isinstance(settings, config.Settings):
        settings = config.load_settings(settings, paths or [config.RAW_DIR])
    tables = [Path(lineage)] if lineage is not None and Path(lineage).is_file() else \
        find_lineage_files(list(paths or [config.RAW_DIR])) if lineage is None else []
    book, _ = reading_rules(list(paths or [config.RAW_DIR]), rules_file, overrides)
    fp = key_for(inputs + tables, {"year": year, "from": year_from, "to": year_to, "mapping": mapping,
                                   "aliases": str(aliases) if aliases else None, "settings": repr(settings),
                                   "rules": [book.key(p) for p in inputs] if book else [],
                                   "rule_files": [_text_of(p) for p in book.sources]})
    state_path = out_dir / STATE_FILE
    if not force and state_path.exists():
        try:
            state = json.loads(state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = {}
        if state.get("fingerprint") == fp and all((out_dir / o).exists() for o in state.get("outputs", [])):
            return {"status": "unchanged", "outputs": state.get("outputs", []), "dataset": None}
    steps = ["Đọc và kiểm tra dữ liệu", "Tóm tắt số liệu", "Vẽ biểu đồ", "Bài trình chiếu và bảng Excel",
             "Ghi chỉ mục"]
    bar = _progress(len(steps), progress)
    bar.set_description(steps[0])
    ds = load(*(paths or [config.RAW_DIR]), year=year, mapping=mapping, aliases=aliases, lineage=lineage,
              rules_file=rules_file, overrides=overrides, explain=True)  # how each file was read: in the same reading
    report = validation_report(ds, ds.explanation)
    written = [atomic_write_text(out_dir / "kiem_tra_du_lieu.txt", report)]
    if not ds.issues.empty:
        written.append(write_table_csv(out_dir / "kiem_tra_du_lieu.csv", ds.issues))
    bar.update(1)
    if not ds.ok:
        bar.close()
        return {"status": "errors", "outputs": [str(p) for p in written], "dataset": ds}
    bar.set_description(steps[1])
    ds, out_year = report_scope(ds, year, year_from, year_to)
    summaries = summaries_for(ds)  # each computed once, handed to every output
    frames = yearly_frames(ds)
    written += write_summaries(ds, out_dir, summaries=summaries, frames=frames, settings=settings)
    bar.update(1)
    bar.set_description(steps[2])
    specs = chart_specs(ds, out_year, frames, settings=settings)  # computed once, drawn for the files and for the deck
    written += make_charts(ds, out_dir / "bieu_do", out_year, specs)
    bar.update(1)
    if out_year is not None:
        bar.set_description(steps[3])
        written += write_conference_outputs(ds, out_dir, out_year, specs, summaries[out_year], settings=settings)
    bar.update(1)
    bar.set_description(steps[4])
    rel = [str(Path(p).relative_to(out_dir)) for p in written]
    index = {
        "generated_by": f"khoi_analysis {__version__}",
        "command": command or "khoi-analysis build",
        "inputs": [str(p) for p in inputs],
        "note": "Mọi tệp dưới đây được tạo từ toàn bộ các tệp đầu vào (inputs) bằng lệnh ở mục command.",
        "outputs": [{"path": r, "inputs": "inputs"} for r in rel],
    }
    write_json(out_dir / "index.json", index)
    write_json(state_path, {"fingerprint": fp, "outputs": rel + ["index.json"]})
    bar.update(1)
    bar.close()
    return {"status": "built", "outputs": rel + ["index.json"], "dataset": ds}


def _text_of(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _progress(total: int, enabled: bool | None):
    from tqdm import tqdm  # start-up time: only a long build shows a progress bar

    disable = not sys.stderr.isatty() if enabled is None else not enabled
    return tqdm(total=total, disable=disable, leave=False)
