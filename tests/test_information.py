"""Information content and entropy: hand values, conventions, properties, scipy cross-checks."""

from __future__ import annotations

import math
import sys

import hypothesis.strategies as st
import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings

import helpers
from helpers import (
    conditional_entropy,
    entropy,
    information,
    is_uniquely_decodable,
    joint_entropy,
    mutual_information,
    normalize,
    parses,
)

from .strategies import is_positive_zero

LN2 = math.log(2)



# Probability vectors: normalise non-negative floats, exact zeros included.
weights = st.lists(
    st.one_of(st.just(0.0), st.floats(0.0, 1e6, allow_subnormal=False)), min_size=1, max_size=12
).filter(lambda w: math.fsum(w) > 0)
prob_vectors = weights.map(normalize)
bases = st.floats(0.01, 100.0).filter(lambda b: abs(b - 1.0) > 1e-3)
probabilities = st.one_of(st.just(0.0), st.just(1.0), st.floats(0.0, 1.0))


# --- information -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "base", "expected"),
    [
        (0.5, 2, 1.0),
        (0.25, 2, 2.0),
        (0.125, 2, 3.0),
        (1 / 1024, 2, 10.0),
        (0.5, None, LN2),
        (math.exp(-3), None, 3.0),
        (0.1, 10, 1.0),
        (0.01, 10, 2.0),
        (1 / 6, None, math.log(6)),  # one face of a fair die
    ],
)
def test_information_hand_values(p, base, expected):
    assert information(p, base=base) == pytest.approx(expected, rel=1e-14)
    assert isinstance(information(p, base=base), float)


def test_information_certain_and_impossible_events():
    value = information(1.0)
    assert is_positive_zero(value)  # not -0.0, although -log(1) is -0.0 in IEEE arithmetic
    assert is_positive_zero(information(1, base=2))
    assert is_positive_zero(information(True, base=0.5))
    assert information(0.0) == math.inf
    assert information(0, base=2) == math.inf


def test_information_elementwise():
    out = information([1.0, 0.5, 0.25, 0.0], base=2)
    assert isinstance(out, np.ndarray)
    np.testing.assert_array_equal(out, [0.0, 1.0, 2.0, math.inf])
    assert is_positive_zero(out[0])
    grid = information(np.array([[0.5, 1.0], [0.25, 0.125]]), base=2)
    assert grid.shape == (2, 2)
    np.testing.assert_allclose(grid, [[1.0, 0.0], [2.0, 3.0]], rtol=1e-14)


def test_information_rarer_is_more_surprising():
    ps = np.linspace(0.0, 1.0, 101)
    values = information(ps)
    assert np.all(np.diff(values) < 0)


@pytest.mark.parametrize(
    ("p", "match"),
    [
        (1.5, r"p = 1\.5 is not a probability: it must lie in \[0, 1\]"),
        (-0.1, r"p = -0\.1 is not a probability"),
        ([0.5, 1.0, -0.25], r"p\[2\] = -0\.25 is not a probability"),
        ([0.5, 2], r"p\[1\] = 2\.0 is not a probability"),
        (math.nan, r"p = nan .* finite number"),
        ([0.5, math.inf], r"p\[1\] is inf"),
        ([], r"p is empty"),
    ],
)
def test_information_rejects_bad_probabilities(p, match):
    with pytest.raises(ValueError, match=match):
        information(p)


@pytest.mark.parametrize(
    "bad", ["0.5", b"0.5", None, ["0.5"], 0.5 + 0j, [0.5j], [[0.5], [0.5, 0.5]], {"p": 0.5}]
)
def test_information_rejects_non_numbers(bad):
    with pytest.raises((TypeError, ValueError)):
        information(bad)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(probabilities, probabilities)
