"""find_spreadsheets: the spreadsheets under a folder, in the order Paths sort, skipping lock files, hidden files
and folders, the aliases and lineage tables; on generated trees, the same as the plain definition by rglob."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from khoi_analysis.config import ALIASES_FILE_NAME, LINEAGE_FILE_NAME
from khoi_analysis.read.workbook import SPREADSHEET_SUFFIXES, find_spreadsheets

_PIECES = st.sampled_from(["a", "B", "a b", "a-b", "a.b", ".an", "~$k", "Năm 2021", "z", "_", "a0", "1"])
_SUFFIXES = st.sampled_from([".xlsx", ".XLSX", ".xls", ".csv", ".ods", ".xlsb", ".xlsm", ".txt", ".docx", ""])


def _by_definition(root: Path) -> list[Path]:
    return sorted(f for f in root.rglob("*")
                  if f.is_file() and f.suffix.lower() in SPREADSHEET_SUFFIXES
                  and f.name not in (ALIASES_FILE_NAME, LINEAGE_FILE_NAME) and not f.name.startswith(("~$", "."))
                  and not any(part.startswith(".") for part in f.relative_to(root).parts))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.lists(_PIECES, max_size=3), _PIECES, _SUFFIXES), min_size=1, max_size=25),
       st.booleans())
def test_the_files_found_are_the_definitions(tmp_path_factory, tree, tables):
    root = tmp_path_factory.mktemp("tree")
    for folders, stem, suffix in tree:
        folder = root.joinpath(*folders)
        if any(p.is_file() for p in [folder, *folder.parents] if p != root and root in p.parents):
            continue  # a file already stands where this folder would
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{stem}{suffix}"
        if not target.is_dir():
            target.write_bytes(b"x")
    if tables:
        (root / ALIASES_FILE_NAME).write_text("x", encoding="utf-8")
        (root / "sub").mkdir(exist_ok=True)
        (root / "sub" / LINEAGE_FILE_NAME).write_text("x", encoding="utf-8")
    assert find_spreadsheets([root]) == _by_definition(root)
