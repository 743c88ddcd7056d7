"""Information content and entropy of discrete distributions; codes; two random variables.

* One variable: :func:`information`, :func:`entropy`, :func:`binary_entropy`,
  :func:`normal_differential_entropy`.
* Codes: :func:`huffman_code`, :func:`average_code_length`, :func:`block_distribution`,
  :func:`kraft_sum` (Kraft and McMillan), :func:`parses` and :func:`is_uniquely_decodable`.
* Two variables, from their joint table (rows X, columns Y): :func:`joint_entropy`,
  :func:`conditional_entropy`, :func:`mutual_information` (written MI(X; Y), with a semicolon,
  unlike the information content I(p) of one event).

Units: ``base=None`` means the natural logarithm (nats); ``base=2`` gives bits. Changing the base
multiplies every quantity by ``1/ln(base)``.

Conventions: ``0 * log 0 = 0`` (an impossible outcome contributes nothing to an entropy) and the
information content of an impossible event is ``+inf``.
"""

from __future__ import annotations

import heapq
import math

import numpy as np

from .validation import (
    SUM_TOLERANCE,
    as_distribution,
    check_finite,
    check_nonnegative,
    log_base_factor,
    real_array,
)

_TINY = float(np.nextafter(0.0, 1.0))  # smallest positive (subnormal) float


def information(p, base=None):
    r"""Information content (surprisal) :math:`I(p) = -\log p` of an event of probability ``p``.

    Parameters
    ----------
    p : float or array_like
        Probability in ``[0, 1]``; an array is handled elementwise.
    base : float, optional
        Logarithm base; ``None`` (default) gives nats, ``2`` gives bits.

    Returns
    -------
    float or numpy.ndarray
        A float for a scalar ``p``, an array of the same shape for an array. ``information(0)``
        is ``inf``; ``information(1)`` is ``0.0``.

    Examples
    --------
    >>> information(0.5, base=2)
    1.0
    >>> information([1.0, 0.25, 0.0], base=2)
    array([ 0.,  2., inf])
    """
    factor = log_base_factor(base)
    scalar = np.ndim(p) == 0
    arr = _probabilities(p)
    with np.errstate(divide="ignore"):
        out = -np.log(arr) * factor + 0.0  # + 0.0 turns -0.0 (at p = 1) into 0.0
    return float(out) if scalar else out


def entropy(p, base=None) -> float:
    r"""Shannon entropy :math:`H(p) = -\sum_i p_i \log p_i`, with :math:`0 \log 0 = 0`.

    Parameters
    ----------
    p : array_like, 1-D
        Probabilities summing to 1 (use :func:`helpers.normalize` for counts).
    base : float, optional
        ``None`` for nats (default), ``2`` for bits.

    Returns
    -------
    float
        Between 0 and ``log(len(p))``; 0 for a certain outcome, ``log n`` for the uniform
        distribution.

    Examples
    --------
    >>> entropy([0.5, 0.5], base=2)
    1.0
    >>> entropy([1.0, 0.0])
    0.0
    """
    arr = as_distribution(p, "p")
    # 0 log 0 = 0: raising 0 to the smallest positive float makes its log finite (about -744),
    # so an impossible outcome adds exactly 0 * -744 = 0; positive entries are unchanged.
    logs = np.log(np.fmax(arr, _TINY))
    logs *= arr
    value = -float(np.add.reduce(logs))
    return max(value, 0.0) * log_base_factor(base) + 0.0


def binary_entropy(p, base=None):
    r"""Entropy of a coin that shows heads with probability ``p``.

    .. math:: H_b(p) = -p \log p - (1 - p) \log (1 - p), \qquad 0 \log 0 = 0.

    Parameters
    ----------
    p : float or array_like
        Probability of heads, in ``[0, 1]``; an array is handled elementwise.
    base : float, optional
        ``None`` (default) for nats, ``2`` for bits.

    Returns
    -------
    float or numpy.ndarray
        A float for a scalar ``p``, an array of the same shape otherwise. 0 at ``p = 0`` and
        ``p = 1`` (a coin that always lands the same way tells nothing), largest at ``p = 1/2``:
        ``log 2`` nats = 1 bit. Symmetric: ``H_b(p) = H_b(1 - p)``.

    Examples
    --------
    >>> binary_entropy(0.5, base=2)
    1.0
    >>> binary_entropy([0.0, 0.25, 1.0], base=2).round(4)
    array([0.    , 0.8113, 0.    ])
    """
    factor = log_base_factor(base)
    scalar = np.ndim(p) == 0
    arr = _probabilities(p)
    q = 1.0 - arr
    # 0 log 0 = 0 without a warning: log of max(x, tiny) is finite, and 0 times it is 0
    value = -(arr * np.log(np.fmax(arr, _TINY)) + q * np.log(np.fmax(q, _TINY)))
    out = np.clip(value, 0.0, None) * factor + 0.0
    return float(out) if scalar else out


