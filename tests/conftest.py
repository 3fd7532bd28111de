"""Shared fixtures: real photos (CBSD432 crops), the MiniLM encoder from its wheel, a tiny model."""

import io
import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from PIL import ExifTags, Image

from restoration import degrade
from restoration.data import TRAIN_PHOTOS
from tests.doubles import StubAnalyzer

os.environ.setdefault("HF_HUB_OFFLINE", "1")
torch.set_num_threads(min(2, torch.get_num_threads()))

ROOT = Path(__file__).resolve().parent.parent
PHOTOS = TRAIN_PHOTOS
# the true degradations of the dark_noisy fixture
DARK_NOISY = {"low_light": degrade.low_light(0.15, seed=1), "noise": degrade.noise(20, seed=2)}


def phone_exif(photo: Image.Image) -> bytes:
    """The EXIF a phone held upright saves with `photo` as its sensor reads it (not turned): orientation 6 (turned
    a quarter), camera make, date taken, GPS, the pixel dimensions (PixelX / YDimension) of `photo`, and an IFD1
    thumbnail of it (a camera's preview). Pillow writes no IFD1, so it is linked in by hand: IFD0's next-IFD
    offset, which Pillow leaves 0, points at an IFD1 appended with the thumbnail's JPEG offset and length."""
    exif = Image.Exif()
    exif[0x0112], exif[0x010F] = 6, "QACam"
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    sub[0x9003], sub[0xA002], sub[0xA003] = "2020:01:01 10:00:00", photo.width, photo.height
    exif.get_ifd(ExifTags.IFD.GPSInfo)[1] = "N"
    thumbnail = io.BytesIO()
    photo.reduce(4).save(thumbnail, "JPEG")
    tiff = exif.tobytes()[6:]  # (after "Exif\0\0": the TIFF header, then IFD0 at offset 8)
    order = "<" if tiff.startswith(b"II") else ">"
    next_at = 10 + 12 * struct.unpack(order + "H", tiff[8:10])[0]  # (after IFD0's count and 12-byte entries)
    ifd1 = len(tiff)
    tiff = tiff[:next_at] + struct.pack(order + "L", ifd1) + tiff[next_at + 4:]
    tiff += struct.pack(order + "HHHLLHHLLL", 2, 0x0201, 4, 1, ifd1 + 30, 0x0202, 4, 1, len(thumbnail.getvalue()), 0)
    return b"Exif\x00\x00" + tiff + thumbnail.getvalue()


@pytest.fixture(scope="session")
def photo_paths():
    from restoration.data import list_photos

    paths = list_photos(PHOTOS, part="held_out")
    if not paths:
        pytest.skip(f"no photos in {PHOTOS}")
    return paths


@pytest.fixture(scope="session")
def photo(photo_paths):
    """A held-out photo, uint8 [3, H, W]."""
    from restoration.data import load_photo

    return load_photo(photo_paths[0])


@pytest.fixture(scope="session")
def dark_noisy(photo_paths):
    """A 128x96 crop of a held-out CBSD432 photo made dark (gain 0.15) and noisy (sigma 20), as PIL."""
    from restoration.data import load_photo
    from restoration.restorer import tensor_to_image

    photo = load_photo(photo_paths[0])
    _, h, w = photo.shape
    crop = photo[:, h // 2 - 48:h // 2 + 48, w // 2 - 64:w // 2 + 64].float() / 255
    return tensor_to_image(degrade.apply(crop, list(DARK_NOISY.values())))


@pytest.fixture(scope="session")
def fresh_process(dark_noisy, tmp_path_factory):
    """What tests/fresh_process.py found in one new Python process, given the dark_noisy photo, with no offline switch
    in its environment (what loads must read the disk alone): the checks about a fresh process share it."""
    path = tmp_path_factory.mktemp("fresh_process") / "in.png"
    dark_noisy.save(path)
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    out = subprocess.run([sys.executable, "-m", "tests.fresh_process", str(path)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.splitlines()[-1])


@pytest.fixture(scope="session")
def minilm():
    from restoration.text import MiniLMEncoder

    return MiniLMEncoder()


@pytest.fixture
def tiny_model():
    from restoration.model import build

    torch.manual_seed(0)
    model = build("tiny")
    for name, p in model.named_parameters():  # DMMs start at zero; make the text matter
        if "dmm" in name:
            p.data.normal_(0, 0.05)
    return model


@pytest.fixture(scope="session")
def app_url():
    """The web app, launched in this process on a free local port."""
    from app import LAUNCH, build
    from restoration import Restorer

    demo = build(Restorer.from_pretrained(), "analyzer", "**Describer:** offline analyzer · test")
    demo.launch(server_name="127.0.0.1", prevent_thread_lock=True, quiet=True, **LAUNCH)
    yield demo.local_url
    demo.close()


@pytest.fixture
def stub():
    """The analyzer's stand-in that reports the dark_noisy fixture's true degradations."""
    return StubAnalyzer({k: d.severity for k, d in DARK_NOISY.items()})
