"""`Restorer`: any PIL image and a description in, a restored RGB image of the same size out.

Large photos are restored in tiles, so memory stays bounded whatever the size: the context
(what the description means for this photo) is computed once from the whole photo at full
resolution, then every tile is restored under that same context and the tiles are blended
where they overlap. Tiles start on the model's attention-window grid, so a tiled result
matches an untiled one up to the blended seams.

With `ensemble` the photo's mirror image is restored too and the two results (turned back) are
averaged: the same or a little better on every kind of damage, at twice the time. Only the
mirror image: the network knows which way is up (rain falls, haze thickens towards the top of
most photos), and upside-down or transposed copies restored rain and haze worse (weights/README.md).

Input images: EXIF orientation is applied; grayscale, palette, CMYK and 16-bit images are
converted to 8-bit RGB; an alpha channel is dropped (the RGB values are restored as they are
and the result is RGB, as the interface promises). `PhotoForm` gives a result back what the
photo's file had beyond colour, its transparency, its being grey and its EXIF: the command line,
the assistant and the app use it. `open_photo` is how all of them (and the app) open a file: the size checked
before decoding, an animation's or a TIFF's further frames said, colour profiles converted to sRGB
(and said, where not sRGB's).
"""

from __future__ import annotations

import io
import json
import logging
import re
import struct
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

import numpy as np
import torch
from PIL import ExifTags, Image, ImageFile, ImageFilter, ImageOps

from . import captions
from .captions import LEVEL_BLEND
from .degrade import KINDS, MAX_SIGMA
from .model import DCFormer, grid_sums, weights_file
from .text import TextEncoder, load_text_encoder

log = logging.getLogger(__name__)

WEIGHTS = Path(__file__).resolve().parent.parent / "weights"
# The shipped checkpoints, best first, by device: a GPU can afford the larger model.
DEFAULT_CHECKPOINTS = {"cuda": ["dcformer-base", "dcformer-small"], "cpu": ["dcformer-small"]}

Progress = Callable[[float], object]
# what the network is told: words, or severities (kind -> 0-1) that it describes in its plain form
Guidance = str | Mapping[str, float]
PRECISIONS = ("auto", "float32", "bfloat16")
MAX_PIXELS = 50_000_000  # larger photos are refused by `open_photo` (restoring 50 MP takes minutes on a CPU)
# formats whose further frames are an animation's or a document's pages (not a camera JPEG's embedded preview, MPO)
_FRAMES = {"GIF": "an animation", "PNG": "an animation", "WEBP": "an animation", "AVIF": "an animation",
           "TIFF": "a file"}
# modes of more than 8 bits a channel, which come back 8-bit (the network and the saved result are 8-bit)
_DEEP = {"I;16": "16-bit", "I;16B": "16-bit", "I;16L": "16-bit", "I;16N": "16-bit", "I": "32-bit",
         "F": "32-bit floating-point"}


def check_device(device: str | torch.device | None, name: str = "device") -> torch.device:
    """The device to run on: None or "auto" the GPU where there is one, else the CPU. Anything but the CPU or a
    CUDA GPU that is here is a ValueError in one line, `name` the option's (mps and meta had failed deep inside
    torch: QA 69 F08)."""
    if device is None or device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        dev = torch.device(device)
    except RuntimeError:
        dev = None
    if dev is None or dev.type not in ("cpu", "cuda"):
        raise ValueError(f"{name} must be cpu or cuda (got {str(device)!r})")
    have = torch.cuda.device_count() if dev.type == "cuda" else 0
    if dev.type == "cuda" and not have:
        raise ValueError(f"{name} {device}: no CUDA GPU here; leave {name} out (it takes the GPU when there is one) "
                         "or use cpu")
    if dev.type == "cuda" and (dev.index or 0) >= have:
        raise ValueError(f"{name} {device}: there is no such GPU here ({have} GPU{'s' * (have > 1)}, "
                         f"cuda:0{f' to cuda:{have - 1}' if have > 1 else ''})")
    return dev


def shipped_checkpoint(device: str | torch.device | None = None) -> Path:
    """The shipped checkpoint folder `Restorer.from_pretrained()` loads on `device`, its weights file checked as the
    loader checks it before building anything (`weights_file`: there, not a Git LFS pointer), without loading it; the
    loader's FileNotFoundError or ValueError where it cannot. (The assistant's *help* before a photo asks this alone:
    loading the network to know had taken 3.7 s, review74.)"""
    device = check_device(device)
    candidates = [WEIGHTS / n for n in DEFAULT_CHECKPOINTS.get(device.type, DEFAULT_CHECKPOINTS["cpu"])]
    found = [c for c in candidates if (c / "model.safetensors").exists()]
    if not found:  # (the app and the assistant cannot be given a path: how to get the weights is said)
        raise FileNotFoundError(f"the shipped weights are missing: {WEIGHTS} has no "
                                f"{' or '.join(c.name + '/model.safetensors' for c in candidates)}; "
                                "run `git lfs pull` in the repository to fetch them")
    weights_file(found[0])
    return found[0]


def _training_info(file: Path) -> dict:
    """A checkpoint's training.json, which is only its record (how it was trained): one that does not read is said
    and left out, and the checkpoint loads (it had stopped the load with json's message alone: QA 69 F12)."""
    if not file.exists():
        return {}
    try:
        info = json.loads(file.read_text())
        why = "" if isinstance(info, dict) else f"a JSON {type(info).__name__}"
    except (ValueError, OSError) as e:  # (json's errors and a non-UTF-8 file are ValueErrors)
        why = str(e)
    if why:
        log.warning("%s is not a readable record of the training (%s): loaded without it", file, why)
        return {}
    return info


class TooLarge(ValueError):
    """A photo above the pixel cap (or one Pillow flags as a decompression bomb)."""


def open_photo(source, max_pixels: int | None = MAX_PIXELS) -> tuple[Image.Image, PhotoForm, str]:
    """A photo from a path, bytes, a PIL image or an array -> three things: the RGB photo to restore (transparent
    parts filled), its `PhotoForm`, and a note for a file of several frames ("an animation of 3 frames: only its
    first frame is restored"), of more than 8 bits a channel ("a 16-bit image: it is restored and saved in 8 bits
    per channel") or with a colour profile other than sRGB (`_colour_space_note`), "; "-joined, or "".

    The size is checked from the header, before any pixel is decoded (TooLarge above `max_pixels`, None: no cap
    but Pillow's refusal of decompression bombs, which is TooLarge too); Pillow's
    errors for files it cannot read pass through. The one opener of the command line, the assistant and the app.
    """
    opened = None  # a file this opens, closed before returning (Pillow keeps a multi-frame file open)
    file = None  # its path or bytes, read again for what Pillow leaves out (`_with_low_bytes`)
    try:
        if isinstance(source, (str, Path)):
            file = source
            source = opened = Image.open(file)
        elif isinstance(source, (bytes, bytearray, memoryview)):
            file = bytes(source)
            source = opened = Image.open(io.BytesIO(file))
        elif isinstance(source, ImageFile.ImageFile) and (file := _file_of(source)) is not None:
            # a PIL image of a 16-bit file, opened again from it: read in all 16 bits as its path is (review74, bytes75:
            # the high bytes alone, dark without a word), and the caller's image left as it was
            source = opened = Image.open(file if isinstance(file, Path) else io.BytesIO(file))
    except Image.DecompressionBombError as e:  # said in megapixels (it had quoted Pillow's message)
        pixels = re.search(r"\((\d+) pixels\)", str(e))
        raise TooLarge(f"{int(pixels[1]) / 1e6:.0f} megapixels" if pixels else "too many pixels") from e
    try:
        return _open_image(source, max_pixels, file)
    finally:
        if opened is not None:
            opened.close()


def _file_of(image: ImageFile.ImageFile) -> Path | bytes | None:
    """The file (its path, or its stream's bytes) of a PIL image opened from a 16-bit file and still its first frame as
    the file has it: not yet decoded, or decoded to the same pixels (compared: they may have been drawn on since).
    None for any other image. `open_photo` opens it again, to read what Pillow leaves out of an image (the low bytes of
    a 48-bit colour file, a PNG's sBIT)."""
    if image.tell() != 0:
        return None
    path = Path(image.filename) if isinstance(image.filename, str) and Path(image.filename).is_file() else None
    if image.tile:  # (not yet decoded: its decoder says its depth)
        return (path or _stream_bytes(image.fp)) if _decoded_from_16_bits(image) else None
    if path is None:
        return None
    try:
        with Image.open(path) as again:  # (the header alone, unless it is a 16-bit file of the same size and mode)
            same = (_decoded_from_16_bits(again) and (again.mode, again.size) == (image.mode, image.size)
                    and np.array_equal(np.asarray(again), np.asarray(image)))
    except (OSError, ValueError):  # (the file has changed since: not an image now)
        return None
    return path if same else None


