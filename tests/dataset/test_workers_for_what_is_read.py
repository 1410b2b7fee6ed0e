"""With the default number of workers, processes are started for the files that are read, not for the files
found: one changed workbook in a large cached set is read here, without a pool."""

from conftest import MEMBER_HEADER, write_xlsx

import khoi_analysis as ka
from khoi_analysis.dataset import loader, pool


def test_one_changed_file_of_many_is_read_without_workers(tmp_path, monkeypatch):
    monkeypatch.setenv("KHOI_ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KHOI_ANALYSIS_WORKERS", "2")
    root = tmp_path / "in"
    for i in range(pool.MIN_FILES + 2):
        write_xlsx(root / f"tccs_{i}.xlsx", {"DV": [["DANH SÁCH ĐẢNG VIÊN NĂM 2021"], MEMBER_HEADER,
                                                    [1, f"10{i}", f"Nguyễn Văn {i}", None, None, f"Chi bộ {i}",
                                                     "HTTNV", None]]})
    asked: list[tuple[int, int]] = []
    real = loader.run_jobs

    def counting(job, paths, workers, *a, **k):
        asked.append((len(paths), workers))
        return real(job, paths, workers, *a, **k)

    monkeypatch.setattr(loader, "run_jobs", counting)
    ka.load(root)
    assert asked == [(pool.MIN_FILES + 2, 2)]  # every file read: one worker per core
    write_xlsx(root / "tccs_3.xlsx", {"DV": [["DANH SÁCH ĐẢNG VIÊN NĂM 2021"], MEMBER_HEADER,
                                             [1, "103", "Nguyễn Văn 3", None, None, "Chi bộ 3", "HTNV", None]]})
    changed = ka.load(root)
    assert asked[1:] == [(1, 1)]  # the one changed file, read here
    assert (changed.members["rating"] == "HTNV").sum() == 1
    asked.clear()
    ka.load(root, workers=2)  # asked for: as asked (nothing to read: the whole load is cached)
    assert asked == []
