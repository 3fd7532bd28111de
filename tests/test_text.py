"""Text encoders: MiniLM from its wheel (and its compact pack), open_clip from a tiny config."""

import pytest
import torch

from restoration.text import MiniLMEncoder, OpenCLIPEncoder, _DropErrors, load_text_encoder, pack_minilm


def test_minilm_gives_tokens_mask_and_a_unit_sentence_vector(minilm):
    f = minilm(["The photo is very dark.", "", "heavy noise"])
    assert f.tokens.shape[0] == 3 and f.tokens.shape[2] == 384
    assert f.mask.sum(1).tolist()[1] == 2  # [CLS] [SEP] for the empty (blind) text
    assert torch.allclose(f.pooled.norm(dim=-1), torch.ones(3), atol=1e-4)
    assert not f.mask[1, 2:].any()


def test_minilm_understands_paraphrases(minilm):
    p = minilm(["the photo is very dark", "the picture is badly underexposed", "there are heavy rain streaks"]).pooled
    assert p[0] @ p[1] > p[0] @ p[2]


def test_cache_returns_the_same_features_and_stays_bounded():
    enc = MiniLMEncoder(cache_size=3)
    a = enc(["one", "two"])
    b = enc(["two", "one", "three", "four", "five"])
    assert torch.allclose(a.tokens[0, :3], b.tokens[1, :3])
    assert len(enc._cache) == 3


def test_compact_pack_encodes_like_the_full_model(tmp_path, minilm):
    texts = ["The photo is very dark and has heavy noise (sigma around 35).", "a few rain streaks", ""]
    rows = pack_minilm(tmp_path, texts)
    assert rows < 100
    small = MiniLMEncoder(tmp_path)
    a, b = minilm(texts), small(texts)
    # int8 weights, a scale per 32 values: 1.75% off here (a scale per row of 384: 2.8%)
    assert (a.tokens - b.tokens).norm() / a.tokens.norm() < 0.02
    assert ((a.pooled * b.pooled).sum(-1) > 0.999).all()
    assert (tmp_path / "model_int8.safetensors").stat().st_size < 12e6
    with pytest.raises(ValueError, match="lacks the words.*zebra"):
        small(["a zebra in heavy rain"])  # a word it was not packed for is refused, not silently dropped


def test_a_pack_of_the_older_float16_format_is_refused_with_a_message(tmp_path):
    pack_minilm(tmp_path, ["heavy noise"])
    (tmp_path / "model_int8.safetensors").rename(tmp_path / "model_fp16.safetensors")
    with pytest.raises(FileNotFoundError, match="older format.*restoration pack"):
        MiniLMEncoder(tmp_path)


def test_a_folder_that_holds_no_minilm_is_refused_in_one_line_that_names_it(tmp_path):
    """A wrong --text-encoder-path had ended in transformers' traceback, or in lines that did not name the path."""
    import json

    from restoration.text import minilm_path

    (tmp_path / "empty").mkdir()
    (tmp_path / "file.txt").write_text("x")
    wide = tmp_path / "wide"  # another BERT: it loads, but its features are not MiniLM's 384
    wide.mkdir()
    for f in minilm_path().iterdir():
        if f.is_file() and f.name != "model.safetensors":
            (wide / f.name).write_bytes(f.read_bytes())
    (wide / "config.json").write_text(json.dumps({**json.loads((wide / "config.json").read_text()), "hidden_size": 768}))
    for path, error, said in ((tmp_path / "missing", FileNotFoundError, "no such folder"),
                              (tmp_path / "file.txt", FileNotFoundError, "it is a file, not a folder"),
                              (tmp_path / "empty", ValueError, "not a MiniLM folder (it has no config.json)"),
                              (wide, ValueError, "not a MiniLM folder (a bert model with 768-wide features")):
        with pytest.raises(error) as e:
            MiniLMEncoder(path)
        assert str(e.value).startswith(f"cannot read the text encoder from {path}: {said}"), str(e.value)
        assert len(str(e.value).splitlines()) == 1
    (wide / "config.json").write_text((minilm_path() / "config.json").read_text())  # MiniLM's, without its weights
    with pytest.raises(ValueError, match=f"from {wide}: .*no file named model.safetensors"):
        MiniLMEncoder(wide)


def test_open_clip_backend_from_a_tiny_random_model():
    import open_clip

    model = open_clip.model.CLIP(embed_dim=32, vision_cfg={"image_size": 32, "layers": 1, "width": 64, "head_width": 32, "patch_size": 16},
                                 text_cfg={"context_length": 77, "vocab_size": 49408, "width": 64, "heads": 2, "layers": 1})
    enc = OpenCLIPEncoder(model, open_clip.get_tokenizer("ViT-B-32"), "open_clip:tiny-test")
    f = enc(["heavy noise", "a clean photo of a dog"])
    assert f.tokens.shape == (2, 8, 64) and f.pooled.shape == (2, 32)  # padded to the longest text
    assert f.mask.sum(1).tolist() == [4, 8]  # start, words, end
    from restoration.model import build

    net = build("tiny", text_encoder=enc.name, text_dim=enc.dim, text_pooled_dim=enc.pooled_dim)
    assert net(torch.rand(2, 3, 16, 16), f).shape == (2, 3, 16, 16)


