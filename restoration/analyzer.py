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
A uniform frame around the photo (a print's border, a screenshot's bars and margins) is trimmed first
(`frame_box`): everything is measured on the photo inside it, whose box `Analysis.frame` gives.
Noise is found when its sigma is 5 or more (severity 0.1) and a JPEG when its quality is 64 or
less; rain, low_light, blur and haze by logistic models on all the measurements (haze, where
noise is found too, at a higher probability: noisy photos low in contrast by nature read as
hazy). Where the network reads a level's words differently from synthesis, the severity is
shifted before it becomes words (`WORD_SHIFTS`: a dark photo with noise is said darker than
measured).

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
    prompt: str  # what was found in the network's plain words, without the measurements (the network itself is
    # given `described`, which near a level bound it is told as a blend of two levels' words: Restorer.told)
    described: dict[str, float]  # the found kinds as `description` states them (noise by its measured sigma,
    # even above 50), but a photo in black-and-white dots's noise as the network is told it after the low-pass
    # (restorer.read_in_dots); Restorer.describe(described) is the prompt in the form of the network at hand
    too_small: bool = False  # below MIN_SIDE nothing is read, and `description` says so
    frame: tuple[int, int, int, int] | None = None  # the photo's box (left, top, right, bottom) of the image analysed
    # inside a uniform frame (a print's border, a screenshot's bars), where everything above was measured; None: none
    blacks: float = 0.0  # the darkest 1% of the photo (each pixel's darkest colour), 0-1: an old print's are lifted
    colour_only_noise: bool = False  # the noise found is in the colour alone (blotches), the luma has none
    # (analyzer.colour_only_noise): a restore of it keeps the photo's luma (restorer.with_luma_of)
    dither: str = ""  # "palette": a few colours, dithered (a GIF); "black and white": two, dithered; "" otherwise
    # (analyzer.dither): the noise found is the dither's dots

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
    block has clipped pixels the noise is no longer Gaussian and the mean is used, unless the
    median is nil: then most of the block is exactly flat (the white of a page or a screen,
    letters or lines on it), which noise against the bound is not (half its pixels would need
    their whole neighbourhood clipped: a block mean about 0.03 sigma from the bound).
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
    e = np.where(clipped & (med > 0), r2.mean(1), med)
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


# A camera's noise, spread by demosaicing over neighbouring pixels, is nearly invisible to the
# Laplacian at native resolution (sigma 15 reads as 3). In 2x2 means of the colour differences it
# is white again, while a photo's own detail, mostly in brightness, hardly shows there (clean
# training photos read below NOISE_CHROMA_FLOOR). sigma = gain * sqrt(raw^2 - floor^2), fitted on
# demosaiced noise of training photos (`scripts/analyzer_report.py chroma-noise`, the gain by least
# squares; the floor is just above what clean training photos read, 2.2 at most of 89).
NOISE_CHROMA_GAIN = 1.291
NOISE_CHROMA_FLOOR = 2.5
CHROMA_SCALE = 0.25
# White colour noise reads about as high in the colour differences as at native resolution (0.8-1.2
# times), a camera's demosaiced noise 2.7 times or more: only well above the native reading does the
# chroma one stand (white noise had read higher with it: sigma 20 at 1024 px, MAE 0.31 -> 1.42)
CHROMA_OVER_NATIVE = 1.4


def _colour_difference_raw(x: np.ndarray) -> float:
    """The noise estimate, before calibration, in the colour differences (red - green, blue - green) of the crops
    x [N, h, w, C] (R, G, B first, float 0-255)."""
    variance = 0.0
    for c in (0, 2):  # scaled into 96-160, so that the clipping model sees no bounds, even of a saturated red or blue
        d = (x[..., c] - x[..., 1]) / math.sqrt(2) * CHROMA_SCALE + 128
        variance += _noise_sigma(np.repeat(d[..., None], 4, axis=-1))["sigma_raw"] ** 2 / 2
    return math.sqrt(variance) / CHROMA_SCALE