def _stream_bytes(stream) -> bytes | None:
    """All the bytes of the stream a PIL image is being read from, its position kept; None where it cannot be read."""
    try:
        at = stream.tell()
        stream.seek(0)
        content = stream.read()
        stream.seek(at)
    except (AttributeError, OSError, ValueError):  # (no stream, or one closed)
        return None
    return content


def unreadable_message(e: BaseException, source=None) -> str:
    """Why `open_photo(source)` failed with `e`, in plain words: the chat's answer to an upload, and the command
    lines' (they had quoted Pillow's "cannot identify image file", or the exception and a server path)."""
    try:
        if isinstance(source, (str, Path)):
            with open(source, "rb") as f:  # (the first bytes only: an upload may be 25 MB)
                head = f.read(16)
        else:
            head = bytes(source[:16]) if isinstance(source, (bytes, bytearray, memoryview)) else None
    except OSError:
        head = None
    if head == b"":  # a 0-byte file (Pillow calls it "not an image": what went wrong is the copy)
        return "I could not read that file: it is empty (0 bytes). Please upload the photo again."
    head = head or b""
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftyphevc", b"ftypmif1", b"ftypmsf1"):
        return ("I cannot read HEIC photos (an iPhone's usual format). Please upload it as JPEG: phones and photo "
                "apps can share or export a photo as JPEG.")
    if "truncated" in str(e).lower() or isinstance(e, (EOFError, SyntaxError)):
        return ("I could not read that image: the file is cut off (its end is missing, as after an unfinished "
                "download or copy). Please upload the whole file.")
    kind = _float_tiff(source) if head.startswith((b"II*\x00", b"MM\x00*")) else None
    if kind and type(e).__name__ == "UnidentifiedImageError":  # a valid TIFF Pillow has no mode for (it had been
        # called damaged, but another copy fails alike: QA 57 F14)
        return f"I cannot read this kind of TIFF ({kind}): please save it as an 8- or 16-bit TIFF, PNG or JPEG."
    if head.startswith((b"\xff\xd8", b"\x89PNG", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")) or head[8:12] == b"WEBP":
        return ("I could not read that image: the file is damaged (it starts as an image, but the rest cannot be "
                "decoded). Please upload another copy.")
    if type(e).__name__ == "UnidentifiedImageError" or isinstance(e, TypeError):
        return "I could not read that file: it is not an image. Please upload a photo: JPEG, PNG, WebP, TIFF, BMP or GIF."
    return "I could not read that image. Please upload a photo file such as JPEG, PNG, WebP or TIFF."


def _float_tiff(source) -> str | None:
    """The kind of a TIFF whose first directory says its samples are floats (SampleFormat 3), such as "32-bit
    floating-point colour", read from the header alone; None for any other file."""
    from PIL import TiffImagePlugin

    try:
        with open(source, "rb") if isinstance(source, (str, Path)) else io.BytesIO(bytes(source)) as f:
            ifd = TiffImagePlugin.ImageFileDirectory_v2(f.read(8))
            f.seek(ifd.next)
            ifd.load(f)
    except Exception:  # noqa: BLE001 - a header that does not parse: the file is said to be damaged
        return None
    if 3 not in ifd.get(339, ()):  # (SampleFormat: 1 unsigned, 2 signed, 3 IEEE float)
        return None
    return f"{max(ifd.get(258, (32,)))}-bit floating-point {'colour' if ifd.get(277, 1) >= 3 else 'grey'}"


def cannot_read(e: BaseException, path) -> str:
    """What a command line says when `open_photo(path)` failed with `e`: Pillow's errors (no errno: not an image,
    HEIC, cut off) in the chat's plain words, the system's (no such file, no permission) as they are."""
    if isinstance(e, OSError) and not e.errno:
        return f"{path}: {unreadable_message(e, path)}"
    return f"cannot read {path}: {e}"


def _check_pixels(width: int, height: int, max_pixels: int | None) -> None:
    if max_pixels is not None and width * height > max_pixels:
        mp = f"{width * height / 1e6:.1f}".removesuffix(".0")  # (50.4, not 50, above a cap of 50)
        raise TooLarge(f"{width}×{height} is {mp} megapixels")


def _open_image(source, max_pixels: int | None, file=None) -> tuple[Image.Image, PhotoForm, str]:
    """`open_photo` of a PIL image or an array, opened from `file` (a path or bytes) where it was a file."""
    array_note = ""  # (an array's depth and levels: `_from_array`)
    if not isinstance(source, Image.Image) and hasattr(source, "__array_interface__"):  # (in this order: a PIL
        # image's __array_interface__ decodes it, before the cap)
        a = np.asarray(source)
        if a.ndim >= 2:  # capped before the conversion below, which holds the array several times over
            _check_pixels(a.shape[1], a.shape[0], max_pixels)
        source, array_note = _from_array(a)
    if not isinstance(source, Image.Image):
        raise TypeError(f"expected an image, got {type(source).__name__}")
    _check_pixels(source.width, source.height, max_pixels)
    deep = "16-bit" if _decoded_from_16_bits(source) else _DEEP.get(source.mode)
    source = _as_16_bit(source)
    source.load()
    frames = getattr(source, "n_frames", 1) if source.format in _FRAMES else 1
    unit = "page" if source.format == "TIFF" else "frame"
    shown = f"{unit} {source.tell() + 1}" if source.tell() else f"its first {unit}"  # (a caller may have moved on)
    notes = [f"{_FRAMES[source.format]} of {frames} {unit}s: only {shown} is restored"] if frames > 1 else []
    notes.append(array_note)
    bits = _significant_bits(file) if deep == "16-bit" and source.format == "PNG" else 16
    colour_said = _with_low_bytes(source, file, bits) if deep == "16-bit" and source.mode not in _DEEP else ""
    rgb, levels_said = _rgb_and_levels(source, bits)
    if deep:  # (said where it happens: only the README had said so)
        notes += [f"a {deep} image: it is restored and saved in 8 bits per channel", colour_said, levels_said]
    notes.append(_colour_space_note(source))
    form = PhotoForm.of(source, rgb)
    notes.append(HIDDEN_NOTE if form.hidden else "")
    photo = form.prepare(rgb)
    note = "; ".join(n for n in notes if n)
    if photo.width < 1 or photo.height < 1:
        raise ValueError("the image is empty")
    return photo, form, note


def _from_array(a: np.ndarray) -> tuple[Image.Image, str]:
    """An array as an 8-bit image, and what to say of its levels ("" for the usual ones): booleans are black and
    white; other types are scaled by `_levels`, uint16 as a 16-bit file's values, other integers as an "I" image's,
    floats as an "F" image's, and said in the same words (an int32 array of 12-bit data, 0-4080, had been taken as
    16-bit and came out dark, without a word)."""
    if a.dtype == np.uint8:
        return Image.fromarray(a), ""
    if a.dtype == bool:
        return Image.fromarray(a.astype(np.uint8) * 255), ""
    if a.dtype.kind not in "uif":  # (strings, objects, complex numbers: no pixel values; one clear line)
        raise TypeError(f"expected an image, got an array of {a.dtype}")
    eight, said = _to_8_bits(a)
    depth = f"{a.dtype.itemsize * 8}-bit{' floating-point' if a.dtype.kind == 'f' else ''}"
    return Image.fromarray(eight), f"{'an' if depth[0] == '8' else 'a'} {depth} image: {said}" if said else ""


def _to_8_bits(a: np.ndarray, bits: int = 16) -> tuple[np.ndarray, str]:
    """An array of ints or floats as uint8, scaled by `_levels` (uint16 as a 16-bit file's values, of `bits`
    significant bits, other ints as an "I" image's, floats as an "F" image's), and what that says."""
    values = a.astype(np.float32, copy=False)  # (a float32 array as it is: it is only read)
    mode = "I;16" if a.dtype == np.uint16 else "F" if a.dtype.kind == "f" else "I"  # (uint16: as a 16-bit file's;
    # 12-bit data in one had come out 16 times as bright as the same pixels in a 16-bit PNG)
    top, said = _levels(values, mode, bits)
    eight = values * (255 / top) if values is a else np.multiply(values, 255 / top, out=values)  # (then in place:
    eight += 0.5  # each step had made another full-size copy; a copy of `a` is scaled where it is)
    return _rounded_to_uint8(eight), said


def _rounded_to_uint8(levels: np.ndarray) -> np.ndarray:
    """Float levels of 0-255 with 0.5 added (to round) as uint8: clipped (inf white), NaN black. In place, and one
    mask (np.nan_to_num had made four full-size ones: 137 of the 309 MiB that scaling a 12 MP 48-bit photo took)."""
    np.clip(levels, 0, 255, out=levels)
    levels[np.isnan(levels)] = 0
    return levels.astype(np.uint8)


def _as_16_bit(image: Image.Image) -> Image.Image:
    """`image`, or a 16-bit file Pillow opens as a 32-bit "I" image (a 16-bit PGM) as "I;16", so that its levels are
    a 16-bit file's (they had been guessed by its peak, as a 32-bit image's, and it was called 32-bit). Called before
    the file is decoded (`_decoded_from_16_bits` reads the decoder's raw mode)."""
    return image.convert("I;16") if image.mode == "I" and _decoded_from_16_bits(image) else image


def _decoded_from_16_bits(image: Image.Image) -> bool:
    """Whether a file not yet decoded stores 16 bits a channel that Pillow decodes to 8 (a 48-bit RGB PNG or TIFF
    opens as "RGB": its precision had gone without a word, qa70b F02), by its decoder's raw mode ("RGB;16B", "RGBA;16L";
    not a 5-6-5 BMP's "BGR;16", 16 bits a pixel)."""
    tiles = getattr(image, "tile", None) or ()  # (none once decoded, or for an image made in memory)
    return any(re.search(r";16[BLN]", str(tile.args)) for tile in tiles)  # (args: a raw mode, or a tuple led by one)


# said where a 16-bit file's samples are read from their high bytes alone: Pillow decodes no more, and the low bytes
# could not be decoded again (a later page of a TIFF, premultiplied alpha, CMYK)
HIGH_BYTES_NOTE = "only the upper 8 of its 16 bits per channel could be read"


def _with_low_bytes(image: Image.Image, file, bits: int = 16) -> str:
    """Put all 16 bits a channel of a file that Pillow decodes to their high bytes (a 48- or 64-bit colour file, a
    16-bit grey one with alpha; `image`, opened by `open_photo` from `file`, its path or bytes, and loaded) into
    `image`'s 8, scaled as a 16-bit grey file's values are (`_levels`), and what that says: 12-bit data had come out
    dark without the note a grey file gets, and 8-bit data stored in 16 bits black. `HIGH_BYTES_NOTE` where the low
    bytes cannot be had (`file` None, or a raw mode `_low_byte_args` does not know)."""
    low = _low_bytes(file) if file is not None else None
    if low is None:
        return HIGH_BYTES_NOTE
    samples = np.asarray(image)[..., :low.shape[2]].astype(np.uint16)  # (a grey file's: the first of its three equal
    samples <<= 8  # bands. In place from here: 12 MP of colour took 584 MiB, now 240)
    samples |= low
    del low
    eight, said = _to_8_bits(samples, bits)
    if eight.shape[2] == 1:  # (grey: scaled once, then put in each band, as Pillow opened it)
        eight = np.repeat(eight, 3, axis=2)
    if image.mode == "RGBA":  # (its alpha: the high bytes, which are 8-bit alpha enough)
        eight = np.dstack([eight, np.asarray(image.getchannel("A"))])
    image.paste(Image.fromarray(eight, image.mode))
    return said


def _low_bytes(file) -> np.ndarray | None:
    """The low byte of each colour or grey sample of a 16-bit file (its path or bytes) that Pillow decodes to the high
    bytes, [H, W, 3 or 1]: the file decoded again as `_low_byte_args` says; None for a raw mode it does not know."""
    with Image.open(file if isinstance(file, (str, Path)) else io.BytesIO(file)) as again:
        changed = [_low_byte_args(tile.args) for tile in again.tile]
        if not changed or None in changed:
            return None
        again.tile = [tile._replace(args=args) for tile, (args, _) in zip(again.tile, changed)]
        return np.asarray(again)[..., changed[0][1]]


# a 16-bit raw mode's byte order -> the other one, whose decoder takes each sample's low byte where it took the high one
_OTHER_ORDER = {"B": "L", "L": "B", "N": "B" if sys.byteorder == "little" else "L"}


def _low_byte_args(args) -> tuple[tuple | str, slice] | None:
    """A decoder's args (a raw mode, or a tuple led by one) changed to decode each colour or grey sample's low byte
    where they decode its high one, and the bands that hold them then; None for other raw modes. "RGB;16B"-like: the
    byte order swapped. "LA;16B", a 16-bit grey PNG with alpha (Pillow opens it as RGBA, and has no "LA;16L" to swap
    to): its 4 bytes a pixel decoded as an 8-bit RGBA pixel's, grey high and low, alpha high and low."""
    raw = args if isinstance(args, str) else args[0]
    bands, sixteen, order = raw.partition(";16")
    if raw == "LA;16B":
        raw, low = "RGBA", slice(1, 2)
    elif bands in ("RGB", "RGBA", "RGBX") and sixteen and order in _OTHER_ORDER:
        raw, low = f"{bands};16{_OTHER_ORDER[order]}", slice(0, 3)
    else:
        return None
    return (raw if isinstance(args, str) else (raw, *args[1:])), low


def _significant_bits(file) -> int:
    """The bits a sample a PNG's sBIT chunk says its 16-bit samples have (the most of its channels; Pillow does not
    read it), 16 where it says none or `file` (a path or bytes) is None."""
    if file is None:
        return 16
    with open(file, "rb") if isinstance(file, (str, Path)) else io.BytesIO(file) as f:
        f.seek(8)  # (the signature: the file opened as a PNG)
        while len(head := f.read(8)) == 8:  # each chunk: its length, its type, the data, a CRC
            length, kind = struct.unpack(">I4s", head)
            if kind == b"sBIT":
                said = max(f.read(length), default=0)
                return said if 0 < said < 16 else 16
            if kind == b"IDAT":  # (sBIT comes before the image data)
                break
            f.seek(length + 4, io.SEEK_CUR)
    return 16


def _colour_space_note(image: Image.Image) -> str:
    """A note where `to_rgb` converts the photo's colours from a profile other than sRGB's (Adobe RGB, Display P3):
    the result is sRGB, without the profile, and what lies outside sRGB is clipped; or where it cannot use the
    profile and takes the colours as sRGB (QA 57 F10: neither had been said). "" for no profile or sRGB's."""
    from PIL import ImageCms

    if not image.info.get("icc_profile") or image.mode not in ("RGB", "RGBA", "P"):  # (grey and CMYK: not said)
        return ""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(image.info["icc_profile"]))
        # colours an sRGB profile keeps as they are, and any other changes
        probe = Image.frombytes("RGB", (4, 1), bytes([200, 60, 60, 60, 200, 60, 60, 60, 200, 128, 128, 128]))
        converted = ImageCms.profileToProfile(probe, profile, ImageCms.createProfile("sRGB"))
    except (ImageCms.PyCMSError, OSError, ValueError):  # (as `_to_srgb` fails, and keeps the pixels as they are)
        return "an image with a colour profile that cannot be used: its colours are taken as sRGB"
    if np.abs(np.asarray(converted, np.int16) - np.asarray(probe, np.int16)).max() <= 2:  # sRGB's under any name
        return ""  # (2 levels: the rounding of a copy's curves)
    name = profile.profile.profile_description.strip()
    which = f"the colour profile “{name}”" if name else "a colour profile other than sRGB"
    return f"an image with {which}: its colours are converted to sRGB, and any outside sRGB's range are clipped"


def cpu_has_bfloat16() -> bool:
    """Whether this CPU computes bfloat16 natively (AVX-512 BF16 or AMX); elsewhere it is emulated and slow."""
    try:
        return bool(torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported())
    except (AttributeError, RuntimeError):
        return False


# A pixel this many times brighter than all but one of its 8 neighbours is a lone outlier (a hot pixel, or two side by
# side, which many hot pixels scattered at random make), unless it lights its neighbours as a lamp does
# (`_lit_around`): where such pixels are at most LONE_SHARE of the image they are left out of its peak, which decides
# its levels, and clipped to white; more are content (a star field). A lamp of 2x2 pixels or more, or of one or two
# whose light falls off into their neighbours, is not lone, and keeps a dark night shot dark.
LONE = 2.0
LONE_SHARE = 0.001
NEIGHBOURS = [(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dy or dx]
SIDES = [(0, 1), (1, 0), (0, -1), (-1, 0)]
TWO_OUT = [(dy, dx) for dy in range(-2, 3) for dx in range(-2, 3) if max(abs(dy), abs(dx)) == 2]


def _lone_peak(a: np.ndarray) -> tuple[float, np.ndarray]:
    """The peak of `a` ([H, W] or [H, W, C], NaN and inf left out) without its lone outliers (`LONE`), and the
    outliers' values above it (one pixel at 4.0 in a photo of 0-1, or at 65535 in one of 0-4080, had been its white
    and darkened the rest 4 or 16 times)."""
    top = _brightest_channel(a)
    if top.ndim != 2:  # (not an image: Image.fromarray refuses it)
        return float(top.max()), np.empty(0, np.float32)
    lone = _alone(top)  # (many in a dark, noisy part, where they do not matter)
    rest = float(np.max(top, where=~lone, initial=-np.inf))  # (where=: no copy of the rest)
    ys, xs = np.nonzero(lone & (top > rest))
    if not 0 < ys.size <= LONE_SHARE * top.size:
        return float(top.max()), np.empty(0, np.float32)
    lamps, above = _lit_around(top, ys, xs), top[ys, xs]  # (a one-pixel lamp with a halo, or a 1x2 one, had been
    if lamps.any():  # clipped as hot pixels and the dark shot around it brightened 2-3 times: runs/files72)
        rest = max(rest, float(above[lamps].max()))
    return rest, above[~lamps & (above > rest)]


def _brightest_channel(a: np.ndarray) -> np.ndarray:
    """Each pixel's brightest finite value in `a` ([H, W] or [H, W, C]; -inf where it has none), made a channel at a
    time (a finite copy of all of `a` had come first)."""
    top = None
    for channel in (a[..., c] for c in range(a.shape[2])) if a.ndim == 3 else [a]:
        finite = np.where(np.isfinite(channel), channel, -np.inf)
        top = finite if top is None else np.maximum(top, finite, out=top)
    return top


def _alone(top: np.ndarray) -> np.ndarray:
    """Whether each pixel of `top` ([H, W], finite or -inf) is more than LONE times as bright as all but one of its 8
    neighbours: it is above 0 and at most one neighbour reaches 1 / LONE of it, counted in a byte a pixel (the brightest
    two neighbours had been full-size arrays beside a padded copy: `_lone_peak` took 549 MiB at 24 MP, now 252-298)."""
    h, w = top.shape
    reach = top / LONE
    reached = np.zeros(top.shape, np.uint8)
    for dy, dx in NEIGHBOURS:
        here = (slice(max(-dy, 0), h - max(dy, 0)), slice(max(-dx, 0), w - max(dx, 0)))
        there = (slice(max(dy, 0), h - max(-dy, 0)), slice(max(dx, 0), w - max(-dx, 0)))
        reached[here] += top[there] >= reach[here]
    return (reached <= 1) & (top > 0)


def _lit_around(top: np.ndarray, ys: np.ndarray, xs: np.ndarray) -> np.ndarray:
    """Whether each pixel (ys, xs) of `top` ([H, W]) lights its neighbours, as a lamp does (a lens spreads any real
    light): its 4 side neighbours all more than LONE times the median of the 16 pixels two steps out (a median: the
    halo of a lamp's other pixel reaching there does not count). A hot pixel's neighbours are as the rest around."""
    sides = np.nanmin(_around(top, ys, xs, SIDES), axis=1)
    return sides > LONE * np.maximum(np.nanmedian(_around(top, ys, xs, TWO_OUT), axis=1), 0)


def _around(top: np.ndarray, ys: np.ndarray, xs: np.ndarray, offsets: list[tuple[int, int]]) -> np.ndarray:
    """The values of `top` at `offsets` (dy, dx) from each pixel (ys, xs): [N, len(offsets)], NaN beyond the edges."""
    y = ys[:, None] + np.array([dy for dy, _ in offsets])
    x = xs[:, None] + np.array([dx for _, dx in offsets])
    inside = (y >= 0) & (y < top.shape[0]) & (x >= 0) & (x < top.shape[1])
    values = np.full(y.shape, np.nan)
    values[inside] = top[y[inside], x[inside]]
    return values


def _levels(a: np.ndarray, mode: str, bits: int = 16) -> tuple[float, str]:
    """The value that is white in `a`, the values of an "I;16", "I" or "F" image (or an array's: floats as "F", ints as
    "I"; `to_rgb` and `_from_array` scale it to 255), and what to say of a guess that is not the usual one, of lone
    outliers (`_lone_peak`) clipped to white, or of values below 0, clipped to black ("" where there is none).
    16-bit (a 16-bit file or a uint16 array): 65535 (`_sixteen_bit_levels`), or 2**bits - 1 where a file says its
    samples have `bits` significant bits and stores them unscaled (`_stored_unscaled`). Floats: 0-1 up to a peak of 2
    (0-1 overshooting a little, as after resampling, as `_open_image` takes an array's: qa70b F04), 0-255 from 16 to
    255, else (linear HDR of 0-4, 12-bit data stored as floats) their own peak. Other ints: 0-255 up to 255, else the
    bit depth their peak needs (0-4080: 12 bits, 4095; 16 bits, the usual, is not said). Those unusual ranges had all
    been taken as 0-255 or 0-65535 and come out almost black, without a word (qa70b F05)."""
    finite = np.isfinite(a) if mode == "F" else True  # (a float TIFF's no-data NaN: black, not the peak)
    low = float(np.min(a, where=finite, initial=np.inf))  # (where=: no copy of the finite values)
    peak = float(np.max(a, where=finite, initial=-np.inf))
    low, peak = (low, peak) if low <= peak else (0.0, 0.0)  # (none finite, or none at all)
    if mode.startswith("I;16"):
        if bits < 16 and _stored_unscaled(a, peak, bits):
            top = 2.0**bits - 1
            return top, (f"its values 0–{peak:.0f} are taken as {bits}-bit (0–{top:.0f}), as the file says, and "
                         "scaled to 0–255")
        return _sixteen_bit_levels(peak)
    lone = np.empty(0)
    if peak > (2 if mode == "F" else 255):  # (where the peak decides the levels)
        peak, lone = _lone_peak(a)
    if mode == "F" and peak <= 2:
        top, said = 1.0, ""
    elif peak <= 255 and (mode == "I" or peak >= 16):  # (a float peaking under 16, 6 % of 255: not 0-255)
        top, said = 255.0, ""
    elif mode == "F":
        top, said = peak, f"its values 0–{_number(peak)} are scaled to 0–255 by its brightest"
    else:
        bits = int(peak).bit_length()
        top = 2.0**bits - 1
        said = f"its values 0–{peak:.0f} are taken as {bits}-bit (0–{top:.0f}) and scaled to 0–255"
        said = "" if bits == 16 else said  # (16 bits: the usual deep data, no guess to say)
    lone = lone[lone > top]
    n = len(lone)
    glints = (f"{n} lone pixel{'s' * (n > 1)} far brighter than {'their' if n > 1 else 'its'} neighbours "
              f"({'up to ' * (n > 1)}{_number(lone.max())}) {'are' if n > 1 else 'is'} clipped to white") if n else ""
    clipped = f"its values below 0 (down to {low:.3g}) are clipped to black" if low < 0 else ""
    return top, ", and ".join(note for note in (said, glints, clipped) if note)


def _stored_unscaled(a: np.ndarray, peak: float, bits: int) -> bool:
    """Whether 16-bit values `a` that a file says have `bits` significant bits are stored as they are (0-4095 for 12
    bits, not scaled up to 0-65535 as PNG asks): they peak below 2**bits, and not all are multiples of 2**(16 - bits)
    (a dark file scaled as asked peaks as low, but shifted up: 0-4080 of 12-bit data is 0-255 shifted by 4)."""
    return peak < 2**bits and bool(np.any(np.fmod(a, 2 ** (16 - bits))))


def _sixteen_bit_levels(peak: float) -> tuple[float, str]:
    """`_levels` of 16-bit values peaking at `peak`: 0-65535, as PNG defines them (its encoders scale 12-bit samples up
    to 16 bits), as skimage's dtype ranges take uint16 and as Pillow decodes a 48-bit colour file to 8 bits, said
    where that leaves the photo dark (12-bit data stored unscaled, or a dark shot). Only values that all fit in 8 bits
    are taken as 0-255 (8-bit data in a 16-bit container: as 16-bit they would be black, nothing left to restore)."""
    if peak <= 255:
        return 255.0, f"its values 0–{peak:.0f} are taken as 8-bit (0–255): as 16-bit they would be black" * (peak > 0)
    bits = int(peak).bit_length()
    if bits > 14:  # (the usual: a peak at a quarter of white or above)
        return 65535.0, ""
    return 65535.0, (f"its values 0–{peak:.0f} are taken as 16-bit (0–65535) and come out dark (if they are "
                     f"{bits}-bit data, scale them to 0–65535 first)")


def _number(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 1000 else f"{value:.4g}"  # (65535, not 6.554e+04)


def to_rgb(image: Image.Image) -> Image.Image:
    """Any PIL image as 8-bit RGB, upright (EXIF orientation applied)."""
    return _rgb_and_levels(image)[0]


def _rgb_and_levels(image: Image.Image, bits: int = 16) -> tuple[Image.Image, str]:
    """`to_rgb(image)`, and what `_levels` says of the values of an image of more than 8 bits ("" for others): the
    note `_open_image` gives, from the same `_levels` that scales the pixels (a second one, on float32 values, had
    made the note: 0.15-0.2 s of CPU more for a 12 MP float or 32-bit image, and one of 25-bit data said to be
    26-bit)."""
    if not isinstance(image, Image.Image):
        raise TypeError(f"expected a PIL.Image.Image, got {type(image).__name__}")
    image = ImageOps.exif_transpose(_as_16_bit(image))
    if image.mode == "P":  # (before the profile, which a palette's colours need too)
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    said = ""
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):  # (before the profile, which a 16-bit grey
        a = np.array(image, dtype=np.float64)  # scan's levels need too: it had been skipped)
        top, said = _levels(a, image.mode, bits)
        a /= top  # (in place, as `_from_array`)
        a *= 255.0
        a += 0.5
        profile, image = image.info.get("icc_profile"), Image.fromarray(_rounded_to_uint8(a), "L")
        if profile:
            image.info["icc_profile"] = profile
    if image.info.get("icc_profile") and image.mode in ("RGB", "RGBA", "CMYK", "L", "LA"):
        image = _to_srgb(image)
    return image if image.mode == "RGB" else image.convert("RGB"), said  # (a copy already: exif_transpose copies; an
    # RGB one converted again had been a second full-size copy, 72 MB and about 0.3 s at 24 MP, big71)


# A photo in black-and-white dots (1 bit, dithered: a 1-bit scan or fax of a photo, a two-colour GIF) is mostly its
# dots, which the network, trained on Gaussian noise, never saw: told its most (sigma 50) it took 1-bit copies to 18-21
# dB against the grey photo. A Gaussian low-pass of about a pixel turns the dots back into greys (24-30 dB), and the
# network told a moderate noise then takes out what is left of them (runs/descreen71). The best radius grows a little
# with the size (a photo's detail is smoother per pixel in a larger copy).
DESCREEN_RADIUS = {0: 1.0, 768: 1.2}  # long side from which -> Pillow's GaussianBlur radius
DOTS_LEFT = 0.6  # the noise severity the network is told at most after the low-pass (sigma 30)


def descreen_radius(size: tuple[int, int]) -> float:
    """The low-pass radius for a photo in black-and-white dots `size` (width, height) (see DESCREEN_RADIUS)."""
    return DESCREEN_RADIUS[max(side for side in DESCREEN_RADIUS if side <= max(size))]


def in_dots(image: Image.Image) -> bool:
    """Whether `image` is a photo in black-and-white dots as the analyzer reads one (`analyzer.dither`): two colours,
    not a drawn page's (text, a fax of a letter: flat over most of it, `analyzer.drawn`). Read where the analyzer reads
    it (`measured`): a cut-out's opaque part, not its transparent canvas, which `PhotoForm.prepare` fills with the
    dots' mean grey, a third colour (the dots of a cut-out had never been blurred: runs/dots72)."""
    image = measured(image)  # (an opaque image as it is)
    rgb = image if image.mode == "RGB" else to_rgb(image)
    colours = rgb.getcolors(2)  # (None past two: Pillow stops counting there, at once for a photo; the first 4096
    # pixels checked first had passed a photo with a white border on top, then compared all of it: 0.95 s at 12 MP)
    if colours is None or len(colours) != 2:
        return False
    from .analyzer import drawn_pixels  # lazy: the analyzer imports this module

    return not drawn_pixels(np.asarray(rgb))


def descreen_note(size: tuple[int, int], words: str | None = None) -> str:
    """What `descreened` does to a photo in dots `size` (width, height), in plain words, for a reply or a note; told
    severities (the noise's capped), or `words` as they are given ("": none)."""
    told = (f"told noise of sigma {DOTS_LEFT * MAX_SIGMA:.0f} at most" if words is None
            else f"told your words “{words.strip()}”" if words.strip() else "told no words")
    return (f"your photo is in black-and-white dots (1 bit): I blurred them into greys first (a radius of "
            f"{descreen_radius(size):g} pixel), then the network took out what was left of them, {told}")


def descreened(image: Image.Image) -> Image.Image:
    """`image` as RGB, a photo in black-and-white dots (`in_dots`) low-passed first; any other photo as it is."""
    rgb = to_rgb(image)
    return rgb.filter(ImageFilter.GaussianBlur(descreen_radius(rgb.size))) if in_dots(image) else rgb


def read_in_dots(image: Image.Image, severities: dict[str, float]) -> dict[str, float]:
    """The analyzer's (or a describer's) `severities` of `image` as the network is best told them: a photo in
    black-and-white dots (`in_dots`) with its noise at most DOTS_LEFT, what is left of the dots after the low-pass.
    Set where the reading is made, not when the network runs: a conversation's *less* or *more denoising* then steps
    from what the network is told (it had been told 0.6 for 1.0, 0.8 and 0.6 alike: runs/dots72b)."""
    if "noise" not in severities or not in_dots(image):
        return severities
    return {**severities, "noise": min(severities["noise"], DOTS_LEFT)}


def with_luma_of(photo: Image.Image, result: Image.Image) -> Image.Image:
    """`result` (RGB, the photo's size) with the luma of `photo` and its own colour: each pixel moved by the luma
    it lost or gained, which leaves Cb and Cr as they are. Where the noise was in the colour alone
    (`Analysis.colour_only_noise`), the network, which learnt only noise that is in the luma too, also smooths luma
    detail that had none (qa66 F06: luma SSIM 0.984 -> 0.932 on picosdeeuropa); the photo's luma is kept instead."""
    luma = np.array([0.299, 0.587, 0.114], np.float32)
    a, b = (np.asarray(to_rgb(i), dtype=np.float32) for i in (photo, result))
    return Image.fromarray(np.clip(b + ((a - b) @ luma)[..., None], 0, 255).round().astype(np.uint8))


@dataclass(frozen=True)
class PhotoForm:
    """What a photo's file has beyond RGB colour, for its results to keep: the alpha channel (None
    when opaque), whether it is grey (a network that sees colour noise puts faint colour back), and its
    EXIF (`exif_to_keep`), which a result is saved with (`save_options`); `hidden`: every pixel is transparent
    (`HIDDEN_NOTE`; `alpha` is None)."""

    alpha: Image.Image | None = None
    grey: bool = False
    exif: Image.Exif | None = field(default=None, compare=False)
    hidden: bool = False

    @classmethod
    def split(cls, image: Image.Image) -> tuple[Image.Image, PhotoForm]:
        """`image` as opened -> (the RGB photo to analyse and restore, its form)."""
        rgb = to_rgb(image)
        form = cls.of(image, rgb)
        return form.prepare(rgb), form

    @classmethod
    def of(cls, image: Image.Image, rgb: Image.Image) -> PhotoForm:
        """`image` as opened, `rgb` its `to_rgb`."""
        channel = _alpha_channel(image)  # (once: the note's check had converted the image to RGBA again; open_photo
        alpha = _partial(channel)  # of a 12 MP opaque RGBA image 142-149 -> 128-132 ms, runs/mine74/open_photo_ab.txt)
        hidden = alpha is None and channel is not None and channel.getextrema() == (0, 0)
        return cls(alpha, _is_grey(rgb, alpha), exif_to_keep(image, rgb.size), hidden)

    def prepare(self, rgb: Image.Image) -> Image.Image:
        """The photo to analyse and restore: transparent pixels take the mean colour of the opaque
        ones (what is under them is arbitrary, often black, and would read as darkness)."""
        if self.alpha is None:
            return rgb
        f = max(1, max(rgb.size) // 512)  # the mean of a reduced copy is as good
        w = np.asarray(self.alpha.reduce(f), dtype=np.float32)[..., None] / 255
        mean = (np.asarray(rgb.reduce(f), dtype=np.float32) * w).sum(axis=(0, 1)) / w.sum() if w.sum() else [128] * 3
        return Image.composite(rgb, Image.new("RGB", rgb.size, tuple(int(round(c)) for c in mean)), self.alpha)

    @property
    def save_options(self) -> dict:
        """What `Image.save` needs to write a result with the photo's EXIF (formats without EXIF ignore it)."""
        return {"exif": self.exif} if self.exif else {}

    def apply(self, result: Image.Image) -> Image.Image:
        """`result` (RGB, the photo's size) grey again and with the photo's transparency."""
        return self.with_alpha(result.convert("L") if self.grey else result)

    def with_alpha(self, image: Image.Image) -> Image.Image:
        """`image` (the photo's size) with the photo's transparency, where it has any: as the restorer is given the
        photo, which reads a cut-out's dots on its opaque part alone (`in_dots`)."""
        if self.alpha is None:
            return image
        image = image.copy()
        image.putalpha(self.alpha)
        return image


def alpha_of(image: Image.Image) -> Image.Image | None:
    """`image`'s alpha channel, upright (EXIF orientation applied); None where it is wholly opaque, or wholly
    transparent: then the colours under it are all there is to see (`HIDDEN_NOTE`)."""
    return _partial(_alpha_channel(image))


def _alpha_channel(image: Image.Image) -> Image.Image | None:
    """`image`'s alpha channel, upright; None where it has none."""
    if "A" not in image.getbands() and "transparency" not in image.info:  # RGBA, LA, PA; P, L or RGB with tRNS
        return None
    return ImageOps.exif_transpose(image).convert("RGBA").getchannel("A")


def _partial(alpha: Image.Image | None) -> Image.Image | None:
    """`alpha`, or None where it is wholly opaque or wholly transparent."""
    return None if alpha is None or alpha.getextrema() in ((255, 255), (0, 0)) else alpha


# said of an image whose every pixel is transparent (QA 73: its canvas fill, one flat grey, had read as "dense fog", and
# the result had come back grey and darkened)
HIDDEN_NOTE = "an image whose every pixel is transparent: I read and restore the colours under it, and the result is opaque"


def visible(image: Image.Image) -> Image.Image:
    """`image` cropped to the box around its pixels that are not wholly transparent (upright): what is seen. A cut-out's
    transparent canvas, filled flat by `PhotoForm.prepare`, had been measured with the photo, and a photo of noise
    sigma 20 read as clean (qa70b F01). An opaque image as it is."""
    return _seen(image, inner=False)[0]


def measured(image: Image.Image) -> Image.Image:
    """The part of `image` its damage is measured on (the analyzer's input): `visible`, or where that box still holds
    wholly transparent pixels (a round or irregular cut-out: flat-filled corners read as smooth and hazy, an ellipse
    of noise sigma 20 had read 16), the largest box inside it without any, where that holds a third of what is seen or
    is SEEN_SIDE pixels or more each way (a ring, a thin band: their flat-filled middle or corners had made noise
    sigma 25 read clean). An opaque image as it is."""
    return _seen(image, inner=True)[0]


def measure_on_part(measure: Callable[[Image.Image], Any], image: Image.Image) -> tuple[Any, Image.Image]:
    """`measure` (the analyzer, or a stand-in) of the part of `image` its damage is measured on (`measured`, as RGB),
    and that part. A frame it finds there (`Analysis.frame`, a box of the part) is put back where it is in `image`
    (upright), which is restored inside it: a frame found in a cut-out's part had been applied to the whole.
    `analyze` and the assistant's describer both measure this way."""
    part, (x, y) = _seen(image, inner=True)
    part = to_rgb(part)
    found = measure(part)
    if getattr(found, "frame", None) is not None:
        found.frame = shifted(found.frame, (x, y))
    return found, part


def shifted(box: tuple[int, int, int, int] | None, offset: tuple[int, int]) -> tuple[int, int, int, int] | None:
    """`box` (left, top, right, bottom) moved by `offset` (x, y); None stays None."""
    if box is None:
        return None
    x, y = offset
    return box[0] + x, box[1] + y, box[2] + x, box[3] + y


def _seen(image: Image.Image, inner: bool) -> tuple[Image.Image, tuple[int, int]]:
    """`visible(image)`, or `measured(image)` where `inner`, and its offset in `image`."""
    if not isinstance(image, Image.Image):  # (as `to_rgb` says it: an array had failed on a missing `getbands`)
        raise TypeError(f"expected a PIL.Image.Image, got {type(image).__name__}")
    alpha = alpha_of(image)  # (upright)
    box = alpha.getbbox() if alpha is not None else None
    if box is None:  # opaque, or wholly transparent
        return image, (0, 0)
    largest = _largest_seen_box(alpha.crop(box)) if inner else None
    if largest is not None:
        box = shifted(largest, box[:2])
    return (image if box == (0, 0, *alpha.size) else ImageOps.exif_transpose(image).crop(box)), box[:2]


# The shortest side of a seen box a thin shape is measured on: below it, blur and JPEG blocking read from too few
# blocks (a clean band of chelsea, measured on its 51 x 39 seen box, read blurred and JPEG-blocked: runs/cutout72).
SEEN_SIDE = 64


def _largest_seen_box(alpha: Image.Image, side: int = 128) -> tuple[int, int, int, int] | None:
    """The largest box of `alpha` whose pixels are none wholly transparent, found on a copy `side` long (a block counts
    where all its pixels are seen); None where that is all of it, or where it holds under a third of the pixels seen
    and is shorter than SEEN_SIDE either way (a shape too thin to measure inside: the box around it)."""
    seen = alpha.point(lambda v: 255 if v else 0)
    if seen.getextrema()[0] == 255:
        return None
    k = max(1, -(-max(alpha.size) // side))
    blocks = np.asarray(seen.reduce(k), dtype=np.float32) / 255  # (the share of each block that is seen)
    area, (x0, y0, x1, y1) = _largest_rectangle(blocks == 1)
    box = x0 * k, y0 * k, min(x1 * k, alpha.width), min(y1 * k, alpha.height)
    if area * 3 < blocks.sum() and min(box[2] - box[0], box[3] - box[1]) < SEEN_SIDE:
        return None
    return box


def _largest_rectangle(full: np.ndarray) -> tuple[int, tuple[int, int, int, int]]:
    """The largest box of True in the boolean [H, W] `full`: (its area, (left, top, right, bottom)); row by row, the
    largest rectangle under the histogram of the True runs ending on that row."""
    best = (0, (0, 0, 0, 0))
    heights = np.zeros(full.shape[1], dtype=np.int64)
    for y, row in enumerate(full):
        heights = np.where(row, heights + 1, 0)
        rising: list[tuple[int, int]] = []  # (left, height) of the bars still open, heights rising
        for x, height in enumerate([*heights.tolist(), 0]):
            left = x
            while rising and rising[-1][1] >= height:
                left, h = rising.pop()
                if h * (x - left) > best[0]:
                    best = (h * (x - left), (left, y + 1 - h, x, y + 1))
            rising.append((left, height))
    return best


def exif_to_keep(image: Image.Image, size: tuple[int, int]) -> Image.Exif | None:
    """The photo's EXIF (camera, date taken, GPS...) for its results, which are upright and `size` (width, height):
    the orientation set to 1, and the pixel dimensions, where stated, to `size` (a phone's upright shot had kept its
    sensor's 160 x 120 on a 120 x 160 result, review 64 F4). None where the file has no EXIF block (a TIFF's tags
    describe its own layout) or only the orientation. A thumbnail (IFD1: the unrestored photo, unturned) is not
    kept: Pillow writes IFD0 and its sub-IFDs only (tests/test_restorer.py pins it)."""
    if "exif" not in image.info:
        return None
    exif = Image.Exif()  # (a copy: the opened image's own stays as it is)
    try:
        exif.load(image.info["exif"])
    except Exception:  # noqa: BLE001 - a broken EXIF block: the photo is restored without it
        return None
    if not set(exif) - {0x0112}:
        return None
    if 0x0112 in exif:
        exif[0x0112] = 1
    width, height = size
    sub = exif.get_ifd(ExifTags.IFD.Exif)  # (ImageWidth / ImageLength in IFD0, PixelX / YDimension in the Exif IFD)
    for tags, tag, side in ((exif, 0x0100, width), (exif, 0x0101, height), (sub, 0xA002, width), (sub, 0xA003, height)):
        if tag in tags:
            tags[tag] = side
    return exif


def _is_grey(rgb: Image.Image, alpha: Image.Image | None) -> bool:
    """Whether the visible pixels have R = G = B (a reduced copy rules most colour photos out at once)."""
    passes = [(rgb, alpha, 0)]  # (image, alpha, the alpha at or below which a pixel does not count)
    if min(rgb.size) >= 64:  # a block of the reduced copy counts where it was wholly opaque
        passes.insert(0, (rgb.reduce(8), alpha.reduce(8) if alpha is not None else None, 254))
    for im, a, hidden in passes:
        x = np.asarray(im)
        same = (x[..., 0] == x[..., 1]) & (x[..., 1] == x[..., 2])
        if a is not None:
            same |= np.asarray(a) <= hidden
        if not same.all():
            return False
    return True


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert colours from the embedded ICC profile to sRGB (what the network was trained on)."""
    from PIL import ImageCms

    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(image.info["icc_profile"]))
        grey = image.mode in ("L", "LA")  # a grey profile converts to RGB only (to grey it had failed, unused)
        out = ImageCms.profileToProfile(image.convert("L" if grey else "RGB") if image.mode in ("RGBA", "LA") else image,
                                        source, ImageCms.createProfile("sRGB"), outputMode="RGB")
        return image if out is None else out.convert("L") if grey else out
    except (ImageCms.PyCMSError, OSError, ValueError) as e:  # a broken profile: keep the pixels as they are
        log.info("ignoring an unusable ICC profile: %s", e)
        return image


def image_to_tensor(image: Image.Image) -> torch.Tensor:
    """uint8 RGB tensor [3, H, W] of any PIL image (`to_rgb`)."""
    return rgb_to_tensor(to_rgb(image))


def rgb_to_tensor(rgb: Image.Image) -> torch.Tensor:
    """uint8 tensor [3, H, W] of an image already made RGB by `to_rgb` (converted again, a 12 MP photo had been
    copied once more, about 24 ms)."""
    return torch.from_numpy(np.array(rgb, dtype=np.uint8)).permute(2, 0, 1).contiguous()


def tensor_to_image(x: torch.Tensor) -> Image.Image:
    """[3, H, W] float in [0, 1] -> RGB image."""
    a = x.clamp(0, 1).mul_(255).round_().to(torch.uint8).permute(1, 2, 0).cpu().numpy()  # (in place on the clamped
    # copy: one float copy of the photo at a time, not two, 288 MB at 24 MP, big71)
    return Image.fromarray(a, "RGB")


def _starts(length: int, tile: int, stride: int) -> list[int]:
    starts = [0]
    while starts[-1] + tile < length:
        starts.append(starts[-1] + stride)
    return starts


def _stride(tile: int, overlap: int, align: int) -> int:
    """The step between tiles `tile` long: a multiple of the attention-window grid, the tiles overlapping by
    `overlap` or more."""
    return max(align, (tile - overlap) // align * align)


def _ramp(length: int, overlap: int, at_start: bool, at_end: bool) -> torch.Tensor:
    """Blend weights along one side of a tile: rising over the overlap, flat elsewhere."""
    w = torch.ones(length)
    if overlap > 0:
        r = (torch.arange(length, dtype=torch.float32) + 0.5) / overlap
        if not at_start:
            w = torch.minimum(w, r)
        if not at_end:
            w = torch.minimum(w, r.flip(0))
    return w.clamp(min=1e-3)


class Restorer:
    """A DC-former with its text encoder, ready to restore photos. One per process is enough."""

    def __init__(self, model: DCFormer, text_encoder: TextEncoder, device: str | torch.device | None = None,
                 tile: int | None = None, overlap: int = 64, info: dict | None = None, precision: str | None = None,
                 ensemble: bool = False):
        """precision: "float32", "bfloat16", or "auto"/None: bfloat16 on a GPU that has it (else
        float16) and on a CPU that computes it natively (1.7 times as fast on this project's CPU),
        float32 elsewhere. ensemble: average with the restored mirror image (twice the time)."""
        cfg = model.config
        if text_encoder.name != cfg.text_encoder or text_encoder.dim != cfg.text_dim:
            raise ValueError(f"this checkpoint was trained with the text encoder {cfg.text_encoder!r} "
                             f"(dim {cfg.text_dim}); got {text_encoder.name!r} (dim {text_encoder.dim}). "
                             "Use the encoder the checkpoint names.")
        self.model, self.text_encoder, self.info = model.eval().requires_grad_(False), text_encoder, info or {}
        self.overlap = overlap
        self.precision = precision or "auto"
        if self.precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
        self.ensemble = bool(ensemble)
        self._place(torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu")))
        self._set_tile(tile or (1024 + overlap if self.device.type == "cuda" else 384 + overlap))

    def _place(self, device: torch.device):
        self.device = device
        self.timed = None  # (work, seconds) of the largest restore timed on this device (seconds_for, _work)
        self.warm = False  # whether a restore has run on this device: the first one's time is mostly warm-up
        on_gpu = device.type == "cuda"
        self.model = self.model.float().to(device)
        # depth-wise convolutions run about twice as fast channels-last on CPU
        self.model = self.model.to(memory_format=torch.contiguous_format if on_gpu else torch.channels_last)
        self.text_encoder = self.text_encoder.to(device)
        if self.precision == "float32":
            self.dtype = torch.float32
        elif on_gpu:
            self.dtype = torch.bfloat16 if torch.cuda.is_bf16_supported() or self.precision == "bfloat16" else torch.float16
        else:
            self.dtype = torch.bfloat16 if self.precision == "bfloat16" or cpu_has_bfloat16() else torch.float32

    def _set_tile(self, tile: int):
        """Tile edge; the stride between tiles must be a multiple of the attention-window grid."""
        align = self.model.config.alignment
        self.tile = max(tile, align + self.overlap)
        self.stride = _stride(self.tile, self.overlap, align)

    @classmethod
    def from_pretrained(cls, path: str | Path | None = None, device: str | torch.device | None = None,
                        text_encoder: TextEncoder | None = None, text_encoder_path: str | Path | None = None,
                        **kwargs) -> "Restorer":
        """Load a checkpoint folder (config.json + model.safetensors); None: the shipped default.

        The text encoder is the one the checkpoint names, read from `text_encoder_path` if given
        (such as a training pack's compact MiniLM), unless `text_encoder` is passed ready-made.
        """
        device = check_device(device)
        path = shipped_checkpoint(device) if path is None else Path(path)
        model = DCFormer.from_pretrained(path)
        info = _training_info(path / "training.json")
        info["path"] = str(path)
        encoder = text_encoder or load_text_encoder(model.config.text_encoder, text_encoder_path)
        return cls(model, encoder, device, info=info, **kwargs)

    def describe(self, severities: dict[str, float]) -> str:
        """The plain description of `severities` (kind -> 0-1) in the form this network was
        trained on: with the numbers its captions stated (sigma; stops under, where trained so).
        A severity above 1 (the analyzer's noise above sigma 50) is stated as 1: the network never
        read a higher number, and "sigma around 60" restores worse than "around 50" (weights/README.md)."""
        return captions.describe({k: min(s, 1.0) for k, s in severities.items()}, self.model.config.caption_numbers)

    def describe_device(self) -> str:
        ensemble = ", averaged with its mirror image" if self.ensemble else ""
        return f"{Path(self.info.get('path', 'DC-former')).name} on {self.device.type} ({str(self.dtype).removeprefix('torch.')}{ensemble})"

    # --- the steps ---------------------------------------------------------------------

    def _tiles(self, h: int, w: int):
        th, tw = self._tile_sides(h, w)
        align = self.model.config.alignment
        for top in _starts(h, th, _stride(th, self.overlap, align)):
            for left in _starts(w, tw, _stride(tw, self.overlap, align)):
                yield top, left, min(top + th, h), min(left + tw, w)

    def _tile_sides(self, h: int, w: int) -> tuple[int, int]:
        """The tiles' height and width: `tile` square, except for a photo whose short side fits in a tile (a
        panorama strip): its tiles are as long as keeps the rows the network runs on (the short side padded) under
        a square tile's pixels, where that takes fewer tiles. Each tile costs a fixed time beyond its pixels: a
        3000 x 40 strip in eight 448 x 40 tiles had taken 3.5 times as long as a 400 x 300 photo in one (QA 64 F03)."""
        short, length = min(h, w), max(h, w)
        if short > self.tile or length <= self.tile:
            return self.tile, self.tile
        long = max(self.tile, self.tile * self.tile // self._padded(short))
        count = len(_starts(length, long, _stride(long, self.overlap, self.model.config.alignment)))
        if count >= len(_starts(length, self.tile, self.stride)):  # (as many tiles: the square ones overlap less)
            return self.tile, self.tile
        return (self.tile, long) if h <= w else (long, self.tile)

    def _float(self, x_u8: torch.Tensor) -> torch.Tensor:
        x = x_u8.to(self.device)[None].float().div(255)
        return x if self.device.type == "cuda" else x.contiguous(memory_format=torch.channels_last)

    @torch.no_grad()
    def context(self, x_u8: torch.Tensor, description: Guidance) -> torch.Tensor:
        """The context vector for a whole photo (uint8 [3, H, W]), computed tile by tile, of words or of
        severities (kind -> 0-1). Severities are described in this network's plain form, and where one
        lies near a level bound the contexts of the two levels' words are blended (`LEVEL_BLEND`)."""
        cem, grid = self.model.cem, self.model.config.cem_grid
        h, w = x_u8.shape[-2:]
        s, halo = cem.stem_stride, cem.stem_halo
        full = (-(-h // s), -(-w // s))
        sums, counts = 0, 0
        with torch.autocast(self.device.type, self.dtype, enabled=self.dtype != torch.float32):
            for top, left, bottom, right in self._tiles(h, w):  # tile starts are multiples of 4
                t0, l0 = max(top - halo, 0), max(left - halo, 0)
                f = cem.stem(self._float(x_u8[:, t0:min(bottom + halo, h), l0:min(right + halo, w)])).float()
                r0, c0 = (top - t0) // s, (left - l0) // s
                f = f[:, :, r0:r0 + -(-bottom // s) - top // s, c0:c0 + -(-right // s) - left // s]
                tile_sums, tile_counts = grid_sums(f, grid, top // s, left // s, full)
                sums, counts = sums + tile_sums, counts + tile_counts
            tokens = sums / counts.clamp(min=1)[None, :, None]
            parts = [(description, 1.0)] if isinstance(description, str) else self.told(description)
            return sum(weight * self.model.cem(tokens, self.text_encoder([text]).to(self.device)).float()
                       for text, weight in parts)

    def told(self, severities: Mapping[str, float]) -> list[tuple[str, float]]:
        """What the network is given for `severities`: its plain descriptions with their weights, two or more
        where a severity lies within `LEVEL_BLEND` of a level bound (`captions.straddle`)."""
        unknown = [k for k in severities if k not in KINDS]
        if unknown:
            raise ValueError(f"unknown kind of damage {', '.join(map(repr, unknown))}: the kinds are {', '.join(KINDS)}")
        return [(self.describe(sev), weight)
                for sev, weight in captions.straddle(dict(severities), LEVEL_BLEND, self.model.config.caption_numbers)]

    def restore_tensor(self, x_u8: torch.Tensor, text: Guidance, progress: Progress | None = None) -> torch.Tensor:
        """uint8 [3, H, W] -> float [3, H, W] in [0, 1] on the CPU; with `ensemble`, averaged with the
        mirror image's restoration."""
        start, work = time.perf_counter(), self._work(*x_u8.shape[-2:])
        if not self.ensemble:
            out = self._restore_or_retry(x_u8, text, progress)
        else:
            first = self._restore_or_retry(x_u8, text, None if progress is None else lambda f: progress(f / 2))
            mirrored = self._restore_or_retry(x_u8.flip(-1), text,
                                              None if progress is None else lambda f: progress(0.5 + f / 2))
            out = (first + mirrored.flip(-1)) / 2
        timed, warm, self.warm = self.timed, self.warm, True  # (read once: sessions share a Restorer, and a fallback
        # to the CPU resets them)
        if warm and (timed is None or work >= timed[0]):  # the largest: a small crop's time is mostly overhead; not
            self.timed = (work, time.perf_counter() - start)  # the first, a warm-up (64 x 64: 7.5 s, then 1.1 s, fix62b)
        return out

    def _padded(self, side: int) -> int:
        """A tile's side as the network runs on it: padded to its multiple, and by a window for the attention's
        blend (a 40-pixel side is 56: a thin strip costs more per pixel, 1.3 times a 400 x 300 photo's, QA 64 F03)."""
        cfg = self.model.config
        return -(-side // cfg.multiple) * cfg.multiple + cfg.window

    def _work(self, h: int, w: int) -> int:
        """The pixels the network runs on for a photo h x w: its tiles' areas padded (`_padded`), overlaps counted
        twice (a 12 MP photo is 1.4 times its pixels in 448-pixel tiles)."""
        return sum(self._padded(b - t) * self._padded(r - left) for t, left, b, r in self._tiles(h, w))

    def seconds_for(self, width: int, height: int) -> float:
        """About how long a restore of a photo this size takes here: the largest restore timed so far (on this
        device, in this process: the machine's speed and load; the warm-up's excluded) scaled by the work. Before
        the first, a restore of one tile of grey is timed once (`calibrate`; it had been None, no figure)."""
        work, seconds = self.timed or self.calibrate()  # (read once, as restore_tensor does)
        return seconds * self._work(height, width) / work

    def calibrate(self) -> tuple[int, float]:
        """Times a restore of one tile of grey (the warm-up run first, on a small one), for `seconds_for`: as long as
        a restore of a 0.2 MP photo on a CPU (448 x 448), and the first restore is the quicker for the warm-up.
        Returns `timed`: (work, seconds). Measured in CPU seconds on one thread, a photo's restore took 0.76-1.02
        times this estimate from 0.1 to 12 MP (runs/fix68d); neither a grey tile nor the tile's first run at its size
        reads high (a second grey tile took 0.98 times the first). In seconds by the clock it follows the machine's
        load at the moment it ran, which on a shared machine moves later restores 0.7-1.4 times."""
        if not self.warm:
            self.restore_tensor(torch.full((3, 64, 64), 128, dtype=torch.uint8), "")
        side = self.tile
        start = time.perf_counter()
        self.restore_tensor(torch.full((3, side, side), 128, dtype=torch.uint8), "")
        return self.timed or (self._work(side, side), time.perf_counter() - start)  # (the latter: reset meanwhile)

    def _restore_or_retry(self, x_u8: torch.Tensor, text: Guidance, progress: Progress | None) -> torch.Tensor:
        """Out of GPU memory: retry with smaller tiles, and at the smallest tile on the CPU."""
        while True:
            try:
                return self._restore_tensor(x_u8, text, progress)
            except torch.cuda.OutOfMemoryError:
                if self.device.type == "cuda":
                    torch.cuda.empty_cache()
                smallest = self.model.config.alignment + self.overlap
                if self.tile > smallest:
                    log.warning("out of GPU memory with %d px tiles; retrying with smaller tiles", self.tile)
                    self._set_tile(self.tile // 2)
                elif self.device.type != "cpu":
                    log.warning("out of GPU memory even with %d px tiles; continuing on the CPU", self.tile)
                    self._place(torch.device("cpu"))
                else:
                    raise

    @torch.no_grad()
    def _restore_tensor(self, x_u8: torch.Tensor, text: Guidance, progress: Progress | None) -> torch.Tensor:
        h, w = x_u8.shape[-2:]
        if progress is not None:  # a bar from the start: without it the page showed Gradio's guess of the time,
            progress(0.0)  # taken from quicker turns (0.4 s for a restore of several seconds)
        context = self.context(x_u8, text)
        tiles = list(self._tiles(h, w))
        if len(tiles) == 1:
            with torch.autocast(self.device.type, self.dtype, enabled=self.dtype != torch.float32):
                out = self.model.body(self._float(x_u8), context).float()[0].clamp(0, 1).cpu()
            if progress is not None:  # (not `if progress`: a gr.Progress is falsy)
                progress(1.0)
            return out
        out = torch.zeros(3, h, w)
        weight = torch.zeros(1, h, w)
        for i, (top, left, bottom, right) in enumerate(tiles):
            with torch.autocast(self.device.type, self.dtype, enabled=self.dtype != torch.float32):
                y = self.model.body(self._float(x_u8[:, top:bottom, left:right]), context)
            y = y.float()[0].clamp(0, 1).cpu()
            wy = _ramp(bottom - top, self.overlap, top == 0, bottom == h)
            wx = _ramp(right - left, self.overlap, left == 0, right == w)
            wt = (wy[:, None] * wx[None, :])[None]
            out[:, top:bottom, left:right] += y * wt
            weight[:, top:bottom, left:right] += wt
            if progress is not None:
                progress((i + 1) / len(tiles))
        return out.div_(weight)  # (in place: a second float copy of the photo had been 288 MB at 24 MP, big71)

    def restore(self, image: Image.Image, text: Guidance | None = "", progress: Progress | None = None) -> Image.Image:
        """Restore `image` as `text` describes it ("" = blind: restore whatever is visible), or as the
        severities (kind -> 0-1) `text` maps to say, told in the network's plain form (`context`).

        A photo in black-and-white dots (1 bit, dithered; a cut-out's read on its opaque part: give it with its
        transparency) is low-passed first (`descreened`); tell it the reading `read_in_dots` gives. Returns an
        RGB image of the same size. Deterministic. progress(fraction) is called with 0 at the start and as tiles
        finish.
        """
        text = "" if text is None else text
        return tensor_to_image(self.restore_tensor(rgb_to_tensor(descreened(image)), text, progress))

