"""Synthesis statistics and the meaning of `scale`, measured on flat images and real photos."""

import random

import pytest
import torch

from restoration import degrade
from restoration.degrade import KINDS, apply


def test_gaussian_noise_has_the_asked_sigma_on_a_flat_image():
    flat = torch.full((3, 256, 256), 0.5)
    for sigma in (5, 25, 50):
        noisy = apply(flat, [degrade.noise(sigma, seed=1)], quantize=False)
        assert (noisy - flat).std().item() * 255 == pytest.approx(sigma, abs=1.5)
    quantized = apply(flat, [degrade.noise(25, seed=2)])  # as saved to 8 bits
    assert (quantized - flat).std().item() * 255 == pytest.approx(25, abs=1.5)


def test_luminance_noise_is_shared_by_the_channels_and_colour_noise_is_not():
    flat = torch.full((3, 128, 128), 0.5)
    lum = apply(flat, [degrade.noise(20, seed=3, colour=0.0)], quantize=False) - flat
    col = apply(flat, [degrade.noise(20, seed=3, colour=1.0)], quantize=False) - flat
    assert torch.corrcoef(lum.flatten(1))[0, 1] > 0.99
    assert abs(torch.corrcoef(col.flatten(1))[0, 1]) < 0.05


def test_a_cameras_demosaiced_noise_keeps_the_asked_sigma_and_spreads_to_neighbours():
    flat = torch.full((3, 256, 256), 0.5)
    for sigma in (10, 40):
        n = apply(flat, [degrade.noise(sigma, seed=4, mosaic=True)], quantize=False) - flat
        assert n.std(dim=(1, 2)) * 255 == pytest.approx([sigma] * 3, rel=0.05)
    white = apply(flat, [degrade.noise(20, seed=4)], quantize=False) - flat
    for noise, low, high in ((n, 0.4, 1.0), (white, -0.05, 0.05)):
        g = noise[1]  # green: its photosites are every other pixel, so neighbours share them
        r = torch.corrcoef(torch.stack([g[:, :-1].flatten(), g[:, 1:].flatten()]))[0, 1]
        assert low < r < high
    tiny = apply(torch.full((3, 1, 5), 0.5), [degrade.noise(20, seed=4, mosaic=True)])  # no 2 x 2 mosaic: white
    assert tiny.shape == (3, 1, 5) and ((tiny - 0.5).abs().amax(dim=(1, 2)) > 0).all()
    # the mosaic's phase comes from the seed: a crop's corner is no clue to where the photosites are
    a, b = (apply(flat, [degrade.noise(20, seed=s, mosaic=True)], quantize=False)[0] - 0.5 for s in (0, 1))
    ratio = [n[0::2, 0::2].var() / n[0::2, 1::2].var() for n in (a, b)]  # red varies most at its photosites
    assert ratio[0] > 1.5 and ratio[1] < 1 / 1.5, ratio


def test_sampled_noise_is_sometimes_a_cameras():
    rng = random.Random(0)
    share = sum(degrade.sample("noise", rng).style["mosaic"] for _ in range(1000)) / 1000
    assert share == pytest.approx(degrade.MOSAIC_SHARE, abs=0.05)


def test_signal_dependent_noise_grows_with_brightness_and_keeps_the_average_sigma(photo):
    x = photo.float() / 255
    d = degrade.noise(25, seed=4, signal_dependent=1.0)
    n = apply(x, [d], quantize=False) - x
    luma = x.mean(0)
    bright, dark = n[:, luma > luma.median()].std(), n[:, luma < luma.quantile(0.2)].std()
    assert bright > dark * 1.3
    assert n.std().item() * 255 == pytest.approx(25, rel=0.12)


def test_low_light_keeps_the_asked_share_of_linear_light(photo):
    x = photo.float() / 255
    for gain in (0.05, 0.2, 0.5):
        dark = apply(x, [degrade.low_light(gain)], quantize=False)
        ratio = degrade.srgb_to_linear(dark).mean() / degrade.srgb_to_linear(x).mean()
        assert ratio.item() == pytest.approx(gain, rel=0.03)
        assert degrade.low_light(gain).gain == pytest.approx(gain)


def test_every_kind_is_seeded_and_scale_zero_leaves_it_out(photo):
    x = photo[:, :96, :128].float() / 255
    rng = random.Random(0)
    for kind in KINDS:
        d = degrade.sample(kind, rng, 0.5, 0.9)
        a, b = apply(x, [d]), apply(x, [d])
        assert torch.equal(a, b), kind
        assert (a - x).abs().mean() > 0.002, f"{kind} changed nothing"
        assert torch.equal(apply(x, [d], {kind: 0.0}), (x * 255).round() / 255)


def test_partial_scale_gives_a_partial_degradation(photo):
    """The target of "slight noise" on a noisy photo: the same grain, weaker."""
    x = photo.float() / 255 * 0.5 + 0.25  # mid-tones: no clipping at sigma 20
    d = degrade.noise(20, seed=5)
    full, half = apply(x, [d], quantize=False) - x, apply(x, [d], {"noise": 0.5}, quantize=False) - x
    assert ((half - full * 0.5).abs() > 1e-5).float().mean() < 1e-3  # all but the rare clipped pixel
    rain = degrade.sample("rain", random.Random(1), 0.8, 0.8)
    strong, weak = apply(x, [rain]) - x, apply(x, [rain], {"rain": 0.4}) - x
    assert 0.2 < weak.abs().mean() / strong.abs().mean() < 0.7
    assert torch.corrcoef(torch.stack([strong.flatten(), weak.flatten()]))[0, 1] > 0.8  # same streaks


def test_batched_apply_and_odd_sizes():
    x = torch.rand(2, 3, 5, 7)
    rng = random.Random(2)
    for kind in KINDS:
        y = apply(x, [degrade.sample(kind, rng)])
        assert y.shape == x.shape and y.min() >= 0 and y.max() <= 1


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown degradation"):
        degrade.Degradation("scratches", 0.5)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no GPU")
def test_synthesis_runs_on_the_gpu():
    x = torch.rand(3, 64, 64, device="cuda")
    rng = random.Random(0)
    for kind in KINDS:
        assert apply(x, [degrade.sample(kind, rng)]).device.type == "cuda"
