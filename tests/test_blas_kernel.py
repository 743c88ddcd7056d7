"""The BLAS kernel matrix (``make test-kernels``) really changes the kernel: the OpenBLAS that
numpy loaded runs the kernel and thread count the environment asks for. The report header of
every pytest run names them (``tests/conftest.py``)."""

from __future__ import annotations

import os

import numpy as np
import pytest

from helpers.blas import describe, openblas_info
from helpers.training import one_blas_thread


def test_the_kernel_asked_for_is_the_kernel_in_use():
    info = openblas_info()
    if info is None:
        pytest.skip(f"no OpenBLAS found in this process: {describe()}")
    print(describe())
    asked = os.environ.get("OPENBLAS_CORETYPE")
    if asked:
        assert info["kernel"].lower() == asked.lower(), describe()
    threads = os.environ.get("OPENBLAS_NUM_THREADS")
    if threads:
        assert info["threads"] == int(threads), describe()
    assert info["kernel"] in info["config"]


def test_one_blas_thread_sets_and_restores_the_thread_count():
    if openblas_info() is None:
        pytest.skip("no OpenBLAS found in this process")
    before = openblas_info()["threads"]
    with one_blas_thread():
        assert openblas_info()["threads"] == 1
        assert float(np.ones((3, 3)) @ np.ones(3) @ np.ones(3)) == 9.0
    assert openblas_info()["threads"] == before


def test_the_kernel_matrix_reruns_every_file_that_tests_a_mathnote_claim():
    """Every mathnote claim is checked under each kernel: a new claim-test file must be added to
    ``tools/kernel_matrix.py``'s list, or this test fails."""
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    path = root / "tools" / "kernel_matrix.py"
    spec = importlib.util.spec_from_file_location("kernel_matrix", path)
    matrix = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(matrix)
    claim_files = {f"tests/{p.name}" for p in (root / "tests").glob("test_*.py")
                   if p.name != "test_blas_kernel.py"
                   and "mark.claim(" in p.read_text(encoding="utf-8")}
    missing = sorted(claim_files - set(matrix.NUMERIC_TESTS))
    assert not missing, f"tools/kernel_matrix.py does not rerun: {missing}"