def test_information_is_additive_over_independent_events(p, q):
    # P(A and B) = P(A) P(B) for independent events, so I(pq) = I(p) + I(q)
    joint = information(p * q)
    total = information(p) + information(q)
    if math.isinf(total):
        assert joint == math.inf
    elif p * q < sys.float_info.min:
        # the product itself underflowed (to 0 or a subnormal with few significant bits): the
        # inexact input, not information(), is what breaks additivity; it only stays large
        assert joint >= 700.0
    else:
        assert joint == pytest.approx(total, rel=1e-12, abs=1e-12)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(probabilities, bases)
def test_information_change_of_base(p, base):
    nats = information(p)
    assert information(p, base=base) == pytest.approx(nats / math.log(base), rel=1e-12)


# --- entropy ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "base", "expected"),
    [
        ([0.5, 0.5], 2, 1.0),
        ([0.25] * 4, 2, 2.0),
        ([0.5, 0.25, 0.25], 2, 1.5),
        ([0.5, 0.25, 0.125, 0.125], 2, 1.75),
        ([1 / 6] * 6, None, math.log(6)),
        ([0.5, 0.5], None, LN2),
        ([0.1] * 10, 10, 1.0),
        # a biased coin, by hand: -0.9 ln 0.9 - 0.1 ln 0.1
        ([0.9, 0.1], None, -0.9 * math.log(0.9) - 0.1 * math.log(0.1)),
        ([0.5, 0.0, 0.5], 2, 1.0),  # an impossible outcome adds nothing
    ],
)
def test_entropy_hand_values(p, base, expected):
    value = entropy(p, base=base)
    assert isinstance(value, float)
    assert value == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("p", [[1.0], [1.0, 0.0], [0.0, 0.0, 1.0], [0, 1], [True, False]])
@pytest.mark.parametrize("base", [None, 2, 10, 0.5])
def test_entropy_of_a_certain_outcome_is_positive_zero(p, base):
    # 0 log 0 = 0 and 1 log 1 = 0: no NaN, no -0.0 (not even with base < 1, where 1/ln b < 0)
    value = entropy(p, base=base)
    assert not math.isnan(value)
    assert is_positive_zero(value)


def test_entropy_is_the_average_information():
    p = np.array([0.5, 0.25, 0.125, 0.125, 0.0])
    support = p > 0
    expected = float(np.sum(p[support] * information(p[support], base=2)))
    assert entropy(p, base=2) == pytest.approx(expected, rel=1e-14)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(prob_vectors)
def test_entropy_bounds(p):
    n = p.size
    h = entropy(p)
    assert not math.isnan(h)
    assert 0.0 <= h <= math.log(n) * (1 + 1e-12)
    # it never beats the uniform distribution on the same outcomes
    assert h <= entropy(np.full(n, 1.0 / n)) + 1e-12


@pytest.mark.parametrize("n", [1, 2, 3, 7, 64, 1000])
def test_entropy_of_uniform_is_log_n(n):
    uniform = np.full(n, 1.0 / n)
    assert entropy(uniform) == pytest.approx(math.log(n), rel=1e-13, abs=1e-15)
    assert entropy(uniform, base=2) == pytest.approx(math.log2(n), rel=1e-13, abs=1e-15)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(prob_vectors)
def test_entropy_equals_log_n_only_at_uniform(p):
    n = p.size
    if n > 1 and not np.allclose(p, 1.0 / n, rtol=1e-6, atol=0):
        assert entropy(p) < math.log(n)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(prob_vectors, bases)
def test_entropy_change_of_base(p, base):
    assert entropy(p, base=base) == pytest.approx(
        entropy(p) / math.log(base), rel=1e-12, abs=1e-300
    )


@settings(max_examples=100, deadline=None, derandomize=True)
@given(prob_vectors, st.randoms(use_true_random=False))
def test_entropy_ignores_the_order_of_outcomes(p, rnd):
    shuffled = list(p)
    rnd.shuffle(shuffled)
    assert entropy(shuffled) == pytest.approx(entropy(p), rel=1e-12, abs=1e-15)


