"""Command line: python -m restoration {restore, train, average, pack, evaluate} --help"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import tempfile
import time
from pathlib import Path

_NAME_HINT = " (use a .png or .jpg name)"
# Pillow's defaults (JPEG quality 75 with 4:2:0 chroma, WebP 80) would write new blocking into a restore that
# is meant to take it out: saved near-lossless instead
_SAVE_OPTIONS = {"JPEG": {"quality": 95, "subsampling": 0}, "WEBP": {"quality": 95}}


def _output_format(out: Path) -> str:
    """The format Pillow writes for OUT's extension, or an error that says what is wrong with the name."""
    from PIL import Image

    if not out.suffix:
        raise ValueError(f"the name has no extension to tell the format{_NAME_HINT}")
    fmt = Image.registered_extensions().get(out.suffix.lower())
    if fmt not in Image.SAVE:
        raise ValueError(f"{out.suffix} is not a format Pillow can write{_NAME_HINT}")
    return fmt


def _check_output(src: Path, output: str) -> str:
    """The format to save OUT in; refuses (ValueError, one line) what would fail after a restore that can take
    minutes: the photo itself, a folder, a name without a format, a folder that cannot be made or written."""
    out = Path(output)
    if out.exists() and src.exists() and os.path.samefile(out, src):  # (any spelling, a symlink, a hard link)
        raise ValueError("that is the photo itself, which the result would replace; give another name")
    if out.is_dir() or output.endswith(("/", os.sep)):
        raise ValueError("it is a folder; give a file name in it, such as restored.png")
    fmt = _output_format(out)
    folder = out.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        above = next(p for p in [folder, *folder.parents] if p.exists())
        raise ValueError(f"{above} is a file, not a folder") from None
    except OSError as e:
        raise ValueError(f"cannot create the folder {folder} ({e.strerror.lower()})") from None
    try:  # write a probe: os.access says yes to root even on a read-only file system
        if out.exists():
            open(out, "ab").close()  # (opened for appending, not changed)
        else:
            tempfile.TemporaryFile(dir=folder).close()
    except OSError as e:
        raise ValueError(f"cannot write {'it' if out.exists() else 'in ' + str(folder)} ({e.strerror.lower()})") from None
    return fmt


def _not_kept(out: Path, alpha: bool, exif, size: tuple[int, int]) -> list[str]:
    """What the saved file lost, to be said: some formats drop it without a word (.ppm its transparency, .bmp
    the EXIF, .ico and .icns the size: qa70b F03)."""
    from PIL import Image

    try:
        with Image.open(out) as saved:
            lost_alpha = alpha and not saved.has_transparency_data  # (an alpha band, or a GIF's transparent index)
            # (an upright orientation may be left out: .avif, .tif)
            lost_exif = exif is not None and not set(exif) - {0x0112} <= set(saved.getexif())
            other_size = saved.size
    except Exception:  # noqa: BLE001 - a format Pillow writes but does not read (.pdf): nothing to say
        return []
    name = out.suffix or "that format"
    return ([f"{name} saved it at {other_size[0]}×{other_size[1]}, not the photo's {size[0]}×{size[1]}: save as .png "
             "to keep its size"] * (other_size != size)
            + [f"{name} keeps no transparency here: save as .png to keep it"] * lost_alpha
            + [f"{name} keeps no EXIF metadata here (camera, date taken): save as .jpg or .png to keep it"] * lost_exif)


class _Progress:
    """A line on stderr every 10 s of a restore: on a CPU one can take minutes (13 min for QA's 12 MP panorama)
    and a silent run cannot be told from a hung one. A restore of under 10 s says nothing."""

    def __init__(self, every: float = 10.0, clock=time.monotonic):
        self.every, self.clock, self.start = every, clock, clock()
        self.last = self.start

    def __call__(self, done: float):
        now = self.clock()
        if now - self.last < self.every or not 0 < done < 1:
            return
        self.last = now
        left = (now - self.start) * (1 - done) / done
        print(f"restoring: {done:.0%} of the tiles done, about "
              f"{f'{left / 60:.0f} min' if left >= 90 else f'{left:.0f} s'} left", file=sys.stderr, flush=True)


