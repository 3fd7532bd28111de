"""Before / after on real degraded photos: what the shipped model does outside synthesis.

    python scripts/contact_sheet.py --out docs/real_photos.png

The photos are real captures whose licences allow this use, none of them a training photo:
scikit-image's `hubble_deep_field.jpg` (dark and noisy; NASA, public domain) and
`clock_motion.png` (camera-motion blur; public domain), and from Debian's `opencv-doc` package
(OpenCV's sample data, Apache-2.0) `licenseplate_motion.jpg`, `text_motion.jpg` (motion blur)
and `text_defocus.jpg` (out of focus). `opencv-doc` is fetched with
`apt-get download opencv-doc && dpkg -x opencv-doc_*.deb DIR`; pass DIR with --opencv.
Each photo is described by the analyzer (the app's offline default) and restored with that
description; the sheet shows the description under each pair.
"""

import argparse
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OPENCV = ["licenseplate_motion.jpg", "text_motion.jpg", "text_defocus.jpg"]
SKIMAGE = ["hubble_deep_field.jpg", "clock_motion.png"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--opencv", default="/tmp/ocv/x", help="where opencv-doc was unpacked")
    parser.add_argument("--out", default=str(ROOT / "docs" / "real_photos.png"))
    parser.add_argument("--width", type=int, default=360, help="width of each photo on the sheet")
    args = parser.parse_args()

    import skimage
    from PIL import Image, ImageDraw, ImageOps

    from restoration import Restorer, analyze

    data = Path(args.opencv) / "usr/share/doc/opencv-doc/examples/data"
    paths = [Path(skimage.__file__).parent / "data" / n for n in SKIMAGE] + [data / n for n in OPENCV]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        sys.exit(f"missing: {', '.join(missing)} (see --help for where they come from)")
    restorer = Restorer.from_pretrained()
    rows = []
    for path in paths:
        with Image.open(path) as im:
            photo = ImageOps.exif_transpose(im).convert("RGB")
        if max(photo.size) > 800:  # the sheet shows them small; keep the CPU time short
            photo.thumbnail((800, 800), Image.Resampling.LANCZOS)
        analysis = analyze(photo)
        description = analysis.description
        result = restorer.restore(photo, analysis.prompt)
        h = round(photo.height * args.width / photo.width)
        rows.append((path.name, description, analysis.prompt, photo.resize((args.width, h)), result.resize((args.width, h))))
        print(f"{path.name}: {description}")
    pad, text_h = 8, 64
    sheet_w = 2 * args.width + 3 * pad
    sheet_h = sum(r[3].height + text_h + pad for r in rows) + pad
    sheet = Image.new("RGB", (sheet_w, sheet_h), "white")
    draw = ImageDraw.Draw(sheet)
    y = pad
    for name, description, prompt, before, after in rows:
        sheet.paste(before, (pad, y))
        sheet.paste(after, (2 * pad + args.width, y))
        y += before.height + 4
        caption = f"{name}: before | after. Analyzer: {description} The network was given: {prompt}"
        draw.multiline_text((pad, y), "\n".join(textwrap.wrap(caption, 100)[:4]), fill="black")
        y += text_h + pad - 4
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.out, optimize=True)
    print(args.out)


if __name__ == "__main__":
    main()
