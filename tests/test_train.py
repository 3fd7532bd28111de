"""Training pairs teach what the words mean; a tiny run learns; the CLI checkpoints and resumes."""

import contextlib
import json
import os
import random
import resource
import signal
import subprocess
import sys
import time

import pytest
import torch

from restoration import degrade
from restoration.data import Crops, held_out, list_photos, make_batch, make_pair
from tests.conftest import PHOTOS, ROOT


def test_pairs_follow_the_description(photo):
    clean = photo[:, :64, :64].float() / 255
    d = [degrade.noise(30, seed=3), degrade.low_light(0.1, seed=4)]
    seen = {"blind": 0, "matched": 0, "partial": 0}
    for seed in range(200):
        p = make_pair(clean, random.Random(seed), d)
        assert torch.equal(p.input, degrade.apply(clean, d))
        if p.text == "":
            assert torch.equal(p.target, clean)
            seen["blind"] += 1
        elif p.described == {"noise": d[0].severity, "low_light": d[1].severity}:
            assert torch.equal(p.target, clean)
            seen["matched"] += 1
        else:  # something left out or understated: the target keeps exactly that part
            left = {k: 1 - p.described.get(k, 0) / s for k, s in (("noise", d[0].severity), ("low_light", d[1].severity))}
            assert torch.allclose(p.target, degrade.apply(clean, d, left), atol=1e-6)
            seen["partial"] += 1
    assert all(n > 10 for n in seen.values()), seen


def test_mixture_weights_change_what_is_drawn_and_a_bad_one_is_explained():
    from restoration.data import MIXTURES, reweighted, sample_degradations

    more_noise = reweighted(["noise=48"])
    assert [w for w, k in more_noise if k == ("noise",)] == [48.0]
    assert [m for m in more_noise if m[1] != ("noise",)] == [m for m in MIXTURES if m[1] != ("noise",)]
    none = [("+".join(k) or "clean") + "=0" for _, k in MIXTURES]
    only = reweighted(none + ["noise=1", "blur+haze=2", "noise+low_light=1"])
    drawn = [tuple(d.kind for d in sample_degradations(random.Random(s), only)) for s in range(400)]
    assert set(drawn) == {("noise",), ("haze", "blur"), ("low_light", "noise")}
    assert 150 < drawn.count(("haze", "blur")) < 250
    for bad in (["nois=3"], ["noise=-1"], ["noise"], ["clean+noise=2"], ["rain=x"], ["rain=nan"], ["=2"], none):
        with pytest.raises(ValueError, match="mixture weight|nothing to train on"):
            reweighted(bad)


def test_loss_weights_weigh_each_pair_by_its_least_weighted_kind(photo_paths):
    from restoration.data import MIXTURES, loss_weights, reweighted

    weights = loss_weights(["low_light=0.1", "haze=0.5"])
    crops = Crops(photo_paths[:2], 32)
    none = [("+".join(k) or "clean") + "=0" for _, k in MIXTURES]
    for mixture, want in (("clean=1", 1.0), ("noise=1", 1.0), ("low_light+noise=1", 0.1), ("haze=1", 0.5),
                          ("rain+haze=1", 0.5)):
        *_, w = make_batch(crops.sample(3, random.Random(0)), random.Random(1), mixtures=reweighted(none + [mixture]),
                           weights=weights)
        assert w.tolist() == pytest.approx([want] * 3), mixture
    *_, w = make_batch(crops.sample(3, random.Random(0)), random.Random(1))  # no weights: all 1
    assert w.tolist() == [1.0] * 3
    for bad in (["lowlight=0.1"], ["noise=0"], ["noise=-1"], ["noise"], ["rain=x"]):
        with pytest.raises(ValueError, match="loss weight"):
            loss_weights(bad)


def test_split_is_stable_and_disjoint():
    train, held = list_photos(PHOTOS, part="train"), list_photos(PHOTOS, part="held_out")
    assert not set(train) & set(held) and 0.05 < len(held) / (len(train) + len(held)) < 0.15
    assert all(held_out(p) for p in held) and held_out(held[0].with_suffix(".png"))


def test_a_tiny_run_lowers_the_loss_on_a_fixed_batch(minilm, photo_paths):
    from restoration.model import build

    torch.manual_seed(0)
    rng = random.Random(0)
    crops = Crops(photo_paths[:4], 48)
    inp, target, texts, _ = make_batch(crops.sample(8, rng), rng)
    model = build("tiny")
    text = minilm(texts)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
    losses = []
    for _ in range(10):  # (0.36 of the first loss after 10 steps, 0.15 after 40: ten show it)
        loss = torch.nn.functional.l1_loss(model(inp, text), target)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < losses[0] * 0.7, losses


def test_the_moving_average_follows_the_model_with_a_warming_decay():
    from restoration.model import build
    from restoration.train import MovingAverage

    torch.manual_seed(0)
    model = build("tiny")
    average = MovingAverage(model, decay=0.9)
    assert all(not p.requires_grad for p in average.model.parameters())
    name = next(k for k, _ in model.named_parameters())
    lags = {}
    for n in range(1, 201):  # the model moves by 1 a step; the average lags behind
        with torch.no_grad():
            for p in model.parameters():
                p += 1
        before = {k: v.clone() for k, v in average.model.state_dict().items()}
        average.update(model)
        decay = min(0.9, (1 + n) / (10 + n))
        moved = model.state_dict()  # (once a step, not once a tensor: it had been most of this test's 5 s)
        for k, v in average.model.state_dict().items():
            if v.is_floating_point():
                torch.testing.assert_close(v, decay * before[k] + (1 - decay) * moved[k])
        lags[n] = (moved[name] - average.model.state_dict()[name]).mean().item()
    # while it warms up it averages about the last tenth of the steps; then decay / (1 - decay) = 9
    assert 3.5 < lags[40] < 4.5 and 8.9 < lags[200] < 9.01, (lags[40], lags[200])


def _photo_folder(tmp_path, count: int):
    """A folder with the first `count` training photos: a small --data for the CLI."""
    data = tmp_path / "photos"
    data.mkdir()
    for p in list_photos(PHOTOS, part="train")[:count]:
        (data / p.name).write_bytes(p.read_bytes())
    return data


def _in_process(capsys, *argv):
    """`python -m restoration ARGV` in this process (a fresh one costs seconds of imports): what it printed (.out,
    .err), and the one-line error it exited with or None. Another exception, which would be a traceback, fails the
    test."""
    from restoration.__main__ import main

    capsys.readouterr()
    try:
        main([str(a) for a in argv])
        failed = None
    except SystemExit as e:
        assert e.code not in (None, 0), e.code  # (an exit status of 1: the command failed)
        failed = str(e.code)
    return capsys.readouterr(), failed


