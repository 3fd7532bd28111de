"""Before / after on real degraded photos: what the shipped model does outside synthesis.

    python scripts/contact_sheet.py --out docs/real_photos.png

The photos (PHOTOS below) are real captures whose licences allow this use, none of them a
training photo: two of scikit-image's samples, and photos from Debian packages, which are fetched
with `apt-get download` and unpacked with `dpkg -x` into --debs (nothing is installed; run
`apt-get update` first on a fresh machine). Each photo is described by the analyzer (the app's
offline default) and restored with that description; where the analyzer misses what a person
sees, a second row restores with the words the person would type in the chat. Where the damage
is too fine to see at the sheet's scale (JPEG blocks), the sheet shows a detail at 2x.
"""

import argparse
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class RealPhoto:
    source: str  # "skimage" (its data folder) or a Debian package
    path: str  # inside that folder or package
    credit: str  # author or owner, and licence
    box: tuple | None = None  # the part of the file that is the photo (a composite's original half)
    detail: tuple | None = None  # show this region at 2x instead of the whole photo
    words: str | None = None  # what a person says where the analyzer misses it


OPENCV = "usr/share/doc/opencv-doc/examples/data/"
PHOTOS = [
    RealPhoto("skimage", "hubble_deep_field.jpg", "NASA, public domain"),
    RealPhoto("skimage", "clock_motion.png", "scikit-image, public domain"),
    RealPhoto("opencv-doc", OPENCV + "licenseplate_motion.jpg", "OpenCV sample data, Apache-2.0"),
    RealPhoto("opencv-doc", OPENCV + "text_motion.jpg", "OpenCV sample data, Apache-2.0"),
    RealPhoto("opencv-doc", OPENCV + "text_defocus.jpg", "OpenCV sample data, Apache-2.0"),
    # an underexposed capture: the left half of a before/after figure of ViSP's tutorial
    RealPhoto("libvisp-doc", "usr/share/doc/libvisp-dev/html/img-tutorial-brighness-gamma-correction-3.5.png",
              "ViSP tutorial image, Inria, GPL-2", box=(0, 0, 492, 328)),
    RealPhoto("psychtoolbox-3-common", "usr/share/psychtoolbox-3/PsychDemos/konijntjes1024x768.jpg",
              "Psychtoolbox-3 demo image, Brainard, Pelli et al., Expat (MIT)", detail=(600, 150, 780, 285)),
    RealPhoto("lxqt-themes", "usr/share/lxqt/wallpapers/fog.jpg", "LXQt wallpaper by stefonarch, CC BY-SA 3.0",
              words="The photo is foggy."),
]


def locate(photo: RealPhoto, debs: Path) -> Path:
    """The photo's file, fetching and unpacking its Debian package into `debs` if needed."""
    if photo.source == "skimage":
        import skimage

        path = Path(skimage.__file__).parent / "data" / photo.path
        if not path.exists():
            sys.exit(f"{path} is missing: this scikit-image does not ship {photo.path}")
        return path
    root = debs / photo.source
    if not (root / photo.path).exists():
        with tempfile.TemporaryDirectory() as tmp:
            try:
                got = subprocess.run(["apt-get", "download", photo.source], cwd=tmp, capture_output=True, text=True)
            except FileNotFoundError:
                sys.exit(f"{photo.source} is a Debian package: apt-get is needed to fetch it")
            if got.returncode != 0:
                sys.exit(f"apt-get download {photo.source} failed (run apt-get update first?): {got.stderr.strip()}")
            root.mkdir(parents=True, exist_ok=True)
            subprocess.run(["dpkg", "-x", str(next(Path(tmp).glob("*.deb"))), str(root)], check=True)
    if not (root / photo.path).exists():
        sys.exit(f"{photo.path} is not in {photo.source} (another version of the package?)")
    return root / photo.path


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--debs", default="/tmp/real_photos", help="where Debian packages are unpacked")
    parser.add_argument("--out", default=str(ROOT / "docs" / "real_photos.png"))
    parser.add_argument("--width", type=int, default=360, help="width of each photo on the sheet")
    args = parser.parse_args()

    from PIL import Image, ImageDraw, ImageOps

    from restoration import Restorer, analyze

    files = [locate(p, Path(args.debs)) for p in PHOTOS]
    restorer = Restorer.from_pretrained()
    rows = []  # (before, after, caption)
    for photo, path in zip(PHOTOS, files):
        with Image.open(path) as im:
            image = ImageOps.exif_transpose(im).convert("RGB")
        if photo.box:
            image = image.crop(photo.box)
        if not photo.detail and max(image.size) > 800:  # the sheet shows them small; keep the CPU time short
            image.thumbnail((800, 800), Image.Resampling.LANCZOS)
        analysis = analyze(image)
        print(f"{path.name}: {analysis.description}")
        shown = "detail at 2x, " if photo.detail else ""
        head = f"{path.name} ({photo.credit}): before | after, {shown}"
        prompt = restorer.describe(analysis.described)
        texts = [(analysis.described, f"{head}Analyzer: {analysis.description} The network was given: {prompt}")]
        if photo.words:
            texts.append((photo.words, f"{head}restored with a person's words: {photo.words}"))
        for text, caption in texts:
            result = restorer.restore(image, text)
            before, after = (image.crop(photo.detail), result.crop(photo.detail)) if photo.detail else (image, result)
            h = round(before.height * args.width / before.width)
            resample = Image.Resampling.NEAREST if photo.detail else Image.Resampling.LANCZOS
            rows.append((before.resize((args.width, h), resample), after.resize((args.width, h), resample), caption))
    pad, text_h = 8, 64
    sheet = Image.new("RGB", (2 * args.width + 3 * pad, sum(r[0].height + text_h + pad for r in rows) + pad), "white")
    draw = ImageDraw.Draw(sheet)
    y = pad
    for before, after, caption in rows:
        sheet.paste(before, (pad, y))
        sheet.paste(after, (2 * pad + args.width, y))
        y += before.height + 4
        draw.multiline_text((pad, y), "\n".join(textwrap.wrap(caption, 100)[:4]), fill="black")
        y += text_h + pad - 4
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.out, optimize=True)
    print(args.out)


if __name__ == "__main__":
    main()
