"""Vietnamese text: NFC and folding for matching, parsing of rating / yes-no / type cells, the legacy 8-bit
encodings TCVN3 and VNI, and Vietnamese collation. Everything that compares Vietnamese strings goes through here,
so NFC/NFD, case, spacing and the "ủy"/"uỷ" spelling never make two equal things look different.

May import: labels (nothing else of the package).
"""

from .collate import name_sort_key, org_sort_key, vi_sort_key
from .legacy import (
    UNICODE_TO_VNI,
    VNI_TO_UNICODE,
    decode_legacy,
    decode_tcvn3,
    decode_vni,
    detect_legacy,
    encode_tcvn3,
    encode_vni,
    font_encoding,
)
from .normalize import ODD_WS_RE2, ORG_PREFIX, compact, fold, fold_arrow, nfc, org_key, squeeze_arrow
from .parse import parse_bool, parse_org_type, parse_rating

__all__ = ["ODD_WS_RE2", "ORG_PREFIX", "UNICODE_TO_VNI", "VNI_TO_UNICODE", "compact", "decode_legacy",
           "decode_tcvn3", "decode_vni", "detect_legacy", "encode_tcvn3", "encode_vni", "fold", "fold_arrow",
           "font_encoding", "name_sort_key", "nfc", "org_key", "org_sort_key", "parse_bool", "parse_org_type",
           "parse_rating", "squeeze_arrow", "vi_sort_key"]
