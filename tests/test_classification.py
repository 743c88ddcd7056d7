"""helpers.classification: softmax, the softmax cross-entropy and its gradient."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import log_softmax as scipy_log_softmax
from scipy.special import softmax as scipy_softmax

import helpers as h
from helpers.classification import (
    binary_cross_entropy,
    binary_cross_entropy_gradient,
    logistic,
    smoothed_logit_gap,
    smoothed_target,
    softmax,
    softmax_cross_entropy,
    softmax_cross_entropy_gradient,
)

from .strategies import is_positive_zero

SETTINGS = settings(max_examples=80, deadline=None)


def logits(k_min=1, k_max=7, bound=30.0):
    return st.integers(k_min, k_max).flatmap(
        lambda k: st.lists(st.floats(-bound, bound), min_size=k, max_size=k).map(np.array)
    )


@st.composite
def logits_and_targets(draw, bound=30.0):
    k = draw(st.integers(1, 7))
    z = np.array(draw(st.lists(st.floats(-bound, bound), min_size=k, max_size=k)))
    kind = draw(st.sampled_from(["one-hot", "soft", "multi-label", "weights", "zero"]))
    if kind == "one-hot":
        y = np.eye(k)[draw(st.integers(0, k - 1))]
    elif kind == "soft":
        w = np.array(draw(st.lists(st.floats(0.01, 1.0), min_size=k, max_size=k)))
        y = w / w.sum()
    elif kind == "multi-label":
        y = np.array(draw(st.lists(st.sampled_from([0.0, 1.0]), min_size=k, max_size=k)))
    elif kind == "weights":
        y = np.array(draw(st.lists(st.floats(0.0, 5.0), min_size=k, max_size=k)))
    else:
        y = np.zeros(k)
    return z, y


def numeric_gradient(z, y, step=1e-6):
    grad = np.empty_like(z)
    for j in range(z.size):
        e = np.zeros_like(z)
        e[j] = step
        grad[j] = (softmax_cross_entropy(z + e, y) - softmax_cross_entropy(z - e, y)) / (2 * step)
    return grad


# --- softmax ---------------------------------------------------------------------------------


@SETTINGS
@given(logits(bound=700.0))
def test_softmax_is_a_distribution_and_matches_scipy(z):
    p = softmax(z)
    assert p.shape == z.shape
    assert np.all(p >= 0) and math.fsum(p) == pytest.approx(1.0, abs=1e-12)
    assert np.allclose(p, scipy_softmax(z), atol=1e-12)
    h.kl_divergence(p, p)  # a valid probability vector for the other helpers


@SETTINGS
@given(logits(), st.floats(-500, 500))
def test_softmax_ignores_a_common_shift(z, c):
    assert np.allclose(softmax(z + c), softmax(z), atol=1e-12)


def test_softmax_axis_handling():
    z = np.array([[0.0, np.log(3.0)], [2.0, 2.0], [-1000.0, 1000.0]])
    rows = softmax(z)
    assert np.allclose(rows, [[0.25, 0.75], [0.5, 0.5], [0.0, 1.0]])
    assert np.allclose(softmax(z, axis=1), rows) and np.allclose(softmax(z, axis=-1), rows)
    columns = softmax(z, axis=0)
    assert np.allclose(columns.sum(axis=0), 1.0)
    assert np.allclose(columns, scipy_softmax(z, axis=0))
    cube = np.random.default_rng(0).normal(size=(2, 3, 4))
    for axis in (0, 1, 2, -1):
        assert np.allclose(softmax(cube, axis=axis), scipy_softmax(cube, axis=axis))


def test_extremes_give_exact_answers_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # not even a silent overflow or invalid operation (an underflow to 0 is exact here)
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            assert softmax([1000.0, -1000.0]).tolist() == [1.0, 0.0]
            assert softmax([-1000.0, -1000.0]).tolist() == [0.5, 0.5]
            assert softmax([1e300, -1e300]).tolist() == [1.0, 0.0]
            assert softmax_cross_entropy([1000.0, -1000.0], [0.0, 1.0]) == 2000.0
            assert softmax_cross_entropy([1000.0, -1000.0], [1.0, 0.0]) == 0.0
            assert softmax_cross_entropy([-1000.0, 1000.0], [1.0, 1.0]) == 2000.0
            assert softmax_cross_entropy_gradient([1000.0, -1000.0], [0.0, 1.0]).tolist() == [
                1.0, -1.0,
            ]
            assert softmax_cross_entropy_gradient([1000.0, -1000.0], [1.0, 1.0]).tolist() == [
                1.0, -1.0,
            ]
            tiny = softmax_cross_entropy([40.0, 0.0, 0.0], [1.0, 0.0, 0.0])
            assert tiny == pytest.approx(2 * math.exp(-40), rel=1e-12) and tiny > 0


def test_single_class_and_ties():
    assert softmax([5.0]).tolist() == [1.0]
    assert softmax_cross_entropy([5.0], [2.0]) == 0.0
    assert softmax_cross_entropy_gradient([5.0], [2.0]).tolist() == [0.0]
    assert softmax([3.0, 3.0, 3.0]) == pytest.approx([1 / 3] * 3)
    assert softmax_cross_entropy([3.0, 3.0, 3.0], [1.0, 0, 0]) == pytest.approx(math.log(3))


# --- the loss --------------------------------------------------------------------------------


@SETTINGS
@given(logits_and_targets(bound=300.0))
def test_loss_matches_the_definition_and_is_non_negative(case):
    z, y = case
    loss = softmax_cross_entropy(z, y)
    assert isinstance(loss, float) and loss >= 0 and not (loss == 0 and not is_positive_zero(loss))
    by_definition = -float(np.sum(y * scipy_log_softmax(z)))
    assert loss == pytest.approx(by_definition, rel=1e-9, abs=1e-9)


@SETTINGS
@given(logits_and_targets(bound=20.0))
def test_loss_with_a_distribution_target_is_the_cross_entropy(case):
    z, y = case
    total = y.sum()
    if total == 0:
        return
    target = y / total
    expected = total * h.cross_entropy(target, softmax(z))
    assert softmax_cross_entropy(z, y) == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_batches_give_one_loss_per_example():
    z = np.array([[2.0, 2.0, 2.0], [0.0, 1.0, -1.0]])
    y = np.array([[1.0, 0.0, 0.0], [0.2, 0.5, 0.3]])
    losses = softmax_cross_entropy(z, y)
    assert losses.shape == (2,)
    assert losses[0] == pytest.approx(math.log(3))
    assert losses[1] == pytest.approx(softmax_cross_entropy(z[1], y[1]))
    assert np.allclose(softmax_cross_entropy(z.T, y.T, axis=0), losses)
    grads = softmax_cross_entropy_gradient(z, y)
    assert np.allclose(grads[1], softmax_cross_entropy_gradient(z[1], y[1]))


# --- the gradient ----------------------------------------------------------------------------


@SETTINGS
@given(logits_and_targets(bound=8.0))
def test_gradient_against_finite_differences(case):
    z, y = case
    grad = softmax_cross_entropy_gradient(z, y)
    assert np.allclose(grad, numeric_gradient(z, y), atol=2e-5 * max(1.0, y.sum()))
    assert np.allclose(grad, softmax(z) * y.sum() - y, atol=1e-12)
    assert abs(grad.sum()) < 1e-9 * max(1.0, y.sum())


def test_multi_label_gradient_differs_from_p_minus_y():
    z = np.array([1.0, -0.5, 0.3, 2.0])
    y = np.array([1.0, 0.0, 1.0, 1.0])  # three correct labels: sum 3
    grad = softmax_cross_entropy_gradient(z, y)
    assert np.allclose(grad, numeric_gradient(z, y), atol=1e-7)
    assert np.allclose(grad, 3 * softmax(z) - y)
    assert not np.allclose(grad, softmax(z) - y, atol=0.1)


def test_gradient_is_p_minus_y_for_targets_summing_to_one():
    z = np.array([0.2, -1.0, 3.0])
    for y in (np.array([0.0, 1.0, 0.0]), np.array([0.2, 0.3, 0.5])):
        assert np.allclose(softmax_cross_entropy_gradient(z, y), softmax(z) - y, atol=1e-15)


@SETTINGS
@given(logits_and_targets(bound=8.0))
def test_gradient_of_kl_equals_gradient_of_cross_entropy_for_soft_targets(case):
    z, y = case
    if y.sum() == 0:
        return
    target = y / y.sum()

    def kl(zz):
        return h.kl_divergence(target, softmax(zz))

    step = 1e-6
    numeric = np.array([
        (kl(z + step * e) - kl(z - step * e)) / (2 * step) for e in np.eye(z.size)
    ])
    assert np.allclose(numeric, softmax_cross_entropy_gradient(z, target), atol=2e-5)


# --- label smoothing -------------------------------------------------------------------------


def test_smoothed_target_and_gap():
    y = smoothed_target(2, 5, 0.2)
    assert y.tolist() == pytest.approx([0.05, 0.05, 0.8, 0.05, 0.05])
    assert math.fsum(y) == pytest.approx(1.0, abs=1e-15)
    gap = smoothed_logit_gap(5, 0.2)
    z = np.zeros(5)
    z[2] = gap
    assert np.allclose(softmax(z), y, atol=1e-14)
    assert np.allclose(softmax_cross_entropy_gradient(z, y), 0.0, atol=1e-14)
    assert smoothed_logit_gap(5, 0.0) == math.inf
    assert smoothed_target(0, 2, 0.0).tolist() == [1.0, 0.0]


@pytest.mark.parametrize(
    "args, error",
    [
        ((5, 3, 0.1), ValueError),
        ((-1, 3, 0.1), ValueError),
        ((0, 1, 0.1), ValueError),
        ((0, 3, 1.0), ValueError),
        ((0, 3, -0.1), ValueError),
        ((0.5, 3, 0.1), TypeError),
        ((0, 3.0, 0.1), TypeError),
        ((True, 3, 0.1), TypeError),
    ],
)
def test_smoothed_target_rejects_bad_input(args, error):
    with pytest.raises(error):
        smoothed_target(*args)


# --- strict validation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "z, y, error, words",
    [
        ([], [], ValueError, "z is empty"),
        (3.0, 1.0, ValueError, "scalar"),
        ([0.0, np.nan], [1.0, 0.0], ValueError, "z[1] is NaN"),
        ([0.0, np.inf], [1.0, 0.0], ValueError, "z[1] is inf"),
        ([0.0, 1.0], [1.0, np.nan], ValueError, "y[1] is NaN"),
        ([0.0, 1.0], [1.0, -0.5], ValueError, "y[1] = -0.5 is negative"),
        ([0.0, 1.0], [1.0, 0.0, 0.0], ValueError, "same shape"),
        ("ab", [1.0], TypeError, "string"),
        ([0.0, 1.0], ["a", "b"], TypeError, "numbers"),
        ([1j, 0.0], [1.0, 0.0], TypeError, "real"),
        ([[0.0, 1.0], [0.0]], [1.0, 0.0], ValueError, "could not be read"),
        ([1e308, -1e308], [1.0, 0.0], ValueError, "spans more than the largest float"),
    ],
)
def test_bad_input_is_rejected_with_a_located_message(z, y, error, words):
    for function in (softmax_cross_entropy, softmax_cross_entropy_gradient):
        with pytest.raises(error) as info:
            function(z, y)
        assert words in str(info.value)


@pytest.mark.parametrize("axis, error", [(2, ValueError), (-3, ValueError), (0.5, TypeError),
                                         (True, TypeError)])
def test_bad_axis_is_rejected(axis, error):
    with pytest.raises(error):
        softmax(np.zeros((2, 3)), axis=axis)
    with pytest.raises(error):
        softmax_cross_entropy(np.zeros((2, 3)), np.ones((2, 3)), axis=axis)


def test_softmax_rejects_bad_logits():
    with pytest.raises(ValueError, match=r"z\[0, 1\] is NaN"):
        softmax([[0.0, np.nan]])
    with pytest.raises(ValueError, match="empty"):
        softmax(np.zeros((2, 0)))


# --- every public function of the notebook-03 modules documents itself with an example ---------


def _public_functions():
    import inspect

    import helpers.classification
    import helpers.data
    import helpers.model_fit

    for module in (helpers.classification, helpers.data, helpers.model_fit):
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                yield pytest.param(obj, id=f"{module.__name__}.{name}")


@pytest.mark.parametrize("function", list(_public_functions()))
def test_public_function_has_a_doctest(function):
    import inspect

    doc = inspect.getdoc(function) or ""
    assert ">>>" in doc, f"{function.__qualname__} has no '>>>' example in its docstring"


# --- two classes -------------------------------------------------------------------------------


def test_logistic_hand_values_and_extremes():
    assert logistic(0.0) == 0.5
    assert logistic(math.log(3.0)) == pytest.approx(0.75, abs=1e-15)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert logistic([-1000.0, 1000.0]).tolist() == [0.0, 1.0]
    assert isinstance(logistic(1.0), float) and logistic([1.0]).shape == (1,)


@SETTINGS
@given(st.floats(-700, 700))
def test_logistic_is_the_two_class_softmax(logit):
    assert logistic(logit) == pytest.approx(softmax([logit, 0.0])[0], abs=1e-15)
    assert logistic(-logit) == pytest.approx(1.0 - logistic(logit), abs=1e-15)
    if abs(logit) < 10:  # the logit is the log-odds of the probability
        q = logistic(logit)
        assert math.log(q / (1 - q)) == pytest.approx(logit, abs=1e-9)


@SETTINGS
@given(st.floats(-60, 60), st.floats(0.0, 1.0))
def test_binary_cross_entropy_is_the_two_outcome_cross_entropy(logit, y):
    loss = binary_cross_entropy(logit, y)
    assert loss >= 0.0
    assert loss == pytest.approx(softmax_cross_entropy([logit, 0.0], [y, 1.0 - y]), abs=1e-12)
    q = logistic(logit)
    if abs(logit) < 15:  # beyond, the textbook form loses digits to the rounding of q
        direct = -(y * math.log(q) + (1 - y) * math.log1p(-q))
        assert loss == pytest.approx(direct, rel=1e-8, abs=1e-12)
    # derivative q - y, by finite differences
    step = 1e-6
    numeric = (binary_cross_entropy(logit + step, y)
               - binary_cross_entropy(logit - step, y)) / (2 * step)
    assert binary_cross_entropy_gradient(logit, y) == pytest.approx(numeric, abs=1e-6)
    assert binary_cross_entropy_gradient(logit, y) == pytest.approx(q - y, abs=1e-15)


def test_binary_cross_entropy_extremes_and_shapes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert binary_cross_entropy([1000.0, -1000.0, 1000.0], [0.0, 0.0, 1.0]).tolist() == [
            1000.0, 0.0, 0.0]
        assert 0 < binary_cross_entropy(40.0, 1.0) < 1e-17  # tiny, but not rounded to 0
    assert is_positive_zero(binary_cross_entropy(-1000.0, 0.0))
    assert binary_cross_entropy(0.0, 1.0) == pytest.approx(math.log(2))
    batch = binary_cross_entropy(np.zeros((2, 3)), np.ones((2, 3)))
    assert batch.shape == (2, 3)
    assert binary_cross_entropy_gradient([0.0, 0.0], [1.0, 0.0]).tolist() == [-0.5, 0.5]


@pytest.mark.parametrize(
    ("logit", "y", "error", "message"),
    [
        (0.0, 1.5, ValueError, r"y = 1.5 is not a target probability"),
        ([0.0, 1.0], [0.5, -0.1], ValueError, r"y\[1\] = -0.1"),
        ([0.0, 1.0], [0.5], ValueError, "same shape"),
        (np.nan, 1.0, ValueError, "logit"),
        (0.0, np.inf, ValueError, "y"),
        ("1", 1.0, TypeError, "logit"),
        ([], [], ValueError, "empty"),
    ],
)
def test_binary_cross_entropy_rejects_bad_input(logit, y, error, message):
    with pytest.raises(error, match=message):
        binary_cross_entropy(logit, y)
    with pytest.raises(error, match=message):
        binary_cross_entropy_gradient(logit, y)
