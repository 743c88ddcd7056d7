"""Checks for the claims of mathnotes/02-entropy.md."""

from __future__ import annotations

import math
from itertools import product

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad
from scipy.optimize import brentq

from helpers import (
    average_code_length,
    binary_entropy,
    block_distribution,
    entropy,
    huffman_code,
    information,
    normal_differential_entropy,
    normalize,
)
from helpers.examples import discretize_normal
from helpers.figures.entropy import grid_entropy, half_bit_probability, simplex_entropy_grid

LN2 = math.log(2)
SETTINGS = settings(max_examples=80, deadline=None, derandomize=True)

vectors = st.lists(
    st.one_of(st.just(0.0), st.floats(1e-4, 1.0)), min_size=1, max_size=8
).filter(lambda w: math.fsum(w) > 0).map(normalize)


@pytest.mark.claim("entropy-expected-information")
@SETTINGS
@given(vectors, st.randoms(use_true_random=False))
def test_entropy_is_expected_information(p, rng):
    positive = p[p > 0]
    expected = float(np.sum(positive * information(positive)))
    assert entropy(p) == pytest.approx(expected, abs=1e-12)
    assert entropy(p) == pytest.approx(scipy.stats.entropy(p), abs=1e-12)
    assert entropy(p, base=2) == pytest.approx(expected / LN2, abs=1e-12)
    shuffled = list(p)
    rng.shuffle(shuffled)
    assert entropy(shuffled) == pytest.approx(entropy(p), abs=1e-12)


@pytest.mark.claim("entropy-bounds-uniform-max")
@SETTINGS
@given(vectors)
def test_entropy_between_zero_and_log_n(p):
    n = p.size
    value = entropy(p)
    assert -1e-15 <= value <= math.log(n) + 1e-12
    if np.max(p) == 1.0:
        assert value == 0.0
    if not np.allclose(p, 1 / n):
        assert value < math.log(n)


@pytest.mark.claim("entropy-bounds-uniform-max")
def test_uniform_reaches_log_n_and_three_outcomes_reach_log2_3():
    for n in (1, 2, 3, 10):
        assert entropy(np.full(n, 1 / n)) == pytest.approx(math.log(n), abs=1e-14)
    assert entropy([1 / 3] * 3, base=2) == pytest.approx(1.585, abs=5e-4)
    _, _, h = simplex_entropy_grid(301)
    assert np.nanmax(h) <= math.log2(3) + 1e-12
    assert np.nanmax(h) == pytest.approx(math.log2(3), abs=1e-3)
    assert np.nanmin(h) == pytest.approx(0.0, abs=1e-9)


@pytest.mark.claim("entropy-binary-shape")
def test_binary_entropy_shape():
    ps = np.linspace(0.0, 1.0, 2001)
    h = binary_entropy(ps)
    np.testing.assert_allclose(h, h[::-1], atol=1e-15)
    assert h[0] == h[-1] == 0.0
    assert int(np.argmax(h)) == 1000 and h[1000] == pytest.approx(LN2, rel=1e-15)
    assert binary_entropy(0.5, base=2) == 1.0
    assert np.all(np.diff(h, 2) < 0)  # strictly concave
    # derivative log((1-p)/p), second derivative -1/(p(1-p)), by central differences
    for p in (0.05, 0.3, 0.7):
        d = 1e-5
        slope = (binary_entropy(p + d) - binary_entropy(p - d)) / (2 * d)
        assert slope == pytest.approx(math.log((1 - p) / p), rel=1e-6)
        curvature = (binary_entropy(p + d) - 2 * binary_entropy(p) + binary_entropy(p - d)) / d**2
        assert curvature == pytest.approx(-1 / (p * (1 - p)), rel=1e-3)
    # infinite slope at 0: the difference quotient grows without bound
    quotients = [binary_entropy(t) / t for t in (1e-3, 1e-6, 1e-9)]
    assert quotients[0] < quotients[1] < quotients[2] and quotients[2] > 20


