"""Measurements of an image that the assistant checks results with: brightness, grain, haze, tone, long lines."""

from __future__ import annotations

CHECK_SIDE = 256  # the check runs on a centre crop this large, at full resolution (grain is scale-bound)


def as_rgb(image):
    return image if image.mode == "RGB" else image.convert("RGB")  # a result may be grey or have alpha


def luminance(image) -> float:
    return float(_luma(image).mean())


def hf_energy(image) -> float:
    return _energy(_luma(image))


def colour_energy(image) -> float:
    """Mean squared difference of neighbouring pixels' colour (Cb and Cr, summed): colour noise (blotches), which
    hf_energy, of the luma, does not see."""
    import numpy as np

    a = np.asarray(as_rgb(image), dtype=np.float32)
    cb = a @ np.array([-0.1687, -0.3313, 0.5], np.float32)
    cr = a @ np.array([0.5, -0.4187, -0.0813], np.float32)
    return _energy(cb) + _energy(cr)


def grain(image) -> float:
    """Grain as a share of the brightness around it: the root mean square of neighbouring pixels' difference over
    their mean (+8 levels, so that near-black pixels do not blow it up). A brightening scales grain and brightness
    alike, so it reads no grainier, where hf_energy reads every brightening as grainier (runs/fix64b/REPORT.md)."""
    return _relative_steps(_luma(image))


def pixel_change(before, after) -> tuple[float, float]:
    """How far `after` moved from `before` (the same size), in levels of 255: the mean absolute difference over the
    pixels and channels, and the 99th percentile of each pixel's largest channel difference (a change in a few places,
    as rain streaks taken out, shows in the second where the mean stays low)."""
    import numpy as np

    d = np.abs(np.asarray(as_rgb(after), np.float32) - np.asarray(as_rgb(before), np.float32))
    return float(d.mean()), float(np.percentile(d.max(axis=-1), 99))


def edges(image) -> float:
    """Sharpness that grain does not count: as `grain`, on the luma smoothed first (Gaussian, sigma 1.5 pixels), which
    leaves edges and takes out pixel-scale grain. On blurry_coffee.jpg 192 px restored, the network's *sharper* raised it
    3.0%, *softer* lowered it 0.5%, where the Laplacian's variance fell 11% for *sharper* and 54% for *more denoising*
    (the texture the denoising takes; this measure -0.5%) (helper fix65c)."""
    from scipy.ndimage import gaussian_filter

    return _relative_steps(gaussian_filter(_luma(image), 1.5))


def edges_as_bright(image, like) -> float:
    """`edges` of `image` brought first, where `like` is brighter, to `like`'s mean luma by a gamma: a brightening
    lifts the shadows more than the edges around them, so `edges` falls with it (on blurry_coffee.jpg 192 px restored,
    *brighter* 39% -> 52% took it 10.36% -> 7.92%, and the blur floor's push took the brightening back: review 67)."""
    from scipy.ndimage import gaussian_filter

    y, target = _luma(image) / 255, luminance(like) / 255
    low, high = 0.05, 1.0  # the gamma, found by halving: y ** gamma has a mean falling with it
    while target > y.mean() and high - low > 1e-3:
        gamma = (low + high) / 2
        low, high = (gamma, high) if (y ** gamma).mean() > target else (low, gamma)
    return _relative_steps(gaussian_filter(255 * y ** high, 1.5))


def _relative_steps(y) -> float:
    """The root mean square of neighbouring pixels' difference over their mean (+8 levels: near-black pixels)."""
    import numpy as np

    dx = np.diff(y, axis=1) / ((y[:, 1:] + y[:, :-1]) / 2 + 8)
    dy = np.diff(y, axis=0) / ((y[1:] + y[:-1]) / 2 + 8)
    return float(((dx ** 2).mean() + (dy ** 2).mean()) ** 0.5)


def _luma(image):
    import numpy as np

    return np.asarray(as_rgb(image), dtype=np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)


def _energy(y) -> float:
    """Mean squared difference of neighbouring pixels: grain and fine texture."""
    import numpy as np

    return float((np.diff(y, axis=0) ** 2).mean() + (np.diff(y, axis=1) ** 2).mean())


