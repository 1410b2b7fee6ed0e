"""The Dataset and `load()`: files found, served from the Parquet cache or read (read/), made tidy (sheet/),
checked (check/); pseudonymous member ids (a keyed hash kept on this computer) and the cache live here too.

May import: read, sheet, check, text, labels, config, cellref, issues.
"""

from .counts import combine_counts, counts_from_members
from .frames import (
    ADMISSION_FRAME,
    COUNT_FRAME,
    MEMBER_FRAME,
    ORG_FRAME,
    ORG_TYPE_DTYPE,
    RATING_DTYPE,
    TARGET_FRAME,
)
from .loader import load
from .model import Dataset

__all__ = ["ADMISSION_FRAME", "COUNT_FRAME", "MEMBER_FRAME", "ORG_FRAME", "ORG_TYPE_DTYPE", "RATING_DTYPE",
           "TARGET_FRAME", "Dataset", "combine_counts", "counts_from_members", "load"]
