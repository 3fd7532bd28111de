"""Training: clean photos -> random crops -> degradations synthesised on the fly.

Made for short GPU slots: the photos are held in memory and the degradations synthesised on the
training device, or with `--workers N` in N CPU processes ahead of the GPU (faster on a GPU
machine with many cores: the synthesis is many small operations); a checkpoint is written every few
minutes, `--time-budget` stops cleanly before the slot ends, and running the same command
again resumes from the last checkpoint (model, optimiser, schedule and step). The learning
rate follows one cosine over `--steps`, across any number of resumed runs. Runs on CPU, one
GPU, or several with `accelerate launch -m restoration train ...`; in bfloat16 on a GPU and on a
CPU that computes it natively, float32 elsewhere.

Output folder:
  model/     the exportable checkpoint (config.json, model.safetensors, training.json): the
             moving average of the weights (`--ema`), which is also what is validated
  state/     everything needed to resume
             (each checkpoint is written into model.tmp/ and state.tmp/ and then moved into place, so
             a kill while it is written resumes from the one before)
  log.jsonl  loss and validation PSNR over time (of the average and the raw weights; every
             --val-every steps and at the end of each command)
"""

from __future__ import annotations

import contextlib
import copy
import json
import math
import os
import platform
import random
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from safetensors import SafetensorError

from .captions import DEFAULT_NUMBERS, NUMBERED, describe
from .data import IMAGE_SUFFIXES, MIXTURES, Crops, list_photos, loss_weights, make_batch, reweighted
from .model import DCFormer, build, preset_config, preset_of
from .restorer import cpu_has_bfloat16
from .text import MINILM, load_text_encoder


def psnr(a: torch.Tensor, b: torch.Tensor) -> float:
    """PSNR in dB of images in [0, 1], after rounding to 8 bits (the evaluation protocol)."""
    a8, b8 = (a.clamp(0, 1) * 255).round(), (b.clamp(0, 1) * 255).round()
    mse = (a8 - b8).pow(2).mean().item()
    return 100.0 if mse == 0 else 10 * math.log10(255 ** 2 / mse)


def save_checkpoint(model: DCFormer, folder: Path, info: dict, half: bool = False):
    """The exportable checkpoint: config.json + model.safetensors (+ training.json); `half` stores
    the weights in float16 (half the size; they load back into float32).

    The config is the model's as it is now (the mixin would write the one it was loaded with,
    without a --caption-numbers given with --init)."""
    folder.mkdir(parents=True, exist_ok=True)
    card = folder / "README.md"
    had_card = card.exists()
    (copy.deepcopy(model).half() if half else model).save_pretrained(folder, config=model.config)
    if not had_card:  # the mixin's placeholder card ("More Information Needed"); ours is weights/README.md
        card.unlink(missing_ok=True)
    (folder / "training.json").write_text(json.dumps(info, indent=2))
    umask_modes(folder)


def umask_modes(folder: Path):
    """Give the safetensors files under `folder` the mode a new file gets here (0644 under the usual umask 022):
    safetensors writes a temporary file (mode 0600) and renames it into place, which left shipped weights unreadable
    to others. Other files, written as usual or the user's own, are left as they are."""
    umask = os.umask(0)  # (read by setting it: there is no other portable way)
    os.umask(umask)
    for f in folder.rglob("*.safetensors"):
        f.chmod(0o666 & ~umask)


def average_checkpoints(folders: list[Path], out: Path, weights: list[float] | None = None,
                        modules: dict[str, list[float]] | None = None) -> Path:
    """A model soup: the weighted mean of checkpoints of one model (runs continued from one set of
    weights, with one config), saved in float16; its training.json names every part's lineage.
    `modules` gives a module its own weights, one per checkpoint: {"cem": [1, 0]} takes the CEM from
    the first checkpoint and the rest as `weights` say (docs/model_history.md, "Run 7 with the CEM
    shipped before it")."""
    folders = [Path(f) for f in folders]
    if len(folders) < 2:
        raise ValueError("averaging needs at least two checkpoints")
    weights = [1.0] * len(folders) if weights is None else [float(w) for w in weights]
    modules = {name: [float(w) for w in ws] for name, ws in (modules or {}).items()}
    for ws in [weights, *modules.values()]:  # (written so that NaN fails too: it had made an all-NaN checkpoint)
        if len(ws) != len(folders) or not all(0 <= w < math.inf for w in ws) or not 0 < sum(ws) < math.inf:
            raise ValueError("give one weight (finite, >= 0, not all 0) for each checkpoint")
    for f in folders:
        if not (f / "model.safetensors").exists():
            raise FileNotFoundError(f"no checkpoint in {f} (config.json + model.safetensors)")
    out = Path(out)
    check_writable(out)  # before the checkpoints are loaded
    if out.exists() and any(os.path.samefile(out, f) for f in folders):  # (any spelling, a symlink)
        raise ValueError(f"{out} is one of the checkpoints averaged, which the average would replace; give another -o")
    if (out / "model.safetensors").exists():  # (a soup made again is the usual case: said, not refused)
        print(f"note: {out} holds a checkpoint; the average replaces it")
    models = [DCFormer.from_pretrained(f) for f in folders]
    for f, m in zip(folders[1:], models[1:]):
        if m.config != models[0].config:
            raise ValueError(f"{f} is another model than {folders[0]} (their config.json differ): "
                             "only checkpoints of one model can be averaged")
    states = [m.state_dict() for m in models]
    unknown = [name for name in modules if not any(k.startswith(name + ".") for k in states[0])]
    if unknown:
        tops = sorted({k.split(".")[0] for k in states[0]})
        raise ValueError(f"the model has no module {unknown[0]!r} (its modules: {', '.join(tops)})")

    def shares(key: str) -> list[float]:
        ws = max(((n, w) for n, w in modules.items() if key.startswith(n + ".")), key=lambda nw: len(nw[0]),
                 default=(None, weights))[1]  # the longest module name that holds the key
        return [w / sum(ws) for w in ws]

    mean = {k: sum(s[k].float() * share for s, share in zip(states, shares(k))) if v.is_floating_point() else v
            for k, v in states[0].items()}
    models[0].load_state_dict(mean)
    parts = [{"weight": w / sum(weights), "from": str(f),
              **(json.loads((f / "training.json").read_text()) if (f / "training.json").exists() else {}),
              **({"module_weights": {n: ws[i] / sum(ws) for n, ws in modules.items()}} if modules else {})}
             for i, (f, w) in enumerate(zip(folders, weights))]
    save_checkpoint(models[0], out, {"averaged": parts}, half=True)
    return out


