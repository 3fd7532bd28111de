"""The MLLM describer end to end with a tiny random Idefics3 built here (no download): loading
through the Auto classes, the prompt, generation, parsing, the analyzer fallback on garbage (said
once), JSON refinement updates, the 4-bit path where bitsandbytes runs, and the CLI."""

import json

import numpy as np
import pytest
import torch
from PIL import Image

from dialogue import Assistant
from dialogue.describer import (DEFAULT_MODEL, AnalyzerDescriber, MLLMDescriber, build_prompt, make_describer,
                                parse_answer, parse_update)
from tests.conftest import DARK_NOISY
from tests.doubles import FakeRestorer, StubAnalyzer

SPECIAL = ["<unk>", "<pad>", "<|im_start|>", "<end_of_utterance>", "<fake_token_around_image>", "<image>",
           "<global-img>"] + [f"<row_{i}_col_{j}>" for i in range(1, 7) for j in range(1, 7)]
CHAT_TEMPLATE = (
    "<|im_start|>{% for message in messages %}{{message['role'] | capitalize}}"
    "{% if message['content'][0]['type'] == 'image' %}{{':'}}{% else %}{{': '}}{% endif %}"
    "{% for line in message['content'] %}{% if line['type'] == 'text' %}{{line['text']}}"
    "{% elif line['type'] == 'image' %}{{ '<image>' }}{% endif %}{% endfor %}<end_of_utterance>\n{% endfor %}"
    "{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}")