def _probabilities(p) -> np.ndarray:
    """``p`` as a float array of probabilities in [0, 1] (any shape), or a located error."""
    scalar = np.ndim(p) == 0
    if isinstance(p, (str, bytes)):
        raise TypeError(f"p must be a probability, got a string {p!r}")
    arr = np.asarray(p)
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.floating)
        or np.issubdtype(arr.dtype, np.integer)
        or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise TypeError(f"p must be real numbers, got dtype {arr.dtype}")
    arr = arr.astype(float)
    if arr.size == 0:
        raise ValueError("p is empty")
    if scalar and not np.isfinite(arr):
        raise ValueError(f"p = {float(arr)!r} is not a probability: it must be a finite number")
    check_finite(arr.reshape(-1), "p")
    outside = (arr < 0) | (arr > 1)
    if outside.any():
        idx = int(np.flatnonzero(outside.reshape(-1))[0])
        where = "" if scalar else f"[{idx}]"
        value = float(arr.reshape(-1)[idx])
        raise ValueError(f"p{where} = {value!r} is not a probability: it must lie in [0, 1]")
    return arr


def huffman_code(p) -> list[str]:
    r"""An optimal prefix code (Huffman 1952) for the distribution ``p``.

    Repeatedly merge the two least likely groups of symbols; every merge puts one more bit in
    front of the code words of both groups ('0' for the less likely one, '1' for the other).

    Parameters
    ----------
    p : array_like, 1-D
        Probabilities summing to 1.

    Returns
    -------
    list of str
        ``code[i]`` is the code word (a string of '0' and '1') of symbol ``i``. No word is the
        beginning of another (prefix-free), and the average length :math:`L = \sum_i p_i
        \lvert c_i \rvert` is the smallest any prefix code achieves; it obeys
        :math:`H(p) \le L < H(p) + 1` in bits when at least two symbols have positive
        probability (a certain outcome has :math:`H = 0` but still costs its one bit).

    Notes
    -----
    * Ties are broken deterministically: among groups of equal probability the one created
      first (original symbols in index order, then merged groups in order of creation) is
      merged first and gets the '0'.
    * A single symbol gets the one-bit word ``"0"`` (a code needs at least one bit to send).
    * Zero-probability symbols get words like the others (the longest ones), and the code stays
      complete (Kraft sum exactly 1). Their words are never sent, but they take up room in the
      code tree: ``[0.5, 0, 0.5]`` gets ``['11', '10', '0']``, half a bit longer on average than
      the ``['0', '1']`` of ``[0.5, 0.5]``. Drop outcomes that can never happen first.

    Examples
    --------
    >>> huffman_code([0.5, 0.25, 0.125, 0.125])
    ['0', '10', '110', '111']
    >>> huffman_code([1.0])
    ['0']
    """
    arr = as_distribution(p, "p")
    n = arr.size
    if n == 1:
        return ["0"]
    codes = [""] * n
    # heap entries: (probability, creation order, symbols of the group)
    heap = [(float(arr[i]), i, [i]) for i in range(n)]
    heapq.heapify(heap)
    order = n
    while len(heap) > 1:
        p0, _, group0 = heapq.heappop(heap)
        p1, _, group1 = heapq.heappop(heap)
        for i in group0:
            codes[i] = "0" + codes[i]
        for i in group1:
            codes[i] = "1" + codes[i]
        heapq.heappush(heap, (p0 + p1, order, group0 + group1))
        order += 1
    return codes


def average_code_length(p, code) -> float:
    r"""Average length :math:`L = \sum_i p_i \lvert c_i \rvert` of a code, in bits per symbol.

    Parameters
    ----------
    p : array_like, 1-D
        Probabilities summing to 1.
    code : sequence of str
        One non-empty word of '0'/'1' per symbol, index-aligned with ``p``.

    Examples
    --------
    >>> average_code_length([0.5, 0.25, 0.25], ["0", "10", "11"])
    1.5
    """
    arr = as_distribution(p, "p")
    if isinstance(code, str) or len(code) != arr.size:
        raise ValueError(
            f"code must hold one word per symbol: p has {arr.size} entries, "
            f"code has {len(code) if not isinstance(code, str) else 'a single string'}"
        )
    for i, word in enumerate(code):
        if not isinstance(word, str) or not word or set(word) - {"0", "1"}:
            raise ValueError(f"code[{i}] = {word!r} is not a non-empty string of '0' and '1'")
    lengths = np.array([len(word) for word in code], dtype=float)
    return float(arr @ lengths) + 0.0


