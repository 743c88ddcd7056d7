"""helpers.model_fit and helpers.data: binomial models, Gaussian fits, the worm-teeth data."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binom

import helpers as h
from helpers.data import WORM_TEETH_COUNTS, worm_teeth_distribution
from helpers.model_fit import (
    FIT_GRID,
    binomial_kl,
    binomial_mle,
    binomial_model,
    fit_gaussian,
    normal_kl,
    two_bump_mixture,
)

from .strategies import vectors


def test_worm_data_shape_and_documentation():
    assert WORM_TEETH_COUNTS.shape == (11,) and WORM_TEETH_COUNTS.sum() == 200
    assert not WORM_TEETH_COUNTS.flags.writeable
    p = worm_teeth_distribution()
    assert math.fsum(p) == pytest.approx(1.0, abs=1e-15)
    import helpers.data

    assert "made up" in helpers.data.__doc__.lower()


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.just(0.0), st.just(1.0), st.floats(1e-6, 1 - 1e-6)), st.integers(1, 30))
def test_binomial_model_matches_scipy(theta, n):
    pmf = binomial_model(theta, n)
    assert pmf.shape == (n + 1,) and math.fsum(pmf) == pytest.approx(1.0, abs=1e-12)
    assert np.allclose(pmf, binom.pmf(np.arange(n + 1), n, theta), atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(vectors(6), st.floats(0.01, 0.99))
def test_binomial_kl_matches_kl_divergence(p, theta):
    assert binomial_kl(p, theta) == pytest.approx(
        h.kl_divergence(p, binomial_model(theta, 5)), rel=1e-9, abs=1e-9
    )
    assert binomial_kl(p, np.array([theta]))[0] == pytest.approx(binomial_kl(p, theta))


@settings(max_examples=60, deadline=None)
@given(vectors(6))
def test_binomial_mle_minimises_the_kl(p):
    best = binomial_mle(p)
    grid = np.linspace(0.001, 0.999, 999)
    assert binomial_kl(p, best) <= binomial_kl(p, grid).min() + 1e-9


def test_binomial_kl_at_the_edges_without_warnings():
    assert binomial_kl([1.0, 0.0, 0.0], 0.0) == 0.0
    assert binomial_kl([0.0, 0.0, 1.0], 1.0) == 0.0
    assert binomial_kl([0.5, 0.0, 0.5], 0.0) == math.inf
    assert binomial_kl([0.5, 0.0, 0.5], [0.0, 1.0]).tolist() == [math.inf, math.inf]


@pytest.mark.parametrize(
    "call",
    [
        lambda: binomial_model(1.5),
        lambda: binomial_model(np.nan),
        lambda: binomial_model([0.5, 0.5]),
        lambda: binomial_model(0.5, 0),
        lambda: binomial_kl([0.5, 0.6], 0.5),
        lambda: binomial_kl([1.0], 0.5),
        lambda: binomial_kl([0.5, 0.5], -0.1),
        lambda: binomial_mle([0.5, 0.4]),
        lambda: normal_kl(0, 0.0, 0, 1),
        lambda: normal_kl(np.nan, 1, 0, 1),
        lambda: two_bump_mixture(-1.0),
        lambda: two_bump_mixture(2.0, sd=0.0),
        lambda: fit_gaussian(np.ones(5) / 5),
        lambda: fit_gaussian(two_bump_mixture(1.0), direction="sideways"),
    ],
)
def test_bad_input_is_rejected(call):
    with pytest.raises(ValueError):
        call()


def test_two_bump_mixture_moments():
    for d in (0.0, 2.0, 6.0):
        p = two_bump_mixture(d)
        assert float(np.sum(FIT_GRID * p)) == pytest.approx(0.0, abs=1e-12)
        assert float(np.sum(FIT_GRID**2 * p)) == pytest.approx(1 + d * d / 4, rel=1e-3)


def test_fit_of_a_single_gaussian_is_itself_in_both_directions():
    x = np.linspace(-8, 8, 641)
    p = h.discretize_normal(x, 0.7, 1.3)
    for direction in ("forward", "reverse"):
        mean, sd, kl = fit_gaussian(p, x, direction)
        assert mean == pytest.approx(0.7, abs=1e-4) and sd == pytest.approx(1.3, abs=1e-4)
        assert kl < 1e-8


def test_normal_kl_at_extreme_scales_without_warnings():
    assert normal_kl(0.0, 1e-200, 0.0, 1e-200) == 0.0
    assert normal_kl(1e-200, 1e-200, 0.0, 1e-200) == pytest.approx(0.5)
    assert normal_kl(0.0, 1.0, 0.0, 1e-200) == math.inf
    assert normal_kl(0.0, 1e-200, 0.0, 1.0) == pytest.approx(200 * math.log(10) - 0.5)
    assert normal_kl(1e300, 1.0, -1e300, 1.0) == math.inf
    assert normal_kl([0.0, 1.0], 1.0, 0.0, 1.0).tolist() == [0.0, 0.5]