@pytest.mark.claim("entropy-half-bit-point")
def test_half_bit_point():
    p_star = half_bit_probability()
    assert p_star == pytest.approx(0.110028, abs=5e-7)
    assert binary_entropy(p_star, base=2) == pytest.approx(0.5, abs=1e-12)
    assert binary_entropy(1 - p_star, base=2) == pytest.approx(0.5, abs=1e-12)
    # independently, on the other side and with scipy's entropy
    other = brentq(lambda p: scipy.stats.entropy([p, 1 - p], base=2) - 0.5, 0.5, 1 - 1e-12)
    assert other == pytest.approx(0.889972, abs=5e-7)
    # unique in (0, 1/2): H_b is increasing there
    ps = np.linspace(1e-9, 0.5, 10001)
    assert np.all(np.diff(binary_entropy(ps)) > 0)


@pytest.mark.claim("entropy-simplex-edge-binary")
@SETTINGS
@given(st.floats(0.0, 1.0))
def test_simplex_edge_is_binary_entropy(p):
    assert entropy([p, 1 - p, 0.0]) == pytest.approx(binary_entropy(p), abs=1e-14)
    assert entropy([0.0, p, 1 - p]) == pytest.approx(binary_entropy(p), abs=1e-14)


def _kraft(lengths) -> float:
    return math.fsum(2.0**-k for k in lengths)


def _is_prefix_free(words) -> bool:
    return not any(a != b and b.startswith(a) for a in words for b in words)


@pytest.mark.claim("entropy-kraft")
def test_kraft_inequality_both_ways():
    # every prefix code satisfies it: all prefix-free sets of words of length <= 3 over 4 symbols
    words = ["".join(bits) for k in (1, 2, 3) for bits in product("01", repeat=k)]
    rng = np.random.default_rng(0)
    for _ in range(3000):
        chosen = list(rng.choice(words, size=4, replace=False))
        if _is_prefix_free(chosen):
            assert _kraft([len(w) for w in chosen]) <= 1.0
    # and every length vector that satisfies it has a prefix code (the canonical construction)
    for lengths in product(range(1, 5), repeat=4):
        if _kraft(lengths) <= 1.0:
            code, value, previous = [], 0, 0
            for length in sorted(lengths):
                value <<= length - previous
                code.append(format(value, f"0{length}b"))
                value += 1
                previous = length
            assert _is_prefix_free(code) and sorted(map(len, code)) == sorted(lengths)


@pytest.mark.claim("entropy-kraft")
@SETTINGS
@given(vectors.filter(lambda p: p.size >= 2))
def test_huffman_codes_are_complete(p):
    assert _kraft([len(w) for w in huffman_code(p)]) == 1.0


@pytest.mark.claim("entropy-kraft")
def test_with_zero_probabilities_an_optimal_code_can_be_incomplete():
    p = [1.0, 0.0, 0.0]
    words = ["0", "10", "110"]
    assert _is_prefix_free(words) and _kraft([len(w) for w in words]) == 0.875
    assert average_code_length(p, words) == 1.0 == average_code_length(p, huffman_code(p))
    assert _kraft([len(w) for w in huffman_code(p)]) == 1.0


@pytest.mark.claim("entropy-kraft")
@SETTINGS
@given(vectors.filter(lambda p: p.size >= 2 and np.all(p > 0) and p.size <= 5))
def test_every_optimal_length_vector_is_complete_when_all_probabilities_are_positive(p):
    candidates = [
        lengths for lengths in product(range(1, p.size), repeat=p.size) if _kraft(lengths) <= 1.0
    ]
    best = min(float(p @ np.array(lengths)) for lengths in candidates)
    for lengths in candidates:
        if float(p @ np.array(lengths)) <= best + 1e-12:
            assert _kraft(lengths) == 1.0


@pytest.mark.claim("entropy-code-lower-bound")
@SETTINGS
@given(vectors.filter(lambda p: p.size <= 6))
def test_no_prefix_code_beats_entropy(p):
    h2 = entropy(p, base=2)
    for lengths in product(range(1, 6), repeat=p.size):
        if _kraft(lengths) <= 1.0:
            assert float(p @ np.array(lengths)) >= h2 - 1e-12


