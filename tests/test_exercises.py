"""``check``: the instant feedback of the exercises. It prints a verdict, returns a bool, never
raises or warns whatever a learner types, gives hints one at a time after wrong answers and never
the solution; implement-exercises run the learner's function on hidden cases."""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers import LOG2, js_divergence
from helpers.exercises import REGISTRY, check, exercise, judge, load_bank, same_answer
from helpers.exercises.core import read_letter, read_number, reset_attempts


@pytest.fixture
def keyed():
    reset_attempts()
    exercise("99.1", "compute", 2, ["First hint.", "Second hint."], expected=lambda: LOG2)
    exercise("99.2", "predict", 1, ["Think."], expected=lambda: "b", choices="abc")
    exercise("99.3", "implement", 2, ["Average the two KLs."],
             reference=lambda p, q: js_divergence(p, q),
             cases=lambda rng: [(rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(4)))
                                for _ in range(5)])
    exercise("99.4", "compute", 1, ["Infinity?"], expected=lambda: math.inf)
    yield
    for key in ["99.1", "99.2", "99.3", "99.4"]:
        REGISTRY.pop(key, None)
    reset_attempts()


def verdict(capsys, *args):
    result = check(*args)
    assert isinstance(result, bool)
    return result, capsys.readouterr().out.strip()


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (0.69315, 0.6931472),
        (1, 1.0),
        (np.float64(2.0), 2),
        (5e-7, 0.0),
        (math.inf, math.inf),
        ([0.25, 0.5, 0.25], np.array([0.25, 0.5, 0.25])),
        ([0.0, math.inf], [0.0, math.inf]),
        ("nats", "nats"),
        (True, True),
    ],
)
def test_same_answer_accepts(answer, expected):
    assert same_answer(answer, expected) is True


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (1.0, LOG2),
        (0.70, LOG2),
        (math.inf, 1e300),
        (math.inf, -math.inf),
        (math.nan, math.nan),
        ([0.25, 0.75], [0.25, 0.5, 0.25]),
        ("0.693", LOG2),
        (False, True),
        ([[1.0], [1.0, 2.0]], 1.0),
        ({"kl": 1.0}, 1.0),
        (1 + 2j, 1.0),
        (10**400, 1.0),
        (None, 1.0),
    ],
)
def test_same_answer_rejects(answer, expected):
    assert same_answer(answer, expected) is False


def test_right_answer(keyed, capsys):
    assert verdict(capsys, "99.1", 0.6931) == (True, "Correct.")


def test_hints_come_one_at_a_time_and_never_the_solution(keyed, capsys):
    no_answer = "No answer yet: replace the ... with your answer."
    assert verdict(capsys, "99.1", ...) == (False, no_answer)
    assert verdict(capsys, "99.1", 1.0) == (False, "Not yet. Hint: First hint.")
    assert verdict(capsys, "99.1", 2.0) == (False, "Not yet. Hint (2): Second hint.")
    ok, out = verdict(capsys, "99.1", 3.0)
    assert out == "Not yet. Hint (2): Second hint."
    assert "0.69" not in out
    assert verdict(capsys, "99.1", LOG2)[0] is True


def test_multiple_choice_is_case_and_blank_insensitive(keyed, capsys):
    assert verdict(capsys, "99.2", " B ")[0] is True
    assert verdict(capsys, "99.2", "a") == (False, "Not yet. Hint: Think.")
    assert verdict(capsys, "99.2", 2)[0] is False


def test_infinity_answers(keyed, capsys):
    assert verdict(capsys, "99.4", float("inf"))[0] is True
    assert verdict(capsys, "99.4", 1e308)[0] is False


def test_implement_runs_hidden_cases(keyed, capsys):
    def right(p, q):
        m = (p + q) / 2
        return 0.5 * np.sum(p * np.log(p / m)) + 0.5 * np.sum(q * np.log(q / m))

    def wrong(p, q):
        return 0.5 * np.sum(p * np.log(p / q))

    def broken(p, q):
        raise ValueError("oops")

    assert verdict(capsys, "99.3", right) == (True, "Correct.")
    ok, out = verdict(capsys, "99.3", wrong)
    assert not ok and out.startswith("Not yet. Case 1, arguments ([")
    assert "your function returned" in out and out.endswith("Hint: Average the two KLs.")
    ok, out = verdict(capsys, "99.3", broken)
    assert not ok and "your function raised ValueError: oops" in out
    ok, out = verdict(capsys, "99.3", 0.5)
    assert not ok and "Pass your function itself" in out


