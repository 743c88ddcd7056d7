"""Input checks shared by every helper, ``normalize``, and the doctest coverage of the API.

Bad input must fail loudly and say what is wrong and where: a ``ValueError`` naming the argument
and the index (or a ``TypeError`` for non-numeric input). The checks are parametrised over every
public function that takes a probability vector, so one forgotten call to the validators shows
up here.
"""

from __future__ import annotations

import inspect
import math

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import helpers
from helpers import (
    blur,
    cross_entropy,
    entropy,
    gan_value,
    information,
    js_divergence,
    kl_divergence,
    nonsaturating_generator_loss,
    normalize,
    optimal_discriminator,
    saturating_generator_loss,
)
from helpers.validation import SUM_TOLERANCE

GOOD = [0.2, 0.3, 0.5]
D_HALF = [0.5, 0.5, 0.5]
GRID3 = np.linspace(-1.0, 1.0, 3)

#: (label, call with the bad value in the slot, the name the error must use for that slot)
DISTRIBUTION_SLOTS = [
    ("entropy(p)", lambda bad: entropy(bad), "p"),
    ("cross_entropy(p, .)", lambda bad: cross_entropy(bad, GOOD), "p"),
    ("cross_entropy(., q)", lambda bad: cross_entropy(GOOD, bad), "q"),
    ("kl_divergence(p, .)", lambda bad: kl_divergence(bad, GOOD), "p"),
    ("kl_divergence(., q)", lambda bad: kl_divergence(GOOD, bad), "q"),
    ("js_divergence(p, .)", lambda bad: js_divergence(bad, GOOD), "p"),
    ("js_divergence(., q)", lambda bad: js_divergence(GOOD, bad), "q"),
    ("optimal_discriminator(p_real, .)", lambda bad: optimal_discriminator(bad, GOOD), "p_real"),
    ("optimal_discriminator(., p_gen)", lambda bad: optimal_discriminator(GOOD, bad), "p_gen"),
    ("gan_value(p_real, ., .)", lambda bad: gan_value(bad, GOOD, D_HALF), "p_real"),
    ("gan_value(., p_gen, .)", lambda bad: gan_value(GOOD, bad, D_HALF), "p_gen"),
    ("saturating_generator_loss(p_gen, .)", lambda bad: saturating_generator_loss(bad, D_HALF),
     "p_gen"),
    ("nonsaturating_generator_loss(p_gen, .)",
     lambda bad: nonsaturating_generator_loss(bad, D_HALF), "p_gen"),
    ("blur(p, ., .)", lambda bad: blur(bad, GRID3, 0.5), "p"),
]
SLOT_IDS = [label for label, _, _ in DISTRIBUTION_SLOTS]

#: Non-numeric input: every helper must refuse it with TypeError or ValueError.
NON_NUMERIC = [
    pytest.param("0.5", id="string"),
    pytest.param(b"ab", id="bytes"),
    pytest.param(None, id="None"),
    pytest.param(["0.5", "0.5"], id="list-of-strings"),
    pytest.param([[0.5, 0.25], [0.25]], id="ragged"),
    pytest.param([0.5 + 0j, 0.5], id="complex"),
    pytest.param({"a": 1.0}, id="dict"),
    pytest.param([0.5, None, 0.5], id="list-with-None"),
]


# --- normalize -------------------------------------------------------------------------------


def test_normalize_hand_values():
    np.testing.assert_array_equal(normalize([1, 1, 2]), [0.25, 0.25, 0.5])
    np.testing.assert_array_equal(normalize([0, 3]), [0.0, 1.0])
    np.testing.assert_array_equal(normalize([5.0]), [1.0])
    np.testing.assert_array_equal(normalize([True, False, True]), [0.5, 0.0, 0.5])
    assert normalize([2, 3]).dtype == float


def test_normalize_does_not_modify_its_input():
    w = np.array([1.0, 3.0])
    normalize(w)
    np.testing.assert_array_equal(w, [1.0, 3.0])


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.one_of(st.just(0.0), st.floats(0.0, 1e6, allow_subnormal=False)),
                min_size=1, max_size=20).filter(lambda w: sum(w) > 0))
def test_normalize_gives_a_probability_vector(weights):
    p = normalize(weights)
    assert p.shape == (len(weights),)
    assert np.all(p >= 0)
    assert abs(math.fsum(p) - 1.0) <= SUM_TOLERANCE
    # zeros stay exactly zero, and the result is accepted by the strict validators
    assert np.array_equal(p == 0, np.asarray(weights) == 0)
    entropy(p)


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        ([1.0, -2.0, 3.0], r"weights\[1\] = -2\.0 is negative"),
        ([1.0, 2.0, math.nan], r"weights\[2\] is NaN"),
        ([math.inf, 1.0], r"weights\[0\] is inf"),
        ([1.0, -math.inf], r"weights\[1\] is -inf"),
        ([0.0, 0.0], r"all zero"),
        ([], r"weights is empty"),
        ([[1.0, 2.0], [3.0, 4.0]], r"weights must be one-dimensional, got shape \(2, 2\)"),
    ],
)
def test_normalize_rejects_bad_weights(weights, match):
    with pytest.raises(ValueError, match=match):
        normalize(weights)


@pytest.mark.parametrize("bad", NON_NUMERIC)
def test_normalize_rejects_non_numbers(bad):
    with pytest.raises((TypeError, ValueError)):
        normalize(bad)


# --- every function that takes a probability vector ------------------------------------------


@pytest.mark.parametrize(("label", "call", "name"), DISTRIBUTION_SLOTS, ids=SLOT_IDS)
def test_negative_entry_is_named_with_its_index(label, call, name):
    with pytest.raises(ValueError, match=rf"{name}\[1\] = -0\.1 is negative"):
        call([0.6, -0.1, 0.5])


