"""Odd photo files through the entry points (QA qa70b): a cut-out on a transparent canvas, 16 bits a channel in
colour, an output format that saves another size. Built from skimage's chelsea; fast stand-ins for the network."""

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image
from skimage import data

from dialogue import Assistant
from restoration import Restorer, analyze
from restoration.restorer import open_photo
from tests.doubles import FakeRestorer


class Same:
    """A stand-in restorer for the command line: the photo back as it came."""

    def restore(self, image, text, progress=None):
        return image.convert("RGB")

    def describe_device(self):
        return "a stand-in"


@pytest.fixture(scope="module")
def cut_out():
    """chelsea with Gaussian noise of sigma 20, the photo in a rectangle (its middle 60 % each way) on a transparent
    canvas, as an RGBA PNG's bytes."""
    noisy = np.clip(data.chelsea() + np.random.default_rng(0).normal(0, 20, data.chelsea().shape), 0, 255)
    h, w = noisy.shape[:2]
    alpha = np.zeros((h, w), np.uint8)
    alpha[h // 5:h - h // 5, w // 5:w - w // 5] = 255
    noisy[alpha == 0] = 0  # (black where unseen, as a cut-out's canvas often is)
    image = Image.fromarray(np.dstack([noisy.astype(np.uint8), alpha]), "RGBA")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_a_noisy_cut_out_on_a_transparent_canvas_is_read_as_noisy(cut_out, tmp_path, monkeypatch, capsys):
    """The canvas, filled flat for the network, had been measured with the photo: sigma 0, "none of the damage I take
    out", and *restore* ran nothing. What is seen is measured: the sigma within 5 of the 20 added, everywhere."""
    from dialogue import __main__ as describe_cli
    from restoration import __main__ as restore_cli

    assert abs(analyze(Image.open(io.BytesIO(cut_out))).noise_sigma - 20) < 5
    a = Assistant(describer="analyzer", restorer=FakeRestorer())
    reply = a.upload(cut_out)
    assert reply.intent == "upload" and a.measured.severities["noise"] >= 0.1, reply.text
    assert abs(a.measured.noise_sigma - 20) < 5, reply.text
    assert a.send("restore").intent == "restore" and a.result is not None  # (it had said "I ran nothing")
    (tmp_path / "cut.png").write_bytes(cut_out)
    monkeypatch.setattr(Restorer, "from_pretrained", classmethod(lambda cls, *a, **k: Same()))
    restore_cli.main(["restore", str(tmp_path / "cut.png"), "-o", str(tmp_path / "out.png")])
    assert "noise" in capsys.readouterr().out.split("analyzer: ")[1].split("\n")[0]
    assert describe_cli.main(["describe", str(tmp_path / "cut.png"), "--compact"]) == 0
    assert "sigma around 2" in capsys.readouterr().out  # (20-24: "sigma around 2x")
    with Image.open(tmp_path / "out.png") as out:
        assert out.size == (451, 300) and out.mode == "RGBA"  # the whole canvas is kept, transparency too


# Adam7's passes: the first column and row, and the steps across and down
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


def _png16(pixels: np.ndarray, significant_bits: int | None = None, interlaced: bool = False) -> bytes:
    """A 16-bit PNG of grey [H, W] or [H, W, bands] `pixels` (bands: grey and alpha, RGB or RGBA; Pillow writes only a
    grey one, and no sBIT chunk), interlaced (Adam7) where asked, with an sBIT chunk saying `significant_bits` where
    given."""
    h, w = pixels.shape[:2]
    bands = 1 if pixels.ndim == 2 else pixels.shape[2]
    raw = b"".join(b"\0" + row.astype(">u2").tobytes() for x, y, dx, dy in (_ADAM7 if interlaced else [(0, 0, 1, 1)])
                   for row in pixels[y::dy, x::dx] if row.size)  # (a pass with no pixel has no rows)

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    colour_type = {1: 0, 2: 4, 3: 2, 4: 6}[bands]  # (PNG's: grey 0, grey and alpha 4, RGB 2, RGBA 6)
    sbit = chunk(b"sBIT", bytes([significant_bits] * bands)) if significant_bits else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, colour_type, 0, 0, interlaced))
            + sbit + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_a_colour_photo_of_16_bits_a_channel_is_said_to_come_back_in_8(tmp_path):
    """A 48-bit PNG or TIFF opens as 8-bit RGB: its precision had been dropped without a word (a 16-bit grey one was
    said to be)."""
    import tifffile

    rgb = data.chelsea()[:64, :96].astype(np.uint16) * 257 + 3
    tifffile.imwrite(tmp_path / "deep.tif", rgb)
    said = "a 16-bit image: it is restored and saved in 8 bits per channel"
    for source in (_png16(rgb), tmp_path / "deep.tif"):
        photo, _, note = open_photo(source)
        assert photo.size == (96, 64) and note == said
        assert Assistant(restorer=FakeRestorer()).upload(source).text.startswith(f"(This is {said}.)")
    assert open_photo(Image.fromarray(data.chelsea()))[2] == ""  # (8 bits: nothing said)


