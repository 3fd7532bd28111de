"""Side by side: checkpoints of one model on held-out photos the evaluation table does not use.

Whether a continued run or an average of weights should replace the shipped weights is decided
here, not on CBSD68 or on the table's photos (the first 15 held-out photos): every task of
`evaluate.tasks_for`, the true description and the analyzer's (and with --paraphrase the table's
free-form words for the true damage, `Task.paraphrase`), PSNR after rounding to 8 bits,
all checkpoints on the same degraded inputs in one run. The rule the shipped weights were chosen
by: the mean rises and no row falls by more than 0.1 dB against the first checkpoint.

    python scripts/compare_checkpoints.py weights/dcformer-small runs/x/model runs/soup \
        [--start 15 --count 12 --precision bfloat16]     # about 1 minute a checkpoint and photo here
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from restoration import Restorer  # noqa: E402
from restoration.analyzer import analyze_tensor  # noqa: E402
from restoration.data import list_photos, load_photo  # noqa: E402
from restoration.evaluate import TRAIN_PHOTOS, _np, _u8, metrics, tasks_for  # noqa: E402

WORSE_BY_AT_MOST = 0.1  # dB


def compare(checkpoints, start: int, count: int, precision: str, max_side: int = 768, progress=print,
            methods=("true", "analyzer")) -> dict:
    """{(task, method): [mean PSNR per checkpoint]}, method "true", "analyzer" or "paraphrase"."""
    restorers = [Restorer.from_pretrained(c, precision=precision) for c in checkpoints]
    photos = list_photos(*[p for p in TRAIN_PHOTOS if p.exists()], part="held_out")[start:start + count]
    if not photos:
        raise SystemExit(f"no held-out photos from number {start} on")
    scores: dict[tuple[str, str], list[list[float]]] = {}
    for n, path in enumerate(photos):
        i = start + n  # the photo's own seeds, as the table would give it
        clean_t = load_photo(path, max_side).float() / 255
        for name, task in tasks_for(i).items():
            inp_t = task.degrade(clean_t)
            found = analyze_tensor(inp_t).described
            for method in methods:
                row = scores.setdefault((name, method), [[] for _ in restorers])
                for r, restorer in enumerate(restorers):
                    text = task.paraphrase if method == "paraphrase" else task.severities if method == "true" else found
                    y = restorer.restore_tensor(_u8(inp_t), text)
                    row[r].append(metrics(_np(y), _np(clean_t))[0])
        progress(f"photo {n + 1}/{len(photos)} ({path.name})")
    return {k: [float(np.mean(v)) for v in per] for k, per in scores.items()}


def report(checkpoints, means: dict) -> str:
    names = [str(c) for c in checkpoints]
    lines = ["| task | description | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]
    for (task, method), row in means.items():
        cells = [f"{row[0]:.2f}"] + [f"{v:.2f} ({v - row[0]:+.2f})" for v in row[1:]]
        lines.append(f"| {task} | {method} | " + " | ".join(cells) + " |")
    rows = list(means.values())
    for method in dict.fromkeys(m for _, m in means):
        picked = [row for (_, m), row in means.items() if m == method]
        mean = [float(np.mean([row[r] for row in picked])) for r in range(len(names))]
        lines.append(f"| mean | {method} | {mean[0]:.2f} | "
                     + " | ".join(f"{v:.2f} ({v - mean[0]:+.2f})" for v in mean[1:]) + " |")
    lines.append("")
    for r, name in enumerate(names[1:], 1):
        worst = min(row[r] - row[0] for row in rows)
        gain = float(np.mean([row[r] - row[0] for row in rows]))
        verdict = "passes" if worst >= -WORSE_BY_AT_MOST and gain > 0 else "does not pass"
        lines.append(f"- {name}: mean {gain:+.3f} dB, worst row {worst:+.2f} dB against {names[0]}: {verdict} "
                     f"(mean up, no row down by more than {WORSE_BY_AT_MOST} dB)")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("checkpoints", nargs="+", help="checkpoint folders; the first is the one the others are held against")
    p.add_argument("--start", type=int, default=15, help="the first held-out photo (the table uses 0-14)")
    p.add_argument("--count", type=int, default=12)
    p.add_argument("--precision", default="auto", choices=["auto", "float32", "bfloat16"])
    p.add_argument("--max-side", type=int, default=768, help="photos are scaled down to this (the table's size)")
    p.add_argument("--paraphrase", action="store_true", help="also the free-form words (evaluate.PARAPHRASES)")
    args = p.parse_args()
    if len(args.checkpoints) < 2:
        p.error("give at least two checkpoints to compare")
    for c in args.checkpoints:  # every one before the minutes of loading and restoring (it had been a traceback)
        if not all((Path(c) / name).is_file() for name in ("config.json", "model.safetensors")):
            sys.exit(f"error: no checkpoint in {c} (config.json + model.safetensors)")
    methods = ("true", "analyzer", "paraphrase") if args.paraphrase else ("true", "analyzer")
    print(report(args.checkpoints, compare(args.checkpoints, args.start, args.count, args.precision, args.max_side,
                                           methods=methods)))


if __name__ == "__main__":
    main()