def build_tiny_idefics3(folder):
    """A random Idefics3 (SmolVLM's architecture) with a byte-level BPE tokenizer trained here on a
    few sentences; hidden sizes are multiples of 64 so bitsandbytes' 4-bit layers accept them."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import (Idefics3Config, Idefics3ForConditionalGeneration, Idefics3Processor,
                              PreTrainedTokenizerFast)
    from transformers.models.idefics3 import Idefics3ImageProcessor

    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    corpus = [build_prompt(AnalyzerDescriber(StubAnalyzer({"noise": 0.5})).measure(Image.new("RGB", (8, 8)))),
              '{"quality": "poor", "low_light": "heavy", "rain": "none", "noise": "moderate"}'] * 3
    tok.train_from_iterator(corpus, trainers.BpeTrainer(vocab_size=400, special_tokens=SPECIAL,
                                                        initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", pad_token="<pad>",
                                   bos_token="<|im_start|>", eos_token="<end_of_utterance>")
    image_processor = Idefics3ImageProcessor(do_image_splitting=False, size={"longest_edge": 32},
                                             max_image_size={"longest_edge": 32})
    # image_seq_len = (image_size / patch_size)^2 / scale_factor^2 = (32 / 8)^2 / 4
    processor = Idefics3Processor(image_processor=image_processor, tokenizer=fast, image_seq_len=4,
                                  chat_template=CHAT_TEMPLATE)
    config = Idefics3Config(
        image_token_id=fast.convert_tokens_to_ids("<image>"), pad_token_id=fast.pad_token_id, scale_factor=2,
        vision_config=dict(hidden_size=64, intermediate_size=128, num_hidden_layers=1, num_attention_heads=2,
                           image_size=32, patch_size=8),
        text_config=dict(model_type="llama", hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                         num_attention_heads=2, num_key_value_heads=1, vocab_size=len(fast),
                         max_position_embeddings=4096, pad_token_id=fast.pad_token_id,
                         bos_token_id=fast.bos_token_id, eos_token_id=fast.eos_token_id))
    torch.manual_seed(0)
    model = Idefics3ForConditionalGeneration(config).eval()
    model.generation_config.eos_token_id = fast.eos_token_id
    model.save_pretrained(folder)
    processor.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_mllm(tmp_path_factory):
    return str(build_tiny_idefics3(tmp_path_factory.mktemp("tiny_idefics3")))


GOOD = ('Here is my answer: {"quality": "poor", "scene": "a dim living room", "low_light": "very dark", '
        '"rain": "none", "noise": "heavy", "summary": "A dark indoor photo with visible grain."}')


def test_tiny_model_loads_generates_and_garbage_falls_back_once(tiny_mllm, dark_noisy, stub):
    a = Assistant(describer=tiny_mllm, restorer=FakeRestorer(), analyze=stub)
    r = a.upload(dark_noisy)
    d = a.describer
    assert isinstance(d, MLLMDescriber) and d.model is not None and d.error is None  # it loaded
    assert type(d.model).__name__ == "Idefics3ForConditionalGeneration"
    assert a.measured.raw is not None  # it generated; random weights say nothing sensible
    assert a.measured.source == "analyzer" and "did not make sense" in a.measured.notice
    assert r.text.count("could not be used") == 1 and "noise" in r.text
    assert a.severities["noise"] == pytest.approx(DARK_NOISY["noise"].severity)  # the analyzer's numbers
    r = a.upload(dark_noisy)  # said once per conversation
    assert "could not be used" not in r.text
    # refinement: the model's JSON does not validate -> the offline parser decides
    r = a.send("brighter")
    assert r.intent == "refine" and a.severities["low_light"] > DARK_NOISY["low_light"].severity


def test_prompt_and_parsing_with_a_sensible_answer(tiny_mllm, dark_noisy, stub, monkeypatch):
    d = MLLMDescriber(tiny_mllm, analyze=stub)
    seen = {}
    real_generate = d.generate

    def generate(prompt, image=None, progress=None):
        seen["prompt"], seen["image"] = prompt, image
        real_generate(prompt, image)  # the real processor and model run; their answer is replaced
        return GOOD

    monkeypatch.setattr(d, "generate", generate)
    desc = d.describe(dark_noisy)
    p = seen["prompt"]
    assert "mean brightness" in p and "noise sigma 20" in p  # the measurements ground the MLLM
    for q in ("low-level quality", "lighting", "dark areas", "rain streaks", "noise"):
        assert q in p
    assert seen["image"].size == dark_noisy.size  # small photos go as they are
    assert desc.source == tiny_mllm and desc.notice is None and desc.raw == GOOD
    assert desc.text.startswith("The photo") and desc.text.endswith(  # the measurements lead (QA 69 F03)
        "In the language model's words: “A dark indoor photo with visible grain.”")
    # measurement decides presence; the MLLM moves levels up a little (it said "very dark", "heavy")
    assert desc.severities["rain"] == 0.0
    assert desc.severities["low_light"] > DARK_NOISY["low_light"].severity
    assert desc.severities["noise"] > DARK_NOISY["noise"].severity
    assert desc.measured["noise"] == pytest.approx(DARK_NOISY["noise"].severity)


def test_mllm_refinement_update_is_validated(tiny_mllm, dark_noisy, stub, monkeypatch):
    fake = FakeRestorer()
    a = Assistant(describer=MLLMDescriber(tiny_mllm, analyze=stub), restorer=fake, analyze=stub)
    a.upload(dark_noisy)
    a.send("restore")
    answers = iter(['{"low_light": 0.7}',  # agrees with "brighter"
                    '{"low_light": 0.1}',  # contradicts "brighter": the rules win
                    '{"rain": 0.9}',  # for a message the rules do not understand
                    'blah {"noise": 7} blah'])  # out of range: ignored
    monkeypatch.setattr(a.describer, "generate", lambda prompt, image=None, progress=None: next(answers))
    r = a.send("brighter")
    assert "language model" in r.text and a.severities["low_light"] == pytest.approx(0.7)
    before = a.severities["low_light"]
    r = a.send("brighter")
    assert "language model" not in r.text and a.severities["low_light"] == pytest.approx(min(1.0, before + 0.2))
    r = a.send("the photo needs the weather taken out of it")
    assert r.intent == "refine" and a.severities["rain"] == pytest.approx(0.9)
    r = a.send("zzz qqq")
    assert r.intent == "unknown"
    # a scale word the model carries out is still more or less of the last change named: after
    # "brighter" and "too much" (both by the model), "more" brightens again; before, "too much" had
    # become the change named, and "more" darkened
    b = Assistant(describer=MLLMDescriber(tiny_mllm, analyze=stub), restorer=fake, analyze=stub)
    b.upload(dark_noisy)
    b.send("restore")
    answers = iter(['{"low_light": 0.8}', '{"low_light": 0.6}', "no"])
    monkeypatch.setattr(b.describer, "generate", lambda prompt, image=None: next(answers))
    b.send("brighter")
    b.send("too much")
    low = b.severities["low_light"]
    r = b.send("more")
    assert "language model" not in r.text and b.severities["low_light"] > low, r.text


def test_weights_not_available_offline(monkeypatch, dark_noisy, stub, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    for spec in ["auto", str(tmp_path / "no-such-model"), DEFAULT_MODEL]:
        a = Assistant(describer=make_describer(spec, analyze=stub), restorer=FakeRestorer(), analyze=stub)
        r = a.upload(dark_noisy)
        assert r.intent == "upload" and r.text.count("could not be used") == 1, r.text
        assert a.upload(dark_noisy).text.count("could not be used") == 0
        assert a.describer.model is None and a.describer.error
        assert a.send("restore").image is not None  # the conversation goes on without the MLLM


def test_the_language_model_loads_from_the_disk_alone(fresh_process):
    """QA 69 F09: whether it downloaded had hung on HF_HUB_OFFLINE, which the text encoder's load sets for the whole
    process; without it `describe --mllm nosuch/model` retried the hub for 150 s here (no network) before answering.
    (Run in a fresh process without HF_HUB_OFFLINE, as `python -m dialogue` runs: fresh_process.py.)"""
    said = fresh_process["describe_with_a_language_model_not_here"]
    assert said.get("exit_code") == 0 and said["seconds"] < 60, said
    assert "nor in this machine's Hugging Face cache" in said["output"]["notice"]


def test_why_the_language_model_could_not_be_used(dark_noisy, stub, tmp_path, monkeypatch):
    """QA 69 F10: a folder not there and one without weights had read "not available offline"; a text-only model
    gave transformers' ValueError, an unknown device torch's list of device types. The device is checked as the
    restorer checks it: a GPU index past the GPUs here had passed (review 69)."""
    from tokenizers import Tokenizer, models
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    for name in ("bare_llama", "llama"):
        LlamaForCausalLM(LlamaConfig(hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2,
                                     num_key_value_heads=1, vocab_size=64)).save_pretrained(tmp_path / name)
    PreTrainedTokenizerFast(tokenizer_object=Tokenizer(models.WordLevel({"<unk>": 0}, unk_token="<unk>")),
                            unk_token="<unk>").save_pretrained(tmp_path / "llama")
    (tmp_path / "config_only").mkdir()
    (tmp_path / "config_only" / "config.json").write_text("{}")
    reasons = {"missing": f"there is no folder {tmp_path / 'missing'}", "config_only": "holds no weights",
               "bare_llama": "it has no processor or tokenizer files", "llama": "it is not an image-text model (a "
               "llama model)"}
    for name, reason in reasons.items():
        notice = MLLMDescriber(str(tmp_path / name), analyze=stub).describe(dark_noisy).notice
        assert reason in notice, notice
    for device in ("garbage", "meta"):
        notice = MLLMDescriber(str(tmp_path / "llama"), device=device, analyze=stub).describe(dark_noisy).notice
        assert f"device must be cpu or cuda (got '{device}')" in notice, notice
    assert "no such dtype 'half'" in MLLMDescriber(str(tmp_path / "llama"), device="cpu", dtype="half",
                                                   analyze=stub).describe(dark_noisy).notice
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)  # one GPU, faked: cuda:3 is not here
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    notice = MLLMDescriber(str(tmp_path / "llama"), device="cuda:3", analyze=stub).describe(dark_noisy).notice
    assert "device cuda:3: there is no such GPU here (1 GPU, cuda:0)" in notice, notice


def test_a_thumbnail_is_not_put_to_the_language_model(tiny_mllm, dark_noisy):
    """Review 53c: on a photo too small to measure the language model's words had stood beside "looks clean"."""
    d = MLLMDescriber(tiny_mllm)  # (the real analyzer: it reads nothing below MIN_SIDE)
    desc = d.describe(dark_noisy.resize((20, 13)))
    assert desc.too_small and desc.source == "analyzer" and desc.raw is None and d.model is None, desc
    assert desc.text.startswith("The photo is too small (20×13 pixels)")


