"""The README's screenshot: the app in Debian's Chromium after restoring an example photo.

    python scripts/screenshot.py [--out docs/app.png]
"""

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "docs" / "app.png"))
    parser.add_argument("--photo", default=str(ROOT / "examples" / "dark_noisy_chelsea.jpg"))
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from app import LAUNCH, build
    from restoration import Restorer

    restorer = Restorer.from_pretrained()
    demo = build(restorer, "analyzer", f"**Describer:** offline analyzer · **Restorer:** {restorer.describe_device()}")
    demo.launch(server_name="127.0.0.1", prevent_thread_lock=True, quiet=True, **LAUNCH)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=[
                "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 1400, "height": 980})
            page.goto(demo.local_url, wait_until="load")
            page.locator("#box input[type=file]").set_input_files(args.photo)
            page.locator("#box textarea").fill("")
            page.locator("#box textarea").press("Enter")
            page.locator("#chat").get_by_text("to fix it").wait_for(timeout=120_000)  # the description
            page.locator("#box textarea").fill("restore")
            page.locator("#box textarea").press("Enter")
            page.wait_for_function("document.querySelectorAll('#chat img').length >= 2", timeout=300_000)
            page.wait_for_timeout(1500)
            page.screenshot(path=args.out)
            browser.close()
    finally:
        demo.close()
    print(args.out)


if __name__ == "__main__":
    main()