def block_distribution(p, n: int) -> np.ndarray:
    r"""Distribution of a block of ``n`` independent symbols, each drawn from ``p``.

    The block :math:`(x_1, \dots, x_n)` has probability :math:`p_{x_1} \cdots p_{x_n}`; blocks are
    listed in lexicographic order (the last symbol changes fastest), so there are
    ``len(p) ** n`` entries. Its entropy is ``n`` times that of ``p``.

    Examples
    --------
    >>> block_distribution([0.75, 0.25], 2)
    array([0.5625, 0.1875, 0.1875, 0.0625])
    """
    arr = as_distribution(p, "p")
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a whole number >= 1, got {n!r}")
    if arr.size ** int(n) > 1_000_000:
        raise ValueError(f"{arr.size} ** {n} blocks are too many (more than a million)")
    out = arr
    for _ in range(int(n) - 1):
        out = np.multiply.outer(out, arr).reshape(-1)
    return out


def normal_differential_entropy(sigma, base=None) -> float:
    r"""Differential entropy of a normal distribution: :math:`h = \tfrac12 \log(2 \pi e \sigma^2)`.

    Unlike the entropy of a discrete distribution it can be negative (for
    :math:`\sigma < 1/\sqrt{2\pi e} \approx 0.242`), and it depends on the unit of :math:`x`:
    measuring in units 10 times smaller adds :math:`\log 10`. The mean does not matter.

    Parameters
    ----------
    sigma : float
        Standard deviation, finite and > 0, in the unit of :math:`x`.
    base : float, optional
        ``None`` for nats (default), ``2`` for bits.

    Examples
    --------
    >>> round(normal_differential_entropy(1.0), 4)
    1.4189
    >>> normal_differential_entropy(0.1) < 0
    True
    """
    if isinstance(sigma, (bool, np.bool_)) or not isinstance(sigma, (int, float, np.number)):
        raise TypeError(f"sigma must be a number, got {sigma!r}")
    sigma = float(sigma)
    if not math.isfinite(sigma) or sigma <= 0:
        raise ValueError(f"sigma must be finite and > 0, got {sigma!r}")
    value = 0.5 * math.log(2 * math.pi * math.e) + math.log(sigma)
    return value * log_base_factor(base) + 0.0


def _check_code(code, name: str = "code") -> list[str]:
    """``code`` as a list of non-empty '0'/'1' strings, or a located error."""
    if isinstance(code, str) or not hasattr(code, "__len__") or len(code) == 0:
        raise ValueError(f"{name} must be a non-empty list of code words, got {code!r}")
    words = list(code)
    for i, word in enumerate(words):
        if not isinstance(word, str) or not word or set(word) - {"0", "1"}:
            raise ValueError(f"{name}[{i}] = {word!r} is not a non-empty string of '0' and '1'")
    return words


def kraft_sum(lengths) -> float:
    r"""Kraft's sum :math:`\sum_i 2^{-\ell_i}` of binary code word lengths.

    Lengths :math:`\ell_i` belong to some prefix code exactly when the sum is at most 1 (Kraft
    1949), and *every* uniquely decodable code, prefix or not, has a sum of at most 1 (McMillan
    1956; Cover & Thomas 2006, Thm 5.5.1). A sum above 1 therefore proves that no code with these
    lengths can be decoded unambiguously.

    Parameters
    ----------
    lengths : sequence of int, or sequence of str
        Word lengths (whole numbers >= 1), or the code words themselves.

    Returns
    -------
    float
        Exact for up to 52 bits per word (powers of 2 are exact floats and the sum is fsum'd).

    Examples
    --------
    >>> kraft_sum([1, 2, 3, 3])
    1.0
    >>> kraft_sum(["0", "1", "00"])  # too much: this code cannot be uniquely decodable
    1.25
    """
    if isinstance(lengths, str) or not hasattr(lengths, "__len__") or len(lengths) == 0:
        raise ValueError(f"lengths must be a non-empty list of word lengths, got {lengths!r}")
    if all(isinstance(v, str) for v in lengths):
        lengths = [len(w) for w in _check_code(lengths)]
    out = []
    for i, v in enumerate(lengths):
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)) or v < 1:
            raise ValueError(f"lengths[{i}] = {v!r} is not a whole number of bits >= 1")
        out.append(2.0 ** -int(v))
    return math.fsum(out)