def grain_back(photo, before, after) -> float:
    """The share of the grain `before` took out of `photo` that `after` puts back (0 none, 1 all): the fine-scale
    (neighbouring pixels') difference from `before`, of `after` against that of the photo, on a centre crop at full
    resolution (grain is scale-bound; a shift in brightness is not grain)."""
    if not photo.size == before.size == after.size:
        return 1.0  # (not of one photo: nothing to say)
    ref = _luma(centre_crop(before, CHECK_SIDE))
    taken = _energy(_luma(centre_crop(photo, CHECK_SIDE)) - ref)
    return (_energy(_luma(centre_crop(after, CHECK_SIDE)) - ref) / taken) ** 0.5 if taken > 0 else 1.0


def _small(image, side: int):
    """An RGB copy at most `side` pixels wide and high."""
    small = as_rgb(image).copy()
    small.thumbnail((side, side))
    return small


def dark_channel(image) -> float:
    """Mean of the darkest channel over 7-pixel neighbourhoods (0-255), on a copy at most 512 pixels
    wide: haze lifts it towards the airlight and dehazing lowers it (He, Sun and Tang's dark channel
    prior). Haze spans the frame, so the scale does not matter, and the copy keeps it fast."""
    import numpy as np
    from PIL import Image, ImageFilter

    darkest = Image.fromarray(np.asarray(_small(image, 512)).min(axis=2)).filter(ImageFilter.MinFilter(7))
    return float(np.asarray(darkest, dtype=np.float32).mean())


def tone_spread(image) -> float:
    """The luma levels (0-255) between the 5th and the 95th percentile, on a copy at most 512 pixels wide: haze
    squeezes them, and removing it widens them again (`Assistant`'s VEIL_WIDENED)."""
    import numpy as np

    low, high = np.percentile(_luma(_small(image, 512)), [5, 95])
    return float(high - low)


def one_toned(image) -> bool:
    """A grey or one-toned (sepia) photo: its colours vary along one hue at most. The spread of each
    pixel's (R - G, G - B) across its two principal axes: synthetic sepia prints 4-8 and 0.6-2.1
    levels, the least colourful of the 72 photos in data/photos (a wood grain) 3.2 and 2.1, the
    next 7.2 and 3.9."""
    import numpy as np

    a = np.asarray(_small(image, 256), dtype=np.float64)
    chroma = np.stack([a[..., 0] - a[..., 1], a[..., 1] - a[..., 2]], -1).reshape(-1, 2)
    if len(chroma) < 2:
        return True
    minor, major = np.sqrt(np.clip(np.linalg.eigvalsh(np.cov(chroma.T)), 0, None))
    return bool(minor < 2.5 and major < 10)


def long_lines(image, side: int = 640) -> list[float]:
    """The directions (degrees, 0-180) of the thin lines lighter than both sides (by 15 levels) that run a quarter of
    the photo's height or width, on a copy at most `side` pixels: an old print's scratches do, rain's streaks are
    short (though touching streaks of heavy rain do too, all one way)."""
    import numpy as np
    from scipy import ndimage

    y = np.asarray(_small(image, side).convert("L"), dtype=np.float32)
    directions = []
    for axis in (1, 0):  # across the width (upright lines), then across the height (lying ones)
        sides = [ndimage.uniform_filter1d(np.roll(y, shift, axis), 3, axis) for shift in (3, -3)]
        labels, _ = ndimage.label(y - np.maximum(*sides) > 15, np.ones((3, 3)))
        along = 1 - axis  # the axis the line runs along
        for label, box in enumerate(ndimage.find_objects(labels), 1):
            if box is not None and box[along].stop - box[along].start >= y.shape[along] / 4:
                rows, cols = np.nonzero(labels[box] == label)
                cov = np.cov(np.stack([cols, rows]).astype(np.float64))  # its principal axis is its direction
                directions.append(float(np.degrees(0.5 * np.arctan2(2 * cov[0, 1], cov[0, 0] - cov[1, 1])) % 180))
    return directions


def direction_spread(directions: list[float]) -> float:
    """How far `directions` (degrees, 0-180, a line's either way) scatter about their mean: the circular standard
    deviation of the doubled angles, halved; 0 where they all run one way."""
    import numpy as np

    if not directions:
        return 0.0
    resultant = abs(np.exp(2j * np.radians(directions)).mean())
    return float(np.degrees(np.sqrt(-2 * np.log(max(resultant, 1e-12))) / 2))


def centre_crop(image, side: int):
    w, h = image.size
    if w <= side and h <= side:
        return image
    cw, ch = min(w, side), min(h, side)
    left, top = (w - cw) // 2, (h - ch) // 2
    return image.crop((left, top, left + cw, top + ch))