def test_an_implement_stub_is_no_answer_yet_and_earns_no_hint(keyed, capsys):
    def stub(p, q):
        ...

    ok, out = verdict(capsys, "99.3", stub)
    assert not ok and out.startswith("No answer yet") and "Hint" not in out

    def wrong(p, q):
        return 0.0

    ok, out = verdict(capsys, "99.3", wrong)  # the first wrong answer gets the first hint
    assert not ok and out.endswith("Hint: Average the two KLs.")


def test_legacy_and_unknown_calls_fail_loudly(keyed):
    with pytest.raises(TypeError, match="takes an exercise key"):
        check(0.5, 0.5)
    with pytest.raises(KeyError, match="no exercise with key '42.9'"):
        check("42.9", 1.0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "guess"}, "kind must be one of"),
        ({"stars": 4}, "stars must be 1, 2 or 3"),
        ({"hints": []}, "at least one non-empty hint"),
        ({"expected": None}, "needs expected"),
    ],
)
def test_badly_keyed_exercises_are_rejected(kwargs, message):
    args = {"kind": "compute", "stars": 1, "hints": ["h"], "expected": lambda: 1.0} | kwargs
    with pytest.raises(ValueError, match=message):
        exercise("98.1", **args)
    assert "98.1" not in REGISTRY


def test_every_keyed_exercise_is_well_formed():
    for key, ex in load_bank().items():
        assert key.count(".") == 1 and key[:2].isdigit(), key
        if ex.kind != "implement":
            value = ex.expected_value()
            if ex.choices:
                assert value in ex.choices, key
            else:
                assert np.all(np.isfinite(np.asarray(value, dtype=float))) or np.isinf(value), key


# ---- issue 15: stated precision, forms, diagnoses, off-limits helpers ----------------------------

#: Every value the course itself prints (rounded) for a numeric exercise: each must pass.
PRINTED = {
    "01.2": [23.74, 23.7], "01.4": [37.60, 37.6], "01.5": [13.82, 13.8],
    "02.2": [2.161, 2.16], "02.4": [-1.577, -1.58], "02.5": [2.25], "02.6": [4.61, 4.605],
    "03.2": [3.46], "03.4": [0.802], "03.5": [4.51], "04.3": [0.59, 0.587], "04.5": [0.248],
    "05.2": [0.55], "05.4": [1.2], "06.2": [0.589], "06.4": [2500, 2.5e3, 2545],
    "06.5": [0.63, 0.64], "07.2": [999], "07.3": [-0.990], "07.5": [7.6, 7.57],
    "07.6": [1.10, 1.099], "07.7": [5.41], "08.3": [2.56e-4], "08.5": [1.4], "08.6": [0.99, 0.989],
    "02.7": [1.06, 1.0625], "02.8": [0.214], "03.6": [1.46, 1.463], "09.3": [6.5, 6.50],
    "09.5": [13.8, 13.82], "09.6": [32, 32.0],
}

#: Near misses that must be rejected.
REJECTED = {"07.2": [1000, 1000.0], "06.5": [0.62, 0.65], "04.3": [0.60, 0.57],
            "06.4": [2600, 2400], "02.6": [4.6, 4.62], "01.5": [13.7, 13.9]}


def _numeric():
    return {k: ex for k, ex in load_bank().items()
            if ex.kind != "implement" and not ex.choices}


def _roundings(ex):
    """The expected value rounded to the stated precision, and to one more figure or decimal."""
    value = float(ex.expected_value())
    if ex.decimals is not None:
        return [round(value, ex.decimals), round(value, ex.decimals + 1)]
    figures = ex.sig_figs
    return [float(f"{value:.{figures - 1}e}"), float(f"{value:.{figures}e}")]


def test_every_numeric_exercise_states_its_precision():
    missing = [k for k, ex in _numeric().items() if ex.sig_figs is None and ex.decimals is None]
    assert not missing, f"numeric exercises without sig_figs or decimals: {missing}"


@pytest.mark.parametrize("key", sorted(k for k in PRINTED))
def test_the_courses_own_roundings_pass(key):
    ex = load_bank()[key]
    for answer in [*PRINTED[key], *_roundings(ex)]:
        for form in (answer, [answer], str(answer), np.float32(answer)):
            assert judge(key, form).outcome == "correct", (key, form)
    for answer in REJECTED.get(key, []):
        assert judge(key, answer).outcome != "correct", (key, answer)


def test_every_numeric_exercise_is_in_the_list_of_printed_values():
    assert set(_numeric()) <= set(PRINTED)


