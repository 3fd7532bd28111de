"""Degradation synthesis in PyTorch: seeded, on any device, for training and evaluation.

Every degradation is described by one `Degradation`: its kind, a severity in 0-1 (the scale
captions and the analyzer speak in), a seed that fixes its random realisation, and `style`,
the random choices that do not change how bad it is (noise colour, rain angle, ...).
`apply(x, degradations, scale)` re-creates the exact same realisation at a reduced severity,
which is how a partial target is made: "slight noise" on a heavily noisy photo asks for a
result that keeps part of the grain.

Images are float tensors in [0, 1], shape [3, H, W] (one photo) or [B, 3, H, W].
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F

KINDS = ("noise", "rain", "low_light", "blur", "jpeg", "haze")
# The order in which they happen to a real photo: scene (haze, rain), optics, exposure,
# sensor, storage.
ORDER = ("haze", "rain", "blur", "low_light", "noise", "jpeg")

MAX_SIGMA = 50.0  # noise severity 1.0 is a standard deviation of 50 on the 0-255 scale
MOSAIC_SHARE = 0.3  # of sampled noise, the share that is a camera's demosaiced noise
MIN_GAIN = 0.03  # low-light severity 1.0 keeps 3% of the linear light
MAX_JPEG_QUALITY, MIN_JPEG_QUALITY = 70, 10


@dataclass(frozen=True)
class Degradation:
    kind: str
    severity: float
    seed: int = 0
    style: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown degradation {self.kind!r}; known: {', '.join(KINDS)}")

    @property
    def sigma(self) -> float:
        """Noise standard deviation on the 0-255 scale (noise only)."""
        return self.severity * MAX_SIGMA if self.kind == "noise" else 0.0

    @property
    def gain(self) -> float:
        """Fraction of linear light kept (low_light only)."""
        return MIN_GAIN ** self.severity if self.kind == "low_light" else 1.0


def noise(sigma: float, seed: int = 0, colour: float = 1.0, signal_dependent: float = 0.0,
          mosaic: bool = False) -> Degradation:
    """Gaussian noise of standard deviation `sigma` (0-255 scale).

    colour: 1 = independent per channel (colour noise), 0 = same in all channels (luminance).
    signal_dependent: share of the variance that grows with brightness (Poisson-Gaussian).
    mosaic: a camera's noise: one value per photosite of a Bayer mosaic, spread over the
        neighbouring pixels by demosaicing (so not independent from pixel to pixel; `colour`
        does not apply).
    """
    return Degradation("noise", sigma / MAX_SIGMA, seed,
                       {"colour": colour, "signal_dependent": signal_dependent, "mosaic": mosaic})


def low_light(gain: float, gamma: float = 1.0, seed: int = 0) -> Degradation:
    """Keep `gain` of the linear light (0.05-0.5 is dark), then apply `gamma` (>1 darkens mid-tones)."""
    return Degradation("low_light", math.log(gain) / math.log(MIN_GAIN), seed, {"gamma": gamma})


# --- sampling -------------------------------------------------------------------------------

def sample_style(kind: str, severity: float, rng: random.Random) -> dict:
    """Random choices that make each degradation look different at the same severity."""
    if kind == "noise":
        return {"colour": rng.choice([1.0, 1.0, 0.5, 0.0, rng.random()]),
                "signal_dependent": rng.choice([0.0, 0.0, 0.5, 0.9, rng.random()]),
                "mosaic": rng.random() < MOSAIC_SHARE}
    if kind == "rain":
        return {"density": (0.001 + 0.006 * severity) * rng.uniform(0.6, 1.4),
                "length": rng.uniform(8, 36), "angle": rng.gauss(0, 18),
                "width": rng.uniform(0.6, 1.8), "layers": rng.choice([1, 2, 2, 3])}
    if kind == "low_light":
        return {"gamma": rng.uniform(1.0, 1.5)}
    if kind == "blur":
        return {"motion": rng.random() < 0.4, "angle": rng.uniform(0, 180)}
    if kind == "haze":
        return {"airlight": rng.uniform(0.75, 1.0), "tint": rng.uniform(-0.04, 0.04),
                "depth": rng.choice(["gradient", "random", "luminance"])}
    return {}


def sample(kind: str, rng: random.Random, low: float = 0.1, high: float = 1.0) -> Degradation:
    severity = rng.uniform(low, high)
    return Degradation(kind, severity, rng.getrandbits(31), sample_style(kind, severity, rng))


# --- the degradations ----------------------------------------------------------------------

def _generator(seed: int, device) -> torch.Generator:
    return torch.Generator(device=device).manual_seed(int(seed))


def _luma(x: torch.Tensor) -> torch.Tensor:
    return (0.299 * x[0] + 0.587 * x[1] + 0.114 * x[2]).unsqueeze(0)


def srgb_to_linear(x: torch.Tensor) -> torch.Tensor:
    return torch.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055).clamp(min=0) ** 2.4)


def linear_to_srgb(x: torch.Tensor) -> torch.Tensor:
    x = x.clamp(0, 1)
    return torch.where(x <= 0.0031308, x * 12.92, 1.055 * x.clamp(min=1e-8) ** (1 / 2.4) - 0.055)


# Bilinear demosaicing of an RGGB mosaic: which photosites carry each channel, the kernels that
# fill in the rest, and the mean variance that leaves of unit noise at the photosites.
_BAYER = ((0, 0), (0, 1), (1, 0), (1, 1))  # R, G, G, B
_DEMOSAIC = {"rb": ([[.25, .5, .25], [.5, 1, .5], [.25, .5, .25]], (1 + .5 + .5 + .25) / 4),
             "g": ([[0, .25, 0], [.25, 1, .25], [0, .25, 0]], (1 + .25) / 2)}


def _demosaiced_noise(raw: torch.Tensor, phase: int = 0) -> torch.Tensor:
    """Unit noise at the photosites [1, H, W] -> [3, H, W] as bilinear demosaicing spreads it,
    scaled so that each channel's mean variance is 1 again. `phase` (0-3) shifts the mosaic by a
    pixel down and / or right: where a crop starts on it is no clue to the network."""
    _, h, w = raw.shape
    masks = torch.zeros((3, h, w), device=raw.device)
    for channel, (dy, dx) in zip((0, 1, 1, 2), _BAYER):
        masks[channel, (dy + phase // 2) % 2::2, (dx + phase % 2) % 2::2] = 1
    kernels = torch.stack([torch.tensor(_DEMOSAIC[key][0], device=raw.device) / math.sqrt(_DEMOSAIC[key][1])
                           for key in ("rb", "g", "rb")])[:, None]
    sparse = F.pad((raw * masks)[None], (1, 1, 1, 1), mode="reflect")
    return F.conv2d(sparse, kernels, groups=3)[0]


def _add_noise(x, d: Degradation, severity: float):
    g = _generator(d.seed, x.device)
    _, h, w = x.shape
    per_channel = torch.randn((3, h, w), generator=g, device=x.device)
    shared = torch.randn((1, h, w), generator=g, device=x.device)
    if d.style.get("mosaic", False) and min(h, w) > 1:  # (a one-pixel row has no 2 x 2 mosaic)
        n = _demosaiced_noise(shared, d.seed % 4)
    else:
        c = d.style.get("colour", 1.0)
        n = math.sqrt(c) * per_channel + math.sqrt(1 - c) * shared
    p = d.style.get("signal_dependent", 0.0)
    # variance = sigma^2 * ((1-p) + p * luminance / mean luminance): the photo's average
    # noise variance stays sigma^2, so the severity (and the caption) still says sigma
    luma = _luma(x).clamp(min=1e-3)
    std = (severity * MAX_SIGMA / 255) * torch.sqrt((1 - p) + p * luma / luma.mean())
    return x + std * n


def _line_kernel(length: float, angle_deg: float, width: float, device) -> torch.Tensor:
    """A normalised anti-aliased line segment: the shape of a rain streak or a motion blur."""
    r = int(math.ceil(length / 2)) + 2
    ys, xs = torch.meshgrid(torch.arange(-r, r + 1, device=device, dtype=torch.float32),
                            torch.arange(-r, r + 1, device=device, dtype=torch.float32), indexing="ij")
    a = math.radians(angle_deg)
    along = xs * math.sin(a) + ys * math.cos(a)  # angle 0 = vertical
    across = xs * math.cos(a) - ys * math.sin(a)
    k = torch.exp(-0.5 * (across / max(width / 2, 0.3)) ** 2) * (along.abs() <= length / 2)
    return k / k.sum().clamp(min=1e-8)


def rain_layer(h: int, w: int, d: Degradation, device) -> torch.Tensor:
    """Streak intensity in [0, 1], shape [1, h, w]; depends on the seed and style only."""
    g = _generator(d.seed, device)
    st = d.style
    layer = torch.zeros((1, 1, h, w), device=device)
    for i in range(int(st.get("layers", 1))):
        scale = 1.0 / (1 + i)  # farther layers: shorter, thinner, fainter streaks
        drops = (torch.rand((1, 1, h, w), generator=g, device=device) < st.get("density", 0.01) * (1 + i) / 2)
        drops = drops.float() * torch.rand((1, 1, h, w), generator=g, device=device).mul(0.5).add(0.5)
        k = _line_kernel(st.get("length", 20) * scale, st.get("angle", 0.0), st.get("width", 1.0) * scale, device)
        streaks = F.conv2d(drops, (k / k.max())[None, None], padding=k.shape[-1] // 2)
        layer = torch.maximum(layer, streaks[..., :h, :w] * scale ** 0.5)
    return layer[0].clamp(0, 1)


def _add_rain(x, d: Degradation, severity: float):
    opacity = min(1.0, 0.25 + 0.75 * d.severity) * min(1.0, severity / max(d.severity, 1e-6))
    streaks = rain_layer(x.shape[1], x.shape[2], d, x.device) * opacity
    return 1 - (1 - x) * (1 - streaks)  # screen blend: streaks lighten, never darken


def _darken(x, d: Degradation, severity: float):
    gain = MIN_GAIN ** severity
    gamma = d.style.get("gamma", 1.0) ** (severity / max(d.severity, 1e-6))
    return linear_to_srgb(srgb_to_linear(x.clamp(0, 1)) ** gamma * gain)


def _blur(x, d: Degradation, severity: float):
    if d.style.get("motion", False):
        k = _line_kernel(1 + 20 * severity, d.style.get("angle", 0.0), 1.0, x.device)
    else:  # defocus: a soft-edged disk
        radius = 0.5 + 5.5 * severity
        r = int(math.ceil(radius)) + 1
        ys, xs = torch.meshgrid(torch.arange(-r, r + 1, device=x.device, dtype=torch.float32),
                                torch.arange(-r, r + 1, device=x.device, dtype=torch.float32), indexing="ij")
        k = (radius + 0.5 - torch.sqrt(xs ** 2 + ys ** 2)).clamp(0, 1)
        k = k / k.sum()
    p = k.shape[-1] // 2
    padded = F.pad(x[None], (p, p, p, p), mode="reflect" if min(x.shape[1:]) > p else "replicate")
    return F.conv2d(padded, k[None, None].expand(3, 1, -1, -1).contiguous(), groups=3)[0]


def _jpeg(x, d: Degradation, severity: float):
    import io

    import numpy as np
    from PIL import Image

    quality = round(MAX_JPEG_QUALITY - (MAX_JPEG_QUALITY - MIN_JPEG_QUALITY) * severity)
    u8 = (x.clamp(0, 1) * 255).round().to(torch.uint8).permute(1, 2, 0).cpu().numpy()
    buffer = io.BytesIO()
    Image.fromarray(u8, "RGB").save(buffer, "JPEG", quality=quality)  # libjpeg, 4:2:0 like cameras
    out = np.asarray(Image.open(buffer).convert("RGB"))
    return torch.from_numpy(out.copy()).permute(2, 0, 1).to(x.device, torch.float32) / 255


def _depth(x, d: Degradation) -> torch.Tensor:
    _, h, w = x.shape
    kind = d.style.get("depth", "gradient")
    if kind == "luminance":  # bright, flat regions (sky) tend to be far
        small = F.interpolate(_luma(x)[None], size=(max(h // 16, 1), max(w // 16, 1)), mode="area")
        return F.interpolate(small, size=(h, w), mode="bilinear", align_corners=False)[0].clamp(0, 1)
    g = _generator(d.seed, x.device)
    ramp = torch.linspace(1, 0, h, device=x.device).view(1, h, 1).expand(1, h, w)  # top is far
    if kind == "gradient":
        return ramp
    field_ = F.interpolate(torch.rand((1, 1, 4, 4), generator=g, device=x.device), size=(h, w),
                           mode="bicubic", align_corners=False)[0]
    return (0.5 * ramp + 0.5 * field_).clamp(0, 1)


def _haze(x, d: Degradation, severity: float):
    t = torch.exp(-3.0 * severity * (0.3 + 0.7 * _depth(x, d)))
    tint = d.style.get("tint", 0.0)
    airlight = d.style.get("airlight", 0.9) + torch.tensor([tint, 0.0, -tint], device=x.device).view(3, 1, 1)
    return x * t + airlight * (1 - t)


_APPLY = {"noise": _add_noise, "rain": _add_rain, "low_light": _darken, "blur": _blur,
          "jpeg": _jpeg, "haze": _haze}


def apply(x: torch.Tensor, degradations, scale: dict[str, float] | None = None,
          quantize: bool = True) -> torch.Tensor:
    """Degrade one photo [3, H, W] (or a batch, all with the same degradations).

    scale: kind -> factor in 0-1 applied to that degradation's severity, with the same random
    realisation (0 leaves it out). quantize: round to 8 bits as a saved photo would be.
    """
    if x.dim() == 4:
        return torch.stack([apply(xi, degradations, scale, quantize) for xi in x])
    scale = scale or {}
    y = x.float()
    for d in sorted(degradations, key=lambda d: ORDER.index(d.kind)):
        s = d.severity * scale.get(d.kind, 1.0)
        if s > 0:
            y = _APPLY[d.kind](y, d, s)
    y = y.clamp(0, 1)
    return (y * 255).round() / 255 if quantize else y

