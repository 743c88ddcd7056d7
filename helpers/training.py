r"""GANs and WGANs trained in plain numpy: tiny MLPs with hand-written backpropagation.

Everything notebook 08 trains lives here, so that every backward pass can be checked against
finite differences (``tests/test_training.py``).

Networks
    A multilayer perceptron is a list of arrays ``[W1, b1, W2, b2, ..., WL, bL]`` with
    ``W_l`` of shape ``(n_in, n_out)``; rows of ``x`` are samples. Hidden layers apply
    ``tanh`` or a leaky ReLU (slope 0.2 below 0); the last layer is linear.
    :func:`mlp_forward`, :func:`mlp_backward` (gradients of a loss with respect to the weights
    and the input), :func:`input_gradient` (:math:`\nabla_x f` for a scalar network) and
    :func:`gradient_penalty` (the WGAN-GP penalty and its exact gradient with respect to the
    weights: a second, hand-written backpropagation through the first one).

The 1-D experiment (:func:`train_1d_gan`)
    Data :math:`x \sim N(0, 1)`, generator :math:`x = z + \theta`, :math:`z \sim N(0, 1)`: one
    parameter, so its trajectory can be drawn. The exact :math:`W_1` between the two is
    :math:`|\theta|`. The generator takes plain gradient steps (``theta -= lr * grad``), the
    same for every loss, so that only the loss differs (``generator_optimizer="adam"`` swaps in
    Adam, to show that it hides a vanishing gradient); the discriminator or critic is trained
    with Adam, ``critic_steps`` updates per generator step.

The 2-D experiment (:func:`train_ring_gan`)
    A ring of 8 Gaussians (Metz et al. 2017), a generator MLP from 2-D noise, a non-saturating
    GAN or a WGAN-GP, samples kept every ``snapshot_every`` steps and the modes they cover
    counted by :func:`count_modes`.

Losses (``loss``): ``"minimax"`` (the generator minimises :math:`E\log(1 - D(G(z)))`),
``"non-saturating"`` (it minimises :math:`-E\log D(G(z))`), ``"wgan-clip"`` (a critic whose
weights are clipped to :math:`[-c, c]` after every update; Arjovsky, Chintala & Bottou 2017,
Algorithm 1) and ``"wgan-gp"`` (a critic penalised by :math:`\lambda E(\|\nabla f(\hat x)\| - 1)^2`
at random points between real and generated samples; Gulrajani et al. 2017, Algorithm 1). The
discriminator's output is a logit :math:`\ell`, :math:`D = \operatorname{sigmoid}(\ell)`.
"""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Callable

import numpy as np

LOSSES = ("minimax", "non-saturating", "wgan-clip", "wgan-gp")
ACTIVATIONS = ("tanh", "leaky_relu")
#: How :func:`train_1d_gan` moves θ: plain gradient steps or Adam.
GENERATOR_OPTIMIZERS = ("plain", "adam")
#: The leaky ReLU's slope below 0.
LEAK = 0.2


# --------------------------------------------------------------------------------------------
# one BLAS thread: these matrices are tiny, and on a busy machine OpenBLAS's threads cost 10-100x


@functools.cache
def _openblas_thread_setters():
    """``(get, set)`` of the OpenBLAS that numpy loaded, or ``None`` (another BLAS, no Linux)."""
    import ctypes

    from .blas import _symbol, openblas_library

    lib = openblas_library()
    if lib is None:
        return None
    get, put = _symbol(lib, "get_num_threads"), _symbol(lib, "set_num_threads")
    if get is None or put is None:
        return None
    get.restype = ctypes.c_int
    put.argtypes = [ctypes.c_int]
    return get, put


@contextlib.contextmanager
def one_blas_thread():
    """Run the block with OpenBLAS on one thread, then restore its setting (a no-op elsewhere).

    >>> with one_blas_thread():
    ...     float(np.ones((2, 2)) @ np.ones(2) @ np.ones(2))
    4.0
    """
    setters = _openblas_thread_setters()
    if setters is None:
        yield
        return
    get, put = setters
    before = get()
    put(1)
    try:
        yield
    finally:
        put(before)


def _one_blas_thread(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with one_blas_thread():
            return function(*args, **kwargs)

    return wrapper


# --------------------------------------------------------------------------------------------
# activations


def _check_activation(activation: str) -> None:
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")


def _act(u: np.ndarray, activation: str) -> np.ndarray:
    if activation == "tanh":
        return np.tanh(u)
    return np.maximum(u, LEAK * u)  # u above 0, LEAK * u below (0 < LEAK < 1)


def _act_prime(u: np.ndarray, activation: str, h: np.ndarray | None = None) -> np.ndarray:
    if activation == "tanh":
        t = np.tanh(u) if h is None else h
        return 1.0 - t * t
    return np.where(u > 0, 1.0, LEAK)


def _act_second(u: np.ndarray, activation: str, h: np.ndarray | None = None) -> np.ndarray:
    if activation == "tanh":
        t = np.tanh(u) if h is None else h
        return -2.0 * t * (1.0 - t * t)
    return np.zeros_like(u)  # piecewise linear: 0 away from the kink (where it is undefined)


# --------------------------------------------------------------------------------------------
# the network


def init_mlp(sizes, rng: np.random.Generator, *, scale: float = 1.0) -> list[np.ndarray]:
    """Random weights for an MLP with layer widths ``sizes`` (input first, output last).

    Weights are normal with standard deviation ``scale / sqrt(n_in)``, biases 0.

    Examples
    --------
    >>> params = init_mlp([1, 8, 1], np.random.default_rng(0))
    >>> [p.shape for p in params]
    [(1, 8), (8,), (8, 1), (1,)]
    """
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"sizes must list at least two positive widths, got {sizes}")
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        params.append(rng.normal(0.0, scale / math.sqrt(n_in), size=(n_in, n_out)))
        params.append(np.zeros(n_out))
    return params



def _new_critic(hidden: int, rng: np.random.Generator, clip: float | None) -> list[np.ndarray]:
    """The 1 → hidden → hidden → 1 network of the 1-D experiments; weights clipped to
    ``[-clip, clip]`` from the start when the critic is a clipped WGAN critic."""
    params = init_mlp([1, hidden, hidden, 1], rng)
    if clip is not None:
        for p in params:
            np.clip(p, -clip, clip, out=p)
    return params

def _as_batch(x, n_in: int, name: str = "x") -> np.ndarray:
    arr = np.asarray(x, dtype=float)
    if arr.ndim == 1 and n_in == 1:
        arr = arr[:, None]
    if arr.ndim != 2 or arr.shape[1] != n_in:
        raise ValueError(f"{name} must have shape (n, {n_in}), got {np.shape(x)}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} is empty")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