def test_unknown_encoder_is_refused():
    with pytest.raises(ValueError, match="unknown text encoder"):
        load_text_encoder("word2vec")
    with pytest.raises(ValueError, match="cannot keep 7"):
        load_text_encoder("minilm-l7")


def test_an_open_clip_encoder_is_named_with_its_weights_and_a_wrong_name_is_one_line(tmp_path, caplog):
    """A text encoder path (a MiniLM folder) had been ignored for open_clip without a word; open_clip's own errors
    (an unknown model, weights not in the cache offline) had been RuntimeError tracebacks on the command lines, and
    open_clip's "ERROR:root:..." log of the same failure had been printed above our line."""
    import logging

    with pytest.raises(ValueError, match="a text encoder path is a MiniLM folder"):
        load_text_encoder("open_clip:ViT-B-32:openai", "pack/minilm")
    with pytest.raises(ValueError, match="^cannot load the text encoder open_clip:no-such-model: Model config") as e:
        load_text_encoder("open_clip:no-such-model")
    assert len(str(e.value).splitlines()) == 1
    caplog.clear()
    with pytest.raises(ValueError, match="is not a known tag or valid file path"):
        load_text_encoder(f"open_clip:ViT-B-32:{tmp_path / 'missing.bin'}")
    assert not caplog.records
    assert _DropErrors().filter(logging.makeLogRecord({"levelno": logging.ERROR, "pathname": __file__}))  # (another
    # thread's error during the load is kept)
    logging.root.error("still said")  # (the filter is gone after the load)
    assert [r.message for r in caplog.records] == ["still said"]


def test_an_open_clip_encoder_is_a_clip_text_tower_without_its_vision_tower(tmp_path, monkeypatch):
    """Review 60: open_clip models of another class (CoCa, CustomTextCLIP such as EVA02) had failed with an
    AttributeError traceback; a CLIP's vision tower, never used, had been kept and moved to the device."""
    import json

    import open_clip
    from open_clip import factory

    tiny = {"embed_dim": 32, "vision_cfg": {"image_size": 32, "layers": 1, "width": 64, "head_width": 32, "patch_size": 16},
            "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 64, "heads": 2, "layers": 1}}
    monkeypatch.setattr(factory, "_MODEL_CONFIG_PATHS", list(factory._MODEL_CONFIG_PATHS))  # (open_clip's registry
    monkeypatch.setattr(factory, "_MODEL_CONFIGS", dict(factory._MODEL_CONFIGS))  # as it was after this test)
    for name, config in (("tiny-clip-text", tiny), ("tiny-custom-text", {**tiny, "custom_text": True})):
        (tmp_path / f"{name}.json").write_text(json.dumps(config))
        open_clip.add_model_config(tmp_path / f"{name}.json")
    encoder = load_text_encoder("open_clip:tiny-clip-text")
    assert encoder.clip.visual is None and encoder(["heavy noise"]).pooled.shape == (1, 32)
    with pytest.raises(ValueError, match="^cannot use the text encoder open_clip:tiny-custom-text: only open_clip "
                                         "models of the CLIP class .* not CustomTextCLIP$"):
        load_text_encoder("open_clip:tiny-custom-text")


def test_truncated_minilm_keeps_its_first_layers(minilm):
    texts = ["The photo is very dark.", "not dark at all"]
    l0, l2 = load_text_encoder("minilm-l0"), load_text_encoder("minilm-l2")
    assert (l0.name, l2.name, len(l2.model.encoder.layer)) == ("minilm-l0", "minilm-l2", 2)
    full = minilm(texts)
    emb = minilm.model.embeddings(**{k: v for k, v in minilm.tokenizer(texts, padding=True, return_tensors="pt").items()
                                    if k != "attention_mask"})
    f0 = l0(texts)
    assert torch.allclose(f0.tokens, emb * f0.mask[..., None], atol=1e-5)  # no layer: the embeddings themselves
    assert not torch.allclose(f0.pooled, full.pooled, atol=1e-2)
    assert l2(texts).tokens.shape == full.tokens.shape


def test_loading_minilm_leaves_the_environment_alone(fresh_process):
    """QA 69 F09: the load had set HF_HUB_OFFLINE=1 for the whole process, so whether a language model named later
    could come from the hub hung on which loaded first; it reads its own files with local_files_only instead. (Loaded
    in a fresh process without HF_HUB_OFFLINE: fresh_process.py.)"""
    assert fresh_process["load_the_text_encoders"] == {"offline_set": {}}, fresh_process
