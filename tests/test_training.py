"""helpers.training: every hand-written backward pass against finite differences, and the
behaviour the notebook promises (the defaults contract of issue 9, determinism, the ring)."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.training import (
    ACTIVATIONS,
    LOSSES,
    RING_LOSSES,
    Adam,
    count_modes,
    discriminator_loss,
    fit_critic_1d,
    generator_output_gradient,
    gradient_penalty,
    init_mlp,
    input_gradient,
    mlp_backward,
    mlp_forward,
    ring_centres,
    ring_over_seeds,
    sample_ring,
    share_on_circle,
    train_1d_gan,
    train_ring_gan,
    train_ring_gans,
)
from helpers.transport import wasserstein_1d

H = 1e-6


def _numeric_gradient(f, arrays):
    """Central differences of the scalar f() with respect to every entry of every array."""
    out = []
    for arr in arrays:
        num = np.zeros_like(arr)
        for idx in np.ndindex(arr.shape):
            old = arr[idx]
            arr[idx] = old + H
            up = f()
            arr[idx] = old - H
            down = f()
            arr[idx] = old
            num[idx] = (up - down) / (2 * H)
        out.append(num)
    return out


def _random_net(sizes, seed):
    rng = np.random.default_rng(seed)
    params = init_mlp(sizes, rng)
    for p in params:
        p += 0.3 * rng.standard_normal(p.shape)  # nonzero biases too
    return params, rng


def _assert_close(analytic, numeric, tol=1e-6):
    for a, n in zip(analytic, numeric, strict=True):
        assert a.shape == n.shape
        np.testing.assert_allclose(a, n, atol=tol, rtol=1e-5)


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("sizes", [[1, 6, 1], [2, 5, 4, 1], [3, 4, 4, 2]])
def test_mlp_backward_matches_finite_differences(activation, sizes):
    params, rng = _random_net(sizes, 1)
    x = rng.standard_normal((7, sizes[0]))
    weights = rng.standard_normal((7, sizes[-1]))  # loss = sum(weights * output)

    def loss():
        out, _ = mlp_forward(params, x, activation)
        return float(np.sum(weights * out))

    out, cache = mlp_forward(params, x, activation)
    grads, grad_x = mlp_backward(params, cache, weights)
    _assert_close(grads, _numeric_gradient(loss, params))
    _assert_close([grad_x], _numeric_gradient(loss, [x]))


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_input_gradient_matches_finite_differences(activation):
    params, rng = _random_net([2, 5, 4, 1], 2)
    x = rng.standard_normal((6, 2))

    def total():
        return float(mlp_forward(params, x, activation)[0].sum())

    _assert_close([input_gradient(params, x, activation)], _numeric_gradient(total, [x]))


@pytest.mark.parametrize("one_sided", [False, True])
@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("sizes", [[1, 6, 1], [2, 5, 4, 1], [2, 3, 3, 3, 1]])
def test_gradient_penalty_gradient_matches_finite_differences(activation, sizes, one_sided):
    params, rng = _random_net(sizes, 3)
    x = rng.standard_normal((8, sizes[0]))
    norms = np.linalg.norm(input_gradient(params, x, activation), axis=1)
    params[-2] /= np.median(norms)  # slopes on both sides of 1: both branches of one-sided

    def penalty():
        return gradient_penalty(params, x, activation, weight=3.0, one_sided=one_sided)[0]

    value, grads = gradient_penalty(params, x, activation, weight=3.0, one_sided=one_sided)
    excess = np.linalg.norm(input_gradient(params, x, activation), axis=1) - 1
    if one_sided:
        excess = np.maximum(excess, 0.0)
        assert 0 < np.sum(excess > 0) < len(x)  # both branches are exercised
    assert value == pytest.approx(3.0 * np.mean(excess**2))
    _assert_close(grads, _numeric_gradient(penalty, params))


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_a_stack_of_networks_computes_what_each_network_computes(activation):
    """The ring trains its seeds as one stack (weights (S, n_in, n_out)): forward pass, backward
    pass and penalty of the stack equal those of each network, which are checked above against
    finite differences."""
    from helpers.training import _forward, _penalty, _stack

    nets, xs, outs = [], [], []
    for seed in range(3):
        params, rng = _random_net([2, 5, 4, 1], 10 + seed)
        nets.append(params)
        xs.append(rng.standard_normal((6, 2)))
        outs.append(rng.standard_normal((6, 1)))
    stack = _stack(nets)
    out, cache = _forward(stack, np.stack(xs), activation)
    grads, grad_x = mlp_backward(stack, cache, np.stack(outs))
    _, penalty = _penalty(stack, cache, 3.0, False)
    for i, params in enumerate(nets):
        one, one_cache = mlp_forward(params, xs[i], activation)
        one_grads, one_grad_x = mlp_backward(params, one_cache, outs[i])
        one_value, one_penalty = gradient_penalty(params, xs[i], activation, weight=3.0)
        np.testing.assert_allclose(out[i], one, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(grad_x[i], one_grad_x, rtol=1e-12, atol=1e-14)
        for k, (g, h, pg, ph) in enumerate(zip(grads, one_grads, penalty, one_penalty,
                                                strict=True)):
            np.testing.assert_allclose(g[i].reshape(h.shape), h, rtol=1e-12, atol=1e-14)
            np.testing.assert_allclose(pg[i].reshape(ph.shape), ph, rtol=1e-12, atol=1e-14,
                                       err_msg=f"penalty gradient {k}")


def test_gradient_penalty_of_a_linear_critic_in_closed_form():
    rng = np.random.default_rng(4)
    w = rng.standard_normal((3, 1))
    params = [w, np.array([0.7])]
    value, grads = gradient_penalty(params, rng.standard_normal((9, 3)), weight=10.0)
    norm = np.linalg.norm(w)
    assert value == pytest.approx(10 * (norm - 1) ** 2)
    np.testing.assert_allclose(grads[0], 20 * (norm - 1) * w / norm)
    assert grads[1] == pytest.approx([0.0])


def test_gradient_penalty_is_zero_for_a_unit_slope():
    params = [np.array([[0.6], [0.8]]), np.array([0.0])]
    value, grads = gradient_penalty(params, np.ones((3, 2)))
    assert value == 0.0 and all(np.all(g == 0) for g in grads)


def test_discriminator_loss_gradient_matches_finite_differences():
    rng = np.random.default_rng(5)
    real, fake = rng.standard_normal((6, 1)) * 3, rng.standard_normal((4, 1)) * 3
    _, g_real, g_fake = discriminator_loss(real, fake)
    numeric = _numeric_gradient(lambda: discriminator_loss(real, fake)[0], [real, fake])
    _assert_close([g_real, g_fake], numeric)


@pytest.mark.parametrize("loss", LOSSES)
def test_generator_output_gradient_matches_finite_differences(loss):
    out = np.random.default_rng(6).standard_normal((5, 1)) * 3
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    value = {
        "minimax": lambda: float(np.mean(np.log1p(-sig(out)))),
        "non-saturating": lambda: float(-np.mean(np.log(sig(out)))),
        "wgan-clip": lambda: float(-np.mean(out)),
        "wgan-gp": lambda: float(-np.mean(out)),
    }[loss]
    _assert_close([generator_output_gradient(loss, out)], _numeric_gradient(value, [out]))


@pytest.mark.parametrize("loss", LOSSES)
def test_generator_gradient_of_train_1d_gan_matches_finite_differences(loss):
    """The theta gradient the training loop uses = d/dtheta of the generator loss."""
    params, rng = _random_net([1, 6, 6, 1], 7)
    z = rng.standard_normal((10, 1))
    theta = np.array([1.3])

    def gen_loss():
        out, _ = mlp_forward(params, z + theta[0], "tanh")
        logit = out.ravel()
        if loss == "minimax":
            return float(np.mean(-np.logaddexp(0, logit)))  # log(1 - sigmoid(logit))
        if loss == "non-saturating":
            return float(np.mean(np.logaddexp(0, -logit)))  # -log sigmoid(logit)
        return float(-np.mean(logit))

    out, cache = mlp_forward(params, z + theta[0], "tanh")
    _, grad_x = mlp_backward(params, cache, generator_output_gradient(loss, out))
    (numeric,) = _numeric_gradient(gen_loss, [theta])
    assert grad_x.sum() == pytest.approx(numeric[0], abs=1e-7)


def test_adam_first_step_and_bad_settings():
    p = [np.array([1.0, -2.0])]
    Adam(0.1).step(p, [np.array([5.0, -0.01])])
    np.testing.assert_allclose(p[0], [0.9, -1.9], atol=1e-6)
    with pytest.raises(ValueError, match="lr"):
        Adam(0.0)


def test_bad_input_is_rejected_with_a_message():
    params = init_mlp([2, 3, 1], np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        mlp_forward(params, np.ones((3, 3)))
    with pytest.raises(ValueError, match="NaN"):
        mlp_forward(params, np.array([[np.nan, 1.0]]))
    with pytest.raises(ValueError, match="activation"):
        mlp_forward(params, np.ones((1, 2)), "relu6")
    with pytest.raises(ValueError, match="loss"):
        train_1d_gan("hinge", 1.0)
    with pytest.raises(ValueError, match="steps"):
        train_1d_gan("minimax", 1.0, steps=0)
    with pytest.raises(ValueError, match="theta0"):
        train_1d_gan("minimax", float("nan"))
    with pytest.raises(ValueError, match="lr"):
        train_1d_gan("minimax", 1.0, lr=-1.0)
    with pytest.raises(ValueError, match="kind"):
        fit_critic_1d("critic", [0.0], [1.0])
    with pytest.raises(ValueError, match="same size"):
        fit_critic_1d("wgan-gp", [0.0, 1.0], [1.0])
    with pytest.raises(ValueError, match="loss"):
        train_ring_gan("minimax", steps=1)
    with pytest.raises(ValueError, match="lr"):
        train_ring_gan("wgan-gp", steps=1, lr=0.0)
    with pytest.raises(ValueError, match="batch"):
        train_ring_gan("wgan-gp", steps=1, batch=0)
    with pytest.raises(ValueError, match="hidden"):
        fit_critic_1d("wgan-gp", [0.0], [1.0], hidden=0)
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        count_modes(np.ones((3, 3)))


def test_flags_and_seeds_must_be_what_they_say():
    """A string such as "no" is truthy: only real booleans are accepted. A seed of None would
    draw fresh entropy and give a run nobody can repeat: refused, with the reason."""
    for call in (lambda **kw: train_1d_gan("wgan-gp", 8.0, steps=1, **kw),
                 lambda **kw: fit_critic_1d("wgan-gp", [0.0], [1.0], steps=1, **kw)):
        with pytest.raises(TypeError, match="gp_one_sided must be True or False, got 'no'"):
            call(gp_one_sided="no")
        with pytest.raises(TypeError, match="gp_one_sided"):
            call(gp_one_sided=0)
        with pytest.raises(TypeError, match="seed must be an integer.*None.*got None"):
            call(seed=None)
        with pytest.raises(ValueError, match="seed must be an integer >= 0"):
            call(seed=-1)
        call(gp_one_sided=np.bool_(False), seed=np.int64(3))  # numpy's own types are fine
    with pytest.raises(TypeError, match="seed must be an integer"):
        train_ring_gan("wgan-gp", steps=1, seed=None)
    with pytest.raises(TypeError, match="each seed must be an integer"):
        train_ring_gans("wgan-gp", seeds=[0, None], steps=1)
    with pytest.raises(ValueError, match="seeds must differ"):
        train_ring_gans("wgan-gp", seeds=[1, 1], steps=1)
    with pytest.raises(ValueError, match="non-empty"):
        train_ring_gans("wgan-gp", seeds=[], steps=1)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: train_1d_gan("wgan-gp", 8.0, lr=1000.0),
     r"train_1d_gan\('wgan-gp'\) diverged at generator step \d+: θ = .*Try a smaller lr "
     r"\(now 1000\)"),
    (lambda: train_1d_gan("non-saturating", 8.0, lr=1000.0),
     r"diverged at generator step \d+: θ = .*Try a smaller lr"),
    (lambda: train_1d_gan("wgan-gp", 8.0, critic_lr=1e300),
     r"diverged at generator step 1: the critic's objective is nan\. Try a smaller critic_lr"),
    (lambda: fit_critic_1d("wgan-gp", [0.0, 1.0], [5.0, 6.0], lr=1e300),
     r"fit_critic_1d\('wgan-gp'\) diverged at update \d+: .*Try a smaller lr"),
    (lambda: train_ring_gan("non-saturating", steps=300, lr=100.0),
     r"train_ring_gan\('non-saturating', seed=0\) diverged at generator step \d+: .*"
     r"Try a smaller lr \(now 100\)"),
    (lambda: train_ring_gan("wgan-gp", steps=50, lr=1e300),
     r"diverged at generator step \d+: its samples became NaN"),
], ids=["1d-theta", "1d-theta-gan", "1d-critic", "fit-critic", "ring", "ring-overflow"])
def test_a_diverging_learning_rate_stops_with_the_step_and_what_to_try(call, message):
    """No silent run on to NaN or huge values (and no overflow warning on the way)."""
    with pytest.raises(FloatingPointError, match=message):
        call()


# -------------------------------------------------------------------------- the 1-D contract


@pytest.fixture(scope="module")
def default_runs():
    """``train_1d_gan(loss, 8.0)`` with every default, once per loss."""
    return {loss: train_1d_gan(loss, 8.0) for loss in LOSSES}


def test_default_run_shapes(default_runs):
    for loss, run in default_runs.items():
        steps = run["settings"]["steps"]
        assert run["theta"].shape == (steps + 1,) and run["theta"][0] == 8.0, loss
        assert run["grad"].shape == (steps,) and np.all(np.isfinite(run["grad"])), loss
        np.testing.assert_allclose(run["w1_exact"], np.abs(run["theta"]))


@pytest.mark.claim("wgan-defaults-contract")
def test_minimax_barely_moves_from_a_far_start(default_runs):
    theta = default_runs["minimax"]["theta"]
    assert np.max(np.abs(theta - 8.0)) < 1.0


@pytest.mark.claim("wgan-defaults-contract")
def test_non_saturating_moves_toward_the_data(default_runs):
    theta = default_runs["non-saturating"]["theta"]
    assert abs(theta[-1]) < 0.05
    assert np.max(np.abs(theta)) <= 8.0 + 1e-9
    # the notebook says it glides in without oscillating: it never overshoots the data
    assert theta.min() > -0.01 and np.all(np.diff(theta[:100]) <= 1e-3)


def test_non_saturating_gets_near_the_data_first(default_runs):
    """Exercise 08.2 and notebook 08: from theta0 = 8 the non-saturating generator is the first
    within 1 of the data (the logit's slope is not held near 1), the minimax one never is."""
    first = {}
    for loss, run in default_runs.items():
        near = np.abs(run["theta"]) < 1
        first[loss] = int(np.argmax(near)) if near.any() else np.inf
    assert first["minimax"] == np.inf
    assert first["non-saturating"] < min(first["wgan-clip"], first["wgan-gp"])


@pytest.mark.claim("wgan-defaults-contract")
def test_non_saturating_settles_even_at_the_largest_learning_rate():
    """The slider's largest learning rate: still no oscillation, within a few hundredths."""
    theta = train_1d_gan("non-saturating", 8.0, lr=0.2)["theta"]
    assert np.abs(theta[-100:]).max() < 0.05


@pytest.mark.claim("wgan-defaults-contract")
def test_minimax_reaches_the_data_from_a_near_start():
    """From theta0 = 3 the samples overlap, D does not saturate: the stall is a far-start one."""
    assert abs(train_1d_gan("minimax", 3.0)["theta"][-1]) < 0.1


@pytest.mark.parametrize("loss", ["wgan-clip", "wgan-gp"])
def test_wgan_wobble_grows_with_lr_and_overshoot_with_one_critic_step(default_runs, loss):
    """What notebook 08 says of picture 2's sliders."""
    base = default_runs[loss]["theta"]
    fast = train_1d_gan(loss, 8.0, lr=0.2)["theta"]
    lazy = train_1d_gan(loss, 8.0, critic_steps=1)["theta"]
    assert np.abs(fast[-100:]).max() > np.abs(base[-100:]).max()
    assert lazy.min() < base.min() < 0


@pytest.mark.claim("wgan-defaults-contract")
@pytest.mark.parametrize("loss", ["wgan-clip", "wgan-gp"])
def test_both_wgans_end_near_the_data(default_runs, loss):
    assert abs(default_runs[loss]["theta"][-1]) < 0.5


@pytest.mark.claim("wgan-penalised-slope")
def test_wgan_gp_critic_estimates_w1_while_far(default_runs):
    """Far from the data the penalised critic is nearly linear with the slope 1 + W1/(2 lambda)
    that maximises s W1 - lambda (s - 1)^2, so its estimate is W1 (1 + W1/(2 lambda))."""
    run = default_runs["wgan-gp"]
    exact = run["w1_exact"][1:]
    far = (exact > 3.0) & (np.arange(exact.size) >= 10)  # after the critic's first updates
    assert far.sum() > 10
    predicted = exact[far] * (1 + exact[far] / (2 * run["settings"]["gp_weight"]))
    np.testing.assert_allclose(run["w1_estimate"][far], predicted, rtol=0.15)


def test_runs_are_deterministic():
    a = train_1d_gan("wgan-gp", 4.0, steps=20, seed=3)
    b = train_1d_gan("wgan-gp", 4.0, steps=20, seed=3)
    c = train_1d_gan("wgan-gp", 4.0, steps=20, seed=4)
    np.testing.assert_array_equal(a["theta"], b["theta"])
    np.testing.assert_array_equal(a["w1_estimate"], b["w1_estimate"])
    assert not np.array_equal(a["theta"], c["theta"])


def test_callback_sees_the_run_grow():
    seen = []
    run = train_1d_gan("non-saturating", 3.0, steps=30, every=10,
                       callback=lambda step, rec: seen.append((step, rec["done"])))
    assert seen == [(10, 10), (20, 20), (30, 30)] and run["done"] == 30


def test_exact_w1_of_two_shifted_normals_is_the_shift():
    """w1_exact = |theta|: notebook 05's wasserstein_1d on large samples agrees."""
    rng = np.random.default_rng(8)
    z = rng.standard_normal(200_000)
    assert wasserstein_1d(z, rng.standard_normal(200_000) + 2.5) == pytest.approx(2.5, abs=0.02)


def test_fit_critic_1d_saturates_the_discriminator_not_the_critic():
    """Picture 1: far apart, D's gradient at the fakes vanishes, the critic's does not."""
    rng = np.random.default_rng(0)
    real, fake = rng.standard_normal(64), rng.standard_normal(64) + 6.0
    d = fit_critic_1d("discriminator", real, fake, steps=400)
    f = fit_critic_1d("wgan-gp", real, fake, steps=400)
    logit, _ = mlp_forward(d, fake)
    prob = 1 / (1 + np.exp(-logit.ravel()))
    d_slope = prob * (1 - prob) * input_gradient(d, fake).ravel()
    f_slope = input_gradient(f, fake).ravel()
    assert np.mean(np.abs(d_slope)) < 1e-3
    assert np.mean(np.abs(f_slope)) > 0.5


# -------------------------------------------------------------------------- the 2-D ring


def test_ring_helpers():
    centres = ring_centres()
    np.testing.assert_allclose(np.linalg.norm(centres, axis=1), 2.0)
    x = sample_ring(8000, np.random.default_rng(0))
    modes = count_modes(x)
    assert modes["covered"] == 8
    assert modes["near_share"] == pytest.approx(1 - np.exp(-4.5), abs=0.005)  # P(r < 3 std), 2-D
    assert count_modes(np.zeros((10, 2)))["covered"] == 0


#: Notebook 08's ring seeds.
RING_SEEDS = (0, 1, 2, 3, 4)


def _assert_what_the_ring_runs_show(runs_by_loss):
    """What notebook 08 and mathnote 08 (section 6) say of the ring runs: it must hold in every
    seed, on every BLAS kernel, and after a one-ulp change of one initial weight. Mode counts
    themselves are not pinned: the training is chaotic, a count is an accident of the order in
    which the machine sums."""
    for loss, runs in runs_by_loss.items():
        assert [run["seed"] for run in runs] == list(RING_SEEDS)
        summary = ring_over_seeds(runs)
        for run in runs:
            assert run["steps"] == [0, 200, 400, 600, 800, 1000, 1200], loss
            assert run["covered"][0] == 0, loss  # it starts as a blob at the centre
        # most runs have learnt the ring's shape: at the last step more than half the samples
        # lie within 0.25 of the circle in at least 3 of 5 seeds (a WGAN-GP run can, rarely,
        # miss the ring altogether: one in 60 did in the checks behind this test) ...
        assert sum(x > 0.5 for x in summary["circle_end"]) >= 3, (loss, summary)
        # ... and none has finished: fewer than two thirds near a mode at the end, in every
        # run (the ring's own samples: 1 - e^-4.5 = 99%)
        assert max(summary["near_end"]) < 2 / 3, (loss, summary)
        # modes are lost as well as gained: the count falls after step 600 in some seed
        assert any(summary["fell"]), (loss, summary)


@pytest.fixture(scope="module")
def ring_seed_runs():
    return {loss: train_ring_gans(loss, RING_SEEDS) for loss in RING_LOSSES}


@pytest.mark.claim("wgan-ring-over-seeds")
def test_what_the_ring_runs_show_holds_in_every_seed(ring_seed_runs):
    _assert_what_the_ring_runs_show(ring_seed_runs)


@pytest.mark.claim("wgan-ring-over-seeds")
def test_what_the_ring_runs_show_survives_a_one_ulp_change(monkeypatch):
    """The robustness check: move the first weight of every seed's generator by one ulp (about
    what another BLAS kernel does to a sum). The runs become other runs, the statements hold."""
    import helpers.training as training

    original = training.init_mlp

    def nudged(sizes, rng, **kwargs):
        params = original(sizes, rng, **kwargs)
        if sizes[-1] == 2:  # the generator
            params[0][0, 0] = np.nextafter(params[0][0, 0], np.inf)
        return params

    monkeypatch.setattr(training, "init_mlp", nudged)
    runs = {loss: train_ring_gans(loss, RING_SEEDS) for loss in RING_LOSSES}
    _assert_what_the_ring_runs_show(runs)


def test_ring_runs_are_deterministic_and_seeds_train_as_one_stack():
    """Same seed, same run (on one machine); seed s of a stack is train_ring_gan(seed=s)."""
    for loss in RING_LOSSES:
        stack = train_ring_gans(loss, (3, 1), steps=20, snapshot_every=10)
        alone = train_ring_gan(loss, steps=20, snapshot_every=10, seed=1)
        again = train_ring_gan(loss, steps=20, snapshot_every=10, seed=1)
        for a, b in zip(alone["samples"], again["samples"], strict=True):
            np.testing.assert_array_equal(a, b)
        for a, b in zip(alone["samples"], stack[1]["samples"], strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
        assert not np.allclose(stack[0]["samples"][-1], stack[1]["samples"][-1])
        assert [len(p) for p in (alone["generator"], alone["critic"])] == [6, 6]
        assert alone["generator"][1].shape == (32,)


def test_share_on_circle_and_ring_over_seeds():
    assert share_on_circle(sample_ring(4000, np.random.default_rng(1))) == 1.0
    assert share_on_circle(np.zeros((5, 2))) == 0.0
    run = {"seed": 7, "steps": [0, 600, 800, 1000], "covered": [0, 5, 6, 4],
           "near_share": [0.0, 0.2, 0.3, 0.25],
           "samples": [np.zeros((4, 2)), np.zeros((4, 2)), ring_centres()[:4],
                       np.vstack([ring_centres()[:2], np.zeros((2, 2))])]}
    summary = ring_over_seeds([run])
    assert summary == {"seed": [7], "covered_end": [4], "near_end": [0.25],
                       "circle_end": [0.5], "fell": [True]}
    assert ring_over_seeds([run], falls_after=1000)["fell"] == [False]
    with pytest.raises(ValueError, match="empty"):
        ring_over_seeds([])
