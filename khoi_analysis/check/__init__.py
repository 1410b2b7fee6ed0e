"""Validation rules over frames (never over a Dataset object): cross-table rules (duplicates, unknown
organisations, counts against member lists, member identity, the 20% rule), sheet-level rules (merged
cells over data, formulas without a value, printed totals against the rows read) and the lineage
table's rules (names against the data, contradictions, cycles). Issues are data.

May import: issues, labels, fmt, cellref, metrics.
"""

from .lineage import check_lineage
from .sheet import formulas_without_value, merged_over_data, total_row_mismatches
from .tables import (
    check_tables,
    counts_against_lists,
    duplicates,
    member_identity,
    twenty_percent_flags,
    unknown_orgs,
)

__all__ = ["check_lineage", "check_tables", "counts_against_lists", "duplicates", "formulas_without_value",
           "member_identity", "merged_over_data", "total_row_mismatches", "twenty_percent_flags", "unknown_orgs"]
