"""Small data sets used by the notebooks, kept as constants (no downloads).

``WORM_TEETH_COUNTS``
    How many worms of an (imaginary) population have 0, 1, ..., 10 teeth.

    **Made up for this collection.** The story comes from Will Kurt's blog post "Kullback-Leibler
    Divergence Explained" (Count Bayesie, 2017), retold in a Chinese blog post this course grew
    from: space scientists find worms with up to 10 teeth, many of which have lost some, and
    want to send a cheap model of the teeth counts home. The post's data exist only as images we
    do not have, so these 200 worms were invented to have the same shape: spread over 0-10,
    most between 3 and 10, with a bump at the full set of 10 teeth. It is the kind of data for
    which the best binomial model is worse than the plain uniform one (notebook 03).
"""

from __future__ import annotations

import numpy as np

#: Number of worms with 0, 1, ..., 10 teeth (index = number of teeth); 200 worms in all.
WORM_TEETH_COUNTS = np.array([3, 5, 9, 20, 27, 26, 22, 17, 20, 21, 30])
WORM_TEETH_COUNTS.setflags(write=False)

#: The largest number of teeth a worm can have.
WORM_MAX_TEETH = 10


def worm_teeth_distribution() -> np.ndarray:
    """The observed (empirical) distribution of teeth counts: ``WORM_TEETH_COUNTS / 200``.

    Returns
    -------
    numpy.ndarray
        11 probabilities, index = number of teeth (0 to 10), summing to 1.

    Examples
    --------
    >>> p = worm_teeth_distribution()
    >>> p.size, float(p.sum()), float(p[10])
    (11, 1.0, 0.15)
    >>> float((np.arange(11) * p).sum())  # the mean number of teeth
    6.105
    """
    counts = WORM_TEETH_COUNTS.astype(float)
    return counts / counts.sum()


__all__ = ["WORM_MAX_TEETH", "WORM_TEETH_COUNTS", "worm_teeth_distribution"]