def test_train_cli_checkpoints_and_resumes_with_the_encoder_it_was_given(tmp_path, capsys):
    data, out = _photo_folder(tmp_path, 6), tmp_path / "run"
    # each command through main() in this process (a fresh one costs seconds of imports; the tests of kills and
    # signals below run the command as a process)
    args = ["train", "--data", data, "--out", out, "--preset", "tiny", "--batch", "2", "--crop", "48", "--mixture",
            "noise=3", "rain=0", "--warmup", "2", "--val-every", "1000", "--caption-numbers", "noise", "low_light",
            "--text-encoder", "minilm-l1"]
    _, failed = _in_process(capsys, *args, "--steps", "3")
    assert failed is None, failed
    assert json.loads((out / "state" / "step.json").read_text())["step"] == 3
    # what is exported is the weight average, not the last step's weights
    from safetensors.torch import load_file

    exported, raw = load_file(out / "model" / "model.safetensors"), load_file(out / "state" / "model.safetensors")
    average = torch.load(out / "state" / "custom_checkpoint_0.pkl", weights_only=False)
    assert all(torch.equal(v, average["model." + k]) for k, v in exported.items())
    assert any(not torch.equal(v, raw[k]) for k, v in exported.items())
    _, failed = _in_process(capsys, *args, "--steps", "5", "--ema", "0")
    assert "trained with --ema 0.999" in failed
    numbers_at = args.index("low_light")
    _, failed = _in_process(capsys, *args[:numbers_at], *args[numbers_at + 1:], "--steps", "5")
    assert "resuming cannot switch to ('noise',)" in failed
    _, failed = _in_process(capsys, *args[:-1], "minilm-l2", "--steps", "5")
    assert "cannot switch it to 'minilm-l2'" in failed
    said, failed = _in_process(capsys, *args, "--steps", "5")
    assert failed is None and "resumed at step 3" in said.out + said.err, failed
    info = json.loads((out / "model" / "training.json").read_text())
    assert info["step"] == 5 and [run["start_step"] for run in info["runs"]] == [0, 3]
    assert [run["mixture_weights"] for run in info["runs"]] == [["noise=3", "rain=0"]] * 2
    assert [run["ema"] for run in info["runs"]] == [0.999] * 2
    from restoration import Restorer

    restorer = Restorer.from_pretrained(out / "model")
    assert restorer.info["step"] == 5 and restorer.text_encoder.name == "minilm-l1"
    assert restorer.info["runs"][-1]["compiled"] is False
    # it was trained with the stops of a dark photo in its captions, so it is described with them
    assert restorer.describe({"low_light": 0.8}) == "The photo is very dark (about 4 stops under)."
    # continued with other captions, the checkpoint says so
    said, failed = _in_process(capsys, *args[:4], tmp_path / "more", "--init", out / "model", "--batch", "2", "--crop",
                               "48", "--warmup", "1", "--val-every", "1000", "--caption-numbers", "noise", "--steps", "1")
    assert failed is None, failed
    assert "trained with captions stating ('noise', 'low_light'); this run's state ('noise',)" in said.out + said.err
    assert Restorer.from_pretrained(tmp_path / "more" / "model").describe({"low_light": 0.8}) == "The photo is very dark."


TINY_CLIP = {"embed_dim": 32, "vision_cfg": {"image_size": 32, "layers": 1, "width": 64, "head_width": 32, "patch_size": 16},
             "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 64, "heads": 2, "layers": 1}}


def test_train_cli_trains_with_a_clip_text_encoder_named_with_its_weights(tmp_path, monkeypatch, capsys):
    """docs59 finding 17: --text-encoder had offered MiniLM only, so the second backend of BRIEF section 2 could not
    be trained. A tiny CLIP made from a config, its weights in a file: nothing is downloaded."""
    import open_clip
    from open_clip import factory
    from PIL import Image

    from restoration import Restorer

    (tmp_path / "tiny-clip-test.json").write_text(json.dumps(TINY_CLIP))
    monkeypatch.setattr(factory, "_MODEL_CONFIG_PATHS", list(factory._MODEL_CONFIG_PATHS))  # (open_clip's registry
    monkeypatch.setattr(factory, "_MODEL_CONFIGS", dict(factory._MODEL_CONFIGS))  # as it was after this test)
    open_clip.add_model_config(tmp_path / "tiny-clip-test.json")
    torch.manual_seed(0)
    torch.save(open_clip.create_model("tiny-clip-test").state_dict(), tmp_path / "tiny-clip.pt")
    spec = f"open_clip:tiny-clip-test:{tmp_path / 'tiny-clip.pt'}"  # (the checkpoint names the file by its full path:
    given = f"open_clip:tiny-clip-test:{os.path.relpath(tmp_path / 'tiny-clip.pt', ROOT)}"  # a relative one had been
    # looked for from wherever the model was loaded; review 60)
    monkeypatch.chdir(ROOT)  # (where the command is run: the relative name is read from there)
    data, out = _photo_folder(tmp_path, 2), tmp_path / "run"
    # trained in this process, where the tiny CLIP's config was added (another would not know it)
    said, failed = _train_here(capsys, data, out, "--steps", "2", "--text-encoder", given)
    assert failed is None, failed
    config = json.loads((out / "model" / "config.json").read_text())
    assert (config["text_encoder"], config["text_dim"], config["text_pooled_dim"]) == (spec, 64, 32)  # the CLIP's widths
    said, failed = _train_here(capsys, data, out, "--steps", "3")  # resumed: the encoder the checkpoint names
    assert failed is None and "resumed at step 2" in said.out + said.err, failed
    assert json.loads((out / "model" / "training.json").read_text())["step"] == 3
    restorer = Restorer.from_pretrained(out / "model", device="cpu")  # the encoder the checkpoint names, from its file
    assert restorer.text_encoder.name == spec
    photo = Image.open(next(data.iterdir())).convert("RGB").resize((40, 30))
    assert restorer.restore(photo, "heavy noise").size == (40, 30)
    # named without weights it would be a random tower, which loading the checkpoint could not make again
    _, failed = _train_here(capsys, data, tmp_path / "random", "--steps", "1", "--text-encoder",
                            "open_clip:tiny-clip-test")
    assert "names no weights" in failed
    assert not (tmp_path / "random").exists()


def test_train_cli_runs_the_compiled_model(tmp_path, capsys):
    from torch._inductor import config as inductor

    data, out = _photo_folder(tmp_path, 4), tmp_path / "run"
    # inductor's C++ kernels without SIMD: generated and compiled in far fewer seconds with a cold cache (CI's), and
    # still the compiled model that trains (the forward and backward graphs go through the same steps)
    try:  # in this process (a fresh one costs seconds of imports)
        with inductor.patch({"cpp.vec_isa_ok": False}):
            said, failed = _train_here(capsys, data, out, "--steps", "4", "--compile")
    finally:
        torch._dynamo.reset()  # (what was compiled here is not kept for the tests after it)
    assert failed is None, failed
    assert "running eagerly" not in said.out + said.err
    info = json.loads((out / "model" / "training.json").read_text())
    assert info["step"] == 4 and info["runs"][-1]["compiled"] is True


def test_train_cli_explains_missing_photos(tmp_path, capsys):
    # through main() in this process: a refusal as a line on stderr of a real process is shown by the pack test's
    _, failed = _in_process(capsys, "train", "--data", tmp_path, "--out", tmp_path / "o")  # (a process costs seconds)
    assert failed == "error: no training photos found", failed
    _, failed = _in_process(capsys, "train", "--data", tmp_path, "--no-cem", "--init", "weights/dcformer-small")
    assert "--no-cem and --text-encoder build a new model" in failed


def test_worker_processes_deliver_the_same_batches_in_step_order(photo_paths):
    from restoration.train import Batches, step_rng

    crops = Crops(photo_paths[:3], 32)
    loader = iter(torch.utils.data.DataLoader(Batches(crops, 2, seed=0, start=7, stride=1, offset=0),
                                              batch_size=None, num_workers=2))
    for step in range(7, 11):  # steps 7 and 9 come from one worker, 8 and 10 from the other
        inp, target, texts, weight = next(loader)
        want = make_batch(crops.sample(2, step_rng(0, step, 1, 0)), step_rng(0, step, 1, 0, 1))
        assert torch.equal(inp, want[0]) and torch.equal(target, want[1]) and texts == want[2]
        assert torch.equal(weight, want[3])


def test_the_batch_workers_end_with_their_block_however_it_ends(photo_paths, monkeypatch):
    """train74: the batch workers ignore SIGTERM (a timeout's, sent to the whole process group), so one left running
    when a command failed made Python's exit wait for it for ever. They end with batch_workers' block whether the
    block fails (a full disk in a checkpoint) or the worker does (a batch it cannot make), while the failure is held
    as a failed command holds it until Python exits. (maint75: DataLoader's public way, dropping the last reference
    to its iterator, leaves the worker running in the second case: the traceback holds the iterator.)"""
    import multiprocessing

    from restoration import train as training

    others = set(multiprocessing.active_children())
    batches = training.Batches(Crops(photo_paths[:1], 32), 2, seed=0, start=0, stride=1, offset=0)
    with pytest.raises(OSError) as held:
        with training.batch_workers(batches, 1, pin_memory=False) as loader:
            next(loader)
            raise OSError(28, "No space left on device")
    assert set(multiprocessing.active_children()) == others, held
    monkeypatch.setattr(training, "make_batch", lambda *args: {}["a bug"])  # (the worker is forked: it has this one)
    with pytest.raises(KeyError) as held:
        with training.batch_workers(batches, 1, pin_memory=False) as loader:
            next(loader)
    assert set(multiprocessing.active_children()) == others, held


def test_pack_holds_the_training_photos_and_only_the_validation_part_of_the_held_out_ones(tmp_path):
    import numpy as np
    from PIL import Image

    from restoration.train import VALIDATION_PHOTOS, pack_photos

    a, b = tmp_path / "a", tmp_path / "b"  # two sources, as CBSD432 and data/photos
    a.mkdir(), b.mkdir()
    rng = np.random.default_rng(0)
    for i in range(120):
        Image.fromarray(rng.integers(0, 255, (24, 32, 3), dtype=np.uint8)).save((a, b)[i % 2] / f"p{i}.png")
    Image.fromarray(rng.integers(0, 255, (600, 900, 3), dtype=np.uint8)).save(a / "big.jpg")
    Image.fromarray(rng.integers(0, 255, (60, 90, 3), dtype=np.uint8)).save(b / "small.jpg")
    held = list_photos(a, b, part="held_out")
    assert len(held) > VALIDATION_PHOTOS  # else the test would not show that the rest stays out
    pack_photos([a, b], tmp_path / "pack", max_side=400)
    packed = {p.stem: p for p in (tmp_path / "pack").iterdir()}
    assert set(packed) == {p.stem for p in list_photos(a, b, part="train") + held[:VALIDATION_PHOTOS]}
    # validation takes the first held-out photos by name: the same ones from the pack as from the sources
    assert [p.stem for p in list_photos(tmp_path / "pack", part="held_out")] == [p.stem for p in held[:VALIDATION_PHOTOS]]
    assert all(p.suffix == ".jpg" and max(Image.open(p).size) <= 400 for p in packed.values())
    assert Image.open(packed["big"]).size == (400, 267)
    assert packed["small"].read_bytes() == (b / "small.jpg").read_bytes()  # a small JPEG is not compressed again
    # a missing folder fails before anything is made or removed (QA 57 F16: it had left an empty pack/photos)
    with pytest.raises(FileNotFoundError, match="no such folder"):
        pack_photos([tmp_path / "missing"], tmp_path / "new" / "photos", max_side=400)
    with pytest.raises(FileNotFoundError, match="no such folder"):
        pack_photos([a, tmp_path / "missing"], tmp_path / "pack", max_side=400)
    assert not (tmp_path / "new").exists() and len(list((tmp_path / "pack").iterdir())) == len(packed)


def test_pack_refuses_a_folder_without_photos_and_leaves_nothing_behind(tmp_path, capsys):
    """It had written a pack with an empty photos/ (and the 12 MiB encoder) and said nothing was wrong."""
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("no photos here")
    photos = _photo_folder(tmp_path, 1)
    old = tmp_path / "old_pack"  # an earlier pack, which a refused command must leave as it was
    (old / "photos").mkdir(parents=True)
    (old / "photos" / "kept.jpg").write_bytes(b"old")
    r = subprocess.run([sys.executable, "-m", "restoration", "pack", "--data", str(empty), "-o", str(tmp_path / "new")],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)  # the command line itself once
    assert r.returncode != 0 and r.stderr.startswith(f"error: no photos in {empty} (looked for .bmp, "), r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.splitlines()) == 1
    for data, out in (([photos, empty], tmp_path / "new"), ([empty], old)):  # then its main() in this process
        _, failed = _in_process(capsys, "pack", "--data", *data, "-o", out)
        assert failed.startswith(f"error: no photos in {empty} (looked for .bmp, ") and len(failed.splitlines()) == 1
    assert not (tmp_path / "new").exists()
    assert sorted(str(p.relative_to(old)) for p in old.rglob("*")) == ["photos", "photos/kept.jpg"]


