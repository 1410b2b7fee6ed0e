"""The reading rules a user writes beside the data, so that no raw file is ever edited: `cach_doc.yaml`
(config.READING_RULES_FILE_NAME), a list of entries, each a file pattern and how to read the files it matches
(sheet, period, header rows, column -> field, rows to skip, hidden sheets taken or left, kind of table, quarter:
1–4, or 0 for a yearly table whatever its name says); and the
same settings given on the command line or to load(). Every setting remembers its sidecar line, for "how I read
this file"; a bad entry is an error naming the sidecar and the line, never a traceback.

    - tep: "phu_luc_2022*.xlsx"
      trang_tinh: Biểu 01
      nam: 2022
      dong_tieu_de: 4-5
      cot: {B: Tên tổ chức, E: Xếp loại}
      bo_dong: 12, 30-32
      trang_an: bo
      quy: 0
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

from .. import config
from ..config import READING_RULES_FILE_NAME
from ..issues import Issue
from ..read import ReadError, find_spreadsheets
from ..sheet import RuleError, SheetRules, field_known, merge_rules, parse_column, rule_value
from ..text import fold, nfc

__all__ = ["KEYS", "RuleBook", "find_sidecars", "parse_sidecar", "reading_rules", "rules_from_options"]

# the sidecar's keys (Vietnamese without diacritics; with diacritics and the English names are accepted too)
KEYS = {"tep": "pattern", "trang_tinh": "sheet", "nam": "period", "dong_tieu_de": "header_rows", "cot": "columns",
        "bo_dong": "skip_rows", "trang_an": "hidden", "loai": "kind", "quy": "quarter"}
ENGLISH = {"file": "pattern", "pattern": "pattern", "sheet": "sheet", "period": "period", "year": "period",
           "header_rows": "header_rows", "columns": "columns", "skip_rows": "skip_rows", "hidden": "hidden",
           "hidden_sheets": "hidden", "kind": "kind", "quarter": "quarter"}
KEY_LIST = ", ".join(KEYS)


def _key(text: object) -> str | None:
    k = fold(str(text)).strip().replace(" ", "_").replace("-", "_")
    return KEYS.get(k) or ENGLISH.get(k)


@dataclass
class Entry:
    pattern: str
    rules: SheetRules
    line: int  # 1-based line of the entry in its sidecar
    folder: Path  # the sidecar's folder: patterns are relative to it


@dataclass
class RuleBook:
    """Every sidecar entry found, and the settings given on the command line (on top of them, for every file)."""

    entries: list[Entry] = field(default_factory=list)
    overrides: SheetRules | None = None
    sources: list[str] = field(default_factory=list)  # the sidecar files read

    def rules_for(self, path: Path | str) -> list[SheetRules]:
        """How to read one file: one SheetRules per sheet named, at most one for every sheet."""
        path = Path(path).resolve()
        found: list[SheetRules] = []
        for entry in self.entries:
            if _matches(entry, path):
                same = next((i for i, r in enumerate(found) if _same(r.sheet, entry.rules.sheet)), None)
                if same is None:
                    found.append(entry.rules)
                else:
                    found[same] = merge_rules(found[same], entry.rules)
        return _with_overrides(found, self.overrides)

    def conflicts(self, files: list[Path]) -> list[Issue]:
        """Two entries setting the same thing differently for the same file and sheet: an error naming both."""
        out, seen = [], set()
        for path in files:
            hits = [e for e in self.entries if _matches(e, Path(path).resolve())]
            for i, a in enumerate(hits):
                for b in hits[i + 1:]:
                    if not _same(a.rules.sheet, b.rules.sheet):
                        continue
                    for name in _differing(a.rules, b.rules):
                        where = a.rules.origin.get(name, f"dòng {a.line}")
                        there = b.rules.origin.get(name, f"dòng {b.line}")
                        if (where, there) not in seen:
                            seen.add((where, there))
                            out.append(Issue("error", "reading_rule_conflict", f"{where} và {there}: hai mục cùng "
                                             f"áp dụng cho tệp {Path(path).name} nhưng ghi khác nhau; hãy giữ một",
                                             str(path)))
        return out

    def key(self, path: Path | str) -> str:
        """A stable text of one file's rules, for cache keys."""
        return json.dumps([r.as_key() for r in self.rules_for(path)], ensure_ascii=False)

    def __bool__(self) -> bool:
        return bool(self.entries or self.overrides)


