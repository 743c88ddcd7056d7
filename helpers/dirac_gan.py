r"""The Dirac-GAN (Mescheder, Geiger & Nowozin 2018): the smallest game that does not converge.

The data are a single point, :math:`P_r = \delta_0`; the generator is a single point too,
:math:`P_\theta = \delta_\theta`; the discriminator (or critic) is a line through the origin,
with logit (or score) :math:`\ell_\psi(x) = \psi x`. Two numbers, :math:`\theta` and
:math:`\psi`, so the whole training run is a curve in the plane. The only equilibrium is
:math:`(\theta, \psi) = (0, 0)`: the generator on the data, the discriminator flat.

Both players take plain gradient steps of size ``lr``, the discriminator first, then the
generator (alternating updates, as in notebook 08's loop with one critic step). The gradients
(the discriminator *ascends* its objective, the generator *descends* its loss; sigmoid is
:math:`\operatorname{sigmoid}(u) = 1/(1 + e^{-u})`, written sg below):

``"wgan-clip"``
    critic objective :math:`f_\psi(0) - f_\psi(\theta) = -\psi\theta`, so
    :math:`\partial_\psi = -\theta`, then :math:`\psi` is clipped to :math:`[-c, c]`;
    generator loss :math:`-f_\psi(\theta) = -\psi\theta`, so :math:`\partial_\theta = -\psi`.
``"wgan-gp"``
    the critic's slope is :math:`\psi` everywhere, so the gradient penalty is the same wherever
    it is evaluated. One-sided, as in notebook 08's 1-D runs, it is
    :math:`\lambda\max(0, |\psi| - 1)^2`:
    :math:`\partial_\psi = -\theta - 2\lambda\max(0, |\psi| - 1)\operatorname{sign}\psi`.
    Two-sided (Gulrajani et al.), :math:`\lambda(|\psi| - 1)^2`, it has a stationary point
    away from the data, :math:`(\theta, \psi) = (2\lambda, 0)`, where a run started at
    :math:`\psi = 0` stops (the wrong-side maximum of mathnote 08 §4). Generator as for
    clipping.
``"non-saturating"``
    discriminator objective :math:`\log \mathrm{sg}(\ell_\psi(0))
    + \log(1 - \mathrm{sg}(\ell_\psi(\theta))) - \tfrac{\gamma}{2}\psi^2`, the last term
    the R1 penalty :math:`\tfrac{\gamma}{2} E_{P_r}\|\nabla_x \ell_\psi\|^2`
    (Mescheder et al. 2018), so
    :math:`\partial_\psi = -\theta\, \mathrm{sg}(\psi\theta) - \gamma\psi`; generator loss
    :math:`-\log \mathrm{sg}(\psi\theta)`, so
    :math:`\partial_\theta = -\psi\, \mathrm{sg}(-\psi\theta)`.
    With :math:`\gamma = 0` it is the plain non-saturating GAN.

Near :math:`(0, 0)` the non-saturating field is :math:`(\dot\theta, \dot\psi) =
(\psi/2, -\theta/2 - \gamma\psi)`: a rotation, damped by :math:`\gamma`. The WGANs' fields
rotate with no damping at all, so their runs circle the equilibrium for ever.
"""

from __future__ import annotations

import math

import numpy as np

#: The games :func:`train_dirac_gan` plays.
DIRAC_LOSSES = ("wgan-clip", "wgan-gp", "non-saturating")


def _logistic(u: float) -> float:
    if u >= 0:
        return 1.0 / (1.0 + math.exp(-u))
    e = math.exp(u)
    return e / (1.0 + e)


def _finite(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise TypeError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return value


def _non_negative(value, name: str) -> float:
    value = _finite(value, name)
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value!r}")
    return value


def dirac_gradients(loss: str, theta: float, psi: float, *, gp_weight: float = 1.0,
                    gp_one_sided: bool = True, r1_weight: float = 0.0) -> tuple[float, float]:
    r"""``(d_theta, d_psi)``: the generator's loss gradient and the discriminator's ascent
    direction at :math:`(\theta, \psi)` (formulas in the module docstring).

    Clipping is not a gradient: :func:`train_dirac_gan` clips after the step.

    >>> dirac_gradients("wgan-clip", 1.0, 0.5)
    (-0.5, -1.0)
    >>> dirac_gradients("non-saturating", 0.0, 1.0, r1_weight=2.0)
    (-0.5, -2.0)
    """
    if loss not in DIRAC_LOSSES:
        raise ValueError(f"loss must be one of {DIRAC_LOSSES}, got {loss!r}")
    theta, psi = _finite(theta, "theta"), _finite(psi, "psi")
    if loss == "non-saturating":
        d_theta = -psi * _logistic(-psi * theta)
        d_psi = -theta * _logistic(psi * theta) - r1_weight * psi
        return d_theta, d_psi
    d_theta = -psi
    d_psi = -theta
    if loss == "wgan-gp":
        excess = abs(psi) - 1.0
        if gp_one_sided:
            excess = max(excess, 0.0)
        d_psi -= 2.0 * gp_weight * excess * math.copysign(1.0, psi)
    return d_theta, d_psi


