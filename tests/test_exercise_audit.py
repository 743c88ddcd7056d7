"""Exercises cannot be passed by copying: the audit on every notebook, and on synthetic notebooks
that break each rule (so the audit is shown to catch what it claims to)."""

from __future__ import annotations

import nbformat
import pytest

from helpers.exercises import REGISTRY, exercise, load_bank

from .conftest import NOTEBOOKS, ROOT
from .exercise_audit import audit, namespace_leaks

LESSONS = [p for p in NOTEBOOKS if not p.name.startswith("00-")]
HIDDEN = {"tags": ["solution"], "jupyter": {"source_hidden": True, "outputs_hidden": True}}


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_every_lesson_passes_the_exercise_audit(path):
    nb = nbformat.read(path, as_version=4)
    mathnotes = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "mathnotes").glob("*.md")}
    problems = audit(nb, path.name[:2], mathnotes=mathnotes)
    assert not problems, "\n".join(problems)


def test_every_keyed_exercise_belongs_to_a_notebook():
    numbers = {p.name[:2] for p in NOTEBOOKS}
    orphans = [k for k in load_bank() if k.split(".")[0] not in numbers and k[:2] != "99"]
    assert not orphans, f"keyed exercises without a notebook: {orphans}"


@pytest.fixture
def synthetic():
    """Four registered exercises of a notebook '99' and a notebook that uses them properly."""
    keys = ["99.1", "99.2", "99.3", "99.4"]
    exercise("99.1", "compute", 1, ["Square it."], expected=lambda: 0.2339)
    exercise("99.2", "predict", 1, ["Look at the tails."], expected=lambda: "b", choices="abc")
    exercise("99.3", "implement", 2, ["Use the mean."], reference=lambda x: float(sum(x)),
             cases=lambda rng: [(rng.random(3),)])
    exercise("99.4", "explain", 3, ["Count the bits."], expected=lambda: 7.25)
    cells = [nbformat.v4.new_markdown_cell("# Synthetic\n\nSome numbers: 0.5, 3 and 12.")]
    for key, stars in zip(keys, [1, 1, 2, 3], strict=True):
        cells.append(nbformat.v4.new_markdown_cell(f"**Exercise {key}** {'★' * stars} — ask."))
        answer = "def total(x):\n    ...\n\n\ncheck(%r, total);" if key == "99.3" else \
            "answer = ...\ncheck(%r, answer);"
        cells.append(nbformat.v4.new_code_cell(answer % key, metadata={"tags": ["exercise"]}))
        cells.append(nbformat.v4.new_markdown_cell(
            "<details><summary>Solution</summary>\n\nThe reason.\n</details>"))
        solution = {"99.1": "0.2339", "99.2": "'b'", "99.3": "lambda x: float(sum(x))",
                    "99.4": "7.25"}[key]
        cells.append(nbformat.v4.new_code_cell(f"# Solution\ncheck({key!r}, {solution});",
                                               metadata=HIDDEN))
    yield nbformat.v4.new_notebook(cells=cells)
    for key in keys:
        REGISTRY.pop(key, None)


def test_a_clean_synthetic_notebook_passes(synthetic):
    assert audit(synthetic, "99") == []


def test_a_leaky_notebook_is_caught(synthetic):
    synthetic.cells.insert(1, nbformat.v4.new_code_cell("print(0.23390)"))
    assert any("0.2339 can be read in cell 1" in p for p in audit(synthetic, "99"))


def test_a_printed_output_above_is_caught(synthetic):
    cell = nbformat.v4.new_code_cell("x = compute()")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="x = 7.2500 bits\n")]
    synthetic.cells.insert(1, cell)
    assert any("99.4: the expected value 7.25 can be read in cell 1" in p
               for p in audit(synthetic, "99"))


def test_an_answer_in_the_question_is_caught(synthetic):
    synthetic.cells[1].source += " (It is about −0.234.)"
    assert audit(synthetic, "99") == []  # -0.234 is not 0.2339 to rtol 1e-3... the sign differs
    synthetic.cells[1].source += " Or 0.23391."
    assert any("99.1" in p and "cell 1" in p for p in audit(synthetic, "99"))


def test_an_exercise_cell_that_computes_the_answer_is_caught(synthetic):
    synthetic.cells[2].source = "answer = ...\ncheck('99.1', answer)\nprint(helper(0.5))"
    problems = audit(synthetic, "99")
    assert any("99.1: the exercise cell has 1 check calls" in p or "does more" in p
               for p in problems), problems


def test_a_filled_in_answer_is_caught(synthetic):
    synthetic.cells[2].source = "answer = 0.2339\ncheck('99.1', answer);"
    assert any("fills in an answer" in p for p in audit(synthetic, "99"))


def test_an_open_solution_is_caught(synthetic):
    synthetic.cells[4].metadata = {"tags": ["solution"]}
    assert any("99.1: solution cell 4 is not collapsed" in p for p in audit(synthetic, "99"))


def test_open_solution_prose_is_caught(synthetic):
    synthetic.cells[3].source = "**Solution**\n\nThe reason."
    assert any("99.1: no collapsed" in p for p in audit(synthetic, "99"))


def test_a_failing_solution_is_caught(synthetic):
    synthetic.cells[4].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="Not yet. Hint: Square it.\n")]
    assert any("did not pass" in p for p in audit(synthetic, "99", executed=True))


