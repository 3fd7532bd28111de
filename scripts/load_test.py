"""Load test: many browser sessions at once against the web app, on loopback only.

    python scripts/load_test.py --sessions 8 --turns 5          # starts app.py itself
    python scripts/load_test.py --url http://127.0.0.1:7860/    # an app that is already running

Each session uploads its own photo (a distinct synthetic degradation of a different photo) and
then sends turns (restore, brighter, keep the grain, undo, ...). Checked: every request gets an
answer (a result or a clear message), every session's "before" image is its own upload (no
leakage), the server's peak memory, and the size of the server's temporary folder before and
after. Bounded: at most --sessions x --turns requests, each with --timeout seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TURNS = ["restore", "brighter", "keep the grain", "undo", "what do you see?", "redo", "a bit less", "compare"]


def make_photos(folder: Path, count: int) -> list[Path]:
    from restoration import degrade
    from restoration.data import TRAIN_PHOTOS, list_photos, load_photo
    from restoration.restorer import tensor_to_image

    sources = list_photos(TRAIN_PHOTOS, part="held_out")
    paths = []
    for i in range(count):
        clean = load_photo(sources[i % len(sources)])[:, :240, :320].float() / 255
        degs = [degrade.low_light(0.1, seed=i), degrade.noise(10 + i, seed=i)] if i % 2 else [degrade.noise(15 + 2 * i, seed=i)]
        path = folder / f"session{i}.png"
        tensor_to_image(degrade.apply(clean, degs)).save(path)
        paths.append(path)
    return paths


def _value(output):
    return output["value"] if isinstance(output, dict) and "__type__" in output else output


def session(url: str, photo: Path, turns: int, timeout: float) -> dict:
    from gradio_client import Client, handle_file

    out = {"photo": photo.name, "answered": 0, "errors": [], "leak": False, "seconds": []}
    client = Client(url, verbose=False, httpx_kwargs={"timeout": timeout})
    messages = [{"text": "", "files": [handle_file(str(photo))]}] + [{"text": t, "files": []} for t in TURNS[: turns - 1]]
    mine = np.asarray(Image.open(photo).convert("RGB"), dtype=np.float64)
    for message in messages:
        t = time.perf_counter()
        try:
            history, _, slider, _ = client.predict(message, api_name="/chat")
            texts = [c.get("text", "") for m in history if m["role"] == "assistant" for c in m["content"]]
            if not any(texts):
                raise RuntimeError("an empty answer")
            out["answered"] += 1
            before = (_value(slider) or [None])[0]
            if before:
                seen = np.asarray(Image.open(before).convert("RGB"), dtype=np.float64)
                if seen.shape != mine.shape or np.abs(seen - mine).mean() > 1:
                    out["leak"] = True
        except Exception as e:  # noqa: BLE001 - counted, reported
            out["errors"].append(f"{message['text'] or 'upload'}: {type(e).__name__}: {str(e)[:200]}")
        out["seconds"].append(round(time.perf_counter() - t, 2))
    return out


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


def peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def run(url: str, sessions: int, turns: int, timeout: float, workdir: Path, server_pid: int | None = None,
        temp_dir: Path | None = None) -> dict:
    photos = make_photos(workdir, sessions)
    size_before = folder_size(temp_dir) if temp_dir else None
    t = time.perf_counter()
    with ThreadPoolExecutor(sessions) as pool:
        results = list(pool.map(lambda p: session(url, p, turns, timeout), photos))
    report = {
        "sessions": sessions, "turns": turns, "requests": sessions * turns,
        "answered": sum(r["answered"] for r in results),
        "leaks": sum(r["leak"] for r in results),
        "errors": [e for r in results for e in r["errors"]],
        "wall_seconds": round(time.perf_counter() - t, 1),
        "slowest_turn_seconds": max(s for r in results for s in r["seconds"]),
    }
    if server_pid:
        report["server_peak_rss_mb"] = peak_rss_mb(server_pid)
    if temp_dir:
        report["temp_dir_mb_before"] = round(size_before / 2 ** 20, 1)
        report["temp_dir_mb_after"] = round(folder_size(temp_dir) / 2 ** 20, 1)
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default=None, help="an app already running (default: start app.py here)")
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--turns", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=900, help="seconds for one request")
    parser.add_argument("--port", type=int, default=7870)
    parser.add_argument("--out", default=None, help="write the report here as JSON")
    args = parser.parse_args(argv)
    if args.sessions > 32 or args.turns > len(TURNS) + 1:
        parser.error(f"at most 32 sessions and {len(TURNS) + 1} turns")
    work = Path(tempfile.mkdtemp(prefix="load-test-"))
    server, temp_dir = None, None
    try:
        url = args.url
        if url is None:
            temp_dir = work / "gradio-tmp"
            env = {**os.environ, "GRADIO_TEMP_DIR": str(temp_dir), "HF_HUB_OFFLINE": "1"}
            server = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(args.port)], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            url = f"http://127.0.0.1:{args.port}/"
            import httpx

            for _ in range(240):
                try:
                    httpx.get(url, timeout=2)
                    break
                except httpx.HTTPError:
                    time.sleep(0.5)
        report = run(url, args.sessions, args.turns, args.timeout, work, server.pid if server else None, temp_dir)
    finally:
        if server:
            server.terminate()
            server.wait(30)
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(report, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=2) + "\n")
    return 0 if report["answered"] == report["requests"] and not report["leaks"] else 1


if __name__ == "__main__":
    sys.exit(main())
