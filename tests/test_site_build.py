"""tools/site/build.py without a browser: exercises, solutions, links, the course map's facts."""

from __future__ import annotations

import nbformat
import pytest

from .site_support import ROOT, load_builder


@pytest.fixture(scope="module")
def builder():
    return load_builder()


def _notebook():
    nb = nbformat.v4.new_notebook()
    colab = nbformat.v4.new_code_cell('if "google.colab" in sys.modules:\n    pass')
    exercise = nbformat.v4.new_code_cell('answer = ...\ncheck("04.2", answer)')
    exercise.metadata["tags"] = ["exercise"]
    exercise.outputs = [nbformat.v4.new_output("stream", name="stdout", text="No answer yet.")]
    implement = nbformat.v4.new_code_cell('def f(p, q):\n    ...\n\n\ncheck("04.4", f)')
    implement.metadata["tags"] = ["exercise"]
    solution = nbformat.v4.new_code_cell('solution = 1.0\ncheck("04.2", solution)')
    solution.metadata["tags"] = ["solution"]
    widget = nbformat.v4.new_code_cell("interact(f, x=1)")
    widget.outputs = [nbformat.v4.new_output(
        "display_data", data={builder_mime(): {"model_id": "abc", "version_major": 2},
                              "text/plain": "VBox()"})]
    nb.cells = [nbformat.v4.new_markdown_cell("# T"), colab, exercise, implement, solution, widget]
    return nb


def builder_mime() -> str:
    return "application/vnd.jupyter.widget-view+json"


def test_exercise_cells_are_checked_in_the_page_or_link_binder_colab(builder):
    """A letter/number exercise gets the in-page checker with its exported bank entry; an
    implement exercise says checking needs a kernel; both link to Binder and Colab."""
    import json

    import navigation  # tools/navigation.py, put on the path by the builder

    ready = builder.prepare(_notebook(), "04-jensen-shannon", "../")
    sources = [c.source for c in ready.cells]
    assert not any("google.colab" in s for s in sources)  # the Colab bootstrap is dropped
    checked, implement = [c for c in ready.cells if "exercise" in c.metadata.get("tags", [])]
    texts = []
    for cell in (checked, implement):
        (note,) = cell.outputs
        texts.append(note["data"]["text/html"])
    assert '<div class="site-exercise" data-key="04.2">' in texts[0]
    assert '<button type="button" class="site-exercise-check">Check</button>' in texts[0]
    assert 'src="../assets/exercises.js"' in texts[0]
    data = texts[0].split('class="site-exercise-data">')[1].split("</script>")[0]
    assert json.loads(data)["expected"] == "c" and json.loads(data)["hints"]
    assert "Checking your answer needs a running notebook" in texts[1]
    assert "site-exercise-input" not in texts[1]
    repo, branch = navigation.REPOSITORY, navigation.BRANCH
    for text in texts:
        assert (f"https://mybinder.org/v2/gh/{repo}/{branch}?urlpath=lab/tree/notebooks/"
                "04-jensen-shannon.ipynb") in text
        assert (f"https://colab.research.google.com/github/{repo}/blob/{branch}/notebooks/"
                "04-jensen-shannon.ipynb") in text
    solution = next(c for c in ready.cells if c.cell_type == "raw")
    assert solution.source.startswith('<details class="site-solution"><summary>')
    assert "solution" in solution.source and "</details>" in solution.source
    widget = ready.cells[-1]
    assert widget.outputs == []  # a widget without pre-rendered frames needs a kernel


def test_links_to_notebooks_and_mathnotes_become_site_pages(builder):
    notebook = ROOT / "notebooks" / "04-jensen-shannon.ipynb"
    note = ROOT / "mathnotes" / "04-jensen-shannon.md"
    pages = builder.Pages([notebook], [note], None)
    html = ('<a href="04-jensen-shannon.ipynb#top">a</a> <a href="../mathnotes/'
            '04-jensen-shannon.md">b</a> <a href="../helpers/examples.py">c</a> '
            '<a href="https://example.org/x.ipynb">d</a>')
    out = pages.rewrite(html, "notebooks", "notebooks")
    assert 'href="04-jensen-shannon.html#top"' in out
    assert 'href="../mathnotes/04-jensen-shannon.html"' in out
    assert "github.com/" in out and "helpers/examples.py" in out
    assert 'href="https://example.org/x.ipynb"' in out
    from_index = pages.rewrite('<a href="04-jensen-shannon.ipynb">a</a>', "notebooks", "")
    assert 'href="notebooks/04-jensen-shannon.html"' in from_index


def test_course_map_facts_come_from_the_first_cell(builder):
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        if path.name.startswith("00-"):
            continue
        facts = builder.first_cell_facts(path)
        assert facts["title"] and facts["prerequisites"], path.name
        assert facts["minutes"].replace("–", "").isdigit(), (path.name, facts["minutes"])


def test_figure_markup_starts_on_the_default_or_hidden_picture(builder):
    manifest = {
        "width": 10, "height": 5, "hidden": None,
        "controls": [{"name": "a", "label": "θ", "values": [0, 1, 2],
                      "readouts": ["θ = 0.00", "θ = 1.00", "θ = 2.00"], "start": 1},
                     {"name": "b", "label": "σ", "values": [1, 2],
                      "readouts": ["σ = 1.00", "σ = 2.00"], "start": 1}],
        "frames": [f"f/{k}.png" for k in range(6)],
    }
    html = builder._figure_html({"manifest": manifest}, "../", 1)
    assert 'src="../f/4.png"' in html  # 1 + 3 * 1
    assert "θ = 1.00" in html and "σ = 2.00" in html and "site-reveal" not in html
    html = builder._figure_html({"manifest": {**manifest, "hidden": "f/hidden.png"}}, "", 2)
    assert 'src="f/hidden.png"' in html and "Show the answer" in html