def check_preset(preset: str, model: DCFormer, folder: Path, resume: bool):
    """Refuse a --preset that is not the shape of the checkpoint a resume or --init starts from."""
    preset_config(preset)  # (a misspelt name is said so, as for a new model: "another shape" had answered it)
    kept = preset_of(model.config)
    if preset != kept:
        held = f"a {kept!r} model" if kept else "a model of no preset's shape"
        raise ValueError(f"{folder} holds {held}: --preset {preset} is another shape, and "
                         + ("resuming cannot change it (leave --preset out, or use a new --out)" if resume else
                            "--init keeps its checkpoint's (leave --preset out, or --init another checkpoint)"))


def check_writable(folder: Path):
    """Refuse a folder that cannot be written (a read-only disk) before minutes of setup or evaluation, without
    making it: a probe file in it, or in the nearest folder above it that exists (os.access says yes to root)."""
    folder = Path(folder)
    above = next(p for p in [folder, *folder.parents] if p.exists())
    try:
        tempfile.TemporaryFile(dir=above).close()
    except OSError as e:
        raise ValueError(f"cannot write in {folder} ({e.strerror.lower()})") from None


@contextlib.contextmanager
def stopped_by_signals():
    """SIGINT (Ctrl-C) and SIGTERM (a timeout's kill) while it is open: the number of the first is appended to the
    list it yields, for training to stop at the end of the step and write its checkpoint (they had dropped every
    step since the last one, up to --checkpoint-minutes; Ctrl-C with a traceback). A second one acts at once."""
    caught: list[int] = []
    if threading.current_thread() is not threading.main_thread():  # (signal handlers belong to the main thread)
        yield caught
        return
    names = (signal.SIGINT, signal.SIGTERM)
    before = {n: signal.getsignal(n) for n in names}

    def stop(signum, frame):
        caught.append(signum)
        for n in names:
            signal.signal(n, before[n])

    for n in names:
        signal.signal(n, stop)
    try:
        yield caught
    finally:
        for n in names:
            signal.signal(n, before[n])


def finish_checkpoint(out: Path):
    """Complete or drop a checkpoint that a kill interrupted. A checkpoint is written into model.tmp/
    and state.tmp/, state.tmp/step.json last: once that exists the new checkpoint is whole, and the
    folders are moved into place (model first, so that step.json marks it until the end); without
    it the old model/ and state/ are untouched and the partial folders are dropped."""
    whole = (out / "state.tmp" / "step.json").exists()
    for name in ("model", "state"):
        tmp = out / f"{name}.tmp"
        if tmp.exists():
            if whole:
                shutil.rmtree(out / name, ignore_errors=True)
                tmp.rename(out / name)
            else:
                shutil.rmtree(tmp)


class MovingAverage(torch.nn.Module):
    """An exponential moving average of a model's weights: what training validates and exports.

    A step of a small batch moves the tones of dark and hazy photos back and forth by up to a
    dB; the average keeps the trend without the jitter while the learning rate is high, and
    meets the raw weights as a cosine ends (docs/model_history.md, "A moving average of the
    weights"). Its decay warms up as (1 + n) / (10 + n) after n updates, so that it follows a
    young model closely and a trained one over about 1 / (1 - decay) steps."""

    def __init__(self, model: torch.nn.Module, decay: float):
        super().__init__()
        self.model = copy.deepcopy(model).float().eval().requires_grad_(False)
        self.decay = decay
        self.register_buffer("updates", torch.zeros((), dtype=torch.long))

    @torch.no_grad()
    def update(self, model: torch.nn.Module):
        self.updates += 1
        n = self.updates.item()
        decay = min(self.decay, (1 + n) / (10 + n))
        mine = [v for v in self.model.state_dict().values() if v.is_floating_point()]
        theirs = [v.detach().float() for v in model.state_dict().values() if v.is_floating_point()]
        torch._foreach_lerp_(mine, theirs, 1 - decay)