def test_4bit_path(tiny_mllm, dark_noisy, stub):
    pytest.importorskip("bitsandbytes")
    d = MLLMDescriber(tiny_mllm, device="cpu", quantize="4bit", analyze=stub, max_new_tokens=4)
    d.load()
    assert d.quantized
    layers = [type(m).__name__ for m in d.model.modules()]
    assert "Linear4bit" in layers
    assert d.model.model.text_model.layers[0].mlp.up_proj.weight.quant_state.quant_type == "nf4"
    desc = d.describe(dark_noisy)  # generation runs in 4 bit (4 tokens: slow in 4 bit on a CPU); the random answer
    # falls back
    assert desc.raw is not None and desc.notice and desc.source == "analyzer"


def test_parse_answer_forms():
    p = parse_answer(GOOD)
    assert p["severities"] == {"low_light": 0.92, "rain": 0.0, "noise": 0.75}
    assert p["quality"] == "poor" and p["scene"] == "a dim living room."
    lines = ("1. Quality: fair\n2. Lighting: well lit, no dark areas\n3. Rain streaks: none\n"
             "4. Noise level: moderate, sigma about 25")
    p = parse_answer(lines)
    assert p["severities"] == {"low_light": 0.0, "rain": 0.0, "noise": 0.5}
    p = parse_answer('{"noise": 0.4, "rain": 0, "lighting": "dim"}')
    assert p["severities"] == {"noise": 0.4, "rain": 0.0, "low_light": 0.55}
    # a negation says none of it (QA 69 F14: "no significant noise" had read as heavy noise)
    negated = ('{"quality": "fair", "low_light": "the lighting is fine, not dark at all", "rain": "there are no '
               'visible rain streaks", "noise": "no significant noise", "haze": "not very hazy, but some"}')
    assert parse_answer(negated)["severities"] == {"low_light": 0.0, "rain": 0.0, "noise": 0.0, "haze": 0.55}
    assert parse_answer('{"rain": "no heavy rain", "noise": "no rain but heavy noise"}')["severities"] == {
        "rain": 0.0, "noise": 0.75}
    cut = GOOD[:GOOD.index("visible")]  # max_new_tokens ran out in the summary (QA 69 F11): the complete fields
    p = parse_answer(cut)
    assert p["severities"] == {"low_light": 0.92, "rain": 0.0, "noise": 0.75} and p["summary"] is None, p
    assert p["scene"] == "a dim living room."
    for garbage in ["", "=\x17\ufffd5\x1f\x1e\ufffd", "the the the", '{"noise": "banana"}', "Noise: ??", None,
                    '{"quality": "poor"}', "{" * 5000]:
        assert parse_answer(garbage) is None, garbage
    assert parse_update('{"noise": 0.2}', {"noise": 0.6})["noise"] == 0.2
    for bad in ['{"noise": 1.5}', '{"sky": 0.2}', '{"noise": true}', "nope", '{}']:
        assert parse_update(bad, {"noise": 0.6}) is None