def _check_params(params) -> None:
    if len(params) < 2 or len(params) % 2:
        raise ValueError("params must be [W1, b1, ..., WL, bL]: an even, non-zero number of arrays")
    for i in range(0, len(params), 2):
        w, b = params[i], params[i + 1]
        if w.ndim != 2 or b.shape != (w.shape[1],):
            raise ValueError(f"layer {i // 2 + 1}: W has shape {w.shape} but b has {b.shape}")
        if i and w.shape[0] != params[i - 2].shape[1]:
            raise ValueError(f"layer {i // 2 + 1} takes {w.shape[0]} inputs, the layer below "
                             f"gives {params[i - 2].shape[1]}")


def mlp_forward(params, x, activation: str = "leaky_relu"):
    """Run the MLP on the rows of ``x``; return ``(output of shape (n, n_out), cache)``.

    ``cache`` keeps the pre-activations ``u`` and activations ``h`` of every layer for
    :func:`mlp_backward`. A 1-D ``x`` is read as a column when the network takes one input.

    Examples
    --------
    >>> params = [np.array([[2.0]]), np.array([0.0]), np.array([[1.0]]), np.array([0.5])]
    >>> out, _ = mlp_forward(params, [-1.0, 1.0])
    >>> out.ravel().tolist()  # 1 * leaky(2x) + 0.5
    [0.09999999999999998, 2.5]
    """
    _check_params(params)
    _check_activation(activation)
    return _forward(params, _as_batch(x, params[0].shape[0]), activation)


def _forward(params, h, activation):
    """:func:`mlp_forward` without its checks. Works on stacks of networks too: weights of
    shape ``(S, n_in, n_out)``, biases ``(S, 1, n_out)``, inputs ``(S, n, n_in)``, one network
    per leading index (the ring trains several seeds at once this way)."""
    hs, us = [h], []
    n_layers = len(params) // 2
    for layer in range(n_layers):
        u = h @ params[2 * layer] + params[2 * layer + 1]
        us.append(u)
        h = _act(u, activation) if layer < n_layers - 1 else u
        hs.append(h)
    return h, {"u": us, "h": hs, "activation": activation}


def _t(a: np.ndarray) -> np.ndarray:
    """The transpose of a matrix, or of each matrix in a stack."""
    return np.swapaxes(a, -1, -2)


def mlp_backward(params, cache, grad_out):
    """Backpropagate ``grad_out`` = dL/d(output) (shape ``(n, n_out)``) through the MLP.

    Returns ``(grads, grad_x)``: dL/dparams in the layout of ``params`` and dL/dx, shape
    ``(n, n_in)``. The loss ``L`` is whatever ``grad_out`` came from (a mean over the batch
    puts its ``1/n`` in ``grad_out``).

    Examples
    --------
    >>> params = init_mlp([2, 3, 1], np.random.default_rng(1))
    >>> out, cache = mlp_forward(params, np.ones((4, 2)))
    >>> grads, grad_x = mlp_backward(params, cache, np.ones_like(out))
    >>> [g.shape for g in grads] == [p.shape for p in params], grad_x.shape
    (True, (4, 2))
    """
    us, hs, activation = cache["u"], cache["h"], cache["activation"]
    delta = np.asarray(grad_out, dtype=float)
    if delta.shape != hs[-1].shape:
        raise ValueError(f"grad_out has shape {delta.shape}, the output has {hs[-1].shape}")
    n_layers = len(params) // 2
    grads: list = [None] * len(params)
    for layer in range(n_layers - 1, -1, -1):
        grads[2 * layer] = _t(hs[layer]) @ delta
        grads[2 * layer + 1] = delta.sum(axis=-2).reshape(params[2 * layer + 1].shape)
        g = delta @ _t(params[2 * layer])
        if layer > 0:
            delta = g * _act_prime(us[layer - 1], activation, hs[layer])
    return grads, g


def _input_gradient_cached(params, cache):
    """∇x f for a scalar network, keeping the backward pass's intermediates for the penalty."""
    us, hs, activation = cache["u"], cache["h"], cache["activation"]
    n_layers = len(params) // 2
    w_last = params[-2][..., 0]  # df/dh_{L-1}, the same for every sample
    g = np.broadcast_to(w_last[..., None, :], (*hs[0].shape[:-1], w_last.shape[-1]))
    gs = {n_layers - 1: g}
    deltas = {}
    for layer in range(n_layers - 1, 0, -1):  # hidden layer `layer` (1-based u index layer-1)
        delta = g * _act_prime(us[layer - 1], activation, hs[layer])
        deltas[layer] = delta
        g = delta @ _t(params[2 * (layer - 1)])
        gs[layer - 1] = g
    return g, gs, deltas


def input_gradient(params, x, activation: str = "leaky_relu") -> np.ndarray:
    r"""The gradient :math:`\nabla_x f(x)` of a scalar-output MLP at each row of ``x``.

    Examples
    --------
    >>> params = [np.array([[2.0], [-1.0]]), np.array([0.0]), np.array([[3.0]]), np.array([0.0])]
    >>> input_gradient(params, [[1.0, 0.5]]).tolist()  # u = 1.5 > 0: 3 * (2, -1)
    [[6.0, -3.0]]
    """
    if params[-2].shape[1] != 1:
        raise ValueError("input_gradient needs a network with one output")
    _, cache = mlp_forward(params, x, activation)
    return np.array(_input_gradient_cached(params, cache)[0])


def gradient_penalty(params, x, activation: str = "leaky_relu", *, weight: float = 10.0,
                     one_sided: bool = False):
    r"""The WGAN-GP penalty :math:`P = \lambda\,\frac1n\sum_i (\|\nabla_x f(x_i)\| - 1)^2`
    and its exact gradient with respect to the weights.

    The gradient is a backpropagation through the backward pass that computes
    :math:`\nabla_x f` ("double backpropagation"), written out by hand: with
    :math:`g_{l-1} = \delta_l W_l^\top`, :math:`\delta_l = g_l \odot \sigma'(u_l)` and
    :math:`\bar g_0 = \partial P / \partial g_0 = \frac{2\lambda}{n}(\|g_0\| - 1)\,g_0/\|g_0\|`,
    going up: :math:`\bar\delta_l = \bar g_{l-1} W_l`, :math:`\bar W_l \mathrel{+}=
    \bar g_{l-1}^\top \delta_l`, :math:`\bar g_l = \bar\delta_l \odot \sigma'(u_l)`,
    :math:`\bar u_l = \bar\delta_l \odot g_l \odot \sigma''(u_l)`; then down through the
    forward pass: :math:`\bar W_l \mathrel{+}= h_{l-1}^\top \bar u_l`,
    :math:`\bar b_l = \sum \bar u_l`, :math:`\bar u_{l-1} \mathrel{+}= (\bar u_l W_l^\top)
    \odot \sigma'(u_{l-1})`. Where :math:`\nabla_x f = 0` the norm has no derivative; we use 0.

    Returns
    -------
    (float, list of arrays)
        The penalty and its gradient in the layout of ``params``.

    Examples
    --------
    A linear critic :math:`f(x) = w\cdot x + b` has :math:`\nabla f = w` everywhere:

    >>> params = [np.array([[3.0], [4.0]]), np.array([0.0])]
    >>> value, grads = gradient_penalty(params, np.zeros((5, 2)), weight=1.0)
    >>> value, grads[0].ravel().tolist()  # (5 - 1)^2; 2 (5 - 1) w / 5
    (16.0, [4.8, 6.4])
    """
    if params[-2].shape[1] != 1:
        raise ValueError("gradient_penalty needs a critic with one output")
    if not (math.isfinite(weight) and weight >= 0):
        raise ValueError(f"weight must be a finite number >= 0, got {weight!r}")
    _, cache = mlp_forward(params, x, activation)
    value, grads = _penalty(params, cache, weight, one_sided)
    return float(value), grads