def test_diagnoses_are_wrong_answers_and_reached():
    """Each listed likely mistake is not accepted as right, and gets its own message."""
    for key, ex in load_bank().items():
        expected = None if ex.kind == "implement" else ex.expected_value()
        for value, message in ex.diagnoses:
            value = value() if callable(value) else value
            verdict = judge(key, value)
            assert verdict.outcome == "diagnosed", (key, value, verdict)
            assert verdict.message == message or not np.isfinite(value), key
        if expected is not None and not ex.choices and key[:2] <= "08":
            assert ex.diagnoses, f"{key}: give at least one likely mistake"


def test_no_hint_or_diagnosis_states_the_answer():
    import re

    number = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
    for key, ex in _numeric().items():
        texts = [*ex.hints, *(message for _, message in ex.diagnoses)]
        for text in texts:
            for found in number.findall(text.replace("\u2212", "-")):
                assert judge(key, float(found)).outcome != "correct", (key, text)


@pytest.mark.parametrize("form", ["b", "B", "(b)", "b)", " (B) ", "b."])
def test_a_letter_in_any_usual_form_is_read(keyed, capsys, form):
    assert verdict(capsys, "99.2", form) == (True, "Correct.")


@pytest.mark.parametrize(
    ("key", "answer", "says"),
    [("99.2", "e", "one of the letters a, b, c"), ("99.2", 2, "one of the letters"),
     ("99.2", "bc", "one of the letters"), ("99.1", "nats", "Answer with a number"),
     ("99.1", [0.69, 0.7], "Answer with a number"), ("99.1", {"kl": 1.0}, "with a number"),
     ("99.1", True, "with a number"), ("99.1", math.nan, "NaN"),
     ("99.3", 0.5, "Pass your function itself")],
)
def test_a_wrong_form_is_explained_and_costs_no_hint(keyed, capsys, key, answer, says):
    ok, out = verdict(capsys, key, answer)
    assert not ok and says in out and "did not count as an attempt" in out
    assert "Hint" not in out
    if key == "99.1":  # the next wrong answer still gets the first hint
        assert verdict(capsys, "99.1", 2.0) == (False, "Not yet. Hint: First hint.")


def test_numbers_are_read_from_strings_and_one_element_lists():
    assert read_number("13.82") == 13.82 and read_number([23.74]) == 23.74
    assert read_number(np.array([[1.5]])) == 1.5 and read_number("−1.58") == -1.58
    assert read_number([1.0, 2.0], (2,)).tolist() == [1.0, 2.0]
    assert read_number([1.0, 2.0], (3,)) is None and read_number("1,5") is None
    assert read_letter("(C)", "abc") == "c" and read_letter("d", "abc") is None


def test_stated_precision_sig_figs_and_decimals():
    ex = exercise("98.5", "compute", 1, ["h"], expected=lambda: 999.0, sig_figs=3)
    try:
        assert ex.accepts(999.4, 999.0) and not ex.accepts(1000.0, 999.0)
        assert ex.precision_sentence == "Give 3 significant figures."
    finally:
        REGISTRY.pop("98.5")
    ex = exercise("98.6", "compute", 1, ["h"], expected=lambda: 0.6309, decimals=2, ulps=1)
    try:
        assert ex.accepts(0.64, 0.6309) and ex.accepts(0.63, 0.6309)
        assert not ex.accepts(0.6199, 0.6309)
        assert ex.precision_sentence == "Give 2 decimals."
    finally:
        REGISTRY.pop("98.6")
    with pytest.raises(ValueError, match="not both"):
        exercise("98.7", "compute", 1, ["h"], expected=lambda: 1.0, sig_figs=2, decimals=2)
    assert "98.7" not in REGISTRY


def test_a_legacy_entry_keeps_its_tolerance(keyed, capsys):
    """Banks written before issue 15 (rtol/atol only) behave as before."""
    exercise("98.8", "compute", 1, ["h"], expected=lambda: 1.0, rtol=1e-6)
    try:
        assert verdict(capsys, "98.8", 1.0000001)[0] and not verdict(capsys, "98.8", 1.001)[0]
    finally:
        REGISTRY.pop("98.8")


def test_a_diagnosed_mistake_gets_its_message_not_a_hint(capsys):
    reset_attempts()
    exercise("98.9", "compute", 1, ["Generic one.", "Generic two."], expected=lambda: 1.0,
             sig_figs=3, diagnoses=[(LOG2, "That is in nats.")])
    try:
        assert verdict(capsys, "98.9", 0.693) == (False, "Not yet. That is in nats.")
        assert verdict(capsys, "98.9", 5.0) == (False, "Not yet. Hint: Generic one.")
    finally:
        REGISTRY.pop("98.9")
        reset_attempts()


