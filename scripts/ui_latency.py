"""How long a person waits in the browser: the app in Debian's Chromium, one photo, each turn timed.

    python scripts/ui_latency.py [--megapixels 1.0]

For the upload, "restore", "brighter" and "undo" it reports the seconds from pressing Enter (or
the button) until the person's turn shows, until the first sign of work shows (Gradio's progress
or queue status on the chat), and until the answer is complete.
"""

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROGRESS = "#chat .progress-text, #chat .eta-bar, #chat .progress-level, #chat .meta-text, #chat .meta-text-center"


def make_photo(folder: Path, megapixels: float) -> Path:
    """A held-out photo at the asked size, dark and noisy."""
    import torch

    from restoration import degrade
    from restoration.data import TRAIN_PHOTOS, list_photos, load_photo
    from restoration.restorer import tensor_to_image

    src = list_photos(TRAIN_PHOTOS, part="held_out")[0]
    w = round((megapixels * 1e6 * 4 / 3) ** 0.5)
    h = round(megapixels * 1e6 / w)
    x = torch.nn.functional.interpolate(load_photo(src).float()[None] / 255, size=(h, w), mode="bicubic")[0]
    x = degrade.apply(x.clamp(0, 1), [degrade.low_light(0.15, seed=1), degrade.noise(20, seed=1)])
    path = folder / "photo.png"
    tensor_to_image(x).save(path)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megapixels", type=float, default=1.0)
    parser.add_argument("--url", default=None, help="an app already running, such as `python app.py` "
                        "(default: start one in this process)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    demo = None
    if args.url:
        url = args.url
    else:
        from app import LAUNCH, build
        from restoration import Restorer

        restorer = Restorer.from_pretrained()
        demo = build(restorer, "analyzer", f"**Restorer:** {restorer.describe_device()}")
        demo.launch(server_name="127.0.0.1", prevent_thread_lock=True, quiet=True, **LAUNCH)
        url = demo.local_url
    report = {"megapixels": args.megapixels, "url": url}
    try:
        with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
            photo = make_photo(Path(tmp), args.megapixels)
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=[
                "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url, wait_until="load")

            def turn(name, act, user_label, done):
                # no progress showing before the click: what is timed below is the new one appearing
                page.wait_for_function(f"document.querySelectorAll({PROGRESS!r}).length === 0", timeout=30_000)
                started = time.perf_counter()
                act()
                shown = None
                if user_label:
                    page.get_by_label(user_label).first.wait_for(timeout=30_000)
                    shown = time.perf_counter() - started
                page.locator(PROGRESS).first.wait_for(timeout=30_000)
                working = time.perf_counter() - started
                done()
                report[name] = {"turn_shown_s": round(shown, 2) if shown is not None else None,
                                "progress_shown_s": round(working, 2),
                                "answered_s": round(time.perf_counter() - started, 2)}
                page.wait_for_timeout(500)

            def send(text, file=None):
                def act():
                    if file:
                        page.locator("#box input[type=file]").set_input_files(str(file))
                    page.locator("#box textarea").fill(text)
                    page.locator("#box textarea").press("Enter")
                return act

            def images(n):
                return lambda: page.wait_for_function(f"document.querySelectorAll('#chat img').length >= {n}",
                                                      timeout=600_000)

            turn("upload", send("", photo), None, lambda: page.locator("#chat").get_by_text("to fix it")
                 .wait_for(timeout=600_000))
            turn("restore", send("restore"), "user's message: restore", images(2))
            turn("brighter", send("brighter"), "user's message: brighter", images(3))
            turn("undo", lambda: page.locator("#undo").click(), None,
                 lambda: page.locator("#chat").get_by_text("Undone").wait_for(timeout=60_000))
            browser.close()
    finally:
        if demo is not None:
            demo.close()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
