"""The benchmark suite runs from the checkout with its one command, at tiny sizes, and writes
every figure with what bench/results.json promises. (Its figures are not checked here:
speed is measured by hand, not asserted in tests.)"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"name", "value", "unit", "baseline", "ratio", "target", "met", "note"}
# The first words of each benchmark's figures.
BENCHMARKS = {
    "segment": "log segment",
    "search": "search",
    "throughput": "bot throughput",
    "instances": "instances:",
    "startup": "start to first reply",
    "growth": "growth:",
    "import": "bot reply p99 during",
    "importfile": "import 300 contacts",
    "flat": "flat:",
    "charts": "charts:",
    "chatimport": "chat import:",
}


def test_bench_runs_every_benchmark(postgres_base_url: str, tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    env = {
        **os.environ,
        "INTERLOG_BENCH_POSTGRES_URL": postgres_base_url,
        "NO_PROXY": "127.0.0.1,localhost",
        "INTERLOG_BENCH_CACHE": str(tmp_path / "cache"),
    }
    command = [sys.executable, "-m", "bench", "--quick", "--size", "300", "--seconds", "1"]
    command += ["--repeats", "1", "--output", str(output)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "smaller than the full run" in done.stdout

    results = json.loads(output.read_text())
    assert results["quick"] is True and results["size"] == 300
    assert results["benchmarks"] == list(BENCHMARKS)
    assert results["machine"]["nproc"] >= 1
    figures = results["figures"]
    for figure in figures:
        assert set(figure) == KEYS, figure
        assert math.isfinite(figure["value"]) and figure["value"] >= 0, figure
        assert (figure["target"] is None) == (figure["met"] is None), figure
        if figure["ratio"] is not None:
            assert figure["ratio"] == pytest.approx(figure["value"] / figure["baseline"]), figure
    for benchmark, start in BENCHMARKS.items():
        assert any(f["name"].startswith(start) for f in figures), benchmark
    throughput = next(f for f in figures if f["name"].startswith("bot throughput"))
    assert throughput["baseline"] > 0 and "echo bot" in throughput["note"]
