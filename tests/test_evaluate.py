"""The evaluation CLI: one column can be re-run into an existing table; figures of another model are not kept."""

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

TASK = "CBSD68 σ25"


def in_process(*argv):
    """`python -m restoration ARGV` run in this process (a fresh one costs seconds of imports): the one-line error it
    exits with, or None where it succeeded. Another exception, which would be a traceback, fails the test."""
    from restoration.__main__ import main

    try:
        main(list(argv))
    except SystemExit as e:
        assert e.code not in (None, 0), e.code  # (an exit status of 1: the command failed)
        return str(e.code)
    return None


def evaluate(checkpoint, out, *extra):
    said = in_process("evaluate", "--checkpoint", str(checkpoint), "--out", str(out), "--limit", "1",
                   "--held-out-limit", "0", "--bm3d-limit", "0", "--tasks", TASK, *extra)
    assert said is None, said
    return json.loads((out / "report.json").read_text())


def _small_benchmark(tmp_path, monkeypatch):
    """The table's first CBSD68 photo cropped to 160 x 120 in its place: what the tests of the report's bookkeeping
    check does not hang on its size, and the whole 481 x 321 photo was most of their time."""
    from PIL import Image

    from restoration import evaluate as E

    first = sorted(E.BENCHMARK.glob("*.png"))[0]
    folder = tmp_path / "CBSD68"
    folder.mkdir()
    Image.open(first).crop((0, 0, 160, 120)).save(folder / first.name)
    monkeypatch.setattr(E, "BENCHMARK", folder)


def test_methods_update_one_column_and_another_model_starts_afresh(tiny_model, tmp_path, monkeypatch):
    _small_benchmark(tmp_path, monkeypatch)
    first, second = tmp_path / "a", tmp_path / "b"
    tiny_model.save_pretrained(first)
    full = evaluate(first, tmp_path / "eval")
    assert {r["method"] for r in full["rows"]} == {"input", "auto", "oracle", "paraphrase", "wrong", "blind"}

    report = json.loads((tmp_path / "eval" / "report.json").read_text())
    report["rows"] = [dict(r, psnr=-1.0) if r["method"] == "oracle" else r for r in report["rows"]]
    (tmp_path / "eval" / "report.json").write_text(json.dumps(report))  # mark the column to be replaced
    updated = evaluate(first, tmp_path / "eval", "--methods", "oracle")
    by_method = {r["method"]: r for r in updated["rows"]}
    assert by_method["oracle"] == next(r for r in full["rows"] if r["method"] == "oracle")
    assert [r for r in updated["rows"] if r["method"] != "oracle"] == [r for r in full["rows"] if r["method"] != "oracle"]
    assert len(updated["commands"]) == 2 and "-1.00" not in (tmp_path / "eval" / "table.md").read_text()

    # --tasks replaces its rows and keeps the others, in the table's order
    both = evaluate(first, tmp_path / "eval", "--tasks", "CBSD68 σ15")
    assert [r["task"] for r in both["rows"]][0] == "CBSD68 σ15" and len(both["rows"]) == 2 * len(updated["rows"])
    assert [r for r in both["rows"] if r["task"] == TASK] == updated["rows"]

    for p in tiny_model.parameters():  # another checkpoint: the old figures must not be credited to it
        p.data.mul_(0.5)
    tiny_model.save_pretrained(second)
    # ... nor dropped unasked (QA 58 F03: the default --out is the committed docs/eval), whatever is measured
    kept = (tmp_path / "eval" / "report.json").read_bytes()
    command = ["evaluate", "--checkpoint", str(second), "--out", str(tmp_path / "eval"), "--limit", "1",
               "--held-out-limit", "0"]
    # each through main() in this process (a fresh one costs seconds of imports; that main's refusal is a line on
    # stderr of a real process, not a traceback, test_train.py's pack test shows)
    for extra in (["--skip-table", "--speed"], ["--methods", "auto"], ["--tasks", TASK], []):
        said = in_process(*command, *extra)
        assert "give another --out" in said and f"holds the figures of {first} on cpu" in said, said
    assert (tmp_path / "eval" / "report.json").read_bytes() == kept
    from restoration import evaluate as E

    timed = E.speed  # --speed timed at 0.01 megapixels, not 0.25 and 1 (5 s here): its figures are not checked here
    monkeypatch.setattr(E, "speed", lambda restorer, megapixels: timed(restorer, (0.01,)))
    fresh = evaluate(second, tmp_path / "fresh", "--skip-table", "--speed")
    assert list(fresh["seconds_per_megapixel"]) == ["0.01MP"]  # (measured, and filed in the report)
    assert "rows" not in fresh and fresh["checkpoint"].endswith("b") and len(fresh["commands"]) == 1
    said = in_process("evaluate", "--checkpoint", str(second), "--out", str(tmp_path / "fresh"), "--methods", "auto")
    assert "has none for this checkpoint" in said
    said = in_process("evaluate", "--checkpoint", str(second), "--out", str(tmp_path / "fresh"), "--skip-table")
    assert "nothing to measure" in said
    assert json.loads((tmp_path / "fresh" / "report.json").read_text()) == fresh


