"""Fit and evaluate the degradation analyzer (restoration/analyzer.py) on synthetic degradations.

    # 1. measurements on synthetic degradations of the TRAINING photos (never held-out ones)
    python scripts/analyzer_report.py features -o runs/analyzer/train.pkl
    # 2. fit the detection / severity constants and write them into restoration/analyzer.py
    python scripts/analyzer_report.py fit runs/analyzer/train.pkl --write
    python scripts/analyzer_report.py faded runs/analyzer/train.pkl runs/analyzer/docs.pkl  # analyzer.faded
    # 3. the acceptance numbers on HELD-OUT photos (markdown, as in docs/analyzer.md)
    python scripts/analyzer_report.py evaluate
    python scripts/analyzer_report.py levels      # noise sigma at fixed levels, held-out photos
    python scripts/analyzer_report.py benchmark   # CBSD68, report only
    python scripts/analyzer_report.py speed       # a 12-megapixel photo

Photos: CBSD432 (../shared/datasets/CBSD432) and data/photos, split by `restoration.data`
(`part="train"` for fitting, `part="held_out"` for the report), long side at most 1024 as in
training; and pages of text rendered here (`document`, seeds below 10000 for fitting, from 10000
for the report): natural photos alone taught the haze detector that a bright, low-contrast page
is haze. Degradations come from `restoration.degrade` at severities uniform in 0.1-1.
Runs on 2 worker processes with one thread each.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import pickle
import random
import re
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from restoration import analyzer, degrade  # noqa: E402
from restoration.data import BENCHMARK, MIXTURES, TRAIN_PHOTOS, list_photos, load_photo  # noqa: E402

PHOTOS = [TRAIN_PHOTOS, ROOT / "data" / "photos"]
# The evaluation set: clean photos, each kind alone, LLMRA's two mixtures, and the pairs where one kind hid the
# other from a detector not fitted on them: haze under noise, haze under JPEG (helper 53a: missed on 7 of 8).
CASES = [(), ("noise",), ("rain",), ("low_light",), ("blur",), ("jpeg",), ("haze",),
         ("low_light", "noise"), ("rain", "noise"), ("haze", "noise"), ("haze", "jpeg")]
# A faded print (`faded`) is none of the kinds: brightening one took it further from its original (qa54b F03: 20.97
# -> 14.37 dB; restored with its grain alone named, 21.75). It is measured, grainy or not, but not fitted:
# as negatives, faded prints cost the detectors dim and hazy photos (docs/analyzer.md, "Faded prints"); the
# `faded` command chooses analyzer.faded's thresholds on them instead. Its draws come from a random generator of its own,
# so the other cases are the same images as without it.
FADED_CASES = [("faded",), ("faded", "noise")]
MODELLED = analyzer.MODELLED  # kinds detected by a fitted logistic model
# measured on native-resolution crops (analyzer._local_features), so they move with the photo's size
NATIVE = ("r_peak", "r_far", "r_ratio", "r_ratio_far", "r_spread", "r_vert", "t_peak", "t_vpeak", "t_far", "grad_aniso",
          "g99", "blur_12", "blur_24", "log_e1", "log_e4")
# A photo's own JPEG history is not evidence of other kinds; the noise details are in "sigma"; the native brightest 1%
# and the flat share are read by vetoes (analyzer.lit_to_full_scale, analyzer.drawn), not by the models.
EXCLUDED = ("jpeg_score", "jpeg_quality", "noise_rho", "sigma_raw", "sigma_luma_raw", "noise_spread", "sigma_chroma",
            "luma_noise_raw", "sigma_jpeg", "log_p99_max_native", "flat_share", "level_step", "top_level")
NOISE_CONSTANTS = ("NOISE_GAIN_COLOUR", "NOISE_GAIN_LUMA", "NOISE_GAIN_SPREAD", "NOISE_FLOOR")


def photos(part: str) -> list[Path]:
    return list_photos(*[p for p in PHOTOS if p.exists()], part=part)


HELD_OUT_DOCUMENTS = 10_000  # document seeds from here on are for the report only


def document(seed: int) -> torch.Tensor:
    """A photographed or scanned page of text, float [3, H, W] in [0, 1]: paper from white to
    tinted under uneven light, dark ink in lines of book to headline sizes, sometimes a little
    rotated, the faint noise of a camera."""
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(seed)
    w, h = rng.choice([(800, 600), (640, 480), (1024, 768), (600, 800), (560, 300)])
    scan = rng.random() < 0.4
    paper = [rng.randint(235, 255)] * 3 if scan else [rng.randint(190, 250) for _ in range(3)]
    page = Image.new("RGB", (w, h), tuple(paper))
    draw = ImageDraw.Draw(page)
    ink = tuple(rng.randint(0, 70) for _ in range(3))
    sizes = [9, 10, 11, 12, 13, 14, 16] if rng.random() < 0.6 else [12, 16, 20, 24, 32, 40]
    y = rng.randint(5, 40)
    while y < h - 20:
        size = rng.choice(sizes)
        font = ImageFont.load_default(size)
        x = rng.randint(10, 60) + (rng.random() < 0.2) * rng.randint(50, w // 3)  # indents, centred formulas
        while x < w - 40:
            word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyzetaoinshr,.()=+") for _ in range(rng.randint(1, 10)))
            draw.text((x, y), word, fill=ink, font=font)
            x += draw.textlength(word + " ", font=font)
        y += int(size * rng.uniform(1.2, 2.2))
    if rng.random() < 0.3:
        page = page.rotate(rng.uniform(-6, 6), Image.Resampling.BICUBIC, fillcolor=tuple(paper))
    x = torch.from_numpy(np.asarray(page, dtype=np.float32) / 255).permute(2, 0, 1)
    gy, gx = torch.meshgrid(torch.linspace(-1, 1, h), torch.linspace(-1, 1, w), indexing="ij")
    shade = 0.0 if scan else 1.0
    light = 1 + shade * (rng.uniform(-0.15, 0.15) * gx + rng.uniform(-0.15, 0.15) * gy - rng.uniform(0, 0.2) * (gx ** 2 + gy ** 2))
    g = torch.Generator().manual_seed(seed)
    return (x * light + torch.randn(x.shape, generator=g) * rng.uniform(0, 2) / 255).clamp(0, 1)


def faded(x: torch.Tensor, rng: random.Random) -> torch.Tensor:
    """An old print, float [3, H, W] in [0, 1]: colour drained (to black and white in a third of them), blacks lifted
    and whites dimmed, often yellowed or sepia."""
    grey = 0.299 * x[0] + 0.587 * x[1] + 0.114 * x[2]
    y = grey + rng.choice([0.0, rng.uniform(0.2, 0.9), rng.uniform(0.2, 0.9)]) * (x - grey)
    lift, top = rng.uniform(0.04, 0.25), rng.uniform(0.6, 0.88)
    y = lift + (top - lift) * y
    if rng.random() < 0.6:
        a = rng.uniform(0.02, 0.12)
        y = y * torch.tensor([1 + a, 1.0, 1 - 1.5 * a]).view(3, 1, 1)
    return y.clamp(0, 1)


def _source(source) -> tuple[str, torch.Tensor]:
    """A photo path or a document seed -> (name, float [3, H, W])."""
    if isinstance(source, int):
        return f"document-{source}", document(source)
    return source.name, load_photo(source, 1024).float() / 255


def _u8(x: torch.Tensor) -> np.ndarray:
    return (x.clamp(0, 1) * 255).round().to(torch.uint8).permute(1, 2, 0).numpy()


def _cases_for_photo(job):
    """Degrade one photo in every case; return (case record, RGB uint8 array) pairs."""
    source, seed, reps, extra_mixture = job
    torch.set_num_threads(1)
    name, clean = _source(source)
    rng = random.Random(seed)
    out = []
    for rep in range(reps):
        cases = list(CASES)
        if extra_mixture:
            cases.append(rng.choices([k for _, k in MIXTURES], weights=[w for w, _ in MIXTURES])[0])
        for kinds in cases:
            degs = [degrade.sample(k, rng, 0.1, 1.0) for k in kinds]
            a = _u8(degrade.apply(clean, degs))
            out.append(({"photo": name, "rep": rep, "kinds": tuple(kinds),
                         "severity": {d.kind: d.severity for d in degs},
                         "style": {d.kind: d.style for d in degs}}, a))
        if isinstance(source, int):
            continue  # (pages are not prints)
        fade_rng = random.Random(f"faded-{seed}-{rep}")
        for kinds in FADED_CASES:
            degs = [degrade.sample(k, fade_rng, 0.1, 0.6) for k in kinds[1:]]
            a = _u8(degrade.apply(faded(clean, fade_rng), degs))
            out.append(({"photo": name, "rep": rep, "kinds": kinds, "severity": {d.kind: d.severity for d in degs},
                         "style": {d.kind: d.style for d in degs}}, a))
    return out


def _features_job(job):
    return [(rec, analyzer.features(a)) for rec, a in _cases_for_photo(job)]


def _analyze_job(job):
    out = []
    for rec, a in _cases_for_photo(job):
        t = time.perf_counter()
        res = analyzer.analyze_tensor(torch.from_numpy(a).permute(2, 0, 1).float() / 255)
        rec["seconds"] = time.perf_counter() - t
        out.append((rec, res))
    return out


def _pool_map(fn, jobs, workers):
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    with ProcessPoolExecutor(workers) as ex:
        results = []
        for i, r in enumerate(ex.map(fn, jobs)):
            results += r
            if (i + 1) % 20 == 0 or i + 1 == len(jobs):
                print(f"  {i + 1}/{len(jobs)} photos", file=sys.stderr, flush=True)
    return results


# --- fit ---------------------------------------------------------------------------------------

def _derived(f: dict) -> dict:
    f = dict(f)
    f["jpeg_sev"] = analyzer.jpeg_severity(f["jpeg_score"], f["jpeg_quality"])
    return f


def _fit_noise(rows) -> list[float]:
    """sigma^2 = gain * raw^2 - floor (see analyzer.py), least squares on the noise-only photos
    (not the rendered pages: their letter strokes would bias a gain meant for photographs; not
    demosaiced noise either: that one is read by the chroma estimate, calibrated on its own)."""
    from scipy.optimize import least_squares

    t, raw, rho, spread = map(np.array, zip(*[
        (rec["severity"]["noise"] * degrade.MAX_SIGMA, f["sigma_raw"], f["noise_rho"], f["noise_spread"])
        for rec, f in rows if rec["kinds"] == ("noise",) and not rec["photo"].startswith("document-")
        and not rec["style"]["noise"].get("mosaic", False)]))

    def sigma(p):
        g = p[0] + (p[1] - p[0]) * rho + p[2] * (spread - analyzer.NOISE_SPREAD_REF)
        return np.sqrt(np.maximum(g * raw * raw - p[3], 0))

    current = [getattr(analyzer, n) for n in NOISE_CONSTANTS]
    p = [round(float(v), 3) for v in least_squares(lambda p: sigma(p) - t, current).x]
    before, after = np.abs(sigma(current) - t).mean(), np.abs(sigma(p) - t).mean()
    print(f"noise ({len(t)} photos): {', '.join(NOISE_CONSTANTS)}: current {current}, fitted {p}; "
          f"MAE {before:.3f} -> {after:.3f}" + ("" if after < before - 0.01 else "; the current ones kept"))
    return p if after < before - 0.01 else current  # (another draw of the same photos is no reason to move them)


def fit(args):
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.metrics import f1_score

    data = [row for f in args.features for row in pickle.load(open(f, "rb")) if row[0]["kinds"][:1] != ("faded",)]
    rows = [(rec, _derived(f)) for rec, f in data]
    kinds = args.kinds or MODELLED
    partial = set(kinds) != set(MODELLED)
    if partial and analyzer._MODELS is None:
        sys.exit("--kinds needs fitted models in analyzer.py to keep; refit every kind")
    # (the models kept read sigma as the current constants give it)
    noise = [getattr(analyzer, n) for n in NOISE_CONSTANTS] if partial else _fit_noise(rows)
    for name, value in zip(NOISE_CONSTANTS, noise):  # the models see sigma as it will be measured
        setattr(analyzer, name, value)
    for _, f in rows:
        f["sigma"] = analyzer.with_chroma(analyzer.noise_sigma_from(f["sigma_raw"], f["noise_rho"], f["noise_spread"]),
                                          f["sigma_chroma"])
        f["sigma_luma"] = analyzer.noise_sigma_from(f["sigma_luma_raw"], f["noise_rho"], f["noise_spread"], luma=True)
        f["log_sigma"] = math.log(f["sigma"] + 1)
    names = [n for n in rows[0][1] if n not in EXCLUDED]
    X = np.array([[f[n] for n in names] for _, f in rows], dtype=np.float64)
    if partial:  # the others' models kept, and the standardisation they read
        models = dict(analyzer._MODELS)
        if models["features"] != names:
            sys.exit("--kinds needs the measurements the current models read; refit every kind")
        mean, scale = np.array(models["mean"]), np.array(models["scale"])
    else:
        mean, scale = X.mean(0), X.std(0) + 1e-9
        models = {"features": names, "mean": [round(v, 6) for v in mean], "scale": [round(v, 6) for v in scale]}
    Z = (X - mean) / scale
    native = [i for i, n in enumerate(names) if n in NATIVE]
    for kind in kinds:
        y = np.array([kind in rec["severity"] for rec, _ in rows])
        Zk = Z.copy()
        if kind in (args.global_only or ()):  # the crops' measurements read as zero: their coefficients stay 0
            Zk[:, native] = 0.0
        clf = LogisticRegression(C=args.C, max_iter=20000).fit(Zk, y)
        sev = np.array([rec["severity"].get(kind, 0.0) for rec, _ in rows])
        reg = Ridge(alpha=1.0).fit(Zk[y], sev[y])
        pred = reg.predict(Zk[y])
        models[kind] = {"detect": [round(float(v), 5) for v in clf.coef_[0]], "detect_bias": round(float(clf.intercept_[0]), 5),
                        "severity": [round(float(v), 5) for v in reg.coef_], "severity_bias": round(float(reg.intercept_), 5)}
        print(f"{kind:10s} train F1 {f1_score(y, clf.predict(Zk)):.3f}  severity MAE (positives) "
              f"{np.abs(np.clip(pred, 0.1, 1) - sev[y]).mean():.3f}")
    block = ("# BEGIN FITTED (scripts/analyzer_report.py fit --write; do not edit by hand)\n"
             + "".join(f"{n} = {v}\n" for n, v in zip(NOISE_CONSTANTS, noise))
             + f"_MODELS = json.loads('''\n{json.dumps(models, indent=None)}\n''')\n"
             "# END FITTED")
    if args.write:
        path = ROOT / "restoration" / "analyzer.py"
        src = path.read_text()
        new, n = re.subn(r"# BEGIN FITTED.*?# END FITTED", lambda m: block, src, flags=re.S)
        if n != 1:
            sys.exit("the FITTED markers were not found in analyzer.py")
        path.write_text(new)
        print(f"wrote the constants into {path}")
    else:
        print(block)


# --- evaluate ----------------------------------------------------------------------------------

def _f1(tp, fp, fn):
    return 2 * tp / max(2 * tp + fp + fn, 1)


def _detection_lines(results, what: str) -> list[str]:
    """Precision / recall / F1 per kind, and how many clean images were reported clean."""
    lines = ["| kind | precision | recall | F1 | positives |", "|---|---|---|---|---|"]
    for kind in degrade.KINDS:
        tp = sum(kind in r.found and kind in rec["severity"] for rec, r in results)
        fp = sum(kind in r.found and kind not in rec["severity"] for rec, r in results)
        fn = sum(kind not in r.found and kind in rec["severity"] for rec, r in results)
        lines.append(f"| {kind} | {tp / max(tp + fp, 1):.3f} | {tp / max(tp + fn, 1):.3f} | "
                     f"**{_f1(tp, fp, fn):.3f}** | {tp + fn} |")
    clean = [r for rec, r in results if not rec["kinds"]]
    lines += ["", f"Clean {what} reported clean (nothing >= 0.1): **{sum(not r.found for r in clean)}/{len(clean)} "
              f"= {sum(not r.found for r in clean) / max(len(clean), 1):.1%}**"]
    wrong = Counter(k for r in clean for k in r.found)
    if wrong:
        lines.append(f"(false findings on clean {what}: " + ", ".join(f"{k} {n}" for k, n in wrong.most_common()) + ")")
    return lines


def evaluate(args):
    held = photos("held_out")
    jobs = [(p, 1000 + i, args.reps, False) for i, p in enumerate(held)]
    print(f"held-out photos: {len(held)}, cases per photo: {len(CASES) * args.reps}", file=sys.stderr)
    results = _pool_map(_analyze_job, jobs, args.workers)
    lines = [f"Held-out photos: {len(held)} ({args.reps} random draws of each case per photo, "
             f"{len(results)} images; severities uniform in 0.1-1).", ""]
    lines += _detection_lines(results, "photos")
    prints = [r for rec, r in results if rec["kinds"][:1] == ("faded",)]
    told = Counter(k for r in prints for k in r.found if k in ("low_light", "haze"))
    either = sum(bool({"low_light", "haze"} & set(r.found)) for r in prints)
    lines += ["", f"Faded prints (`faded`, half of them grainy) called dim or hazy: **{either}/{len(prints)}** "
              f"(dim {told['low_light']}, hazy {told['haze']})"]
    colour_only = sum(r.colour_only_noise for _, r in results)  # (synthesis puts no noise in the colour alone)
    lines += ["", f"Read as noise in the colour alone (`colour_only_noise`, whose restore keeps the luma): "
              f"**{colour_only}/{len(results)}**"]
    # noise sigma
    lines += ["", "Noise sigma, mean absolute error on the 0-255 scale (true sigma 5-50):", "",
              "| case | images | MAE | bias | 90th pct error |", "|---|---|---|---|---|"]

    def err_rows(label, sel):
        e = [r.noise_sigma - rec["severity"]["noise"] * degrade.MAX_SIGMA for rec, r in results if sel(rec)]
        if e:
            a = np.abs(e)
            lines.append(f"| {label} | {len(e)} | **{a.mean():.2f}** | {np.mean(e):+.2f} | {np.percentile(a, 90):.2f} |")

    noisy = lambda rec: "noise" in rec["severity"]  # noqa: E731
    err_rows("all noisy images", noisy)
    err_rows("noise alone", lambda rec: rec["kinds"] == ("noise",))
    alone = lambda rec, mosaic=False: rec["kinds"] == ("noise",) and rec["style"]["noise"].get("mosaic", False) == mosaic  # noqa: E731
    err_rows("- colour noise (independent channels)", lambda rec: alone(rec) and rec["style"]["noise"]["colour"] == 1.0)
    err_rows("- luminance noise (same in all channels)", lambda rec: alone(rec) and rec["style"]["noise"]["colour"] == 0.0)
    err_rows("- a camera's (demosaiced)", lambda rec: alone(rec, mosaic=True))
    err_rows("- signal-dependent share > 0", lambda rec: rec["kinds"] == ("noise",) and rec["style"]["noise"]["signal_dependent"] > 0)
    err_rows("dark + noisy (low_light + noise)", lambda rec: rec["kinds"] == ("low_light", "noise"))
    err_rows("rain + noise", lambda rec: rec["kinds"] == ("rain", "noise"))
    err_rows("haze + noise", lambda rec: rec["kinds"] == ("haze", "noise"))
    # severities
    lines += ["", "Severity mean absolute error where the kind is present and found (0-1 scale):", "",
              "| kind | MAE |", "|---|---|"]
    for kind in degrade.KINDS:
        e = [abs(r.degradations[kind] - rec["severity"][kind]) for rec, r in results
             if kind in rec["severity"] and kind in r.found]
        if e:
            lines.append(f"| {kind} | {np.mean(e):.3f} |")
    # confusion table
    lines += ["", "Confusion table: rows are the true set of degradations, columns what was found "
              "(most frequent sets; \"other\" collects the rest).", ""]
    table: dict[str, Counter] = {}
    for rec, r in results:
        t = "+".join(rec["kinds"]) or "clean"
        d = "+".join(k for k in degrade.KINDS if k in r.found) or "clean"
        table.setdefault(t, Counter())[d] += 1
    cols = [c for c, _ in sum(table.values(), Counter()).most_common(args.columns)]
    lines += ["| true \\ found | " + " | ".join(cols) + " | other | correct |", "|---|" + "---|" * (len(cols) + 2)]
    for t in ["+".join(c) or "clean" for c in CASES + FADED_CASES]:
        row = table.get(t, Counter())
        canon = "+".join(k for k in degrade.KINDS if k in t.split("+")) or "clean"
        cells = [str(row.get(c, 0)) if row.get(c, 0) else "" for c in cols]
        other = sum(v for k, v in row.items() if k not in cols)
        lines.append(f"| {t} | " + " | ".join(cells) + f" | {other or ''} | {row.get(canon, 0) / max(sum(row.values()), 1):.0%} |")
    if args.documents:
        jobs = [(HELD_OUT_DOCUMENTS + i, 1000 + i, 1, False) for i in range(args.documents)]
        docs = _pool_map(_analyze_job, jobs, args.workers)
        lines += ["", f"Rendered pages of text (`document`, seeds from {HELD_OUT_DOCUMENTS}, never fitted on): "
                  f"{args.documents} pages, each case once ({len(docs)} images).", ""]
        lines += _detection_lines(docs, "pages")
    secs = [rec["seconds"] for rec, _ in results]
    lines += ["", f"Analysis time per image (about 0.15-1 MP, one thread, while other work ran): median "
              f"{statistics.median(secs) * 1000:.0f} ms."]
    print("\n".join(lines))


def speed(args):
    """Seconds for analyze() on a 12-megapixel photo, and on a 0.15-megapixel one."""
    from PIL import Image

    path = photos("held_out")[0]
    small = Image.open(path).convert("RGB")
    x = torch.from_numpy(np.array(small.resize((4000, 3000), Image.Resampling.BICUBIC))).permute(2, 0, 1).float() / 255
    big = degrade.apply(x, [degrade.noise(20, seed=1)])
    big = Image.fromarray(_u8(big))
    out = []
    for name, im in (("12 MP (4000x3000)", big), (f"{small.width}x{small.height}", small)):
        analyzer.analyze(im)  # warm-up
        t = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            analyzer.analyze(im)
            t.append(time.perf_counter() - t0)
        out.append(f"| {name} | {min(t):.3f} | {statistics.median(t):.3f} | {max(t):.3f} |")
    print(f"torch threads: {torch.get_num_threads()}, CPU cores: {os.cpu_count()}, load average: "
          f"{', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    print("| image | min s | median s | max s |\n|---|---|---|---|\n" + "\n".join(out))


def levels(args):
    """Noise alone at fixed sigmas on the held-out photos: bias and MAE, colour and luminance noise."""
    torch.set_num_threads(1)
    held = [load_photo(p, 1024).float() / 255 for p in photos("held_out")]
    print("| sigma | colour noise bias / MAE | luminance noise bias / MAE |\n|---|---|---|")
    for sigma in (5, 10, 20, 30, 40, 50):
        cells = []
        for colour in (1.0, 0.0):
            e = np.array([analyzer.analyze_tensor(degrade.apply(x, [degrade.noise(sigma, seed=i, colour=colour)])).noise_sigma
                          - sigma for i, x in enumerate(held)])
            cells.append(f"{e.mean():+.2f} / {np.abs(e).mean():.2f}")
        print(f"| {sigma} | " + " | ".join(cells) + " |", flush=True)


def benchmark(args):
    """CBSD68 (report only, nothing is fitted on it): clean photos, and colour noise at 15/25/50."""
    folder = BENCHMARK
    paths = sorted(folder.glob("*.png"))
    if not paths:
        sys.exit(f"no CBSD68 images in {folder}")
    torch.set_num_threads(1)
    clean, errs = 0, {15: [], 25: [], 50: []}
    for i, path in enumerate(paths):
        x = load_photo(path, 10_000).float() / 255
        clean += not analyzer.analyze_tensor(x).found
        for sigma in errs:
            a = analyzer.analyze_tensor(degrade.apply(x, [degrade.noise(sigma, seed=i)]))
            errs[sigma].append((a.noise_sigma - sigma, set(a.found) == {"noise"}))
    print(f"CBSD68: {len(paths)} photos; reported clean: {clean}/{len(paths)}")
    print("| sigma | MAE | bias | found exactly {noise} |\n|---|---|---|---|")
    for sigma, v in errs.items():
        e = np.array([d for d, _ in v])
        print(f"| {sigma} | {np.abs(e).mean():.2f} | {e.mean():+.2f} | {sum(ok for _, ok in v)}/{len(v)} |")


def faded_prints(args):
    """How many of the training images read dim a veto on faded prints (analyzer.faded: min_p1 >= t, local_contrast
    < c, mean >= m) would clear: faded prints against truly dim photos and pages of text (its thresholds are chosen
    here, on training images only)."""
    rows = [(rec, _derived(f)) for fn in args.features for rec, f in pickle.load(open(fn, "rb"))]
    veto, analyzer.LIFTED_BLACKS = analyzer.LIFTED_BLACKS, float("inf")
    read = [(rec, f) for rec, f in rows if analyzer.severities(f)["low_light"] >= analyzer.captions.DETECTED]
    analyzer.LIFTED_BLACKS = veto
    prints = [f for rec, f in read if rec["kinds"][:1] == ("faded",)]
    dim = [f for rec, f in read if "low_light" in rec["severity"] and not rec["photo"].startswith("document-")]
    pages = [f for rec, f in read if "low_light" in rec["severity"] and rec["photo"].startswith("document-")]
    print(f"read dim: {len(prints)} faded prints, {len(dim)} dim photos, {len(pages)} dim pages")
    print("| t | c | m | faded prints cleared | dim photos lost | dim pages lost |\n|---|---|---|---|---|---|")
    for t, c, m in [(0.08, float("inf"), 0.0), (0.06, 0.09, 0.0), (0.08, 0.08, 0.0), (0.08, 0.09, 0.0), (0.08, 0.1, 0.0),
                    (0.08, 0.09, 0.2), (0.08, 0.09, 0.25), (0.08, 0.09, 0.3), (0.06, 0.09, 0.25), (0.08, 0.1, 0.25)]:
        cleared = lambda f: f["min_p1"] >= t and f["local_contrast"] < c and f["mean"] >= m  # noqa: E731
        print(f"| {t} | {c} | {m} | {sum(map(cleared, prints))} | {sum(map(cleared, dim))} | {sum(map(cleared, pages))} |")


def features(args):
    paths = [] if args.no_photos else photos(args.part)
    jobs = [(p, i, args.reps, args.part == "train") for i, p in enumerate(paths)]
    jobs += [(seed, len(paths) + seed, args.reps, True) for seed in range(args.documents)]
    print(f"{args.part} photos: {len(paths)}, rendered pages: {args.documents}", file=sys.stderr)
    results = _pool_map(_features_job, jobs, args.workers)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    pickle.dump(results, open(args.out, "wb"))
    print(f"{len(results)} measured images -> {args.out}", file=sys.stderr)


def chroma_noise(args):
    """The gain of the analyzer's chroma noise estimate: demosaiced noise of random sigma on training
    photos (one per photo) against `analyzer.chroma_noise_raw`, and what clean photos read."""
    rng = random.Random(0)
    noisy, sigmas, clean_raw = [], [], []
    for i, path in enumerate(photos("train")[1::5][:args.photos]):
        clean = load_photo(path, 640).float() / 255
        sigma = rng.uniform(3, 45)
        dirty = degrade.apply(clean, [degrade.noise(sigma, seed=i, signal_dependent=rng.choice([0, 0.5, 0.9]), mosaic=True)])
        for x, out in ((clean, clean_raw), (dirty, noisy)):
            out.append(analyzer.chroma_noise_raw(_u8(x).astype(np.float32)[None]))
        sigmas.append(sigma)
    noisy, sigmas, clean_raw = np.array(noisy), np.array(sigmas), np.array(clean_raw)
    floor = analyzer.NOISE_CHROMA_FLOOR
    r = np.sqrt(np.maximum(0, noisy ** 2 - floor ** 2))
    gain = float(np.sum(r * sigmas) / np.sum(r * r))
    err = np.abs(gain * r - sigmas)
    print(f"{len(sigmas)} training photos: NOISE_CHROMA_GAIN = {gain:.3f} (floor {floor}); MAE {err.mean():.2f}, "
          f"median relative error {np.median(err / sigmas):.3f}; clean photos read at most {clean_raw.max():.2f} "
          f"(must stay below the floor)")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("features", help="measure synthetic degradations of the training photos")
    s.add_argument("-o", "--out", default="runs/analyzer/train.pkl")
    s.add_argument("--part", default="train", choices=["train"])  # fitting never sees held-out photos
    s.add_argument("--reps", type=int, default=1)
    s.add_argument("--documents", type=int, default=80, help="rendered pages of text, besides the photos")
    s.add_argument("--no-photos", action="store_true", help="only the rendered pages")
    s.add_argument("--workers", type=int, default=2)
    s.set_defaults(run=features)
    s = sub.add_parser("fit", help="fit the detection and severity constants")
    s.add_argument("features", nargs="+", help="files written by the features command")
    s.add_argument("--C", type=float, default=1.0, help="inverse L2 strength of the logistic models")
    s.add_argument("--kinds", nargs="+", choices=MODELLED, help="refit only these (the others' models are kept)")
    s.add_argument("--global-only", nargs="+", choices=MODELLED, metavar="KIND",
                   help="these kinds read only the whole photo's measurements, not those of its native crops")
    s.add_argument("--write", action="store_true", help="write them into restoration/analyzer.py")
    s.set_defaults(run=fit)
    s = sub.add_parser("faded", help="choose analyzer.faded thresholds on the training images")
    s.add_argument("features", nargs="+", help="files written by the features command")
    s.set_defaults(run=faded_prints)
    s = sub.add_parser("evaluate", help="acceptance numbers on held-out photos (markdown)")
    s.add_argument("--reps", type=int, default=2)
    s.add_argument("--workers", type=int, default=2)
    s.add_argument("--columns", type=int, default=12)
    s.add_argument("--documents", type=int, default=40, help="held-out rendered pages of text")
    s.set_defaults(run=evaluate)
    s = sub.add_parser("chroma-noise", help="the gain of the chroma (demosaiced) noise estimate")
    s.add_argument("--photos", type=int, default=90)
    s.set_defaults(run=chroma_noise)
    s = sub.add_parser("levels", help="noise sigma bias and MAE at fixed levels on held-out photos")
    s.set_defaults(run=levels)
    s = sub.add_parser("benchmark", help="CBSD68 clean and noisy (report only)")
    s.set_defaults(run=benchmark)
    s = sub.add_parser("speed", help="time analyze() on a 12-megapixel photo")
    s.add_argument("--repeat", type=int, default=7)
    s.set_defaults(run=speed)
    args = p.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
