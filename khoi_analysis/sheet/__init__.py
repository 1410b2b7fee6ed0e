"""From a grid of cell values to tidy frames, pure: the header vocabulary, locating the table wherever it is
in a sheet, decoding legacy text, row kinds and row accounts, cleaning per kind of table, member lists
column-wise; what the user says about how to read a sheet (overrides). A SheetGrid in; a Reading (its rows as
a Part: member columns as arrays, small tables as records, made into frames once for many sheets by `parts`;
issues, row account, printed totals) out. Every non-blank row of a table is loaded, excluded (total, group, note
and signature rows) or rejected with a reason.

May import: read (its grid type only), text, labels, fmt, cellref, issues, regimes.
"""

from .blocks import split_tables
from .decode import decode_grid
from .extract import PrintedTotal, Reading, extract
from .locate import Located, locate, quarter_from_context, year_from_context
from .messages import expected_headers
from .overrides import (
           RuleError,
           SheetRules,
           describe_rules,
           field_known,
           locate_by_rules,
           merge_rules,
           parse_column,
           rule_value,
)
from .parts import MemberPart, Part, RecordPart, member_frame, record_frame
from .rows import RowAccount
from .vocabulary import KIND_COLUMNS, KIND_NAMES, LEVEL_PREFIX, PCT_PREFIX, REQUIRED, header_key

__all__ = ["KIND_COLUMNS", "KIND_NAMES", "LEVEL_PREFIX", "PCT_PREFIX", "REQUIRED", "Located", "MemberPart", "Part",
           "PrintedTotal", "Reading", "RecordPart", "RowAccount", "RuleError", "SheetRules", "decode_grid",
           "describe_rules", "expected_headers", "extract", "field_known", "header_key", "locate", "locate_by_rules",
           "member_frame", "merge_rules", "parse_column", "quarter_from_context", "record_frame", "rule_value",
           "split_tables", "year_from_context"]
