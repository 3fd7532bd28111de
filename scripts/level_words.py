"""Which level words should the analyzer say? Measured through the shipped network.

The network takes how much to do from the words ("dark" / "very dark", "hazy" / "quite hazy"),
one level word spans a wide range of severity, and the network's idea of a level need not be
the synthesis's: with noise present it brightens a dark photo too little for its true level.
This script measures, on TRAINING photos only, what each level's words give for one kind, and
fits how far the analyzer's severity should be shifted before it becomes words:

    # 1. per photo: the analyzer's probability and severity for the kind, and the network's
    #    PSNR with that kind's words left out and at each of the five levels
    python scripts/level_words.py table --kind low_light -o runs/words/low_light.jsonl --photos 160
    python scripts/level_words.py table --kind low_light --case low_light+noise --seed 1 \\
        -o runs/words/dark-noisy.jsonl --photos 120
    # 2. the shift that maximises the mean PSNR (each half of the photos fitted and checked on
    #    the other), written into analyzer.WORD_SHIFTS with --write
    python scripts/level_words.py fit --kind low_light --with-noise runs/words/*.jsonl [--write]

Cases, in turn (--case to choose): clean, noise alone, the kind alone, the kind + noise
(severities uniform in 0.1-1; the noise of a dark capture up to 0.6, as in training); long side
at most 512 (--max-side); the network at the precision `Restorer` picks here (bfloat16 on this CPU).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from restoration import analyzer, captions, degrade  # noqa: E402
from restoration.data import TRAIN_PHOTOS, list_photos, load_photo  # noqa: E402

LEVEL_CENTRES = (0.175, 0.35, 0.55, 0.75, 0.925)  # a severity inside each of captions' five levels
SHIFTS = np.round(np.arange(-0.3, 0.301, 0.01), 2)


def _psnr(restored: torch.Tensor, clean_u8: torch.Tensor) -> float:
    """As the evaluation measures it: the float output against the clean photo, both in 0-1."""
    mse = float(((restored.double() - clean_u8.double() / 255) ** 2).mean())
    return 10 * math.log10(1 / max(mse, 1e-12))


def table(args):
    from restoration import Restorer

    restorer = Restorer.from_pretrained(args.checkpoint)
    paths = list_photos(*[p for p in (TRAIN_PHOTOS, ROOT / "data" / "photos") if p.exists()], part="train")
    kind = args.kind
    cases = ([tuple(k for k in c.split("+") if k != "clean") for c in args.case] if args.case
             else [(), ("noise",), (kind,), (kind, "noise")])
    rng = random.Random(args.seed)
    paths = sorted(rng.sample(paths, min(args.photos, len(paths))), key=lambda p: p.name)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    done = {json.loads(line)["photo"] for line in out.open()} if out.exists() else set()
    with out.open("a") as fh:
        for i, path in enumerate(paths):
            kinds = cases[i % len(cases)]
            if path.name in done:
                continue
            prng = random.Random(f"{args.seed}-{path.name}")
            clean = load_photo(path, args.max_side)
            degs = [degrade.sample(k, prng, 0.1, 0.6 if k == "noise" and "low_light" in kinds else 1.0) for k in kinds]
            x = (degrade.apply(clean.float() / 255, degs).clamp(0, 1) * 255).round().to(torch.uint8)
            f = analyzer.features(x.permute(1, 2, 0).numpy())
            p, s = analyzer.detector(kind, f)
            found = {k: v for k, v in analyzer.for_words(analyzer.severities(f), f["sigma"]).items() if k != kind}
            psnr = {}
            for level in (None, 0, 1, 2, 3, 4):
                words = dict(found, **({kind: LEVEL_CENTRES[level]} if level is not None else {}))
                y = restorer.restore_tensor(x, restorer.describe(words))
                psnr["none" if level is None else str(level)] = round(_psnr(y, clean), 3)
            rec = {"photo": path.name, "kind": kind, "kinds": list(kinds),
                   "severity": {d.kind: round(d.severity, 4) for d in degs}, "p": round(p, 4), "s": round(s, 4),
                   "noise_found": "noise" in found, "psnr": psnr}
            fh.write(json.dumps(rec) + "\n")
            fh.flush()
            print(f"{i + 1}/{len(paths)} {path.name} {kinds} p={p:.2f} s={s:.2f} {psnr}", flush=True)


def _chosen(rows, kind: str, shift: float, with_noise: bool) -> np.ndarray:
    """Each row's PSNR with the words the analyzer would say with `shift` in WORD_SHIFTS."""
    key = kind + ("+noise" if with_noise else "")
    out = []
    for r in rows:
        at = analyzer.threshold(kind, r["noise_found"])
        sev = {kind: analyzer.found_severity(r["p"], r["s"], at), "noise": 1.0 if r["noise_found"] else 0.0}
        said = analyzer.shift_for_words(sev, {key: shift})[kind]
        out.append(r["psnr"][str(captions.level(said)) if said >= captions.DETECTED else "none"])
    return np.array(out)


