"""Command line: `python -m dialogue describe IN [--mllm ID|auto|none]`.

Prints the description and the severities as JSON. Without --mllm the analyzer alone describes
the photo (offline). With an MLLM that cannot be used, the analyzer answers and "notice" says why; "notice"
also says what the chat's upload says of the file (only an animation's first frame is described, ...).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dialogue", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("describe", help="describe a photo's degradations as JSON")
    d.add_argument("input", help="an image file Pillow can open")
    d.add_argument("--mllm", default="none", metavar="ID",
                   help="a multimodal model id or folder, 'auto' (the default MLLM if cached), or 'none' (default)")
    d.add_argument("--device", default=None, help="cuda / cpu (default: cuda if available)")
    d.add_argument("--compact", action="store_true", help="one line of JSON")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    from restoration.restorer import MAX_PIXELS, TooLarge, cannot_read, open_photo

    from .describer import MLLMDescriber, MLLMUnavailable, make_describer, usable_device

    if args.device:  # checked here, not left to the model's load (QA 69 F10: torch's list of device types, rc 0)
        try:
            usable_device(args.device, "--device")
        except MLLMUnavailable as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        if args.mllm.lower() in ("none", "analyzer", "offline", ""):
            print("note: --device is for the language model (--mllm); the analyzer runs on the CPU", file=sys.stderr)

    try:
        photo, form, note = open_photo(args.input)
    except TooLarge as e:
        print(f"error: {args.input} is too large ({e}; at most {MAX_PIXELS / 1e6:.0f} megapixels)", file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001
        print(f"error: {cannot_read(e, args.input)}", file=sys.stderr)
        return 2
    try:
        describer = make_describer(args.mllm)
        if isinstance(describer, MLLMDescriber) and args.device:
            describer._device = args.device
        desc = describer.describe(form.apply(photo))  # (with its transparency: what is seen)
    except ImportError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    out = {"input": args.input, "size": list(photo.size), **desc.to_json()}
    if note:  # "an animation of 3 frames: only its first frame is restored", as the chat's upload says (QA 73 F16)
        out["notice"] = " ".join(filter(None, (f"This is {note}.", desc.notice)))
    print(json.dumps(out, ensure_ascii=False, indent=None if args.compact else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