def test_pack_scales_the_photos_down_to_fit_its_budget_and_keeps_every_one(tmp_path):
    """QA 58 F10: the pack had left 0.2 MiB of the 64 MiB a device call carries."""
    import numpy as np
    from PIL import Image

    from restoration.train import SMALLEST_SIDE, pack_photos_within

    src = tmp_path / "src"
    src.mkdir()
    rng = np.random.default_rng(0)
    for i in range(4):  # photo-like: smooth, with some grain (noise alone would not compress at all); four: what
        # is checked holds for any number, and each try packs them all again
        smooth = np.kron(rng.integers(0, 255, (8, 12, 3)), np.ones((75, 75, 1)))
        Image.fromarray(np.clip(smooth + rng.normal(0, 8, smooth.shape), 0, 255).astype(np.uint8)).save(src / f"p{i}.png")
    full = pack_photos_within([src], tmp_path / "full", 900, mib=100)
    full_mib = sum(p.stat().st_size for p in (tmp_path / "full").iterdir()) / 2 ** 20
    assert full == 900 and {max(Image.open(p).size) for p in (tmp_path / "full").iterdir()} == {900}

    side = pack_photos_within([src], tmp_path / "pack", 900, mib=full_mib / 2)
    packed = list((tmp_path / "pack").iterdir())
    assert SMALLEST_SIDE < side < 900 and sum(p.stat().st_size for p in packed) / 2 ** 20 <= full_mib / 2
    assert sorted(p.name for p in packed) == sorted(p.name for p in (tmp_path / "full").iterdir())
    assert {max(Image.open(p).size) for p in packed} == {side}
    assert pack_photos_within([src], tmp_path / "pack", 900, mib=0.01) == SMALLEST_SIDE  # no smaller than that