def train_dirac_gan(loss: str, theta0: float = 1.0, psi0: float = 0.0, steps: int = 400, *,
                    lr: float = 0.1, clip: float = 1.0, gp_weight: float = 1.0,
                    gp_one_sided: bool = True, r1_weight: float = 0.0) -> dict:
    r"""Alternating gradient steps on the Dirac-GAN; returns ``{"theta", "psi"}`` (length
    ``steps + 1``) and the settings.

    Each step: :math:`\psi \leftarrow \psi + \eta\,\partial_\psi` (then clipped for
    ``"wgan-clip"``), then :math:`\theta \leftarrow \theta - \eta\,\partial_\theta` with the
    new :math:`\psi`.

    >>> run = train_dirac_gan("non-saturating", r1_weight=1.0, steps=2000)
    >>> bool(abs(run["theta"][-1]) < 1e-6 and abs(run["psi"][-1]) < 1e-6)
    True
    >>> run = train_dirac_gan("wgan-clip", steps=2000)
    >>> bool(abs(run["theta"][-200:]).max() > 0.5)
    True
    """
    if loss not in DIRAC_LOSSES:
        raise ValueError(f"loss must be one of {DIRAC_LOSSES}, got {loss!r}")
    theta, psi = _finite(theta0, "theta0"), _finite(psi0, "psi0")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    lr = _finite(lr, "lr")
    if lr <= 0:
        raise ValueError(f"lr must be > 0, got {lr!r}")
    clip = _finite(clip, "clip")
    if clip <= 0:
        raise ValueError(f"clip must be > 0, got {clip!r}")
    gp_weight = _non_negative(gp_weight, "gp_weight")
    r1_weight = _non_negative(r1_weight, "r1_weight")
    if not isinstance(gp_one_sided, bool):
        raise TypeError(f"gp_one_sided must be True or False, got {gp_one_sided!r}")
    kwargs = {"gp_weight": gp_weight, "gp_one_sided": gp_one_sided, "r1_weight": r1_weight}
    thetas = np.empty(steps + 1)
    psis = np.empty(steps + 1)
    thetas[0], psis[0] = theta, psi
    for step in range(1, steps + 1):
        _, d_psi = dirac_gradients(loss, theta, psi, **kwargs)
        psi += lr * d_psi
        if loss == "wgan-clip":
            psi = min(max(psi, -clip), clip)
        if not math.isfinite(psi):
            raise FloatingPointError(f"the {loss} run diverged at step {step} (lr = {lr})")
        d_theta, _ = dirac_gradients(loss, theta, psi, **kwargs)
        theta -= lr * d_theta
        if not (math.isfinite(theta) and math.isfinite(psi)):
            raise FloatingPointError(f"the {loss} run diverged at step {step} (lr = {lr})")
        thetas[step], psis[step] = theta, psi
    return {"loss": loss, "theta": thetas, "psi": psis,
            "settings": {"theta0": theta0, "psi0": psi0, "steps": steps, "lr": lr, "clip": clip,
                         **kwargs}}


def distance_to_equilibrium(run: dict, last: int = 100) -> float:
    r"""The largest :math:`\sqrt{\theta^2 + \psi^2}` over the run's last ``last`` steps: 0 for
    a run that has converged to :math:`(0, 0)`, the radius of the circle it keeps running round
    otherwise.

    >>> distance_to_equilibrium({"theta": np.array([3.0, 0.0]), "psi": np.array([4.0, 0.0])}, 1)
    0.0
    """
    theta, psi = np.asarray(run["theta"]), np.asarray(run["psi"])
    if (isinstance(last, bool) or not isinstance(last, (int, np.integer))
            or not 1 <= last <= theta.size):
        raise ValueError(f"last must be an integer from 1 to {theta.size}, got {last!r}")
    return float(np.hypot(theta[-last:], psi[-last:]).max())
