"""The degradation analyzer: what is wrong with a photo, and how badly, measured from the pixels.

`analyze(image)` returns an `Analysis`: a severity in 0-1 for every kind in `degrade.KINDS`
(on the scale synthesis uses, so "noise 0.5" means sigma 25 and "low_light 0.5" means about
17% of the linear light kept), the estimated noise sigma (0-255 scale), the mean brightness,
and the plain description with its evidence ("... noise sigma ≈ 28").

Classical measurements, with a few constants fitted on synthetic degradations of the TRAINING
photos and of rendered pages of text (`scripts/analyzer_report.py`; never held-out or benchmark
images; without the pages a bright page of text read as haze):

- noise: Immerkaer's Laplacian residual in 16x16 blocks (median energy, so a rain streak or an
  edge crossing a block does not count), corrected for clipping at 0 and 255 by a
  censored-Gaussian model (a dark, noisy photo is still measured right), the least textured
  10% of blocks in each of 8 brightness bins, averaged over the bins (signal-dependent noise:
  the photo's average noise variance, as synthesis defines sigma). A fitted gain undoes the
  low-quantile bias; it depends on how alike the noise is in the three channels (colour vs
  luminance noise), which is measured too.
- jpeg: the quality is read off the 8x8 DCT coefficients, which a JPEG leaves on multiples of
  its quantisation steps (IJG tables, as libjpeg and torchvision use); a clean photo saved at
  quality 90 reads as such, a photo resized since its last save shows no grid at all.
- low_light, haze: brightness percentiles in linear light, dark channel, contrast and
  saturation of a small copy, after undoing the bias that clipped noise adds to dark pixels.
- rain: thin bright ridges along 12 angles (a line average against the parallel lines two
  pixels to either side): rain is many bright, never dark, ridges at one angle all over the
  photo; noise gives as many dark as bright ones at every angle, scene edges neither.
- blur: noise-corrected gradient energy across scales, and edge sharpness.
Noise is found when its sigma is 5 or more (severity 0.1) and a JPEG when its quality is 64 or
less; rain, low_light, blur and haze by logistic models on all the measurements.

Work is bounded: local measurements use at most `BUDGET` pixels of native-resolution crops,
global ones a copy of about 160 pixels on the long side, so a 12-megapixel photo costs about
as much as a small one. No model is loaded, at import or ever.
"""

from __future__ import annotations

import json
import logging
import math
import warnings
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from . import captions
from .degrade import KINDS, MAX_JPEG_QUALITY, MAX_SIGMA, MIN_JPEG_QUALITY

log = logging.getLogger(__name__)

BUDGET = 400_000  # native-resolution pixels looked at for the local measurements
CROP = 128  # side of a native-resolution crop (a multiple of 16, so of the 8x8 JPEG grid)
LOW_SIDE = 160  # long side of the small copy used for brightness, haze and contrast
BLOCK = 16  # noise blocks
NOISE_QUANTILE = 0.1  # share of the least textured blocks of each brightness bin
NOISE_BINS = 8
CLIPPED_SHARE = 0.05  # blocks with more clipped pixels use the mean residual energy


@dataclass
class Analysis:
    degradations: dict[str, float]  # every kind in degrade.KINDS -> severity 0-1; < 0.1 means not found
    noise_sigma: float  # estimated noise standard deviation, 0-255 scale
    brightness: float  # mean of the photo, 0-1
    description: str  # for people: what was found, then the measurements ("Measured: ...")
    prompt: str  # for the network: what was found, in the form it was trained on (no measurements)

    @property
    def found(self) -> dict[str, float]:
        """Only the degradations that were found (severity >= captions.DETECTED)."""
        return {k: s for k, s in self.degradations.items() if s >= captions.DETECTED}


# --- input ------------------------------------------------------------------------------------

def _u8_from_image(image: Image.Image) -> np.ndarray:
    from .restorer import to_rgb  # lazy: the restorer module pulls in the network code

    return np.asarray(to_rgb(image), dtype=np.uint8)


def _u8_from_tensor(x: torch.Tensor) -> np.ndarray:
    x = torch.as_tensor(x).detach()
    if x.dim() == 4:
        x = x[0]
    if x.dim() == 2:
        x = x[None]
    if x.shape[0] == 1:
        x = x.expand(3, -1, -1)
    elif x.shape[0] == 4:
        x = x[:3]
    if x.shape[0] != 3:
        raise ValueError(f"expected a [3, H, W] tensor, got shape {tuple(x.shape)}")
    if x.dtype != torch.uint8:
        x = torch.nan_to_num(x.float(), nan=0.0).clamp(0, 1).mul(255).round().to(torch.uint8)
    return np.ascontiguousarray(x.permute(1, 2, 0).cpu().numpy())


# --- sampling ----------------------------------------------------------------------------------