def test_a_colour_file_of_16_bits_a_channel_opens_as_its_array_does(tmp_path):
    """Pillow decodes a 48-bit PNG or TIFF to its high bytes: 12-bit data (chelsea x12, 0-3060) came out dark without
    the note a 16-bit grey file gets, and 8-bit data stored in 16 bits came out black. All 16 bits are read: the
    pixels are the uint16 array's, and the note says what it says of the array."""
    import tifffile

    chelsea = data.chelsea()[:64, :96]
    for scale, said in ((12, "its values 0–{} are taken as 16-bit (0–65535) and come out dark (if they are 12-bit "
                             "data, scale them to 0–65535 first)"),
                        (1, "its values 0–{} are taken as 8-bit (0–255): as 16-bit they would be black"),
                        (257, "")):  # (the usual: nothing more said)
        deep = chelsea.astype(np.uint16) * scale
        said = said.format(deep.max())
        tifffile.imwrite(tmp_path / "deep.tif", deep)
        array_photo = open_photo(deep)[0]
        for source in (_png16(deep), _png16(deep, interlaced=True), tmp_path / "deep.tif"):
            photo, _, note = open_photo(source)
            assert np.array_equal(np.asarray(photo), np.asarray(array_photo)), (scale, np.asarray(photo).mean())
            assert note == "; ".join(n for n in ("a 16-bit image: it is restored and saved in 8 bits per channel",
                                                 said) if n), note


def test_a_colour_file_of_16_bits_a_channel_opened_by_pillow_opens_as_its_path_does(tmp_path):
    """review74: `Image.open(path)` of a 48-bit TIFF of 12-bit data (chelsea x12, 0-3060), the PIL image the public
    interface takes, had been read from its high bytes alone: mean 5.4 of 255 without the "come out dark" note that
    its path and its bytes get (mean 5.9 and the note)."""
    import tifffile

    tifffile.imwrite(tmp_path / "deep.tif", data.chelsea()[:64, :96].astype(np.uint16) * 12, photometric="rgb")
    photo, _, note = open_photo(tmp_path / "deep.tif")
    with Image.open(tmp_path / "deep.tif") as image:
        pil_photo, _, pil_note = open_photo(image)
    assert np.array_equal(np.asarray(pil_photo), np.asarray(photo)) and pil_note == note and "come out dark" in note