def fit(args):
    rows = [r for table in args.table for r in map(json.loads, Path(table).open()) if r["kind"] == args.kind]
    key = args.kind + ("+noise" if args.with_noise else "")
    now = analyzer.WORD_SHIFTS.get(key, 0.0)

    def score(rows, shift):
        return _chosen(rows, args.kind, shift, args.with_noise).mean()

    def best(rows):
        return float(max(SHIFTS, key=lambda d: (score(rows, d), -abs(d))))

    print(f"{len(rows)} images; the analyzer's words now (shift {now}): {score(rows, now):.2f} dB; "
          f"the best words per image: {np.mean([max(r['psnr'].values()) for r in rows]):.2f} dB")
    halves = [[r for i, r in enumerate(rows) if i // 4 % 2 == k] for k in (0, 1)]  # cases in turn: all in both
    for k, (fit_on, check_on) in enumerate((halves, halves[::-1])):
        d = best(fit_on)
        print(f"fit on half {k + 1}: shift {d}; on the other half {score(check_on, now):.2f} -> "
              f"{score(check_on, d):.2f} dB")
    d = best(rows)
    print("mean PSNR by shift:", " ".join(f"{x:+.2f}:{score(rows, x):.2f}" for x in SHIFTS[::5]), f"-> {d}")
    for kinds in sorted({tuple(r["kinds"]) for r in rows}, key=len):
        sel = [r for r in rows if tuple(r["kinds"]) == kinds]
        print(f"  {' + '.join(kinds) or 'clean'} ({len(sel)}): {score(sel, now):.2f} -> {score(sel, d):.2f} dB")
    if args.write:
        path = ROOT / "restoration" / "analyzer.py"
        text = path.read_text()
        entry = f'"{key}": {d},'
        text, n = re.subn(rf'"{re.escape(key)}": [-0-9.]+,', entry, text)
        if not n:
            text = text.replace("WORD_SHIFTS = {\n", f"WORD_SHIFTS = {{\n    {entry}\n", 1)
        path.write_text(text)
        print(f"wrote {entry} into {path}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    a = sub.add_parser("table")
    a.add_argument("--kind", required=True, choices=analyzer.MODELLED)
    a.add_argument("-o", "--out", required=True)
    a.add_argument("--photos", type=int, default=160)
    a.add_argument("--seed", type=int, default=0)
    a.add_argument("--case", action="append", help="clean, noise, KIND or KIND+noise (repeatable); "
                   "default: the four in turn")
    a.add_argument("--max-side", type=int, default=512, help="long side of the photos (default 512)")
    a.add_argument("--checkpoint", default=None)
    a.set_defaults(fn=table)
    a = sub.add_parser("fit")
    a.add_argument("--kind", required=True, choices=analyzer.MODELLED)
    a.add_argument("--with-noise", action="store_true", help="shift only where noise is found too")
    a.add_argument("table", nargs="+")
    a.add_argument("--write", action="store_true")
    a.set_defaults(fn=fit)
    args = ap.parse_args()
    args.fn(args)


if __name__ == "__main__":
    main()
