"""Make the app's example photos: public-domain / CC0 photos degraded by our own synthesis.

    python scripts/make_examples.py        # needs data/photos (scripts/fetch_photos.sh)

Sources (see data/photos/SOURCES.tsv): scikit-image's astronaut (NASA, public domain), coffee
and chelsea (CC0), and lomiri-wallpapers' "seeding" by Clements Engelhardt (CC0).
"""

import random
import sys
from pathlib import Path

import numpy as np
import torch
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from restoration import degrade  # noqa: E402
from restoration.data import load_photo  # noqa: E402

PHOTOS = ROOT / "data" / "photos"
OUT = ROOT / "examples"
EXAMPLES = [  # output name, source, degradations
    ("noisy_coffee.jpg", "python3-skimage__coffee.png", [degrade.noise(30, seed=1)]),
    ("dark_noisy_chelsea.jpg", "python3-skimage__chelsea.png",
     [degrade.low_light(0.07, 1.2, seed=2), degrade.noise(12, seed=3)]),
    ("rainy_seeding.jpg", "lomiri-wallpapers-16.04__seeding_by_Clements_Engelhardt.jpg",
     [degrade.sample("rain", random.Random(4), 0.7, 0.7)]),
    ("hazy_astronaut.jpg", "python3-skimage__astronaut.png", [degrade.sample("haze", random.Random(5), 0.6, 0.6)]),
    ("blurry_coffee.jpg", "python3-skimage__coffee.png", [degrade.sample("blur", random.Random(6), 0.5, 0.5)]),
    ("blocky_chelsea.jpg", "python3-skimage__chelsea.png", [degrade.Degradation("jpeg", 0.9, 7)]),
]


def main():
    OUT.mkdir(exist_ok=True)
    for name, source, degradations in EXAMPLES:
        clean = load_photo(PHOTOS / source, max_side=512).float() / 255
        x = degrade.apply(clean, degradations)
        a = (x * 255).round().to(torch.uint8).permute(1, 2, 0).numpy()
        Image.fromarray(np.ascontiguousarray(a)).save(OUT / name, quality=95)
        print(OUT / name)


if __name__ == "__main__":
    main()
