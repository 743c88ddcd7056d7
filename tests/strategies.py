"""Shared pieces of the property tests: hypothesis strategies and small predicates."""

from __future__ import annotations

import math

from hypothesis import strategies as st

from helpers import normalize


def is_positive_zero(x) -> bool:
    """``x`` is 0.0 with a positive sign (not -0.0)."""
    return x == 0 and math.copysign(1.0, x) == 1.0


def vectors(n: int, largest: float = 1e6):
    """Probability vectors of length n: normalised non-negative floats, exact zeros included."""
    return (
        st.lists(
            st.one_of(st.just(0.0), st.floats(0.0, largest, allow_subnormal=False)),
            min_size=n,
            max_size=n,
        )
        .filter(lambda w: math.fsum(w) > 0)
        .map(normalize)
    )