def test_entropy_matches_scipy_on_random_vectors():
    rng = np.random.default_rng(20240601)
    for trial in range(200):
        n = int(rng.integers(1, 40))
        w = rng.exponential(size=n)
        w[rng.random(n) < 0.3] = 0.0  # exact zeros
        if w.sum() == 0:
            w[0] = 1.0
        p = normalize(w)
        for base in (None, 2, 10):
            expected = scipy.stats.entropy(p, base=base)
            assert entropy(p, base=base) == pytest.approx(expected, rel=1e-12, abs=1e-15), trial


# --- binary entropy --------------------------------------------------------------------------

from itertools import product  # noqa: E402

from helpers import (  # noqa: E402
    average_code_length,
    binary_entropy,
    block_distribution,
    huffman_code,
    normal_differential_entropy,
)


@pytest.mark.parametrize(
    ("p", "base", "expected"),
    [
        (0.5, 2, 1.0),
        (0.5, None, LN2),
        (0.0, 2, 0.0),
        (1.0, 2, 0.0),
        # by hand: -(1/4) log2(1/4) - (3/4) log2(3/4) = 1/2 + (3/4) log2(4/3)
        (0.25, 2, 0.5 + 0.75 * math.log2(4 / 3)),
        (0.1, None, -0.1 * math.log(0.1) - 0.9 * math.log(0.9)),
    ],
)
def test_binary_entropy_hand_values(p, base, expected):
    value = binary_entropy(p, base=base)
    assert isinstance(value, float)
    assert value == pytest.approx(expected, rel=1e-14, abs=1e-300)
    if expected == 0.0:
        assert is_positive_zero(value)


def test_binary_entropy_elementwise_and_shape():
    out = binary_entropy(np.array([[0.0, 0.5], [1.0, 0.25]]), base=2)
    assert out.shape == (2, 2)
    np.testing.assert_allclose(out, [[0.0, 1.0], [0.0, 0.8112781244591328]], rtol=1e-14)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(probabilities)
def test_binary_entropy_is_entropy_of_the_coin(p):
    assert binary_entropy(p) == pytest.approx(entropy([p, 1.0 - p]), abs=1e-14)
    assert binary_entropy(p) == pytest.approx(binary_entropy(1.0 - p), abs=1e-14)
    assert 0.0 <= binary_entropy(p, base=2) <= 1.0


@pytest.mark.parametrize(
    ("p", "error", "match"),
    [
        (1.5, ValueError, r"p = 1\.5 is not a probability"),
        ([0.2, -0.1], ValueError, r"p\[1\] = -0\.1 is not a probability"),
        (math.nan, ValueError, r"p = nan .* finite number"),
        ([], ValueError, "p is empty"),
        ("0.5", TypeError, "string"),
    ],
)
def test_binary_entropy_rejects_bad_input(p, error, match):
    with pytest.raises(error, match=match):
        binary_entropy(p)


def test_binary_entropy_rejects_a_bad_base():
    with pytest.raises(ValueError, match="base"):
        binary_entropy(0.5, base=1)


# --- Huffman codes ---------------------------------------------------------------------------


def is_prefix_free(code) -> bool:
    words = sorted(code)
    return all(not b.startswith(a) for a, b in zip(words, words[1:], strict=False))


def kraft_sum(code) -> float:
    return math.fsum(2.0 ** -len(word) for word in code)


def brute_force_best_length(p) -> float:
    """The smallest average length over all length vectors allowed by Kraft's inequality."""
    n = len(p)
    best = math.inf
    for lengths in product(range(1, n), repeat=n):
        if math.fsum(2.0 ** -k for k in lengths) <= 1.0:
            best = min(best, math.fsum(pi * k for pi, k in zip(p, lengths, strict=True)))
    return best


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        ([1.0], ["0"]),
        ([0.5, 0.5], ["0", "1"]),
        ([0.5, 0.25, 0.125, 0.125], ["0", "10", "110", "111"]),
        ([0.25, 0.25, 0.25, 0.25], ["00", "01", "10", "11"]),
        ([0.4, 0.3, 0.2, 0.1], ["0", "10", "111", "110"]),
        ([0.0, 1.0], ["0", "1"]),
    ],
)
def test_huffman_hand_codes(p, expected):
    assert huffman_code(p) == expected


