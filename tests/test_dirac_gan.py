"""helpers.dirac_gan and its figure: the Dirac-GAN of Mescheder, Geiger & Nowozin (2018)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers.dirac_gan import (
    DIRAC_LOSSES,
    dirac_gradients,
    distance_to_equilibrium,
    train_dirac_gan,
)
from helpers.figures.dirac_gan import dirac_gan_figure
from helpers.widgets import move_every_control


def _objectives(loss, theta, psi, lam=1.0, one_sided=True, gamma=0.0):
    """(generator loss, discriminator objective) written out directly, for finite differences."""
    if loss == "non-saturating":
        softplus = lambda u: math.log1p(math.exp(-abs(u))) + max(u, 0.0)  # noqa: E731
        gen = softplus(-psi * theta)  # -log s(psi theta)
        disc = -math.log(2.0) - softplus(psi * theta) - gamma / 2 * psi**2
        return gen, disc
    excess = abs(psi) - 1.0
    if one_sided:
        excess = max(excess, 0.0)
    penalty = lam * excess**2 if loss == "wgan-gp" else 0.0
    return -psi * theta, -psi * theta - penalty


@pytest.mark.parametrize("loss", DIRAC_LOSSES)
@pytest.mark.parametrize("point", [(0.7, -0.3), (-1.2, 1.6), (0.4, 2.1)])
def test_gradients_match_finite_differences(loss, point):
    theta, psi = point
    h = 1e-6
    d_theta, d_psi = dirac_gradients(loss, theta, psi, gp_weight=2.0, r1_weight=0.5)
    kw = {"lam": 2.0, "gamma": 0.5}
    num_theta = (_objectives(loss, theta + h, psi, **kw)[0]
                 - _objectives(loss, theta - h, psi, **kw)[0]) / (2 * h)
    num_psi = (_objectives(loss, theta, psi + h, **kw)[1]
               - _objectives(loss, theta, psi - h, **kw)[1]) / (2 * h)
    assert d_theta == pytest.approx(num_theta, abs=1e-7)
    assert d_psi == pytest.approx(num_psi, abs=1e-7)


@pytest.mark.claim("wgan-dirac-gan")
@pytest.mark.parametrize("lr", [0.02, 0.1, 0.2])
def test_wgans_cycle_and_r1_converges(lr):
    """Notebook 08 section 6: from (1.5, 0) both WGANs keep circling at distance about 1, the
    non-saturating GAN with R1 (gamma = 1) reaches the equilibrium, without R1 it spirals in
    only slowly."""
    steps = 4000
    for loss in ("wgan-clip", "wgan-gp"):
        run = train_dirac_gan(loss, 1.5, 0.0, steps, lr=lr)
        assert 0.95 < distance_to_equilibrium(run, 400) < 1.1, loss
        assert np.abs(run["theta"][-400:]).max() > 0.9, loss  # still swinging
    r1 = train_dirac_gan("non-saturating", 1.5, 0.0, steps, lr=lr, r1_weight=1.0)
    assert distance_to_equilibrium(r1, 100) < 1e-6
    plain = train_dirac_gan("non-saturating", 1.5, 0.0, 400, lr=lr)
    assert distance_to_equilibrium(plain, 100) > 0.2


@pytest.mark.claim("wgan-dirac-gan")
@pytest.mark.parametrize("lr", [0.02, 0.1, 0.2])
def test_the_bound_on_psi_cuts_the_orbit_down_to_radius_one(lr):
    """Notebook 08 section 7: with no bound on ψ the run from (1.5, 0) keeps its distance 1.5
    (within 0.1); clipping |ψ| <= 1 or the one-sided penalty reaches |ψ| = 1 within the first 40
    steps, after which the run circles at distance 1 (within 0.1 from step 200; with clipping,
    within 0.01 when θ first reaches 0, the end of the first quarter-turn); a run started inside
    the band, at (0.8, 0), never meets the bound and keeps its distance 0.8 (within 0.05)."""
    free = train_dirac_gan("wgan-clip", 1.5, 0.0, 400, lr=lr, clip=1e9)
    radius = np.hypot(free["theta"], free["psi"])
    assert np.abs(radius - 1.5).max() < 0.1
    for loss in ("wgan-clip", "wgan-gp"):
        run = train_dirac_gan(loss, 1.5, 0.0, 400, lr=lr)
        radius = np.hypot(run["theta"], run["psi"])
        assert np.argmax(np.abs(run["psi"]) >= 1.0) < 40, loss
        assert np.abs(radius[200:] - 1.0).max() < 0.1, (loss, lr)
        if loss == "wgan-clip":  # on the unit circle by the end of the first quarter-turn
            assert abs(radius[np.argmax(run["theta"] <= 0)] - 1.0) < 0.01, lr
        inside = train_dirac_gan(loss, 0.8, 0.0, 400, lr=lr)
        assert np.abs(np.hypot(inside["theta"], inside["psi"]) - 0.8).max() < 0.05, (loss, lr)


@pytest.mark.claim("wgan-dirac-gan")
def test_the_rotation_period_is_about_two_pi_over_lr():
    """Linearised at (0, 0) the WGAN step turns (theta, psi) by about lr radians: half a
    turn takes about pi / lr steps (31 at lr = 0.1)."""
    for lr in (0.05, 0.1):
        theta = train_dirac_gan("wgan-clip", 0.5, 0.0, 2000, lr=lr)["theta"]
        crossings = np.flatnonzero(np.sign(theta[1:]) != np.sign(theta[:-1]))
        half = np.diff(crossings).mean()
        assert half == pytest.approx(math.pi / lr, rel=0.05)


@pytest.mark.claim("wgan-dirac-gan")
def test_two_sided_penalty_stops_the_generator_at_two_lambda():
    """Two-sided, the critic's wrong-side maximum psi = 1 - theta/(2 lambda) reaches 0 at
    theta = 2 lambda, a stationary point away from the data."""
    for lam in (1.0, 2.0, 5.0):
        run = train_dirac_gan("wgan-gp", 1.5, 0.0, 3000, lr=0.05, gp_weight=lam,
                              gp_one_sided=False)
        assert run["theta"][-1] == pytest.approx(2 * lam, abs=1e-3)
        assert run["psi"][-1] == pytest.approx(0.0, abs=1e-3)


def test_bad_input_is_rejected():
    with pytest.raises(ValueError, match="loss"):
        train_dirac_gan("minimax")
    with pytest.raises(ValueError, match="steps"):
        train_dirac_gan("wgan-clip", steps=0)
    with pytest.raises(ValueError, match="lr"):
        train_dirac_gan("wgan-clip", lr=0.0)
    with pytest.raises(ValueError, match="r1_weight"):
        train_dirac_gan("non-saturating", r1_weight=-1.0)
    with pytest.raises(TypeError, match="gp_one_sided"):
        train_dirac_gan("wgan-gp", gp_one_sided=1)
    with pytest.raises(ValueError, match="theta0"):
        train_dirac_gan("wgan-gp", float("nan"))
    with pytest.raises(FloatingPointError, match="diverged"):
        train_dirac_gan("wgan-gp", 1.0, 0.0, 1000, lr=0.2, gp_weight=10.0, gp_one_sided=False)


def test_figure_draws_the_runs_and_moves():
    live = dirac_gan_figure(display_now=False)
    parts = live.parts
    runs = parts["state"]["runs"]
    for loss, run in runs.items():
        np.testing.assert_array_equal(parts["lines"][loss].get_xdata(), run["theta"])
    text = parts["readout"].get_text()
    assert "at step 400" in text and "R1 penalty 0.000" in text
    live.controls["step"].value = 100
    assert len(parts["traces"]["wgan-gp"].get_xdata()) == 101
    live.controls["r1_weight"].value = 0.0
    assert "R1 penalty" not in parts["readout"].get_text()
    assert "non-saturating GAN, no penalty" in parts["readout"].get_text()
    # the legend names the slider, true at every γ, and never moves (the readout says which game)
    legend = [t.get_text() for t in parts["legend"].get_texts()]
    assert "non-saturating GAN, R1 weight γ (slider)" in legend
    assert not any("R1 penalty" in label for label in legend)
    live.controls["r1_weight"].value = 0.5
    assert "non-saturating GAN + R1 penalty" in parts["readout"].get_text()
    assert [t.get_text() for t in parts["legend"].get_texts()] == legend
    report = move_every_control(live)
    assert all(r["changed"] and not r["errors"] for r in report), report
    assert live.errors == []


def _jacobian(field, theta=0.0, psi=0.0, h=1e-6):
    out = np.empty((2, 2))
    for j, (dt, dp) in enumerate(((h, 0.0), (0.0, h))):
        up, down = field(theta + dt, psi + dp), field(theta - dt, psi - dp)
        out[:, j] = (np.array(up) - np.array(down)) / (2 * h)
    return out


@pytest.mark.claim("wgan-dirac-gan")
@pytest.mark.parametrize("lr", [0.05, 0.1, 0.2])
def test_linearised_wgan_step_is_a_rotation_of_determinant_one(lr):
    """One alternating WGAN step near (0, 0) is the matrix [[1 - η², η], [-η, 1]] on (θ, ψ):
    determinant 1, eigenvalues of modulus 1 at angle arccos(1 - η²/2) ≈ η."""

    def step(theta, psi):
        run = train_dirac_gan("wgan-gp", theta, psi, 1, lr=lr)  # |ψ| < 1: no penalty
        return run["theta"][1], run["psi"][1]

    jac = _jacobian(step)
    np.testing.assert_allclose(jac, [[1 - lr**2, lr], [-lr, 1]], atol=1e-8)
    eig = np.linalg.eigvals(jac)
    np.testing.assert_allclose(np.abs(eig), 1.0, atol=1e-8)
    assert np.abs(np.angle(eig)).max() == pytest.approx(math.acos(1 - lr**2 / 2), rel=1e-6)
    assert math.acos(1 - lr**2 / 2) == pytest.approx(lr, rel=0.01)


@pytest.mark.claim("wgan-dirac-gan")
@pytest.mark.parametrize("gamma", [0.0, 0.5, 1.0])
def test_non_saturating_flow_near_the_equilibrium(gamma):
    """(dθ/dt, dψ/dt) = (ψ/2, -θ/2 - γψ) near (0, 0): a rotation damped by γ."""

    def flow(theta, psi):
        d_theta, d_psi = dirac_gradients("non-saturating", theta, psi, r1_weight=gamma)
        return -d_theta, d_psi  # the generator descends, the discriminator ascends

    jac = _jacobian(flow)
    np.testing.assert_allclose(jac, [[0.0, 0.5], [-0.5, -gamma]], atol=1e-8)
    assert np.linalg.eigvals(jac).real.max() == pytest.approx(-gamma / 2, abs=1e-8)
