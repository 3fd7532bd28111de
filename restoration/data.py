"""Training data: clean photos in memory, random crops, and degraded/target/caption triples.

The photos are split once, by a hash of the file name, into a training part and a held-out
part (about 10%) used for validation and for the evaluation tables. Benchmark test images
never appear in either.

A training pair teaches the network to do what the words say:
- matched text: the description names what is wrong -> the target is the clean photo;
- blind (empty text): restore whatever is visible -> the clean photo;
- under-described: a degradation is left out, or named milder than it is -> the target keeps
  the part that was not asked for (same random realisation, `degrade.apply(..., scale)`).
  This is what makes "slight" vs "heavy" and "there is no rain" change the result.
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from . import degrade
from .captions import DEFAULT_NUMBERS, caption

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp"}


def shared_folder() -> Path:
    """The project's shared data (datasets/, benchmarks/): $RESTORATION_SHARED, else ../shared
    beside this checkout, else ../shared beside the checkout this one was cloned from."""
    if os.environ.get("RESTORATION_SHARED"):
        return Path(os.environ["RESTORATION_SHARED"])
    root = Path(__file__).resolve().parent.parent
    here = root.parent / "shared"
    if here.is_dir():
        return here
    try:  # a clone of a local checkout, such as CI's fresh clone
        origin = subprocess.run(["git", "-C", str(root), "config", "--get", "remote.origin.url"],
                                capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        origin = ""
    if origin and Path(origin).is_dir() and (Path(origin).resolve().parent / "shared").is_dir():
        return Path(origin).resolve().parent / "shared"
    return here


SHARED = shared_folder()
TRAIN_PHOTOS = SHARED / "datasets" / "CBSD432"  # the first source of training photos (BRIEF section 5)
BENCHMARK = SHARED / "benchmarks" / "CBSD68"
HELD_OUT_PERCENT = 10

# Which degradations appear together, and how often (relative weights). LLMRA's three and
# their realistic mixtures (dark + noisy above all) dominate; blur, jpeg and haze join them.
MIXTURES: list[tuple[float, tuple[str, ...]]] = [
    (7, ()),
    (16, ("noise",)),
    (10, ("rain",)),
    (9, ("low_light",)),
    (16, ("low_light", "noise")),
    (5, ("rain", "noise")),
    (5, ("blur",)),
    (5, ("jpeg",)),
    (5, ("haze",)),
    (4, ("noise", "jpeg")),
    (3, ("blur", "noise")),
    (3, ("haze", "noise")),
    (3, ("rain", "low_light")),
    (3, ("low_light", "noise", "jpeg")),
    (3, ("rain", "haze")),
]
BLIND = 0.15  # share of pairs with an empty description
UNDER_DESCRIBED = 0.25  # share of degraded pairs where one degradation is left out or understated
GRADED = ("noise", "rain", "low_light")  # kinds whose strength can be asked for in part


def held_out(path: str | Path) -> bool:
    digest = hashlib.sha1(Path(path).stem.encode()).digest()  # stem: a re-encoded copy stays in its part
    return digest[0] * 100 // 256 < HELD_OUT_PERCENT


def list_photos(*folders: str | Path, part: str = "train") -> list[Path]:
    """Photos under `folders` (recursively), the "train" or "held_out" part, sorted."""
    paths = []
    for folder in folders:
        folder = Path(folder)
        if not folder.exists():
            raise FileNotFoundError(f"no such folder: {folder}")
        paths += [p for p in folder.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES]
    if part not in ("train", "held_out", "all"):
        raise ValueError(f"part must be train, held_out or all, not {part!r}")
    keep = {"train": lambda p: not held_out(p), "held_out": held_out, "all": lambda p: True}[part]
    return sorted((p for p in paths if keep(p)), key=lambda p: p.name)


def load_photo(path: Path, max_side: int = 1024) -> torch.Tensor:
    """uint8 [3, H, W], RGB, long side at most `max_side`. A file that is no readable photo (truncated, or text
    named .jpg) is a ValueError in one line that names it (it had been Pillow's traceback, in a GPU slot too)."""
    try:
        with Image.open(path) as im:
            im = im.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError) as e:
        raise ValueError(f"cannot read the photo {path} ({e}): remove or replace it") from None
    if max(im.size) > max_side:
        s = max_side / max(im.size)
        im = im.resize((max(1, round(im.width * s)), max(1, round(im.height * s))), Image.Resampling.LANCZOS)
    return torch.from_numpy(np.array(im)).permute(2, 0, 1).contiguous()