# ---- implement exercises cannot be passed by wrapping the reference -----------------------------
def _wrappers(ex):
    """Ways a learner might wrap the helper that the exercise asks them to write."""
    import importlib

    dotted = ex.off_limits[0]
    module_name, _, name = dotted.rpartition(".")
    helper = getattr(importlib.import_module(module_name), name)
    namespace = {name: helper, "importlib": importlib}
    exec(  # noqa: S102 - a learner's notebook cell, as text
        f"def through_globals(*args):\n    return {name}(*args)\n\n"
        f"def through_import(*args):\n"
        f"    from {module_name} import {name} as copy\n    return copy(*args)\n",
        namespace,
    )

    def through_closure(*args):
        return helper(*args)

    def through_default(*args, _h=helper):
        return _h(*args)

    def through_registry(*args):
        return load_bank()[ex.key].reference(*args)

    return [namespace["through_globals"], namespace["through_import"], through_closure,
            through_default, through_registry, ex.reference]


@pytest.mark.parametrize("key", ["01.3", "02.3", "03.3", "04.4", "05.3", "06.3", "07.4", "08.4"])
def test_wrapping_the_reference_does_not_pass(key, capsys):
    reset_attempts()
    ex = load_bank()[key]
    assert ex.off_limits, key
    for wrapper in _wrappers(ex):
        ok, out = verdict(capsys, key, wrapper)
        assert not ok and "off limits" in out, (key, wrapper, out)
    # ... and nothing stays patched afterwards
    import importlib

    for dotted in ex.off_limits:
        module_name, _, name = dotted.rpartition(".")
        assert "off_limits" not in getattr(importlib.import_module(module_name), name).__name__
    args = ex.cases(np.random.default_rng(0))[0]
    ex.reference(*args)
    reset_attempts()


def test_a_rule_against_warnings_is_enforced(capsys):
    reset_attempts()

    def warns(p):
        return float(-np.nansum(p * np.log2(p)))

    ok, out = verdict(capsys, "02.3", warns)
    assert not ok and "must not warn" in out and "RuntimeWarning" in out

    def masked(p):
        q = p[p > 0]
        return float(-(q * np.log2(q)).sum())

    assert verdict(capsys, "02.3", masked) == (True, "Correct.")
    reset_attempts()


@pytest.mark.parametrize("eps", [1e-8, 1e-10, 1e-12])
def test_an_epsilon_fudge_fails_04_4(capsys, eps):
    reset_attempts()

    def fudged(p, q):
        m = (p + q) / 2
        return 0.5 * np.sum(p * np.log((p + eps) / (m + eps))) + \
            0.5 * np.sum(q * np.log((q + eps) / (m + eps)))

    def masked(p, q):
        m = (p + q) / 2
        return sum(0.5 * np.sum(a[a > 0] * np.log(a[a > 0] / m[a > 0])) for a in (p, q))

    assert verdict(capsys, "04.4", fudged)[0] is False
    assert verdict(capsys, "04.4", masked) == (True, "Correct.")
    reset_attempts()


def test_a_monte_carlo_free_grid_passes_06_3_and_the_precision_is_stated(capsys):
    reset_attempts()

    def grid(theta, sigma):
        d = abs(theta) / sigma
        z = np.linspace(-12.0, 12.0, 2001)
        w = np.exp(-0.5 * z**2) / np.sqrt(2 * np.pi)
        u = d * z - d**2 / 2
        ell = np.exp(np.minimum(u, 0.0)) / (1.0 + np.exp(-np.abs(u)))
        return 2.0 * np.sign(theta) * d / sigma * np.trapezoid(ell**2 * w, z)

    assert verdict(capsys, "06.3", grid) == (True, "Correct.")
    assert load_bank()["06.3"].sig_figs == 3
    reset_attempts()


# ---- the bank exported for the kernel-free site gives check's verdicts (issue 19 §1) ------------
def _typed_answers(ex):
    """Answers as a learner would type them on the site."""
    typed = ["", "...", "None", "abc", "nan", "inf", "1,5", "True", "[1, 2]", "b", "(b)", "B",
             "b)", "'c'", "e", "2"]
    if ex.choices:
        typed += [c for c in ex.choices] + [f"({c.upper()})" for c in ex.choices]
        typed += [v() if callable(v) else v for v, _ in ex.diagnoses]
        return typed
    value = float(ex.expected_value())
    for x in [*_roundings(ex), value, value * 1.02, -value, value + 1]:
        typed += [repr(x), f"[{x!r}]", f"'{x!r}'", f"({x!r},)", repr(x).replace("-", "\u2212")]
    for v, _ in ex.diagnoses:
        x = float(v() if callable(v) else v)
        typed += [repr(x), f"{x:.4g}"]
    return typed