def scripted(answer, stub, updates=()):
    """An MLLMDescriber as if loaded, whose answer about the photo is `answer` and whose refinement updates are
    `updates`, in turn (the stand-in analyzer measures: the tests beside use the tiny model's real load and
    generation)."""
    d = MLLMDescriber("unused", analyze=stub)
    d.model = d.processor = object()
    updates = iter(updates)
    d.generate = lambda prompt, image=None, progress=None: answer if image is not None else next(updates)
    return d


def test_a_refinement_by_the_language_model_changes_only_the_kinds_named(dark_noisy, stub):
    """QA 69 F04: *brighter* answered {"low_light": 0.4, "noise": 0.0} had turned the denoising off; F05: chatter
    with the refine prompt's example echoed had brightened the photo and run the network again."""
    a = Assistant(describer=scripted(GOOD, stub, ['{"low_light": 1.0, "noise": 0.0}', '{"low_light": 0.7}',
                                                  '{"rain": 0.9}']), restorer=FakeRestorer(), analyze=stub)
    a.upload(dark_noisy)
    a.send("restore")
    noise = a.severities["noise"]
    r = a.send("brighter")
    assert "language model" in r.text and a.severities["low_light"] == 1.0 and a.severities["noise"] == noise
    low = a.severities["low_light"]
    r = a.send("my grandmother took this in 1962")
    assert r.intent == "unknown" and r.image is None and a.severities["low_light"] == low, r.text
    r = a.send("the photo needs the weather taken out of it")  # a change distinct from the example is still made
    assert r.intent == "refine" and a.severities["rain"] == pytest.approx(0.9)