def _penalty(params, cache, weight, one_sided):
    """:func:`gradient_penalty` of a forward pass already made (stacks of networks too: the
    value then has one entry per network)."""
    us, hs, activation = cache["u"], cache["h"], cache["activation"]
    g0, gs, deltas = _input_gradient_cached(params, cache)
    n = g0.shape[-2]
    norm = np.sqrt(np.sum(g0 * g0, axis=-1))
    excess = np.maximum(norm - 1.0, 0.0) if one_sided else norm - 1.0
    value = weight * np.mean(excess**2, axis=-1)
    safe = np.where(norm > 0, norm, 1.0)
    gbar = np.where(norm[..., None] > 0, (2.0 * weight / n) * (excess / safe)[..., None] * g0,
                    0.0)
    n_layers = len(params) // 2
    grads = [np.zeros_like(p) for p in params]
    ubar = {}
    for layer in range(1, n_layers):  # up through the backward pass
        w = params[2 * (layer - 1)]
        delta_bar = gbar @ w
        grads[2 * (layer - 1)] += _t(gbar) @ deltas[layer]
        ubar[layer] = delta_bar * gs[layer] * _act_second(us[layer - 1], activation, hs[layer])
        gbar = delta_bar * _act_prime(us[layer - 1], activation, hs[layer])
    grads[-2] += gbar.sum(axis=-2)[..., None]  # g_{L-1} = W_L[:, 0] for every sample
    if activation == "leaky_relu":
        return value, grads  # sigma'' = 0: nothing flows down through the forward pass
    carry = None
    for layer in range(n_layers - 1, 0, -1):  # down through the forward pass
        u_bar = ubar[layer] if carry is None else ubar[layer] + carry
        grads[2 * (layer - 1)] += _t(hs[layer - 1]) @ u_bar
        grads[2 * (layer - 1) + 1] += u_bar.sum(axis=-2).reshape(grads[2 * layer - 1].shape)
        if layer > 1:
            carry = (u_bar @ _t(params[2 * (layer - 1)])) * _act_prime(
                us[layer - 2], activation, hs[layer - 1]
            )
    return value, grads


def clipped_lipschitz_bound(sizes, clip: float) -> float:
    r"""A bound on :math:`|f'(x)|` for an MLP on the line with every weight in ``[-clip, clip]``.

    With activations of slope at most 1 (tanh, leaky ReLU), each unit of layer :math:`l`
    changes at most :math:`n_{l-1} c` times as fast as the fastest unit below it, so
    :math:`|f'(x)| \le c^L \prod_{l=1}^{L-1} n_l` for widths :math:`1, n_1, \dots, n_{L-1}, 1`.
    All weights equal to :math:`c` (and the input on the active side) attain it.

    >>> clipped_lipschitz_bound([1, 16, 16, 1], 0.25)
    4.0
    """
    sizes = [int(n) for n in sizes]
    if len(sizes) < 2 or sizes[0] != 1 or sizes[-1] != 1 or min(sizes) < 1:
        raise ValueError(f"sizes must run from 1 input to 1 output, got {sizes}")
    clip = _positive_float(clip, "clip")
    return float(clip ** (len(sizes) - 1) * math.prod(sizes[1:-1]))


def linear_critic_penalty_gradient(w, weight: float = 10.0) -> np.ndarray:
    r"""Gradient of the penalty :math:`\lambda(\|w\| - 1)^2` of a linear critic
    :math:`f(x) = w \cdot x + b` with respect to ``w``: :math:`2\lambda(\|w\| - 1)\,w/\|w\|`.

    A linear critic's gradient is ``w`` at every point, so the penalty does not depend on where
    it is evaluated; this is :func:`gradient_penalty` for a one-layer network.

    >>> linear_critic_penalty_gradient([3.0, 4.0], 1.0).tolist()
    [4.8, 6.4]
    """
    w = np.asarray(w, dtype=float).ravel()
    if w.size == 0 or not np.all(np.isfinite(w)):
        raise ValueError("w must be a non-empty vector of finite numbers")
    params = [w[:, None], np.zeros(1)]
    return gradient_penalty(params, np.zeros((1, w.size)), weight=weight)[1][0].ravel()


def penalised_linear_slope(w1: float, weight: float = 10.0) -> float:
    r"""The slope :math:`s \ge 0` a penalised linear critic picks when the data are a shift
    :math:`W_1` away: it maximises :math:`s W_1 - \lambda (s - 1)^2`, so
    :math:`s^* = 1 + W_1 / (2\lambda)` and the critic reports :math:`s^* W_1`, not :math:`W_1`.

    >>> penalised_linear_slope(8.0, 10.0)
    1.4
    """
    w1 = float(w1)
    if not (math.isfinite(w1) and w1 >= 0):
        raise ValueError(f"w1 must be a finite number >= 0, got {w1!r}")
    return 1.0 + w1 / (2.0 * _positive_float(weight, "weight"))


def spectral_normalize(params) -> list[np.ndarray]:
    r"""Divide every weight matrix by its largest singular value (Miyato et al. 2018).

    A layer :math:`x \mapsto xW + b` is :math:`\|W\|_2`-Lipschitz (the spectral norm, the
    largest singular value), and tanh and the leaky ReLU are 1-Lipschitz, so an MLP is
    :math:`\prod_l \|W_l\|_2`-Lipschitz. After this normalisation every factor is 1: the
    network is 1-Lipschitz, whatever the weights were. Biases are unchanged. Returns new arrays.

    >>> rng = np.random.default_rng(0)
    >>> net = spectral_normalize(init_mlp([2, 8, 1], rng))
    >>> [round(float(np.linalg.norm(w, 2)), 12) for w in net[::2]]
    [1.0, 1.0]
    """
    _check_params(params)
    out = []
    for index, p in enumerate(params):
        p = np.array(p, dtype=float)
        if index % 2 == 0:
            norm = float(np.linalg.norm(p, 2))
            if norm == 0:
                raise ValueError(f"weight matrix {index // 2} is zero: no spectral norm to "
                                 "divide by")
            p = p / norm
        out.append(p)
    return out