def _as_python(text):
    """What the same text is as a notebook answer: a Python literal, else the string."""
    import ast

    stripped = text.strip()
    if stripped == "":
        return ...
    try:
        return ast.literal_eval(stripped)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return stripped


def test_the_exported_bank_gives_checks_verdicts_in_javascript(tmp_path):
    import json
    import shutil
    import subprocess
    from pathlib import Path

    from helpers.exercises.export import export_bank

    node = shutil.which("node")
    if node is None:
        pytest.skip("Node is not installed")
    bank = {k: e for k, e in export_bank().items() if e["kind"] != "implement"}
    cases = [(key, text) for key in sorted(bank) for text in _typed_answers(load_bank()[key])]
    script = Path(__file__).resolve().parents[1] / "tools" / "site" / "static" / "exercises.js"
    runner = tmp_path / "run.js"
    runner.write_text(
        f"const ex = require({json.dumps(str(script))});\n"
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
        "process.stdout.write(JSON.stringify(input.cases.map(([k, t]) => "
        "ex.judge(input.bank[k], t))));\n", encoding="utf-8")
    out = subprocess.run([node, str(runner)], input=json.dumps({"bank": bank, "cases": cases}),
                         capture_output=True, text=True, check=True, timeout=60)
    verdicts = json.loads(out.stdout)
    differ = []
    for (key, text), js in zip(cases, verdicts, strict=True):
        py = judge(key, _as_python(text))
        message = py.message if py.outcome != "correct" else "Correct."
        if (js["outcome"], js["message"]) != (py.outcome, message):
            differ.append(f"{key} {text!r}: JS {js} vs Python {py}")
    assert not differ, "\n".join(differ[:20])
    assert len(cases) > 500


def test_the_site_checker_escalates_hints_like_check(tmp_path, capsys):
    import json
    import shutil
    import subprocess
    from pathlib import Path

    from helpers.exercises.export import export_bank

    node = shutil.which("node")
    if node is None:
        pytest.skip("Node is not installed")
    sequence = ["x", "2", "0.5", "0.4067", "9", "0.59"]  # form, wrong, wrong, nats, wrong, right
    script = Path(__file__).resolve().parents[1] / "tools" / "site" / "static" / "exercises.js"
    runner = tmp_path / "run.js"
    runner.write_text(
        f"const ex = require({json.dumps(str(script))});\n"
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
        "let wrong = 0; const lines = [];\n"
        "for (const t of input.sequence) { const r = ex.report(input.entry, "
        "ex.judge(input.entry, t), wrong); wrong = r.wrong; lines.push(r.text); }\n"
        "process.stdout.write(JSON.stringify(lines));\n", encoding="utf-8")
    entry = export_bank("04.3")["04.3"]
    out = subprocess.run([node, str(runner)], input=json.dumps({"entry": entry,
                                                                "sequence": sequence}),
                         capture_output=True, text=True, check=True, timeout=60)
    reset_attempts()
    capsys.readouterr()
    printed = []
    for text in sequence:
        check("04.3", _as_python(text))
        printed.append(capsys.readouterr().out.strip())
    reset_attempts()
    assert json.loads(out.stdout) == printed
    assert printed[1].startswith("Not yet. Hint: ") and printed[2].startswith("Not yet. Hint (2)")
    assert printed[3].startswith("Not yet. That is in nats") and printed[-1] == "Correct."


def test_wrapping_fails_in_a_real_kernel_after_a_top_of_notebook_import():
    """In a Jupyter kernel, as in a notebook: the helper imported at the top, then wrapped."""
    import nbformat
    from nbclient import NotebookClient

    cells = [
        "from helpers import check, entropy\nimport helpers",
        "def entropy_bits(p):\n    return entropy(p, base=2)\n\n\ncheck('02.3', entropy_bits);",
        "def entropy_bits(p):\n    return helpers.entropy(p, base=2)\n\n\n"
        "check('02.3', entropy_bits);",
        "import numpy as np\n\n\ndef entropy_bits(p):\n    q = p[p > 0]\n"
        "    return float(-(q * np.log2(q)).sum())\n\n\ncheck('02.3', entropy_bits);",
        "print(entropy([0.5, 0.5], base=2))",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    out = ["".join(o.get("text", "") for o in c.outputs).strip() for c in nb.cells]
    assert "entropy is off limits in exercise 02.3" in out[1]
    assert "entropy is off limits in exercise 02.3" in out[2]
    assert out[3] == "Correct."
    assert out[4] == "1.0"  # restored after the check