VALIDATION_PHOTOS = 8  # the first held-out photos, by name


def validation_set(paths, device, numbers=DEFAULT_NUMBERS, size: int = 192, count: int = VALIDATION_PHOTOS):
    """Fixed held-out crops with fixed degradations: (task, input, target, text) tuples; the text
    states the numbers of the kinds in `numbers`."""
    from .evaluate import tasks_for

    crops = Crops(paths[:count], size, "cpu")
    rng = random.Random(0)
    clean = crops.sample(len(crops.photos), rng)
    out = []
    for i, c in enumerate(clean):
        for task in tasks_for(i).values():
            if task.name in ("noise15", "noise50"):
                continue
            out.append((task.name, task.degrade(c).to(device), c.to(device), describe(task.severities, numbers)))
    return out


@torch.no_grad()
def validate(model, encoder, items) -> dict[str, float]:
    training = model.training
    model.eval()
    scores: dict[str, list[float]] = {}
    for name, inp, target, text in items:
        y = model(inp[None], encoder([text]))[0].float()
        scores.setdefault(name, []).append(psnr(y, target))
    model.train(training)
    return {k: round(sum(v) / len(v), 3) for k, v in scores.items()}


class Batches(torch.utils.data.IterableDataset):
    """The training batches, step by step: `at(step)` in the training process, or iterated by
    CPU worker processes that synthesise ahead while the GPU trains.

    Worker w makes steps start+w, start+w+W, ...; the loader takes workers in turn, so batches
    arrive in step order, and a step draws the same batch as it does without workers on the CPU
    (synthesis on a GPU draws its noise from the GPU's generator: other noise, same crops and captions).
    """

    def __init__(self, crops: Crops, batch: int, seed: int, start: int, stride: int, offset: int,
                 numbers=DEFAULT_NUMBERS, mixtures=MIXTURES, weights: dict[str, float] | None = None):
        self.crops, self.batch, self.seed, self.numbers, self.mixtures = crops, batch, seed, numbers, mixtures
        self.weights = weights
        self.start, self.stride, self.offset = start, stride, offset

    def at(self, step: int):
        """The batch of training step `step`: (input, target, texts, loss weights)."""
        return make_batch(self.crops.sample(self.batch, step_rng(self.seed, step, self.stride, self.offset)),
                          step_rng(self.seed, step, self.stride, self.offset, 1), self.numbers, self.mixtures,
                          self.weights)

    def __iter__(self):
        info = torch.utils.data.get_worker_info()
        w, n = (info.id, info.num_workers) if info else (0, 1)
        if info:  # many workers share the cores
            torch.set_num_threads(1)
            # Ctrl-C or a timeout's SIGTERM reaches the whole process group: the training process stops at the end of
            # the step and checkpoints (stopped_by_signals); a worker it had killed failed that in a traceback
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        step = self.start + w
        while True:
            yield self.at(step)
            step += n