class Crops:
    """Random crops of photos held in (device) memory, flipped and rotated at random."""

    def __init__(self, paths: list[Path], size: int, device="cpu", max_side: int = 1024):
        if not paths:
            raise ValueError("no training photos found")
        self.size = size
        self.photos = [p for p in (load_photo(path, max_side) for path in paths) if min(p.shape[1:]) >= size]
        if not self.photos:
            raise ValueError(f"no photo is at least {size} px on its short side")
        self.photos = [p.to(device) for p in self.photos]

    def sample(self, batch: int, rng: random.Random) -> torch.Tensor:
        out = []
        for _ in range(batch):
            photo = rng.choice(self.photos)
            _, h, w = photo.shape
            top, left = rng.randint(0, h - self.size), rng.randint(0, w - self.size)
            crop = photo[:, top:top + self.size, left:left + self.size]
            if rng.random() < 0.5:
                crop = crop.flip(-1)
            crop = torch.rot90(crop, rng.randint(0, 3), dims=(-2, -1))
            out.append(crop)
        return torch.stack(out).float().div(255)


@dataclass
class Pair:
    input: torch.Tensor  # [3, H, W]
    target: torch.Tensor
    text: str
    degradations: list
    described: dict  # kind -> severity as the text states it


def reweighted(changes: list[str], mixtures=MIXTURES) -> list[tuple[float, tuple[str, ...]]]:
    """`mixtures` with the weights that `changes` set, each "kind+kind=weight" ("clean=3" for
    no degradation, a weight of 0 to leave one out); a mixture it does not hold is added."""
    out = {frozenset(kinds): (w, kinds) for w, kinds in mixtures}
    for change in changes:
        name, _, weight = change.partition("=")
        parts = set(name.split("+"))
        kinds = tuple(k for k in degrade.ORDER if k in parts)  # "clean": ()
        try:
            w = float(weight)
        except ValueError:
            w = float("nan")
        if not (w >= 0 and (name == "clean" or parts <= set(degrade.KINDS))):  # nan fails too
            raise ValueError(f"cannot read the mixture weight {change!r}: write kinds joined by + and a "
                             f"weight of 0 or more, such as noise=48 or low_light+noise=20 or clean=3 "
                             f"(kinds: {', '.join(degrade.KINDS)})")
        key = frozenset(kinds)
        out[key] = (w, out[key][1] if key in out else kinds)
    if not any(w > 0 for w, _ in out.values()):
        raise ValueError("every mixture weight is 0: nothing to train on")
    return list(out.values())


def sample_degradations(rng: random.Random, mixtures=MIXTURES) -> list[degrade.Degradation]:
    kinds = rng.choices([k for _, k in mixtures], weights=[w for w, _ in mixtures])[0]
    out = []
    for kind in kinds:
        # the noise of a dark capture is rarely extreme
        high = 0.6 if kind == "noise" and "low_light" in kinds else 1.0
        out.append(degrade.sample(kind, rng, 0.1, high))
    return out


def make_pair(clean: torch.Tensor, rng: random.Random, degradations=None, numbers=DEFAULT_NUMBERS,
              mixtures=MIXTURES) -> Pair:
    """One training triple from a clean crop [3, H, W] (see the module docstring); the caption
    states the numbers of the kinds in `numbers`."""
    degs = sample_degradations(rng, mixtures) if degradations is None else degradations
    inp = degrade.apply(clean, degs)
    if degs and rng.random() < BLIND:
        return Pair(inp, clean, "", degs, {d.kind: d.severity for d in degs})
    asked = {d.kind: 1.0 for d in degs}  # share of each degradation the text asks to remove
    if degs and rng.random() < UNDER_DESCRIBED:
        d = rng.choice(degs)
        asked[d.kind] = rng.uniform(0.2, 0.8) if d.kind in GRADED and rng.random() < 0.6 else 0.0
    described = {d.kind: d.severity * asked[d.kind] for d in degs if asked[d.kind] > 0}
    left = {k: 1 - a for k, a in asked.items()}
    target = degrade.apply(clean, degs, left) if any(v > 0 for v in left.values()) else clean
    return Pair(inp, target, caption(described, rng, numbers=numbers), degs, described)


def loss_weights(changes: list[str]) -> dict[str, float]:
    """Per-kind loss weights from "kind=weight" items (default 1 for every kind)."""
    out = {}
    for change in changes:
        kind, _, weight = change.partition("=")
        try:
            w = float(weight)
        except ValueError:
            w = float("nan")
        if kind not in degrade.KINDS or not w > 0:
            raise ValueError(f"cannot read the loss weight {change!r}: write a kind and a weight above 0, such as "
                             f"low_light=0.1 (kinds: {', '.join(degrade.KINDS)})")
        out[kind] = w
    return out


def make_batch(clean: torch.Tensor, rng: random.Random, numbers=DEFAULT_NUMBERS, mixtures=MIXTURES,
               weights: dict[str, float] | None = None):
    """Inputs [B, 3, H, W], targets, captions and loss weights [B] for a batch of clean crops; a
    pair weighs the least of its kinds' `weights` (1 for a kind not named, and for a clean pair)."""
    pairs = [make_pair(c, rng, numbers=numbers, mixtures=mixtures) for c in clean]
    w = [min([(weights or {}).get(d.kind, 1.0) for d in p.degradations], default=1.0) for p in pairs]
    return (torch.stack([p.input for p in pairs]), torch.stack([p.target for p in pairs]), [p.text for p in pairs],
            torch.tensor(w))