def _crops(a: np.ndarray) -> np.ndarray:
    """Native-resolution crops [N, h, w, 3], at most about BUDGET pixels, corners on the 8x8 grid.

    A photo within the budget is one "crop": the whole of it.
    """
    h, w = a.shape[:2]
    if h * w <= BUDGET * 1.25:
        return a[None]
    ch, cw = min(CROP, h), min(CROP, w)  # a very long, thin photo: strips
    n = max(1, BUDGET // (ch * cw))
    gy = max(1, min(n, h // ch, round(math.sqrt(n * h * cw / (w * ch)))))
    gx = max(1, min(w // cw, math.ceil(n / gy)))
    rng = np.random.default_rng(h * 7919 + w)  # deterministic for a given size
    out = []
    for i in range(gy):
        for j in range(gx):
            y0, y1 = i * h // gy, (i + 1) * h // gy
            x0, x1 = j * w // gx, (j + 1) * w // gx
            ty = y0 + int(rng.integers(0, max(1, y1 - y0 - ch + 1)))
            tx = x0 + int(rng.integers(0, max(1, x1 - x0 - cw + 1)))
            ty, tx = min(ty, h - ch) // 8 * 8, min(tx, w - cw) // 8 * 8
            out.append(a[ty:ty + ch, tx:tx + cw])
    return np.stack(out)


def _small(a: np.ndarray) -> np.ndarray:
    """A box-filtered copy, about LOW_SIDE on the long side, float 0-255 [h, w, 3]."""
    h, w = a.shape[:2]
    k = max(1, math.ceil(max(h, w) / LOW_SIDE))
    if k == 1:
        return a.astype(np.float32)
    im = Image.fromarray(a)
    return np.asarray(im.reduce(k), dtype=np.float32)


# --- noise -------------------------------------------------------------------------------------

def _censored_tables():
    """For y = clip(mu + s n, 0, ...), n ~ N(0, 1), a = mu / s: E[y] = s g1(a), Var[y] = s^2 v(a)."""
    a = np.linspace(-4.0, 12.0, 1601)
    cdf = 0.5 * (1 + np.array([math.erf(t / math.sqrt(2)) for t in a]))
    pdf = np.exp(-0.5 * a * a) / math.sqrt(2 * math.pi)
    g1 = a * cdf + pdf
    g2 = (a * a + 1) * cdf + a * pdf
    v = np.maximum(g2 - g1 * g1, 1e-12)
    return a, g1, v, v / (g1 * g1)  # the last is decreasing in a


_CA, _CG1, _CV, _CRHO = _censored_tables()

LUMA = np.array([0.299, 0.587, 0.114], np.float32)


def _laplacian(x: np.ndarray) -> np.ndarray:
    """Immerkaer's residual over axes 1, 2 of [N, h, w, C]: unit gain for white noise, blind
    to planes and linear ramps."""
    return (x[:, :-2, :-2] + x[:, :-2, 2:] + x[:, 2:, :-2] + x[:, 2:, 2:]
            - 2 * (x[:, :-2, 1:-1] + x[:, 2:, 1:-1] + x[:, 1:-1, :-2] + x[:, 1:-1, 2:]) + 4 * x[:, 1:-1, 1:-1]) / 6.0


def _block_stats(x: np.ndarray, bs: int):
    """x: [N, h, w, 4] float (R, G, B, luma). Per block: means [n, 4], residual energy [n, 4].

    The energy is the median of the squared residual (scaled to the mean for Gaussian noise),
    which ignores the few pixels of a rain streak or an edge crossing the block; where the
    block has clipped pixels the noise is no longer Gaussian and the mean is used.
    """
    n = x.shape[0]
    h, w = (x.shape[1] - 2) // bs, (x.shape[2] - 2) // bs
    if h < 1 or w < 1:
        return None
    r = _laplacian(x)[:, :h * bs, :w * bs]
    r2 = (r * r).reshape(n, h, bs, w, bs, 4).transpose(0, 1, 3, 2, 4, 5).reshape(-1, bs * bs, 4)
    xb = x[:, 1:1 + h * bs, 1:1 + w * bs].reshape(n, h, bs, w, bs, 4)
    xb = xb.transpose(0, 1, 3, 2, 4, 5).reshape(-1, bs * bs, 4)
    half = bs * bs // 2
    med = np.partition(r2, half, axis=1)[:, half] / 0.4549  # median of chi-square(1) = 0.4549
    clipped = ((xb <= 0) | (xb >= 255)).mean(1) > CLIPPED_SHARE
    e = np.where(clipped, r2.mean(1), med)
    # how alike the noise is in the three channels: 0 for colour noise, 1 for luminance noise
    rb = r[..., :3].reshape(n, h, bs, w, bs, 3).transpose(0, 1, 3, 2, 4, 5).reshape(-1, bs * bs, 3)
    cross = (rb[..., 0] * rb[..., 1] + rb[..., 0] * rb[..., 2] + rb[..., 1] * rb[..., 2]).mean(1) / 3
    return xb.mean(1), e, cross, r2[..., :3].mean((1, 2))


def _censored_variance(m: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Noise variance of blocks with mean `m` and residual energy `e`, undoing the clipping.

    A flat block whose noise is partly clipped at 0 (or 255) shows a smaller variance than its
    noise has; its mean and variance together give the unclipped one. Unclipped blocks (mean
    many sigmas from the bounds) come out unchanged.
    """
    d = np.minimum(m, 255.0 - m)
    rho = e / np.maximum(d, 1e-3) ** 2
    a = np.interp(-rho, -_CRHO, _CA)
    s2 = e / np.interp(a, _CA, _CV)
    return np.where(d > 0.25, s2, np.nan)


# The low quantile of block energies under-reads pure noise, texture over-reads it, and how
# much of each depends on the photo: sigma^2 = gain * raw^2 - floor with
#   gain = GAIN_COLOUR + (GAIN_LUMA - GAIN_COLOUR) * rho + GAIN_SPREAD * (spread - SPREAD_REF)
# where rho is the measured inter-channel correlation of the noise (0: colour noise, 1:
# luminance noise, whose three channel estimates agree, so their average spreads more and its
# low quantile lies lower) and spread the low-quantile / median ratio of the block estimates
# (how much the chosen blocks stand out from the typical ones). Least-squares fit to the true
# sigma of the noise-only training photos (`analyzer_report.py fit`); the fitted NOISE_GAIN_*
# and NOISE_FLOOR (a variance, 0-255 scale) are in the FITTED block at the end.
NOISE_SPREAD_REF = 0.74


def noise_sigma_from(raw: float, rho: float, spread: float, luma: bool = False) -> float:
    """Sigma (0-255 scale) from the raw low-quantile estimate and the photo's noise statistics."""
    g = NOISE_GAIN_LUMA if luma else NOISE_GAIN_COLOUR + (NOISE_GAIN_LUMA - NOISE_GAIN_COLOUR) * rho
    g += NOISE_GAIN_SPREAD * (spread - NOISE_SPREAD_REF)
    return math.sqrt(max(0.0, g * raw * raw - NOISE_FLOOR))


def _noise_sigma(x: np.ndarray) -> dict[str, float]:
    """The noise measurements of the crops x [N, h, w, 4] (R, G, B, luma as float 0-255): sigma
    of the RGB channels and of the luma, their raw estimates, rho and spread (see above)."""
    out = dict(sigma=0.0, sigma_luma=0.0, sigma_raw=0.0, sigma_luma_raw=0.0, noise_rho=0.0,
               noise_spread=NOISE_SPREAD_REF)
    stats = _block_stats(x, BLOCK)
    if stats is None or len(stats[0]) < 2 * NOISE_BINS:
        stats = _block_stats(x, 4)
    if stats is None:
        return out
    m, e, cross, energy = stats
    s2 = _censored_variance(m, e)  # [n, 4]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        s2 = np.stack([np.nanmean(s2[:, :3], axis=1), s2[:, 3]], axis=1)  # RGB average, luma
    order = np.argsort(m[:, 3], kind="stable")
    nbins = max(1, min(NOISE_BINS, len(order) // 8))
    per_bin = np.full((nbins, 2), np.nan)
    spread = []
    chosen = []
    for b, idx in enumerate(np.array_split(order, nbins)):
        for c in range(2):
            v = s2[idx, c]
            ok = np.isfinite(v)
            if ok.any():
                k = max(1, int(round(ok.sum() * NOISE_QUANTILE)))
                low = idx[ok][np.argsort(v[ok], kind="stable")[:k]]
                per_bin[b, c] = s2[low, c].mean()
                if c == 0:
                    chosen.append(low)
                    spread.append(per_bin[b, c] / max(float(np.median(v[ok])), 1e-6))
    if not np.isfinite(per_bin).any():
        return out
    chosen = np.concatenate(chosen) if chosen else np.zeros(0, dtype=int)
    rho = float(np.clip(cross[chosen].sum() / max(energy[chosen].sum(), 1e-9), 0.0, 1.0)) if len(chosen) else 0.0
    spread = float(np.mean(spread)) if spread else NOISE_SPREAD_REF
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        var = np.nan_to_num(np.nanmean(per_bin, axis=0), nan=0.0)
    raw, raw_luma = math.sqrt(max(0.0, var[0])), math.sqrt(max(0.0, var[1]))
    out.update(sigma=noise_sigma_from(raw, rho, spread), sigma_luma=noise_sigma_from(raw_luma, rho, spread, luma=True),
               sigma_raw=raw, sigma_luma_raw=raw_luma, noise_rho=rho, noise_spread=spread)
    return out


# --- jpeg --------------------------------------------------------------------------------------

# The IJG (libjpeg) luminance quantisation table at quality 50.
_QT50 = np.array([16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
                  14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
                  18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
                  49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99], np.float64).reshape(8, 8)
_DCT8 = np.array([[(math.sqrt(1 / 8) if k == 0 else math.sqrt(2 / 8)) * math.cos(math.pi * (2 * n + 1) * k / 16)
                   for n in range(8)] for k in range(8)])
_JPEG_COEFS = [(0, 0), (0, 1), (1, 0), (1, 1), (0, 2), (2, 0), (1, 2), (2, 1), (2, 2), (0, 3), (3, 0)]
_QUALITIES = np.arange(5, 100)


def _qtable(quality: int) -> np.ndarray:
    s = 5000 / quality if quality < 50 else 200 - 2 * quality
    return np.clip(np.floor((_QT50 * s + 50) / 100), 1, 255)


_STEPS = np.array([[_qtable(int(q))[u, v] for (u, v) in _JPEG_COEFS] for q in _QUALITIES])  # [quality, coef]


def _grid_offset(y: np.ndarray) -> tuple[int, int]:
    """Where the 8x8 block boundaries are: the row/column phase with the largest steps. y: [N, h, w]."""
    off = []
    for axis in (1, 2):
        d = np.abs(np.diff(y, axis=axis)).mean(axis=tuple(i for i in (0, 1, 2) if i != axis))
        if len(d) < 16:
            off.append(0)
            continue
        phase = np.bincount(np.arange(len(d)) % 8, d, minlength=8)[:8]
        # a boundary between pixels 8k+7 and 8k+8 shows at difference 8k+7: offset 0
        off.append((int(np.argmax(phase)) + 1) % 8)
    return off[0], off[1]


def _dct_coefficients(y: np.ndarray, oy: int, ox: int, limit: int = 4000) -> np.ndarray:
    """Chosen 8x8 DCT coefficients [blocks, len(_JPEG_COEFS)] of the level-shifted luma y [N, h, w]."""
    y = y[:, oy:, ox:]
    n, h, w = y.shape[0], y.shape[1] // 8, y.shape[2] // 8
    if h < 1 or w < 1:
        return np.zeros((0, len(_JPEG_COEFS)))
    b = y[:, :h * 8, :w * 8].reshape(n, h, 8, w, 8).transpose(0, 1, 3, 2, 4).reshape(-1, 8, 8)
    if len(b) > limit:
        b = b[np.linspace(0, len(b) - 1, limit).astype(int)]
    d = np.einsum("ij,njk,lk->nil", _DCT8, b.astype(np.float64) - 128.0, _DCT8)
    return np.stack([d[:, u, v] for (u, v) in _JPEG_COEFS], axis=1)


def _jpeg_quality(y: np.ndarray) -> tuple[float, float]:
    """(score 0-1, quality): how well the DCT coefficients sit on the steps of one JPEG quality.

    Each quality's IJG table gives a step per coefficient; the score is the length of the mean
    phasor exp(2 pi i c / step) (1: every coefficient on a multiple; near 0 for a photo that
    was never compressed on this grid or was resized since), less the same at steps 10%
    off (which a narrow spread of values, as in a nearly black photo, would score as well).
    Zeros are left out of the AC coefficients, so a coarser step than the true one scores
    low. The coarsest quality within 0.02 of the best score wins.
    """
    best = (0.0, 100.0)
    for oy, ox in {(0, 0), _grid_offset(y)}:
        coef = _dct_coefficients(y, oy, ox)
        if len(coef) < 16:
            continue
        num = np.zeros(len(_QUALITIES))
        null = np.zeros(len(_QUALITIES))
        den = np.zeros(len(_QUALITIES))
        for j in range(coef.shape[1]):
            steps, where = np.unique(_STEPS[:, j], return_inverse=True)
            c = coef[:, j:j + 1].astype(np.float32)
            use = (np.abs(c) >= steps[None, :] / 2) if j > 0 else np.ones((len(c), len(steps)), dtype=bool)
            cnt = use.sum(0)
            ok = (cnt >= 20) & (steps >= 2)
            mags = []
            for scale in (1.0, 0.9, 1.1):  # 0.9, 1.1: what a narrow spread of values alone would score
                ph = (2 * np.pi) * c / (steps[None, :] * scale).astype(np.float32)
                mags.append(np.hypot((np.cos(ph) * use).sum(0), (np.sin(ph) * use).sum(0)))
            num += np.where(ok, mags[0], 0)[where]
            null += np.where(ok, np.maximum(mags[1], mags[2]), 0)[where]
            den += np.where(ok, cnt, 0)[where]
        score = np.where(den > 0, (num - null) / np.maximum(den, 1), 0.0)
        for qi, q in enumerate(_QUALITIES):
            if score[qi] > best[0] + 0.02:  # qualities ascend: on a tie keep the coarser steps
                best = (float(score[qi]), float(q))
    return best


# --- global measurements on the small copy -----------------------------------------------------

def _g1(a: np.ndarray) -> np.ndarray:
    """E[max(a + n, 0)] for n ~ N(0, 1)."""
    return np.where(a > _CA[-1], a, np.interp(a, _CA, _CG1, left=0.0))


def _censored_mean_inverse(m: np.ndarray, sigma: float) -> np.ndarray:
    """The noise-free value mu whose noisy version, clipped to 0-255, has mean m."""
    if sigma < 1.0:
        return m
    mu = np.linspace(-4 * sigma, 255 + 4 * sigma, 2049)
    # clip(x, 0, 255) = max(x, 0) - max(x - 255, 0)
    mean = sigma * (_g1(mu / sigma) - _g1((mu - 255) / sigma))
    return np.interp(m, mean, mu)


def _srgb_to_linear(x: np.ndarray) -> np.ndarray:
    return np.where(x <= 0.04045, x / 12.92, ((np.maximum(x, 0) + 0.055) / 1.055) ** 2.4)


def _min_filter(x: np.ndarray, r: int) -> np.ndarray:
    t = torch.from_numpy(np.ascontiguousarray(x))[None, None]
    return (-F.max_pool2d(-t, 2 * r + 1, 1, r))[0, 0].numpy() if min(x.shape) > 0 else x


def _global_features(small: np.ndarray, sigma: float) -> dict[str, float]:
    x = np.clip(_censored_mean_inverse(small, sigma), 0, 255) / 255.0
    lin = _srgb_to_linear(x)
    luma_lin = lin @ np.array([0.2126, 0.7152, 0.0722])
    mx = lin.max(-1)
    eps = 1e-4
    f = {}
    f["mean"] = float(small.mean() / 255.0)
    f["log_mean_lin"] = math.log(float(luma_lin.mean()) + eps)
    for p in (50, 90, 99, 99.9):
        f[f"log_p{p}_max"] = math.log(float(np.percentile(mx, p)) + eps)
    f["log_p10_luma"] = math.log(float(np.percentile(luma_lin, 10)) + eps)
    f["dark_frac"] = float((x.max(-1) < 0.04).mean())
    dc = _min_filter(x.min(-1).astype(np.float32), 3) if min(x.shape[:2]) > 7 else x.min(-1)
    f["dc_p50"] = float(np.percentile(dc, 50))
    f["dc_p90"] = float(np.percentile(dc, 90))
    f["dc_p10"] = float(np.percentile(dc, 10))
    luma = x @ LUMA
    f["contrast"] = float(luma.std() / (luma.mean() + 0.02))
    f["range"] = float(np.percentile(luma, 99) - np.percentile(luma, 1))
    f["min_p1"] = float(np.percentile(x.min(-1), 1))
    mxs = x.max(-1)
    f["saturation"] = float(((mxs - x.min(-1)) / (mxs + 0.02)).mean())
    # haze lifts the dark channel towards the airlight and flattens local contrast
    f["dc_ratio"] = float(np.percentile(dc, 50) / (np.percentile(luma, 99) + 0.05))
    if min(luma.shape) >= 6:
        t = torch.from_numpy(np.ascontiguousarray(luma, dtype=np.float32))[None, None]
        mu = F.avg_pool2d(t, 3, 1)
        sd = (F.avg_pool2d(t * t, 3, 1) - mu * mu).clamp(min=0).sqrt()
        f["local_contrast"] = float((sd / (mu + 0.05)).mean())
    else:
        f["local_contrast"] = 0.0
    return f


# --- rain and blur on native crops -------------------------------------------------------------

_RAIN_ANGLES = np.arange(0, 180, 15)  # 0 = vertical, as in degrade
_RIDGE_OFFSET = 2  # pixels from a line to its two sides
RAIN_TILE = 32
RIDGE_K = 2.0  # a ridge counts when above this many robust standard deviations of its tile


def _line_bank(length: float = 15.0, width: float = 0.7) -> torch.Tensor:
    """Averages along a thin line segment at each angle: [angles, 1, k, k], each summing to 1."""
    r = int(math.ceil(length / 2)) + 1
    ys, xs = np.mgrid[-r:r + 1, -r:r + 1].astype(np.float64)
    out = []
    for ang in _RAIN_ANGLES:
        a = math.radians(ang)
        along = xs * math.sin(a) + ys * math.cos(a)
        across = xs * math.cos(a) - ys * math.sin(a)
        k = np.exp(-0.5 * (across / width) ** 2) * np.clip(length / 2 + 0.5 - np.abs(along), 0, 1)
        out.append(k / k.sum())
    return torch.tensor(np.stack(out)[:, None], dtype=torch.float32)


_BANK = None


def _tiles(z: torch.Tensor, tile: int) -> torch.Tensor:
    """[N, h, w] -> [tiles, tile * tile]."""
    n, h, w = z.shape
    th, tw = h // tile, w // tile
    return z[:, :th * tile, :tw * tile].reshape(n, th, tile, tw, tile).permute(0, 1, 3, 2, 4).reshape(-1, tile * tile)


def _rain_features(t: torch.Tensor) -> dict[str, float]:
    """Thin bright streaks at one angle, over the luma crops t [N, 1, h, w].

    Along each angle, a line average c is compared with the parallel averages l and r two
    pixels to either side: a bright ridge has c above both (min(c - l, c - r) > 0), a dark one
    below both, and an edge neither. Rain adds many bright ridges at one angle, spread over
    the whole photo; noise adds as many dark as bright ones, at every angle. Counts are of
    ridges above RIDGE_K robust standard deviations of the tile they are in.
    """
    global _BANK
    if _BANK is None:
        _BANK = _line_bank()
    f = dict(r_peak=0.0, r_far=0.0, r_ratio=0.0, r_ratio_far=0.0, r_spread=0.0, r_vert=0.0,
             t_peak=0.0, t_vpeak=0.0, t_far=0.0)
    k, p = _BANK.shape[-1], _RIDGE_OFFSET
    if min(t.shape[-2:]) < k + 2 * p + 4:
        return f
    lines = F.conv2d(t, _BANK)  # [N, angles, h, w]
    h, w = lines.shape[-2:]
    tile = min(RAIN_TILE, h - 2 * p, w - 2 * p)
    na = len(_RAIN_ANGLES)
    pos, neg, sym, spread_p, spread_n = (np.zeros(na) for _ in range(5))
    per_tile = []
    for i, ang in enumerate(_RAIN_ANGLES):
        a = math.radians(ang)
        dx, dy = round(p * math.cos(a)), round(-p * math.sin(a))
        c = lines[:, i, p:h - p, p:w - p]
        lft = lines[:, i, p - dy:h - p - dy, p - dx:w - p - dx]
        rgt = lines[:, i, p + dy:h - p + dy, p + dx:w - p + dx]
        cl, cr = c - lft, c - rgt
        bright = _tiles(torch.minimum(cl, cr), tile)
        dark = _tiles(torch.minimum(-cl, -cr), tile)
        s = _tiles((cl + cr) / 2, tile)
        scale = 1.2533 * (s - s.mean(1, keepdim=True)).abs().mean(1, keepdim=True) + 0.5
        bp = (bright > RIDGE_K * scale).float().mean(1)
        dn = (dark > RIDGE_K * scale).float().mean(1)
        per_tile.append(bp - dn)
        pos[i], neg[i] = float(bp.mean()) * 1000, float(dn.mean()) * 1000
        sym[i] = float(((s > RIDGE_K * scale).float().mean(1) - (s < -RIDGE_K * scale).float().mean(1)).mean()) * 1000
    diff = pos - neg
    i = int(np.argmax(diff))
    dist = np.minimum(np.abs(np.arange(na) - i), na - np.abs(np.arange(na) - i))
    far = dist >= 3
    f["r_peak"] = float(diff[i] - np.median(diff))
    f["r_far"] = float(diff[i] - diff[far].max())
    f["r_ratio"] = math.log((pos[i] + 1) / (neg[i] + 1))
    f["r_ratio_far"] = math.log((pos[i] + 1) / (pos[far].max() + 1))
    others = torch.stack([per_tile[j] for j in range(na) if far[j]]).mean(0)
    f["r_spread"] = float((per_tile[i] > others + 0.002).float().mean())
    f["r_vert"] = math.cos(2 * math.radians(float(_RAIN_ANGLES[i])))
    j = int(np.argmax(sym))
    vertical = np.minimum(_RAIN_ANGLES, 180 - _RAIN_ANGLES) <= 30
    f["t_peak"] = float(sym[j] - np.median(sym))
    f["t_vpeak"] = float(sym[vertical].max() - np.median(sym))
    distj = np.minimum(np.abs(np.arange(na) - j), na - np.abs(np.arange(na) - j))
    f["t_far"] = float(sym[j] - sym[distj >= 3].max())
    return f


def _local_features(y: np.ndarray, sigma_luma: float) -> dict[str, float]:
    """Rain and blur measurements on the native-resolution luma crops y [N, h, w] (0-255)."""
    n2 = sigma_luma ** 2
    t = torch.from_numpy(np.ascontiguousarray(y, dtype=np.float32))[:, None]
    f = _rain_features(t)
    e = {}
    for s in (1, 2, 4):
        if min(t.shape[-2:]) < 3 * s:
            e[s] = 0.0
            continue
        ts = F.avg_pool2d(t, s) if s > 1 else t
        dx, dy = ts[..., :, 1:] - ts[..., :, :-1], ts[..., 1:, :] - ts[..., :-1, :]
        e[s] = max(float((dx * dx).mean() + (dy * dy).mean()) - 4 * n2 / (s * s), 0.0)
        if s == 1:
            gx, gy = dx[..., :-1, :], dy[..., :, :-1]
            gxx, gyy, gxy = float((gx * gx).sum()), float((gy * gy).sum()), float((gx * gy).sum())
            tr = gxx + gyy
            f["grad_aniso"] = math.sqrt((gxx - gyy) ** 2 + 4 * gxy * gxy) / tr if tr > 0 else 0.0
            g = (gx * gx + gy * gy).sqrt().flatten()
            k = max(1, int(0.01 * g.numel()))
            f["g99"] = math.log(float(g.topk(k).values[-1]) + 1)
    f.setdefault("grad_aniso", 0.0)
    f.setdefault("g99", 0.0)
    f["blur_12"] = math.log((e[1] + 1) / (e[2] + 1))
    f["blur_24"] = math.log((e[2] + 1) / (e[4] + 1))
    f["log_e1"] = math.log(e[1] + 1)
    f["log_e4"] = math.log(e[4] + 1)
    return f


# --- the measurements --------------------------------------------------------------------------

def features(a: np.ndarray) -> dict[str, float]:
    """Every measurement the severities are computed from, for an RGB uint8 array [H, W, 3]."""
    crops = _crops(a)
    x = crops.astype(np.float32)
    x = np.concatenate([x, (x @ LUMA)[..., None]], axis=-1)  # R, G, B, luma
    f = _noise_sigma(x)
    sigma, sigma_luma = f["sigma"], f["sigma_luma"]
    f["log_sigma"] = math.log(sigma + 1)
    f["jpeg_score"], f["jpeg_quality"] = _jpeg_quality(x[..., 3])
    f.update(_global_features(_small(a), sigma))
    f.update(_local_features(x[..., 3], sigma_luma))
    return f


# --- from measurements to severities -----------------------------------------------------------

JPEG_MIN_SCORE = 0.2  # below this the DCT coefficients show no JPEG quantisation on the 8x8 grid
MODELLED = ("rain", "low_light", "blur", "haze")
# A modelled kind is found at this probability. Chosen on the training photos: from 0.5 to 0.6
# the F1s barely move (rain 0.976 -> 0.976, low_light 0.960 -> 0.959, blur 0.951 -> 0.946,
# haze 0.946 -> 0.946) while false findings on clean photos drop from 35 to 25 of 474.
DETECT_PROBABILITY = 0.6


def jpeg_severity(score: float, quality: float) -> float:
    """Severity on degrade's scale (quality 70 -> 0, quality 10 -> 1) of a detected JPEG."""
    if score < JPEG_MIN_SCORE:
        return 0.0
    return float(np.clip((MAX_JPEG_QUALITY - quality) / (MAX_JPEG_QUALITY - MIN_JPEG_QUALITY), 0.0, 1.0))


# Logistic detectors and linear severity models on the standardised measurements, for the kinds
# with no direct physical read-out. Fitted on 4,360 synthetic degradations of the 436 training
# photos (CBSD432 and data/photos, part="train": every single kind, the low_light + noise and
# rain + noise mixtures, clean photos and one random mixture from data.MIXTURES per photo,
# severities uniform in 0.1-1); L2-regularised (C = 1), severity by ridge regression on the
# photos where the kind is present. Reproduce with:
#   python scripts/analyzer_report.py features -o runs/analyzer/train.pkl
#   python scripts/analyzer_report.py fit runs/analyzer/train.pkl --write
# BEGIN FITTED (scripts/analyzer_report.py fit --write; do not edit by hand)
NOISE_GAIN_COLOUR = 1.365
NOISE_GAIN_LUMA = 1.383
NOISE_GAIN_SPREAD = -1.718
NOISE_FLOOR = 17.325
_MODELS = json.loads('''
{"features": ["sigma", "sigma_luma", "log_sigma", "mean", "log_mean_lin", "log_p50_max", "log_p90_max", "log_p99_max", "log_p99.9_max", "log_p10_luma", "dark_frac", "dc_p50", "dc_p90", "dc_p10", "contrast", "range", "min_p1", "saturation", "dc_ratio", "local_contrast", "r_peak", "r_far", "r_ratio", "r_ratio_far", "r_spread", "r_vert", "t_peak", "t_vpeak", "t_far", "grad_aniso", "g99", "blur_12", "blur_24", "log_e1", "log_e4", "jpeg_sev"], "mean": [9.619197, 7.059596, 1.182594, 0.436078, -1.868545, -1.893186, -1.02048, -0.671789, -0.563893, -3.543443, 0.037944, 0.224608, 0.39491, 0.135378, 0.382031, 0.573599, 0.137244, 0.290361, 0.254989, 0.119156, 5.09482, 4.099367, 0.520542, 0.222096, 0.487503, 0.205935, 6.361078, 5.644007, 4.425105, 0.349141, 4.317303, -0.301093, -0.116261, 5.580382, 5.997735, 0.050078], "scale": [14.775666, 11.270732, 1.552395, 0.223953, 1.248314, 1.400023, 1.092689, 0.964517, 0.91556, 2.018951, 0.109055, 0.213096, 0.261373, 0.185765, 0.207771, 0.236658, 0.187737, 0.175524, 0.223248, 0.061184, 7.55185, 7.563782, 0.775157, 0.663264, 0.22783, 0.714186, 7.784838, 8.040548, 7.549171, 0.143746, 0.757172, 0.757965, 0.568774, 1.865899, 1.376343, 0.16429], "rain": {"detect": [-0.5071, 0.47897, -0.0466, 0.56037, 0.55889, -0.87537, 1.16897, -0.08733, -0.66175, -0.19677, -0.16565, 0.31388, -0.91525, 0.02003, -0.26133, 1.09965, 0.44129, -0.06611, -0.37673, -0.44182, 0.99772, 2.87, -0.30199, -0.16326, 0.996, 0.83957, -1.12071, 0.62627, 2.16289, 0.16607, 1.80377, -0.05616, 0.64392, 0.0257, -0.20033, -1.64739], "detect_bias": -3.55244, "severity": [-0.01283, -0.03011, 0.03168, 0.04045, 0.04246, 0.01995, 0.07887, -0.02138, -0.31721, 0.14631, 0.08274, 0.0472, -0.02467, 0.06501, -0.06236, 0.08113, -0.02388, -0.0297, -0.08518, 0.09103, -0.13242, 0.17129, 0.03039, 0.01726, 0.20439, -0.00644, -0.02065, 0.00064, -0.02798, 0.03472, 0.18625, -0.0025, 0.01323, 0.03383, 0.04178, -0.02863], "severity_bias": 0.03178}, "low_light": {"detect": [-0.01147, -0.44601, 0.32168, -0.39446, -1.90854, 1.3716, 0.46878, -0.85621, -6.66268, 0.32133, 0.75423, -1.08486, 0.21306, -0.022, 1.05617, 0.32265, 0.33516, -0.8168, -0.24856, -0.11226, 0.14091, -0.33803, -0.42055, 0.27216, -0.77516, 0.13937, 0.56043, 0.58524, -1.33121, -0.1244, 1.60822, -0.04011, 0.04755, 0.02491, 0.03621, -0.85791], "detect_bias": -2.03755, "severity": [0.06305, -0.02556, -0.00158, 0.0341, -0.00747, 0.0273, -0.01257, 0.12398, -0.36582, -0.01281, -0.01638, 0.01686, -0.02675, -0.01527, 0.0406, -0.03455, -0.00102, -0.02994, -0.02934, -0.00903, -0.00942, -0.00287, 0.0129, -0.00504, 0.00285, 0.00249, -0.02699, 0.03079, 0.00083, -0.00139, 0.01573, 0.00293, -0.00364, -0.00174, -0.00247, 0.01611], "severity_bias": 0.1427}, "blur": {"detect": [1.73555, -0.58366, -0.50069, 0.05341, -0.84348, -0.57079, -0.33463, 0.1279, 2.13184, -0.76458, -0.97702, -0.93938, 0.50352, -0.95284, -0.61359, 0.16392, 0.52185, -0.05751, 0.62551, -1.44699, -1.83845, -2.61399, 0.45816, -0.29245, 2.04583, -0.12123, 1.65118, 1.01253, -1.12161, 0.77566, -5.13604, -1.07222, -1.85754, 1.5302, 3.43259, -1.9401], "detect_bias": -7.01076, "severity": [0.07495, -0.02295, 0.10989, 0.1248, -0.12916, 0.03773, 0.04019, -0.16661, 0.10062, -0.00977, 0.03056, 0.04069, -0.03962, -0.10015, 0.04826, 0.02872, 0.15876, -0.04936, -0.07417, -0.02622, -0.00811, -0.02478, -0.02605, 0.01326, -0.02907, -0.00108, 0.01374, -0.06705, 0.0721, 0.05891, -0.23807, 0.03035, -0.12616, 0.00609, 0.04369, 0.0], "severity_bias": 0.18956}, "haze": {"detect": [-0.60224, 0.32547, -1.33067, -3.26765, 0.91946, 0.44913, 0.84616, 0.154, -0.21242, 0.46098, -0.15121, 0.26597, -0.30138, 2.14104, -1.12149, 1.26059, 0.91133, -1.02034, 0.44071, -2.17363, 0.14585, 0.4631, 0.73226, -0.32985, 0.03759, 0.18789, -2.10647, -1.23104, 1.33984, -0.80943, 1.85427, 0.41836, 0.19748, -0.61128, -1.14071, -1.92694], "detect_bias": -7.79874, "severity": [0.08257, -0.07531, 0.05066, -0.12409, 0.12632, -0.04498, -0.0174, 0.0039, -0.26625, -0.09082, -0.0, 0.11502, 0.0103, 0.14732, 0.12264, 0.01966, 0.0797, 0.04971, 0.11229, 0.0537, -0.02278, 0.07766, 0.04851, -0.02599, 0.03589, -0.00437, -0.15774, 0.01044, 0.09238, -0.00602, -0.01841, -0.01901, 0.00405, -0.02768, -0.02873, 0.0], "severity_bias": 0.28666}}
''')
# END FITTED


def severities(f: dict[str, float]) -> dict[str, float]:
    """Every kind's severity (0-1) from the measurements of `features`."""
    sev = {k: 0.0 for k in KINDS}
    sev["noise"] = float(min(1.0, f["sigma"] / MAX_SIGMA))
    sev["jpeg"] = jpeg_severity(f["jpeg_score"], f["jpeg_quality"])
    if _MODELS is None:
        return sev
    g = dict(f, jpeg_sev=sev["jpeg"])
    x = np.array([g.get(n, 0.0) for n in _MODELS["features"]], dtype=np.float64)
    z = (x - np.array(_MODELS["mean"])) / np.array(_MODELS["scale"])
    z = np.clip(np.nan_to_num(z), -8, 8)  # an odd photo must not push a model far outside its data
    for kind in MODELLED:
        m = _MODELS[kind]
        p = 1 / (1 + math.exp(-float(np.dot(m["detect"], z) + m["detect_bias"])))
        s = float(np.clip(np.dot(m["severity"], z) + m["severity_bias"], 0.0, 1.0))
        # found: at least DETECTED; not found: below it, shrinking with the detector's doubt
        sev[kind] = max(s, captions.DETECTED) if p >= DETECT_PROBABILITY else min(s, 0.099) * p / DETECT_PROBABILITY
    return sev


# --- the interface -----------------------------------------------------------------------------

def _analysis(a: np.ndarray) -> Analysis:
    try:
        if a.ndim != 3 or a.shape[0] < 1 or a.shape[1] < 1:
            raise ValueError(f"empty image of shape {a.shape}")
        f = features(a)
        sev = severities(f)
        sigma, brightness = f["sigma"], f["mean"]
    except Exception:  # never fail the caller on an odd photo: say what can be said
        log.exception("analyzer: measurement failed on an image of shape %s", getattr(a, "shape", None))
        sev = {k: 0.0 for k in KINDS}
        sigma = 0.0
        brightness = float(a.mean() / 255.0) if a.size else 0.0
    sev = {k: round(float(sev[k]), 4) for k in KINDS}
    found = {k: s for k, s in sev.items() if s >= captions.DETECTED}
    if "noise" in found:  # words and number from the measured sigma, even above 50
        found["noise"] = max(found["noise"], sigma / MAX_SIGMA)
    prompt = captions.describe(found)
    text = prompt + " " + captions.evidence(brightness, sigma if "noise" in found else None)
    return Analysis(degradations=sev, noise_sigma=round(float(sigma), 2), brightness=round(float(brightness), 4),
                    description=text, prompt=prompt)


def analyze(image: Image.Image) -> Analysis:
    """What is wrong with `image` (any PIL image: any mode, size and EXIF orientation)."""
    return _analysis(_u8_from_image(image))


def analyze_tensor(x: torch.Tensor) -> Analysis:
    """The same for a float tensor [3, H, W] in [0, 1] (uint8 tensors are taken as 0-255)."""
    return _analysis(_u8_from_tensor(x))