def test_huffman_ties_are_broken_deterministically():
    # the same probabilities in the same order always give the same words
    p = [0.2] * 5
    assert huffman_code(p) == huffman_code(list(p))
    assert huffman_code(p) == ["110", "111", "00", "01", "10"]


def test_huffman_zero_probability_symbols_get_words_that_take_up_room():
    p = [0.5, 0.0, 0.5, 0.0]
    code = huffman_code(p)
    assert code == ["11", "100", "0", "101"]
    assert is_prefix_free(code) and kraft_sum(code) == 1.0
    # optimal among codes with a word for every symbol, but dropping the impossible symbols
    # first gives the code ["0", "1"], half a bit shorter on average
    assert average_code_length(p, code) == 1.5 == brute_force_best_length(p)
    assert average_code_length([0.5, 0.5], huffman_code([0.5, 0.5])) == 1.0


@pytest.mark.parametrize(
    ("p", "error", "match"),
    [
        ([0.5, 0.6], ValueError, "sums to"),
        ([1.5, -0.5], ValueError, r"p\[1\] = -0\.5 is negative"),
        ([], ValueError, "empty"),
        ([[0.5, 0.5]], ValueError, "one-dimensional"),
        ([0.5, math.nan], ValueError, "NaN"),
        (["a", "b"], TypeError, "numbers"),
    ],
)
def test_huffman_rejects_bad_input(p, error, match):
    with pytest.raises(error, match=match):
        huffman_code(p)


small_vectors = st.lists(
    st.one_of(st.just(0.0), st.floats(1e-3, 1.0)), min_size=2, max_size=7
).filter(lambda w: math.fsum(w) > 0).map(normalize)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(prob_vectors)
def test_huffman_is_prefix_free_complete_and_within_one_bit_of_entropy(p):
    code = huffman_code(p)
    assert len(code) == len(p)
    assert all(set(w) <= {"0", "1"} and w for w in code)
    assert is_prefix_free(code)
    if len(p) > 1:
        assert kraft_sum(code) == 1.0  # Kraft equality: a complete code, no wasted branch
    h2 = entropy(p, base=2)
    length = average_code_length(p, code)
    assert h2 - 1e-12 <= length
    if np.count_nonzero(p) >= 2:
        # strictly below H + 1; a nearly certain outcome has H below rounding error of 1
        assert length < h2 + 1.0 or (length == 1.0 and h2 < 1e-12)
    else:  # one certain outcome: H = 0, but every word has at least one bit
        assert length == 1.0 == h2 + 1.0


@pytest.mark.parametrize("p", [[1.0], [0.0, 1.0], [1.0, 0.0, 0.0]])
def test_a_certain_outcome_costs_one_bit_which_is_h_plus_one(p):
    assert average_code_length(p, huffman_code(p)) == 1.0
    assert entropy(p, base=2) == 0.0


@settings(max_examples=60, deadline=None, derandomize=True)
@given(small_vectors)
def test_huffman_is_optimal_against_brute_force(p):
    length = average_code_length(p, huffman_code(p))
    assert length == pytest.approx(brute_force_best_length(p), abs=1e-12)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(small_vectors.filter(lambda p: len(p) <= 4))
