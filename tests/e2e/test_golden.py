"""Behaviour kept through refactoring: load() on the sample, both shipped examples, the annex layouts of the
real-world tests and the shared corpus gives the records, issues and row accounts recorded in golden_load.json
(rewrite it with `python tests/e2e/golden.py` only when a change of behaviour is intended, and say so)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS_MISSING

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def now():
    # in a child process: the fixed pseudonym key of the golden run must not leak into the other tests
    env = {k: v for k, v in os.environ.items() if k != "KHOI_ANALYSIS_KEY_FILE"}
    code = "import json, golden; print(json.dumps(golden.compute(), ensure_ascii=False))"
    out = subprocess.run([sys.executable, "-c", code], cwd=HERE, env=env, capture_output=True, text=True,
                         timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


GOLDEN = json.loads((HERE / "golden_load.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_load_gives_what_it_gave_before(now, name):
    if name == "corpus" and name not in now:
        pytest.skip(CORPUS_MISSING)
    assert name in now
    for part, want in GOLDEN[name].items():
        assert now[name][part] == want, f"{name}.{part} changed"