def test_a_pil_image_of_a_48_bit_png_opens_as_its_path_does_from_a_stream_or_decoded_and_is_left_as_it_was(tmp_path):
    """bytes75: a PIL image of a 48-bit PNG of 12-bit data (chelsea x12, 0-3060) opened from a stream, or from a path and
    decoded since, had been read from its high bytes alone (mean 5.4 of 255, without the "come out dark" note of its
    path), and one not yet decoded had been overwritten with open_photo's 8 bits. All three read as the path does; the
    caller's image is left as Pillow decodes it; one drawn on since it was decoded keeps what was drawn."""
    png = _png16(data.chelsea()[:64, :96].astype(np.uint16) * 12)
    (tmp_path / "deep.png").write_bytes(png)
    photo, _, note = open_photo(tmp_path / "deep.png")
    with Image.open(tmp_path / "deep.png") as image:
        pillows_own = np.asarray(image).copy()  # (its high bytes)
    decoded, drawn = Image.open(tmp_path / "deep.png"), Image.open(tmp_path / "deep.png")
    decoded.load()
    drawn.putpixel((0, 0), (255, 0, 0))  # (putpixel decodes it first)
    with Image.open(tmp_path / "deep.png") as lazy:
        for image in (Image.open(io.BytesIO(png)), lazy, decoded):
            got, _, said = open_photo(image)
            assert np.array_equal(np.asarray(got), np.asarray(photo)) and said == note, (np.asarray(got).mean(), said)
        assert np.array_equal(np.asarray(lazy), pillows_own)
    assert "come out dark" in note and open_photo(drawn)[0].getpixel((0, 0)) == (255, 0, 0)


def test_a_16_bit_file_whose_low_bytes_cannot_be_read_says_so(tmp_path):
    """A 64-bit TIFF of premultiplied alpha (Pillow decodes its high bytes, "RGBa;16L", and the low ones cannot be
    decoded alike) had been read from its high bytes without a word. It says that only they could be read."""
    import tifffile

    rgba = np.dstack([data.chelsea()[:64, :96], np.full((64, 96), 255, np.uint8)]).astype(np.uint16) * 257
    tifffile.imwrite(tmp_path / "deep.tif", rgba, photometric="rgb", extrasamples=[1])  # (1: premultiplied alpha)
    photo, _, note = open_photo(tmp_path / "deep.tif")
    assert np.abs(np.asarray(photo, dtype=int) - data.chelsea()[:64, :96]).max() <= 1
    assert note == ("a 16-bit image: it is restored and saved in 8 bits per channel; only the upper 8 of its 16 bits "
                    "per channel could be read"), note


def test_a_16_bit_grey_png_with_alpha_opens_as_its_grey_array_does():
    """Pillow opens a 16-bit grey PNG with alpha as RGBA from the high bytes ("LA;16B"; it has no "LA;16L" to decode
    the low ones): 12-bit data (camera x12, 0-3060) came out quantised to 13 greys without the "come out dark" note,
    and 8-bit data stored in 16 bits black. The grey is read in all 16 bits, as a uint16 array's; the alpha is kept."""
    camera = data.camera()[::4, ::4].astype(np.uint16)
    alpha = np.full(camera.shape, 65535, np.uint16)
    alpha[:, :16] = 0  # (a transparent strip: the photo is what is seen)
    for scale in (12, 1, 257):
        photo, form, note = open_photo(_png16(np.dstack([camera * scale, alpha])))
        array_photo, _, array_note = open_photo(camera * scale)
        assert np.array_equal(np.asarray(photo)[:, 16:], np.asarray(array_photo)[:, 16:]), scale
        assert note == "; ".join(n for n in ("a 16-bit image: it is restored and saved in 8 bits per channel",
                                             array_note.removeprefix("a 16-bit image: ")) if n), note
        assert form.grey and np.array_equal(np.asarray(form.alpha), alpha >> 8)