def test_huffman_is_optimal_for_blocks_of_two(p):
    block = block_distribution(p, 2)
    code = huffman_code(block)
    assert is_prefix_free(code)
    per_symbol = average_code_length(block, code) / 2
    h2 = entropy(p, base=2)
    assert h2 - 1e-12 <= per_symbol <= h2 + 0.5  # the overhead is shared by two symbols
    if np.count_nonzero(p) >= 2:
        assert per_symbol < h2 + 0.5


def test_dyadic_distributions_are_coded_at_exactly_their_entropy():
    p = [0.5, 0.25, 0.125, 0.0625, 0.0625]
    code = huffman_code(p)
    assert average_code_length(p, code) == entropy(p, base=2) == 1.875
    assert [len(w) for w in code] == pytest.approx(information(p, base=2), rel=1e-14)


def test_average_code_length_validates():
    assert average_code_length([0.5, 0.25, 0.25], ["0", "10", "11"]) == 1.5
    with pytest.raises(ValueError, match="one word per symbol"):
        average_code_length([0.5, 0.5], ["0"])
    with pytest.raises(ValueError, match="one word per symbol"):
        average_code_length([0.5, 0.5], "01")
    with pytest.raises(ValueError, match=r"code\[1\] = '' is not"):
        average_code_length([0.5, 0.5], ["0", ""])
    with pytest.raises(ValueError, match=r"code\[0\] = '2'"):
        average_code_length([0.5, 0.5], ["2", "1"])


# --- blocks and differential entropy ---------------------------------------------------------


def test_block_distribution_hand_values_and_entropy():
    expected = [9 / 16, 3 / 16, 3 / 16, 1 / 16]
    np.testing.assert_allclose(block_distribution([0.75, 0.25], 2), expected)
    p = [0.7, 0.2, 0.1]
    for n in (1, 2, 3):
        block = block_distribution(p, n)
        assert block.size == 3**n
        assert math.fsum(block) == pytest.approx(1.0, abs=1e-14)
        assert entropy(block) == pytest.approx(n * entropy(p), rel=1e-12)
    # lexicographic order: the last symbol changes fastest
    assert block_distribution(p, 2)[1] == pytest.approx(0.7 * 0.2)


@pytest.mark.parametrize("n", [0, -1, 1.5, True, "2"])
def test_block_distribution_rejects_bad_n(n):
    with pytest.raises(ValueError, match="n must be"):
        block_distribution([0.5, 0.5], n)


def test_block_distribution_refuses_huge_blocks():
    with pytest.raises(ValueError, match="too many"):
        block_distribution([0.5, 0.5], 21)


def test_normal_differential_entropy():
    assert normal_differential_entropy(1.0) == pytest.approx(
        0.5 * math.log(2 * math.pi * math.e), rel=1e-15
    )
    for sigma in (0.01, 0.3, 2.0, 50.0):
        expected = scipy.stats.norm(0.0, sigma).entropy()
        assert normal_differential_entropy(sigma) == pytest.approx(expected, rel=1e-12)
        assert normal_differential_entropy(sigma, base=2) == pytest.approx(expected / LN2)
    threshold = 1 / math.sqrt(2 * math.pi * math.e)
    assert normal_differential_entropy(threshold) == pytest.approx(0.0, abs=1e-15)
    assert normal_differential_entropy(0.9 * threshold) < 0 < normal_differential_entropy(
        1.1 * threshold
    )
    for bad, error in ((0.0, ValueError), (-1.0, ValueError), (math.inf, ValueError),
                       (math.nan, ValueError), ("1", TypeError), (True, TypeError)):
        with pytest.raises(error, match="sigma"):
            normal_differential_entropy(bad)


@pytest.mark.parametrize("function", [information, binary_entropy])
@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_a_scalar_that_is_not_finite_is_named_as_a_scalar(function, value):
    with pytest.raises(ValueError, match=r"^p = .* must be a finite number"):
        function(value)
    with pytest.raises(ValueError, match=r"p\[1\]"):
        function([0.5, value])


# --- codes: Kraft's sum, parses, unique decodability ------------------------------------------