def test_unused_keys_wrong_stars_and_missing_kinds_are_caught(synthetic):
    del synthetic.cells[13:17]  # exercise 99.4 (explain) gone
    synthetic.cells[1].source = "**Exercise 99.1** ★★ — ask."
    problems = audit(synthetic, "99")
    assert any("99.4: keyed in helpers but no exercise cell uses it" in p for p in problems)
    assert any("99.1: heading shows 2 stars, helpers say 1" in p for p in problems)


def test_solution_first_lines_and_semicolons_are_required(synthetic):
    synthetic.cells[4].source = "solution = 0.2339\ncheck('99.1', solution);"
    synthetic.cells[6].source = "answer = ...\ncheck('99.2', answer)"
    problems = audit(synthetic, "99")
    assert any("99.1: solution cell 4 must open with a comment" in p for p in problems)
    assert any("99.2: end the exercise cell's check(...) with ';'" in p for p in problems)
    # ... and the first line of a collapsed solution counts as visible for later exercises
    synthetic.cells[4].source = "# 7.25 is not this one's answer\ncheck('99.1', 0.2339);"
    assert any("99.4: the expected value 7.25 can be read in cell 4" in p
               for p in audit(synthetic, "99"))


def test_outputs_of_collapsed_cells_count_as_visible(synthetic):
    synthetic.cells[4].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="Correct. (7.2500)\n")]
    assert any("99.4: the expected value 7.25 can be read in cell 4" in p
               for p in audit(synthetic, "99"))


def test_a_check_with_an_inline_expected_value_is_caught(synthetic):
    synthetic.cells.insert(1, nbformat.v4.new_code_cell("check(answer, box_js(0.5, 2.0))"))
    assert any("must name a key" in p for p in audit(synthetic, "99"))


def test_a_solution_that_prints_its_own_answer_is_caught(synthetic):
    """Run All shows the outputs of collapsed solution cells, right below their exercise."""
    synthetic.cells[4].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="answer = 0.2339\nCorrect.\n")]
    assert any("99.1: its solution cell 4 shows the expected value 0.2339" in p
               for p in audit(synthetic, "99"))
    synthetic.cells[4].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="check passed: True\nCorrect.\n")]
    assert audit(synthetic, "99") == []


# ---- issue 15: stated precision, name clashes, mathnotes, the kernel after Run All --------------
@pytest.fixture
def precise(synthetic):
    """The synthetic notebook with 99.1 recording (and stating) 3 significant figures."""
    REGISTRY.pop("99.1")
    exercise("99.1", "compute", 1, ["Square it."], expected=lambda: 0.2339, sig_figs=3)
    synthetic.cells[1].source += " Give 3 significant figures."
    return synthetic


def test_a_stated_precision_passes_and_a_missing_or_wrong_one_is_caught(precise):
    assert audit(precise, "99") == []
    precise.cells[1].source = "**Exercise 99.1** ★ — ask."
    assert any("99.1: the exercise's text must state its precision" in p
               for p in audit(precise, "99"))
    precise.cells[1].source = "**Exercise 99.1** ★ — ask. Give 2 decimals."
    assert any("the bank says 'Give 3 significant figures.'" in p for p in audit(precise, "99"))


def test_the_stated_precision_widens_the_leak_check(precise):
    """At 3 significant figures 0.234 is an accepted answer, so printing it above leaks."""
    precise.cells.insert(1, nbformat.v4.new_markdown_cell("We found 0.234 earlier."))
    assert any("99.1: the expected value 0.2339 can be read in cell 1" in p
               for p in audit(precise, "99"))


def test_a_solution_that_overwrites_the_learners_function_is_caught(synthetic):
    synthetic.cells[12].source = "# Solution\ndef total(x):\n    return float(sum(x))\n\n\n" \
        "check('99.3', total);"
    assert any("99.3: solution cell 12 redefines total" in p for p in audit(synthetic, "99"))
    synthetic.cells[12].source = "# Solution\nanswer = 7.25\ncheck('99.3', lambda x: sum(x));"
    assert any("redefines answer" in p for p in audit(synthetic, "99"))


def test_a_keyed_value_in_an_earlier_mathnote_is_caught(precise):
    notes = {"00-conventions.md": "Nothing here.", "99-synthetic.md": "So W = 7.250 exactly.",
             "98-earlier.md": "A square of 0.4836 is 0.2339 <!-- claim: x -->."}
    problems = audit(precise, "99", mathnotes=notes)
    assert any("99.4: the expected value 7.25 can be read in mathnote 99-synthetic.md, line 1"
               in p for p in problems), problems
    assert any("99.1" in p and "98-earlier.md" in p for p in problems)
    # a later notebook's mathnote does not count, and an exercise that says to read it is fine
    assert not audit(precise, "99", mathnotes={"100-later.md": "7.25"})
    precise.cells[13].source += " Read mathnote 99 first."
    assert not any("99.4" in p for p in audit(precise, "99", mathnotes=notes))


def test_a_variable_left_holding_an_answer_after_run_all_is_caught(precise):
    clean = {"answer": Ellipsis, "solution": 7.25, "draws": 13983816, "_hidden": 0.2339,
             "flag": True}
    assert namespace_leaks({k: v for k, v in clean.items() if v is not Ellipsis}, "99") == []
    problems = namespace_leaks({"as_information": 0.23392, "k": 7.2501, "solution": 7.25}, "99")
    assert any("99.1: after Run All the variable 'as_information'" in p for p in problems)
    assert any("99.4: after Run All the variable 'k'" in p for p in problems)
