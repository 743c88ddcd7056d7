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
        conda[name] = spec
    assert python_pin, "environment.yml must pin Python"
    project = _pyproject()["project"]
    pinned = tuple(int(x) for x in python_pin.split("=")[1].split(".")[:2])
    minimum = tuple(int(x) for x in project["requires-python"].lstrip(">=").split(".")[:2])
    assert pinned >= minimum
    pip_side = dict(_split(r) for r in project["dependencies"])
    assert conda == pip_side, f"environment.yml {conda} != pyproject.toml {pip_side}"


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