@pytest.mark.parametrize(("label", "call", "name"), DISTRIBUTION_SLOTS, ids=SLOT_IDS)
@pytest.mark.parametrize(
    ("value", "shown"), [(math.nan, "NaN"), (math.inf, "inf"), (-math.inf, "-inf")]
)
def test_non_finite_entry_is_named_with_its_index(label, call, name, value, shown):
    with pytest.raises(ValueError, match=rf"{name}\[2\] is {shown}; every entry must be finite"):
        call([0.5, 0.5, value])


@pytest.mark.parametrize(("label", "call", "name"), DISTRIBUTION_SLOTS, ids=SLOT_IDS)
@pytest.mark.parametrize(("bad", "total"), [([0.2, 0.3, 0.4], "0.9"), ([1, 2, 1], "4.0")])
def test_wrong_sum_gives_the_sum_and_points_to_normalize(label, call, name, bad, total):
    with pytest.raises(ValueError, match=rf"{name} sums to {total}, not 1.*normalize\({name}\)"):
        call(bad)


@pytest.mark.parametrize(
    ("label", "call", "name"), DISTRIBUTION_SLOTS[1:], ids=SLOT_IDS[1:]  # entropy takes one
)
def test_mismatched_lengths(label, call, name):
    # the message gives both lengths, e.g. "p has 2 entries, q has 3"
    with pytest.raises(ValueError, match=r"has 2 entries.* 3|has 3 entries.* 2"):
        call([0.5, 0.5])


@pytest.mark.parametrize(("label", "call", "name"), DISTRIBUTION_SLOTS, ids=SLOT_IDS)
def test_empty_input(label, call, name):
    with pytest.raises(ValueError, match=rf"{name} is empty"):
        call([])


@pytest.mark.parametrize(("label", "call", "name"), DISTRIBUTION_SLOTS, ids=SLOT_IDS)
def test_more_than_one_dimension(label, call, name):
    with pytest.raises(ValueError, match=rf"{name} must be one-dimensional, got shape \(3, 1\)"):
        call([[0.2], [0.3], [0.5]])


@pytest.mark.parametrize(("label", "call", "name"), DISTRIBUTION_SLOTS, ids=SLOT_IDS)
@pytest.mark.parametrize("bad", NON_NUMERIC)
def test_non_numeric_input(label, call, name, bad):
    with pytest.raises((TypeError, ValueError)):
        call(bad)


@pytest.mark.parametrize(("label", "call", "name"), DISTRIBUTION_SLOTS, ids=SLOT_IDS)
def test_sum_within_tolerance_is_accepted_and_not_renormalised(label, call, name):
    # 1 + 1e-12 is within SUM_TOLERANCE; the helpers take it as it is.
    call([0.2, 0.3, 0.5 + 1e-12])


def test_tolerance_boundary():
    entropy([0.5, 0.5 + 0.5 * SUM_TOLERANCE])
    with pytest.raises(ValueError, match="sums to"):
        entropy([0.5, 0.5 + 10 * SUM_TOLERANCE])


# --- the logarithm base ----------------------------------------------------------------------

MEASURES = [
    pytest.param(lambda base: information(0.25, base=base), id="information"),
    pytest.param(lambda base: entropy(GOOD, base=base), id="entropy"),
    pytest.param(lambda base: cross_entropy(GOOD, [0.3, 0.3, 0.4], base=base),
                 id="cross_entropy"),
    pytest.param(lambda base: kl_divergence(GOOD, [0.3, 0.3, 0.4], base=base), id="kl"),
    pytest.param(lambda base: js_divergence(GOOD, [0.3, 0.3, 0.4], base=base), id="js"),
]


@pytest.mark.parametrize("measure", MEASURES)
@pytest.mark.parametrize("base", [0, 0.0, -2.0, 1, 1.0, math.nan, math.inf, -math.inf])
def test_bad_base_value(measure, base):
    with pytest.raises(ValueError, match=r"base must be finite, > 0 and != 1"):
        measure(base)


@pytest.mark.parametrize("measure", MEASURES)
@pytest.mark.parametrize("base", ["2", b"2", True, 2j, [2.0], np.array([2.0])])
def test_non_number_base(measure, base):
    with pytest.raises(TypeError, match=r"base must be a number or None"):
        measure(base)


@pytest.mark.parametrize("measure", MEASURES)
def test_accepted_bases(measure):
    nats = measure(None)
    for base in (2, 2.0, np.float64(2.0), np.int64(2), 10, math.e, 0.5):
        assert measure(base) == pytest.approx(nats / math.log(base), rel=1e-13)


# --- every numeric public function documents itself with an example --------------------------

NUMERIC_MODULES = {
    "helpers.validation",
    "helpers.information",
    "helpers.divergences",
    "helpers.transport",
    "helpers.gan",
    "helpers.examples",
    "helpers.exercises.core",
}


def _numeric_public_functions():
    out = []
    for name in helpers.__all__:
        obj = getattr(helpers, name)
        if inspect.isfunction(obj) and obj.__module__ in NUMERIC_MODULES:
            out.append(name)
    return out


def test_the_numeric_api_is_found():
    names = set(_numeric_public_functions())
    assert {"entropy", "kl_divergence", "emd", "gan_value", "gaussian_js", "check"} <= names


@pytest.mark.parametrize("name", _numeric_public_functions())
def test_numeric_function_has_a_doctest(name):
    doc = inspect.getdoc(getattr(helpers, name)) or ""
    assert ">>>" in doc, f"helpers.{name} has no '>>>' example in its docstring"
