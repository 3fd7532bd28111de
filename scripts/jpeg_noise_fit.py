"""The map of the analyzer's noise read under a JPEG (analyzer.JPEG_NOISE_RAW -> JPEG_NOISE_SIGMA), measured again.

On TRAINING photos only (CBSD432 and data/photos, part="train"): each photo at long side `--side`, with noise of
each sigma in synthesis's styles (colour, signal-dependent, a camera's mosaic: degrade.sample_style), then a JPEG
of severity uniform in 0.1-0.9 (quality 64-16), as synthesis saves it. Printed per sigma: the median of
`jpeg_noise_raw` where the analyzer finds the JPEG; and of the clean photos, the median and 95th percentile (the
map starts at that percentile, so that 95% of clean JPEGs read no noise).

    python scripts/jpeg_noise_fit.py --photos 40 --side 384     # about 1 minute here
"""

from __future__ import annotations

import argparse
import random

import numpy as np

from restoration import analyzer, degrade
from restoration.data import list_photos, load_photo
from restoration.evaluate import TRAIN_PHOTOS

SIGMAS = (0, 10, 15, 20, 25, 35, 50)


def raw_read(x_u8: np.ndarray) -> float | None:
    """jpeg_noise_raw as features() takes it, or None where no JPEG of quality <= JPEG_NOISE_QUALITY is found."""
    crops = analyzer._crops(x_u8).astype(np.float32)
    y = crops @ analyzer.LUMA
    score, quality, grid = analyzer._jpeg_quality(y)
    if score < analyzer.JPEG_MIN_SCORE or quality > analyzer.JPEG_NOISE_QUALITY:
        return None
    return analyzer.jpeg_noise_raw(y, quality, grid)[0]  # (before the texture test: the map is of the read alone)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--photos", type=int, default=40)
    ap.add_argument("--side", type=int, default=384)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    paths = list_photos(*[p for p in TRAIN_PHOTOS if p.exists()], part="train")
    paths = rng.sample(paths, min(args.photos, len(paths)))
    reads: dict[int, list[float]] = {s: [] for s in SIGMAS}
    missed = 0
    for i, path in enumerate(paths):
        x = load_photo(path, args.side).float() / 255
        for sigma in SIGMAS:
            steps = []
            if sigma:
                sev = sigma / degrade.MAX_SIGMA
                steps.append(degrade.Degradation("noise", sev, rng.getrandbits(31),
                                                 degrade.sample_style("noise", sev, rng)))
            steps.append(degrade.Degradation("jpeg", rng.uniform(0.1, 0.9), rng.getrandbits(31)))
            y = degrade.apply(x, steps)
            raw = raw_read((y.clamp(0, 1) * 255).round().byte().permute(1, 2, 0).numpy())
            if raw is None:
                missed += 1
            else:
                reads[sigma].append(raw)
    print(f"{len(paths)} training photos, long side {args.side}; JPEG not found on {missed} cases")
    clean = np.array(reads[0])
    print(f"clean: median {np.median(clean):.2f}, 95th percentile {np.percentile(clean, 95):.2f}  "
          f"(the map starts at JPEG_NOISE_RAW[0] = {analyzer.JPEG_NOISE_RAW[0]}; {int((clean >= analyzer.JPEG_NOISE_RAW[0]).sum())} "
          f"of {len(clean)} clean photos read at or above it)")
    for sigma in SIGMAS[1:]:
        print(f"sigma {sigma:2d}: median raw {np.median(reads[sigma]):6.2f}  (n={len(reads[sigma])})")
    print(f"now: JPEG_NOISE_RAW = {analyzer.JPEG_NOISE_RAW} -> JPEG_NOISE_SIGMA = {analyzer.JPEG_NOISE_SIGMA}")


if __name__ == "__main__":
    main()