def parses(code, message: str) -> list[list[int]]:
    r"""Every way to cut ``message`` into a sequence of code words.

    A code is *uniquely decodable* when no string has two parses. For a prefix code every
    string has at most one.

    Parameters
    ----------
    code : sequence of str
        The code words ('0'/'1' strings); ``code[i]`` stands for symbol ``i``.
    message : str
        A string of '0' and '1' (the empty string has one parse, the empty one).

    Returns
    -------
    list of list of int
        Each parse as the list of symbol indices, in lexicographic order of the indices.

    Examples
    --------
    >>> parses(["0", "1", "00"], "00")  # two symbols 0, or one symbol 2
    [[0, 0], [2]]
    >>> parses(["0", "10", "11"], "01011")
    [[0, 1, 2]]
    """
    words = _check_code(code)
    if not isinstance(message, str) or set(message) - {"0", "1"}:
        raise ValueError(f"message must be a string of '0' and '1', got {message!r}")
    if len(message) > 64:
        raise ValueError(f"message has {len(message)} bits; at most 64 (the parses can explode)")
    # tails[k]: every parse of message[k:]
    tails: list[list[list[int]]] = [[] for _ in range(len(message))] + [[[]]]
    for k in range(len(message) - 1, -1, -1):
        for i, word in enumerate(words):
            if message.startswith(word, k):
                tails[k].extend([i, *rest] for rest in tails[k + len(word)])
    return sorted(tails[0])


def is_uniquely_decodable(code) -> bool:
    r"""Whether no string of bits has two parses into words of ``code`` (Sardinas–Patterson).

    The test (Sardinas & Patterson 1953) follows the "dangling suffixes": what is left over when
    one word (or an earlier suffix) is a proper prefix of another word. The code is uniquely
    decodable exactly when no dangling suffix is itself a code word. Only finitely many suffixes
    exist, so the search ends.

    Examples
    --------
    >>> is_uniquely_decodable(["0", "10", "11"])  # prefix code
    True
    >>> is_uniquely_decodable(["0", "01", "11"])  # not prefix, but read backwards it is
    True
    >>> is_uniquely_decodable(["0", "1", "00"])  # "00" parses two ways
    False
    """
    words = _check_code(code)
    if len(set(words)) < len(words):
        return False  # two symbols with the same word
    word_set = set(words)

    def dangling(a: set[str], b: set[str]) -> set[str]:
        return {y[len(x):] for x in a for y in b if len(y) > len(x) and y.startswith(x)}

    current = dangling(word_set, word_set)
    seen: set[str] = set()
    while current:
        if current & word_set:
            return False
        seen |= current
        current = (dangling(current, word_set) | dangling(word_set, current)) - seen
    return True


# --- two random variables ---------------------------------------------------------------------


def _joint_table(joint, name: str = "joint") -> np.ndarray:
    """``joint`` as a 2-D probability table (rows: values of X, columns: values of Y)."""
    arr = real_array(joint, name)
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D table p(x, y) (rows: values of X, columns: values of Y), "
            f"got shape {arr.shape}"
        )
    if arr.size == 0:
        raise ValueError(f"{name} is empty: a joint distribution needs at least one entry")
    check_finite(arr, name)
    check_nonnegative(arr, name)
    total = math.fsum(arr.reshape(-1))
    if abs(total - 1.0) > SUM_TOLERANCE:
        raise ValueError(
            f"{name} sums to {total!r}, not 1; pass probabilities, or divide counts by their "
            "total"
        )
    return arr


def _entropy_of_masses(masses: np.ndarray) -> float:
    """−Σ m log m in nats over any array of masses, with 0 log 0 = 0 (no checks)."""
    flat = masses.reshape(-1)
    logs = np.log(np.fmax(flat, _TINY))
    logs *= flat
    return max(-float(np.add.reduce(logs)), 0.0)


def joint_entropy(joint, base=None) -> float:
    r"""Joint entropy :math:`H(X, Y) = -\sum_{x, y} p(x, y) \log p(x, y)`, with 0 log 0 = 0.

    The entropy of the pair :math:`(X, Y)` as one random variable: the table read as one long
    probability vector.

    Parameters
    ----------
    joint : array_like, 2-D
        ``joint[i, j]`` = :math:`P(X = x_i, Y = y_j)`; non-negative, summing to 1.
    base : float, optional
        ``None`` for nats (default), ``2`` for bits.

    Returns
    -------
    float
        Between :math:`\max(H(X), H(Y))` and :math:`H(X) + H(Y)`; the upper end exactly when X and
        Y are independent.

    Examples
    --------
    >>> joint_entropy([[0.25, 0.25], [0.25, 0.25]], base=2)  # two fair coins: 2 bits
    2.0
    >>> joint_entropy([[0.5, 0.0], [0.0, 0.5]], base=2)  # Y = X: one coin's worth
    1.0
    """
    table = _joint_table(joint)
    return _entropy_of_masses(table) * log_base_factor(base) + 0.0


