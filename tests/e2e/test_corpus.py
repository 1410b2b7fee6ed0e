"""Every odd or broken spreadsheet of the shared corpus (other projects' test files) gives data or a clean
error: never a traceback, a crash or a hang, within a time and memory bound."""

import json
import resource
import subprocess
import sys
import time

import pytest
from conftest import CORPUS_MISSING, SHARED_CORPUS

CORPUS = SHARED_CORPUS
FILES = sorted(p for p in CORPUS.glob("*") if p.name not in ("MANIFEST.tsv", "NOTICE.txt")) if CORPUS.exists() else []
TIME_LIMIT_S = 240
MEMORY_LIMIT = 4 * 2**30


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.fixture(scope="module")
def report():
    if not FILES:
        pytest.skip(CORPUS_MISSING)
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "khoi_analysis", "validate", "--json", str(CORPUS)],
                         capture_output=True, text=True, timeout=TIME_LIMIT_S, preexec_fn=_limit_memory)
    elapsed = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert out.returncode in (0, 1), out.stderr[-2000:]
    assert "Traceback" not in out.stderr
    data = json.loads(out.stdout)
    data["elapsed"], data["peak_mb"] = elapsed, peak_kb / 1024
    return data


def test_corpus_run_is_bounded(report):
    assert report["elapsed"] < TIME_LIMIT_S
    assert report["peak_mb"] < MEMORY_LIMIT / 2**20
    assert len(FILES) >= 140


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_each_file_gives_data_or_a_clean_error(report, path):
    if path.suffix.lower() not in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv"):
        assert str(path) not in report["files"]  # not a spreadsheet name: not picked up from the folder
        return
    assert str(path) in report["files"]
    issues = [i for i in report["issues"] if i["file"] == str(path)]
    accounts = [a for a in report["accounts"] if a["file"] == str(path)]
    assert accounts or any(i["severity"] == "error" for i in issues)
    for issue in issues:
        assert issue["message"] and "\n" not in issue["message"]
    for a in accounts:
        assert a["read"] == a["loaded"] + a["excluded"] + a["rejected"]
