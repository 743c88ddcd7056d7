"""Which OpenBLAS numpy uses, and which of its kernels: results must not depend on it.

numpy's wheels carry their own OpenBLAS (``scipy_openblas``). At start-up it picks a kernel
for the processor (``SkylakeX`` with AVX-512, ``Haswell`` with AVX2, ...) unless the
environment variable ``OPENBLAS_CORETYPE`` names one; ``OPENBLAS_NUM_THREADS`` sets its threads.
Kernels and thread counts add up matrix products in different orders, so the last bits of a
result differ, and a chaotic computation (a GAN's training) ends somewhere else. The test suite
runs its numerics-sensitive tests under several kernels (``make test-kernels``,
``tools/kernel_matrix.py``); :func:`openblas_info` says which one really ran.

Linux only (it finds the library in ``/proc/self/maps``); elsewhere it returns ``None``.
"""

from __future__ import annotations

import ctypes
import functools
import re

import numpy as np  # noqa: F401  (numpy loads its OpenBLAS at import)

_PREFIXES = ("scipy_openblas", "openblas")
_SUFFIXES = ("64_", "")


@functools.cache
def openblas_library():
    """The OpenBLAS that numpy loaded, as a ``ctypes.CDLL``, or ``None`` (another BLAS, or no
    ``/proc/self/maps``)."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = sorted(set(re.findall(r"(/\S*openblas\S*\.so\S*)", maps.read())))
    except OSError:
        return None
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        if _symbol(lib, "get_num_threads") is not None:
            return lib
    return None


def _symbol(lib, name: str):
    """``lib``'s OpenBLAS function ``name`` under whichever prefix and suffix it carries."""
    for suffix in _SUFFIXES:
        for prefix in _PREFIXES:
            function = getattr(lib, f"{prefix}_{name}{suffix}", None)
            if function is not None:
                return function
    return None


def openblas_info() -> dict | None:
    """``{"kernel": ..., "threads": ..., "config": ...}`` of numpy's OpenBLAS, or ``None``.

    >>> info = openblas_info()
    >>> info is None or isinstance(info["kernel"], str) and info["threads"] >= 1
    True
    """
    lib = openblas_library()
    if lib is None:
        return None
    corename, config, threads = (_symbol(lib, name) for name in
                                 ("get_corename", "get_config", "get_num_threads"))
    for function in (corename, config):
        if function is not None:
            function.restype = ctypes.c_char_p
    threads.restype = ctypes.c_int
    return {
        "kernel": corename().decode() if corename is not None else "unknown",
        "threads": int(threads()),
        "config": config().decode().strip() if config is not None else "",
    }


def describe() -> str:
    """One line for a test report: the kernel and threads in use, and what was asked for."""
    import os

    info = openblas_info()
    asked = ", ".join(f"{name}={os.environ[name]}" for name in
                      ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS") if name in os.environ)
    asked = f" (asked: {asked})" if asked else " (OPENBLAS_CORETYPE unset: OpenBLAS chose)"
    if info is None:
        return "BLAS: not an OpenBLAS found in this process" + asked
    return f"OpenBLAS kernel {info['kernel']}, {info['threads']} thread(s){asked}"