def conditional_entropy(joint, base=None) -> float:
    r"""Conditional entropy :math:`H(Y \mid X) = -\sum_{x, y} p(x, y) \log p(y \mid x)`.

    The uncertainty left in Y once X is known, averaged over X:
    :math:`H(Y \mid X) = \sum_x p(x)\, H(Y \mid X = x)`, and by the chain rule
    :math:`H(Y \mid X) = H(X, Y) - H(X)`. Rows of ``joint`` are the values of X (the variable
    conditioned on), columns those of Y; for :math:`H(X \mid Y)` pass ``joint.T``.

    Parameters
    ----------
    joint : array_like, 2-D
        ``joint[i, j]`` = :math:`P(X = x_i, Y = y_j)`; non-negative, summing to 1.
    base : float, optional
        ``None`` for nats (default), ``2`` for bits.

    Returns
    -------
    float
        Between 0 (Y is a function of X) and :math:`H(Y)` (X and Y independent). Rows with
        :math:`p(x) = 0` contribute nothing (they never happen), like :math:`0 \log 0 = 0`.

    Examples
    --------
    >>> conditional_entropy([[0.5, 0.0], [0.0, 0.5]])  # Y = X: nothing left to learn
    0.0
    >>> conditional_entropy([[0.25, 0.25], [0.25, 0.25]], base=2)  # independent: H(Y) = 1 bit
    1.0
    """
    table = _joint_table(joint)
    rows = table.sum(axis=1, keepdims=True)
    # p(y|x) = p(x, y) / p(x) where p(x) > 0; the rows with p(x) = 0 hold only zeros
    conditional = np.divide(table, rows, out=np.zeros_like(table), where=rows > 0)
    logs = np.log(np.fmax(conditional, _TINY))
    logs *= table
    value = max(-float(np.add.reduce(logs.reshape(-1))), 0.0)
    return value * log_base_factor(base) + 0.0


def mutual_information(joint, base=None) -> float:
    r"""Mutual information :math:`\operatorname{MI}(X; Y) = \sum_{x, y} p(x, y) \log
    \frac{p(x, y)}{p(x)\, p(y)}`.

    What X and Y tell about each other, written MI with a semicolon between two *random
    variables* so that it cannot be mistaken for the information content :math:`I(p) = -\log p`
    of one event (:func:`information`). It is the KL divergence of the joint distribution from
    the product of its marginals, so it is never negative, and

    .. math:: \operatorname{MI}(X; Y) = H(X) + H(Y) - H(X, Y)
              = H(Y) - H(Y \mid X) = H(X) - H(X \mid Y).

    Parameters
    ----------
    joint : array_like, 2-D
        ``joint[i, j]`` = :math:`P(X = x_i, Y = y_j)`; non-negative, summing to 1.
    base : float, optional
        ``None`` for nats (default), ``2`` for bits.

    Returns
    -------
    float
        Symmetric in X and Y (``mutual_information(joint.T)`` is the same), 0 exactly when X and
        Y are independent, at most :math:`\min(H(X), H(Y))`. Cells with :math:`p(x, y) = 0`
        contribute 0; a cell with :math:`p(x, y) > 0` always has :math:`p(x)\,p(y) > 0`, so the
        value is always finite.

    Examples
    --------
    >>> mutual_information([[0.5, 0.0], [0.0, 0.5]], base=2)  # Y = X: one whole bit shared
    1.0
    >>> mutual_information([[0.25, 0.25], [0.25, 0.25]])  # independent coins share nothing
    0.0
    """
    table = _joint_table(joint)
    px = table.sum(axis=1, keepdims=True)
    py = table.sum(axis=0, keepdims=True)
    # log p(x, y) − log p(x) − log p(y), in logs so that tiny cells cannot underflow to 0/0;
    # where p(x, y) = 0 every factor is replaced by 1 and the cell adds exactly 0
    positive = table > 0
    logs = np.log(np.where(positive, table, 1.0))
    logs -= np.log(np.where(positive, px, 1.0))
    logs -= np.log(np.where(positive, py, 1.0))
    logs *= table
    value = max(float(np.add.reduce(logs.reshape(-1))), 0.0)
    return value * log_base_factor(base) + 0.0