def test_kraft_sum_hand_values_and_words():
    assert helpers.kraft_sum([1, 2, 3, 3]) == 1.0
    assert helpers.kraft_sum([1, 1, 2]) == 1.25
    assert helpers.kraft_sum(["0", "1", "00"]) == 1.25
    assert helpers.kraft_sum([2, 2, 2]) == 0.75
    assert helpers.kraft_sum(np.array([1, 2, 3, 4, 4])) == 1.0
    assert helpers.kraft_sum([60, 60]) == 2.0**-59  # exact powers of two


@pytest.mark.parametrize(
    ("bad", "message"),
    [([], "non-empty"), ("0101", "non-empty"), ([1, 0], r"lengths\[1\] = 0"),
     ([1, 2.5], r"lengths\[1\] = 2.5"), ([True], "lengths"), (["0", "2"], r"code\[1\]"),
     (["0", ""], r"code\[1\]")],
)
def test_kraft_sum_rejects_bad_input(bad, message):
    with pytest.raises(ValueError, match=message):
        helpers.kraft_sum(bad)


def test_parses_finds_every_cut():
    assert parses(["0", "1", "00"], "00") == [[0, 0], [2]]
    assert parses(["0", "1", "00"], "000") == [[0, 0, 0], [0, 2], [2, 0]]
    assert parses(["0", "10", "11"], "01011") == [[0, 1, 2]]
    assert parses(["0", "10"], "11") == []
    assert parses(["0", "10"], "") == [[]]
    with pytest.raises(ValueError, match="message"):
        parses(["0"], "012")
    with pytest.raises(ValueError, match="64"):
        parses(["0"], "0" * 65)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (["0", "10", "110", "111"], True),  # prefix
        (["0", "01", "11"], True),  # a suffix code: not prefix, still decodable
        (["0", "01", "011", "0111"], True),  # "comma" code read backwards
        (["0", "1", "00"], False),
        (["0", "01", "10"], False),  # 010 = 0|10 = 01|0
        (["1", "011", "01110", "1110", "10011"], False),  # Sardinas-Patterson's textbook case
        (["0", "0"], False),  # one word for two symbols
        (["1"], True),
    ],
)
def test_unique_decodability_hand_cases(code, expected):
    assert is_uniquely_decodable(code) is expected


def _all_strings(max_len):
    for n in range(1, max_len + 1):
        for k in range(2**n):
            yield format(k, f"0{n}b")


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.text("01", min_size=1, max_size=4), min_size=1, max_size=4))
def test_unique_decodability_agrees_with_brute_force(code):
    """No string of up to 10 bits has two parses exactly when Sardinas-Patterson says so.

    For words of at most 4 bits, a shortest ambiguous string (if any) is short enough: checked
    here by brute force on every string of up to 10 bits.
    """
    ambiguous = any(len(parses(code, s)) > 1 for s in _all_strings(10))
    if len(set(code)) < len(code):
        ambiguous = True
    if is_uniquely_decodable(code):
        assert not ambiguous
        assert helpers.kraft_sum(code) <= 1.0  # McMillan
    else:
        assert ambiguous, code


def test_huffman_codes_are_uniquely_decodable():
    rng = np.random.default_rng(3)
    assert helpers.kraft_sum(huffman_code([1.0])) == 0.5  # one symbol still gets a one-bit word
    for n in range(2, 9):
        code = huffman_code(rng.dirichlet(np.ones(n)))
        assert is_uniquely_decodable(code)
        assert helpers.kraft_sum(code) == 1.0


# --- two random variables ----------------------------------------------------------------------

tables = st.tuples(st.integers(1, 4), st.integers(1, 4)).flatmap(
    lambda shape: st.lists(
        st.one_of(st.just(0.0), st.floats(1e-6, 1.0)),
        min_size=shape[0] * shape[1], max_size=shape[0] * shape[1],
    ).filter(lambda w: math.fsum(w) > 0).map(lambda w: normalize(w).reshape(shape))
)