@pytest.mark.claim("entropy-code-lower-bound")
def test_equality_for_powers_of_a_half():
    p = [0.5, 0.25, 0.125, 0.125]
    assert average_code_length(p, huffman_code(p)) == 1.75
    assert entropy(p, base=2) == pytest.approx(1.75, rel=1e-15)
    p = [0.5, 0.3, 0.2]
    assert average_code_length(p, huffman_code(p)) > entropy(p, base=2)


@pytest.mark.claim("entropy-code-upper-bound")
@SETTINGS
@given(vectors)
def test_shannon_lengths_and_the_plus_one(p):
    positive = p[p > 0]
    lengths = np.ceil(information(positive, base=2) - 1e-12)
    lengths = np.maximum(lengths, 1)
    h2 = entropy(p, base=2)
    length = average_code_length(p, huffman_code(p))
    if positive.size >= 2:
        assert _kraft(lengths) <= 1.0 + 1e-12
        assert float(positive @ lengths) < h2 + 1.0
        assert length <= float(positive @ lengths) + 1e-12 or np.count_nonzero(p) < p.size
        assert length < h2 + 1.0 or h2 < 1e-12
    else:
        assert length == 1.0 and h2 == 0.0


@pytest.mark.claim("entropy-code-upper-bound")
@pytest.mark.parametrize(
    "p",
    [[0.5, 0.5, 0.0], [0.5, 0.0, 0.5, 0.0, 0.0, 0.0], [0.5, 0.25, 0.25, 0.0],
     [0.9, 0.1, 0.0, 0.0], [0.0, 0.6, 0.3, 0.1, 0.0], [1.0, 0.0, 0.0]],
)
def test_zero_probability_words_keep_the_bound(p):
    h2 = entropy(p, base=2)
    code = huffman_code(p)
    assert len(code) == len(p) and _is_prefix_free(code)
    length = average_code_length(p, code)
    positive = [x for x in p if x > 0]
    if len(positive) == 1:
        assert length == 1.0 == h2 + 1
        return
    assert length < h2 + 1
    powers_of_a_half = all(math.log2(x).is_integer() for x in positive)
    if powers_of_a_half:  # no room left by the others: one word longer, by p_j < 1
        assert length == pytest.approx(h2 + min(positive), abs=1e-12)


@pytest.mark.claim("entropy-huffman-optimal")
@SETTINGS
@given(vectors.filter(lambda p: 2 <= p.size <= 6))
def test_huffman_matches_the_best_code_by_brute_force(p):
    best = min(
        float(p @ np.array(lengths))
        for lengths in product(range(1, p.size), repeat=p.size)
        if _kraft(lengths) <= 1.0
    )
    assert average_code_length(p, huffman_code(p)) == pytest.approx(best, abs=1e-12)


@pytest.mark.claim("entropy-huffman-optimal")
def test_huffman_example():
    p = [0.4, 0.3, 0.2, 0.1]
    code = huffman_code(p)
    assert [len(w) for w in code] == [1, 2, 3, 3]
    assert average_code_length(p, code) == pytest.approx(1.9, abs=1e-14)
    assert entropy(p, base=2) == pytest.approx(1.846, abs=5e-4)


@pytest.mark.claim("entropy-blocks")
def test_blocks_squeeze_towards_entropy():
    p = np.array([0.7, 0.2, 0.1])
    h2 = entropy(p, base=2)
    assert h2 == pytest.approx(1.157, abs=5e-4)
    per_symbol = []
    for n in (1, 2, 3, 4, 5):
        block = block_distribution(p, n)
        assert entropy(block, base=2) == pytest.approx(n * h2, rel=1e-12)
        value = average_code_length(block, huffman_code(block)) / n
        assert h2 - 1e-12 <= value < h2 + 1 / n
        per_symbol.append(value)
    np.testing.assert_allclose(per_symbol[:3], [1.3, 1.165, 1.1753], atol=5e-4)
    assert per_symbol[2] > per_symbol[1]  # not monotone
    assert per_symbol[-1] - h2 < 0.05


