"""Run the numerics-sensitive tests again under other OpenBLAS kernels and on one thread.

Every result the course states must hold on every machine. ``make test`` runs the whole suite
once, with the kernel OpenBLAS picks for this processor; ``make test-kernels`` (this script)
then runs the tests whose outcome could depend on how matrix products are summed -- training,
the ring, every mathnote claim, the executed notebooks and their keyed answers -- under

* ``OPENBLAS_CORETYPE=Haswell`` (AVX2),
* ``OPENBLAS_CORETYPE=SkylakeX`` (AVX-512),
* ``OPENBLAS_NUM_THREADS=1``.

A kernel this processor cannot run is skipped with the reason printed, and so is a kernel the
main run already used (say ``--all`` to run it anyway). Each run's pytest header and
``tests/test_blas_kernel.py`` check that the kernel asked for is the one in use. The wall time
of each run is printed at the end.

Usage: ``python tools/kernel_matrix.py [--all] [--dry-run] [extra pytest arguments]``.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The tests whose outcome could depend on the BLAS kernel, the CPU or the thread count.
NUMERIC_TESTS = (
    "tests/test_blas_kernel.py",
    "tests/test_training.py",
    "tests/test_figures_training.py",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("test_mathnote_*.py")),
    # the other files that test a mathnote claim (notebook 08's WGAN limits, the Dirac-GAN)
    "tests/test_wgan_limits.py",
    "tests/test_dirac_gan.py",
    "tests/test_claims.py",
    "tests/test_exercises.py",
    "tests/test_notebooks.py",
)

#: (name, environment, the CPU features the kernel needs: numpy's names).
CONFIGURATIONS = (
    ("Haswell", {"OPENBLAS_CORETYPE": "Haswell"}, ("AVX2", "FMA3")),
    ("SkylakeX", {"OPENBLAS_CORETYPE": "SkylakeX"}, ("AVX512F", "AVX512_SKX")),
    ("one thread", {"OPENBLAS_NUM_THREADS": "1"}, ()),
)


def cpu_features() -> dict:
    """numpy's run-time CPU feature table (``{"AVX2": True, ...}``)."""
    from numpy._core._multiarray_umath import __cpu_features__

    return dict(__cpu_features__)


def default_kernel(env: dict) -> str | None:
    """The kernel OpenBLAS picks in a fresh process with ``env`` (``None``: no OpenBLAS)."""
    code = "from helpers.blas import openblas_info as i; x = i(); print(x and x['kernel'])"
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, text=True,
                         capture_output=True, check=True).stdout.strip()
    return None if out == "None" else out


def plan(run_all: bool) -> list[tuple[str, dict | None, str]]:
    """``(name, environment or None when skipped, reason)`` for each configuration."""
    base = dict(os.environ)
    main = default_kernel(base)
    features = cpu_features()
    x86 = platform.machine().lower() in ("x86_64", "amd64")
    steps = []
    for name, extra, needs in CONFIGURATIONS:
        env = {**base, **extra}
        if main is None:
            steps.append((name, None, "numpy does not use an OpenBLAS this script can see"))
        elif needs and not x86:
            steps.append((name, None, f"{name} is an x86-64 kernel; this is {platform.machine()}"))
        elif needs and not all(features.get(f) for f in needs):
            missing = [f for f in needs if not features.get(f)]
            steps.append((name, None, f"this CPU lacks {', '.join(missing)}, which {name} needs"))
        elif (not run_all and "OPENBLAS_CORETYPE" in extra
              and extra["OPENBLAS_CORETYPE"].lower() == main.lower()
              and "OPENBLAS_NUM_THREADS" not in extra):
            steps.append((name, None, f"the main run (make test) already used {main}"))
        else:
            steps.append((name, env, ""))
    return steps


def main(argv: list[str]) -> int:
    run_all = "--all" in argv
    dry = "--dry-run" in argv
    extra = [a for a in argv if a not in ("--all", "--dry-run")]
    results = []
    for name, env, reason in plan(run_all):
        if env is None:
            print(f"[kernel matrix] {name}: skipped: {reason}", flush=True)
            results.append((name, "skipped", 0.0))
            continue
        command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *NUMERIC_TESTS,
                   *extra]
        asked = {k: env[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS") if k in env}
        print(f"[kernel matrix] {name}: {asked}: {' '.join(command[1:])}", flush=True)
        if dry:
            results.append((name, "planned", 0.0))
            continue
        start = time.perf_counter()
        code = subprocess.run(command, env=env, cwd=ROOT).returncode
        seconds = time.perf_counter() - start
        results.append((name, "passed" if code == 0 else f"FAILED (pytest exit {code})", seconds))
        if code != 0:
            break
    total = sum(seconds for _, _, seconds in results)
    for name, outcome, seconds in results:
        print(f"[kernel matrix] {name:>10}: {outcome} in {seconds:.0f} s")
    print(f"[kernel matrix] total {total:.0f} s")
    return 0 if all(o in ("passed", "skipped", "planned") for _, o, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
