"""Paths. Every step takes its input and output paths as parameters; these are only the defaults."""

from __future__ import annotations

import os
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
READING_RULES_FILE_NAME = "cach_doc.yaml"  # how to read files the reader gets wrong, beside the raw files
LISTS_SHEET = "Danh mục"  # the template's sheet of valid values: not a data table
PERSONAL_COLUMNS = ("member_code", "name", "birth_date")  # never written to processed files unless asked
