"""``check``: the instant feedback of the exercises. It prints a verdict, returns a bool and never
raises or warns, whatever a learner types.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers import LOG2, check, entropy, js_divergence


def verdict(capsys, *args, **kwargs):
    result = check(*args, **kwargs)
    out = capsys.readouterr().out
    assert isinstance(result, bool)
    return result, out.strip()


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (0.69315, 0.6931472),  # default rtol 1e-3: five digits are plenty
        (0.6935, LOG2),  # 5e-4 relative
        (1, 1.0),
        (np.float64(2.0), 2),
        (0.0, 0.0),
        (5e-7, 0.0),  # atol 1e-6 around zero
        (math.inf, math.inf),
        (-math.inf, -math.inf),
        ([0.25, 0.5, 0.25], np.array([0.25, 0.5, 0.25])),
        ([0.0, math.inf], [0.0, math.inf]),
        ((1.0, 2.0), [1.0, 2.0005]),
        ("nats", "nats"),
        (True, True),
    ],
)
def test_correct_answers(capsys, answer, expected):
    ok, out = verdict(capsys, answer, expected, hint="should not be shown")
    assert ok is True
    assert out == "Correct."


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (1.0, LOG2),  # JS in nats is at most log 2: a classic slip (1 is the value in bits)
        (0.70, LOG2),  # 1e-2 relative
        (1e-5, 0.0),
        (math.inf, 1e300),
        (1e300, math.inf),
        (math.inf, -math.inf),
        (math.nan, math.nan),  # a NaN answer is never right
        (math.nan, 1.0),
        ([0.25, 0.75], [0.25, 0.5, 0.25]),  # wrong shape
        ([0.25, math.inf], [0.25, 0.75]),
        (0.5, [0.5, 0.5]),
        ("0.693", LOG2),  # a string is not a number
        ("bits", "nats"),
        (False, True),
        ("abc", 1.0),
        ([[1.0], [1.0, 2.0]], 1.0),  # ragged
        ({"kl": 1.0}, 1.0),
        (1 + 2j, 1.0),
    ],
)
def test_wrong_answers_print_the_hint(capsys, answer, expected):
    ok, out = verdict(capsys, answer, expected, hint="JS in nats is at most log 2.")
    assert ok is False
    assert out == "Not yet. Hint: JS in nats is at most log 2."


def test_wrong_answer_without_hint(capsys):
    ok, out = verdict(capsys, 2.0, 1.0)
    assert ok is False
    assert out == "Not yet."


@pytest.mark.parametrize("placeholder", [..., None])
def test_placeholder_is_no_answer_yet(capsys, placeholder):
    ok, out = verdict(capsys, placeholder, 1.0, hint="Use entropy().")
    assert ok is False
    assert out == "No answer yet: replace the ... with your answer. Hint: Use entropy()."
    ok, out = verdict(capsys, placeholder, 1.0)
    assert out == "No answer yet: replace the ... with your answer."


def test_tolerances_can_be_tightened():
    assert check(0.6935, LOG2, rtol=1e-6) is False
    assert check(LOG2 + 1e-9, LOG2, rtol=1e-6) is True
    assert check(1e-5, 0.0, atol=1e-4) is True


def test_typical_exercise(capsys):
    # an exercise asks for the entropy of a fair 8-sided die in bits and the JS of two
    # disjoint coins in bits; the solution cell calls check with helpers' value
    assert check(3, entropy(np.full(8, 1 / 8), base=2)) is True
    assert check(1, js_divergence([1, 0], [0, 1], base=2)) is True
    assert capsys.readouterr().out == "Correct.\nCorrect.\n"
