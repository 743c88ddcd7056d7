"""Every notebook in a Colab-like environment: ipywidgets 7, no ipympl, no JupyterLab.

Colab ships ipywidgets 7 and no ipympl, and we cannot run Colab here. So this test builds a small
second virtual environment, ``.venv-colab`` (once; rebuilt when its recipe changes), with
ipywidgets 7, an ipykernel of Colab's generation, the lock's numpy, scipy and matplotlib, and
``helpers`` installed without dependencies; it executes every notebook there with nbclient and
moves every control of every figure, as tests/test_notebooks.py does in the main environment.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import venv

import pytest

from .conftest import NOTEBOOKS, ROOT

pytestmark = pytest.mark.notebooks

VENV = ROOT / ".venv-colab"
#: What Colab has that matters here (ipywidgets 7, ipykernel 6, classic Notebook 6); the rest
#: from the lock.
COLAB = ["ipywidgets>=7.7,<8", "ipykernel>=6.17,<7", "notebook>=6.5,<7", "nbclient", "nbformat",
         "pillow"]
FROM_LOCK = ["numpy", "scipy", "matplotlib"]


def _lock_pins() -> list[str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[name.lower()] = version
    return [f"{name}=={pins[name]}" for name in FROM_LOCK]


def _python() -> str:
    recipe = [*COLAB, *_lock_pins()]
    digest = hashlib.sha1(json.dumps(recipe).encode()).hexdigest()
    stamp = VENV / ".recipe"
    python = VENV / "bin" / "python"
    if not (stamp.exists() and stamp.read_text() == digest):
        venv.create(VENV, with_pip=True, clear=True)
        pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, *recipe], check=True, capture_output=True, text=True)
        subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True, capture_output=True,
                       text=True)
        stamp.write_text(digest)
    return str(python)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    python = _python()
    env = {k: v for k, v in os.environ.items() if k not in {"HELPERS_BACKEND", "PYTHONPATH"}}
    env["PYTHONPATH"] = str(ROOT)  # this checkout's helpers, whatever the venv's install says
    # only the venv's own kernelspec: no user-level "python3" kernel pointing elsewhere
    env["JUPYTER_DATA_DIR"] = str(tmp_path_factory.mktemp("jupyter-data"))
    result = subprocess.run(
        [python, str(ROOT / "tests" / "colab_runner.py"), *map(str, NOTEBOOKS)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=1200,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found = {}
    for line in result.stdout.splitlines():
        if line.startswith("@@REPORT@@"):
            report = json.loads(line[len("@@REPORT@@"):])
            found[report["notebook"]] = report
    return found


def test_the_environment_is_colab_like():
    python = _python()
    probe = (
        "import importlib.util as u, ipywidgets as w; print(w.__version__, "
        "u.find_spec('ipympl') is None, u.find_spec('jupyterlab') is None)"
    )
    out = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=True).stdout
    version, no_ipympl, no_lab = out.split()
    assert version.startswith("7.") and no_ipympl == "True" and no_lab == "True"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_with_ipywidgets_7(reports, path):
    report = reports[path.name]
    assert report["ipywidgets"].startswith("7.")
    assert not report["problems"], "\n".join(report["problems"])
    if not path.name.startswith("00-"):
        assert report["figures"] >= 1, f"{path.name}: no LiveFigure was moved"


if sys.platform == "win32":  # pragma: no cover
    pytestmark = [pytestmark, pytest.mark.skip("POSIX venv layout")]