@pytest.mark.claim("entropy-normal-differential")
@pytest.mark.parametrize("sigma", [0.05, 0.3, 1.0, 4.0])
def test_normal_differential_entropy_by_quadrature(sigma):
    dist = scipy.stats.norm(1.5, sigma)

    def integrand(x):
        f = dist.pdf(x)
        return -f * math.log(f) if f > 0 else 0.0

    value, _ = quad(integrand, 1.5 - 12 * sigma, 1.5 + 12 * sigma, limit=200)
    expected = 0.5 * math.log(2 * math.pi * math.e * sigma**2)
    assert value == pytest.approx(expected, abs=1e-8)
    assert normal_differential_entropy(sigma) == pytest.approx(expected, rel=1e-14, abs=1e-15)


@pytest.mark.claim("entropy-differential-negative")
def test_differential_entropy_can_be_negative():
    threshold = 1 / math.sqrt(2 * math.pi * math.e)
    assert threshold == pytest.approx(0.2420, abs=5e-5)
    assert normal_differential_entropy(threshold) == pytest.approx(0.0, abs=1e-15)
    assert normal_differential_entropy(0.1) == pytest.approx(-0.884, abs=5e-4)
    assert normal_differential_entropy(0.24) < 0 < normal_differential_entropy(0.25)


@pytest.mark.claim("entropy-differential-units")
@pytest.mark.parametrize("a", [0.01, 2.0, 100.0])
def test_rescaling_adds_log_a(a):
    for sigma in (0.1, 1.0):
        assert normal_differential_entropy(a * sigma) == pytest.approx(
            normal_differential_entropy(sigma) + math.log(a), rel=1e-12
        )
    assert normal_differential_entropy(1000.0) - normal_differential_entropy(1.0) == (
        pytest.approx(6.908, abs=5e-4)
    )


@pytest.mark.claim("entropy-grid-version")
def test_grid_entropy_is_h_minus_log_dx():
    h = normal_differential_entropy(1.0)
    _, masses, h_grid = grid_entropy(1.0, 0.1)
    assert masses.sum() == pytest.approx(1.0, abs=1e-12)
    assert h_grid + math.log(0.1) == pytest.approx(1.4194, abs=5e-5)
    assert h == pytest.approx(1.4189, abs=5e-5)
    errors = [abs(grid_entropy(1.0, dx)[2] + math.log(dx) - h) for dx in (0.5, 0.1, 0.02)]
    assert errors[0] > errors[1] > errors[2] and errors[2] < 1e-4
    # H itself grows without bound, by about log 2 per halving of the spacing
    assert grid_entropy(1.0, 0.01)[2] - grid_entropy(1.0, 0.02)[2] == pytest.approx(LN2, abs=1e-3)


@pytest.mark.claim("entropy-grid-version")
def test_grid_log_dx_terms_cancel_in_kl():
    from helpers import kl_divergence

    for dx in (0.1, 0.02):
        x = np.arange(-12, 12 + dx / 2, dx)
        p, q = discretize_normal(x, 0.0, 1.0), discretize_normal(x, 1.0, 1.0)
        assert kl_divergence(p, q) == pytest.approx(0.5, abs=5e-3)


# --- McMillan, and a code that is not uniquely decodable ------------------------------------

from helpers import (  # noqa: E402
    conditional_entropy,
    is_uniquely_decodable,
    joint_entropy,
    kraft_sum,
    mutual_information,
    parses,
)
from helpers.figures.entropy import noisy_copy_joint, two_variables_summary  # noqa: E402


def _concatenation_lengths(code, k):
    """A_m: how many sequences of k words have m bits in total, and how many distinct strings."""
    counts, strings = {}, {}
    for words in product(code, repeat=k):
        joined = "".join(words)
        counts[len(joined)] = counts.get(len(joined), 0) + 1
        strings.setdefault(len(joined), set()).add(joined)
    return counts, strings


