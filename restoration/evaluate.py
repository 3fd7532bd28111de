"""Evaluation (BRIEF section 6): one table, per task, input / classical / auto / oracle / paraphrase / wrong /
blind.

- CBSD68 with Gaussian colour noise at sigma 15, 25, 50 (seed = image index, input clipped and
  rounded to 8 bits like a saved photo).
- Held-out photos of ours (never trained on) with rain, low light, dark + noisy, and the
  other degradations, at fixed severities and seeds.
Columns: the degraded input; a classical baseline (BM3D for noise when the `bm3d` package is
installed, gamma for low light, median filter for rain); our model with the analyzer's
description ("auto": `Analysis.described`, severities the network is told in its plain words),
the true one ("oracle"), the true one in words the training captions never use ("paraphrase"),
a wrong one (another degradation named at the same severity) and none ("blind").
PSNR/SSIM on RGB 0-255 after rounding to uint8, with scikit-image's metrics.
"""

from __future__ import annotations

import json
import math
import random
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from . import data, degrade
from .captions import level

BENCHMARK = data.BENCHMARK
TRAIN_PHOTOS = [data.TRAIN_PHOTOS,
                Path(__file__).resolve().parent.parent / "data" / "photos"]
# A wrong description names another degradation: the one that is easiest to confuse.
WRONG_KIND = {"noise": "rain", "rain": "haze", "low_light": "haze", "blur": "noise", "jpeg": "rain", "haze": "low_light"}
# How a person might say it, in phrasings none of the training captions use (mild, medium,
# strong): does the restoration follow the meaning or only the templates it was trained on?
PARAPHRASES = {
    "noise": ["There is a faint fuzz of sensor static.", "Shot at high ISO, the picture is fuzzy with static.",
              "Shot at a very high ISO, the picture is swamped by static."],
    "rain": ["A few drops of water cross the picture.", "A shower left wet diagonal lines all over the picture.",
             "A storm: thick sheets of water cover everything."],
    "low_light": ["The picture is a little murky, taken at dusk.", "Taken at night, the picture is murky and shadowy.",
                  "Taken at night without a flash, the picture is nearly pitch black."],
    "blur": ["The details are a touch fuzzy.", "The camera shook, so the details are smudged.",
             "The focus missed completely; nothing has crisp edges."],
    "jpeg": ["Saved at a low quality setting, with a faint mosaic of squares.",
             "Saved many times over, it shows a mosaic of squares.", "Saved at the lowest quality: a mosaic of squares."],
    "haze": ["A thin mist lies over the scene.", "Mist makes the scene milky and pale.",
             "A thick milky mist hides everything in the distance."],
}


@dataclass
class Task:
    name: str
    degradations: list
    classical: str = ""  # the classical baseline's name

    @property
    def severities(self) -> dict[str, float]:
        return {d.kind: d.severity for d in self.degradations}

    @property
    def paraphrase(self) -> str:
        present = sorted(self.severities.items(), key=lambda ks: -ks[1])
        return " ".join(PARAPHRASES[k][(0, 0, 1, 2, 2)[level(s)]] for k, s in present)

    @property
    def wrong(self) -> dict[str, float]:
        """Each degradation named as another kind, at its severity."""
        wrong = {}
        for k, s in self.severities.items():
            w = WRONG_KIND[k]
            while w in self.severities or w in wrong:
                w = WRONG_KIND[w]
            wrong[w] = s
        return wrong

    def degrade(self, clean: torch.Tensor) -> torch.Tensor:
        return degrade.apply(clean, self.degradations)


def _styled(kind: str, severity: float, seed: int) -> degrade.Degradation:
    style = degrade.sample_style(kind, severity, random.Random(seed))
    if kind == "noise":
        style = {"colour": 1.0, "signal_dependent": 0.0}
    return degrade.Degradation(kind, severity, seed, style)


