"""What a change to the instruction parser changes: every quoted phrase of docs/dialogue.md and of the
dialogue tests, parsed by `parse_rules` at another commit and in the working tree; the phrases whose
reading differs are printed. For refactoring the rules (a reading should change only where meant).

    python scripts/parse_diff.py 765f26a        # about 10 seconds here
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Every field of the reading, so that a refactor cannot change one unseen (an amount, a version, `clear`: parse60
# found that comparing five fields let a broken `clear` amount through); the edits in any order, sets sorted.
READ = """import dataclasses, json, sys
from dialogue.instructions import parse_rules
out = {}
for text in json.load(sys.stdin):
    reading = dataclasses.asdict(parse_rules(text))
    reading["edits"] = sorted(reading["edits"], key=lambda e: json.dumps(e, sort_keys=True))
    out[text] = json.loads(json.dumps(reading, sort_keys=True, default=sorted))
print(json.dumps(out))
"""


def phrases() -> list[str]:
    """Quoted phrases of more than one word: *...* in docs/dialogue.md, "..." in the dialogue tests."""
    found = set(re.findall(r"\*([^*\n]{3,80})\*", (ROOT / "docs" / "dialogue.md").read_text()))
    for path in (ROOT / "tests").glob("test_dialogue*.py"):
        found |= set(re.findall(r'"([^"\n]{3,100})"', path.read_text()))
    return sorted(t for t in found if re.search(r"[a-z] [a-z]", t))


def readings(tree: Path, texts: list[str]) -> dict:
    done = subprocess.run([sys.executable, "-c", READ], input=json.dumps(texts), capture_output=True, text=True,
                          cwd=tree, env={"PYTHONPATH": str(tree), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"})
    if done.returncode:
        sys.exit(f"parsing at {tree} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("base", help="the commit to compare with (the working tree is the other side)")
    args = p.parse_args()
    texts = phrases()
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.base, "dialogue", "restoration"],
                                 capture_output=True)
        if archive.returncode:
            sys.exit(f"no dialogue/ at {args.base!r}: {archive.stderr.decode().strip()}")
        archive = archive.stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        before = readings(Path(tmp), texts)
    after = readings(ROOT, texts)
    changed = [t for t in texts if before[t] != after[t]]
    for t in changed:
        print(f"{t!r}: {before[t]} -> {after[t]}")
    print(f"{len(changed)} of {len(texts)} phrases read differently from {args.base}")


if __name__ == "__main__":
    main()