class Lines:
    """tqdm's progress for a reader that is no terminal (a pipe, a log file): each update on a line
    of its own, written at once. Rewritten with \r, it reaches a pipe's reader late (`tr` buffers
    4 KB), so a device call killed at its time limit lost the lines that said where it stood."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str):
        for line in text.replace("\r", "\n").split("\n"):
            if line.strip():
                self.stream.write(line.rstrip() + "\n")
        self.stream.flush()

    def flush(self):
        self.stream.flush()


def agreed(accelerator, *values: int) -> list[int]:
    """Each value's largest over the processes of `accelerate launch`: they must stop and checkpoint at the same
    step, or one waits for ever in a collective that another has left (a time budget or a signal ends in one
    process before another)."""
    if accelerator.num_processes == 1:
        return [int(v) for v in values]
    flags = torch.tensor([int(v) for v in values], device=accelerator.device)
    torch.distributed.all_reduce(flags, op=torch.distributed.ReduceOp.MAX)
    return flags.tolist()


class NotWritten(Exception):
    """A process could not write its part of a checkpoint: the reason ("OSError: [Errno 28] No space ...")."""


# What the writers of a checkpoint raise when the disk refuses a write (full, read-only, a file too large): Python's
# files an OSError, torch.save's zip writer a RuntimeError, safetensors its SafetensorError. Any other exception
# there is a bug, which keeps its traceback.
WRITE_FAILURES = (OSError, RuntimeError, SafetensorError)


def written_by_all(accelerator, write=None):
    """Call `write` (this process's part of a checkpoint, if it has one), then wait for every process's part and
    raise NotWritten on every process where one failed. A process whose part failed had stopped alone, and the others
    waited in the checkpoint's next barrier: until the distributed time-out (30 minutes) where the failed process hung
    on its way out (batch_workers), else until its end, to fail with gloo's "Connection closed by peer"."""
    reason = None
    try:
        if write is not None:
            write()
    except WRITE_FAILURES as e:
        reason = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
    reasons = [reason]
    if accelerator.num_processes > 1:  # (this gathering is the barrier between the parts)
        reasons = [None] * accelerator.num_processes
        torch.distributed.all_gather_object(reasons, reason)
    failed = next((i for i, r in enumerate(reasons) if r), None)
    if failed is not None:
        here = failed == accelerator.process_index
        raise NotWritten(reasons[failed] if here else f"process {failed}: {reasons[failed]}")


def remove_partial(out: Path):
    """Remove the folders of a checkpoint being written into `out` (model.tmp/, state.tmp/), not the last whole one."""
    for name in ("model.tmp", "state.tmp"):
        shutil.rmtree(out / name, ignore_errors=True)


def discard_partial(out: Path, step: int, failure: NotWritten) -> str:
    """Remove the checkpoint of `step` that `failure` stopped; the line that says so, and which checkpoint is kept."""
    remove_partial(out)
    marker = out / "state" / "step.json"
    kept = json.loads(marker.read_text())["step"] if marker.exists() else None
    return (f"cannot write the checkpoint of step {step} in {out} ({failure}; "
            f"{shutil.disk_usage(out).free / 2 ** 20:.1f} MiB free there); " +
            (f"the checkpoint of step {kept} is kept, and the same command resumes from it"
             if kept is not None else "no checkpoint was written"))


class EveryProcessStops(Exception):
    """A failure that every process knows of: the main process ends with its message, the others quietly."""


@contextlib.contextmanager
def ending_together(accelerator):
    """EveryProcessStops in the block ends every process once each has left the block (its batch workers shut down):
    the main process with its message (a ValueError), the others quietly just after. A launcher ends the other
    processes as soon as one ends, which could have cut the main process short before it said why."""
    try:
        yield
    except EveryProcessStops as e:
        accelerator.wait_for_everyone()
        if accelerator.is_main_process:
            raise ValueError(str(e)) from None
        sys.exit(1)


@contextlib.contextmanager
def batch_workers(batches: Batches, workers: int, pin_memory: bool):
    """An iterator of the batches that `workers` processes make ahead (None without workers), whose processes end
    with the block, however it ends. They ignore SIGTERM (Batches.__iter__): after a failed checkpoint the traceback
    kept this iterator alive, and Python's exit waited for them for ever (a hung GPU slot; under torchrun the other
    processes waited in a collective for the distributed time-out)."""
    if not workers:
        yield None
        return
    loader = iter(torch.utils.data.DataLoader(batches, batch_size=None, num_workers=workers, pin_memory=pin_memory,
                                              prefetch_factor=4))
    try:
        yield loader
    finally:
        # (what the iterator's __del__ calls. DataLoader's public way, dropping the last reference to the iterator,
        # fails where the failure was raised inside it, a batch a worker could not make: its traceback holds the
        # iterator, and that command hung until killed; runs/maint75)
        loader._shutdown_workers()


def step_rng(seed: int, step: int, stride: int, offset: int, stream: int = 0) -> random.Random:
    """The same step always draws the same batch, so a resumed run continues the sequence."""
    return random.Random((seed * 1_000_003 + step * stride + offset) * 2 + stream)


def text_encoder_as_named(name: str | None) -> str | None:
    """--text-encoder as the checkpoint will name it. A CLIP must name its weights (open_clip:<model>:<pretrained>):
    a text tower made at random could not be made again where the checkpoint is loaded. A weights file is named by its
    full path (a relative one had been looked for from wherever the model was loaded: restore in another folder
    failed)."""
    parts = (name or "").split(":", 2)
    if parts[0] != "open_clip":
        return name
    if len(parts) < 3 or not parts[2]:
        raise ValueError(f"--text-encoder {name} names no weights, and a CLIP text tower made at random could not be "
                         "made again where the checkpoint is loaded: open_clip:<model>:<pretrained tag or file>, such "
                         "as open_clip:ViT-B-32:laion2b_s34b_b79k")
    if Path(parts[2]).is_file():
        return ":".join([*parts[:2], str(Path(parts[2]).resolve())])
    return name


def train(args) -> Path:
    from accelerate import Accelerator
    from tqdm import tqdm

    if (args.no_cem or args.text_encoder) and args.init:
        raise ValueError("--no-cem and --text-encoder build a new model; "
                         "--init keeps the configuration of the checkpoint it starts from")
    text_encoder = text_encoder_as_named(args.text_encoder)
    mixtures = reweighted(args.mixture or [])  # read before anything slow: a typo fails at once
    weights = loss_weights(args.loss_weight or [])
    if not 0 <= args.ema < 1:
        raise ValueError(f"--ema is a decay from 0 (no weight average) to below 1, such as 0.999; not {args.ema}")
    check_writable(Path(args.out))  # (a read-only --out had been a traceback after the setup)
    started = time.time()
    torch.backends.cudnn.benchmark = True
    torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = True
    # bfloat16 where it is native: a GPU, or a CPU with AVX-512 BF16 / AMX (1.8x faster steps there)
    bf16 = torch.cuda.is_available() or cpu_has_bfloat16()
    # processes launched without a GPU (torchrun) train together on the CPU over gloo: accelerate pairs processes only
    # over a device's backend (NCCL) or where told the CPU (ACCELERATE_USE_CPU=1), and had let each of them train
    # alone, every one a main process writing the same checkpoint
    launched_on_cpu = int(os.environ.get("WORLD_SIZE", 1)) > 1 and not torch.cuda.is_available()
    accelerator = Accelerator(mixed_precision="bf16" if bf16 else "no", cpu=launched_on_cpu)
    device = accelerator.device
    out = Path(args.out)
    state_dir = out / "state"
    if accelerator.is_main_process:
        finish_checkpoint(out)
    accelerator.wait_for_everyone()
    resume = (state_dir / "step.json").exists()
    saved = json.loads((state_dir / "step.json").read_text()) if resume else {}
    broken = (f"{out} holds a broken checkpoint, which cannot be resumed (written in place by an older version "
              f"and interrupted?); start again with a new --out, or --init a whole checkpoint")
    if resume and not all((out / "model" / f).exists() for f in ("config.json", "model.safetensors", "training.json")):
        raise ValueError(broken)
    if resume and (saved.get("ema", 0) > 0) != (args.ema > 0):  # its state holds an average or not
        raise ValueError(f"{out} was trained with --ema {saved.get('ema', 0)}; resume it with that "
                         f"(0 is no weight average) or use a new --out")

    if resume and args.init:  # (it had been ignored without a word)
        accelerator.print(f"note: {out} holds a run, which this command resumes; --init {args.init} is not used "
                          "(a new --out starts from it)")
    encoder = None
    if resume or args.init:
        model = DCFormer.from_pretrained(out / "model" if resume else args.init)
    else:  # a new model takes the widths of its encoder's features (MiniLM's 384, a CLIP's 512 or more)
        encoder = load_text_encoder(text_encoder or MINILM, args.text_encoder_path)
        model = build(args.preset or "small", use_cem=not args.no_cem, text_encoder=encoder.name, text_dim=encoder.dim,
                      text_pooled_dim=encoder.pooled_dim)
    if args.preset and (resume or args.init):  # (it had been ignored without a word)
        check_preset(args.preset, model, out if resume else args.init, resume)
    if resume and text_encoder and text_encoder != model.config.text_encoder:
        raise ValueError(f"{out} was trained with the text encoder {model.config.text_encoder!r}; "
                         f"resuming cannot switch it to {text_encoder!r} (use a new --out)")
    if args.caption_numbers is not None:  # a new model, or --init continued with other captions
        numbers = tuple(k for k in NUMBERED if k in args.caption_numbers)
        if resume and numbers != model.config.caption_numbers:
            raise ValueError(f"{out} was trained with captions stating {model.config.caption_numbers}; "
                             f"resuming cannot switch to {numbers} (use a new --out)")
        if args.init and numbers != tuple(model.config.caption_numbers):  # legitimate, but never unnoticed
            accelerator.print(f"note: {args.init} was trained with captions stating {tuple(model.config.caption_numbers)}; "
                              f"this run's state {numbers} (--caption-numbers), and its checkpoint will say so")
        model.config.caption_numbers = numbers
    numbers = model.config.caption_numbers
    if encoder is None:
        encoder = load_text_encoder(model.config.text_encoder, args.text_encoder_path)
    encoder = encoder.to(device)
    train_paths = list_photos(*args.data, part="train")
    held = list_photos(*args.data, part="held_out")
    workers = args.workers
    crops = Crops(train_paths, args.crop, "cpu" if workers else device)
    val = validation_set(held, device, numbers) if held else []
    accelerator.print(f"{len(crops.photos)} training photos, {len(held)} held out; "
                      f"{model.num_parameters() / 1e6:.2f} M parameters; device {device}")

    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.99), weight_decay=1e-4)
    model, optimizer = accelerator.prepare(model, optimizer)
    step, trained = 0, 0.0  # trained: seconds of training before this run
    average = MovingAverage(accelerator.unwrap_model(model), args.ema).to(device) if args.ema > 0 else None
    if average is not None:
        accelerator.register_for_checkpointing(average)
    if resume:
        try:
            accelerator.load_state(str(state_dir))
        except Exception as e:  # a half-written file of an older version's checkpoint
            raise ValueError(f"{broken} ({type(e).__name__} reading {state_dir})") from e
        step, trained = saved["step"], saved.get("seconds", 0.0)
        accelerator.print(f"resumed at step {step}")
    exported = average.model if average is not None else accelerator.unwrap_model(model)

    def learning_rate() -> float:
        """Warm-up, then one cosine over --steps, or over --schedule-minutes of training time."""
        if step < args.warmup:
            return args.lr * (step + 1) / args.warmup
        if args.schedule_minutes:
            progress = (trained + time.time() - loop_started) / (args.schedule_minutes * 60)
        else:
            progress = (step - args.warmup) / max(1, args.steps - args.warmup)
        return args.lr * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))

    forward = model
    if args.compile:
        try:  # static shapes: fixed crops, and captions padded to one length below
            forward = torch.compile(model, dynamic=False)
        except Exception as e:  # compilation is an optimisation, never a requirement
            accelerator.print(f"torch.compile unavailable ({e}); running eagerly")

    info = json.loads((out / "model" / "training.json").read_text()) if resume else {
        "preset": preset_of(accelerator.unwrap_model(model).config), "data": [str(d) for d in args.data],
        "train_photos": len(crops.photos), "crop": args.crop, "batch": args.batch, "lr": args.lr,
        "steps_planned": args.steps, "runs": []}
    if args.init and not resume and (Path(args.init) / "training.json").exists():  # keep the lineage
        info["init"] = {"from": str(args.init), **json.loads((Path(args.init) / "training.json").read_text())}
    run = {"device": torch.cuda.get_device_name() if torch.cuda.is_available() else platform.processor() or "cpu",
           "precision": "bfloat16" if bf16 else "float32", "compiled": forward is not model,
           "processes": accelerator.num_processes, "start_step": step, "seconds": 0}
    if args.mixture:
        run["mixture_weights"] = args.mixture
    if args.loss_weight:
        run["loss_weights"] = args.loss_weight
    # each command's recipe, which a resume may change (the top-level one is the first command's)
    recipe = {"batch": args.batch, "crop": args.crop, "lr": args.lr, "warmup": args.warmup,
              "steps_planned": args.steps, "schedule_minutes": args.schedule_minutes, "seed": args.seed,
              "ema": args.ema}
    if resume:
        before = next((r for r in reversed(info["runs"]) if "batch" in r), info)  # older runs: the top level
        changed = [f"--{k.replace('_planned', '').replace('_', '-')} {v} (was {before.get(k)})"
                   for k, v in recipe.items() if k in before and before[k] != v]
        if changed:  # allowed (a longer run, larger crops), but never unnoticed
            accelerator.print(f"note: resumed with {', '.join(changed)}: the weights, their average and the "
                              f"optimiser are kept, and this command trains with these from step {step} on; "
                              "training.json records each command's")
    run.update(recipe)
    info["runs"].append(run)

    def checkpoint():
        run["seconds"] = round(time.time() - started)
        seconds = trained + time.time() - loop_started
        run["end_step"] = step
        info["step"] = step
        main = accelerator.is_main_process

        def write_model():
            remove_partial(out)  # (of a checkpoint a kill interrupted)
            save_checkpoint(exported, out / "model.tmp", info, half=args.half)

        def write_marker():
            umask_modes(out / "state.tmp")
            marker = out / "state.tmp" / "step.json"  # written aside and renamed: a kill leaves it whole or absent
            marker.with_name("step.json.part").write_text(
                json.dumps({"step": step, "seconds": round(seconds, 1), "ema": args.ema}))
            marker.with_name("step.json.part").replace(marker)

        # written beside the last checkpoint, then moved into place: a kill mid-write (a device call's
        # timeout) leaves the last whole checkpoint to resume from. Every process learns of a part that failed in any
        # of them, so all stop at once, and the main process says why in one line
        try:
            written_by_all(accelerator, write_model if main else None)
            written_by_all(accelerator, lambda: accelerator.save_state(str(out / "state.tmp")))
            written_by_all(accelerator, write_marker if main else None)
        except NotWritten as e:
            raise EveryProcessStops(discard_partial(out, step, e) if main else "") from None
        try:
            written_by_all(accelerator, (lambda: finish_checkpoint(out)) if main else None)
        except NotWritten as e:
            raise EveryProcessStops(f"the checkpoint of step {step} is written whole in {out} but could not be moved "
                                    f"into place ({e}); the same command moves it and resumes from it") from None

    out.mkdir(parents=True, exist_ok=True)
    log = (out / "log.jsonl").open("a") if accelerator.is_main_process else None
    budget = args.time_budget * 60 if args.time_budget else float("inf")
    last_ckpt = time.time()
    terminal = sys.stderr.isatty()  # elsewhere a line every 30 s, not a screenful every 5 s
    bar = tqdm(total=args.steps, initial=step, disable=not accelerator.is_main_process,
               file=sys.stderr if terminal else Lines(sys.stderr), mininterval=5 if terminal else 30)
    model.train()
    running = None
    batches = Batches(crops, args.batch, args.seed, step, accelerator.num_processes, accelerator.process_index,
                      numbers, mixtures, weights)

    def next_batch():
        if workers:
            inp, target, texts, weight = next(loader)
            return inp.to(device, non_blocking=True), target.to(device, non_blocking=True), texts, weight.to(device)
        inp, target, texts, weight = batches.at(step)
        return inp, target, texts, weight.to(device)

    def validation() -> dict:
        """Validate the exported weights and, beside an average, the raw ones (what the average adds);
        logged, and kept in training.json."""
        entry = {"step": step, "val_psnr": validate(exported, encoder, val)}
        if average is not None:
            entry["val_psnr_raw"] = validate(accelerator.unwrap_model(model), encoder, val)
        log.write(json.dumps(entry) + "\n")
        log.flush()
        info.pop("val_psnr_raw", None)  # not another step's
        info.update({"val_step": step, **{k: v for k, v in entry.items() if k != "step"}})
        return entry

    # seconds the end of this command takes (its validation and checkpoint: the longest of each so far), kept inside
    # --time-budget with the last step's, so that a GPU slot's command ends in time (its end had come after the
    # budget). With a budget both are measured after the first step: a short command would not meet either before
    # its end
    end_cost = {"validation": 0.0, "checkpoint": 0.0}
    last_step = 0.0

    def timed(kind: str, work):
        begun = time.time()
        result = work()
        end_cost[kind] = max(end_cost[kind], time.time() - begun)
        return result

    def out_of_time() -> bool:
        return time.time() - started + last_step + sum(end_cost.values()) > budget

    def measuring() -> bool:
        return budget < math.inf and step == run["start_step"] + 1

    def train_step():
        nonlocal step, running
        lr = learning_rate()
        for group in optimizer.param_groups:
            group["lr"] = lr
        inp, target, texts, weight = next_batch()
        with accelerator.autocast():
            text = encoder(texts)
            pred = forward(inp, text.padded() if args.compile else text)
            loss = (F.l1_loss(pred.float(), target, reduction="none").mean((1, 2, 3)) * weight).sum() / weight.sum()
        accelerator.backward(loss)
        accelerator.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        if average is not None:
            average.update(accelerator.unwrap_model(model))
        step += 1
        bar.update(1)
        running = loss.item() if running is None else 0.98 * running + 0.02 * loss.item()
        if step % 100 == 0 and log:
            log.write(json.dumps({"step": step, "loss": round(running, 5), "lr": round(lr, 7),
                                  "minutes": round((time.time() - started) / 60, 2)}) + "\n")
            log.flush()
            bar.set_postfix(loss=f"{running:.4f}")

    loop_started = time.time()
    with ending_together(accelerator), stopped_by_signals() as caught, \
            batch_workers(batches, workers, device.type == "cuda") as loader:
        while True:  # (every decision agreed by all processes)
            signalled, done = agreed(accelerator, caught[0] if caught else 0, step >= args.steps or out_of_time())
            if signalled or done:
                break
            begun = time.time()
            train_step()
            last_step = time.time() - begun
            if val and accelerator.is_main_process and (step % args.val_every == 0 or measuring()):
                accelerator.print(f"step {step} val PSNR {timed('validation', validation)['val_psnr']}")
            if agreed(accelerator, time.time() - last_ckpt > args.checkpoint_minutes * 60 or measuring())[0]:
                timed("checkpoint", checkpoint)
                last_ckpt = time.time()
    bar.close()
    stopped_by = signal.Signals(signalled).name if signalled else None  # (the signal of any process: all stop)
    if step == run["start_step"]:  # exporting now would pass the starting weights off as this command's
        if stopped_by:
            raise ValueError(f"stopped by {stopped_by} before a step was trained: nothing was written")
        if step >= args.steps:
            accelerator.print(f"{out} is already at step {step} of --steps {args.steps}: nothing to train")
            return out / "model"
        raise ValueError(f"the time budget (--time-budget {args.time_budget}) ended in the setup, "
                         f"{(time.time() - started) / 60:.1f} min, before a step was trained: nothing was written")
    if val and accelerator.is_main_process and not stopped_by:  # at the end too, however short the command (log.jsonl)
        entry = validation() if info.get("val_step") != step else info
        accelerator.print(f"final val PSNR at step {step}: {entry['val_psnr']}" +
                          (f"; raw weights {entry['val_psnr_raw']}" if "val_psnr_raw" in entry else ""))
    with ending_together(accelerator):
        checkpoint()
    if stopped_by:  # (the validation is left out: a kill may follow a SIGTERM soon)
        accelerator.print(f"stopped by {stopped_by} at step {step}: checkpoint in {out / 'model'}; the same command resumes")
        sys.exit(128 + signalled)
    accelerator.print(f"stopped at step {step} after {(time.time() - started) / 60:.1f} min; checkpoint in {out / 'model'}")
    return out / "model"