def chroma_noise_raw(x: np.ndarray) -> float:
    """The noise estimate, before calibration, in the colour differences of 2x2 means of the
    crops x [N, h, w, C] (R, G, B first, float 0-255), on the scale of one pixel."""
    h, w = x.shape[1] // 2 * 2, x.shape[2] // 2 * 2
    if min(h, w) < 8:
        return 0.0
    m = x[:, :h, :w, :3].reshape(x.shape[0], h // 2, 2, w // 2, 2, 3).mean((2, 4))
    return 2 * _colour_difference_raw(m)  # a 2x2 mean halves white noise


def chroma_noise_sigma(raw: float) -> float:
    """Sigma (0-255 scale) from `chroma_noise_raw`; 0 where there is no more than a clean photo shows."""
    return NOISE_CHROMA_GAIN * math.sqrt(max(0.0, raw * raw - NOISE_CHROMA_FLOOR ** 2))


# A JPEG that stores its colour at half resolution (4:2:0 chroma subsampling: Pillow's default, most cameras') averages
# each 2x2 block's colour, so the native estimate sees only the luma's share of colour noise (sigma 10-30 read 0.67x at
# quality 90-97, with or without the JPEG found) and little of a camera's. The colour's share is still in 2x2 means,
# lowered by the averaging and the decoder's smoothing: there sigma^2 = native^2 + SUBSAMPLED_CHROMA_GAIN x
# sigma_chroma^2 (colour noise at quality 95-97 read 1.25 off, was 5.75; 4 fits colour best, 5 a camera's). Such a
# photo is told by its noise: alike in the three channels (rho at least SUBSAMPLED_RHO: 0.95 or more under 4:2:0, 0.23
# or less for white colour or a camera's noise stored whole) and its colour without any at native resolution (the
# colour differences' read there under SUBSAMPLED_FINE of the 2x2 one: 0.10-0.28 under 4:2:0; 0.85-0.98 for mixed
# colour and luminance noise in a PNG, whose rho is as high). Luminance noise and clean photos read no chroma: no
# change (runs/jpeg75/sweep.py).
SUBSAMPLED_CHROMA_GAIN = 4.5
SUBSAMPLED_RHO = 0.7
SUBSAMPLED_FINE = 0.5


def with_subsampled_chroma(f: dict[str, float], x: np.ndarray, chroma_raw: float) -> float:
    """The native sigma of the crops x [N, h, w, C] (measurements `f`, chroma read `chroma_raw`), with the colour's
    share put back where the colour was stored at half resolution (see SUBSAMPLED_CHROMA_GAIN)."""
    if f["noise_rho"] < SUBSAMPLED_RHO or f["sigma_chroma"] <= 0.0:  # (the read at native resolution costs: last)
        return f["sigma"]
    if _colour_difference_raw(x) >= SUBSAMPLED_FINE * chroma_raw:
        return f["sigma"]
    return math.sqrt(f["sigma"] ** 2 + SUBSAMPLED_CHROMA_GAIN * f["sigma_chroma"] ** 2)


def with_chroma(sigma: float, sigma_chroma: float) -> float:
    """The photo's noise sigma: the native estimate, or the chroma one where it stands well above it."""
    return sigma_chroma if sigma_chroma > CHROMA_OVER_NATIVE * sigma else sigma


# Noise in the colour alone (a phone's colour blotches, its luma denoised in the camera; qa66 F06): the network, which
# learnt only noise that is in the luma too, takes luma detail that had no noise. The luma's noise is read as the
# colour's is, in 2x2 means (where a camera's demosaiced luma noise shows too), against the photo's sigma: on 12
# training photos (every 40th, 512 px) each kind of synthetic noise (colour, luminance, mixed, signal-dependent, a
# camera's, dark + noisy; sigma 5-45; some saved as JPEGs) read 0.44 or more (433 images), colour-only noise of sigma
# 8-45 (white, or blurred 1 px into blotches) 0.35 or less on 110 of 120 (runs/fix67a/explore2.py). In a small or
# dark photo that reading falls for ordinary noise too (few blocks, clipped at black: conversation_diff's dark rocket
# at 192 px, colour noise of sigma 18, read 0.27), so the native luma sigma must be nearly nil as well: under 0.15 of
# the sigma, where colour-only noise read at most 0.09 and colour noise of sigma 8-30 in dark photos at 192-384 px 0.19
# or more (a camera's reads nil there, but 0.54 or more in 2x2 means; runs/fix67a/dark.py, small.py). Not in a photo
# read as dim: clipped at black, the luma's noise reads low in both (colour noise of sigma 8 at 2.8% brightness, 192 px:
# 0.15 and 0.30). Only the pixels' own reading counts: the one under a JPEG is the luma's.
COLOUR_ONLY_LUMA = 0.35
COLOUR_ONLY_NATIVE_LUMA = 0.15


def luma_noise_raw(x: np.ndarray) -> float:
    """The luma's noise estimate, before calibration, in 2x2 means of the crops x [N, h, w, 4] (luma last), on the
    scale of one pixel: where `chroma_noise_raw` reads the colour's."""
    h, w = x.shape[1] // 2 * 2, x.shape[2] // 2 * 2
    if min(h, w) < 8:
        return 0.0
    m = x[:, :h, :w, 3].reshape(x.shape[0], h // 2, 2, w // 2, 2).mean((2, 4))
    return 2 * _noise_sigma(np.repeat(m[..., None], 4, axis=-1))["sigma_raw"]  # a 2x2 mean halves white noise


def _luma_noiseless(f: dict[str, float]) -> bool:
    """Whether the native luma sigma is nearly nil beside the sigma: colour_only_noise's first bound, and where its 2x2
    one (`luma_noise_raw`) is worth reading at all."""
    return f["sigma_luma"] < COLOUR_ONLY_NATIVE_LUMA * f["sigma"]


def colour_only_noise(f: dict[str, float], sev: dict[str, float]) -> bool:
    """Whether the noise found is in the colour alone, the luma showing none, from the measurements and the severities
    of a photo (see COLOUR_ONLY_LUMA)."""
    return (sev["noise"] >= captions.DETECTED > sev["low_light"] and f["sigma"] >= f.get("sigma_jpeg", 0.0)
            and f.get("luma_noise_raw", math.inf) < COLOUR_ONLY_LUMA * f["sigma"] and _luma_noiseless(f))


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


# A row or column phase stands out where the next is under this share of it; in either axis on 1 of 61 held-out
# photos at 512 px clean, 59 of 61 saved once at quality 60, and qa66's four photos re-saved 10 times on shifted grids
# at 256 and 320 px (at most 0.857; runs/mine66/phase_gap.py).
TIED_PHASES = 0.9


def _grid_offsets(y: np.ndarray) -> tuple[tuple[int, int], set[tuple[int, int]]]:
    """Where the 8x8 block boundaries are (y: [N, h, w]): the row and column phases with the largest steps; and,
    where the strongest of an axis stands out (the next under TIED_PHASES of it), the other pairings of each axis's
    two largest.
    The runners-up: after saves on shifted grids an earlier save's edges can outdo the last save's in one axis (qa66
    F04: phases 1 and 3 within 0.4%, the last save's on 3); where no phase stands out (most clean photos) there are
    no block edges to follow."""
    phases, stands_out = [], False
    for axis in (1, 2):
        d = np.abs(np.diff(y, axis=axis)).mean(axis=tuple(i for i in (0, 1, 2) if i != axis))
        if len(d) < 16:
            phases.append([0])
            continue
        phase = np.bincount(np.arange(len(d)) % 8, d, minlength=8)[:8]
        order = np.argsort(-phase, kind="stable")[:2]
        stands_out |= bool(phase[order[1]] < TIED_PHASES * phase[order[0]])
        # a boundary between pixels 8k+7 and 8k+8 shows at difference 8k+7: offset 0
        phases.append([(int(k) + 1) % 8 for k in order])
    strongest = (phases[0][0], phases[1][0])
    pairings = {(oy, ox) for oy in phases[0] for ox in phases[1]} if stands_out else set()
    return strongest, pairings - {strongest}


def _dct_coefficients(y: np.ndarray, oy: int, ox: int, limit: int | None = 4000,
                      coefs: list[tuple[int, int]] = _JPEG_COEFS) -> np.ndarray:
    """The 8x8 DCT coefficients `coefs` [blocks, len(coefs)] of the level-shifted luma y [N, h, w], on the grid at
    (oy, ox); at most `limit` blocks, evenly spread (None: all)."""
    y = y[:, oy:, ox:]
    n, h, w = y.shape[0], y.shape[1] // 8, y.shape[2] // 8
    if h < 1 or w < 1:
        return np.zeros((0, len(coefs)))
    b = y[:, :h * 8, :w * 8].reshape(n, h, 8, w, 8).transpose(0, 1, 3, 2, 4).reshape(-1, 8, 8)
    if limit is not None and len(b) > limit:
        b = b[np.linspace(0, len(b) - 1, limit).astype(int)]
    d = np.einsum("ij,njk,lk->nil", _DCT8, b.astype(np.float64) - 128.0, _DCT8)
    return np.stack([d[:, u, v] for (u, v) in coefs], axis=1)


def _block_grids(size: tuple[int, int], place: tuple[int, int, int, int] | None = None) -> set[tuple[int, int]]:
    """The grids a JPEG's 8x8 blocks can lie on in an image of `size` (h, w): on each axis they start at the near edge
    or, in a JPEG turned or mirrored after decoding by its EXIF orientation (`open_photo` applies it), at the far edge
    (h % 8, w % 8). Where the image is a part of a bigger upright one (`place`: the part's top-left corner there and
    that image's size, (top, left, H, W); the photo inside a frame), the bigger one's grids too, from the part's
    corner: a frame saved in the same JPEG (review72: a noisy JPEG turned by orientation 6 read clean in a frame)."""
    h, w = size
    grids = {(oy, ox) for oy in (0, h % 8) for ox in (0, w % 8)}
    if place is not None:
        top, left, height, width = place
        grids |= {(oy, ox) for oy in (-top % 8, (height - top) % 8) for ox in (-left % 8, (width - left) % 8)}
    return grids


TURNED_BLOCKS = 1000  # blocks scored on each grid of a turned JPEG (of 4000): enough to tell a JPEG, a quarter the time


def _jpeg_luma(y: np.ndarray, size: tuple[int, int], place: tuple[int, int, int, int] | None = None
               ) -> tuple[np.ndarray, tuple[float, float, tuple[int, int]]]:
    """The luma crops y [N, h, w] of an image of `size` (corners on its 8x8 grid; `place`: see `_block_grids`) as its
    JPEG stored them, with their reading (`_jpeg_quality`). A JPEG shown turned by its EXIF orientation, which
    `open_photo` applies, has its blocks at the far edges (`_block_grids`), and turned a quarter (a portrait photo,
    orientation 6 or 8) its coefficient (u, v) where the quantisation table has (v, u): then the crops transposed.
    Tried only where the image's own grids find no JPEG. (qa72: a noisy photo of 404x302 at quality 60 read sigma 15
    upright, 0 with orientation 6: the noise drowns the block edges `_grid_offsets` looks for, and the quarter turn
    the table's steps.)"""
    upright = _jpeg_quality(y)
    if upright[0] >= JPEG_MIN_SCORE:
        return y, upright
    tried = {(0, 0), upright[2]}
    turned = None if place is None else (place[1], place[0], place[3], place[2])  # (the place, transposed)
    upright_but_flipped = y, _block_grids(size, place) - tried
    quarter_turned = y.transpose(0, 2, 1), _block_grids(size[::-1], turned)
    for crops, grids in (upright_but_flipped, quarter_turned):
        scores = _grid_scores(crops, sorted(grids), TURNED_BLOCKS)
        if scores and max(scores)[0] >= JPEG_MIN_SCORE:
            return crops, _jpeg_quality(crops, [max(scores)[3]])
    return y, upright


def _jpeg_quality(y: np.ndarray, grids: list[tuple[int, int]] | None = None) -> tuple[float, float, tuple[int, int]]:
    """(score 0-1, quality, grid offset): how well the DCT coefficients sit on the steps of one JPEG quality, and
    on which of the grids tried (the image's own, and those with the strongest block edges; or `grids`) they do.

    Each quality's IJG table gives a step per coefficient; the score is the length of the mean
    phasor exp(2 pi i c / step) (1: every coefficient on a multiple; near 0 for a photo that
    was never compressed on this grid or was resized since), less the same at steps 10%
    off (which a narrow spread of values, as in a nearly black photo, would score as well).
    Zeros are left out of the AC coefficients, so a coarser step than the true one scores
    low. The best score says whether there is a JPEG at all. Which quality: a photo quantised
    with steps S sits on multiples of S/2 as well, and after heavy compression (most values at
    ±S) the steps 10% off S still fit well enough to cut S's score below that of S/2, so among
    the qualities that score as a JPEG the one whose steps the values fit most closely (the
    phasor length alone) wins, the coarser on a tie within 0.02.
    """
    if grids is not None:
        found = _grid_scores(y, grids)
    else:
        strongest, runners_up = _grid_offsets(y)
        found = _grid_scores(y, sorted({(0, 0), strongest}))  # (score, fit, quality, grid)
        if not found or max(found)[0] < JPEG_MIN_SCORE:  # (only then: each grid costs a DCT of the crops)
            found += _grid_scores(y, sorted(runners_up - {(0, 0)}))
    if not found:
        return 0.0, 100.0, (0, 0)
    best = max(found)
    if best[0] < JPEG_MIN_SCORE:
        return best[0], 100.0, best[3]
    candidates = [(fit, q, grid) for score, fit, q, grid in found if score >= JPEG_MIN_SCORE]
    closest = max(fit for fit, _, _ in candidates)
    quality = min(q for fit, q, _ in candidates if fit >= closest - 0.02)  # lower quality: coarser steps
    return best[0], quality, max((fit, grid) for fit, q, grid in candidates if q == quality)[1]


def _grid_scores(y: np.ndarray, grids: list[tuple[int, int]], blocks: int = 4000
                 ) -> list[tuple[float, float, float, tuple[int, int]]]:
    """(score, fit, quality, grid) for each quality on each grid (`_jpeg_quality`), of at most `blocks` blocks."""
    found = []
    for oy, ox in grids:
        coef = _dct_coefficients(y, oy, ox, blocks)
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
        fit = np.where(den > 0, num / np.maximum(den, 1), 0.0)
        found += [(float(score[qi]), float(fit[qi]), float(q), (oy, ox)) for qi, q in enumerate(_QUALITIES)]
    return found


# Noise under a JPEG: the compression zeroes the high frequencies the Laplacian looks at (sigma 25 at
# quality 46 read 0), but the quantised coefficients still show it. Per 8x8 block, the sigma of a zero-mean
# Gaussian that best explains the block's quantised coefficients of frequency u + v = 2-5 (maximum likelihood over
# a grid); the least textured blocks (a low quantile) read the noise, texture only raises the others. Read where
# the analyzer finds a JPEG (`_read_under_jpeg`); mapped to the sigma of the noise before the compression by
# JPEG_NOISE_RAW -> JPEG_NOISE_SIGMA, none below the first point (what clean photos read).
#
# A JPEG of this quality or lower is read for noise under it. Above it (a camera's usual 95) the native estimate reads
# the noise (the colour's share put back where the colour was subsampled: SUBSAMPLED_CHROMA_GAIN): there film grain or
# fine texture alone reads as noisy under the JPEG (7 of 490 clean real JPEG files, none noisy natively; runs/an74),
# and the read, of the luma, reads luminance noise 1.4x (runs/jpeg75: sigma 10-30 at quality 95 4.61 off, natively 0.45)
JPEG_NOISE_QUALITY = 90
# The medians over 40 training photos (long side 384, synthesis's noise styles, JPEG severity 0.1-0.9): sigma 10,
# 15, 20, 25, 35, 50 read 5.8, 8.55, 10.15, 13.14, 18.31, 22.0; clean photos median 0.5, 95th percentile 6.3, where
# the map starts (`python scripts/jpeg_noise_fit.py --photos 40`: docs/analyzer.md, "Noise under a JPEG")
JPEG_NOISE_RAW = [6.3, 8.55, 10.15, 13.14, 18.31, 22.0]
JPEG_NOISE_SIGMA = [10.9, 15.0, 20.0, 25.0, 35.0, 50.0]
JPEG_NOISE_COEFS = [(u, v) for u in range(8) for v in range(8) if 2 <= u + v <= 5]
JPEG_NOISE_QUANTILE = 0.02
_S_GRID = np.exp(np.linspace(math.log(0.5), math.log(80.0), 60))
# Texture, not noise (helper research 52, runs/texture52; thresholds chosen on training photos): the flattest
# blocks' sigma falls off from u + v = 2-3 to 4-5 (at or below this ratio: natural texture fades with frequency,
# white noise does not) and the flattest 2% read well below the flattest 10% (at or below this: no common floor,
# which noise gives every block). Both: the read is withheld. On training photos it withheld 37 of 89 false reads
# of clean JPEGs (quality 50-90) and 1 of 1,123 noisy reads where that hurt (camera noise sigma 10 at quality
# 50); on held-out photos 4 of 8 false reads and none that hurt; scikit-image's gravel and grass (sigma 21.5 and
# 29.8 as JPEGs) read clean. Flat-spectrum textures (fur, reptile skin) still read as noise.
TEXTURE_BAND_RATIO = 0.78
TEXTURE_FLOOR_RATIO = 0.62


def jpeg_noise_raw(y: np.ndarray, quality: float, grid: tuple[int, int]) -> tuple[float, bool]:
    """The low-quantile maximum-likelihood sigma of the luma's quantised DCT coefficients, y [N, h, w] float, on
    the grid `_jpeg_quality` found that quality on; and whether the blocks read as texture rather than noise (see
    TEXTURE_BAND_RATIO)."""
    from scipy.special import ndtr

    q = _qtable(int(quality))
    steps = np.array([q[u, v] for u, v in JPEG_NOISE_COEFS])
    k = np.round(_dct_coefficients(y, *grid, None, JPEG_NOISE_COEFS) / steps)  # [blocks, coefs]
    if len(k) == 0:
        return 0.0, False
    ll = np.zeros((2, len(k), len(_S_GRID)))  # the log-likelihoods of u + v = 2-3 and of 4-5
    for j, ((u, v), step) in enumerate(zip(JPEG_NOISE_COEFS, steps)):  # each coefficient's few integer values,
        values, where = np.unique(k[:, j], return_inverse=True)  # their log-likelihoods looked up
        p = ndtr((values[:, None] + 0.5) * step / _S_GRID) - ndtr((values[:, None] - 0.5) * step / _S_GRID)
        ll[int(u + v >= 4)] += np.log(np.maximum(p, 1e-12))[where.ravel()]
    sigmas = _S_GRID[np.argmax(ll[0] + ll[1], axis=1)]
    raw = float(np.quantile(sigmas, JPEG_NOISE_QUANTILE))
    low, high = (float(np.quantile(_S_GRID[np.argmax(band, axis=1)], JPEG_NOISE_QUANTILE)) for band in ll)
    textured = high <= TEXTURE_BAND_RATIO * low and raw <= TEXTURE_FLOOR_RATIO * float(np.quantile(sigmas, 0.10))
    return raw, textured


def jpeg_noise_sigma(raw: float) -> float:
    """Sigma (0-255 scale) of the noise before the compression, from `jpeg_noise_raw`; 0 at what clean photos read."""
    if raw < JPEG_NOISE_RAW[0]:
        return 0.0
    slope = (JPEG_NOISE_SIGMA[-1] - JPEG_NOISE_SIGMA[-2]) / (JPEG_NOISE_RAW[-1] - JPEG_NOISE_RAW[-2])
    return float(np.interp(raw, JPEG_NOISE_RAW, JPEG_NOISE_SIGMA) + max(0.0, raw - JPEG_NOISE_RAW[-1]) * slope)


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


def _colour_spread(small: np.ndarray) -> float:
    """The standard deviation (0-255 scale) of each pixel's (R - G, G - B) of the small copy along their major axis:
    nil for a grey photo."""
    c = np.stack([small[..., 0] - small[..., 1], small[..., 1] - small[..., 2]], -1).reshape(-1, 2).astype(np.float64)
    return float(np.sqrt(max(0.0, np.linalg.eigvalsh(np.cov(c.T))[-1]))) if len(c) >= 2 else 0.0


def _levels(crops: np.ndarray) -> dict[str, float]:
    """The levels in use (each holding at least 0.05% of the pixels) of the uint8 crops [N, h, w, 3]: the median step
    between them, the smallest of the channels' ("level_step"; 1 for a photo, more for a posterized one), and the
    brightest of them, 0-255 ("top_level")."""
    steps, top = [], 0
    for c in range(3):
        count = np.bincount(crops[..., c].ravel(), minlength=256)
        used = np.flatnonzero(count >= max(1.0, 0.0005 * count.sum()))
        steps.append(float(np.median(np.diff(used))) if len(used) > 1 else 1.0)
        top = max(top, int(used[-1]) if len(used) else 0)
    return {"level_step": min(steps), "top_level": float(top)}


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
    f["colour_spread"] = _colour_spread(small)
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
# The rain detector was fitted on photos 451 to 1024 pixels long. A thumbnail's scene detail (window bars, twigs, letter
# strokes) is as many times finer as the photo was shrunk, and reads as the thin bright ridges of rain (qa62 F02: 39 of
# data/photos' 71 clean photos read rainy at 64 px, 4 at 256, none from 384). A photo shorter than RAIN_SIDE is measured
# for rain on a copy enlarged to it, where its detail is about as coarse as in those photos, but at most RAIN_ZOOM times:
# enlarged more, the thin streaks of rain drawn at the photo's own size grow too wide to be ridges (at 64 px, synthetic
# rain found on 33 of 61 held-out photos at 3x, 22 at 6x; clean photos read rainy 2 and 0 of 61, 33 before).
# Only the rain detector reads the enlarged ridges (the others were fitted on, and read, the photo's own): they are
# kept beside the native ones under this prefix.
RAIN_SIDE = 384
RAIN_ZOOM = 3.0
ENLARGED = "enlarged_"


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
    pos, neg, sym = (np.zeros(na) for _ in range(3))
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


def _luma_tensor(y: np.ndarray) -> torch.Tensor:
    """The luma crops y [N, h, w] as a float tensor [N, 1, h, w]."""
    return torch.from_numpy(np.ascontiguousarray(y, dtype=np.float32))[:, None]


def _local_features(y: np.ndarray, sigma_luma: float) -> dict[str, float]:
    """Rain and blur measurements on the native-resolution luma crops y [N, h, w] (0-255)."""
    n2 = sigma_luma ** 2
    t = _luma_tensor(y)
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


def _flat_share(crops: np.ndarray) -> float:
    """The share of the crops' pixels [N, h, w, 3] (uint8) whose 3x3 neighbourhood is exactly one colour: most of a
    drawn page (a screenshot, a drawing), a few % of a photo (its clipped parts)."""
    t = torch.from_numpy(np.array(crops, dtype=np.float32)).permute(0, 3, 1, 2)
    if min(t.shape[-2:]) < 3:
        return 0.0
    spread = F.max_pool2d(t, 3, 1) + F.max_pool2d(-t, 3, 1)  # max - min of each 3x3 neighbourhood
    return float((spread.amax(1) == 0).float().mean())


def _colour_count(crops: np.ndarray) -> float:
    """The number of distinct colours in the crops [N, h, w, 3] (uint8): thousands in a photo, at most 256 in a GIF."""
    c = crops.reshape(-1, 3).astype(np.int32)
    return float(len(np.unique(c[:, 0] << 16 | c[:, 1] << 8 | c[:, 2])))


# --- the measurements --------------------------------------------------------------------------

def features(a: np.ndarray, place: tuple[int, int, int, int] | None = None) -> dict[str, float]:
    """Every measurement the severities are computed from, for an RGB uint8 array [H, W, 3] (`place`: where it lies in
    the upright image it is a part of, see `_block_grids`; None: it is all of it)."""
    crops = _crops(a)
    x = crops.astype(np.float32)
    x = np.concatenate([x, (x @ LUMA)[..., None]], axis=-1)  # R, G, B, luma
    f = _noise_sigma(x)
    chroma_raw = chroma_noise_raw(x)
    f["sigma_chroma"] = chroma_noise_sigma(chroma_raw)
    f["sigma"] = with_chroma(with_subsampled_chroma(f, x, chroma_raw), f["sigma_chroma"])
    sigma, sigma_luma = f["sigma"], f["sigma_luma"]
    # read only where the luma is noiseless (fix68a: ~1% of analyze); elsewhere the sigma, which fails the 2x2 bound
    f["luma_noise_raw"] = luma_noise_raw(x) if _luma_noiseless(f) else sigma
    f["log_sigma"] = math.log(sigma + 1)
    luma, (f["jpeg_score"], f["jpeg_quality"], grid) = _jpeg_luma(x[..., 3], a.shape[:2], place)
    f["sigma_jpeg"] = 0.0  # (not among what the fitted detectors read: they read "sigma")
    if _read_under_jpeg(f):
        try:  # a failure here must not blank the whole analysis, the JPEG's own finding with it
            raw, textured = jpeg_noise_raw(luma, f["jpeg_quality"], grid)
            f["sigma_jpeg"] = 0.0 if textured else jpeg_noise_sigma(raw)
        except Exception:
            log.exception("analyzer: the noise read under a JPEG failed")
    f.update(_global_features(_small(a), sigma))
    f["log_p99_max_native"] = math.log(float(_srgb_to_linear(np.percentile(crops.max(-1), 99) / 255.0)) + 1e-4)
    f["flat_share"] = _flat_share(crops)
    f["colours"] = _colour_count(crops)
    f.update(_levels(crops))
    f.update(_local_features(x[..., 3], sigma_luma))
    zoom = min(RAIN_SIDE / max(a.shape[:2]), RAIN_ZOOM)
    if zoom > 1:  # a thumbnail (so a single crop): the rain detector reads its ridges enlarged, see RAIN_SIDE
        t = _luma_tensor(x[..., 3])
        enlarged = F.interpolate(t, size=(round(t.shape[-2] * zoom), round(t.shape[-1] * zoom)), mode="bicubic",
                                 align_corners=False)
        f.update({ENLARGED + k: v for k, v in _rain_features(enlarged).items()})
    return f


def _read_under_jpeg(f: dict[str, float]) -> bool:
    """Whether the noise is read under the JPEG found (see JPEG_NOISE_QUALITY)."""
    return f["jpeg_score"] >= JPEG_MIN_SCORE and f["jpeg_quality"] <= JPEG_NOISE_QUALITY


# --- from measurements to severities -----------------------------------------------------------

JPEG_MIN_SCORE = 0.2  # below this the DCT coefficients show no JPEG quantisation on the 8x8 grid
MODELLED = ("rain", "low_light", "blur", "haze")
# A modelled kind is found at this probability. Chosen on the training photos: from 0.5 to 0.6
# the F1s barely move (rain 0.976 -> 0.976, low_light 0.960 -> 0.959, blur 0.951 -> 0.946,
# haze 0.946 -> 0.946) while false findings on clean photos drop from 35 to 25 of 474.
DETECT_PROBABILITY = 0.6
# Where noise is found, haze needs more. With haze + noise in the fit, haze under noise is found
# far more often (fitted on half the training photos, on the other half's hazy, noisy images: 191
# of 228 at 0.6, 169 at 0.9, 77 as fitted without that case), but a noisy photo low in contrast
# by nature then reads as hazy, and dehazing costs it many dB. 0.9 is the lowest of 0.6-0.9 at
# which none of those photos with Gaussian noise of sigma 15, 25 or 50 read as hazy
# (docs/analyzer.md, "Haze under noise").
DETECT_PROBABILITY_WITH_NOISE = {"haze": 0.9}

# A photo whose darkest 1% (its min_p1, after clipped noise is undone) is this light, whose local
# contrast is this flat and whose mean is at least this bright is not dim but faded: an old print's
# blacks are lifted and its tones squashed towards mid-grey. The low_light detector, fitted on no
# such photo, read faded prints as dim (a faded, grainy print of a crowd brightened 20.97 -> 14.37
# dB from its original, qa54b F03; with local contrast 0.10, it reads dim still), and fitting faded
# prints in as negatives cost it dim photos (docs/analyzer.md, "Faded prints"). Chosen on the
# training images the detector reads as dim (`scripts/analyzer_report.py faded`): it clears 160 of
# 253 faded prints and loses 2 of 973 dim photos and 7 of 168 dim pages of text (lifted blacks
# alone: 216 prints, but 6 photos and 110 pages, whose thin strokes are grey on the small copy;
# without the mean, dark photos with lifted blacks had stopped reading dim: review 55b).
LIFTED_BLACKS, FLAT_LOCAL_CONTRAST, FADED_BRIGHTNESS = 0.08, 0.09, 0.25


def faded(f: dict[str, float]) -> bool:
    """Whether the measurements are a faded print's (see LIFTED_BLACKS)."""
    return f["min_p1"] >= LIFTED_BLACKS and f["local_contrast"] < FLAT_LOCAL_CONTRAST and f["mean"] >= FADED_BRIGHTNESS


# A photo whose brightest 1% reaches full scale was not under-exposed: an exposure cut, which is what the low_light
# detector learnt from (synthesis keeps at most 70% of the light), leaves nothing there, and brightening the photo
# clips what is already clipped. A night sky with stars and lit windows (qa65 F04: mean 5.7%, its lights at full scale)
# read "slightly dim" and *restore* lifted its black to navy-grey (24.96 dB against the upload; with noise of sigma
# 10 it came out worse than the noisy upload). Linear light, the 99th percentile of each pixel's brightest channel.
FULL_SCALE = 0.95


# A posterized photo (a GIF, an 8-colour export: few levels, far apart) keeps in each level what lay up to the next
# one, so its brightest level stands short of full scale by up to one step (3 bits, truncated: white at 224), which the
# detector read as an exposure cut (qa66 F03: a banded astronaut read "slightly dim" and *restore* took it from 23.72 to
# 19.44 dB against the original). Its highlights reach full scale if that level and one step do. A photo's levels are
# posterized at POSTERIZED_STEP apart (the median step between levels in use, in every channel; a photo 1, a dark
# one too, 3 bits 32).
POSTERIZED_STEP = 8


# The small copy averages thin lights (a dark-mode screenshot's white letters, stars) below full scale: where no noise
# is found, the brightest 1% of the native-resolution crops is read too (qa65 F02: light text on a dark page, mean
# 9.4%, 2% of its pixels at full scale, had read "slightly dim", its small copy's brightest 1% at 0.75). Not under
# noise: noise alone lifts a dim photo's brightest native pixels to full scale, and the small copy averages it away.
# On 147 training photos' synthetic low light with no noise found, the native brightest 1% is at most 218 of 255.
def lit_to_full_scale(f: dict[str, float], noisy: bool = False) -> bool:
    """Whether the photo's brightest 1% reaches full scale (see FULL_SCALE), or its brightest level would but for
    posterizing (see POSTERIZED_STEP): dark on purpose, or banded, not dim."""
    step = f.get("level_step", 1.0)
    if step >= POSTERIZED_STEP and _srgb_to_linear((f["top_level"] + step) / 255) >= FULL_SCALE:
        return True
    native = -math.inf if noisy else f.get("log_p99_max_native", -math.inf)
    return max(f["log_p99_max"], native) >= math.log(FULL_SCALE)


# Rain falls over a scene: between its streaks lies the photo, textured and grainy. A drawn page (a screenshot, a
# drawing) is exactly one colour over most of its area, and its letters and lines are thin ridges that read as rain
# (qa65 F02: light text on a dark page, rain 0.61; F03: black lines on white, "heavy rain" 0.79). Rain is not read
# where at least DRAWN_SHARE of the pixels have a 3x3 neighbourhood of exactly one colour (`flat_share`): 0.69 and
# 0.79 there. Saved as a JPEG (quality 40-95) or halved, a page stays exactly flat in the blocks no letter crosses:
# 0.33-0.37 of a screenshot, 0.48-0.53 of a drawing, 0.44 or more halved; rainy images of 209 training and held-out
# photos, as they are and as JPEGs of quality 40-95, at most 0.27 (their clipped parts, and whole blocks a JPEG
# flattened). A tolerance does not tell them apart: within 2 levels, smooth rainy photos reach 0.64, pages at q75 0.36.
DRAWN_SHARE = 0.3


def drawn(f: dict[str, float]) -> bool:
    """Whether the measurements are a drawn page's, not a photo's (see DRAWN_SHARE)."""
    return f.get("flat_share", 0.0) >= DRAWN_SHARE


def drawn_pixels(a: np.ndarray) -> bool:
    """`drawn` of an RGB uint8 array [H, W, 3], measuring its flat share alone (as `features` does)."""
    return drawn({"flat_share": _flat_share(_crops(a))})


# A palette image (a GIF, a web-palette PNG: at most 256 colours) is mostly dithered: its missing colours are mixed
# from dots of those it has, which read as noise, and as blur and haze to detectors fitted on Gaussian noise (qa68 F01:
# the Bridge wallpaper on Pillow's web palette, 56 colours, read "extremely blurry and foggy and has heavy noise" and
# *restore* took it from 22.04 to 19.23 dB against the photo; told of its noise alone, to 31.61 dB).
# The dots are read as the noise they look like, rain and dimness as on a noiseless photo, blur and haze not at all.
# The dots are sharp whatever lies under them (skimage's rocket still read "very blurry"), and telling the network of
# a blur that is there gained at most 0.08 dB (coffee, astronaut, rocket blurred at 0.3 and 0.6, then dithered). Haze
# read so follows the photo's own reading, false ones included (QA 68 F02: Bridge, greentock, Wood), and with the
# dots' noise its words cost those 16-19 dB, where a true one gained 11-13 (coffee, astronaut hazed at 0.4-0.7): not
# read, a restore makes no dithered photo worse (as with DETECT_PROBABILITY_WITH_NOISE). In black and white (two
# colours) the dots are all there is, and nothing else is read. A grey photo has at most 256 colours by nature: it is
# a palette image at GREY_PALETTE_COLOURS at most (4 bits, 1 bit).
PALETTE_COLOURS, GREY_PALETTE_COLOURS = 256, 16
_NOISE_MEASUREMENTS = ("sigma", "sigma_luma", "log_sigma")


# The dots' error against the photo is set by the palette's step between levels ("level_step", 51 on the web palette),
# not by what the noise measurements make of them: on the web palette it is 16.8-22.1 (RMS, 0-255) over 71 photos of
# data/photos at 320 and 480 px, where the sigma measured ranges 14.9-53.5 (runs/fix69i/measure/ratio.py). Told 16 or
# 20 the network restored 4 of them (Bridge, greentock, GreenMeadow, astronaut; 320 px) within 0.2 dB of each other and
# 0-2.5 dB better than told the sigma measured, 12 or 28 worse: it is told DITHER_GAIN x the step, 17.85 on the web
# palette (runs/fix69i/measure/sweep.py; 8 other photos at 320 and 480 px gained 0.08-1.51 dB, psnr.py).
# An adaptive palette's levels are uneven (a median step of 1-14 per channel, 16-256 colours), and the step says
# nothing of its dots: told DITHER_GAIN x the step, floored at noise found (5), a noisy photo (sigma 20) on a dithered
# 64-colour palette was told 5 where its noise measures 17-19, and restored 1.8 dB worse (runs/dither70). Where the
# step gives less than noise found, the sigma is the one measured.
DITHER_GAIN = 0.35


def dither(f: dict[str, float]) -> str:
    """"palette" or "black and white" where the noise measured is a palette image's dither (see PALETTE_COLOURS),
    else ""."""
    noisy = _measured_sigma(f) / MAX_SIGMA >= captions.DETECTED
    if not noisy or f.get("colours", math.inf) > (GREY_PALETTE_COLOURS if _colourless(f) else PALETTE_COLOURS):
        return ""
    return "black and white" if f["colours"] <= 2 else "palette"


# The network takes how much to do from the level words, and its idea of a level is not always
# synthesis's: with noise present it brightens a dark photo too little for its true level. A
# kind's severity is shifted by this much before it becomes words, for every photo where it is
# found ("kind") or where noise is found too ("kind+noise"); chosen through the network's PSNR on
# training photos by scripts/level_words.py, which writes them.
WORD_SHIFTS = {
    "low_light+noise": 0.12,
}


def jpeg_severity(score: float, quality: float) -> float:
    """Severity on degrade's scale (quality 70 -> 0, quality 10 -> 1) of a detected JPEG."""
    if score < JPEG_MIN_SCORE:
        return 0.0
    return float(np.clip((MAX_JPEG_QUALITY - quality) / (MAX_JPEG_QUALITY - MIN_JPEG_QUALITY), 0.0, 1.0))


# Logistic detectors and linear severity models on the standardised measurements, for the kinds
# with no direct physical read-out. Fitted on 4,862 synthetic degradations of the 442 training
# photos (CBSD432 and data/photos, part="train": every single kind, the low_light + noise, rain +
# noise and haze + noise mixtures, clean photos and one random mixture from data.MIXTURES per
# photo, severities uniform in 0.1-1) and 880 of 80 rendered pages of text; L2-regularised (C = 1),
# severity by ridge regression on the images where the kind is present. The haze models were fitted again at stop
# 53 with haze + JPEG among the cases (5,304 images and 960 of pages; a JPEG had hidden the haze from them), on
# the others' standardisation, the other kinds' models kept (theirs, the standardisation and the noise constants are commit c62adca's fit).
# Reproduce with:
#   python scripts/analyzer_report.py features -o runs/analyzer/train.pkl --documents 0
#   python scripts/analyzer_report.py features -o runs/analyzer/docs.pkl --no-photos
#   python scripts/analyzer_report.py fit runs/analyzer/train.pkl runs/analyzer/docs.pkl --kinds haze --write
# BEGIN FITTED (scripts/analyzer_report.py fit --write; do not edit by hand)
NOISE_GAIN_COLOUR = 1.358
NOISE_GAIN_LUMA = 1.381
NOISE_GAIN_SPREAD = -1.567
NOISE_FLOOR = 15.374
_MODELS = json.loads('''
{"features": ["sigma", "sigma_luma", "log_sigma", "mean", "log_mean_lin", "log_p50_max", "log_p90_max", "log_p99_max", "log_p99.9_max", "log_p10_luma", "dark_frac", "dc_p50", "dc_p90", "dc_p10", "contrast", "range", "min_p1", "saturation", "dc_ratio", "local_contrast", "r_peak", "r_far", "r_ratio", "r_ratio_far", "r_spread", "r_vert", "t_peak", "t_vpeak", "t_far", "grad_aniso", "g99", "blur_12", "blur_24", "log_e1", "log_e4", "jpeg_sev"], "mean": [11.182685, 8.267928, 1.366325, 0.460191, -1.765784, -1.78073, -0.959618, -0.628436, -0.521771, -3.335187, 0.034641, 0.257098, 0.420668, 0.165967, 0.359232, 0.554879, 0.167181, 0.274447, 0.288617, 0.111556, 4.747006, 3.781755, 0.484318, 0.200093, 0.47748, 0.177502, 5.933154, 5.226147, 4.079417, 0.359821, 4.327985, -0.255227, -0.105112, 5.480262, 5.840601, 0.051884], "scale": [15.441279, 11.86207, 1.596298, 0.229252, 1.234209, 1.383732, 1.059638, 0.926714, 0.876611, 2.048905, 0.104226, 0.231972, 0.264718, 0.208015, 0.213403, 0.236679, 0.209008, 0.177004, 0.24159, 0.062509, 7.356518, 7.33967, 0.760452, 0.64422, 0.222885, 0.720234, 7.55277, 7.784289, 7.272636, 0.142138, 0.749835, 0.797758, 0.609804, 1.9079, 1.461447, 0.179473], "rain": {"detect": [-0.48814, 0.62487, -0.18905, 0.58981, 0.06282, -0.81059, 1.1941, -0.14881, -1.07623, 0.26946, 0.66816, 0.73949, -0.88605, -0.04223, -0.27398, 1.42138, 0.57813, 0.05366, -0.86287, -0.5198, 0.68535, 3.02118, -0.36282, -0.03711, 1.27274, 0.90207, -0.91477, 0.64311, 1.88848, 0.1281, 1.4936, -0.12261, 0.78547, 0.21427, 0.01892, -1.88195], "detect_bias": -3.78874, "severity": [0.003, -0.04573, 0.0268, 0.13315, 0.0314, -0.03567, 0.07054, -0.02009, -0.25425, 0.10689, 0.09177, 0.05451, -0.03079, 0.06261, -0.10318, 0.08232, -0.01521, -0.01855, -0.0986, 0.09873, -0.12289, 0.15101, 0.04939, 0.02515, 0.19258, -0.00794, -0.03537, 0.00642, -0.01967, 0.03166, 0.19543, -0.00204, 0.01103, 0.02812, 0.03322, -0.05517], "severity_bias": 0.01167}, "low_light": {"detect": [-0.14803, -0.27056, 0.44066, -0.13119, -1.79913, 1.53493, 0.08995, -0.51113, -6.50159, 0.59028, 0.80799, -1.56357, 0.22574, 0.17863, 1.45239, 0.18119, 0.14316, -0.72522, -0.0988, -0.11427, 0.39467, -1.1235, -0.44105, 0.38131, -0.5133, 0.01088, 0.46537, 0.47604, -0.94692, -0.1644, 1.30608, -0.11368, 0.23588, 0.08906, 0.0799, -0.58514], "detect_bias": -2.5039, "severity": [0.06013, -0.02957, 0.00036, 0.05749, -0.0067, 0.01212, -0.01758, 0.11719, -0.34621, -0.01946, -0.01632, 0.00677, -0.02534, -0.02091, 0.03198, -0.02784, -5e-05, -0.02895, -0.02531, -0.00962, -0.01234, -0.00551, 0.01334, -0.00018, 0.00231, 0.00234, -0.03922, 0.03887, 0.0036, -0.00425, 0.0247, 0.00384, -0.00565, -0.00266, -0.00321, 0.01001], "severity_bias": 0.13453}, "blur": {"detect": [1.83332, -0.19283, -1.06499, 0.11177, -0.91957, -0.95973, -0.37195, -0.01148, 2.32649, -0.64399, -1.00219, -0.84638, 0.85718, -0.97764, -0.77997, -0.00267, 0.37503, 0.16019, 0.6149, -1.13253, -1.81045, -2.57547, 0.33418, -0.15491, 1.8031, -0.12943, 1.54351, 0.89735, -0.92322, 0.74604, -5.06238, -1.18063, -2.00006, 1.74461, 3.75658, -1.92812], "detect_bias": -7.55343, "severity": [0.16347, 0.07348, -0.03728, 0.17073, -0.13044, -0.00889, 0.03711, -0.13724, 0.13304, 0.03057, -0.04856, 0.03331, -0.03295, -0.18079, 0.04309, 0.01317, 0.16407, -0.03417, -0.06403, -0.03862, -0.0776, -0.01939, -0.01742, 0.01353, -0.00831, 0.00986, 0.04185, -0.06833, 0.06372, 0.06034, -0.30002, 0.02766, -0.11596, 0.04245, 0.0887, -0.0], "severity_bias": 0.10273}, "haze": {"detect": [1.32873, -1.28838, -0.08218, -5.14846, 1.66995, 1.63024, 1.32461, -0.23044, 0.26459, -0.38097, -0.5871, 0.21996, -0.17901, 2.89264, -0.96092, 0.79072, 1.57325, -1.03779, -0.13023, -2.14779, 0.44596, 0.41897, 0.84534, -0.36073, 0.32156, 0.05962, -2.98351, -0.90999, 0.8863, -0.50277, 1.58272, 0.14453, -0.16943, -0.55182, -0.72859, 0.19626], "detect_bias": -4.86995, "severity": [0.16318, -0.10193, -0.00925, -0.19332, 0.11539, 0.00542, 0.06396, 0.00587, -0.30673, -0.00727, -0.00054, 0.20493, -0.02539, 0.06095, 0.12741, 0.0325, 0.14807, 0.02862, 0.0722, 0.04479, 0.05342, -0.04049, 0.05054, -0.01487, 0.01508, -0.00096, -0.17707, -0.01447, 0.14039, -0.01131, -0.01078, 0.00491, 0.00921, -0.03109, -0.04712, 0.00426], "severity_bias": 0.24166}}
''')
# END FITTED


def _standardised(f: dict[str, float]) -> np.ndarray:
    g = dict(f, jpeg_sev=jpeg_severity(f["jpeg_score"], f["jpeg_quality"]))
    x = np.array([g.get(n, 0.0) for n in _MODELS["features"]], dtype=np.float64)
    z = (x - np.array(_MODELS["mean"])) / np.array(_MODELS["scale"])
    return np.clip(np.nan_to_num(z), -8, 8)  # an odd photo must not push a model far outside its data


def _rain_read(f: dict[str, float]) -> dict[str, float]:
    """The measurements the rain detector reads: the ridges of the enlarged copy where a thumbnail has one."""
    return {**f, **{k[len(ENLARGED):]: v for k, v in f.items() if k.startswith(ENLARGED)}}


def _model(kind: str, z: np.ndarray) -> tuple[float, float]:
    """The detector's probability and the severity model's estimate (0-1) for one kind."""
    m = _MODELS[kind]
    p = 1 / (1 + math.exp(-float(np.dot(m["detect"], z) + m["detect_bias"])))
    return p, float(np.clip(np.dot(m["severity"], z) + m["severity_bias"], 0.0, 1.0))


# A grey photo (a black-and-white print, a scan) has no colours of its own, and its nil saturation is what the haze
# detector, fitted on colour photos, reads as haze washing the colours out (qa64 F01: data/photos' clean thumbnails,
# 192-320 px, read hazy 3 of 71 times in colour, 12 as grey copies, and *restore* dehazed them, 10 dB worse). A photo
# whose colours spread less than GREY_SPREAD (standard deviation of (R - G, G - B) along their major axis, 0-255 scale;
# 0 for a grey photo, 3.0 or more for data/photos' colour ones, 2.9 or more hazy) is read for haze with the fit's mean
# saturation: by its brightness, contrast and dark channel alone (docs/analyzer.md, "A grey photo").
GREY_SPREAD = 1.0


def _colourless(f: dict[str, float]) -> bool:
    """Whether the measurements are a grey photo's: its colours spread less than GREY_SPREAD (nearly grey counts
    too, where `PhotoForm.grey` is R = G = B exactly)."""
    return f.get("colour_spread", math.inf) < GREY_SPREAD


def _haze_read(f: dict[str, float]) -> dict[str, float]:
    """The measurements the haze detector reads: a grey photo's with the fit's mean saturation (see GREY_SPREAD)."""
    return {**f, "saturation": _MODELS["mean"][_MODELS["features"].index("saturation")]} if _colourless(f) else f


def detector(kind: str, f: dict[str, float]) -> tuple[float, float]:
    """A modelled kind's probability and severity from the measurements, before WORD_SHIFTS."""
    return _model(kind, _standardised(_rain_read(f) if kind == "rain" else _haze_read(f) if kind == "haze" else f))


def noise_sigma(f: dict[str, float]) -> float:
    """The photo's noise sigma: as measured, or as read under a JPEG where that is more; none on a drawn page, whose
    exactly flat part shows none, where the rest, letters and lines and a JPEG's ringing around them, read as noise
    (qa65 F03's drawing as a JPEG: sigma 70, "severe noise")."""
    if dither(f) == "palette" and DITHER_GAIN * f["level_step"] >= captions.DETECTED * MAX_SIGMA:
        return DITHER_GAIN * f["level_step"]  # the dots' own amplitude on an even palette (see DITHER_GAIN)
    return _measured_sigma(f)


def _measured_sigma(f: dict[str, float]) -> float:
    return 0.0 if drawn(f) else max(f["sigma"], f.get("sigma_jpeg", 0.0))


def severities(f: dict[str, float]) -> dict[str, float]:
    """Every kind's severity (0-1) from the measurements of `features`."""
    sev = {k: 0.0 for k in KINDS}
    sev["noise"] = float(min(1.0, noise_sigma(f) / MAX_SIGMA))
    sev["jpeg"] = jpeg_severity(f["jpeg_score"], f["jpeg_quality"])
    if _MODELS is None:
        return sev
    noisy = sev["noise"] >= captions.DETECTED
    dots = dither(f)
    if dots:  # the dots are the noise: rain and dimness are read as on a noiseless photo (see PALETTE_COLOURS)
        f, noisy = {**f, **dict.fromkeys(_NOISE_MEASUREMENTS, 0.0)}, False
    for kind in MODELLED:
        p, s = detector(kind, f)
        if dots and (kind in ("blur", "haze") or dots == "black and white"):
            p = 0.0  # what the dots hide (see PALETTE_COLOURS)
        if kind == "low_light" and (faded(f) or lit_to_full_scale(f, noisy)):
            p = 0.0  # faded, or dark on purpose: not dim
        if kind == "rain" and drawn(f):
            p = 0.0  # letters or lines on a drawn page, not streaks of rain
        sev[kind] = found_severity(p, s, threshold(kind, noisy))
    return shift_for_words(sev)


def threshold(kind: str, noisy: bool) -> float:
    """The probability at which a modelled kind is found, with or without noise found."""
    return DETECT_PROBABILITY_WITH_NOISE.get(kind, DETECT_PROBABILITY) if noisy else DETECT_PROBABILITY


def found_severity(p: float, s: float, at: float = DETECT_PROBABILITY) -> float:
    """A modelled kind's severity from its detector's probability and severity estimate."""
    # found (p >= at): at least DETECTED; not found: below it, shrinking with the detector's doubt
    return max(s, captions.DETECTED) if p >= at else min(s, 0.099) * p / at


def shift_for_words(sev: dict[str, float], shifts: dict[str, float] = WORD_SHIFTS) -> dict[str, float]:
    """`sev` with the found kinds shifted as `shifts` says (see WORD_SHIFTS)."""
    sev = dict(sev)
    for key, shift in shifts.items():
        kind, _, together = key.partition("+")
        if sev[kind] >= captions.DETECTED and (not together or sev[together] >= captions.DETECTED):
            sev[kind] = float(np.clip(sev[kind] + shift, captions.DETECTED, 1.0))
    return sev


def for_words(sev: dict[str, float], sigma: float) -> dict[str, float]:
    """The found kinds as `captions.describe` should put them: noise by its measured sigma."""
    found = {k: s for k, s in sev.items() if s >= captions.DETECTED}
    if "noise" in found:  # words and number from the measured sigma, even above 50
        found["noise"] = max(found["noise"], sigma / MAX_SIGMA)
    return found


# --- a frame around the photo ------------------------------------------------------------------

# A photo inside a uniform frame (a print's white border, a phone screenshot's margins and bars, letterbox bars, a
# scan's margins) is measured inside it: the frame had made a dark photo read "fine" (its white margins lifted the
# brightness) and its hard edges read as blur or JPEG blocking (qa54b F01). A margin is a run of lines (rows or
# columns, outermost first) each nearly one colour, up to a line where the photo starts sharply; the frame is
# trimmed only where such margins of one colour lie on two opposite sides at least and the photo's first line steps
# from them along nearly all of it (a clear or clipped sky, a black night sky or a white backdrop rarely ends so at
# both ends of the photo), and it leaves the photo a fair share of the area. 0 of 523 natural photos are trimmed
# (data/photos, CBSD432, scikit-image's; docs/analyzer.md, "A photo inside a frame").
FRAME_TOL = 12  # a margin pixel is within this of its line's median colour (each channel, 0-255): JPEG or scan noise
FRAME_FLAT = 0.6  # share of a margin line's pixels that must be so (the rest: UI text, a date printed on the margin)
FRAME_EDGE = 0.8  # the photo's first line differs from the margin colour by more than FRAME_TOL in this share at least
FRAME_EDGE_PEEL = 0.5  # the same while peeling, where the line still has the margins of the sides not yet trimmed
FRAME_STEP = 24  # and its mean colour by this much at least (a sky fading into a clipped one has no such step)
FRAME_LOOK = 3  # lines after the last flat one where that first line may be (JPEG ringing along the edge)
FRAME_MIN = 4  # a margin narrower than this (pixels) is no frame
FRAME_KEEP = 0.2  # the photo inside keeps at least this share of the image's area
FRAME_SIDE = 1024  # the frame is looked for on a box-filtered copy at most this long


def _edge(line: np.ndarray, colour: np.ndarray, share: float = FRAME_EDGE) -> bool:
    """Whether `line` [L, 3] is the photo's first line after a margin of `colour`: a sharp step along `share` of it."""
    diff = np.abs(line - colour)
    return bool((diff.max(-1) > FRAME_TOL).mean() >= share and np.abs(line.mean(0) - colour).max() >= FRAME_STEP)


def _margin(lines: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """Where the photo may start after a margin in `lines` [n, L, 3] (outermost first): (depth, colour of the margin
    next to it) for every sharp edge after margin lines, outermost first; [] if there is none.

    A margin line is nearly one colour (FRAME_FLAT of it within FRAME_TOL of its median; the rest may be UI text), the
    colour of the first line of its layer: a screenshot's bar and margin are two layers, a sky that fades is none. A
    step to a new layer is an edge too (the photo's own edge may be dark and flat, inside a white border).
    """
    # measured in chunks from the outside in, as far as the margin goes (most photos: its first line is not flat)
    med, flat = np.zeros((0, 3)), np.zeros(0, dtype=bool)
    while len(flat) < len(lines) and (flat.all() or len(flat) - np.argmin(flat) <= FRAME_LOOK + 1):
        chunk = lines[len(flat):len(flat) + max(8, len(flat))]
        m = np.median(chunk, axis=1)  # [c, 3]
        med = np.concatenate([med, m])
        flat = np.concatenate([flat, (np.abs(chunk - m[:, None]).max(-1) <= FRAME_TOL).mean(1) >= FRAME_FLAT])
    out, start, d = [], 0, 0
    while d < len(flat) and flat[d]:  # (as far as measured: review 54b's IndexError)
        if d and np.abs(med[d] - med[start]).max() > FRAME_TOL:
            # a new layer, of a colour a step away, from here or within FRAME_LOOK lines (a resized screenshot's
            # bar fades into its margin over a line or two); else the colour drifts, and no frame's layer does
            new = [e for e in range(d, min(d + FRAME_LOOK + 1, len(flat) - 1)) if flat[e] and flat[e + 1]
                   and np.abs(med[e] - med[start]).max() >= FRAME_STEP and np.abs(med[e + 1] - med[e]).max() <= FRAME_TOL]
            if not new or not _edge(lines[d], med[start], FRAME_EDGE_PEEL):
                break
            out.append((d, med[start]))
            start = d = new[0]
        d += 1
    if 0 < d < len(lines):
        for e in range(d, min(d + FRAME_LOOK + 1, len(lines))):
            if _edge(lines[e], med[d - 1], FRAME_EDGE_PEEL):
                out.append((e, med[d - 1]))
                break
    return out


def _alike(c1: np.ndarray, c2: np.ndarray) -> bool:
    """Whether two margins are of one frame's colour: within FRAME_TOL, as a margin line's pixels are. (Within twice
    that, a screenshot's grey title bar, 230, and its white page, two layers FRAME_STEP apart, read alike once saved
    as a JPEG: the text block between them was taken for a photo, and read noise and rain, fix67d.)"""
    return bool(np.abs(c1 - c2).max() <= FRAME_TOL)


def frame_box(a: np.ndarray) -> tuple[int, int, int, int] | None:
    """The photo inside a uniform frame of the RGB uint8 array `a` [H, W, 3], as PIL's box (left, top, right,
    bottom), or None where there is no frame (see FRAME_TOL and what follows)."""
    h, w = a.shape[:2]
    if a.ndim != 3 or min(h, w) < MIN_SIDE:
        return None
    k = max(1, math.ceil(max(h, w) / FRAME_SIDE))
    b = np.asarray(Image.fromarray(a).reduce(k), dtype=np.int16) if k > 1 else a.astype(np.int16)
    box = [0, 0, b.shape[1], b.shape[0]]  # x0, y0, x1, y1 on the copy
    chosen: list = [None] * 4  # left, top, right, bottom: (depth, colour of the margin next to the photo)

    def candidates(side: int) -> list[tuple[int, np.ndarray]]:
        x0, y0, x1, y1 = box
        sub = b[y0:y1, x0:x1]
        lines = sub.transpose(1, 0, 2) if side in (0, 2) else sub
        lines = (lines if side < 2 else lines[::-1])[:len(lines) * 3 // 4]
        return [(d, c) for d, c in _margin(lines) if d * k >= FRAME_MIN] if len(lines) >= 2 else []

    def take(side: int, d: int, c: np.ndarray):
        chosen[side] = (d, c)
        box[side] += d if side < 2 else -d

    # a frame: margins on two opposite sides, of one colour next to the photo (a sky above and a beach below are
    # not), the least trimming that gives such a pair; top and bottom first (a screenshot's bars), then left and
    # right, then again the pair not found where its edge lines still held the other pair's margins. Each side keeps its
    # own margin colour, which its first line is checked against below (the pair's sides differ by up to FRAME_TOL: the
    # first side's colour had failed a JPEG's border line by a white saucer turned left, jpeg72)
    for _ in range(2):
        for s1, s2 in ((1, 3), (0, 2)):
            if chosen[s1] is None and chosen[s2] is None:
                pairs = [(d1 + d2, d1, c1, d2, c2) for d1, c1 in candidates(s1) for d2, c2 in candidates(s2)
                         if _alike(c1, c2)]
                if pairs:
                    _, d1, c1, d2, c2 = min(pairs, key=lambda p: p[0])
                    take(s1, d1, c1)
                    take(s2, d2, c2)
    if all(c is None for c in chosen):
        return None
    ref = next(c[1] for c in chosen if c is not None)
    for side in range(4):  # a side of its own: trimmed where its margin has the pair's colour
        if chosen[side] is None:
            near = [(d, c) for d, c in candidates(side) if _alike(c, ref)]
            if near:
                take(side, *near[0])
    # each trimmed side's first line of the photo, within the photo's box, steps from the margin along nearly all of
    # it (a figure standing on a white backdrop is no rectangle: its box's lines are mostly backdrop)
    x0, y0, x1, y1 = box
    first = {0: b[y0:y1, x0], 1: b[y0, x0:x1], 2: b[y0:y1, x1 - 1], 3: b[y1 - 1, x0:x1]}
    kept = [chosen[s] is not None and _edge(first[s], chosen[s][1]) for s in range(4)]
    if not ((kept[0] and kept[2]) or (kept[1] and kept[3])):
        return None
    # back to full resolution, from the photo's first line on the copy (a line that mixes margin and photo counts little
    # in the measurements, and the Assistant restores what is inside: an inset had left a ring of the photo
    # unrestored, k pixels wide, review 54b)
    x0, y0, x1, y1 = x0 * k if kept[0] else 0, y0 * k if kept[1] else 0, x1 * k if kept[2] else w, y1 * k if kept[3] else h
    x1, y1 = min(x1, w), min(y1, h)
    if min(x1 - x0, y1 - y0) < MIN_SIDE or (x1 - x0) * (y1 - y0) < FRAME_KEEP * h * w:
        return None
    return x0, y0, x1, y1


def _inside_frame(a: np.ndarray) -> tuple[np.ndarray, tuple[int, int, int, int] | None]:
    """`a` inside its frame where it has one, and the box (None: no frame, or looking for it failed)."""
    try:
        box = frame_box(a)
    except Exception:
        log.exception("analyzer: looking for a frame failed on an image of shape %s", getattr(a, "shape", None))
        box = None
    return (a if box is None else a[box[1]:box[3], box[0]:box[2]]), box


# --- the interface -----------------------------------------------------------------------------

# Below this side (a thumbnail) there are too few blocks to tell damage from content: nothing is read (helper 53a: a
# 20×13 photo read as dim, whose 360-pixel copy reads clean, and the restore brightened it 50 → 113 of 255).
MIN_SIDE = 32


def _analysis(a: np.ndarray) -> Analysis:
    small = a.ndim == 3 and 0 < min(a.shape[:2]) < MIN_SIDE
    frame, blacks, colour_only, dots = None, 0.0, False, ""
    try:
        if a.ndim != 3 or a.shape[0] < 1 or a.shape[1] < 1:
            raise ValueError(f"empty image of shape {a.shape}")
        if small:  # (nothing measured but the brightness, as `mean_brightness` measures it)
            sev, sigma, brightness = {k: 0.0 for k in KINDS}, 0.0, float(_small(a).mean() / 255.0)
        else:
            inside, frame = _inside_frame(a)
            f = features(inside, None if frame is None else (frame[1], frame[0], *a.shape[:2]))
            sev, blacks = severities(f), f["min_p1"]
            colour_only = colour_only_noise(f, sev)
            dots = dither(f)
            sigma, brightness = min(noise_sigma(f), 127.5), f["mean"]  # values in 0-255 spread no wider than this
    except Exception:  # never fail the caller on an odd photo: say what can be said
        log.exception("analyzer: measurement failed on an image of shape %s", getattr(a, "shape", None))
        sev = {k: 0.0 for k in KINDS}
        sigma = 0.0
        brightness = float(a.mean() / 255.0) if a.size else 0.0
    sev = {k: round(float(sev[k]), 4) for k in KINDS}
    found = for_words(sev, sigma)
    told = _told_after_low_pass(found) if dots == "black and white" else found
    # people read the sigma as measured; the network is told at most 50, the most it was trained on
    prompt = captions.describe({k: min(s, 1.0) for k, s in told.items()})
    text = captions.describe(found) + " " + captions.evidence(brightness, sigma if "noise" in found else None)
    if dots:
        text += " " + captions.dither_words(dots)
    if small:
        text = (f"The photo is too {'small' if max(a.shape[:2]) < MIN_SIDE else 'narrow'} ({a.shape[1]}×{a.shape[0]} "
                f"pixels) for me to measure its damage; its mean brightness is {brightness:.0%}.")
    return Analysis(degradations=sev, noise_sigma=round(float(sigma), 2), brightness=round(float(brightness), 4),
                    description=text, prompt=prompt, described=told, too_small=small, frame=frame,
                    blacks=round(float(blacks), 4), colour_only_noise=colour_only, dither=dots)


def _told_after_low_pass(found: dict[str, float]) -> dict[str, float]:
    """`found` of a photo in black-and-white dots as the network is told it: the restorer low-passes the dots first,
    and what is left of them is noise DOTS_LEFT at most (sigma 30; told its sigma measured, about 128, a caller of
    `Restorer.restore` with `described` had restored 4 dithered photos 0.08-0.24 dB worse: runs/an73)."""
    from .restorer import DOTS_LEFT  # lazy: the restorer imports this module

    return {**found, "noise": min(found["noise"], DOTS_LEFT)} if "noise" in found else found


def analyze(image: Image.Image) -> Analysis:
    """What is wrong with `image` (any PIL image: any mode, size and EXIF orientation). A transparent canvas is not
    measured (restorer.measured); `frame` is still a box of `image` (upright), which the assistant restores inside."""
    from .restorer import measure_on_part

    return measure_on_part(lambda rgb: _analysis(np.asarray(rgb, dtype=np.uint8)), image)[0]


def mean_brightness(image: Image.Image) -> float:
    """The mean brightness `analyze` reports (0-1), alone: the mean of the small copy's three channels (inside the
    photo's frame where it has one)."""
    from .restorer import measured

    a = _u8_from_image(measured(image))  # (a transparent canvas is not measured)
    if a.ndim == 3 and min(a.shape[:2]) >= MIN_SIDE:
        a = _inside_frame(a)[0]
    return round(float(_small(a).mean() / 255.0), 4) if a.size else 0.0


def analyze_tensor(x: torch.Tensor) -> Analysis:
    """The same for a float tensor [3, H, W] in [0, 1] (uint8 tensors are taken as 0-255)."""
    return _analysis(_u8_from_tensor(x))
