"""The figures of notebook 08: numbers drawn equal helpers.training's, the Train toggle trains
live (progress bar and curves advance during the run), controls change the picture."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.figures.training import (
    FAKE_SHIFTS,
    LOSS_STYLE,
    picture1_fits,
    ring_figure,
    ring_table,
    saturation_figure,
    trajectory_figure,
)
from helpers.training import LOSSES, share_on_circle, train_1d_gan, train_ring_gan, train_ring_gans
from helpers.widgets import move_every_control

pytestmark = pytest.mark.usefixtures("inline_backend")


@pytest.fixture(scope="module")
def fits():
    return picture1_fits(steps=300)


def test_picture1_discriminator_saturates_critic_does_not(fits):
    far = fits[max(FAKE_SHIFTS)]
    assert far["d_slope"] < 1e-4  # D is flat at the generated samples
    assert far["critic_slope"] > 0.7  # the critic keeps a slope near 1
    for fit in fits.values():
        assert np.all((fit["d"] >= 0) & (fit["d"] <= 1))


def test_saturation_figure_moves_and_reveals(fits):
    live = saturation_figure(fits=fits, display_now=False)
    parts = live.parts
    assert not parts["critic"].get_visible()  # the prediction's answer starts hidden
    live.controls["shift"].value = FAKE_SHIFTS[0]
    assert parts["critic"].get_visible()
    fit = fits[FAKE_SHIFTS[0]]
    np.testing.assert_allclose(parts["d"].get_ydata(), fit["d"])
    assert f"{fit['critic_slope']:.2f}" in parts["critic_text"].get_text()
    report = move_every_control(live)
    assert all(r["changed"] and not r["errors"] for r in report), report


def test_trajectory_figure_trains_live_and_springs_back():
    live = trajectory_figure(steps=40, every=10, train_now=False, display_now=False)
    parts = live.parts
    state = parts["state"]
    assert state["runs"] == {} and "press Train" in parts["status"].get_text()
    progress_seen = []
    original = live.refresh

    def spy():
        progress_seen.append((parts["progress"].value, state["busy"]))
        original()

    live.refresh = spy
    parts["train"].value = True
    assert parts["train"].value is False  # springs back
    busy_frames = [p for p, busy in progress_seen if busy]
    assert len(busy_frames) == len(LOSSES) * 4  # redrawn every 10 of 40 steps, for each loss
    assert busy_frames == sorted(busy_frames) and 0 < busy_frames[0] < busy_frames[-1] == 1.0
    assert parts["progress"].value == 1.0 and live.errors == []
    for loss in LOSSES:
        expected = train_1d_gan(loss, 8.0, steps=40)["theta"]
        np.testing.assert_array_equal(parts["lines"][loss].get_ydata(), expected)
        assert parts["lines"][loss].get_color().lower() == LOSS_STYLE[loss]["color"].lower()
    gp = state["runs"]["wgan-gp"]
    np.testing.assert_array_equal(parts["w1_gp"].get_ydata(), gp["w1_estimate"])
    np.testing.assert_allclose(parts["w1_exact"].get_ydata(), np.abs(gp["theta"]))
    assert parts["status"].get_text().startswith("run 1:")


def test_trajectory_figure_sliders_say_the_curves_are_stale_and_train_reruns():
    live = trajectory_figure(steps=20, every=10, display_now=False)
    parts = live.parts
    before = {loss: line.get_ydata().copy() for loss, line in parts["lines"].items()}
    live.controls["theta0"].value = 4.0
    assert "press Train to run θ0 = 4.0" in parts["status"].get_text()
    text = parts["status"].get_text()
    live.controls["lr"].value = 0.1  # a second slider changes the text again (the browser test
    assert parts["status"].get_text() != text  # moves sliders without putting them back)
    live.controls["lr"].value = 0.05
    np.testing.assert_array_equal(parts["lines"]["wgan-gp"].get_ydata(), before["wgan-gp"])
    live.controls["train"].value = True
    assert parts["lines"]["wgan-gp"].get_ydata()[0] == 4.0
    assert parts["status"].get_text().startswith("run 2:")
    report = move_every_control(live)
    assert {r["name"] for r in report} == {"theta0", "lr", "critic_steps", "generator_optimizer",
                                           "first_critic_steps", "train", "show"}
    assert all(r["changed"] and not r["errors"] for r in report), report


def test_trajectory_figure_optimizer_and_critic_budget():
    """The two controls of issue 17: Adam for θ, and the critic's budget before step 1, whose
    first-step gradients the figure writes."""
    live = trajectory_figure(steps=10, every=5, display_now=False, hidden=False)
    parts = live.parts
    live.controls["generator_optimizer"].value = "adam"
    live.controls["first_critic_steps"].value = 20
    assert "press Train to run θ0 = 8.0, Adam steps" in parts["status"].get_text()
    live.controls["train"].value = True
    for loss in LOSSES:
        expected = train_1d_gan(loss, 8.0, steps=10, generator_optimizer="adam",
                                first_critic_steps=20)
        np.testing.assert_array_equal(parts["lines"][loss].get_ydata(), expected["theta"])
        label = LOSS_STYLE[loss]["label"][:3]
        assert f"{label} {abs(expected['grad'][0]):.2f}" in parts["grads"].get_text()
    assert "(20 before step 1)" in parts["status"].get_text()


def test_trajectory_lines_hidden_until_train_or_show():
    live = trajectory_figure(steps=10, every=5, display_now=False)
    lines = live.parts["lines"]
    assert not any(line.get_visible() for line in lines.values())
    live.controls["show"].value = True
    assert all(line.get_visible() for line in lines.values())


def test_ring_figure_shows_the_kept_samples():
    runs = {"GAN": train_ring_gan("non-saturating", steps=20, snapshot_every=10),
            "WGAN-GP": train_ring_gan("wgan-gp", steps=20, snapshot_every=10)}
    live = ring_figure(runs, display_now=False)
    parts = live.parts
    for label, run in runs.items():
        np.testing.assert_array_equal(parts["dots"][label].get_xydata(), run["samples"][-1])
        assert f"{run['covered'][-1]} of 8 modes" in parts["titles"][label].get_text()
    assert "seed" not in live.controls  # one seed: no seed slider
    live.controls["step"].value = 10
    np.testing.assert_array_equal(parts["dots"]["GAN"].get_xydata(), runs["GAN"]["samples"][1])
    report = move_every_control(live)
    assert all(r["changed"] and not r["errors"] for r in report), report


def test_ring_figure_walks_through_the_seeds_and_its_titles_do_not_collide():
    runs = {"non-saturating GAN": train_ring_gans("non-saturating", (0, 1), steps=20,
                                                  snapshot_every=10),
            "WGAN-GP": train_ring_gans("wgan-gp", (0, 1), steps=20, snapshot_every=10)}
    live = ring_figure(runs, display_now=False)
    parts = live.parts
    live.controls["seed"].value = 1
    for label, seed_runs in runs.items():
        np.testing.assert_array_equal(parts["dots"][label].get_xydata(),
                                      seed_runs[1]["samples"][-1])
        title = parts["titles"][label].get_text()
        assert f"{label}, seed 1, step 20" in title
        assert f"{seed_runs[1]['covered'][-1]} of 8 modes covered" in title
    fig = parts["titles"]["WGAN-GP"].figure
    fig.canvas.draw()
    boxes = [t.get_window_extent() for t in parts["titles"].values()]
    assert not boxes[0].overlaps(boxes[1])  # the two titles used to run into each other
    axes = [t.axes.get_window_extent() for t in parts["titles"].values()]
    assert all(b.x0 >= a.x0 - 5 and b.x1 <= a.x1 + 5 for a, b in zip(axes, boxes, strict=True))
    report = move_every_control(live)
    assert all(r["changed"] and not r["errors"] for r in report), report


def test_ring_table_prints_each_seed_and_what_holds_in_every_run():
    runs = {"GAN": train_ring_gans("non-saturating", (0, 1), steps=40, snapshot_every=20),
            "WGAN-GP": train_ring_gans("wgan-gp", (0, 1), steps=40, snapshot_every=20)}
    text = ring_table(runs)
    lines = text.splitlines()
    rows = [line for line in lines if line.split() and line.split()[-1].endswith("%")
            and not line.lstrip().startswith("Near")]
    assert len(rows) == 4
    for run in runs["GAN"]:
        assert f"{share_on_circle(run['samples'][-1]):.0%}" in rows[run["seed"]]
    covered = [run["covered"][-1] for run in runs["GAN"]]
    assert f"GAN: {min(covered)} to {max(covered)} modes covered" in text
    near = max(run["near_share"][-1] for seed_runs in runs.values() for run in seed_runs)
    assert f"Near a mode: at most {near:.0%} of the samples, in every run." in text