SMALLEST_SIDE = 384  # photos this long still give the 192-pixel training crops of gpu_slot.sh


def pack(args):
    """Write a compact training pack: photos + a small MiniLM, for a GPU machine without network.

    Only what training reads goes in: the training photos and the held-out photos that
    validation uses, so that the pack and this repository travel to the GPU in one call. Where
    they would take more than `--max-mib`, the photos are scaled down further, never dropped
    (diverse photos matter most) nor saved at a lower JPEG quality (the clean targets would
    teach its blocks).
    """
    from .captions import caption
    from .data import sample_degradations
    from .evaluate import PARAPHRASES  # so the pack's encoder can run the evaluation too
    from .text import pack_minilm

    out = Path(args.out)
    photos = out / "photos"
    check_writable(out)
    for folder in args.data:  # a missing folder, or one without photos, fails before anything is made or removed
        if not list_photos(folder, part="all"):  # (an empty one had left a pack with an empty photos/)
            raise ValueError(f"no photos in {folder} (looked for {', '.join(sorted(IMAGE_SUFFIXES))}, "
                             "in its subfolders too)")
    rng = random.Random(0)
    texts = [caption({d.kind: d.severity for d in sample_degradations(rng)}, rng, numbers=NUMBERED)
             for _ in range(200_000)]  # every number, so the encoder serves captions with or without them
    shutil.rmtree(out / "minilm", ignore_errors=True)  # no file of an earlier pack's encoder stays behind
    rows = pack_minilm(out / "minilm", texts + [""] + [p for ps in PARAPHRASES.values() for p in ps])
    umask_modes(out / "minilm")
    side = pack_photos_within(args.data, photos, args.max_side, args.max_mib - _mib(out / "minilm"))
    total = _mib(out)
    print(f"pack in {out}: {sum(1 for _ in photos.iterdir())} photos at most {side} pixels long "
          f"({_mib(photos):.1f} MiB), MiniLM with {rows} vocabulary rows ({_mib(out / 'minilm'):.1f} MiB), "
          f"{total:.1f} MiB in all (--max-mib {args.max_mib:g})")
    if side < args.max_side:
        print(f"(at --max-side {args.max_side} the photos would take more than --max-mib: scaled down to {side})")
    if total > args.max_mib:
        print(f"warning: over --max-mib even with photos {side} pixels long")
    repository = checkout_mib(Path(__file__).resolve().parent.parent)
    if repository is not None:  # a device call carries the checkout and the pack: 64 MiB at most
        print(f"with this checkout's files that git does not ignore ({repository:.1f} MiB): "
              f"{total + repository:.1f} MiB, {64 - total - repository:.1f} MiB under the 64 MiB a device call carries")
        if total + repository > 64:
            print("warning: over the 64 MiB a device call carries; use a smaller --max-mib")


