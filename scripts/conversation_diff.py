"""What a change to the assistant changes: a fixed set of scripted conversations (photos uploaded, then
restore, refinements, undo / redo, compare, questions, nonsense, typos, several requests in one message),
run with `Assistant(describer="analyzer")` and the shipped restorer at another commit and in the working
tree; every turn whose reply differs is printed: its text, its intent, the state the app shows (severities,
description, the Undo / Redo / Start over / Download buttons, the version shown) and its pictures (sizes,
modes, which earlier turn's very image an undo gave back, and the pixels: a max abs difference over
TOLERANCE levels, with the PSNR). For refactoring dialogue/assistant.py: a reply should change only where meant.
Exit status 1 when any turn differs.

    python scripts/conversation_diff.py 358162b       # about 2 minutes on two shared cores, both sides at once
    python scripts/conversation_diff.py HEAD -c 3,17  # only those conversations (numbers as printed)

The photos are centre crops of the app's examples and a few photos of data/photos made small and then degraded
with `restoration.degrade` (fixed seeds), made once here and given to both sides alike as PNG; long side 192 (the
settle check's 256-pixel crop, CHECK_SIDE, is then the whole photo; two larger ones keep the crop-and-whole-photo
path, their crop under half of them). Each side runs in its own process with one torch thread and the same seeds, so
an unchanged tree gives identical pixels; durations and time estimates in the replies ("in 0.6 s", "about 6
seconds") are masked.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
MAX_SIDE = 192  # the network's time goes with the pixels; at 256 the photos read alike (hazy_astronaut: foggy)
TOLERANCE = 2  # of 255: a pixel moved by this much or less is float noise, not a change

# name -> (source, degradations as (function of restoration.degrade, arguments), long side, PIL mode)
DEGRADED = {
    "dark_noisy_rocket": ("python3-skimage__rocket.jpg",
                          [("low_light", (0.12, 1.2, 11)), ("noise", (18, 12))], MAX_SIDE, "RGB"),
    "rainy_hazy_path": ("plasma-workspace-wallpapers__Path.jpg",
                        [("sample", ("rain", 21, 0.6)), ("sample", ("haze", 22, 0.6))], MAX_SIDE, "RGB"),
    "blurry_blocky_grace": ("python-matplotlib-data__grace_hopper.jpg",
                            [("sample", ("blur", 31, 0.5)), ("jpeg", (0.7, 32))], MAX_SIDE, "RGB"),
    "mild_noise_fruits": ("opencv-doc__fruits.jpg", [("noise", (6, 41))], MAX_SIDE, "RGB"),
    "clean_flowers": ("lxqt-themes__flowers.png", [], MAX_SIDE, "RGB"),
    "grey_noisy_chelsea": ("python3-skimage__chelsea.png", [("noise", (20, 51))], MAX_SIDE, "L"),
    "transparent_dark_coffee": ("python3-skimage__coffee.png", [("low_light", (0.1, 1.0, 61))], MAX_SIDE, "RGBA"),
    # the check crop under half of them: the crop and the whole photo are measured apart (at half or more the check
    # runs on the whole photo, Assistant._settle; at 320 px they had stopped covering the crop: fix62a)
    "large_dark_noisy_messi": ("opencv-doc__messi5.jpg",
                               [("low_light", (0.15, 1.0, 71)), ("noise", (20, 72))], 480, "RGB"),
    "large_hazy_astronaut": ("python3-skimage__astronaut.png", [("sample", ("haze", 81, 0.6))], 384, "RGB"),
}
EXAMPLES = ["blocky_chelsea", "blurry_coffee", "dark_noisy_chelsea", "hazy_astronaut", "noisy_coffee",
            "rainy_seeding"]

# (photo, turns): the phrases of docs/dialogue.md and tests/test_dialogue*.py, in the orders people use them
CONVERSATIONS = [
    ("dark_noisy_chelsea", ["what do you see?", "restore", "brighter", "undo", "keep more texture", "redo",
                            "compare"]),
    ("dark_noisy_chelsea", ["restore", "much brighter", "too much", "a bit less", "even less", "more"]),
    ("dark_noisy_chelsea", ["restore", "brighter on top of this", "a bit darker on top of this", "undo", "undo",
                            "redo", "redo", "redo"]),
    ("dark_noisy_chelsea", ["restore", "make it 30% brighter", "make it 2 stops darker", "make it 200% brighter",
                            "is it brighter?", "why is it darker?"]),
    ("dark_noisy_chelsea", ["brighter", "restore", "keep the grain", "keep a bit of the grain", "still grainy",
                            "list the versions", "which version is best?"]),
    ("dark_noisy_chelsea", ["restore", "darker but less noise", "too much", "brighter", "again", "somewhere in between",
                            "version 1", "compare version 1 and 2"]),
    ("dark_noisy_chelsea", ["restore and make it brighter", "undo and make it darker", "compare 1 and 2",
                            "start over", "undo", "redo"]),
    ("noisy_coffee", ["restore", "keep the grain", "keep more grain", "less smoothing", "more denoising",
                      "use sigma 22", "what's the description?"]),
    ("noisy_coffee", ["restore", "too smooth", "it looks plastic after the denoising", "there is no noise",
                      "also remove the noise", "undo 2", "redo twice"]),
    ("noisy_coffee", ["restore", "much more denoising", "not that much", "maximum denoising", "is the grain still there?",
                      "which is the noisiest?"]),
    ("blurry_coffee", ["restore", "sharper", "even sharper", "less sharpening", "softer", "is it blurry?",
                       "what did you change?"]),
    ("blurry_coffee", ["sharper but keep the grain", "restore", "sharper on top of this", "undo", "the blur is intentional",
                       "compare with the previous one"]),
    ("hazy_astronaut", ["restore", "dehaze more", "less dehazing", "a bit less", "make it hazier", "is the haze gone?",
                        "is it clearer now?"]),
    ("hazy_astronaut", ["the fog is intentional", "restore", "keep the fog and restore", "remove the haze",
                        "tone down the dehazing", "why is it darker now?"]),
    ("rainy_seeding", ["is the rain gone?", "restore", "is the rain gone?", "there is no rain", "also remove the rain",
                       "less rain", "which has less rain?"]),
    ("rainy_seeding", ["remove the rain but leave the noise", "remove the noise", "undo", "is this rain?",
                       "compare version 1 and 9"]),
    ("blocky_chelsea", ["restore", "remove the blocks", "more", "much stronger", "too much", "save it",
                        "how do I download it?"]),
    ("blocky_chelsea", ["what's wrong with it?", "fix everything except the haze", "what does sigma mean?",
                        "what does the description mean?", "how long did that take", "why so slow?"]),
    ("dark_noisy_rocket", ["restore", "brighter", "brighter", "brighter", "how much more can you brighten it?",
                           "is that the maximum?", "go back to the first version"]),
    ("dark_noisy_rocket", ["restore", "no, still too dark", "no, a bit too bright", "no, I meant darker", "the other way",
                           "undo the brightening but keep the denoising"]),
    ("dark_noisy_rocket", ["restore", "make it 20% brighter and keep the grain", "keep the brightness",
                           "remove more noise but keep the brightness", "undo everything except the denoising",
                           "which is the brightest?"]),
    ("rainy_hazy_path", ["what do you see?", "restore", "keep the fog", "dehaze", "there is no rain",
                         "the fog looks natural, but it's too thick", "compare them all"]),
    ("rainy_hazy_path", ["restore", "keep it as bright as it was and remove the haze", "less rain", "undo",
                         "version 1 but brighter", "show me 1 and 2 and 3"]),
    ("blurry_blocky_grace", ["restore", "sharper", "remove the blocks on top of this", "undo twice", "redo",
                             "go to the newest version"]),
    ("blurry_blocky_grace", ["fix the blur and the noise", "it's too soft now, bring back some sharpness",
                             "why is it blurry now?", "version 2 but much brighter", "start over but make it 20% darker"]),
    ("mild_noise_fruits", ["restore", "more denoising", "keep the grain", "is it grainier?", "once more",
                           "make both brighter"]),
    ("clean_flowers", ["what do you see?", "restore", "brighter", "sharper", "there is no noise and it is not dark",
                       "is it the same size as mine?"]),
    ("clean_flowers", ["undo", "redo", "compare", "start over", "version 1", "thanks, that's perfect!"]),
    ("grey_noisy_chelsea", ["restore", "keep the grain", "brighter", "undo", "compare", "you changed the colours!"]),
    ("transparent_dark_coffee", ["restore", "brighter", "darker on top of this", "compare", "save version 2"]),
    ("large_dark_noisy_messi", ["restore", "brighter", "a bit brighter", "a bit darker", "keep more texture",
                                "undo", "compare version 2 with the original"]),
    ("large_dark_noisy_messi", ["restore", "much darker", "much brighter on top of this", "which is darker, version 1 "
                                "or version 2?", "use the brightest one", "go with the darkest"]),
    ("large_hazy_astronaut", ["restore", "dehaze more", "less dehazing", "is it hazier?", "even clearer",
                              "remove the dehazing"]),
    # nonsense, typos, other languages, chat, what cannot be done, empty and long messages
    ("dark_noisy_chelsea", ["", "asdfgh qwerty", "resotre", "brigther", "make it brigter pls", "😍👍", "meh",
                            "hmm not sure"]),
    ("noisy_coffee", ["hello", "help", "who are you?", "what is the capital of France", "who is in the picture?",
                      "por favor, más claro", "bitte heller", "rückgängig"]),
    ("hazy_astronaut", ["remove the scratches", "crop it", "make it black and white", "darker and crop it",
                        "remove the watermark", "add a vintage look", "more contrast", "deepen the blacks"]),
    ("rainy_seeding", ["restore " * 200, "undo " + "and undo " * 40, "brighter. " * 30, "?", "...", "undo"]),
    # several requests in one message, corrections, versions, again
    ("dark_noisy_rocket", ["start over and then restore and then make it brighter",
                           "undo and then compare before and after", "make it darker and brighter, and sharper and softer",
                           "compare version 1 and 3 and make it darker", "don't undo and make it brighter"]),
    ("dark_noisy_chelsea", ["restore", "brighter", "brighter", "brighter", "version 3", "version 3 but darker",
                            "go back to #2", "redo version 3", "compare the first and the last", "version 7"]),
    ("noisy_coffee", ["restore", "more denoising", "do it again", "same again", "try again", "undo 5 times",
                      "next version", "show me the second to last"]),
    ("blurry_coffee", ["undo", "redo", "compare", "version 1", "again", "start over", "restore", "never mind",
                       "ok never mind then", "i'll take this one"]),
]


def _degraded(source: str, degradations, side: int, mode: str):
    """A photo of data/photos, long side `side`, degraded as listed (fixed seeds), as PIL in `mode`."""
    from PIL import Image

    from restoration import degrade
    from restoration.data import load_photo
    from restoration.restorer import tensor_to_image

    made = []
    for name, args in degradations:
        if name == "sample":  # a style drawn at a fixed severity, as scripts/make_examples.py does
            kind, seed, severity = args
            made.append(degrade.sample(kind, random.Random(seed), severity, severity))
        elif name == "jpeg":
            made.append(degrade.Degradation("jpeg", *args))
        else:
            made.append(getattr(degrade, name)(*args))
    x = degrade.apply(load_photo(ROOT / "data" / "photos" / source, max_side=side).float() / 255, made)
    image = tensor_to_image(x)
    if mode == "RGBA":  # opaque in the middle, transparent round it: the result must keep that
        alpha = Image.new("L", image.size, 0)
        alpha.paste(255, (16, 16, image.width - 16, image.height - 16))
        image.putalpha(alpha)
        return image
    return image.convert(mode)


def make_photos(folder: Path) -> dict[str, str]:
    """The conversations' photos as PNG files (lossless, so both sides read the same pixels)."""
    from PIL import Image

    paths = {}
    for name in EXAMPLES:
        with Image.open(ROOT / "examples" / f"{name}.jpg") as im:
            image = im.convert("RGB")
        # a centre crop, not a smaller copy: scaling down takes out grain and JPEG blocks (noisy_coffee's sigma 30
        # read as 11); the crop starts on the 8-pixel JPEG grid
        w, h = image.size
        left, top = (w - min(w, MAX_SIDE)) // 16 * 8, (h - min(h, MAX_SIDE)) // 16 * 8
        image = image.crop((left, top, left + min(w, MAX_SIDE), top + min(h, MAX_SIDE)))
        paths[name] = str(folder / f"{name}.png")
        image.save(paths[name])
    for name, (source, degradations, side, mode) in DEGRADED.items():
        paths[name] = str(folder / f"{name}.png")
        _degraded(source, degradations, side, mode).save(paths[name])
    return paths


