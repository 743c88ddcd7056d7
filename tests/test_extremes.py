"""Extreme but legal inputs: no warning (pytest turns them into errors), no NaN, honest answers."""

from __future__ import annotations

import math

import numpy as np
import pytest

import helpers as h


def test_normalize_huge_weights_does_not_overflow():
    np.testing.assert_array_equal(h.normalize([1e308, 1e308]), [0.5, 0.5])
    np.testing.assert_allclose(h.normalize([1e308, 1e307, 0.0]), [10 / 11, 1 / 11, 0.0])


def test_gaussian_kl_tiny_sigma():
    assert h.gaussian_kl(1.0, 1e-200) == math.inf
    assert h.gaussian_kl(0.0, 1e-200) == 0.0


def test_wasserstein_of_locations_at_the_float_limit_is_inf():
    assert h.wasserstein_1d([-1e308], [1e308]) == math.inf


def test_discretize_normal_with_a_vanishing_sigma_is_a_point_mass():
    np.testing.assert_array_equal(h.discretize_normal([0.0, 1.0], 0.0, 1e-309), [1.0, 0.0])


@pytest.mark.parametrize("measure", [h.kl_divergence, h.cross_entropy, h.js_divergence])
def test_bad_base_is_reported_even_when_the_answer_is_known_early(measure):
    for p, q in (([0.5, 0.5], [0.5, 0.5]), ([1.0, 0.0], [0.0, 1.0])):
        with pytest.raises(ValueError, match="base"):
            measure(p, q, base=1)


def test_blur_keeps_far_tail_cells_positive():
    x = np.linspace(-12, 12, 2001)
    p = h.blur(np.eye(x.size)[1000], x, 0.5)
    q = h.blur(np.eye(x.size)[1200], x, 0.5)
    assert p.min() > 0 and q.min() > 0
    # two blurred points are two discretised Gaussians: KL close to the closed form
    assert h.kl_divergence(p, q) == pytest.approx(h.gaussian_kl(x[1200] - x[1000], 0.5), rel=1e-3)