def _same(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return nfc(a).strip().casefold() == nfc(b).strip().casefold()


def _differing(a: SheetRules, b: SheetRules) -> list[str]:
    out = [n for n in ("period", "header_rows", "hidden", "kind", "quarter")
           if getattr(a, n) is not None and getattr(b, n) is not None and getattr(a, n) != getattr(b, n)]
    return out + [f"col:{c}" for c in a.columns if c in b.columns and a.columns[c] != b.columns[c]]


def _matches(entry: Entry, path: Path) -> bool:
    try:
        rel = path.relative_to(entry.folder).as_posix()
    except ValueError:
        return False
    pattern = nfc(entry.pattern).casefold()
    return fnmatchcase(nfc(rel).casefold(), pattern) or fnmatchcase(nfc(path.name).casefold(), pattern)


def _with_overrides(found: list[SheetRules], over: SheetRules | None) -> list[SheetRules]:
    if over is None:
        return found
    if over.sheet:  # only that sheet is read: its own rules, the file's, then the command line's
        base = next((r for r in found if not r.sheet), SheetRules())
        own = next((r for r in found if _same(r.sheet, over.sheet)), None)
        return [merge_rules(merge_rules(base, own) if own else base, over)]
    return [merge_rules(r, over) for r in found] or [over]


# ------------------------------------------------------------------------------------------ finding and parsing
def find_sidecars(targets: list[Path | str]) -> list[Path]:
    """The sidecars that apply to a load: in each folder loaded and its subfolders (a file's own folder), and in
    the folders above it up to data/raw when it lies inside data/raw."""
    raw = config.RAW_DIR.resolve()
    out: list[Path] = []
    for target in map(Path, targets):
        if not target.exists():
            continue
        folder = (target if target.is_dir() else target.parent).resolve()
        found = [folder / READING_RULES_FILE_NAME]
        if target.is_dir():
            found += sorted(p for p in folder.rglob(READING_RULES_FILE_NAME)
                            if not any(part.startswith(".") for part in p.relative_to(folder).parts))
        if folder == raw or raw in folder.parents:
            found += [d / READING_RULES_FILE_NAME for d in folder.parents if d == raw or raw in d.parents]
        for p in found:
            if p.is_file() and p not in out:
                out.append(p)
    return out


def parse_sidecar(path: Path) -> tuple[list[Entry], list[Issue]]:
    """The entries of one sidecar, and an error (naming the file and the line) for each bad one."""
    import yaml

    path = Path(path)
    name = path.name
    issues: list[Issue] = []

    def bad(line: int | None, message: str) -> None:
        where = f"{name}, dòng {line}" if line else name
        issues.append(Issue("error", "bad_reading_rule", f"{where}: {message}", str(path)))

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        bad(None, f"không đọc được tệp cách đọc ({type(exc).__name__}: {exc}); cần văn bản UTF-8")
        return [], issues
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        bad(mark.line + 1 if mark else None, f"lỗi cú pháp YAML: {exc.problem or exc.context}")
        return [], issues
    except yaml.YAMLError as exc:
        bad(None, f"lỗi cú pháp YAML: {exc}")
        return [], issues
    if root is None:
        return [], issues
    nodes = root.value if isinstance(root, yaml.SequenceNode) else [root]
    entries = []
    for node in nodes:
        entry = _entry(node, path, bad)
        if entry is not None:
            entries.append(entry)
    return entries, issues


def _scalar(node):
    """A YAML node's value (PyYAML's safe types), or a RuleError."""
    import yaml

    try:
        return yaml.SafeLoader("").construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise RuleError(f"giá trị không đọc được: {exc}") from None


def _entry(node, path: Path, bad) -> Entry | None:
    """One entry: a mapping of known keys with good values, else errors and None."""
    import yaml

    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        bad(line, f"mỗi mục là một bảng khóa: giá trị, bắt đầu bằng '- tep: …' (các khóa: {KEY_LIST})")
        return None
    settings: dict[str, object] = {}
    origin: dict[str, str] = {}
    columns: dict[int, str] = {}
    pattern = None
    ok = True
    for knode, vnode in node.value:
        kline = knode.start_mark.line + 1
        key = _key(knode.value)
        if key is None:
            bad(kline, f"khóa lạ '{knode.value}' (các khóa: {KEY_LIST})")
            ok = False
            continue
        if key in settings or (key == "pattern" and pattern is not None) or (key == "columns" and columns):
            bad(kline, f"khóa '{knode.value}' ghi hai lần trong một mục")
            ok = False
            continue
        try:
            if key == "pattern":
                pattern = str(_scalar(vnode)).strip()
                if not pattern or isinstance(vnode, (yaml.MappingNode, yaml.SequenceNode)):
                    raise RuleError("cần mẫu tên tệp, ví dụ 'phu_luc_2022*.xlsx'")
            elif key == "columns":
                ok &= _columns(vnode, path.name, columns, origin, bad)
            else:
                settings[key] = rule_value(key, _scalar(vnode))
                origin[key] = f"{path.name} dòng {kline}"
        except RuleError as exc:
            bad(vnode.start_mark.line + 1, f"'{knode.value}': {exc}")
            ok = False
    if pattern is None:
        bad(line, "mục thiếu khóa 'tep' (mẫu tên tệp, ví dụ 'phu_luc_2022*.xlsx')")
        return None
    if not ok:
        return None
    folder = path.resolve().parent
    if not _matches_any(pattern, folder):
        bad(line, f"mẫu tên tệp '{pattern}' không khớp tệp nào trong thư mục {folder}")
        return None
    return Entry(pattern, SheetRules(columns=columns, origin=origin, **settings), line, folder)


def _columns(node, name: str, columns: dict[int, str], origin: dict[str, str], bad) -> bool:
    """The 'cot' mapping: column letter -> field (a header text or an internal name)."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        bad(node.start_mark.line + 1, "'cot' cần dạng  cot: {B: Tên tổ chức cơ sở đảng, E: Xếp loại}")
        return False
    ok = True
    for knode, vnode in node.value:
        line = knode.start_mark.line + 1
        try:
            c = parse_column(knode.value)
            text = _scalar(vnode)
            if not isinstance(text, str) or not field_known(text):
                raise RuleError(f"trường lạ '{text}' cho cột {knode.value} (ghi tiêu đề như 'Tên tổ chức cơ sở "
                                "đảng', 'Xếp loại chất lượng', 'HTXSNV', tên trường như org_name, rating, hoặc "
                                "'bo' để không dùng cột)")
        except RuleError as exc:
            bad(line, str(exc))
            ok = False
            continue
        columns[c] = text.strip()
        origin[f"col:{c}"] = f"{name} dòng {line}"
    return ok


def _matches_any(pattern: str, folder: Path) -> bool:
    try:
        files = find_spreadsheets([folder])
    except ReadError:
        return False
    entry = Entry(pattern, SheetRules(), 0, folder)
    return any(_matches(entry, f.resolve()) for f in files)


# ------------------------------------------------------------------------------------------ for a load
def rules_from_options(options: dict[str, object] | SheetRules | None,
                       origin: dict[str, str] | None = None) -> SheetRules | None:
    """Settings given as options (keys as in a sidecar, or English: period, sheet, header_rows, columns as
    {"B": "org_name"}, skip_rows, hidden, kind) -> SheetRules; raises RuleError. `origin`: per key, where it was
    said (default: "tham số <key>")."""
    if options is None or isinstance(options, SheetRules):
        return options
    settings: dict[str, object] = {}
    said: dict[str, str] = {}
    columns: dict[int, str] = {}
    for raw_key, value in options.items():
        if value is None or value == [] or value == {}:
            continue
        key = _key(raw_key)
        where = (origin or {}).get(raw_key, f"tham số {raw_key}")
        if key in (None, "pattern"):
            raise RuleError(f"tùy chọn lạ '{raw_key}'")
        if key == "columns":
            items = value.items() if isinstance(value, dict) else [_split_column(v) for v in value]
            for letter, text in items:
                c = parse_column(letter)
                if not field_known(str(text)):
                    raise RuleError(f"trường lạ '{text}' cho cột {letter}")
                columns[c] = str(text).strip()
                said[f"col:{c}"] = where
            continue
        settings[key] = rule_value(key, value)
        said[key] = where
    return SheetRules(columns=columns, origin=said, **settings) if settings or columns else None


def _split_column(item: object) -> tuple[str, str]:
    text = str(item)
    if "=" not in text and ":" not in text:
        raise RuleError(f"cột cần dạng CỘT=TRƯỜNG, ví dụ B=org_name hoặc 'B=Tên tổ chức': nhận được '{text}'")
    sep = "=" if "=" in text else ":"
    letter, name = text.split(sep, 1)
    return letter.strip(), name.strip()


def reading_rules(targets: list[Path | str], sidecars: list[Path | str] | Path | str | None = None,
                  overrides: dict[str, object] | SheetRules | None = None) -> tuple[RuleBook, list[Issue]]:
    """The rules of a load: the sidecars given (default: those found beside the data, see find_sidecars) and the
    overrides; and the errors of bad entries."""
    if isinstance(sidecars, (str, Path)):
        sidecars = [sidecars]
    paths = [Path(p) for p in sidecars] if sidecars is not None else find_sidecars(targets)
    book = RuleBook()
    issues: list[Issue] = []
    for path in paths:
        if not path.is_file():
            issues.append(Issue("error", "bad_reading_rule", f"không tìm thấy tệp cách đọc {path}", str(path)))
            continue
        entries, bad = parse_sidecar(path)
        book.entries += entries
        book.sources.append(str(path))
        issues += bad
    try:
        book.overrides = rules_from_options(overrides)
    except RuleError as exc:
        issues.append(Issue("error", "bad_reading_rule", f"tham số cách đọc không hợp lệ: {exc}"))
    return book, issues