def oscillation(theta, start: int = 150) -> dict:
    r"""How a trajectory swings around 0 after ``start``: its half-cycles.

    A half-cycle is a maximal run of steps with the same sign of θ. Returns ``half_period``
    (the mean length of the complete half-cycles, in steps), ``amplitude`` (the mean over them
    of the largest :math:`|\theta|`), ``largest`` (the largest :math:`|\theta|` after
    ``start``) and ``cycles`` (how many complete half-cycles). Plain gradient steps
    :math:`\theta \leftarrow \theta - \eta\,\operatorname{sign}\theta` on :math:`|\theta|`
    alternate sign every step: half-period 1, amplitude at most :math:`\eta`.

    >>> r = oscillation([0.03, -0.02, 0.03, -0.02, 0.03, -0.02], start=0)
    >>> r["half_period"], r["amplitude"]
    (1.0, 0.025)
    """
    theta = np.asarray(theta, dtype=float).ravel()
    if not isinstance(start, (int, np.integer)) or not 0 <= start < theta.size:
        raise ValueError(f"start must be an integer index into theta, got {start!r}")
    tail = theta[start:]
    if not np.all(np.isfinite(tail)):
        raise ValueError("theta must be finite after start")
    sign = np.sign(tail)
    cuts = np.flatnonzero(sign[1:] != sign[:-1]) + 1
    pieces = [tail[a:b] for a, b in zip(cuts[:-1], cuts[1:], strict=True)]
    if not pieces:
        raise ValueError("theta does not complete a half-cycle after start")
    return {"half_period": float(np.mean([len(p) for p in pieces])),
            "amplitude": float(np.mean([np.abs(p).max() for p in pieces])),
            "largest": float(np.abs(tail).max()), "cycles": len(pieces)}


# --------------------------------------------------------------------------------------------
# optimisers and the discriminator's loss


class Adam:
    """Adam (Kingma & Ba 2015) on a list of arrays, updated in place.

    >>> p = [np.array([1.0])]
    >>> Adam(0.1).step(p, [np.array([2.0])])
    >>> p[0].round(6).tolist()  # the first step moves each entry by lr
    [0.9]
    """

    def __init__(self, lr: float, beta1: float = 0.5, beta2: float = 0.9, eps: float = 1e-8):
        if not (lr > 0 and 0 <= beta1 < 1 and 0 <= beta2 < 1):
            raise ValueError(f"Adam needs lr > 0 and betas in [0, 1), got {lr}, {beta1}, {beta2}")
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m: list | None = None
        self.v: list | None = None
        self.t = 0

    def step(self, params, grads) -> None:
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        scale = self.lr * math.sqrt(1 - b2**self.t) / (1 - b1**self.t)
        for p, g, m, v in zip(params, grads, self.m, self.v, strict=True):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g * g
            p -= scale * m / (np.sqrt(v) + self.eps)


def _softplus(x: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, x)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.exp(-np.logaddexp(0.0, -x))


def discriminator_loss(logit_real: np.ndarray, logit_fake: np.ndarray):
    r"""Binary cross-entropy of the discriminator, :math:`-E\log D(x_r) - E\log(1 - D(x_f))`.

    Returns ``(loss in nats, dL/dlogit_real, dL/dlogit_fake)``; computed with softplus, so it
    stays finite for any logits.

    >>> loss, _, _ = discriminator_loss(np.zeros((2, 1)), np.zeros((2, 1)))
    >>> round(loss, 6)  # 2 log 2
    1.386294
    """
    loss = float(np.mean(_softplus(-logit_real)) + np.mean(_softplus(logit_fake)))
    return (loss, -_sigmoid(-logit_real) / logit_real.shape[-2],
            _sigmoid(logit_fake) / logit_fake.shape[-2])


def generator_output_gradient(loss: str, critic_out: np.ndarray) -> np.ndarray:
    r"""d(generator loss)/d(critic output) for each generated sample (the mean's ``1/n`` included).

    ``"minimax"``: loss :math:`E\log(1-\operatorname{sigmoid}(\ell))`,
    derivative :math:`-\operatorname{sigmoid}(\ell)/n`;
    ``"non-saturating"``: loss :math:`-E\log \operatorname{sigmoid}(\ell)`,
    derivative :math:`-(1-\operatorname{sigmoid}(\ell))/n`;
    WGAN: loss :math:`-E f`, derivative :math:`-1/n`.

    >>> generator_output_gradient("minimax", np.array([[0.0], [0.0]])).ravel().tolist()
    [-0.25, -0.25]
    """
    n = critic_out.shape[-2]  # samples per network (a stack of networks has a leading axis)
    if loss == "minimax":
        return -_sigmoid(critic_out) / n
    if loss == "non-saturating":
        return -_sigmoid(-critic_out) / n
    if loss in ("wgan-clip", "wgan-gp"):
        return np.full_like(critic_out, -1.0 / n)
    raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")


def _critic_step(loss, params, opt, x_real, x_fake, rng, activation, clip, gp_weight,
                 one_sided=False):
    """One update of the discriminator or critic; returns the critic's objective on this batch."""
    n_real = x_real.shape[0]
    both = np.concatenate([x_real, x_fake])
    out, cache = mlp_forward(params, both, activation)
    real, fake = out[:n_real], out[n_real:]
    if loss in ("minimax", "non-saturating"):
        value, g_real, g_fake = discriminator_loss(real, fake)
        grads, _ = mlp_backward(params, cache, np.concatenate([g_real, g_fake]))
    else:
        value = float(np.mean(real) - np.mean(fake))  # the critic maximises this
        grad_out = np.concatenate([np.full_like(real, -1.0 / n_real),
                                   np.full_like(fake, 1.0 / fake.shape[0])])
        grads, _ = mlp_backward(params, cache, grad_out)
        if loss == "wgan-gp":
            eps = rng.random((n_real, 1))
            x_hat = eps * x_real + (1 - eps) * x_fake
            _, gp_grads = gradient_penalty(params, x_hat, activation, weight=gp_weight,
                                           one_sided=one_sided)
            grads = [g + h for g, h in zip(grads, gp_grads, strict=True)]
    opt.step(params, grads)
    if loss == "wgan-clip":
        for p in params:
            np.clip(p, -clip, clip, out=p)
    return value


def _check_loss(loss: str) -> None:
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")


def _positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _seed(value, name: str = "seed") -> int:
    """A seed must be a plain integer >= 0: ``None`` (fresh entropy from the system) would give
    a run that cannot be repeated, so it is refused."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer >= 0 (the same seed gives the same run; "
                        f"None, a fresh unrepeatable run, is not accepted), got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be an integer >= 0, got {value!r}")
    return int(value)


def _flag(value, name: str) -> bool:
    """Only ``True`` or ``False``: a string such as ``"no"`` is truthy and would mean yes."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


#: A 1-D run whose θ gets farther than this many times max(1, |θ0|) from the data has diverged;
#: so has a critic whose objective exceeds :data:`CRITIC_DIVERGED` in size.
THETA_DIVERGED = 100.0
CRITIC_DIVERGED = 1e6