def _mib(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2 ** 20


def pack_photos_within(folders, photos: Path, max_side: int, mib: float) -> int:
    """pack_photos at the longest side, from `max_side` down, at which the photos take at most
    `mib` MiB (SMALLEST_SIDE at the least); returns that side. The photos' bytes go about with
    their pixels, so each try aims at the budget from the last one's size."""
    side = max_side
    while True:
        pack_photos(folders, photos, side)
        size = _mib(photos)
        if size <= mib or side <= SMALLEST_SIDE:
            return side
        # (a JPEG shorter than the side is copied as it is, and does not shrink: at least 16 pixels a try)
        side = max(SMALLEST_SIDE, min(side - 16, int(side * math.sqrt(mib / size)) // 16 * 16))


def pack_photos(folders, photos: Path, max_side: int):
    """Copy the training photos and the validation photos of `folders` into `photos` (written
    afresh), JPEGs at most `max_side` pixels long as they are, the others as JPEG quality 95."""
    from PIL import Image

    from .data import load_photo

    # listed first: a missing folder fails before an earlier pack is removed or an empty one made
    sources = list_photos(*folders, part="train") + list_photos(*folders, part="held_out")[:VALIDATION_PHOTOS]
    part = photos.with_name(photos.name + ".part")  # moved into place whole: a photo that cannot be read
    shutil.rmtree(part, ignore_errors=True)  # leaves the earlier pack's photos as they were
    part.mkdir(parents=True)
    try:
        for src in sources:
            dst = part / (src.stem + ".jpg")  # the stem keeps a photo in its part (data.held_out)
            photo = load_photo(src, max_side)  # decoded whole: a damaged file fails here, not in the GPU slot
            with Image.open(src) as im:
                small = max(im.size) <= max_side and src.suffix.lower() in (".jpg", ".jpeg")
            if small:  # already compact: copy the bytes, no second compression
                shutil.copyfile(src, dst)
            else:
                Image.fromarray(photo.permute(1, 2, 0).numpy()).save(dst, "JPEG", quality=95)
    except BaseException:
        shutil.rmtree(part, ignore_errors=True)
        raise
    shutil.rmtree(photos, ignore_errors=True)  # no photo of an earlier pack stays behind
    part.rename(photos)


def checkout_mib(root: Path) -> float | None:
    """Size in MiB of a git checkout's files that git does not ignore, tracked or not: what a
    device call carries besides the pack (None outside a checkout)."""
    import subprocess

    try:
        names = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                               capture_output=True, check=True, timeout=30).stdout.split(b"\0")
    except (OSError, subprocess.SubprocessError):
        return None
    files = {root / os.fsdecode(n) for n in names if n}
    return sum(f.stat().st_size for f in files if f.is_file()) / 2 ** 20
