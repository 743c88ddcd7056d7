"""The set-up files agree with each other: pyproject.toml, environment.yml, Binder, CI."""

from __future__ import annotations

import os
import re
import stat
import sys

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .conftest import ROOT

RUNTIME = {"jupyterlab", "numpy", "matplotlib", "ipywidgets", "scipy", "pillow"}


def _split(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.-]+)\s*(.*)$", requirement)
    assert match, requirement
    return match.group(1).lower(), match.group(2).replace(" ", "")


def _pyproject():
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)


def test_runtime_dependencies_are_the_documented_ones():
    names = {_split(r)[0] for r in _pyproject()["project"]["dependencies"]}
    assert names == RUNTIME


def test_environment_yml_matches_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    conda = {}
    python_pin = None
    for dep in env["dependencies"]:
        assert isinstance(dep, str), f"unexpected entry in environment.yml: {dep!r}"
        if dep.startswith("python="):
            python_pin = dep
            continue
        if dep == "pip":
            continue
        name, spec = _split(dep)
        assert spec.startswith("=="), f"environment.yml must pin {name} exactly, not {spec!r}"
        conda[name] = spec
    assert python_pin, "environment.yml must pin Python"
    project = _pyproject()["project"]
    pinned = tuple(int(x) for x in python_pin.split("=")[1].split(".")[:2])
    minimum = tuple(int(x) for x in project["requires-python"].lstrip(">=").split(".")[:2])
    assert pinned >= minimum
    assert set(conda) == {_split(r)[0] for r in project["dependencies"]}


def test_lock_environment_and_readme_are_in_step():
    """requirements.lock, environment.yml, README's tested versions and pyproject's ranges."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("pins", ROOT / "tools" / "pins.py")
    pins = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pins)
    assert pins.problems() == []
    lock = pins.read_lock()
    wanted = [*_pyproject()["project"]["dependencies"],
              *_pyproject()["project"]["optional-dependencies"]["test"]]
    for requirement in wanted:
        if "python_version <" in requirement:
            continue
        name = pins.normalise(_split(requirement.split(";")[0])[0])
        assert name in lock, f"{name} is not pinned in requirements.lock"


def test_make_installs_the_lock_and_can_upgrade_it():
    makefile = (ROOT / "Makefile").read_text()
    assert "-c requirements.lock" in makefile
    assert "$(STAMP): pyproject.toml requirements.lock" in makefile
    assert "upgrade:" in makefile and "tools/pins.py upgrade" in makefile


def test_binder_installs_helpers_with_postbuild():
    post = ROOT / "postBuild"
    assert post.exists()
    assert os.stat(post).st_mode & stat.S_IXUSR, "postBuild must be executable"
    assert "pip install" in post.read_text() and "-e ." in post.read_text()


def test_ci_runs_make_test_and_installs_chromium():
    script = (ROOT / ".ci" / "run").read_text()
    assert "make test" in script
    assert "chromium" in script and "apt-get" in script


def test_readme_opens_with_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:bash|sh)?\n(.*?)```", text, flags=re.S)
    assert blocks, "README has no command block"
    lines = [line.strip() for line in blocks[0].splitlines()]
    commands = [line for line in lines if line and not line.startswith("#")]
    assert commands == ["make lab", "make test"]
    assert text.find("make lab") < text.find("## ")  # before any section
