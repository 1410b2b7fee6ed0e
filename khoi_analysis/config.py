"""Paths, file conventions and the office's settings (the committee's names by period, the province, from
cau_hinh.toml beside the data). Every step takes its input and output paths as parameters; these are only the
defaults.

May import: nothing of ours."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

VERSION = "0.1.0"  # the package's version (also in pyproject.toml)

PROJ_ROOT = Path(os.environ.get("KHOI_ANALYSIS_ROOT", Path(__file__).resolve().parents[1]))
DATA_DIR = PROJ_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
SAMPLE_DIR = RAW_DIR / "mau"
PROCESSED_DIR = DATA_DIR / "processed"
FIGURES_DIR = PROCESSED_DIR / "bieu_do"
TEMPLATES_DIR = PROJ_ROOT / "templates"
KEY_FILE = PROJ_ROOT / ".khoi_key"  # pseudonymisation key: local, never in git (see .gitignore)

# file conventions
ALIASES_FILE_NAME = "bi_danh_tccs.csv"  # other names of organisations, beside the raw files
LINEAGE_FILE_NAME = "sap_xep_tccs.csv"  # renames, merges, splits, transfers of organisations, beside the raw files
READING_RULES_FILE_NAME = "cach_doc.yaml"  # how to read files the reader gets wrong, beside the raw files
LISTS_SHEET = "Danh mục"  # the template's sheet of valid values: not a data table
PERSONAL_COLUMNS = ("member_code", "name", "birth_date")  # never written to processed files unless asked

# ----------------------------------------------------------------------------------------------------------
# The committee's names and the province: configuration, read from cau_hinh.toml beside the data
# ----------------------------------------------------------------------------------------------------------
SETTINGS_FILE_NAME = "cau_hinh.toml"
SETTINGS_ENV = "KHOI_ANALYSIS_CONFIG"  # a settings file elsewhere


@dataclass(frozen=True)
class Committee:
    """How the outputs name the committee during some years."""

    name: str  # in full, without the province: "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh"
    short: str  # "Đảng ủy Khối": who carries out the resolution
    resolution: str  # "Nghị quyết Đảng bộ Khối": whose resolution sets the targets
    whole: str  # "toàn Khối": the whole body, as a chart's reference line says
    first_year: int | None = None
    last_year: int | None = None


# until 2024 the provincial Agencies-and-Enterprises bloc; from 2025 (the bloc ended) the committee of the
# province's People's Committee (DOMAIN.md, "The organisation changes too")
DEFAULT_COMMITTEES = (
    Committee("Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh", "Đảng ủy Khối", "Nghị quyết Đảng bộ Khối", "toàn Khối",
              None, 2024),
    Committee("Đảng bộ Ủy ban nhân dân tỉnh", "Đảng ủy", "Nghị quyết Đảng bộ", "toàn Đảng bộ", 2025, None),
)
# the file's keys (ASCII, as TOML bare keys are) -> the fields
_KEYS = {"ten": "name", "ten_ngan": "short", "nghi_quyet": "resolution", "toan_bo": "whole", "tu_nam": "first_year",
         "den_nam": "last_year"}


@dataclass(frozen=True)
class Settings:
    province: str = ""  # "Hải Dương": written after the committee's name
    committees: tuple[Committee, ...] = DEFAULT_COMMITTEES
    source: str | None = None  # the file read; None for the defaults

    def committee(self, year: int | None) -> Committee:
        """The names in force in `year` (the latest names for no year; the nearest period outside them all)."""
        ordered = sorted(self.committees, key=lambda c: c.first_year if c.first_year is not None else -10**6)
        if year is None:
            return ordered[-1]
        for c in ordered:
            if (c.first_year is None or year >= c.first_year) and (c.last_year is None or year <= c.last_year):
                return c
        return ordered[0] if ordered[0].first_year is not None and year < ordered[0].first_year else ordered[-1]

    def full_name(self, year: int | None) -> str:
        """'Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh Hải Dương'."""
        return f"{self.committee(year).name} {self.province}".strip()


DEFAULT_SETTINGS = Settings()


def settings_path(path: Path | str | None = None, data_paths=()) -> Path | None:
    """Which settings file applies: `path`, else $KHOI_ANALYSIS_CONFIG, else cau_hinh.toml in the folder of the
    first data path that has one, else data/raw/cau_hinh.toml; None when there is none."""
    if path is not None:
        return Path(path)
    if os.environ.get(SETTINGS_ENV):
        return Path(os.environ[SETTINGS_ENV])
    for p in [*map(Path, data_paths), RAW_DIR]:
        folder = p if p.is_dir() else p.parent
        if (folder / SETTINGS_FILE_NAME).is_file():
            return folder / SETTINGS_FILE_NAME
    return None


def load_settings(path: Path | str | None = None, data_paths=()) -> Settings:
    """The settings of `settings_path(path, data_paths)`, or the defaults. A bad file raises ValueError saying
    what and where, in Vietnamese."""
    try:  # only when a file is read
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: the same parser, packaged as tomli
        import tomli as tomllib

    found = settings_path(path, data_paths)
    if found is None:
        return DEFAULT_SETTINGS
    where = f"tệp cấu hình {found}"
    try:
        raw = tomllib.loads(found.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"không đọc được {where} ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"line (\d+), column (\d+)", str(exc))
        raise ValueError(f"{where} sai cú pháp TOML" + (f" ở dòng {at[1]}, cột {at[2]}" if at else "")) from None
    unknown = set(raw) - {"tinh", "co_quan"}
    if unknown:
        raise ValueError(f"{where}: không hiểu khóa {', '.join(sorted(unknown))} (dùng được: tinh, co_quan)")
    entries = raw.get("co_quan", [])
    entries = [entries] if isinstance(entries, dict) else entries
    committees = []
    for n, entry in enumerate(entries, 1):
        bad = set(entry) - set(_KEYS)
        missing = [k for k in ("ten", "ten_ngan", "nghi_quyet", "toan_bo") if not isinstance(entry.get(k), str)]
        if bad or missing:
            raise ValueError(f"{where}, mục co_quan thứ {n}: " + "; ".join(
                ([f"không hiểu khóa {', '.join(sorted(bad))}"] if bad else [])
                + ([f"thiếu {', '.join(missing)} (chữ)"] if missing else [])))
        for k in ("tu_nam", "den_nam"):
            if k in entry and not isinstance(entry[k], int):
                raise ValueError(f"{where}, mục co_quan thứ {n}: {k} phải là một năm, ví dụ 2025")
        committees.append(Committee(**{_KEYS[k]: v for k, v in entry.items()}))
    province = raw.get("tinh", "")
    if not isinstance(province, str):
        raise ValueError(f"{where}: tinh phải là chữ, ví dụ tinh = \"Hải Dương\"")
    return Settings(province.strip(), tuple(committees) or DEFAULT_COMMITTEES, str(found))
