"""Checks for the claims of mathnotes/00-conventions.md."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import norm

import helpers as h

LN2 = math.log(2)


@pytest.mark.claim("conv-no-silent-renormalising")
def test_no_silent_renormalising():
    counts = [1, 1, 2]
    for call in (
        lambda: h.entropy(counts),
        lambda: h.kl_divergence(counts, counts),
        lambda: h.js_divergence(counts, counts),
        lambda: h.cross_entropy(counts, counts),
    ):
        with pytest.raises(ValueError, match=r"sums to 4.*normalize"):
            call()
    assert h.entropy(h.normalize(counts)) == pytest.approx(1.5 * LN2)
    with pytest.raises(ValueError, match="negative"):
        h.entropy([1.2, -0.2])


@pytest.mark.claim("conv-nats-bits")
def test_nats_to_bits_divides_by_ln2():
    p, q = [0.1, 0.2, 0.7], [0.3, 0.3, 0.4]
    for f in (h.kl_divergence, h.js_divergence, h.cross_entropy):
        assert f(p, q, base=2) == pytest.approx(f(p, q) / LN2, rel=1e-13)
    assert h.entropy(p, base=2) == pytest.approx(h.entropy(p) / LN2, rel=1e-13)
    assert h.information(0.5, base=2) == 1.0
    assert h.information(0.5) == pytest.approx(LN2)


@pytest.mark.claim("conv-js-bound-units")
def test_js_bound_is_one_bit_and_ln2_nats():
    p, q = [1.0, 0.0], [0.0, 1.0]
    assert h.js_divergence(p, q) == LN2
    assert h.js_divergence(p, q, base=2) == 1.0
    assert LN2 == pytest.approx(0.6931, abs=1e-4)


@pytest.mark.claim("conv-cross-entropy-split")
def test_cross_entropy_is_entropy_plus_kl():
    rng = np.random.default_rng(0)
    for _ in range(50):
        p = h.normalize(rng.random(6))
        q = h.normalize(rng.random(6))
        assert h.cross_entropy(p, q) == pytest.approx(h.entropy(p) + h.kl_divergence(p, q))


@pytest.mark.claim("conv-entropy-range")
def test_entropy_between_zero_and_log_n():
    assert h.entropy([0.0, 1.0, 0.0]) == 0.0
    assert h.entropy(np.full(8, 1 / 8)) == pytest.approx(math.log(8))
    rng = np.random.default_rng(1)
    for n in (2, 5, 50):
        p = h.normalize(rng.random(n))
        assert 0.0 <= h.entropy(p) <= math.log(n)


@pytest.mark.claim("conv-zero-log-zero")
def test_zero_log_zero_is_zero():
    xs = np.array([1e-3, 1e-6, 1e-12, 1e-100])
    assert np.all(np.abs(xs * np.log(xs)) < 1e-2)  # the limit x log x -> 0
    assert h.entropy([1.0, 0.0]) == 0.0
    assert math.copysign(1.0, h.entropy([1.0, 0.0])) == 1.0  # not -0.0
    # an outcome with p_i = 0 drops out of KL whatever q_i is
    assert h.kl_divergence([0.5, 0.5, 0.0], [0.5, 0.25, 0.25]) == pytest.approx(0.5 * LN2)


@pytest.mark.claim("conv-information-edges")
def test_information_of_impossible_and_certain_events():
    assert h.information(0.0) == math.inf
    assert h.information(1.0) == 0.0
    assert math.copysign(1.0, h.information(1.0)) == 1.0


@pytest.mark.claim("conv-kl-infinite")
def test_kl_and_cross_entropy_infinite_when_q_rules_out_p():
    p, q = [0.5, 0.5], [1.0, 0.0]
    assert h.kl_divergence(p, q) == math.inf
    assert h.cross_entropy(p, q) == math.inf
    # the reverse direction is finite: q's outcomes are all possible under p
    assert h.kl_divergence(q, p) == pytest.approx(LN2)


@pytest.mark.claim("conv-js-finite")
def test_js_finite_and_bounded():
    rng = np.random.default_rng(2)
    for _ in range(100):
        a = rng.random(7) * (rng.random(7) < 0.5)
        b = rng.random(7) * (rng.random(7) < 0.5)
        if a.sum() == 0 or b.sum() == 0:
            continue
        p, q = h.normalize(a), h.normalize(b)
        js = h.js_divergence(p, q)
        assert 0.0 <= js <= LN2
        if not np.any((p > 0) & (q > 0)):
            assert js == LN2
        else:  # "exactly when": any shared outcome pulls JS below log 2
            assert js < LN2
    m = (np.array([1.0, 0.0]) + np.array([0.0, 1.0])) / 2
    assert np.all(np.array([1.0, 0.0]) / m <= 2)


@pytest.mark.claim("conv-grid-sums-to-one")
def test_grid_vectors_sum_to_one():
    x = np.linspace(-3, 3, 61)  # deliberately narrow: the end cells catch the tails
    for p in (h.discretize_normal(x, 0.0, 2.0), h.uniform_on_grid(x, -1.0, 4.0)):
        assert abs(p.sum() - 1.0) < 1e-12
    _, p, q = h.gaussian_pair(2.0, 1.0)
    assert abs(p.sum() - 1) < 1e-12 and abs(q.sum() - 1) < 1e-12


@pytest.mark.claim("conv-density-needs-spacing")
def test_density_values_need_the_spacing():
    x = np.linspace(-8, 8, 1601)
    step = x[1] - x[0]
    density = norm.pdf(x)
    assert density.sum() == pytest.approx(1 / step, rel=1e-6)  # ~100, not 1
    assert (density * step).sum() == pytest.approx(1.0, rel=1e-6)
    masses = h.discretize_normal(x)
    assert np.max(np.abs(masses[1:-1] / step - density[1:-1])) < 1e-4


@pytest.mark.claim("conv-grid-kl-from-below")
def test_grid_kl_approaches_continuous_from_below():
    values = []
    for step in (0.1, 0.05, 0.012):
        x = np.arange(-12, 12 + step / 2, step)
        _, p, q = h.gaussian_pair(1.0, 1.0, x)
        values.append(h.kl_divergence(p, q))
    assert all(v <= 0.5 for v in values)
    assert values[0] < values[1] < values[2]
    assert values[2] == pytest.approx(0.5, abs=1e-4)


@pytest.mark.claim("conv-grid-w1-within-spacing")
def test_grid_w1_within_one_spacing():
    x = h.DEFAULT_GRID
    step = x[1] - x[0]
    for theta in (-2.5, -0.3, 0.0, 0.77, 3.0):
        _, p, q = h.gaussian_pair(theta, 1.0)
        assert abs(h.wasserstein_1d(x, x, p, q) - abs(theta)) <= step


@pytest.mark.claim("conv-no-warnings-nan-negzero")
def test_edge_cases_give_no_warning_nan_or_negative_zero():
    # pytest turns warnings into errors (pyproject), so any RuntimeWarning here fails the test
    certain, coin, heads = [1.0, 0.0], [0.5, 0.5], [0.0, 1.0]
    values = [
        h.entropy(certain),
        h.information(1.0),
        h.kl_divergence(coin, coin),
        h.kl_divergence(certain, certain),
        h.kl_divergence(coin, certain),  # inf, not nan
        h.cross_entropy(coin, certain),
        h.js_divergence(certain, certain),
        h.js_divergence(certain, heads),
        h.wasserstein_1d([0.0, 1.0], [0.0, 1.0], coin, coin),
    ]
    for value in values:
        assert not math.isnan(value)
        if value == 0.0:
            assert math.copysign(1.0, value) == 1.0, "negative zero"