# Run in each tree's own process: every turn's reply as JSON, each picture once (the first turn that showed that
# very object) in images.npz. getattr: a property a commit lacks reads as None instead of stopping the run.
CONVERSE = """import json, random, re, sys, time
import numpy as np, torch
torch.set_num_threads(1)
from PIL import Image
from dialogue import Assistant

conversations, out = json.load(open(sys.argv[1])), sys.argv[2]
DURATION = re.compile(r"\\b\\d+(?:\\.\\d+)? (?:s|seconds?|minutes?)\\b")  # "in 0.6 s", "about 6 seconds": wall time
records, images = [], {}
for c, (photo, turns) in enumerate(conversations):
    random.seed(0); np.random.seed(0); torch.manual_seed(0)  # each conversation alike whichever run before it
    a = Assistant(describer="analyzer")
    first_shown = {}  # id(image) -> its key in images.npz; the images are kept alive in `images`' sources
    shown = []
    started = time.perf_counter()
    for t, text in enumerate([None] + turns):
        try:
            with Image.open(photo) as im:
                r = a.upload(im.copy()) if text is None else a.send(text)
            record = {"text": DURATION.sub("# s", r.text), "intent": r.intent,
                      "severities": {k: round(v, 6) for k, v in sorted((r.severities or {}).items())},
                      "description": r.description,
                      "buttons": {"undo": getattr(a, "can_undo", None), "redo": getattr(a, "can_redo", None),
                                  "start over": a.original is not None, "download": a.result is not None},
                      "version shown": getattr(a.current, "version", None)}
            for field in ("image", "before"):
                image = getattr(r, field)
                if image is None:
                    record[field] = None
                    continue
                if id(image) not in first_shown:
                    first_shown[id(image)] = f"{c}_{t}_{field}"
                    shown.append(image)
                    images[first_shown[id(image)]] = np.asarray(image)
                record[field] = {"size": list(image.size), "mode": image.mode, "key": first_shown[id(image)]}
        except Exception as e:
            record = {"error": f"{type(e).__name__}: {e}"}
        records.append({"conversation": c, "turn": t, "message": text, **record})
    print(f"conversation {c}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
json.dump(records, open(out + "/turns.json", "w"))
np.savez(out + "/images.npz", **images)
"""