def test_the_gpu_slot_script_parses():
    r = subprocess.run(["bash", "-n", str(ROOT / "scripts" / "gpu_slot.sh")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_a_half_checkpoint_stores_float16_and_loads_back_into_float32(tmp_path):
    from safetensors.torch import load_file

    from restoration.model import DCFormer, build
    from restoration.train import save_checkpoint

    model = build("tiny")
    save_checkpoint(model, tmp_path / "full", {"step": 1})
    save_checkpoint(model, tmp_path / "half", {"step": 1}, half=True)
    stored = load_file(tmp_path / "half" / "model.safetensors")
    assert {v.dtype for v in stored.values()} == {torch.float16}
    assert sorted(f.name for f in (tmp_path / "half").iterdir()) == ["config.json", "model.safetensors", "training.json"]
    assert next(model.parameters()).dtype == torch.float32  # the training model is left as it was
    size = {k: (tmp_path / k / "model.safetensors").stat().st_size for k in ("full", "half")}
    assert size["half"] < 0.55 * size["full"]
    loaded = DCFormer.from_pretrained(tmp_path / "half")
    for (name, a), b in zip(model.state_dict().items(), loaded.state_dict().values()):
        assert b.dtype == torch.float32 and torch.equal(a.half().float(), b), name


def test_average_is_the_weighted_mean_of_one_models_checkpoints(tmp_path, capsys):
    from restoration.model import DCFormer, build
    from restoration.train import average_checkpoints, save_checkpoint

    torch.manual_seed(0)
    a, b = build("tiny"), build("tiny")  # two random initialisations: different weights, one config
    save_checkpoint(a, tmp_path / "a", {"step": 3})
    save_checkpoint(b, tmp_path / "b", {"step": 5})
    # the command through its main() in this process (a fresh one costs seconds of imports)
    said, failed = _in_process(capsys, "average", tmp_path / "a", tmp_path / "b", "--weights", "1", "3", "-o",
                               tmp_path / "soup")
    assert failed is None and f"wrote {tmp_path / 'soup'}" in said.out, failed
    soup = DCFormer.from_pretrained(tmp_path / "soup")
    for (name, x), y, z in zip(a.state_dict().items(), b.state_dict().values(), soup.state_dict().values()):
        assert torch.allclose(z, (0.25 * x + 0.75 * y).half().float(), atol=1e-3, rtol=0), name
    parts = json.loads((tmp_path / "soup" / "training.json").read_text())["averaged"]
    assert [(p["weight"], p["step"]) for p in parts] == [(0.25, 3), (0.75, 5)]
    # a module with its own weights: the CEM of the first, the rest as --weights say
    _, failed = _in_process(capsys, "average", tmp_path / "a", tmp_path / "b", "--weights", "1", "3", "--module", "cem",
                            "1", "0", "-o", tmp_path / "mixed")
    assert failed is None, failed
    mixed = DCFormer.from_pretrained(tmp_path / "mixed")
    for (name, x), y, z in zip(a.state_dict().items(), b.state_dict().values(), mixed.state_dict().values()):
        want = x if name.startswith("cem.") else 0.25 * x + 0.75 * y
        assert torch.allclose(z, want.half().float(), atol=1e-3, rtol=0), name
    parts = json.loads((tmp_path / "mixed" / "training.json").read_text())["averaged"]
    assert [p["module_weights"] for p in parts] == [{"cem": 1.0}, {"cem": 0.0}]
    _, failed = _in_process(capsys, "average", tmp_path / "a", tmp_path / "b", "--module", "cem", "one", "0", "-o",
                            tmp_path / "bad")
    assert "must be numbers" in failed
    for modules, said in (({"cme": [1, 0]}, "no module 'cme'"), ({"cem": [1]}, "one weight")):
        with pytest.raises(ValueError, match=said):
            average_checkpoints([tmp_path / "a", tmp_path / "b"], tmp_path / "bad", modules=modules)
    # another model's checkpoint is refused with a message, and nothing is written
    save_checkpoint(build("tiny", use_cem=False), tmp_path / "other", {})
    _, failed = _in_process(capsys, "average", tmp_path / "a", tmp_path / "other", "-o", tmp_path / "bad")
    assert "another model" in failed
    assert not (tmp_path / "bad").exists()
    with pytest.raises(ValueError, match="at least two"):
        average_checkpoints([tmp_path / "a"], tmp_path / "one")


def test_average_refuses_weights_that_are_not_finite(tmp_path):
    """QA 58 F06: --weights nan 1 (or inf) had written an all-NaN checkpoint, rc 0."""
    from restoration.model import build
    from restoration.train import average_checkpoints, save_checkpoint

    for name in ("a", "b"):
        save_checkpoint(build("tiny"), tmp_path / name, {})
    for bad in ({"weights": [float("nan"), 1]}, {"weights": [float("inf"), 1]}, {"weights": [1e308, 1e308]},
                {"modules": {"cem": [float("nan"), 1]}}):
        with pytest.raises(ValueError, match="one weight"):
            average_checkpoints([tmp_path / "a", tmp_path / "b"], tmp_path / "soup", **bad)
    assert not (tmp_path / "soup").exists()


def test_average_refuses_to_write_over_one_of_its_checkpoints(tmp_path):
    """QA 58 F07: average A B -o B had replaced B (a run folder, not in git) without a word."""
    from restoration.model import build
    from restoration.train import average_checkpoints, save_checkpoint

    for name in ("a", "b"):
        save_checkpoint(build("tiny"), tmp_path / name, {})
    (tmp_path / "link").symlink_to(tmp_path / "b")
    before = (tmp_path / "b" / "model.safetensors").read_bytes()
    for out in (tmp_path / "b", tmp_path / "link", tmp_path / "a" / ".." / "b"):
        with pytest.raises(ValueError, match="one of the checkpoints averaged"):
            average_checkpoints([tmp_path / "a", tmp_path / "b"], out)
    assert (tmp_path / "b" / "model.safetensors").read_bytes() == before
    average_checkpoints([tmp_path / "a", tmp_path / "b"], tmp_path / "soup")  # another folder: written
    assert (tmp_path / "soup" / "model.safetensors").exists()


TINY_RUN = ["--preset", "tiny", "--batch", "2", "--crop", "32", "--warmup", "1", "--val-every", "1000"]


def _train(data, out, *args, code=None):
    """`python -m restoration train` of the tiny model on `data` (or `code`, a script standing in for it)."""
    cmd = ["-c", code, "train"] if code else ["-m", "restoration", "train"]
    r = subprocess.run([sys.executable, *cmd, "--data", str(data), "--out", str(out), *TINY_RUN, *args],
                       cwd=ROOT, capture_output=True, timeout=300)
    r.stdout, r.stderr = r.stdout.decode(), r.stderr.decode()  # as written (text=True would turn \r into \n)
    return r


def _train_here(capsys, data, out, *args):
    """The same command as _train's, through main() in this process: (what it printed, its error or None)."""
    return _in_process(capsys, "train", "--data", data, "--out", out, *TINY_RUN, *args)


# train, but killed half-way through writing the weights of its second checkpoint (a device call's timeout)
KILLED_IN_SECOND_CHECKPOINT = """
import os, signal, sys
import restoration.train as T
save, calls = T.save_checkpoint, []
def killed(model, folder, info, half=False):
    save(model, folder, info, half)
    calls.append(folder)
    if len(calls) == 2:
        weights = folder / "model.safetensors"
        weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 2])
        os.kill(os.getpid(), signal.SIGKILL)
T.save_checkpoint = killed
from restoration.__main__ import main
main(sys.argv[1:])
"""


def test_a_kill_while_a_checkpoint_is_written_resumes_from_the_last_whole_one(tmp_path, capsys):
    data, out = _photo_folder(tmp_path, 3), tmp_path / "run"
    command = ["--steps", "3", "--checkpoint-minutes", "0", "--text-encoder", "minilm-l0"]  # (the fastest to load)
    r = _train(data, out, *command, code=KILLED_IN_SECOND_CHECKPOINT)
    assert r.returncode == -9, r.stderr[-2000:]
    assert json.loads((out / "state" / "step.json").read_text())["step"] == 1
    r = _train(data, out, *command)
    assert r.returncode == 0 and "resumed at step 1" in r.stdout + r.stderr, r.stderr[-2000:]
    assert "\r" not in r.stderr and "| 3/3 [" in r.stderr  # progress in whole lines to a pipe (QA 58 F05)
    assert json.loads((out / "model" / "training.json").read_text())["step"] == 3
    assert sorted(p.name for p in out.iterdir()) == ["log.jsonl", "model", "state"]
    # a checkpoint broken in place by an older version: one line, no traceback
    (out / "model" / "config.json").unlink()
    _, failed = _train_here(capsys, data, out, "--steps", "4")
    assert "broken checkpoint" in failed


def test_a_kill_between_the_moves_of_a_whole_checkpoint_resumes_from_it(tmp_path, capsys):
    """A kill after state.tmp/step.json was written, between finish_checkpoint's two moves: model/ is the new
    checkpoint's already, state/ still the one before, state.tmp/ the new one. The resume completes the move and
    goes on from the new checkpoint (from state/ as it was, it would pair the step before with the new weights)."""
    import shutil

    data, out = _photo_folder(tmp_path, 2), tmp_path / "run"
    _, failed = _train_here(capsys, data, out, "--steps", "2", "--text-encoder", "minilm-l0")  # (the smallest: the
    assert failed is None, failed  # fastest to load)
    (out / "state").rename(out / "state.tmp")  # the new checkpoint's state, not moved yet
    shutil.copytree(out / "state.tmp", out / "state")  # the checkpoint before it, at step 1
    (out / "state" / "step.json").write_text(json.dumps({"step": 1, "seconds": 0.0, "ema": 0.999}))
    said, failed = _train_here(capsys, data, out, "--steps", "3")
    assert failed is None and "resumed at step 2" in said.out + said.err, (failed, said)
    assert sorted(p.name for p in out.iterdir()) == ["log.jsonl", "model", "state"]
    info = json.loads((out / "model" / "training.json").read_text())
    assert info["step"] == 3 and [run["start_step"] for run in info["runs"]] == [0, 2]
    assert json.loads((out / "state" / "step.json").read_text())["step"] == 3


def test_finish_checkpoint_completes_a_whole_checkpoint_whichever_of_its_moves_a_kill_stopped(tmp_path, monkeypatch):
    """Every point at which a kill can stop finish_checkpoint (before or after each move, half-way through removing
    a folder): the next one (a resume) leaves the new checkpoint in model/ and state/, and no .tmp folder; a
    checkpoint killed before its step.json leaves the one before as it was."""
    import types
    from pathlib import Path

    from restoration import train as training

    class Killed(BaseException):
        pass

    def lay_out(out: Path, whole: bool):
        for name, tag in (("model", "old"), ("state", "old"), ("model.tmp", "new"), ("state.tmp", "new")):
            (out / name).mkdir(parents=True)
            for f in ("config.json", "weights"):
                (out / name / f).write_text(tag)
            if name == "state" or name == "state.tmp" and whole:
                (out / name / "step.json").write_text(tag)

    def contents(out: Path):
        return {p.name: {f.name: f.read_text() for f in p.iterdir()} for p in out.iterdir()}

    new = {"model": {"config.json": "new", "weights": "new"},
           "state": {"config.json": "new", "weights": "new", "step.json": "new"}}
    rename = Path.rename
    for kill_at in range(100):
        out = tmp_path / f"killed_at_{kill_at}"
        lay_out(out, whole=True)
        actions = iter(range(kill_at, -1, -1))

        def act():
            if next(actions) == 0:
                raise Killed

        def rmtree(folder, ignore_errors=False):  # one file at a time, as a kill can stop it
            if not Path(folder).exists() and ignore_errors:
                return
            for f in sorted(Path(folder).iterdir()):
                act()
                f.unlink()
            act()
            Path(folder).rmdir()

        def killable_rename(self, target):
            act()
            return rename(self, target)

        with monkeypatch.context() as m:
            m.setattr(training, "shutil", types.SimpleNamespace(rmtree=rmtree))
            m.setattr(Path, "rename", killable_rename)
            try:
                training.finish_checkpoint(out)
                completed = True
            except Killed:
                completed = False
        training.finish_checkpoint(out)  # the resume
        assert contents(out) == new, (kill_at, contents(out))
        if completed:  # every point before the last action was a kill
            break
    assert kill_at == 9  # the kill came before each of the 9 actions: 5 files and 2 folders removed, 2 moves
    out = tmp_path / "before_step_json"
    lay_out(out, whole=False)
    training.finish_checkpoint(out)
    assert contents(out) == {"model": {"config.json": "old", "weights": "old"},
                             "state": {"config.json": "old", "weights": "old", "step.json": "old"}}


# stands in for python3 in scripts/gpu_slot.sh: `-m restoration train` records its arguments in $SLOT_ARGS, prints
# two lines and runs on for $SLOT_SLEEP seconds, then fails (so that nothing after it runs); the rest is python3
SLOT_PYTHON = """#!/bin/bash
if [ "$1 $2 $3" = "-m restoration train" ]; then
    printf '%s\\n' "$@" > "$SLOT_ARGS"
    echo "first line of training"; echo "last line before the kill" >&2
    sleep "${SLOT_SLEEP:-0}"
    exit 3
fi
exec PYTHON "$@"
"""


def _slot(tmp_path, sleep=0, **env):
    """scripts/gpu_slot.sh with the stand-in python3, started in a session of its own."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "python3").write_text(SLOT_PYTHON.replace("PYTHON", sys.executable))
    (bin_dir / "python3").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "SLOT_ARGS": str(tmp_path / "args"),
           "SLOT_SLEEP": str(sleep), "RUN": str(tmp_path / "run"), "OUT": str(tmp_path / "out"), **env}
    return subprocess.Popen(["bash", str(ROOT / "scripts" / "gpu_slot.sh")], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)


def test_the_gpu_slot_log_is_complete_up_to_a_kill(tmp_path):
    (tmp_path / "out").mkdir()
    slot = _slot(tmp_path, sleep=60)
    log, waited = tmp_path / "out" / "train.log", 0.0
    while "last line before the kill" not in (log.read_text() if log.exists() else "") and waited < 15:
        time.sleep(0.2)
        waited += 0.2
    os.killpg(slot.pid, signal.SIGKILL)  # as a device call's timeout
    shown = slot.communicate()[0]
    assert log.read_text().splitlines() == ["first line of training", "last line before the kill"]
    assert "last line before the kill" in shown


def test_the_gpu_slot_keeps_the_init_checkpoints_caption_numbers_unless_asked(tmp_path):
    (tmp_path / "out").mkdir()
    _slot(tmp_path, INIT=str(tmp_path / "first")).communicate(timeout=60)  # as the header's second call
    assert "--caption-numbers" not in (tmp_path / "args").read_text().split("\n")  # train keeps INIT's
    _slot(tmp_path, CAPTION_NUMBERS="noise low_light").communicate(timeout=60)
    argv = (tmp_path / "args").read_text().split("\n")
    assert argv[argv.index("--caption-numbers"):][:3] == ["--caption-numbers", "noise", "low_light"]


def test_the_gpu_slot_makes_a_missing_out_folder_before_training(tmp_path):
    shown = _slot(tmp_path, OUT=str(tmp_path / "new" / "out")).communicate(timeout=60)[0]
    assert (tmp_path / "new" / "out" / "train.log").read_text().startswith("first line of training"), shown


def test_a_command_that_trains_no_step_fails_and_writes_no_checkpoint(tmp_path, capsys):
    data, out = _photo_folder(tmp_path, 2), tmp_path / "run"
    _, failed = _train_here(capsys, data, out, "--steps", "3", "--time-budget", "0.0001")  # the budget ends in the setup
    assert "before a step was trained" in failed
    assert not (out / "model").exists()


def test_the_end_of_a_command_validates_the_average_and_the_raw_weights_into_the_log(tmp_path, capsys):
    data, out = _photo_folder(tmp_path, 2), tmp_path / "run"
    held = list_photos(PHOTOS, part="held_out")[0]
    (data / held.name).write_bytes(held.read_bytes())
    _, failed = _train_here(capsys, data, out, "--steps", "3", "--val-every", "2")
    assert failed is None, failed
    log = [json.loads(line) for line in (out / "log.jsonl").read_text().splitlines()]
    assert [e["step"] for e in log] == [2, 3]  # every --val-every steps, and at the end
    assert all(set(e["val_psnr"]) == set(e["val_psnr_raw"]) and e["val_psnr"] != e["val_psnr_raw"] for e in log)
    info = json.loads((out / "model" / "training.json").read_text())
    assert (info["val_psnr"], info["val_psnr_raw"]) == (log[-1]["val_psnr"], log[-1]["val_psnr_raw"])


def test_a_resume_with_another_recipe_says_so_and_each_command_records_its_own(tmp_path, capsys):
    data, out = _photo_folder(tmp_path, 2), tmp_path / "run"
    assert _train_here(capsys, data, out, "--steps", "1")[1] is None
    # another shape cannot be resumed, nor started --init from: one line (the preset had been ignored)
    _, failed = _train_here(capsys, data, out, "--steps", "2", "--preset", "small")
    assert failed == (f"error: {out} holds a 'tiny' model: --preset small is another shape, and resuming cannot "
                      "change it (leave --preset out, or use a new --out)"), failed
    _, failed = _train_here(capsys, data, tmp_path / "new", "--steps", "2", "--init", out / "model", "--preset", "base")
    assert failed.startswith(f"error: {out / 'model'} holds a 'tiny' model: --preset base is another shape, and "
                             "--init keeps its checkpoint's"), failed
    _, failed = _train_here(capsys, data, out, "--steps", "2", "--preset", "huge")  # a misspelt name: said so
    assert failed.startswith("error: unknown preset 'huge'; known: tiny, small"), failed
    said, failed = _train_here(capsys, data, out, "--steps", "2", "--batch", "3", "--crop", "40", "--init", tmp_path,
                               "--seed", "5", "--ema", "0.99")
    assert failed is None, failed
    # another --seed or --ema goes on from the weights and their average as they are: said (it had been silent)
    assert ("note: resumed with --batch 3 (was 2), --crop 40 (was 32), --steps 2 (was 1), --seed 5 (was 0), --ema 0.99 "
            "(was 0.999): the weights, their average and the optimiser are kept, and this command trains with these "
            "from step 1 on") in said.out
    # QA 70 F10: an --init that a resume does not use had been ignored without a word
    assert f"note: {out} holds a run, which this command resumes; --init {tmp_path} is not used" in said.out
    info = json.loads((out / "model" / "training.json").read_text())
    assert [(run["batch"], run["crop"], run["steps_planned"], run["seed"], run["ema"]) for run in info["runs"]] == [
        (2, 32, 1, 0, 0.999), (3, 40, 2, 5, 0.99)]
    assert info["preset"] == "tiny"


def test_checkpoint_files_take_the_mode_of_the_umask(tmp_path):
    """train72: safetensors writes a temporary file (mode 0600) and renames it: the shipped weights had been
    unreadable to other users (0600 beside config.json's 0644)."""
    from restoration.model import build
    from restoration.train import save_checkpoint

    model, modes = build("tiny"), {}
    before = os.umask(0o022)
    try:
        for umask in (0o022, 0o027):
            os.umask(umask)
            save_checkpoint(model, tmp_path / oct(umask), {"step": 1})
            modes[umask] = {f.name: f.stat().st_mode & 0o777 for f in (tmp_path / oct(umask)).iterdir()}
    finally:
        os.umask(before)
    names = ["config.json", "model.safetensors", "training.json"]
    assert modes == {0o022: dict.fromkeys(names, 0o644), 0o027: dict.fromkeys(names, 0o640)}, modes


def _truncated_training_photo(folder):
    """A damaged photo among `folder`'s: a training photo's JPEG cut to its first 3000 bytes (a copy cut short)."""
    name = next(f"damaged{i}.jpg" for i in range(100) if not held_out(f"damaged{i}.jpg"))  # (train reads this part)
    bad = folder / name
    bad.write_bytes(next(folder.iterdir()).read_bytes()[:3000])
    return bad


def test_a_photo_that_cannot_be_read_is_named_in_one_line_and_the_earlier_pack_stays(tmp_path, capsys):
    """QA 70 F01/F02: pack had copied a truncated JPEG as it was (a traceback in the GPU slot's training, which
    decodes it), and train had failed on it, or on text named .jpg, with Pillow's traceback."""
    from restoration.train import pack_photos

    data = _photo_folder(tmp_path, 2)
    bad = _truncated_training_photo(data)
    old = tmp_path / "old_pack" / "photos"  # an earlier pack, which the refused one must leave as it was
    old.mkdir(parents=True)
    (old / "kept.jpg").write_bytes(b"old")
    with pytest.raises(ValueError, match=f"cannot read the photo {bad} .*truncated"):
        pack_photos([data], old, max_side=400)
    assert sorted(p.name for p in old.parent.rglob("*")) == ["kept.jpg", "photos"]
    _, failed = _train_here(capsys, data, tmp_path / "run", "--steps", "1", "--text-encoder", "minilm-l0")
    assert failed.startswith(f"error: cannot read the photo {bad} (") and len(failed.splitlines()) == 1, failed
    bad.write_text("not a photo")
    _, failed = _train_here(capsys, data, tmp_path / "run", "--steps", "1", "--text-encoder", "minilm-l0")
    assert failed.startswith(f"error: cannot read the photo {bad} (cannot identify image file"), failed


# train, but sent SIG_NAME by itself while the third step's batch is made (Ctrl-C, or a timeout's SIGTERM)
SIGNALLED_IN_THIRD_STEP = """
import os, signal, sys
import restoration.train as T
make, calls = T.make_batch, []
def signalled(*args, **kwargs):
    calls.append(1)
    if len(calls) == 3:
        os.kill(os.getpid(), signal.SIG_NAME)
    return make(*args, **kwargs)
T.make_batch = signalled
from restoration.__main__ import main
main(sys.argv[1:])
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGINT"])
def test_a_signal_stops_training_at_the_end_of_the_step_with_its_checkpoint(tmp_path, name):
    """QA 70 F03: SIGTERM had killed the run without a word and SIGINT with a traceback, each dropping every step
    since the last checkpoint (up to --checkpoint-minutes, 5 by default)."""
    data, out = _photo_folder(tmp_path, 2), tmp_path / "run"
    r = _train(data, out, "--steps", "100", "--checkpoint-minutes", "100", "--text-encoder", "minilm-l0",
               code=SIGNALLED_IN_THIRD_STEP.replace("SIG_NAME", name))
    assert r.returncode == 128 + getattr(signal, name).value, r.stderr[-2000:]
    assert f"stopped by {name} at step 3: checkpoint in {out / 'model'}" in r.stdout and "Traceback" not in r.stderr
    assert json.loads((out / "state" / "step.json").read_text())["step"] == 3
    from restoration.model import DCFormer

    DCFormer.from_pretrained(out / "model")  # whole


def test_a_checkpoint_that_cannot_be_written_keeps_the_last_one_and_says_so_in_one_line(tmp_path, capsys, monkeypatch):
    """QA 70 F05: a full disk in the middle of a checkpoint had been a traceback (torch's "iostream error") and left
    its partial .tmp folders taking the space."""
    from restoration import train as training
    from restoration.model import DCFormer

    save, calls = training.save_checkpoint, []

    def disk_full_at_the_second(model, folder, info, half=False):
        calls.append(folder)
        save(model, folder, info, half)
        if len(calls) == 2:
            (folder / "model.safetensors").write_bytes(b"partial")
            raise RuntimeError("basic_ios::clear: iostream error")

    monkeypatch.setattr(training, "save_checkpoint", disk_full_at_the_second)
    data, out = _photo_folder(tmp_path, 2), tmp_path / "run"
    _, failed = _train_here(capsys, data, out, "--steps", "3", "--checkpoint-minutes", "0", "--text-encoder", "minilm-l0")
    assert failed.startswith(f"error: cannot write the checkpoint of step 2 in {out} (RuntimeError: basic_ios::clear: "
                             "iostream error; "), failed
    assert failed.endswith("the checkpoint of step 1 is kept, and the same command resumes from it"), failed
    assert sorted(p.name for p in out.iterdir()) == ["log.jsonl", "model", "state"]  # no partial .tmp left
    assert json.loads((out / "state" / "step.json").read_text())["step"] == 1
    DCFormer.from_pretrained(out / "model")


@contextlib.contextmanager
def files_limited_to(size: int):
    """The system refuses writes past `size` bytes of a file in this process (RLIMIT_FSIZE: "File too large"), as a
    full disk refuses them."""
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # (the signal of such a write would kill the process)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, limits[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, handler)


def test_a_checkpoint_part_the_disk_refuses_is_one_line_and_a_bug_keeps_its_traceback(tmp_path):
    """review74: any exception in writing a checkpoint had been taken for the disk's, so a bug there was said as
    "cannot write the checkpoint of step N (TypeError: ...; ... MiB free there)", without its traceback, and the
    same command failed again. Each kind of writer of a checkpoint, refused by the system; then a bug."""
    import types
    from pathlib import Path

    from safetensors.torch import save_file

    from restoration.model import build
    from restoration.train import NotWritten, save_checkpoint, written_by_all

    alone = types.SimpleNamespace(num_processes=1, process_index=0)
    weights = {"w": torch.rand(64, 64)}  # 16 KiB
    for write, said in [(lambda: (tmp_path / "step.json").write_text("0" * 8192), "OSError: [Errno 27] File too large"),
                        (lambda: torch.save(weights, tmp_path / "optimizer.bin"), "RuntimeError: "),  # its zip writer
                        (lambda: save_file(weights, tmp_path / "model.safetensors"), "SafetensorError: ")]:
        with pytest.raises(NotWritten) as failed, files_limited_to(4096):
            written_by_all(alone, write)
        assert str(failed.value).startswith(said) and "\n" not in str(failed.value), failed.value
    with pytest.raises(TypeError, match="not JSON serializable"):  # a Path in training.json
        written_by_all(alone, lambda: save_checkpoint(build("tiny"), tmp_path / "model", {"data": [Path("photos")]}))


def test_an_out_folder_that_cannot_be_written_is_one_line_before_the_setup(tmp_path, capsys):
    """QA 70 F04: train (after its whole setup), pack and average had failed with a traceback on a read-only --out
    (here a path under a file, which fails alike on any machine)."""
    data, afile = _photo_folder(tmp_path, 2), tmp_path / "afile"
    afile.write_text("a file, not a folder")
    _, failed = _train_here(capsys, data, afile / "run", "--steps", "1")
    assert failed == f"error: cannot write in {afile / 'run'} (not a directory)", failed
    _, failed = _in_process(capsys, "pack", "--data", data, "-o", afile / "pack")
    assert failed == f"error: cannot write in {afile / 'pack'} (not a directory)", failed
    ckpt = ROOT / "weights" / "dcformer-small"
    _, failed = _in_process(capsys, "average", ckpt, ckpt, "-o", afile / "soup")
    assert failed == f"error: cannot write in {afile / 'soup'} (not a directory)", failed


def test_the_gpu_slot_refuses_an_init_inside_the_run_it_empties(tmp_path):
    """QA 70 F08: RUN=/tmp/gpu_slot INIT=/tmp/gpu_slot/model (a second call on the first's folder) had deleted the
    first call's checkpoint with `rm -rf $RUN` before training could start from it."""
    (tmp_path / "out").mkdir()
    first = tmp_path / "run" / "model"
    first.mkdir(parents=True)
    (first / "config.json").write_text("{}")
    slot = _slot(tmp_path, INIT=str(first))
    shown = slot.communicate(timeout=60)[0]
    assert slot.returncode == 2 and f"error: INIT {first} is inside RUN {tmp_path / 'run'}" in shown, shown
    assert (first / "config.json").exists() and not (tmp_path / "args").exists()  # kept; train not started


def test_an_init_folder_without_weights_is_said_so(tmp_path, capsys):
    """QA 70 F09: it had been "[Errno 2] No such file or directory: '.../model.safetensors'"."""
    folder = tmp_path / "ckpt"
    folder.mkdir()
    (folder / "config.json").write_text((ROOT / "weights" / "dcformer-small" / "config.json").read_text())
    _, failed = _train_here(capsys, tmp_path, tmp_path / "run", "--init", folder)
    assert failed == f"error: {folder} is not a checkpoint folder (it has no model.safetensors)", failed


def test_a_sigterm_to_the_process_group_stops_training_with_workers_at_the_end_of_the_step(tmp_path):
    """QA 70 F11: a timeout's SIGTERM reaches the whole process group; it had killed the --workers processes (the
    GPU slot runs nproc - 2 of them) and the training with them: "DataLoader worker ... is killed by signal:
    Terminated", a traceback, no checkpoint."""
    data, out = _photo_folder(tmp_path, 2), tmp_path / "run"
    # the worker makes batches at most 4 ahead (prefetch_factor): its 8th is made once the training loop runs
    code = SIGNALLED_IN_THIRD_STEP.replace("len(calls) == 3", "len(calls) == 8").replace(
        "os.kill(os.getpid(), signal.SIG_NAME)", "os.killpg(os.getpgid(0), signal.SIGTERM)")
    r = subprocess.run([sys.executable, "-c", code, "train", "--data", str(data), "--out", str(out), *TINY_RUN,
                        "--steps", "100", "--checkpoint-minutes", "100", "--text-encoder", "minilm-l0", "--workers", "1"],
                       cwd=ROOT, capture_output=True, text=True, timeout=300, start_new_session=True)
    assert r.returncode == 143 and "stopped by SIGTERM at step" in r.stdout, (r.returncode, r.stderr[-2000:])
    assert "Traceback" not in r.stderr and json.loads((out / "state" / "step.json").read_text())["step"] >= 4


def test_the_time_budget_keeps_room_for_the_final_validation_and_checkpoint(tmp_path, capsys, monkeypatch):
    """train72: --time-budget (a GPU slot's MINUTES) had ended the training loop at the budget, and the final
    validation and checkpoint came after it. A clock that moves only by what the command does: a step takes 5 s,
    validating the average and the raw weights 2 s each, a checkpoint 3 s; the command must end by the budget's 30 s
    (it had ended at 37 s)."""
    import types

    from restoration import train as training

    clock = [0.0]

    def taking(seconds, work):
        def timed(*args, **kwargs):
            clock[0] += seconds
            return work(*args, **kwargs)
        return timed

    monkeypatch.setattr(training, "time", types.SimpleNamespace(time=lambda: clock[0]))
    monkeypatch.setattr(training, "make_batch", taking(5, training.make_batch))
    # (validated as if: 16 crops of 192 pixels through the model twice would take most of this test's time)
    monkeypatch.setattr(training, "validate", taking(2, lambda model, encoder, items: {"noise25": 20.0}))
    monkeypatch.setattr(training, "save_checkpoint", taking(3, training.save_checkpoint))
    data, out = _photo_folder(tmp_path, 2), tmp_path / "run"
    held = list_photos(PHOTOS, part="held_out")[0]
    (data / held.name).write_bytes(held.read_bytes())
    _, failed = _train_here(capsys, data, out, "--steps", "1000", "--time-budget", "0.5", "--text-encoder", "minilm-l0")
    assert failed is None, failed
    assert 27 <= clock[0] <= 30, clock[0]
    # the end's cost is measured after the first step: validated (log.jsonl) and checkpointed there
    assert [e["step"] for e in map(json.loads, (out / "log.jsonl").read_text().splitlines())] == [1, 3]
    assert json.loads((out / "model" / "training.json").read_text())["step"] == 3


def _agree_in_process(rank: int, store: str, values: list[int], results):
    import types

    from restoration.train import agreed

    torch.distributed.init_process_group("gloo", init_method=f"file://{store}", rank=rank, world_size=2)
    results.put((rank, agreed(types.SimpleNamespace(num_processes=2, device="cpu"), *values)))
    torch.distributed.destroy_process_group()


def test_the_processes_of_a_launch_agree_on_stopping_and_checkpointing(tmp_path):
    """train72: under `accelerate launch` each process had decided alone when its time budget, a signal or its
    checkpoint timer stopped it: one went into the checkpoint's barrier while another waited in the next step's
    gradient all-reduce, for ever. Two processes over gloo: each value is the largest any process gives."""
    import multiprocessing

    context = multiprocessing.get_context("fork")  # (the imports are made: a spawned process costs seconds)
    results = context.Queue()
    given = {0: [0, 1, 0], 1: [15, 0, 0]}  # rank 0 out of time, rank 1 signalled (SIGTERM)
    processes = [context.Process(target=_agree_in_process, args=(r, str(tmp_path / "store"), v, results))
                 for r, v in given.items()]
    for p in processes:
        p.start()
    try:
        got = dict(results.get(timeout=60) for _ in processes)
    finally:
        for p in processes:
            p.join(timeout=10)
            p.kill()
    assert got == {0: [15, 1, 0], 1: [15, 1, 0]}, got


def _launched_process(rank: int, store: str, argv: list, results, encoder, failing_checkpoint: int):
    """Process `rank` of two that torchrun starts on a machine without a GPU: its environment (no ACCELERATE_USE_CPU),
    `python -m restoration train ARGV` through main(); puts (rank, exit code or error) on `results`. Its process group
    is made here from a file, with a time-out of 30 s for a hang; the text encoder is the one given, loaded once
    before the fork (each process took 16 s to load its own). Process 0's `failing_checkpoint`-th weights are refused
    by the system, as on a full disk: each file it writes may hold 4 KiB at most (RLIMIT_FSIZE)."""
    import datetime
    import multiprocessing

    from accelerate.state import AcceleratorState, GradientState

    from restoration import train as training
    from restoration.__main__ import main

    os.environ.update(RANK=str(rank), LOCAL_RANK=str(rank), WORLD_SIZE="2", LOCAL_WORLD_SIZE="2",
                      MASTER_ADDR="127.0.0.1", MASTER_PORT="29500")
    os.environ.pop("ACCELERATE_USE_CPU", None)
    AcceleratorState._reset_state(reset_partial_state=True)  # (this test process may have trained alone before)
    GradientState._reset_state()
    torch.set_num_threads(1)  # (OpenMP's threads of the process forked from are not in this one)
    torch.distributed.init_process_group("gloo", init_method=f"file://{store}", rank=rank, world_size=2,
                                         timeout=datetime.timedelta(seconds=30))
    save, calls = training.save_checkpoint, []

    def disk_full_at(model, folder, info, half=False):
        calls.append(folder)
        if rank != 0 or len(calls) != failing_checkpoint:
            return save(model, folder, info, half)
        with files_limited_to(4096):
            save(model, folder, info, half)

    training.save_checkpoint = disk_full_at
    training.load_text_encoder = lambda name, path=None: encoder
    try:
        main([str(a) for a in argv])
        code = 0
    except SystemExit as e:  # (its traceback, which a failed command keeps until Python exits, holds the training's
        code = e.code  # objects: its batch workers must be gone, or that exit waits for them for ever)
        code = code if not multiprocessing.active_children() else f"{code}, its batch workers left running"
    except Exception as e:
        code = f"a traceback: {type(e).__name__}: {e}"
    results.put((rank, code))


def _launch(tmp_path, encoder, *argv, failing_checkpoint: int = 0) -> dict:
    """Two processes of `train ARGV` as a CPU-only torchrun starts them: {rank: its exit code or error}; a process
    that has not ended 60 s after the start is "hung"."""
    import multiprocessing

    import accelerate  # noqa: F401 (imported once here, not in each process)

    context = multiprocessing.get_context("fork")  # (the imports are made: a spawned process costs seconds)
    results = context.Queue()
    processes = [context.Process(target=_launched_process, args=(r, str(tmp_path / "store"), ["train", *argv], results,
                                                                  encoder, failing_checkpoint)) for r in range(2)]
    for p in processes:
        p.start()
    got = {}
    try:
        for _ in processes:
            rank, code = results.get(timeout=60)
            got[rank] = code
    except Exception:  # (queue.Empty)
        pass
    finally:
        for p in processes:
            p.join(timeout=5)
            p.kill()
    return {r: got.get(r, "hung") for r in range(2)}


def test_a_launch_without_a_gpu_trains_its_processes_together_and_a_failed_checkpoint_stops_them_all(tmp_path, minilm):
    """train74: under torchrun without a GPU (and without ACCELERATE_USE_CPU=1) accelerate had let each process train
    alone, each a main process writing the same checkpoint; and a checkpoint that the main process could not write had
    left the other waiting in the next barrier for the distributed time-out (30 minutes). Two forked processes over
    gloo, each with a batch worker (a GPU slot runs several); the system refuses the main process's second checkpoint,
    as a full disk does (which had also been a traceback: safetensors' error was not caught)."""
    data, out = _photo_folder(tmp_path, 2), tmp_path / "run"
    begun = time.time()
    got = _launch(tmp_path, minilm, "--data", data, "--out", out, *TINY_RUN, "--steps", "3", "--checkpoint-minutes",
                  "0", "--workers", "1", failing_checkpoint=2)
    took = time.time() - begun
    assert str(got[0]).startswith(f"error: cannot write the checkpoint of step 2 in {out} (SafetensorError: Error "
                                  "while serializing: I/O error: File too large (os error 27); "), got
    assert str(got[0]).endswith("the checkpoint of step 1 is kept, and the same command resumes from it"), got
    assert got[1] == 1 and took < 20, (got, took)  # (the main process says why; the other stops with it)
    assert json.loads((out / "model" / "training.json").read_text())["runs"][0]["processes"] == 2
    assert sorted(p.name for p in out.iterdir()) == ["log.jsonl", "model", "state"]