@pytest.mark.claim("entropy-mcmillan")
def test_mcmillan_counting_argument():
    suffix_code = ["0", "01", "11"]  # not a prefix code, but uniquely decodable
    assert not all(not b.startswith(a) for a in suffix_code for b in suffix_code if a != b)
    assert is_uniquely_decodable(suffix_code)
    for code in (suffix_code, ["0", "10", "110", "111"], ["0", "01", "011", "0111"],
                 ["00", "01", "1"]):
        assert is_uniquely_decodable(code)
        s, longest = kraft_sum(code), max(map(len, code))
        for k in range(1, 6):
            counts, strings = _concatenation_lengths(code, k)
            # S^k = Σ_m A_m 2^{-m}, the concatenations are distinct, so A_m <= 2^m
            assert s**k == pytest.approx(sum(a * 2.0**-m for m, a in counts.items()))
            for m, a in counts.items():
                assert len(strings[m]) == a <= 2**m
            assert s**k <= k * longest
        assert s <= 1.0
    # a non-decodable code breaks the counting: two sequences give the same string
    counts, strings = _concatenation_lengths(["0", "1", "00"], 3)
    assert counts[4] > len(strings[4])  # 0|0|00, 0|00|0 and 00|0|0 are all 0000
    # S > 1 makes S^k outgrow k * l_max: for S = 1.25 and l_max = 2, from k = 16 on
    first = next(k for k in range(1, 100) if 1.25**k > 2 * k)
    assert first == 16 and all(1.25**k > 2 * k for k in range(first, 200))


@pytest.mark.claim("entropy-mcmillan")
def test_uniquely_decodable_codes_obey_kraft_and_entropy_bound():
    """Every uniquely decodable code of up to 4 words of up to 4 bits: Kraft <= 1 and L >= H."""
    rng = np.random.default_rng(5)
    words = [format(k, f"0{n}b") for n in range(1, 5) for k in range(2**n)]
    found = 0
    for _ in range(3000):
        size = int(rng.integers(2, 5))
        code = list(rng.choice(words, size=size, replace=False))
        if not is_uniquely_decodable(code):
            continue
        found += 1
        assert kraft_sum(code) <= 1.0
        p = rng.dirichlet(np.ones(size))
        assert average_code_length(p, code) >= entropy(p, base=2) - 1e-12
    assert found > 100


@pytest.mark.claim("entropy-not-uniquely-decodable")
def test_a_code_that_beats_h_cannot_be_decoded():
    p, code = [0.5, 0.25, 0.25], ["0", "1", "00"]
    assert average_code_length(p, code) == 1.25
    assert entropy(p, base=2) == pytest.approx(1.5)
    assert kraft_sum(code) == 1.25
    assert parses(code, "00") == [[0, 0], [2]]  # symbol 1 twice, or symbol 3 once
    assert not is_uniquely_decodable(code)


# --- two random variables --------------------------------------------------------------------

tables = st.tuples(st.integers(1, 4), st.integers(1, 4)).flatmap(
    lambda shape: st.lists(
        st.one_of(st.just(0.0), st.floats(1e-4, 1.0)),
        min_size=shape[0] * shape[1], max_size=shape[0] * shape[1],
    ).filter(lambda w: math.fsum(w) > 0).map(lambda w: normalize(w).reshape(shape))
)


@pytest.mark.claim("entropy-joint-independent")
@SETTINGS
@given(vectors, vectors)
def test_joint_entropy_of_independent_variables_adds(px, py):
    joint = np.outer(px, py)
    assert joint_entropy(joint) == pytest.approx(entropy(px) + entropy(py), abs=1e-9)
    # the joint entropy is the entropy of the table read as one vector
    assert joint_entropy(joint) == pytest.approx(entropy(joint.ravel() / joint.sum()), abs=1e-9)