def test_a_png_that_says_its_samples_are_12_bit_and_stores_them_unscaled_keeps_its_brightness():
    """A 16-bit PNG whose sBIT chunk says 12 significant bits but which stores them as they are (0-4080, where PNG asks
    for them scaled to 0-65535; Pillow does not read sBIT) came out dark (mean 8 of 255), "come out dark" said. Its
    white is 4095, and said. A dark file scaled as PNG asks (0-255 of 12 bits, shifted up to 0-4080) stays dark."""
    camera = data.camera()[::4, ::4].astype(np.int64)
    for pixels in (camera, np.dstack([camera] * 3)):  # grey, colour
        photo, _, note = open_photo(_png16(pixels * 4095 // 255, significant_bits=12))  # (12-bit data as it is)
        assert abs(np.asarray(photo).mean() - camera.mean()) < 1.5, np.asarray(photo).mean()
        assert note.endswith("8 bits per channel; its values 0–4095 are taken as 12-bit (0–4095), as the file "
                             "says, and scaled to 0–255"), note
        photo, _, note = open_photo(_png16(pixels * 16, significant_bits=12))  # (0-255 of 12 bits, scaled up)
        assert abs(np.asarray(photo).mean() - camera.mean() * 16 / 257) < 0.6, np.asarray(photo).mean()
        assert "come out dark" in note, note


def _bmp565(width: int, height: int) -> bytes:
    """A BMP of 16 bits a pixel, 5-6-5 (Pillow writes none): 5 or 6 bits a channel, a gradient."""
    pixels = b"".join(struct.pack("<HH", (x % 32) << 11 | (y % 64) << 5 | 7, 0)[:2] for y in range(height)
                      for x in range(width))  # (width even: rows need no padding)
    header = struct.pack("<IiiHHIIiiIIIII", 40, width, height, 1, 16, 3, len(pixels), 2835, 2835, 0, 0,
                         0xF800, 0x7E0, 0x1F)
    offset = 14 + len(header)
    return b"BM" + struct.pack("<IHHI", offset + len(pixels), 0, 0, offset) + header + pixels


def test_a_bmp_of_16_bits_a_pixel_is_not_said_to_lose_precision():
    """A 5-6-5 BMP's raw mode is "BGR;16": 16 bits a pixel, 5 or 6 a channel, which 8 a channel keep. It had been
    said to be "a 16-bit image ... saved in 8 bits per channel", as a 48-bit PNG is."""
    photo, _, note = open_photo(_bmp565(32, 8))
    assert photo.size == (32, 8) and note == "", note


def test_the_command_line_says_when_the_format_saved_another_size(tmp_path, monkeypatch, capsys):
    """.ico saves at most 256 px a side (a 451 x 300 photo came back 256 x 170) and .icns 1024 x 1024, without a
    word: said, as a lost transparency or EXIF is."""
    from restoration import __main__ as restore_cli

    monkeypatch.setattr(Restorer, "from_pretrained", classmethod(lambda cls, *a, **k: Same()))
    Image.fromarray(data.chelsea()).save(tmp_path / "cat.png")
    restore_cli.main(["restore", str(tmp_path / "cat.png"), "-o", str(tmp_path / "cat.ico"), "--text", ""])
    out = capsys.readouterr().out
    with Image.open(tmp_path / "cat.ico") as saved:
        assert f".ico saved it at {saved.width}×{saved.height}, not the photo's 451×300" in out, out
    restore_cli.main(["restore", str(tmp_path / "cat.png"), "-o", str(tmp_path / "cat.jpg"), "--text", ""])
    assert "saved it at" not in capsys.readouterr().out


def test_a_float_tiff_of_0_to_1_that_overshoots_a_little_keeps_its_brightness(tmp_path):
    """A float image of 0-1 with a few values just above 1 (a resampled one's overshoot) had been taken as 0-255: the
    camera photo came out black (mean 0.5 of 255, against 129)."""
    grey = data.camera()[::4, ::4].astype(np.float32) / 255
    grey[0, 0] = 1.05
    Image.fromarray(grey, "F").save(tmp_path / "float.tif")
    photo, _, note = open_photo(tmp_path / "float.tif")
    assert abs(np.asarray(photo).mean() - grey.mean() * 255) < 1, np.asarray(photo).mean()
    assert "32-bit floating-point" in note
    grey[0, 0] = 1.0  # (0-1 exactly: as before)
    assert abs(np.asarray(open_photo(Image.fromarray(grey, "F"))[0]).mean() - grey.mean() * 255) < 1


@pytest.mark.parametrize("values, mode, said", [
    (lambda a: a / 255 * 4, "F", "its values 0–4 are scaled to 0–255 by its brightest"),  # (linear HDR)
    (lambda a: a * 16, "F", "its values 0–4080 are scaled to 0–255 by its brightest"),  # (12-bit data as floats)
    (lambda a: a.astype(np.int32) * 16, "I",
     "its values 0–4080 are taken as 12-bit (0–4095) and scaled to 0–255"),
    (lambda a: (a.astype(np.int64) * (2**25 - 1) // 255).astype(np.int32), "I",  # (25-bit data: its note had been
     "its values 0–33554431 are taken as 25-bit (0–33554431) and scaled to 0–255"),  # made from float32 values,
], ids=["float 0-4", "float 0-4080", "int 0-4080", "int 25-bit"])  # "0–33554432 ... 26-bit", its pixels from float64)
def test_a_deep_tiff_of_an_unusual_range_keeps_its_brightness_and_says_how(tmp_path, values, mode, said):
    """A float TIFF of 0-4 or 0-4080, or a 32-bit int one of 0-4080, had been taken as 0-255 or 0-65535 and came out
    almost black (camera: mean 1.9 or 8.0 of 255, against 129), without a word. Scaled by its peak (floats) or by
    the bit depth its peak needs (ints), and said."""
    camera = data.camera()[::4, ::4].astype(np.float32)
    Image.fromarray(values(camera), mode).save(tmp_path / "deep.tif")
    photo, _, note = open_photo(tmp_path / "deep.tif")
    assert abs(np.asarray(photo).mean() - camera.mean()) < 1.5, np.asarray(photo).mean()
    assert note.endswith(f"8 bits per channel; {said}"), note


def test_a_float_image_with_values_below_0_says_they_are_clipped():
    """Below 0 is black, as it was, and now said; 0-1 and 0-255 images are said nothing more than their depth."""
    camera = data.camera()[::4, ::4].astype(np.float32)
    camera[0, 0] = 0  # (its darkest: -0.25 below)
    photo, _, note = open_photo(Image.fromarray(camera / 255 - 0.25, "F"))
    assert abs(np.asarray(photo).mean() - np.clip(camera - 63.75, 0, None).mean()) < 1
    assert note.endswith("; its values below 0 (down to -0.25) are clipped to black"), note
    for plain in (camera / 255, camera, camera.astype(np.int32)):  # (0-1, 0-255 floats; 0-255 ints)
        note = open_photo(Image.fromarray(plain, "I" if plain.dtype == np.int32 else "F"))[2]
        assert note.endswith("8 bits per channel"), note


def test_an_array_of_12_bit_data_keeps_its_brightness_and_says_how():
    """An int32 array of 0-4080 (12-bit data in a wider type) had been taken as 16-bit: the camera photo came out at
    mean 8 of 255 (against 129), without a word. Arrays are scaled by the rule "I" and "F" images are (`_levels`), and
    said alike; the usual arrays keep their brightness. (A uint16 array is 16-bit data, as a 16-bit file's.)"""
    camera = data.camera()[::4, ::4]
    photo, _, note = open_photo(camera.astype(np.int32) * 16)
    assert abs(np.asarray(photo).mean() - camera.mean()) < 1.5, np.asarray(photo).mean()
    assert note == "a 32-bit image: its values 0–4080 are taken as 12-bit (0–4095) and scaled to 0–255", note
    for usual in (camera, camera / 255, camera.astype(np.float32), camera.astype(np.uint16) * 257,
                  camera.astype(np.int32)):  # (uint8; floats of 0-1 and 0-255; 16-bit; ints of 0-255)
        photo, _, note = open_photo(usual)
        assert abs(np.asarray(photo).mean() - camera.mean()) < 0.6, (usual.dtype, np.asarray(photo).mean())
        assert note == "", note
    assert np.asarray(open_photo(camera > 128)[0]).mean() == pytest.approx((camera > 128).mean() * 255, abs=0.5)


def test_16_bit_pixels_open_alike_as_an_array_and_as_a_file(tmp_path):
    """The same dark 16-bit pixels (camera x12: 0-3060) had opened at mean 96 of 255 as a uint16 array (taken as 12-bit
    data) and at 6 as a 16-bit PNG (65535 white). One rule, 65535 as the formats and other tools take it, said where
    it leaves the photo dark; a PNG, a PGM (which Pillow opens as 32-bit "I") and an array give the same pixels."""
    camera = data.camera()[::4, ::4]
    for scale, mean, said in ((12, camera.mean() * 12 / 257, "its values 0–3060 are taken as 16-bit (0–65535) and "
                               "come out dark (if they are 12-bit data, scale them to 0–65535 first)"),
                              (257, camera.mean(), ""),  # (the usual 16-bit photo: nothing more said)
                              (1, camera.mean(), "its values 0–255 are taken as 8-bit (0–255): as 16-bit they would "
                               "be black")):
        deep = camera.astype(np.uint16) * scale
        array_photo, _, array_note = open_photo(deep)
        assert abs(np.asarray(array_photo, dtype=float).mean() - mean) < 0.6, (scale, np.asarray(array_photo).mean())
        assert array_note == ("a 16-bit image: " + said if said else ""), array_note
        for fmt in ("png", "pgm"):
            Image.fromarray(deep).save(tmp_path / f"deep.{fmt}")
            photo, _, note = open_photo(tmp_path / f"deep.{fmt}")
            assert np.abs(np.asarray(photo, dtype=int) - np.asarray(array_photo, dtype=int)).max() <= 1, (scale, fmt)
            assert note == "; ".join(n for n in ("a 16-bit image: it is restored and saved in 8 bits per channel",
                                                 said) if n), note


@pytest.mark.parametrize("values, hot, said", [
    (lambda a: a / 255, 4.0, "4"),  # (a photo of 0-1 with glints at 4)
    (lambda a: a * 16, 65535.0, "65535"),  # (12-bit data as floats with hot pixels)
], ids=["float 0-1", "float 0-4080"])
def test_a_few_hot_pixels_do_not_darken_a_float_image(values, hot, said):
    """A float image scaled by its peak had been darkened by one hot pixel: 4 times (0-1 with a pixel at 4) or 16
    times (0-4080 with one at 65535). Lone pixels far brighter than their neighbours are left out of the peak,
    clipped to white and said; a lamp of a few pixels is content, and keeps a dark 16-bit shot dark."""
    camera = data.camera()[::4, ::4].astype(np.float32)
    grey = values(camera)
    grey[[10, 60, 100], [20, 90, 5]] = hot
    for image in (grey, Image.fromarray(grey, "F")):  # (an array, a float TIFF)
        photo, _, note = open_photo(image)
        assert abs(np.asarray(photo).mean() - camera.mean()) < 1.5, np.asarray(photo).mean()
        assert f"3 lone pixels far brighter than their neighbours (up to {said}) are clipped to white" in note, note
    night = camera.astype(np.int32) * 4  # (0-1020 of 65535: dark)
    night[60:63, 60:63] = 65535  # a lamp
    assert np.asarray(open_photo(night)[0]).mean() < camera.mean() / 32


def with_lamps(night: np.ndarray, core: list[tuple[int, int]], places: list[tuple[int, int]]) -> np.ndarray:
    """`night` with a lamp saturated at 4095 at each place: its `core` pixels, and the light a lens spreads around
    each of them (35 % into the side neighbours, 15 % into the diagonal ones)."""
    lit = night.astype(np.float64)
    for y, x in places:
        for cy, cx in core:
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    share = 1.0 if dy == dx == 0 else 0.35 if 0 in (dy, dx) else 0.15
                    lit[y + cy + dy, x + cx + dx] = max(lit[y + cy + dy, x + cx + dx], share * 4095)
    for y, x in places:  # (a core pixel is not lowered by a neighbour's halo)
        for cy, cx in core:
            lit[y + cy, x + cx] = 4095
    return lit.astype(night.dtype)


@pytest.mark.parametrize("kind", [np.int32, np.float32])
def test_a_small_lamp_is_not_taken_for_a_hot_pixel(kind):
    """Three lamps saturated at 4095 in a dark 12-bit night shot (camera x4: 0-1020), of one pixel or 1x2 and the halo a
    lens spreads around them, had been clipped as hot pixels and the shot taken as 10-bit (ints) or scaled by its
    own peak (floats): 2-3 times as bright, "3 lone pixels ... clipped" said. They light their neighbours: content,
    4095 stays white, the shot dark, nothing said. One pixel with no light around it is still a hot pixel."""
    camera = data.camera()[::4, ::4]
    night = camera.astype(kind) * 4
    places = [(70, 50), (90, 60), (110, 40)]  # (in the coat)
    for core in ([(0, 0)], [(0, 0), (0, 1)]):
        lamps = with_lamps(night, core, places)
        photo, _, note = open_photo(lamps)
        white_4095 = (lamps.astype(np.float64) * (255 / 4095)).round().mean()
        assert abs(np.asarray(photo).mean() - white_4095) < 0.6, (core, np.asarray(photo).mean(), white_4095)
        assert "lone" not in note, note
    hot = night.copy()
    hot[90, 60] = 4095  # a hot pixel: clipped, the shot scaled by the rest (1020, 10-bit)
    photo, _, note = open_photo(hot)
    assert abs(np.asarray(photo).mean() - camera.mean()) < 1.5, np.asarray(photo).mean()
    assert "1 lone pixel far brighter than its neighbours (4095) is clipped to white" in note, note


def test_a_round_cut_out_is_measured_on_its_visible_pixels():
    """An ellipse cut out of a noisy photo (its corners transparent, filled flat for the network) had been measured
    with its flat corners: sigma 16.4 for the 20 added (chelsea at half size). Measured on the largest box of visible
    pixels: 20.8, as the photo without the cut reads (20.6)."""
    from PIL import ImageDraw

    cat = data.chelsea()[::2, ::2]
    noisy = np.clip(cat + np.random.default_rng(0).normal(0, 20, cat.shape), 0, 255).astype(np.uint8)
    image = Image.fromarray(noisy).convert("RGBA")
    ellipse = Image.new("L", image.size, 0)
    ImageDraw.Draw(ellipse).ellipse((0, 0, image.width - 1, image.height - 1), fill=255)
    image.putalpha(ellipse)
    photo, form, _ = open_photo(image)
    assert abs(analyze(form.apply(photo)).noise_sigma - 20) < 1.5
    from restoration.restorer import measured

    part = measured(form.apply(photo))  # (all of it seen, and more than half of the ellipse)
    assert part.getchannel("A").getextrema()[0] > 0 and part.width * part.height > 0.55 * 0.785 * 226 * 150, part.size
    with pytest.raises(TypeError, match="PIL"):  # (an array: a clear refusal, as `Restorer.restore` says it)
        analyze(noisy)


def test_a_ring_or_a_thin_band_cut_out_is_measured_on_seen_pixels_only():
    """A round frame (its middle transparent) and a diagonal band cut out of a noisy photo had been measured on the
    box around them, whose transparent part the upload fills flat: the flat blocks are the least textured, and noise
    sigma 20 read 14.6 and 0 (the band: clean; 19.9 uncut). Measured on the largest box of seen pixels: 20.4, 18.5."""
    from PIL import ImageDraw

    from restoration.restorer import measured

    face = data.astronaut()[::2, ::2]  # 256 x 256
    noisy = np.clip(face + np.random.default_rng(0).normal(0, 20, face.shape), 0, 255).astype(np.uint8)
    ring, band = Image.new("L", (256, 256), 0), Image.new("L", (256, 256), 0)
    ImageDraw.Draw(ring).ellipse((0, 0, 255, 255), fill=255)
    ImageDraw.Draw(ring).ellipse((96, 96, 159, 159), fill=0)  # a frame 96 pixels wide
    ImageDraw.Draw(band).polygon([(0, -70), (256, 186), (256, 326), (0, 70)], fill=255)  # 99 pixels across
    for alpha in (ring, band):
        image = Image.fromarray(noisy).convert("RGBA")
        image.putalpha(alpha)
        photo, form, _ = open_photo(image)
        image = form.apply(photo)  # (as uploaded: the transparent pixels filled flat)
        assert measured(image).getchannel("A").getextrema()[0] > 0  # (no transparent pixel measured)
        assert abs(analyze(image).noise_sigma - 20) < 2


def test_a_framed_print_on_a_transparent_canvas_is_restored_inside_its_frame():
    """A dark print with a white border, on a transparent canvas 24 pixels wide: the frame had been found in the
    visible part's coordinates and applied to the whole upload, so the network ran on a box 24 pixels up and left
    of the photo (the canvas and the border in it, the photo's last 24 rows and columns left dark). The frame is
    given in the upload's coordinates: the network runs on the photo alone, the border is kept as uploaded."""
    dark = (data.astronaut()[::4, ::4] * 0.2).astype(np.uint8)  # 128 x 128
    canvas = np.zeros((128 + 2 * 36, 128 + 2 * 36, 4), np.uint8)  # transparent, and inside it a print:
    canvas[24:-24, 24:-24] = (250, 250, 248, 255)  # its white border 12 pixels wide,
    canvas[36:-36, 36:-36, :3] = dark  # and the photo in it
    upload = Image.fromarray(canvas, "RGBA")
    photo_box = (36, 36, 164, 164)
    assert analyze(upload).frame == photo_box
    fake = FakeRestorer()
    a = Assistant(restorer=fake)
    a.upload(upload)
    assert a.measured.frame == photo_box
    r = a.send("restore")
    assert np.array_equal(np.asarray(fake.calls[-1][0].convert("RGB")), dark)  # the photo alone, all of it
    after = np.asarray(r.image.convert("RGBA"))
    assert (after[24:36, 24:-24] == canvas[24:36, 24:-24]).all()  # the border as uploaded
    assert after[36:-36, 36:-36, :3].mean() > 2 * dark.mean()  # the photo brightened


def test_a_wholly_transparent_photo_is_read_and_restored_by_the_colours_under_it():
    """QA 73: a PNG whose every pixel is transparent (alpha 0) had been filled with one flat grey, read as "dense fog",
    and restored grey (LA) and darkened (50% -> 10%). The colours under it are all there is to see: they are read
    (noise sigma 20 added: 21 read, as the opaque photo) and restored, opaque, and that is said."""
    cat = data.chelsea()[::2, ::2]
    noisy = np.clip(cat + np.random.default_rng(0).normal(0, 20, cat.shape), 0, 255).astype(np.uint8)
    image = Image.fromarray(noisy).convert("RGBA")
    image.putalpha(0)
    a = Assistant(restorer=FakeRestorer())
    r = a.upload(image)
    assert r.text.startswith("(This is an image whose every pixel is transparent: I read and restore the colours under "
                             "it, and the result is opaque.)"), r.text
    assert abs(a.measured.noise_sigma - 20) < 2 and "fog" not in r.text, r.text
    assert a.form.alpha is None and not a.form.grey  # (each result is given back as RGB, opaque)


def test_a_tiff_moved_to_its_second_page_is_restored_from_it_and_the_note_says_so():
    """A PIL image of a 2-page TIFF that the caller moved to page 2 is restored from page 2, and the note had said "only
    its first page is restored"."""
    first, second = (Image.fromarray(image[:48, :64]) for image in (data.chelsea(), data.astronaut()))
    file = io.BytesIO()
    first.save(file, "TIFF", save_all=True, append_images=[second])
    image = Image.open(io.BytesIO(file.getvalue()))
    image.seek(1)
    photo, _, note = open_photo(image)
    assert np.array_equal(np.asarray(photo), np.asarray(second)), "not the page the caller is on"
    assert note == "a file of 2 pages: only page 2 is restored", note