def _stop_if_diverged(ok: bool, where: str, when: str, what: str, hint: str) -> None:
    """Stop a run that has diverged, saying at which step and what to try."""
    if not ok:
        raise FloatingPointError(f"{where} diverged at {when}: {what}. {hint}")


def _positive_float(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise TypeError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return value


# --------------------------------------------------------------------------------------------
# 1-D: N(0, 1) against z + theta


@_one_blas_thread
@np.errstate(over="ignore", invalid="ignore")  # a diverging run is stopped with a message
def train_1d_gan(
    loss: str,
    theta0: float,
    steps: int = 300,
    *,
    lr: float = 0.05,
    critic_steps: int = 5,
    seed: int = 0,
    batch: int = 64,
    hidden: int = 16,
    critic_lr: float = 0.01,
    clip: float = 0.25,
    gp_weight: float = 10.0,
    gp_one_sided: bool = True,
    eval_size: int = 256,
    activation: str = "leaky_relu",
    callback: Callable | None = None,
    every: int = 25,
    generator_optimizer: str = "plain",
    first_critic_steps: int | None = None,
) -> dict:
    r"""Train the one-parameter generator :math:`x = z + \theta` against data :math:`N(0, 1)`.

    Each of the ``steps`` generator steps: ``critic_steps`` Adam updates of the discriminator
    (or critic) on fresh batches, then one plain gradient step ``theta -= lr * grad`` on the
    generator's loss. Discriminator and critic are the same small MLP (1 -> ``hidden`` ->
    ``hidden`` -> 1, leaky ReLU); the discriminator's output is a logit.

    Parameters
    ----------
    loss : {"minimax", "non-saturating", "wgan-clip", "wgan-gp"}
    theta0 : float
        The generator's starting shift; the data sit at 0.
    steps : int
        Generator steps (default 300).
    lr : float
        The generator's learning rate (plain gradient descent; default 0.05).
    critic_steps : int
        Discriminator/critic updates per generator step (default 5, as in both WGAN papers).
    seed : int
        Seeds everything: initial weights, batches, interpolation points. Same seed, same run
        (on one machine: see the notebook). An integer >= 0; ``None`` is refused.
    batch : int
        Samples of each kind per update (default 64).
    hidden : int
        Width of the two hidden layers (default 16).
    critic_lr : float
        Adam's learning rate for the discriminator/critic (default 0.01; betas 0.5, 0.9).
    clip : float
        ``"wgan-clip"`` only: every weight is clipped to ``[-clip, clip]`` after each update
        (default 0.25; the paper's 0.01 suits its large networks, see the notebook).
    gp_weight : float
        ``"wgan-gp"`` only: the penalty's :math:`\lambda` (default 10, as in the paper).
    gp_one_sided : bool
        ``"wgan-gp"`` only: penalise only slopes above 1, :math:`\lambda E\max(0, |f'| - 1)^2`
        (default True). In one dimension a (nearly) linear critic :math:`f(x) = a x` under the
        two-sided penalty of Gulrajani et al. has, once the generator overshoots the data, a
        local maximum on the wrong side, :math:`a = -(1 - |\theta|/2\lambda)`, separated from
        the right side by a dip to :math:`-\lambda` at :math:`a = 0`; the trained critic stays
        there and the generator runs away (mathnote 08 §4; the notebook shows it). In 2-D and
        above the gradient can rotate at norm 1, and :func:`train_ring_gan` uses the two-sided
        penalty.
        Only ``True`` or ``False`` is accepted (a string such as ``"no"`` would be truthy).
    activation : {"leaky_relu", "tanh"}
        The hidden layers' activation (default leaky ReLU: far from the data the
        discriminator's logit is linear, so only the sigmoid saturates).
    eval_size : int
        Size of the held-out set, drawn once before training (the same samples at every step),
        on which the critic's estimate of :math:`W_1` is computed at each step.
    callback : callable, optional
        Called as ``callback(step, record)`` every ``every`` generator steps and at the end,
        with the record filled up to ``step`` (the live figure draws from it).
    every : int
        How often ``callback`` is called.
    generator_optimizer : {"plain", "adam"}
        How θ moves: ``"plain"`` gradient steps ``theta -= lr * grad`` (default: the step is
        the gradient's size, so a vanishing gradient shows), or :class:`Adam` with step ``lr``
        and the same betas as the critic's, which rescales every gradient to a step of about
        ``lr`` and so hides a vanishing one.
    first_critic_steps : int, optional
        Discriminator/critic updates before the *first* generator step (default
        ``critic_steps``): the critic's budget before ``grad[0]`` is measured. The later steps
        use ``critic_steps``. The batches are drawn exactly as in the main loop, so
        ``first_critic_steps=k`` gives the same ``grad[0]`` as ``critic_steps=k``.

    A run that diverges (θ farther than 100 max(1, |θ0|) from the data, or a critic's
    objective beyond 10⁶ or NaN) stops with a ``FloatingPointError`` naming the generator step
    and the learning rate to lower.

    Returns
    -------
    dict
        ``theta`` (length ``steps + 1``), ``grad`` (the generator's gradient at each step,
        length ``steps``), ``critic_value`` (the critic's objective on its last batch of each
        step: for the WGANs the batch estimate of :math:`W_1` scaled by the critic's Lipschitz
        constant, for the GANs the discriminator's cross-entropy in nats), ``w1_estimate``
        (WGANs: :math:`E f(x_r) - E f(x_f)` on the ``eval_size`` held-out samples; NaN for the
        GANs),
        ``w1_exact`` (:math:`|\theta|`, the exact :math:`W_1` between the two normals, which
        :func:`helpers.transport.wasserstein_1d` approaches on large samples), ``critic`` (the
        final weights), and the settings.

    Examples
    --------
    >>> run = train_1d_gan("wgan-gp", 3.0, steps=5)
    >>> run["theta"].shape, run["grad"].shape, bool(run["theta"][-1] < 3.0)
    ((6,), (5,), True)
    """
    _check_loss(loss)
    theta0 = float(theta0)
    if not math.isfinite(theta0):
        raise ValueError(f"theta0 must be finite, got {theta0!r}")
    steps = _positive_int(steps, "steps")
    critic_steps = _positive_int(critic_steps, "critic_steps")
    batch = _positive_int(batch, "batch")
    hidden = _positive_int(hidden, "hidden")
    eval_size = _positive_int(eval_size, "eval_size")
    every = _positive_int(every, "every")
    lr = _positive_float(lr, "lr")
    critic_lr = _positive_float(critic_lr, "critic_lr")
    clip = _positive_float(clip, "clip")
    gp_weight = _positive_float(gp_weight, "gp_weight")
    gp_one_sided = _flag(gp_one_sided, "gp_one_sided")
    seed = _seed(seed)
    if generator_optimizer not in GENERATOR_OPTIMIZERS:
        raise ValueError(f"generator_optimizer must be one of {GENERATOR_OPTIMIZERS}, "
                         f"got {generator_optimizer!r}")
    first_critic_steps = (critic_steps if first_critic_steps is None
                          else _positive_int(first_critic_steps, "first_critic_steps"))
    theta_opt = Adam(lr) if generator_optimizer == "adam" else None

    rng = np.random.default_rng(seed)
    params = _new_critic(hidden, rng, clip if loss == "wgan-clip" else None)
    _check_activation(activation)
    opt = Adam(critic_lr)
    eval_real = rng.standard_normal((eval_size, 1))
    eval_noise = rng.standard_normal((eval_size, 1))
    record = {
        "loss": loss,
        "theta": np.full(steps + 1, np.nan),
        "grad": np.full(steps, np.nan),
        "critic_value": np.full(steps, np.nan),
        "w1_estimate": np.full(steps, np.nan),
        "w1_exact": np.full(steps + 1, np.nan),
        "settings": {"theta0": theta0, "steps": steps, "lr": lr, "critic_steps": critic_steps,
                     "seed": seed, "batch": batch, "hidden": hidden, "critic_lr": critic_lr,
                     "clip": clip, "gp_weight": gp_weight, "gp_one_sided": gp_one_sided,
                     "activation": activation, "generator_optimizer": generator_optimizer,
                     "first_critic_steps": first_critic_steps},
        "done": 0,
    }
    theta = theta0
    record["theta"][0] = theta
    record["w1_exact"][0] = abs(theta)
    wgan = loss.startswith("wgan")
    for step in range(steps):
        for _ in range(first_critic_steps if step == 0 else critic_steps):
            x_real = rng.standard_normal((batch, 1))
            x_fake = rng.standard_normal((batch, 1)) + theta
            value = _critic_step(loss, params, opt, x_real, x_fake, rng, activation, clip,
                                 gp_weight, gp_one_sided)
        record["critic_value"][step] = value
        _stop_if_diverged(abs(value) < CRITIC_DIVERGED, f"train_1d_gan({loss!r})",
                          f"generator step {step + 1}", f"the critic's objective is {value:.3g}",
                          f"Try a smaller critic_lr (now {critic_lr:g}).")
        if wgan:
            both = np.concatenate([eval_real, eval_noise + theta])
            out, _ = mlp_forward(params, both, activation)
            record["w1_estimate"][step] = float(out[:eval_size].mean() - out[eval_size:].mean())
        x_fake = rng.standard_normal((batch, 1)) + theta
        out, cache = mlp_forward(params, x_fake, activation)
        _, grad_x = mlp_backward(params, cache, generator_output_gradient(loss, out))
        grad = float(grad_x.sum())  # dx/dtheta = 1 for every sample
        record["grad"][step] = grad
        if theta_opt is None:
            theta -= lr * grad
        else:
            box = [np.array([theta])]
            theta_opt.step(box, [np.array([grad])])
            theta = float(box[0][0])
        record["theta"][step + 1] = theta
        record["w1_exact"][step + 1] = abs(theta)
        _stop_if_diverged(abs(theta) < THETA_DIVERGED * max(1.0, abs(theta0)),
                          f"train_1d_gan({loss!r})", f"generator step {step + 1}",
                          f"θ = {theta:.3g} (it started at {theta0:g}, the data sit at 0)",
                          f"Try a smaller lr (now {lr:g}).")
        record["done"] = step + 1
        if callback is not None and ((step + 1) % every == 0 or step + 1 == steps):
            callback(step + 1, record)
    record["critic"] = params
    return record


@_one_blas_thread
@np.errstate(over="ignore", invalid="ignore")  # a diverging run is stopped with a message
def fit_critic_1d(
    kind: str,
    x_real,
    x_fake,
    steps: int = 1000,
    *,
    seed: int = 0,
    hidden: int = 16,
    lr: float = 0.01,
    clip: float = 0.25,
    gp_weight: float = 10.0,
    gp_one_sided: bool = True,
) -> list[np.ndarray]:
    r"""Train a discriminator or a critic on two fixed 1-D samples; return its weights.

    ``kind`` is ``"discriminator"`` (cross-entropy, output a logit), ``"wgan-clip"`` or
    ``"wgan-gp"``. The network is the one :func:`train_1d_gan` uses; every update uses the
    whole samples (full batch), so near-optimality is reached in a few hundred steps. ``seed``
    is an integer >= 0 and ``gp_one_sided`` ``True`` or ``False``; a critic whose objective
    goes beyond 10⁶ or NaN stops the fit with a ``FloatingPointError`` naming the update. Evaluate
    the result with :func:`mlp_forward` (leaky ReLU; a discriminator's ``D = sigmoid(output)``).

    >>> params = fit_critic_1d("wgan-gp", [0.0, 0.5], [4.0, 4.5], steps=50)
    >>> len(params)
    6
    """
    losses = {"discriminator": "minimax", "wgan-clip": "wgan-clip", "wgan-gp": "wgan-gp"}
    if kind not in losses:
        raise ValueError(f"kind must be one of {sorted(losses)}, got {kind!r}")
    x_real = _as_batch(x_real, 1, "x_real")
    x_fake = _as_batch(x_fake, 1, "x_fake")
    if x_real.shape != x_fake.shape:
        raise ValueError(f"x_real and x_fake need the same size, got {x_real.shape[0]} and "
                         f"{x_fake.shape[0]}")
    steps = _positive_int(steps, "steps")
    hidden = _positive_int(hidden, "hidden")
    lr = _positive_float(lr, "lr")
    clip = _positive_float(clip, "clip")
    gp_weight = _positive_float(gp_weight, "gp_weight")
    gp_one_sided = _flag(gp_one_sided, "gp_one_sided")
    rng = np.random.default_rng(_seed(seed))
    params = _new_critic(hidden, rng, clip if kind == "wgan-clip" else None)
    opt = Adam(lr)
    for step in range(steps):
        value = _critic_step(losses[kind], params, opt, x_real, x_fake, rng, "leaky_relu", clip,
                             gp_weight, gp_one_sided)
        _stop_if_diverged(abs(value) < CRITIC_DIVERGED, f"fit_critic_1d({kind!r})",
                          f"update {step + 1}",
                          f"the critic's objective is {value:.3g}",
                          f"Try a smaller lr (now {lr:g}).")
    return params


# --------------------------------------------------------------------------------------------
# 2-D: the ring of 8 Gaussians


def ring_centres(modes: int = 8, radius: float = 2.0) -> np.ndarray:
    """The ``modes`` centres, evenly spaced on a circle of ``radius``, shape ``(modes, 2)``.

    >>> ring_centres(4, 1.0).round(12).tolist()
    [[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [-0.0, -1.0]]
    """
    angles = 2 * np.pi * np.arange(modes) / modes
    return radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)