def test_paraphrases_use_none_of_the_training_wordings():
    import random
    import re

    from restoration.captions import ABSENT, CLEAN, WORDS, caption
    from restoration.evaluate import PARAPHRASES, cbsd68_tasks, tasks_for

    trained = {w.lower() for levels in WORDS.values() for lv in levels for _, w in lv}
    trained |= {w.lower() for ws in ABSENT.values() for w in ws} | {c.lower().rstrip(".") for c in CLEAN}
    for phrases in PARAPHRASES.values():
        for p in phrases:
            words = set(re.findall(r"[a-z]+", p.lower()))
            assert not any(set(t.split()) <= words for t in trained), p  # no training wording, in any order
    rng = random.Random(0)
    captions = {caption({k: rng.uniform(0.1, 1)}, rng) for k in WORDS for _ in range(300)}
    tasks = [*tasks_for(0).values(), *cbsd68_tasks(0).values()]
    assert all(t.paraphrase and t.paraphrase not in captions for t in tasks)
    dark_noisy = tasks_for(0)["dark_noisy"].paraphrase
    assert dark_noisy.index("night") < dark_noisy.index("static")  # the stronger degradation first, as describe does


def test_compare_checkpoints_puts_models_side_by_side_on_photos_the_table_does_not_use(tiny_model, tmp_path,
                                                                                      monkeypatch, capsys):
    """scripts/compare_checkpoints.py, the rule new weights are shipped by, on one photo at 128 px."""
    import runpy

    import torch

    from restoration import Restorer
    from restoration.data import list_photos, load_photo
    from restoration.evaluate import TRAIN_PHOTOS, _np, _u8, metrics, tasks_for

    a, b = tmp_path / "a", tmp_path / "b"
    tiny_model.save_pretrained(a)
    with torch.no_grad():
        for p in tiny_model.parameters():
            p.mul_(0.5)
    tiny_model.save_pretrained(b)
    # the script run in this process (a fresh one costs seconds of imports; the test below runs it as a process)
    script = ROOT / "scripts" / "compare_checkpoints.py"
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys, "path", list(sys.path))  # (the script puts the repository first on it)
    monkeypatch.setattr(sys, "argv", [str(script), str(a), str(b), str(a), "--count", "1", "--max-side", "128",
                                      "--precision", "float32", "--paraphrase"])
    capsys.readouterr()
    runpy.run_path(str(script), run_name="__main__")  # (an exception, a traceback, fails the test)
    stdout = capsys.readouterr().out
    rows = [line.split(" | ") for line in stdout.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 1 + len(tasks_for(0)) * 3 + 3  # header, every task by the three texts, three means
    assert all(row[4].endswith("(+0.00) |") for row in rows[1:])  # the same weights again: no change
    # the first column is the PSNR of that checkpoint, measured as the table measures it
    photo = list_photos(*[p for p in TRAIN_PHOTOS if p.exists()], part="held_out")[15]
    clean = load_photo(photo, 128).float() / 255
    task = tasks_for(15)["noise25"]
    restorer = Restorer.from_pretrained(a, precision="float32")
    y = restorer.restore_tensor(_u8(task.degrade(clean)), task.severities)
    assert ["| noise25", "true", f"{metrics(_np(y), _np(clean))[0]:.2f}"] in [row[:3] for row in rows]
    y = restorer.restore_tensor(_u8(task.degrade(clean)), task.paraphrase)  # the free-form words, as the table's
    assert ["| noise25", "paraphrase", f"{metrics(_np(y), _np(clean))[0]:.2f}"] in [row[:3] for row in rows]
    verdicts = [line for line in stdout.splitlines() if line.startswith("- ")]
    assert len(verdicts) == 2 and "mean +0.000 dB, worst row +0.00 dB" in verdicts[1]
    assert verdicts[1].endswith("does not pass (mean up, no row down by more than 0.1 dB)")


def test_a_report_names_the_repositorys_checkpoint_alike_in_every_checkout(tmp_path):
    """QA 58 F04: the committed table named the shipped weights by /work/main's absolute path, so every other
    checkout (a clone, CI) was refused the model card's --methods / --tasks updates."""
    committed = json.loads((ROOT / "docs" / "eval" / "report.json").read_text())
    cmd = ["evaluate", "--precision", "float32", "--device", "cpu", "--out", str(tmp_path), "--limit", "0",
           "--held-out-limit", "0", "--methods", "oracle"]
    for elsewhere, accepted in (("/some/other/checkout/weights/dcformer-small", True),  # a report of before
                                ("weights/dcformer-small", True),  # as reports name it now
                                ("/some/other/checkout/weights/dcformer-base", False)):
        (tmp_path / "report.json").write_text(json.dumps({**committed, "checkpoint": elsewhere}))
        said = in_process(*cmd)
        report = json.loads((tmp_path / "report.json").read_text())
        if accepted:
            assert said is None, said
            assert report["checkpoint"] == "weights/dcformer-small" and report["rows"] == committed["rows"]
        else:
            assert f"holds the figures of {elsewhere} on cpu" in said
            assert "not of weights/dcformer-small on cpu" in said and report["checkpoint"] == elsewhere


def test_compare_checkpoints_says_in_one_line_which_path_holds_no_checkpoint(tmp_path, monkeypatch):
    """QA 58 F13: a wrong path had been a traceback, after the checkpoints before it had been loaded."""
    import runpy

    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "config.json").write_text("{}")  # a folder without its weights
    script = ROOT / "scripts" / "compare_checkpoints.py"
    wrong = tmp_path / "typo"
    r = subprocess.run([sys.executable, str(script), "weights/dcformer-small", str(wrong), "--count", "1"], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode != 0 and "Traceback" not in r.stderr, r.stderr[-2000:]
    assert r.stderr.strip() == f"error: no checkpoint in {wrong} (config.json + model.safetensors)"
    wrong = tmp_path / "half"  # the script once more, run in this process (a fresh one costs seconds of imports)
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys, "argv", [str(script), "weights/dcformer-small", str(wrong), "--count", "1"])
    with pytest.raises(SystemExit) as e:  # (another exception, a traceback, fails the test)
        runpy.run_path(str(script), run_name="__main__")
    assert e.value.code == f"error: no checkpoint in {wrong} (config.json + model.safetensors)"


