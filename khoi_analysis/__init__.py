"""khoi_analysis: quality ratings of grassroots party organisations and members, from spreadsheets to the
figures, charts and tables of the annual review conference.

The public API is flat: `import khoi_analysis as ka; ds = ka.load(); ka.year_summary(ds, 2021)`.
Names are imported lazily (PEP 562) so that the command line starts fast.
"""

from __future__ import annotations

import importlib

from .config import VERSION

__version__ = VERSION

_EXPORTS = {
    "Dataset": "dataset",
    "load": "dataset",
    "counts_from_members": "dataset",
    "Issue": "issues",
    "ReadError": "read",
    "admissions_attainment": "metrics",
    "evaluate_targets": "metrics",
    "member_rating_counts": "metrics",
    "new_organisations": "metrics",
    "org_rating_counts": "metrics",
    "rating_shares": "metrics",
    "rating_streaks": "metrics",
    "true_share": "metrics",
    "year_actuals": "metrics",
    "yoy_change": "metrics",
    "shares_by_year": "metrics",
    "comparable_orgs": "structure",
    "like_for_like_counts": "structure",
    "like_for_like_notes": "structure",
    "structure_breaks": "structure",
    "score_summary": "scores",
    "score_change": "scores",
    "band_counts": "scores",
    "year_over_year": "structure",
    "fmt_int": "fmt",
    "fmt_pct": "fmt",
    "fmt_pp": "fmt",
    "round_half_up": "fmt",
    "parse_rating": "text",
    "year_summary": "outputs.summary",
    "summaries_for": "outputs.summary",
    "summary_text": "outputs.summary",
    "build": "build",
    "make_charts": "build",
    "yearly_frames": "outputs.specs",
    "chart_specs": "outputs.specs",
    "twenty_percent_rule": "metrics",
    "ranking": "metrics",
    "plot_targets_scorecard": "outputs.plots",
    "plot_share_by_type": "outputs.plots",
    "plot_ranking": "outputs.plots",
    "plot_twenty_percent": "outputs.plots",
    "plot_rating_distribution": "outputs.plots",
    "plot_shares_vs_targets": "outputs.plots",
    "plot_admissions": "outputs.plots",
    "plot_score_distribution": "outputs.score_plots",
    "use_style": "outputs.plots",
    "vi_table": "outputs.display",
    "vi_show": "outputs.display",
    "matrix_table": "outputs.display",
    "to_excel": "outputs.excel",
    "members_of": "queries",
    "unrated_by_reason": "queries",
    "transition_matrix": "queries",
    "org_moves": "queries",
    "org_history": "queries",
    "age_bands": "queries",
    "streak": "queries",
    "levels_by_org": "queries",
    "sort_vi": "queries",
    "sql": "queries",
    "vi_sort_key": "text",
    "name_sort_key": "text",
    "validation_report": "build",
    "write_conference_outputs": "build",
    "report_paragraph": "outputs.report",
    "write_report_docx": "outputs.word",
    "write_summaries": "build",
    "load_national": "national",
    "labels": None,
    "config": None,
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'khoi_analysis' has no attribute {name!r}")
    module_name = _EXPORTS[name]
    if module_name is None:
        value = importlib.import_module(f".{name}", __name__)
    else:
        value = getattr(importlib.import_module(f".{module_name}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