def sample_ring(n: int, rng: np.random.Generator, *, modes: int = 8, radius: float = 2.0,
                std: float = 0.05) -> np.ndarray:
    """``n`` samples of the ring mixture: a centre chosen uniformly, plus N(0, std² I) noise.

    >>> sample_ring(3, np.random.default_rng(0)).shape
    (3, 2)
    """
    centres = ring_centres(modes, radius)
    return centres[rng.integers(0, modes, size=n)] + std * rng.standard_normal((n, 2))


def count_modes(samples, *, modes: int = 8, radius: float = 2.0, std: float = 0.05,
                within: float = 3.0, min_share: float = 0.02) -> dict:
    """How many of the ring's modes the samples cover.

    A sample is *near* a mode when it lies within ``within * std`` of its centre; a mode is
    *covered* when at least ``min_share`` of all samples are near it.

    Returns
    -------
    dict
        ``covered`` (int), ``counts`` (samples near each mode) and ``near_share`` (the share
        of samples near some mode: the rest are "off the ring").

    >>> rng = np.random.default_rng(0)
    >>> count_modes(sample_ring(4000, rng))["covered"]
    8
    >>> count_modes(np.tile([[2.0, 0.0]], (50, 1)))["covered"]
    1
    """
    x = _as_batch(samples, 2, "samples")
    centres = ring_centres(modes, radius)
    dist = np.sqrt(((x[:, None, :] - centres[None]) ** 2).sum(axis=2))
    nearest = dist.argmin(axis=1)
    near = dist[np.arange(len(x)), nearest] <= within * std
    counts = np.bincount(nearest[near], minlength=modes)
    return {
        "covered": int(np.sum(counts >= min_share * len(x))),
        "counts": counts,
        "near_share": float(near.mean()),
    }