def tasks_for(i: int) -> dict[str, Task]:
    """The held-out photo tasks for image number i (seeds derive from i: reproducible)."""
    s = 1000 + i
    return {t.name: t for t in [
        Task("noise15", [degrade.noise(15, seed=s)], "bm3d"),
        Task("noise25", [degrade.noise(25, seed=s)], "bm3d"),
        Task("noise50", [degrade.noise(50, seed=s)], "bm3d"),
        # a camera's noise: demosaiced (spread over neighbouring pixels) and stronger in bright parts
        Task("camera_noise", [degrade.noise(20, seed=s, signal_dependent=0.5, mosaic=True)], "bm3d"),
        Task("rain", [_styled("rain", 0.6, s)], "median"),
        Task("low_light", [degrade.low_light(0.08, 1.2, seed=s)], "gamma"),
        Task("dark_noisy", [degrade.low_light(0.1, 1.1, seed=s), degrade.noise(15, seed=s + 1)], "gamma+bm3d"),
        Task("blur", [_styled("blur", 0.5, s)], ""),
        Task("jpeg", [_styled("jpeg", 0.6, s)], ""),
        Task("haze", [_styled("haze", 0.6, s)], ""),
    ]}


def cbsd68_tasks(i: int) -> dict[str, Task]:
    return {f"CBSD68 σ{sig}": Task(f"CBSD68 σ{sig}", [degrade.noise(sig, seed=i)], "bm3d") for sig in (15, 25, 50)}


# --- classical baselines ------------------------------------------------------------------

NO_BM3D = "note: bm3d is not installed: no BM3D baseline (pip install -r requirements-eval.txt)"


def _bm3d_package():
    """The `bm3d` package, or None where requirements-eval.txt was not installed."""
    try:
        import bm3d
    except ImportError:
        return None
    return bm3d


def _bm3d(x: np.ndarray, sigma: float):
    bm3d = _bm3d_package()
    return None if bm3d is None else np.clip(bm3d.bm3d_rgb(x, sigma / 255.0), 0, 1)


def _gamma(x: np.ndarray) -> np.ndarray:
    """Brighten so that the mean luminance becomes 0.45 (a global gamma curve)."""
    mean = float(np.clip(x.mean(), 1e-3, 0.99))
    return np.clip(x, 0, 1) ** (math.log(0.45) / math.log(mean))


def classical(name: str, x: np.ndarray, task: Task) -> np.ndarray | None:
    from scipy.ndimage import median_filter

    sigma = sum(d.sigma for d in task.degradations)
    if name == "bm3d":
        return _bm3d(x, sigma)
    if name == "median":
        return median_filter(x, size=(3, 3, 1))
    if name == "gamma":
        return _gamma(x)
    if name == "gamma+bm3d":
        y = _gamma(x)
        gain = (y.mean() + 1e-3) / (x.mean() + 1e-3)
        return _bm3d(y, min(sigma * gain, 80))  # (gamma alone is not filed under BM3D's name: no cell without it)
    return None


# --- metrics ------------------------------------------------------------------------------