def test_joint_quantities_hand_values():
    same = [[0.5, 0.0], [0.0, 0.5]]
    independent = [[0.25, 0.25], [0.25, 0.25]]
    assert joint_entropy(same, base=2) == 1.0
    assert joint_entropy(independent, base=2) == 2.0
    assert conditional_entropy(same) == 0.0
    assert conditional_entropy(independent, base=2) == pytest.approx(1.0, abs=1e-15)
    assert mutual_information(same, base=2) == pytest.approx(1.0, abs=1e-15)
    assert mutual_information(independent) == 0.0
    # X a fair coin, Y = X flipped with probability 0.1: I = 1 − H_b(0.1) bits
    noisy = [[0.45, 0.05], [0.05, 0.45]]
    hb = float(scipy.stats.entropy([0.1, 0.9], base=2))
    assert conditional_entropy(noisy, base=2) == pytest.approx(hb, abs=1e-12)
    assert mutual_information(noisy, base=2) == pytest.approx(1 - hb, abs=1e-12)
    assert joint_entropy(noisy, base=2) == pytest.approx(1 + hb, abs=1e-12)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(tables)
def test_chain_rule_and_mutual_information_identities(joint):
    hx, hy = entropy(joint.sum(axis=1)), entropy(joint.sum(axis=0))
    hxy = joint_entropy(joint)
    h_y_given_x = conditional_entropy(joint)
    h_x_given_y = conditional_entropy(joint.T)
    mi = mutual_information(joint)
    assert hxy == pytest.approx(hx + h_y_given_x, abs=1e-9)  # chain rule
    assert hxy == pytest.approx(hy + h_x_given_y, abs=1e-9)
    assert mi == pytest.approx(hx + hy - hxy, abs=1e-9)
    assert mi == pytest.approx(hy - h_y_given_x, abs=1e-9)
    assert mi == pytest.approx(mutual_information(joint.T), abs=1e-12)  # symmetric
    assert 0.0 <= mi <= min(hx, hy) + 1e-9
    assert 0.0 <= h_y_given_x <= hy + 1e-9  # conditioning never increases entropy on average
    product = np.outer(joint.sum(axis=1), joint.sum(axis=0))
    assert mi == pytest.approx(float(scipy.stats.entropy(joint.ravel(), product.ravel())),
                               abs=1e-9)
    assert mutual_information(product) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("fn", [joint_entropy, conditional_entropy, mutual_information])
def test_joint_quantities_reject_bad_tables(fn):
    with pytest.raises(ValueError, match="2-D"):
        fn([0.5, 0.5])
    with pytest.raises(ValueError, match=r"joint\[1, 0\] = -0.1 is negative"):
        fn([[0.6, 0.5], [-0.1, 0.0]])
    with pytest.raises(ValueError, match="sums to"):
        fn([[0.5, 0.5], [0.5, 0.0]])
    with pytest.raises(ValueError, match="NaN"):
        fn([[0.5, np.nan], [0.5, 0.0]])
    with pytest.raises(TypeError):
        fn("abc")
    with pytest.raises(ValueError, match="empty"):
        fn(np.zeros((0, 2)))


def test_joint_quantities_units_signs_and_zero_rows():
    joint = np.array([[0.2, 0.3], [0.0, 0.0], [0.1, 0.4]])  # X's middle value never happens
    for fn in (joint_entropy, conditional_entropy, mutual_information):
        assert fn(joint, base=2) == pytest.approx(fn(joint) / LN2, rel=1e-12)
        assert is_positive_zero(fn([[1.0]]))
    reduced = joint[[0, 2]]
    assert conditional_entropy(joint) == pytest.approx(conditional_entropy(reduced), abs=1e-15)
    assert mutual_information(joint) == pytest.approx(mutual_information(reduced), abs=1e-15)