def share_on_circle(samples, *, radius: float = 2.0, band: float = 0.25) -> float:
    """The share of samples within ``band`` of the circle of ``radius`` through the modes: how
    well a generator has learnt the ring's *shape*, whether or not it fills the modes.

    >>> share_on_circle([[2.1, 0.0], [0.0, -1.9], [0.0, 0.0], [3.0, 0.0]])
    0.5
    """
    x = _as_batch(samples, 2, "samples")
    return float(np.mean(np.abs(np.sqrt(np.sum(x * x, axis=1)) - radius) <= band))


def ring_over_seeds(runs: list[dict], *, falls_after: int = 600) -> dict:
    """What the runs of one loss on the ring (:func:`train_ring_gans`) show, seed by seed.

    Returns a dict of lists, one entry per run: ``seed``; ``covered_end``, ``near_end`` and
    ``circle_end`` (modes covered, share of samples near a mode, and :func:`share_on_circle`
    at the last kept step); ``fell`` (whether the count of covered modes dropped from one kept
    step to the next after step ``falls_after``: modes lost, not only gained).

    >>> runs = train_ring_gans("non-saturating", seeds=(0, 1), steps=4, snapshot_every=2,
    ...                        snapshot_size=50)
    >>> sorted(ring_over_seeds(runs, falls_after=0))
    ['circle_end', 'covered_end', 'fell', 'near_end', 'seed']
    """
    if not runs:
        raise ValueError("runs is empty: pass the list train_ring_gans returns")
    out: dict = {"seed": [], "covered_end": [], "near_end": [], "circle_end": [], "fell": []}
    for run in runs:
        steps = np.asarray(run["steps"])
        covered = np.asarray(run["covered"])
        out["seed"].append(run["seed"])
        out["covered_end"].append(int(covered[-1]))
        out["near_end"].append(float(run["near_share"][-1]))
        out["circle_end"].append(share_on_circle(run["samples"][-1]))
        out["fell"].append(bool(np.any(np.diff(covered[steps >= falls_after]) < 0)))
    return out


#: The losses :func:`train_ring_gan` trains.
RING_LOSSES = ("non-saturating", "wgan-gp")


def _stack(nets: list) -> list[np.ndarray]:
    """Several networks of one shape as one stack: weights ``(S, n_in, n_out)``, biases
    ``(S, 1, n_out)`` (see :func:`_forward`)."""
    stacked = []
    for i, first in enumerate(nets[0]):
        arr = np.stack([net[i] for net in nets])
        stacked.append(arr[:, None, :] if first.ndim == 1 else arr)
    return stacked


def _unstack(stacked: list[np.ndarray], index: int) -> list[np.ndarray]:
    """Network ``index`` of a stack, in the layout of :func:`init_mlp`."""
    return [p[index, 0].copy() if i % 2 else p[index].copy() for i, p in enumerate(stacked)]


@_one_blas_thread
def train_ring_gan(
    loss: str,
    steps: int = 1200,
    *,
    seed: int = 0,
    batch: int = 64,
    hidden: int = 32,
    noise_dim: int = 2,
    critic_steps: int | None = None,
    lr: float = 5e-3,
    gp_weight: float = 10.0,
    snapshot_every: int = 200,
    snapshot_size: int = 1000,
    std: float = 0.05,
    critic_activation: str = "leaky_relu",
    callback: Callable | None = None,
) -> dict:
    r"""Train a GAN on the ring of 8 Gaussians; keep samples every ``snapshot_every`` steps.

    ``loss`` is ``"non-saturating"`` or ``"wgan-gp"`` (the two-sided penalty of Gulrajani et
    al., :math:`\lambda` = ``gp_weight``). Generator: 2-D normal noise -> ``hidden`` ->
    ``hidden`` -> 2 (leaky ReLU). Discriminator/critic: 2 -> ``hidden`` -> ``hidden`` -> 1
    (``critic_activation``). Both trained with Adam (``lr``, betas 0.5 and 0.9);
    ``critic_steps`` critic updates per generator step (default 1 for the GAN, 5 for the
    WGAN-GP). ``std`` is the standard deviation of each mode (Metz et al. use 0.02; 0.05 here,
    so that a short run can get there). ``seed`` (an integer) seeds everything: same seed, same
    run on the same machine. ``callback(step, record)`` is called at every kept step.

    The training is chaotic: a change in the last bit of one number (another BLAS kernel, which
    sums in another order, or one initial weight moved by one ulp) soon gives another run, with
    other mode counts. Report what holds over several seeds (:func:`train_ring_gans`), not the
    counts of one run.

    A run whose samples become NaN, infinite or larger than 10⁶ stops with an error naming
    the step (try a smaller ``lr``).

    Returns
    -------
    dict
        ``steps`` (the generator steps at which samples were kept, 0 first), ``samples``
        (one ``(snapshot_size, 2)`` array per kept step, from the same fixed noise),
        ``covered`` (modes covered at each kept step, :func:`count_modes`), ``near_share``,
        ``data`` (a sample of the ring of the same size), ``generator`` and ``critic`` (the
        final weights), ``seed`` and ``settings``.

    >>> run = train_ring_gan("wgan-gp", steps=4, snapshot_every=2, snapshot_size=50)
    >>> run["steps"], len(run["samples"])
    ([0, 2, 4], 3)
    """
    each = None if callback is None else (lambda step, runs: callback(step, runs[0]))
    (run,) = train_ring_gans(
        loss, (_seed(seed),), steps, batch=batch, hidden=hidden, noise_dim=noise_dim,
        critic_steps=critic_steps, lr=lr, gp_weight=gp_weight, snapshot_every=snapshot_every,
        snapshot_size=snapshot_size, std=std, critic_activation=critic_activation,
        callback=each,
    )
    return run


