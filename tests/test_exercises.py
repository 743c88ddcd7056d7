"""``check``: the instant feedback of the exercises. It prints a verdict, returns a bool, never
raises or warns whatever a learner types, gives hints one at a time after wrong answers and never
the solution; implement-exercises run the learner's function on hidden cases."""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers import LOG2, js_divergence
from helpers.exercises import REGISTRY, check, exercise, load_bank, same_answer
from helpers.exercises.core import reset_attempts


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


def test_an_unwritten_stub_is_no_answer_yet_not_a_wrong_one(keyed, capsys):
    def stub(p, q):
        ...

    ok, out = verdict(capsys, "99.3", stub)
    assert not ok and out.startswith("No answer yet") and "Hint" not in out
    ok, out = verdict(capsys, "99.3", lambda p, q: 0.0)  # the first wrong answer: first hint
    assert out.endswith("Hint: Average the two KLs.")


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