def _restore(args):
    from PIL import Image, UnidentifiedImageError

    from . import Restorer
    from .captions import KNOWN_EXAMPLES, kinds_named
    from .restorer import TooLarge, cannot_read, check_device, descreen_note, in_dots, open_photo, read_in_dots

    check_device(args.device, "--device")  # (a --device torch cannot use: one line, before the photo is read)
    try:
        image, form, frames = open_photo(args.input, max_pixels=None)  # (no cap here: tiles bound the memory)
    except TooLarge as e:
        sys.exit(f"cannot restore {args.input}: it is too large ({e}; Pillow refuses more than "
                 f"{Image.MAX_IMAGE_PIXELS * 2 / 1e6:.0f} megapixels as a possible decompression bomb)")
    except (FileNotFoundError, UnidentifiedImageError, OSError, ValueError) as e:
        sys.exit(cannot_read(e, args.input))
    if frames:
        print(f"{args.input} is {frames}")
    try:  # before the restore, which can take minutes
        fmt = _check_output(Path(args.input), args.output)
    except ValueError as e:
        sys.exit(f"cannot save {args.output}: {e}")
    if Path(args.output).exists():  # replaced as before (outside tools rely on it), but said, while it can be stopped
        print(f"note: {args.output} exists; the result will replace it")
    restorer = Restorer.from_pretrained(args.checkpoint, device=args.device, precision=args.precision,
                                        ensemble=args.ensemble, text_encoder_path=args.text_encoder_path)
    text = args.text
    if text is None:
        from .analyzer import analyze

        analysis = analyze(form.apply(image))  # (with its transparency: what is seen)
        text = read_in_dots(form.with_alpha(image), analysis.described)  # told in the network's form, without the
        # measurements (the noise of a photo in dots as what the low-pass leaves of it)
        print(f"analyzer: {analysis.description}")
    elif text.strip() and not kinds_named(text):
        print(f"note: --text names no damage in the words the network was trained on (such as {KNOWN_EXAMPLES}); "
              "it may do worse than no text at all. Leave --text out and the analyzer describes the photo.")
    image = form.with_alpha(image)  # (the restorer reads a cut-out's dots on its opaque part alone: in_dots)
    if in_dots(image):
        print(f"note: {descreen_note(image.size, text if isinstance(text, str) else None)}")  # (--text: as given)
    result = form.apply(restorer.restore(image, text, progress=_Progress()))
    out = Path(args.output)
    options = {**_SAVE_OPTIONS.get(fmt, {}), **form.save_options}
    try:
        try:
            result.save(out, fmt, **options)
        except (OSError, ValueError):  # a format without transparency ("cannot write mode RGBA as JPEG", "image mode
            if form.alpha is None:  # is not supported"): the colours alone, where they save
                raise
            result = result.convert("L" if form.grey else "RGB")
            result.save(out, fmt, **options)
    except (KeyError, ValueError, OSError) as e:  # the hint only where the format is the problem, not the disk
        sys.exit(f"cannot save {out}: {e}{'' if getattr(e, 'errno', None) else _NAME_HINT}")
    for note in _not_kept(out, form.alpha is not None, form.exif, result.size):
        print(note)
    print(f"restored with {restorer.describe_device()} -> {out}")