#: Generated samples farther than this from the origin mean the ring run has diverged.
RING_DIVERGED = 1e6


@_one_blas_thread
@np.errstate(over="ignore", invalid="ignore")  # a diverging run is stopped with a message
def train_ring_gans(
    loss: str,
    seeds=(0, 1, 2, 3, 4),
    steps: int = 1200,
    *,
    batch: int = 64,
    hidden: int = 32,
    noise_dim: int = 2,
    critic_steps: int | None = None,
    lr: float = 5e-3,
    gp_weight: float = 10.0,
    snapshot_every: int = 200,
    snapshot_size: int = 1000,
    std: float = 0.05,
    critic_activation: str = "leaky_relu",
    callback: Callable | None = None,
) -> list[dict]:
    r""":func:`train_ring_gan` for each of ``seeds``, all trained at once; a list of records.

    Seed ``s`` draws exactly the random numbers ``train_ring_gan(loss, seed=s)`` draws, and the
    networks of all seeds are updated together as one stack (:func:`_forward`), so several
    seeds cost little more than one. ``callback(step, records)`` is called at every kept step.
    The other parameters are those of :func:`train_ring_gan`.

    >>> runs = train_ring_gans("non-saturating", seeds=(0, 1), steps=2, snapshot_size=50)
    >>> [run["seed"] for run in runs], runs[1]["steps"]
    ([0, 1], [0, 2])
    """
    if loss not in RING_LOSSES:
        raise ValueError(f"loss must be 'non-saturating' or 'wgan-gp', got {loss!r}")
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__len__") or len(seeds) == 0:
        raise ValueError(f"seeds must be a non-empty list of integers, got {seeds!r}")
    seeds = [_seed(s, "each seed") for s in seeds]
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must differ from each other, got {seeds}")
    steps = _positive_int(steps, "steps")
    snapshot_every = _positive_int(snapshot_every, "snapshot_every")
    if critic_steps is None:
        critic_steps = 5 if loss == "wgan-gp" else 1
    critic_steps = _positive_int(critic_steps, "critic_steps")
    batch = _positive_int(batch, "batch")
    hidden = _positive_int(hidden, "hidden")
    noise_dim = _positive_int(noise_dim, "noise_dim")
    snapshot_size = _positive_int(snapshot_size, "snapshot_size")
    lr = _positive_float(lr, "lr")
    gp_weight = _positive_float(gp_weight, "gp_weight")
    std = _positive_float(std, "std")
    _check_activation(critic_activation)
    settings = {"steps": steps, "batch": batch, "hidden": hidden, "noise_dim": noise_dim,
                "critic_steps": critic_steps, "lr": lr, "gp_weight": gp_weight,
                "snapshot_every": snapshot_every, "snapshot_size": snapshot_size, "std": std,
                "critic_activation": critic_activation}

    rngs = [np.random.default_rng(s) for s in seeds]
    gens, critics, fixed_noise, runs = [], [], [], []
    for s, rng in zip(seeds, rngs, strict=True):  # the draws of one train_ring_gan, in order
        gens.append(init_mlp([noise_dim, hidden, hidden, 2], rng))
        critics.append(init_mlp([2, hidden, hidden, 1], rng))
        fixed_noise.append(rng.standard_normal((snapshot_size, noise_dim)))
        runs.append({"steps": [], "samples": [], "covered": [], "near_share": [],
                     "data": sample_ring(snapshot_size, rng, std=std), "loss": loss, "seed": s,
                     "settings": settings})
    gen, critic = _stack(gens), _stack(critics)
    fixed_noise = np.stack(fixed_noise)
    gen_opt, critic_opt = Adam(lr), Adam(lr)

    def draw(make):
        """One draw from each seed's stream, stacked."""
        return np.stack([make(rng) for rng in rngs])

    def diverged(x, step):
        bad = ~np.all(np.isfinite(x) & (np.abs(x) < RING_DIVERGED), axis=(1, 2))
        if bad.any():
            which = seeds[int(np.argmax(bad))]
            raise FloatingPointError(
                f"train_ring_gan({loss!r}, seed={which}) diverged at generator step {step}: "
                f"its samples became NaN, infinite or larger than {RING_DIVERGED:.0e}. Try a "
                f"smaller lr (now {lr:g})."
            )

    def keep(step):
        out, _ = _forward(gen, fixed_noise, "leaky_relu")
        diverged(out, step)
        for run, samples in zip(runs, out, strict=True):
            modes = count_modes(samples, std=std)
            run["steps"].append(step)
            run["samples"].append(samples)
            run["covered"].append(modes["covered"])
            run["near_share"].append(modes["near_share"])
        if callback is not None:
            callback(step, runs)

    keep(0)
    for step in range(1, steps + 1):
        for _ in range(critic_steps):
            x_real = draw(lambda rng: sample_ring(batch, rng, std=std))
            x_fake, _ = _forward(gen, draw(lambda rng: rng.standard_normal((batch, noise_dim))),
                                 "leaky_relu")
            out, cache = _forward(critic, np.concatenate([x_real, x_fake], axis=1),
                                  critic_activation)
            real, fake = out[:, :batch], out[:, batch:]
            if loss == "non-saturating":
                _, g_real, g_fake = discriminator_loss(real, fake)
                grads, _ = mlp_backward(critic, cache, np.concatenate([g_real, g_fake], axis=1))
            else:  # the critic maximises E f(real) - E f(fake), minus the two-sided penalty
                grad_out = np.concatenate([np.full_like(real, -1.0 / batch),
                                           np.full_like(fake, 1.0 / batch)], axis=1)
                grads, _ = mlp_backward(critic, cache, grad_out)
                eps = draw(lambda rng: rng.random((batch, 1)))
                _, hat_cache = _forward(critic, eps * x_real + (1 - eps) * x_fake,
                                        critic_activation)
                _, gp_grads = _penalty(critic, hat_cache, gp_weight, False)
                grads = [g + h for g, h in zip(grads, gp_grads, strict=True)]
            critic_opt.step(critic, grads)
        z = draw(lambda rng: rng.standard_normal((batch, noise_dim)))
        x_fake, gen_cache = _forward(gen, z, "leaky_relu")
        diverged(x_fake, step)
        out, cache = _forward(critic, x_fake, critic_activation)
        _, grad_x = mlp_backward(critic, cache, generator_output_gradient(loss, out))
        gen_grads, _ = mlp_backward(gen, gen_cache, grad_x)
        gen_opt.step(gen, gen_grads)
        if step % snapshot_every == 0 or step == steps:
            keep(step)
    for index, run in enumerate(runs):
        run["generator"], run["critic"] = _unstack(gen, index), _unstack(critic, index)
    return runs