def start(tree: Path, spec: Path, out: Path) -> subprocess.Popen:
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": str(tree), "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
    return subprocess.Popen([sys.executable, "-c", CONVERSE, str(spec), str(out)], cwd=tree, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(run: subprocess.Popen, tree: Path, out: Path) -> tuple[list[dict], dict]:
    _, err = run.communicate()
    if run.returncode:
        sys.exit(f"the conversations at {tree} failed:\n{err[-3000:]}")
    return json.loads((out / "turns.json").read_text()), np.load(out / "images.npz")


def picture_diff(field: str, a: dict | None, b: dict | None, images_a, images_b, within: list[int]) -> list[str]:
    """How the picture of one reply differs: presence, size, mode, which turn first showed it, pixels (a difference
    within TOLERANCE is added to `within` instead, for the summary)."""
    if a is None or b is None:
        return [] if a is b else [f"{field}: {a and a['key']} -> {b and b['key']}"]
    lines = []
    if a["size"] != b["size"] or a["mode"] != b["mode"]:
        return [f"{field}: {a['size']} {a['mode']} -> {b['size']} {b['mode']}"]
    if a["key"] != b["key"]:  # undo gives back the very image shown before, not a copy
        lines.append(f"{field}: first shown at {a['key']} -> {b['key']}")
    x, y = images_a[a["key"]].astype(np.int16), images_b[b["key"]].astype(np.int16)
    most = int(np.abs(x - y).max())
    if most <= TOLERANCE:
        within.append(most)
    else:
        mse = float(((x - y) ** 2).mean())
        lines.append(f"{field}: pixels differ by up to {most} levels, PSNR {10 * np.log10(255 ** 2 / mse):.1f} dB")
    return lines


def turn_diff(a: dict, b: dict, images_a, images_b, within: list[int]) -> list[str]:
    lines = []
    for key in sorted((set(a) | set(b)) - {"text", "image", "before"}):
        if a.get(key) != b.get(key):
            lines.append(f"{key}: {a.get(key)} -> {b.get(key)}")
    if a.get("text") != b.get("text"):
        lines.append("text:")
        lines += ["  " + line for line in difflib.unified_diff((a.get("text") or "").splitlines(),
                                                               (b.get("text") or "").splitlines(), lineterm="", n=1)][2:]
    for field in ("image", "before"):
        lines += picture_diff(field, a.get(field), b.get(field), images_a, images_b, within)
    return lines


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("base", help="the commit to compare with (the working tree is the other side)")
    p.add_argument("-c", "--conversations", help="only these, by number: 3,17")
    args = p.parse_args()
    chosen = range(len(CONVERSATIONS)) if not args.conversations else [int(n) for n in args.conversations.split(",")]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        base = tmp / "base"
        base.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.base, "dialogue", "restoration", "weights"],
                                 capture_output=True)
        if archive.returncode:
            sys.exit(f"no dialogue/ at {args.base!r}: {archive.stderr.decode().strip()}")
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
        (tmp / "photos").mkdir()
        photos = make_photos(tmp / "photos")
        spec = tmp / "conversations.json"
        spec.write_text(json.dumps([(photos[CONVERSATIONS[c][0]], CONVERSATIONS[c][1]) for c in chosen]))
        # both sides at once, one thread each
        runs = [(start(tree, spec, tmp / side), tree, tmp / side) for tree, side in ((base, "before"), (ROOT, "after"))]
        (before, images_before), (after, images_after) = [finish(*run) for run in runs]
        differ, within = 0, []
        for a, b in zip(before, after):
            lines = turn_diff(a, b, images_before, images_after, within)
            if lines:
                differ += 1
                c = chosen[a["conversation"]]
                message = a["message"] if a["message"] is None or len(a["message"]) < 80 else a["message"][:77] + "..."
                print(f"conversation {c} ({CONVERSATIONS[c][0]}), turn {a['turn']} "
                      f"{'(upload)' if message is None else repr(message)}:")
                print("\n".join("    " + line for line in lines))
    print(f"{differ} of {len(before)} turns differ from {args.base} ({len(chosen)} conversations, "
          f"{time.perf_counter() - started:.0f} s; of {len(within)} pictures alike, the largest pixel difference "
          f"{max(within, default=0)} levels)")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
