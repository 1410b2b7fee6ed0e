"""The sample (scripts/make_sample_data.py's data, reviews 2017-2022) split the way many offices collect it: one
workbook per TCCS per year, each with the TCCS sheet holding that organisation's own row and either its member
list (`members`) or its member counts (`counts`: total, rated and one count per level). Written with xlsxwriter,
strings in a shared-strings table as Excel saves them; kept in benchmarks/data/ (git-ignored) and reused.

    python benchmarks/make_per_tccs.py [members|counts]
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
VERSION = "v1"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from khoi_analysis import labels  # noqa: E402
from khoi_analysis.outputs.template import SHEETS, TITLES  # noqa: E402

LEVEL_CODE = {name: code for code, name in labels.LEVEL_NAMES.items()}
COUNT_HEADER = ["STT", "Tên tổ chức cơ sở đảng", "Tổng số đảng viên", "Số đảng viên được đánh giá, xếp loại",
                *(labels.LEVEL_NAMES[lvl] for lvl in reversed(labels.LEVELS)), "Ghi chú"]


def folder(variant: str = "members") -> Path:
    return DATA / f"per_tccs_{variant}_{VERSION}"


def per_tccs(variant: str = "members") -> Path:
    """The folder of per-TCCS workbooks (written on first use): one sub-folder per year."""
    out = folder(variant)
    if (out / "complete").exists():
        return out
    import make_sample_data as sample

    gen = sample.Generator()
    gen.make_orgs()
    gen.make_members()
    gen.rate()
    for year in sample.YEARS:
        tables = gen.tables(year)
        members_of: dict[str, list] = {}
        for row in tables["members"]:
            members_of.setdefault(row[5], []).append(row)
        for i, org in enumerate(tables["orgs"], 1):
            name = org[1]
            slug = re.sub(r"[^0-9A-Za-z]+", "_", sample_ascii(name)).strip("_")[:60]
            path = out / str(year) / f"{i:03d}_{slug}_{year}.xlsx"
            write_one(path, year, org, members_of.get(name, []), variant)
    (out / "complete").write_text(VERSION, encoding="utf-8")
    return out


def sample_ascii(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D")).encode("ascii", "ignore").decode()


def write_one(path: Path, year: int, org: list, members: list[list], variant: str) -> None:
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(path)
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    sheet_name, columns = SHEETS["orgs"]
    ws = wb.add_worksheet(sheet_name)
    ws.write_row(0, 0, [TITLES["orgs"].format(period=f"NĂM {year}")])
    ws.write_row(2, 0, [header for _canon, header, _ in columns])
    ws.write_row(3, 0, [1, *org[1:]])
    if variant == "members":
        sheet_name, columns = SHEETS["members"]
        ws = wb.add_worksheet(sheet_name)
        ws.write_row(0, 0, [TITLES["members"].format(period=f"NĂM {year}")])
        ws.write_row(2, 0, [header for _canon, header, _ in columns])
        for i, row in enumerate(members, 1):
            r = i + 2
            for c, value in enumerate([i, *row[1:]]):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_fmt)
                else:
                    ws.write(r, c, value)
    else:
        ws = wb.add_worksheet("Số lượng đảng viên")
        ws.write_row(0, 0, [f"SỐ LƯỢNG ĐẢNG VIÊN ĐƯỢC ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM {year}"])
        ws.write_row(2, 0, COUNT_HEADER)
        levels = [LEVEL_CODE.get(m[6], m[6]) for m in members]
        counts = [sum(1 for lv in levels if lv == lvl) for lvl in reversed(labels.LEVELS)]
        ws.write_row(3, 0, [1, org[1], len(members), sum(counts), *counts])
    wb.close()


if __name__ == "__main__":
    for v in sys.argv[1:] or ["members", "counts"]:
        print(per_tccs(v))