@pytest.mark.claim("entropy-conditional")
@SETTINGS
@given(tables)
def test_conditional_entropy_is_the_average_of_the_rows(joint):
    px = joint.sum(axis=1)
    by_rows = sum(px[i] * entropy(joint[i] / px[i]) for i in range(px.size) if px[i] > 0)
    assert conditional_entropy(joint) == pytest.approx(by_rows, abs=1e-9)
    assert conditional_entropy(joint) >= 0.0


@pytest.mark.claim("entropy-conditional")
def test_conditional_entropy_zero_exactly_for_a_function():
    function = np.array([[0.3, 0.0, 0.0], [0.0, 0.0, 0.2], [0.0, 0.0, 0.5]])  # y = f(x)
    assert conditional_entropy(function) == 0.0
    assert conditional_entropy(function.T) > 0.0  # x is not a function of y


@pytest.mark.claim("entropy-chain-rule")
@SETTINGS
@given(tables)
def test_chain_rule(joint):
    hx, hy = entropy(joint.sum(axis=1)), entropy(joint.sum(axis=0))
    assert joint_entropy(joint) == pytest.approx(hx + conditional_entropy(joint), abs=1e-9)
    assert joint_entropy(joint) == pytest.approx(hy + conditional_entropy(joint.T), abs=1e-9)


@pytest.mark.claim("entropy-mutual-information")
@SETTINGS
@given(tables)
def test_mutual_information_identities(joint):
    px, py = joint.sum(axis=1), joint.sum(axis=0)
    hx, hy, hxy = entropy(px), entropy(py), joint_entropy(joint)
    mi = mutual_information(joint)
    product = np.outer(px, py)
    assert mi == pytest.approx(float(scipy.stats.entropy(joint.ravel(), product.ravel())),
                               abs=1e-9)
    assert mi == pytest.approx(hx + hy - hxy, abs=1e-9)
    assert mi == pytest.approx(hy - conditional_entropy(joint), abs=1e-9)
    assert mi == pytest.approx(hx - conditional_entropy(joint.T), abs=1e-9)
    assert mi == pytest.approx(mutual_information(joint.T), abs=1e-12)
    assert -1e-12 <= mi <= min(hx, hy) + 1e-9
    assert conditional_entropy(joint) <= hy + 1e-9
    assert mutual_information(product) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.claim("entropy-mutual-information")
def test_one_row_can_be_more_uncertain_than_y():
    joint = np.array([[0.9, 0.0], [0.05, 0.05]])
    assert entropy(joint.sum(axis=0), base=2) == pytest.approx(binary_entropy(0.05, base=2))
    assert entropy(joint.sum(axis=0), base=2) == pytest.approx(0.286, abs=5e-4)
    assert entropy(joint[1] / joint[1].sum(), base=2) == pytest.approx(1.0)
    assert conditional_entropy(joint, base=2) == pytest.approx(0.1)
    # MI(X; Y) is written with a semicolon and is not the information content I(p)
    assert mutual_information(joint) != information(0.05)


@pytest.mark.claim("entropy-noisy-copy")
@pytest.mark.parametrize("a", [0.5, 0.2, 0.9])
@pytest.mark.parametrize("r", [0.0, 0.1, 0.3, 0.5, 0.8, 1.0])
def test_noisy_copy_closed_form(a, r):
    joint = noisy_copy_joint(a, r)
    v = two_variables_summary(joint)
    assert v["H(Y|X)"] == pytest.approx(binary_entropy(r, base=2), abs=1e-12)
    closed = binary_entropy(a * (1 - r) + (1 - a) * r, base=2) - binary_entropy(r, base=2)
    assert v["MI(X;Y)"] == pytest.approx(closed, abs=1e-12)
    if a == 0.5:
        assert v["MI(X;Y)"] == pytest.approx(1 - binary_entropy(r, base=2), abs=1e-12)
        if r in (0.0, 1.0):
            assert v["MI(X;Y)"] == pytest.approx(1.0)
        if r == 0.5:
            assert v["MI(X;Y)"] == pytest.approx(0.0, abs=1e-12)
        if r == 0.1:
            assert round(v["MI(X;Y)"], 3) == 0.531
