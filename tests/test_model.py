"""Every DC-former variant runs forward and backward, and the words reach the pixels."""

import pytest
import torch
import torch.nn.functional as F

from restoration.model import PRESETS, DCFormer, WindowChannelAttention, build, grid_sums
from restoration.text import TextFeatures


def _text(batch, dim=384, tokens=6):
    return TextFeatures(torch.randn(batch, tokens, dim), torch.ones(batch, tokens, dtype=torch.bool),
                        torch.randn(batch, dim))


@pytest.mark.parametrize("preset", list(PRESETS))
def test_variant_forward_backward_and_text_gets_gradients(preset):
    torch.manual_seed(0)
    model = build(preset)
    assert model.num_parameters() <= 8_000_000  # the brief's budget
    x = torch.rand(2, 3, 40, 56)
    y = model(x, _text(2))
    assert y.shape == x.shape
    y.square().mean().backward()
    # the DMMs start at zero, so the first gradient into the text branch flows through them
    dmm_grad = sum(p.grad.abs().sum() for n, p in model.named_parameters() if "dmm" in n)
    assert dmm_grad > 0
    text_grad = sum(p.grad.abs().sum() for n, p in model.named_parameters() if n.startswith("cem.text"))
    assert text_grad == 0  # zero-initialised DMMs: a new model is not yet modulated
    # after one step the text branch itself gets gradients
    with torch.no_grad():
        for n, p in model.named_parameters():
            if "dmm" in n:
                p.add_(torch.randn_like(p) * 0.01)
    model.zero_grad()
    model(x, _text(2)).square().mean().backward()
    for name in ("cem.text_tokens.1.weight", "cem.text_pooled.weight", "cem.cross.in_proj_weight"):
        assert dict(model.named_parameters())[name].grad.abs().sum() > 0, name


def test_different_words_give_different_results(tiny_model):
    x = torch.rand(1, 3, 32, 32)
    a, b = tiny_model(x, _text(1)), tiny_model(x, _text(1))
    assert (a - b).abs().max() > 1e-4


def test_a_new_model_starts_close_to_identity():
    model = build("tiny")
    x = torch.rand(1, 3, 24, 24)
    assert (model(x, _text(1)) - x).abs().mean() < 0.5


def test_any_size_is_accepted(tiny_model):
    for h, w in [(1, 1), (7, 7), (9, 33), (64, 17)]:
        assert tiny_model(torch.rand(1, 3, h, w), _text(1)).shape == (1, 3, h, w)


def _edge_ratio(image: torch.Tensor, period: int) -> float:
    """Mean step between neighbouring pixels across lines at multiples of `period` / elsewhere."""
    ratios = []
    for dim in (-1, -2):
        steps = image.diff(dim=dim).abs().mean([i for i in range(image.ndim) if i != image.ndim + dim])
        at = torch.arange(1, image.shape[dim]) % period == 0
        ratios.append((steps[at].mean() / steps[~at].mean()).item())
    return max(ratios)


def test_window_attention_leaves_no_seams_at_window_edges(photo):
    """One map per window made a grid on flat areas; maps are now blended between window centres."""
    torch.manual_seed(0)
    attn = WindowChannelAttention(12, 2, 8)
    x = photo[None].float() / 255
    x = F.interpolate(F.avg_pool2d(x, 6), scale_factor=6, mode="bicubic").clamp(0, 1)  # flat like fog or sky
    x = torch.cat([x, x ** 2, 1 - x, x.roll(5, -1)], 1)
    assert _edge_ratio(x, 8) < 1.1
    with torch.no_grad():
        assert _edge_ratio(attn(x), 8) < 1.1  # the per-window maps gave 1.56 (columns) and 1.95 (rows)


def test_window_attention_blends_to_each_window_own_map_at_one_window():
    attn = WindowChannelAttention(8, 2, 8)
    x = torch.randn(1, 8, 8, 8)
    q, k, v = attn.qkv_dw(attn.qkv(x)).chunk(3, dim=1)
    q, k = F.normalize(q.reshape(1, 2, 4, 64), dim=-1), F.normalize(k.reshape(1, 2, 4, 64), dim=-1)
    maps = (q @ k.transpose(-2, -1) * attn.temperature).softmax(-1)
    expected = attn.proj((maps @ v.reshape(1, 2, 4, 64)).reshape(1, 8, 8, 8))
    assert torch.allclose(attn(x), expected, atol=1e-5)


def test_grid_sums_of_pieces_equal_the_whole():
    f = torch.rand(1, 5, 30, 41)
    whole, counts = grid_sums(f, 4)
    parts = [grid_sums(f[:, :, t:t + 16, l:l + 20], 4, t, l, (30, 41)) for t in (0, 16) for l in (0, 20, 40)]
    assert torch.allclose(sum(p[0] for p in parts), whole, atol=1e-5)
    assert torch.equal(sum(p[1] for p in parts), counts)


def test_the_model_traces_as_one_graph_for_torch_compile(tiny_model):
    explained = torch._dynamo.explain(tiny_model)(torch.rand(2, 3, 40, 40), _text(2))  # traces, compiles nothing
    assert explained.graph_count == 1 and explained.graph_break_count == 0, explained.break_reasons


def test_padded_text_features_give_the_same_result(tiny_model):
    x, text = torch.rand(2, 3, 32, 32), _text(2)
    text.mask[1, 4:] = False  # a shorter second caption
    assert torch.allclose(tiny_model(x, text), tiny_model(x, text.padded(20)), atol=1e-5)


def test_save_and_load_round_trip(tmp_path, tiny_model):
    tiny_model.save_pretrained(tmp_path)
    loaded = DCFormer.from_pretrained(tmp_path)
    assert loaded.config == tiny_model.config
    x = torch.rand(1, 3, 20, 20)
    t = _text(1)
    assert torch.equal(loaded.eval()(x, t), tiny_model.eval()(x, t))


def test_without_cem_the_context_ignores_the_image():
    torch.manual_seed(0)
    model = build("tiny", use_cem=False)
    t = _text(1)
    assert torch.equal(model.context(torch.rand(1, 3, 16, 16), t), model.context(torch.rand(1, 3, 16, 16), t))
    with_cem = build("tiny")
    assert not torch.equal(with_cem.context(torch.rand(1, 3, 16, 16), t), with_cem.context(torch.rand(1, 3, 16, 16), t))


def test_unknown_preset_is_refused():
    with pytest.raises(ValueError, match="unknown preset"):
        build("huge")