def test_without_bm3d_no_cell_is_filed_under_its_name_and_that_is_said(monkeypatch):
    """QA 58 F15: without bm3d, the dark + noisy 'classical (gamma+bm3d)' cell had been gamma alone."""
    import numpy as np

    from restoration import evaluate as E

    x = np.random.default_rng(0).random((32, 32, 3))
    dark_noisy = E.tasks_for(0)["dark_noisy"]
    assert dark_noisy.classical == "gamma+bm3d"
    said = []
    if E._bm3d_package() is not None:  # (requirements-eval.txt: not installed in CI)
        assert not np.allclose(E.classical("gamma+bm3d", x, dark_noisy), E._gamma(x))
        E.evaluate(None, limit=0, held_out_limit=0, progress=said.append)
        assert E.NO_BM3D not in said
    monkeypatch.setitem(sys.modules, "bm3d", None)  # as where requirements-eval.txt was not installed
    assert E.classical("gamma+bm3d", x, dark_noisy) is None and E.classical("bm3d", x, E.tasks_for(0)["noise25"]) is None
    assert E.classical("gamma", x, E.tasks_for(0)["low_light"]) is not None
    E.evaluate(None, limit=0, held_out_limit=0, progress=said.append)
    assert said.count(E.NO_BM3D) == 1
    said.clear()
    E.evaluate(None, limit=0, held_out_limit=0, bm3d_limit=0, progress=said.append)  # no BM3D asked: nothing to say
    assert E.NO_BM3D not in said


def test_unknown_tasks_an_empty_selection_and_an_out_that_cannot_be_written_are_one_line(tiny_model, tmp_path):
    """QA 70 F06/F07: --tasks with a name the table does not have had measured nothing, written an empty table.md and
    failed in the chart (ZeroDivisionError); an --out that cannot be written failed with a traceback, and where it
    existed read-only, only after every measurement."""
    tiny_model.save_pretrained(tmp_path / "ckpt")
    limits = ["--checkpoint", str(tmp_path / "ckpt"), "--limit", "0", "--held-out-limit", "0", "--bm3d-limit", "0"]
    said = in_process("evaluate", *limits, "--out", str(tmp_path / "eval"), "--tasks", "nois25")
    assert said.startswith("error: --tasks 'nois25' is no task of the table (its tasks: 'CBSD68 σ15', "), said
    said = in_process("evaluate", *limits, "--out", str(tmp_path / "eval"), "--tasks", "noise25")
    assert said == "error: no photo was measured (--limit or --held-out-limit 0, or --tasks of a set not here)", said
    assert not (tmp_path / "eval" / "table.md").exists()
    afile = tmp_path / "afile"
    afile.write_text("a file, not a folder")
    said = in_process("evaluate", *limits, "--out", str(afile / "eval"), "--tasks", "noise25")
    assert said == f"error: cannot write in {afile / 'eval'} (not a directory)", said