def metrics(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """PSNR, SSIM of two float images [H, W, 3] in [0, 1], after rounding to uint8."""
    from skimage.metrics import peak_signal_noise_ratio, structural_similarity

    a8 = (np.clip(a, 0, 1) * 255).round().astype(np.uint8)
    b8 = (np.clip(b, 0, 1) * 255).round().astype(np.uint8)
    p = peak_signal_noise_ratio(a8, b8, data_range=255)
    s = structural_similarity(a8, b8, channel_axis=2, data_range=255)
    return min(p, 100.0), s


def _np(x: torch.Tensor) -> np.ndarray:
    return x.permute(1, 2, 0).cpu().numpy().astype(np.float64)


def _u8(x: torch.Tensor) -> torch.Tensor:
    return (x.clamp(0, 1) * 255).round().to(torch.uint8)


def evaluate(restorer, *, limit: int | None = None, held_out_limit: int | None = None, bm3d_limit: int | None = None,
             analyzer=None, tasks: list[str] | None = None, methods: list[str] | None = None,
             progress=print) -> list[dict]:
    """Rows of the table: one per (task, method), with mean PSNR / SSIM and the image count.

    bm3d_limit: run BM3D (about 11 s an image here) on the first N images of each set only (0: never).
    methods: only these network columns (auto, oracle, paraphrase, wrong, blind), without input and classical.
    """
    from .data import list_photos, load_photo

    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    if methods is None and bm3d_limit != 0 and _bm3d_package() is None:  # (said once: the cells are left empty)
        progress(NO_BM3D)

    def add(task, method, y, clean):
        results.setdefault((task, method), []).append(metrics(y, clean))

    def run(name, task, clean_t, i):
        inp_t = task.degrade(clean_t)
        clean, inp = _np(clean_t), _np(inp_t)
        if methods is None:
            add(name, "input", inp, clean)
        if methods is None and task.classical and ("bm3d" not in task.classical or bm3d_limit is None
                                                   or i < bm3d_limit):
            y = classical(task.classical, inp, task)
            if y is not None:
                add(name, f"classical ({task.classical})", y, clean)
        # severities are told in the network's plain form (Restorer.context), as the assistant tells them
        texts = {"oracle": task.severities, "paraphrase": task.paraphrase, "wrong": task.wrong, "blind": ""}
        if analyzer is not None:
            texts["auto"] = analyzer(inp_t).described
        for method, text in texts.items():
            if methods is not None and method not in methods:
                continue
            add(name, method, _np(restorer.restore_tensor(_u8(inp_t), text)), clean)

    cbsd = sorted(BENCHMARK.glob("*.png"))[:limit]
    for i, path in enumerate(cbsd):
        clean_t = load_photo(path, 10_000).float() / 255
        for name, task in cbsd68_tasks(i).items():
            if tasks is None or name in tasks:
                run(name, task, clean_t, i)
        progress(f"CBSD68 {i + 1}/{len(cbsd)}")
    held = list_photos(*[p for p in TRAIN_PHOTOS if p.exists()], part="held_out")[:held_out_limit]
    for i, path in enumerate(held):
        clean_t = load_photo(path, 768).float() / 255
        for name, task in tasks_for(i).items():
            if name.startswith("noise") and name != "noise25":
                continue  # CBSD68 covers the noise levels
            if tasks is None or name in tasks:
                run(name, task, clean_t, i)
        progress(f"held-out {i + 1}/{len(held)}")
    return [{"task": t, "method": m, "psnr": round(float(np.mean([v[0] for v in vals])), 2),
             "ssim": round(float(np.mean([v[1] for v in vals])), 4), "images": len(vals)}
            for (t, m), vals in results.items()]


METHODS = ["input", "classical", "auto", "oracle", "paraphrase", "wrong", "blind"]


def table(rows: list[dict]) -> str:
    """Markdown: a row per task, PSNR / SSIM per method; a method run on fewer images says how many."""
    tasks = list(dict.fromkeys(r["task"] for r in rows))
    present = [m for m in METHODS if any(r["method"].split(" ")[0] == m for r in rows)]
    lines = ["| task | images | " + " | ".join(present) + " |", "|---|---|" + "---|" * len(present)]
    for t in tasks:
        found = {m: next((r for r in rows if r["task"] == t and r["method"].split(" ")[0] == m), None) for m in present}
        n = max(r["images"] for r in found.values() if r)
        cells = []
        for m, r in found.items():
            notes = ([r["method"].split(" ", 1)[1].strip("()")] if r and m == "classical" else []) + (
                [f"{r['images']} images"] if r and r["images"] < n else [])
            cells.append("–" if r is None else f"{r['psnr']:.2f} / {r['ssim']:.3f}"
                         + (f" ({', '.join(notes)})" if notes else ""))
        lines.append(f"| {t} | {n} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def chart(rows: list[dict], path: Path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    tasks = list(dict.fromkeys(r["task"] for r in rows))
    methods = [m for m in METHODS if any(r["method"].split(" ")[0] == m for r in rows)]
    fig, ax = plt.subplots(figsize=(max(8, 1.3 * len(tasks)), 4.5))
    width = 0.8 / len(methods)
    for j, m in enumerate(methods):
        vals = [next((r["psnr"] for r in rows if r["task"] == t and r["method"].split(" ")[0] == m), 0) for t in tasks]
        ax.bar(np.arange(len(tasks)) + j * width, vals, width, label=m)
    ax.set_xticks(np.arange(len(tasks)) + 0.4 - width / 2, tasks, rotation=20)
    ax.set_ylabel("PSNR (dB)")
    ax.set_ylim(bottom=min(r["psnr"] for r in rows) - 2)
    ax.legend(ncol=len(methods), fontsize=8)
    ax.set_title("Restoration by task: input, classical baseline and the DC-former under each description")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# --- does the text matter? -------------------------------------------------------------------

def high_frequency_energy(x: torch.Tensor) -> float:
    """Mean squared Laplacian response: what grain and fine detail contribute."""
    g = x.mean(0, keepdim=True)[None]
    k = torch.tensor([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=g.dtype).view(1, 1, 3, 3)
    return float(torch.nn.functional.conv2d(g, k).pow(2).mean())


def text_checks(restorer, count: int = 20) -> dict:
    """BRIEF section 2's promises, measured on held-out photos.

    (a) oracle minus wrong-description PSNR, averaged over tasks (from the table);
    (b) severity words act monotonically: "slight" < "moderate" < "heavy" noise removes more
        high-frequency energy; "slightly dim" < "dark" < "very dark" brightens more;
    (c) a clean photo described as clean comes back unchanged (PSNR against itself).
    """
    from .data import list_photos, load_photo

    held = list_photos(*[p for p in TRAIN_PHOTOS if p.exists()], part="held_out")[:count]
    noise_words = ["The photo has slight noise.", "The photo has moderate noise.", "The photo has heavy noise."]
    dark_words = ["The photo is slightly dim.", "The photo is dark.", "The photo is very dark."]
    mono_noise = mono_dark = 0
    clean_psnr = []
    for i, path in enumerate(held):
        clean = load_photo(path, 768)
        noisy = _u8(degrade.apply(clean.float() / 255, [degrade.noise(30, seed=i)]))
        hf = [high_frequency_energy(restorer.restore_tensor(noisy, t)) for t in noise_words]
        mono_noise += hf[0] > hf[1] > hf[2]
        dark = _u8(degrade.apply(clean.float() / 255, [degrade.low_light(0.06, 1.2, seed=i)]))
        means = [float(restorer.restore_tensor(dark, t).mean()) for t in dark_words]
        mono_dark += means[0] < means[1] < means[2]
        clean_psnr.append(metrics(_np(restorer.restore_tensor(clean, "The photo looks clean.")), _np(clean.float() / 255))[0])
    n = len(held)
    return {"images": n, "noise_monotonic": mono_noise / n, "dark_monotonic": mono_dark / n,
            "clean_psnr_mean": round(float(np.mean(clean_psnr)), 2), "clean_psnr_min": round(float(np.min(clean_psnr)), 2)}


def speed(restorer, megapixels=(1.0,), repeats: int = 1) -> dict:
    """Seconds per megapixel for the blind restore of a random photo-like image."""
    out = {}
    for mp in megapixels:
        side_w = int(math.sqrt(mp * 1e6 * 4 / 3))
        side_h = int(mp * 1e6 / side_w)
        x = (torch.rand(3, side_h // 8, side_w // 8) * 255).to(torch.uint8)
        x = torch.nn.functional.interpolate(x[None].float(), size=(side_h, side_w), mode="bilinear")[0].to(torch.uint8)
        # Warm up at the timed size: on an H100 the first pass at a new size was 2-5x slower.
        restorer.restore_tensor(x, "The photo has moderate noise.")
        if restorer.device.type == "cuda":
            torch.cuda.synchronize()
        t = time.perf_counter()
        for _ in range(repeats):
            restorer.restore_tensor(x, "The photo has moderate noise.")
        if restorer.device.type == "cuda":
            torch.cuda.synchronize()
        out[f"{mp:g}MP"] = round((time.perf_counter() - t) / repeats / (side_h * side_w / 1e6), 3)
    return out


def peak_memory(width: int = 4000, height: int = 3000, device: str | None = None, precision: str = "auto",
                checkpoint: str | None = None, text_encoder_path: str | None = None, ensemble: bool = False) -> dict:
    """Restore a width x height photo through the CLI in a fresh process, with the checkpoint, text encoder and
    ensemble given (None: the shipped ones); its peak RSS and time."""
    import subprocess
    import sys
    import tempfile

    from .data import list_photos, load_photo
    from .restorer import tensor_to_image

    with tempfile.TemporaryDirectory() as tmp:
        src = list_photos(*[p for p in TRAIN_PHOTOS if p.exists()], part="held_out")[0]
        photo = load_photo(src).float()[None] / 255
        big = torch.nn.functional.interpolate(photo, size=(height, width), mode="bicubic", align_corners=False)[0]
        noisy = degrade.apply(big.clamp(0, 1), [degrade.noise(20, seed=0)])
        tensor_to_image(noisy).save(f"{tmp}/big.png")
        cmd = [sys.executable, "-m", "restoration", "restore", f"{tmp}/big.png", "-o", f"{tmp}/out.png",
               "--text", "The photo has mild noise.", "--precision", precision] + (["--device", device] if device else [])
        cmd += (["--checkpoint", str(checkpoint)] if checkpoint else []) + ["--ensemble"] * ensemble + (
            ["--text-encoder-path", str(text_encoder_path)] if text_encoder_path else [])
        # A forked child's peak RSS starts at its parent's resident size, so the CLI is started
        # from a small Python process that reports its one child's peak (and passes on its error).
        wrapper = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
                   "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.stderr.write(r.stderr); "
                   "sys.exit(r.returncode)")
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True)
        seconds = time.perf_counter() - t
        if done.returncode:
            said = done.stderr.strip().splitlines()  # (its last line: the error; none where it was killed)
            raise ValueError(f"the {width} x {height} restore failed: {said[-1] if said else done.returncode}")
        rss_kb = int(done.stdout.split()[-1])
    return {"megapixels": round(width * height / 1e6, 1), "peak_rss_gb": round(rss_kb / 2 ** 20, 2),
            "seconds_whole_process": round(seconds, 1)}


def checkpoint_name(path) -> str:
    """How a report names a checkpoint: its path in the repository where it lies inside it, the same in every
    checkout of it (QA 58 F04: an absolute path refused the committed table's updates in any clone), else its
    absolute path."""
    path, root = Path(path).resolve(), Path(__file__).resolve().parent.parent
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def _same_checkpoint(old: str | None, new: str) -> bool:
    """Reports before QA 58 named even the repository's checkpoints by their absolute path in the checkout that
    wrote them (/work/main/weights/dcformer-small)."""
    return old == new or bool(old and Path(old).is_absolute() and not Path(new).is_absolute()
                              and Path(old).parts[-len(Path(new).parts):] == Path(new).parts)


def _measured(report: dict) -> str:
    return (f"{report.get('checkpoint')} on {report.get('device')} in {report.get('precision')}"
            + " with the mirror-image ensemble" * bool(report.get("ensemble")))


def main(args):
    """Measure what the flags ask for; report.json in --out keeps earlier figures it did not re-measure, and one
    of another checkpoint, device, precision or ensemble is refused rather than replaced."""
    from . import Restorer
    from .analyzer import analyze_tensor
    from .train import check_writable

    if args.skip_table and not (args.text_checks or args.speed or args.memory):
        raise ValueError("nothing to measure: --skip-table without --text-checks, --speed or --memory")
    out = Path(args.out)
    table_tasks = [*cbsd68_tasks(0), *(n for n in tasks_for(0) if n == "noise25" or not n.startswith("noise"))]
    unknown = [t for t in args.tasks or [] if t not in table_tasks]
    if unknown:  # (it had measured nothing, written an empty table.md and failed in the chart: a traceback)
        raise ValueError(f"--tasks {unknown[0]!r} is no task of the table (its tasks: "
                         f"{', '.join(repr(t) for t in table_tasks)})")
    check_writable(out)  # before the minutes of measuring (a read-only --out had lost them in a traceback)
    restorer = Restorer.from_pretrained(args.checkpoint, device=args.device, text_encoder_path=args.text_encoder_path,
                                        precision=args.precision, ensemble=args.ensemble)
    report = {"checkpoint": checkpoint_name(restorer.info["path"]), "device": str(restorer.device),
              "precision": str(restorer.dtype).removeprefix("torch."), "ensemble": restorer.ensemble}
    previous = json.loads((out / "report.json").read_text()) if (out / "report.json").exists() else {}
    previous.setdefault("precision", "float32" if previous.get("device") == "cpu" else None)  # reports before bfloat16 on CPUs
    previous.setdefault("ensemble", False)  # reports before the mirror-image ensemble
    same = ("device", "precision", "ensemble")
    if (out / "report.json").exists() and ([previous.get(k) for k in same] != [report[k] for k in same]
                                           or not _same_checkpoint(previous.get("checkpoint"), report["checkpoint"])):
        # figures of another model, device, precision or ensemble cannot be kept beside these, and are not
        # dropped unasked either: the default --out is the committed docs/eval (QA 58 F03)
        raise ValueError(f"{out / 'report.json'} holds the figures of {_measured(previous)}, not of "
                         f"{_measured(report)}: give another --out (or delete that report first)")
    if args.methods and "rows" not in previous:
        raise ValueError(f"--methods updates a table, and {out / 'report.json'} has none for this checkpoint, "
                         "device, precision and ensemble")
    if args.methods and args.no_auto and "auto" in args.methods:
        raise ValueError("--methods auto needs the analyzer: leave out --no-auto")
    commands = previous.get("commands", []) + [args.command_line]
    out.mkdir(parents=True, exist_ok=True)  # only now: input refused above leaves no folder behind
    t = time.time()
    if not args.skip_table:
        rows = evaluate(restorer, limit=args.limit, held_out_limit=args.held_out_limit, bm3d_limit=args.bm3d_limit,
                        analyzer=None if args.no_auto else analyze_tensor, tasks=args.tasks, methods=args.methods)
        if previous.get("rows") and (args.methods or args.tasks):  # those figures replace their old ones; the
            # rest of the table stays
            fresh = {(r["task"], r["method"]) for r in rows}
            order = [*cbsd68_tasks(0), *tasks_for(0)]  # the table's order, whichever rows are new
            rows = sorted([r for r in previous["rows"] if (r["task"], r["method"]) not in fresh] + rows,
                          key=lambda r: order.index(r["task"]) if r["task"] in order else len(order))
        if not rows:  # an empty table (nothing measured, nothing kept): the chart had failed on it in a traceback
            raise ValueError("no photo was measured (--limit or --held-out-limit 0, or --tasks of a set not here)")
        report["rows"] = rows
        (out / "table.md").write_text(table(rows) + "\n")
        chart(rows, out / "chart.png")
        print(table(rows))
    if args.text_checks:
        report["text_checks"] = text_checks(restorer, args.text_checks)
        print("text checks:", report["text_checks"])
    if args.speed:
        report["seconds_per_megapixel"] = speed(restorer, (0.25, 1.0))
        print("seconds per megapixel:", report["seconds_per_megapixel"])
    if args.memory:
        report["12MP"] = peak_memory(device=args.device, precision=args.precision, checkpoint=restorer.info["path"],
                                     text_encoder_path=args.text_encoder_path, ensemble=args.ensemble)
        print("12-megapixel restore:", report["12MP"])
    report["minutes"] = round((time.time() - t) / 60, 1)
    report = {**previous, **report, "commands": commands}
    (out / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
