"""Large synthetic inputs for the benchmarks: member lists in the template's layout (Vietnamese headers), as
.xlsx with a shared-strings table, as Excel saves them. Written with xlsxwriter; kept in benchmarks/data/
(git-ignored) and reused (the name carries the input version: a changed generator writes new files).

    python benchmarks/make_inputs.py 100000            # one workbook of 100k member-year rows
    python benchmarks/make_inputs.py national 5000000  # ~5M members split into per-province files
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
VERSION = "v2"  # v2: shared strings (v1 wrote inline strings, which Excel never does)
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


def national(total: int, provinces: int = 63) -> Path:
    """~`total` members of one year split into per-province files of a folder."""
    folder = DATA / f"quoc_gia_{total}_{VERSION}"
    sizes = np.random.default_rng(total).dirichlet(np.full(provinces, 8.0)) * total
    start = 0
    for p, size in enumerate(sizes.astype(int), 1):
        path = folder / f"tinh_{p:02d}" / f"dang_vien_2021_tinh_{p:02d}.xlsx"
        if not path.exists():
            write_members(path, int(size), 2021, seed=p, orgs=200, code_start=start)
        start += int(size)
    return folder


if __name__ == "__main__":
    if sys.argv[1:2] == ["national"]:
        print(national(int(sys.argv[2]) if len(sys.argv) > 2 else 5_000_000))
    else:
        for n in sys.argv[1:] or ["100000"]:
            print(members_file(int(n)))
