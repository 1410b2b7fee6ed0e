"""Large synthetic inputs for the benchmarks: member lists in the template's layout (Vietnamese headers), as
.xlsx with a shared-strings table, as Excel saves them. Written with xlsxwriter; kept in benchmarks/data/
(git-ignored) and reused (the name carries the input version: a changed generator writes new files).

    python benchmarks/make_inputs.py 100000            # one workbook of 100k member-year rows
    python benchmarks/make_inputs.py national 5000000       # ~5M members of 2021 in 63 per-province folders
    python benchmarks/make_inputs.py national 5000000 2026  # ... of 2026 in the 34 provinces (from 2025)
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # run as a script or imported from the tests: provinces beside it
from provinces import provinces_for, slug  # noqa: E402

DATA = HERE / "data"
VERSION = "v2"  # v2: shared strings (v1 wrote inline strings, which Excel never does)
NATIONAL_VERSION = "v3"  # v3: one folder per province named after it, 63 or 34 by the year
HEADER = ["STT", "Mã đảng viên", "Họ và tên", "Ngày sinh", "Chi bộ", "Tổ chức cơ sở đảng", "Xếp loại",
          "Lý do không xếp loại"]
LEVELS = ["Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ",
          "Không hoàn thành nhiệm vụ"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Thu", "Hồng"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hiền", "Hoa", "Hùng", "Hương", "Lan",
         "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn"]


def write_members(path: Path, rows: int, year: int, seed: int, orgs: int = 140, code_start: int = 0) -> Path:
    """One workbook, one sheet of `rows` member records for `year`."""
    import xlsxwriter

    rng = np.random.default_rng(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.xlsx")
    wb = xlsxwriter.Workbook(tmp)  # not constant-memory: strings go to the shared-strings table, as in Excel
    ws = wb.add_worksheet("Đảng viên")
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, [f"KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN NĂM {year}"])
    ws.write_row(2, 0, HEADER)
    org_names = [f"Đảng bộ Đơn vị số {i + 1}" for i in range(orgs)]
    org_of = rng.integers(0, orgs, rows)
    level = rng.choice(4, rows, p=[0.172, 0.805, 0.019, 0.004])
    exempt = rng.random(rows) < 0.025
    births = rng.integers(0, 365 * 38, rows)
    names = rng.integers(0, [len(SURNAMES), len(MIDDLE), len(GIVEN)], (rows, 3))
    base = dt.date(1962, 1, 1)
    for i in range(rows):
        r = i + 3
        ws.write_number(r, 0, i + 1)
        ws.write_string(r, 1, f"{code_start + i:08d}")
        s, m, g = names[i]
        ws.write_string(r, 2, f"{SURNAMES[s]} {MIDDLE[m]} {GIVEN[g]}")
        ws.write_datetime(r, 3, dt.datetime.combine(base + dt.timedelta(days=int(births[i])), dt.time()), date_fmt)
        ws.write_string(r, 4, f"Chi bộ {1 + i % 7}")
        ws.write_string(r, 5, org_names[org_of[i]])
        if exempt[i]:
            ws.write_string(r, 7, "Miễn công tác và sinh hoạt đảng (sức khỏe)")
        else:
            ws.write_string(r, 6, LEVELS[level[i]])
    wb.close()
    tmp.replace(path)
    return path


def members_file(rows: int) -> Path:
    path = DATA / f"dang_vien_{rows}_{VERSION}.xlsx"
    if not path.exists():
        write_members(path, rows, 2021, seed=rows)
    return path


def national(total: int, year: int = 2021, orgs: int = 200) -> Path:
    """~`total` members of review year `year` split into one file per province, in a folder per province named
    after it ('ha_noi', the partition name of load_national): the 63 provinces until 2024, the 34 from 2025
    (provinces.py). Files already written are reused."""
    names = provinces_for(year)
    folder = DATA / f"quoc_gia_{year}_{total}_{NATIONAL_VERSION}"
    sizes = np.random.default_rng(total).dirichlet(np.full(len(names), 8.0)) * total
    start = 0
    for p, (name, size) in enumerate(zip(names, sizes.astype(int)), 1):
        path = folder / slug(name) / f"dang_vien_{year}_{slug(name)}.xlsx"
        if not path.exists():
            write_members(path, int(size), year, seed=p, orgs=orgs, code_start=start)
        start += int(size)
    return folder


if __name__ == "__main__":
    if sys.argv[1:2] == ["national"]:
        print(national(int(sys.argv[2]) if len(sys.argv) > 2 else 5_000_000,
                       int(sys.argv[3]) if len(sys.argv) > 3 else 2021))
    else:
        for n in sys.argv[1:] or ["100000"]:
            print(members_file(int(n)))
