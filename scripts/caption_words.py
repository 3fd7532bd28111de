"""How the shipped model responds to each training phrasing of one degradation, level by level.

    python scripts/caption_words.py rain            # 8 training photos, long side 512

`describe` (the analyzer's prompt, the assistant's text, the evaluation's oracle) uses the first
phrasing of each level in `restoration.captions.WORDS`; this measures, on TRAINING photos (never
the held-out ones the evaluation uses), the mean PSNR each phrasing of a level gives when the
photo carries that level's middle severity, so the plain form can be the one the network follows
best. Prints one line per level, phrasings in their current order.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["noise", "rain", "low_light", "blur", "jpeg", "haze"])
    parser.add_argument("--photos", type=int, default=8)
    parser.add_argument("--side", type=int, default=512)
    parser.add_argument("--checkpoint", default=None)
    args = parser.parse_args()

    import numpy as np

    from restoration import Restorer, degrade
    from restoration.captions import LEVEL_BOUNDS, WORDS
    from restoration.data import list_photos, load_photo
    from restoration.evaluate import TRAIN_PHOTOS, _np, _styled, _u8, metrics

    restorer = Restorer.from_pretrained(args.checkpoint)
    photos = list_photos(*[p for p in TRAIN_PHOTOS if p.exists()], part="train")
    photos = photos[:: max(1, len(photos) // args.photos)][: args.photos]  # spread over the folders
    bounds = (0.1, *LEVEL_BOUNDS, 1.0)
    for lv, forms in enumerate(WORDS[args.kind]):
        severity = (bounds[lv] + bounds[lv + 1]) / 2
        texts = [("The photo is " if form == "adj" else "The photo has ") + words + "." for form, words in forms]
        psnr = {t: [] for t in texts}
        for i, path in enumerate(photos):
            clean = load_photo(path, args.side).float() / 255
            x = _u8(degrade.apply(clean, [_styled(args.kind, severity, 5000 + i)]))
            for t in texts:
                psnr[t].append(metrics(_np(restorer.restore_tensor(x, t)), _np(clean))[0])
        print(f"level {lv} (severity {severity:.3f}): "
              + " | ".join(f"{w} {np.mean(psnr[t]):.2f}" for (_, w), t in zip(forms, texts)), flush=True)


if __name__ == "__main__":
    main()