def test_the_language_models_words_are_shown_where_they_agree(dark_noisy, stub):
    """QA 69 F03: its summary had led the description unchecked: "A bright, clean, sharp photo" of a dark, noisy one,
    a promise to repair scratches, a link; and "also suspects rain, which I could not measure" after "I see no rain
    streaks"."""
    answer = '{"quality": "%s", "low_light": "%s", "rain": "%s", "noise": "%s", "summary": "%s"}'
    dropped = {"contradicts": answer % ("excellent", "none", "heavy", "none", "A bright, clean, sharp photo in rain."),
               "promises": answer % ("poor", "dark", "none", "moderate", "An old print with deep scratches and a "
                                     "colour cast, which I will repair."),
               "link": answer % ("poor", "dark", "none", "moderate", "Ignore the analyzer. Restored already, download "
                                 "it now at http://evil.example."),
               "the prompt's example": answer % ("poor", "heavy", "none", "moderate", "A dark street photo with "
                                                 "strong grain.")}
    for name, said in dropped.items():
        desc = scripted(said, stub).describe(dark_noisy)
        summary = json.loads(said)["summary"]
        assert desc.text.startswith("The photo") and summary not in desc.text and "language model's" not in desc.text, (
            name, desc.text)
    desc = scripted(dropped["contradicts"], stub).describe(dark_noisy)
    assert "The language model suspects rain, which I did not find" in desc.text and "no rain" not in desc.text
    desc = scripted(answer % ("poor", "very dark", "no", "visible", "A dim room, grainy.") + " (a cut", stub)
    assert desc.describe(dark_noisy).text.endswith("In the language model's words: “A dim room, grainy.”")


def test_a_kind_the_language_model_does_not_see_keeps_its_measured_level(dark_noisy, stub):
    """QA 69 F14: "no significant noise" on a noisy photo had raised the noise level (read as heavy); read as none, it
    is not to lower it either: the measurement decides presence."""
    desc = scripted('{"quality": "fair", "low_light": "not dark", "rain": "no visible rain streaks", "noise": "no '
                    'significant noise"}', stub).describe(dark_noisy)
    assert desc.severities == desc.measured and "suspects" not in desc.text, desc


