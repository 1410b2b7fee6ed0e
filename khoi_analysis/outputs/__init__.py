"""Outputs for the conference and the office: the year's summary and report paragraph, chart specs (what each
chart draws, its title and takeaway), plot functions (they draw, never compute), the slide deck, the Excel tables,
tables for display, the empty input template, and saving (atomic writes, CSV/JSON, figures) in one place.

May import: dataset, metrics, structure, scores, regimes, queries, read, sheet, check, text, labels, fmt, config,
cellref, issues (everything below it; never build, cli or national).
"""

from __future__ import annotations

import importlib

# imported lazily (PEP 562): the summary must not pay for matplotlib and python-pptx
_EXPORTS = {
    "ChartSpec": "specs",
    "atomic_path": "save",
    "atomic_write_text": "save",
    "build_deck": "deck",
    "chart_specs": "specs",
    "draw": "specs",
    "plot_admissions": "plots",
    "plot_ranking": "plots",
    "plot_rating_distribution": "plots",
    "plot_score_distribution": "score_plots",
    "plot_share_by_type": "plots",
    "plot_shares_vs_targets": "plots",
    "plot_targets_scorecard": "plots",
    "plot_twenty_percent": "plots",
    "report_markdown": "report",
    "report_paragraph": "report",
    "save_figure": "save",
    "summary_tables": "excel",
    "summary_text": "summary",
    "use_style": "plots",
    "vi_show": "display",
    "vi_table": "display",
    "matrix_table": "display",
    "to_excel": "excel",
    "write_table_csv": "save",
    "write_csv": "save",
    "write_empty_template": "template",
    "write_json": "save",
    "write_report_docx": "word",
    "write_tables": "excel",
    "summaries_for": "summary",
    "year_summary": "summary",
    "yearly_frames": "specs",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
