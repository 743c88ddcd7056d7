"""The hand-out links: four kinds for every notebook, built from one repository slug, branch and
hub address (tools/navigation.py), in README and in the index. What can be checked offline: each
link's form, and that it names an existing notebook."""

from __future__ import annotations

import importlib.util
import re
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest

from .conftest import NOTEBOOKS, ROOT

spec = importlib.util.spec_from_file_location("navigation", ROOT / "tools" / "navigation.py")
navigation = importlib.util.module_from_spec(spec)
spec.loader.exec_module(navigation)

REPO, BRANCH, HUB = navigation.REPOSITORY, navigation.BRANCH, navigation.HUB_URL


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_four_links_of_a_notebook(path):
    url = navigation.links(path.name)
    rel = f"notebooks/{path.name}"
    assert url["github"] == f"https://github.com/{REPO}/blob/{BRANCH}/{rel}"
    assert url["colab"] == f"https://colab.research.google.com/github/{REPO}/blob/{BRANCH}/{rel}"
    binder = urlsplit(url["binder"])
    assert (binder.scheme, binder.netloc, binder.path) == ("https", "mybinder.org",
                                                           f"/v2/gh/{REPO}/{BRANCH}")
    assert parse_qs(binder.query) == {"urlpath": [f"lab/tree/{rel}"]}
    hub = urlsplit(url["hub"])
    assert f"{hub.scheme}://{hub.netloc}" == HUB and hub.path == "/hub/user-redirect/git-pull"
    query = parse_qs(hub.query)  # nbgitpuller: repo, branch, and where to open, inside its clone
    assert query == {"repo": [f"https://github.com/{REPO}"], "branch": [BRANCH],
                     "urlpath": [f"lab/tree/{REPO.split('/')[1]}/{rel}"]}


def test_slug_branch_and_hub_are_well_formed():
    assert re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", REPO)
    assert re.fullmatch(r"[A-Za-z0-9_./-]+", BRANCH)
    assert re.fullmatch(r"https://[a-z0-9.-]+(:\d+)?(/[^\s/]+)*", HUB) and not HUB.endswith("/")


@pytest.mark.parametrize("where", ["README.md", "notebooks/00-index.ipynb"])
def test_every_notebook_has_all_four_links(where):
    path = ROOT / where
    if path.suffix == ".ipynb":
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    else:
        text = path.read_text(encoding="utf-8")
    for nb in NOTEBOOKS:
        for kind, url in navigation.links(nb.name).items():
            assert f"({url})" in text, f"{where} lacks the {kind} link of {nb.name}"


def test_the_colab_bootstrap_installs_from_the_same_repository():
    for nb in NOTEBOOKS:
        first_code = next(c for c in nbformat.read(nb, as_version=4).cells if c.cell_type == "code")
        assert f"git+https://github.com/{REPO}" in first_code.source, nb.name