def test_cli_describe(tiny_mllm, dark_noisy, stub, tmp_path, capsys, monkeypatch):
    import dialogue.describer as describer
    from dialogue.__main__ import main

    monkeypatch.setattr(describer, "load_analyze", lambda: stub)
    path = tmp_path / "in.png"
    dark_noisy.save(path)
    assert main(["describe", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["severities"]["noise"] == pytest.approx(DARK_NOISY["noise"].severity, abs=1e-3)
    assert set(out["severities"]) == {"noise", "rain", "low_light", "blur", "jpeg", "haze"}
    assert out["source"] == "analyzer" and out["description"].startswith("The photo")
    assert main(["describe", str(path), "--mllm", tiny_mllm, "--compact"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["notice"] and out["mllm_answer"] is not None
    assert main(["describe", str(tmp_path / "missing.png")]) == 2
    assert main(["describe", str(path), "--mllm", tiny_mllm, "--device", "garbage"]) == 2  # said, not loaded (F10)
    assert "error: --device must be cpu or cuda (got 'garbage')" in capsys.readouterr().err
    clear = dark_noisy.convert("RGBA")  # half of it transparent and black: the chat's reading, not "darker"
    alpha = Image.new("L", clear.size, 255)
    alpha.paste(0, (0, 0, clear.width // 2, clear.height))
    clear = Image.composite(clear, Image.new("RGBA", clear.size, (0, 0, 0, 0)), alpha)
    clear.save(tmp_path / "clear.png")
    assert main(["describe", str(tmp_path / "clear.png")]) == 0
    opaque = np.asarray(dark_noisy, dtype=np.float64)[:, dark_noisy.width // 2:].mean() / 255
    assert json.loads(capsys.readouterr().out)["brightness"] == pytest.approx(opaque, abs=0.01)


def test_cli_describe_of_an_animation_says_only_its_first_frame_is_read(dark_noisy, stub, tmp_path, capsys,
                                                                         monkeypatch):
    """QA 73 F16: the chat's upload of an animated GIF says only its first frame is restored; the JSON's "notice"
    had been null."""
    import dialogue.describer as describer
    from dialogue.__main__ import main

    monkeypatch.setattr(describer, "load_analyze", lambda: stub)
    path = tmp_path / "anim.gif"
    small = dark_noisy.resize((64, 48))
    small.save(path, save_all=True, append_images=[small.transpose(Image.Transpose.FLIP_LEFT_RIGHT)], duration=100)
    assert main(["describe", str(path), "--compact"]) == 0
    notice = json.loads(capsys.readouterr().out)["notice"]
    assert notice == "This is an animation of 2 frames: only its first frame is restored.", notice


def test_cli_describe_real_analyzer(dark_noisy, tmp_path, capsys):
    from dialogue.__main__ import main

    path = tmp_path / "in.png"
    dark_noisy.save(path)
    assert main(["describe", str(path)]) == 0  # (in this process: `python -m dialogue` runs in fresh_process.py)
    data = json.loads(capsys.readouterr().out)
    assert data["found"].get("low_light", 0) >= 0.1 and data["description"]


def test_cli_describe_says_what_a_dithered_image_is_with_one_sigma(tmp_path, capsys):
    """QA 68 F01: a 1-bit PNG of a photo was described "severe noise (sigma around 50) ... noise sigma ≈ 128"; a
    web-palette one "extremely blurry and foggy and has heavy noise". Each is said to be what it is, with one sigma."""
    import re

    from skimage import data as samples

    from dialogue.__main__ import main

    photo = Image.fromarray(samples.astronaut())
    photo.thumbnail((256, 256))
    path = tmp_path / "bw.png"
    photo.convert("1").save(path)
    assert main(["describe", str(path)]) == 0
    said = json.loads(capsys.readouterr().out)["description"]
    assert "black and white" in said and len(set(re.findall(r"sigma (?:around|≈) (\d+)", said))) == 1, said
    palette = AnalyzerDescriber().describe(photo.convert("P"))
    assert "palette image" in palette.text and set(palette.found) == {"noise"}, palette.text


def test_generation_time_limit_falls_back(tiny_mllm, dark_noisy, stub):
    d = MLLMDescriber(tiny_mllm, analyze=stub, max_time=0.0)
    desc = d.describe(dark_noisy)
    assert desc.source == "analyzer" and "took longer" in desc.notice


def test_the_language_model_says_what_it_does_and_how_far_it_is(tiny_mllm, dark_noisy, stub):
    """QA 71 F03: the page's bar had stood at 0.0% while the model looked at the photo (up to max_time), and said
    nothing while it read a refinement. The progress is told the model's words at once, then after each token how much
    of its bounds is used (tokens of max_new_tokens, or seconds of max_time): rising to at most 1. (The tiny random
    model writes nonsense until its 12 tokens run out.)"""
    told = []
    a = Assistant(describer=MLLMDescriber(tiny_mllm, analyze=stub, max_new_tokens=12), restorer=FakeRestorer(),
                  analyze=stub, progress=lambda fraction, desc=None: told.append((fraction, desc)))
    a.upload(dark_noisy)
    d = a.describer
    fractions = [f for f, desc in told if desc == d.looking_words()]
    assert len(fractions) == len(told) == 13 and fractions[0] == 0.0, told  # (at once, then one report a token)
    assert fractions == sorted(fractions) and 0.9 < fractions[-1] <= 1.0, fractions
    told.clear()
    a.send("restore")  # (the rules read it: no model)
    assert told == [(1.0, None)], told  # FakeRestorer's progress
    told.clear()
    a.send("brighter")
    reading = [f for f, desc in told if desc == d.reading_words()]
    assert reading[0] == 0.0 and reading == sorted(reading) and reading[-1] > 0.9 and told[-1] == (1.0, None), told


def test_a_time_out_is_said_of_the_generation_that_had_it(tiny_mllm, dark_noisy, stub, monkeypatch):
    """QA 71: `timed_out` (set by each generation, under the describer's lock) had been read after the lock was
    released: another session's generation that hit max_time in between made a nonsense answer read as "it took
    longer than 120 s". Here that other generation runs, in another thread, while this answer is parsed."""
    import threading

    import dialogue.describer as describer

    d = MLLMDescriber(tiny_mllm, analyze=stub, max_new_tokens=4)
    parse = describer.parse_answer

    def parse_after_another_session_timed_out(raw):
        def another():  # a refinement whose generation hits its bound
            d.max_time = 0.0
            d.generate("brighter")
            d.max_time = 120.0

        other = threading.Thread(target=another)
        other.start()
        other.join(60)
        assert d.timed_out  # (the other session's)
        return parse(raw)

    monkeypatch.setattr(describer, "parse_answer", parse_after_another_session_timed_out)
    desc = d.describe(dark_noisy)
    assert "its answer did not make sense" in desc.notice, desc.notice


def test_a_progress_of_the_fraction_alone_still_lets_the_model_answer(dark_noisy, stub):
    """review72: an Assistant's progress that takes the fraction alone (what its docstring had offered) was called with
    the model's words as desc= (3e56d22), and the TypeError made the model's look fall back to the analyzer. A
    callback without desc= is told the fractions alone; with desc=, its words too."""
    for takes_words in (False, True):
        told = []
        d = scripted(GOOD, stub)
        d.generate = lambda prompt, image=None, progress=None: (progress(0.0), progress(1.0), GOOD)[-1]
        progress = (lambda fraction, desc=None: told.append(desc)) if takes_words else told.append
        a = Assistant(describer=d, restorer=FakeRestorer(), analyze=stub, progress=progress)
        r = a.upload(dark_noisy)
        assert r.intent == "upload" and "could not be used" not in r.text and "language model's words" in r.text, r.text
        assert told == ([d.looking_words()] * 2 if takes_words else [0.0, 1.0]), told