def _average(args):
    from .train import average_checkpoints

    modules = {}
    for name, *ws in args.module or []:
        try:
            modules[name] = [float(w) for w in ws]
        except ValueError:
            raise ValueError(f"--module {name}: the weights must be numbers, one per checkpoint, such as --module cem 1 0")
    print(f"wrote {average_checkpoints(args.checkpoints, args.out, args.weights, modules)}")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m restoration", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("restore", help="restore one photo")
    p.add_argument("input")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--text", default=None, help="the description, in the training captions' words (such as "
                   "\"very dark and grainy\"); without it the analyzer describes the photo")
    p.add_argument("--checkpoint", default=None, help="checkpoint folder (default: the shipped one)")
    p.add_argument("--device", default=None, help="cpu or cuda (default: cuda when available)")
    p.add_argument("--precision", default="auto", choices=["auto", "float32", "bfloat16"],
                   help="auto: bfloat16 where the GPU or CPU computes it natively, else float32 on a CPU")
    p.add_argument("--ensemble", action="store_true",
                   help="average with the restored mirror image: a little better, twice the time")
    p.add_argument("--text-encoder-path", default=None, help="a MiniLM folder (such as a pack's minilm/)")
    p.set_defaults(run=_restore)

    p = sub.add_parser("train", help="train (or resume) a DC-former")
    p.add_argument("--data", nargs="+", required=True, help="folders of clean photos")
    p.add_argument("--out", default="runs/dcformer", help="output folder; an existing one is resumed")
    p.add_argument("--preset", default=None, help="a new model's shape: tiny, small (default) or base; a resume "
                   "or --init keeps its checkpoint's")
    p.add_argument("--init", default=None, help="start from this checkpoint folder")
    p.add_argument("--no-cem", action="store_true", help="ablation: guidance from the text alone, no image context")
    p.add_argument("--text-encoder", default=None, metavar="NAME",
                   help="a new model's text encoder: minilm (default); minilm-l<k>, its first k of 6 layers (the "
                        "ablation); or open_clip:<model>:<pretrained tag or file>, a CLIP's text tower (its weights "
                        "in open_clip's cache or a file here: nothing is downloaded offline)")
    p.add_argument("--caption-numbers", nargs="*", default=None, choices=["noise", "low_light"],
                   help="the kinds whose number the captions state (noise: sigma, low_light: stops under); "
                        "default: a new model's noise, or the --init checkpoint's")
    p.add_argument("--steps", type=int, default=100_000, help="length of the learning-rate schedule")
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--crop", type=int, default=128)
    p.add_argument("--lr", type=float, default=3e-4)
    p.add_argument("--warmup", type=int, default=500, help="steps of linear learning-rate warm-up")
    p.add_argument("--schedule-minutes", type=float, default=None,
                   help="spread the cosine over this much training time instead of --steps")
    p.add_argument("--time-budget", type=float, default=None,
                   help="minutes this command may take, not the run (a resumed command gets its own): it "
                        "stops in time for its final validation and checkpoint")
    p.add_argument("--checkpoint-minutes", type=float, default=5)
    p.add_argument("--val-every", type=int, default=1000)
    p.add_argument("--text-encoder-path", default=None, help="a MiniLM folder (such as a pack's minilm/); "
                   "not for open_clip")
    p.add_argument("--half", action="store_true", help="save the exported weights in float16")
    p.add_argument("--compile", action="store_true", help="torch.compile the model")
    p.add_argument("--workers", type=int, default=0,
                   help="CPU processes that synthesise batches ahead (0: synthesise on the training device)")
    p.add_argument("--mixture", nargs="+", default=None, metavar="KINDS=WEIGHT",
                   help="change how often a mixture of degradations is drawn, such as noise=48 or "
                        "low_light+noise=0 (data.MIXTURES holds the defaults; clean=W for no degradation)")
    p.add_argument("--loss-weight", nargs="+", default=None, metavar="KIND=WEIGHT",
                   help="weigh the L1 loss of pairs with this kind, such as low_light=0.1 haze=0.1 (a pair "
                        "weighs the least of its kinds' weights; default 1): the dark and hazy pairs' "
                        "gradients are 13 to 36 times the noisy and blurred ones'")
    p.add_argument("--ema", type=float, default=0.999,
                   help="decay of the moving average of the weights that is validated and exported (0: none)")
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(run=lambda a: __import__("restoration.train", fromlist=["train"]).train(a))

    p = sub.add_parser("average", help="average the weights of checkpoints of one model (a model soup)")
    p.add_argument("checkpoints", nargs="+", help="checkpoint folders of one model, such as continued runs")
    p.add_argument("-o", "--out", required=True, help="folder of the averaged checkpoint (float16)")
    p.add_argument("--weights", nargs="+", type=float, default=None, help="one per checkpoint (default: equal)")
    p.add_argument("--module", nargs="+", action="append", metavar="NAME_AND_WEIGHTS",
                   help="a module's own weights: its name, then one weight per checkpoint (--module cem 1 0: the "
                        "CEM of the first); repeatable")
    p.set_defaults(run=_average)

    p = sub.add_parser("pack", help="write a compact training pack for a GPU machine")
    p.add_argument("--data", nargs="+", required=True)
    p.add_argument("-o", "--out", default="pack")
    p.add_argument("--max-side", type=int, default=800, help="longer photos are scaled down to this")
    # (a device call carries the pack with the checkout, 64 MiB at most; the checkout was 16.5 MiB on 2026-12-06,
    # 1 MiB more than four days before. 44 keeps CBSD432's 481-pixel JPEGs as they are: at 42 they are scaled to
    # 480 and saved again, and validation's photos with them)
    p.add_argument("--max-mib", type=float, default=44,
                   help="the pack's size at most (default 44); the photos are scaled down further to fit")
    p.set_defaults(run=lambda a: __import__("restoration.train", fromlist=["pack"]).pack(a))

    p = sub.add_parser("evaluate", help="the benchmark table, text checks and speed")
    p.add_argument("--checkpoint", default=None)
    p.add_argument("--device", default=None)
    p.add_argument("--out", default="docs/eval")
    p.add_argument("--limit", type=int, default=None, help="use the first N CBSD68 images")
    p.add_argument("--held-out-limit", type=int, default=None)
    p.add_argument("--tasks", nargs="*", default=None, help="only these tasks; with a table already in --out, their rows replace the old ones")
    p.add_argument("--bm3d-limit", type=int, default=None, help="BM3D on the first N images of each set (0: none)")
    p.add_argument("--no-auto", action="store_true")
    p.add_argument("--methods", nargs="+", default=None, choices=["auto", "oracle", "paraphrase", "wrong", "blind"],
                   help="re-run only these network columns and update the table already in --out")
    p.add_argument("--skip-table", action="store_true")
    p.add_argument("--text-checks", type=int, default=0, help="run the text checks on N held-out photos")
    p.add_argument("--speed", action="store_true")
    p.add_argument("--memory", action="store_true", help="peak memory of a 4000x3000 restore (a fresh process)")
    p.add_argument("--text-encoder-path", default=None, help="a MiniLM folder (such as a pack's minilm/)")
    p.add_argument("--precision", default="auto", choices=["auto", "float32", "bfloat16"],
                   help="as for restore; the committed table is float32")
    p.add_argument("--ensemble", action="store_true", help="as for restore")
    p.set_defaults(run=lambda a: __import__("restoration.evaluate", fromlist=["main"]).main(a))

    args = parser.parse_args(argv)
    args.command_line = "python -m restoration " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    try:
        args.run(args)
    except (ValueError, FileNotFoundError) as e:  # bad input: a message, not a traceback
        sys.exit(f"error: {e}")
    except OSError as e:  # the disk: read-only, full, not allowed (it had been a traceback)
        if e.errno is None:
            raise
        sys.exit(f"error: {e.filename or 'a file'}: {e.strerror.lower()}")
    except KeyboardInterrupt:  # (train stops at the end of a step, writes its checkpoint and says so itself)
        sys.exit("interrupted")


if __name__ == "__main__":
    main()
