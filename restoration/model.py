"""The DC-former: a text-guided restoration transformer (LLMRA's Degradation-Context former).

Read top to bottom:
  CEM (Context Enhance Module): the description's token features attend to shallow features of
      the whole photo and give one context vector: what the words say, grounded in the pixels.
  DMM (Degradation Modulation Module): in every block, turns the context into per-channel
      scale, shift and gate for the block's two sub-layers.
  Block: Restormer-style channel ("transposed") attention and gated depth-wise feed-forward,
      both linear in the number of pixels. The attention maps come from fixed windows, blended
      between window centres, so that a photo restored in tiles gives the same result as one
      restored whole; what the whole photo looks like reaches every tile through the context.
  DCFormer: a U-shaped stack of blocks with a global residual.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import torch
import torch.nn.functional as F
from huggingface_hub import PyTorchModelHubMixin
from torch import nn

from .text import TextFeatures


@dataclass
class DCFormerConfig:
    dim: int = 32  # channels at full resolution; doubled at each level down
    blocks: tuple = (2, 3, 3, 4)  # blocks per level; the last level is the bottleneck
    refine_blocks: int = 2  # extra blocks at full resolution before the output
    heads: tuple = (1, 2, 4, 8)
    window: int = 16  # attention window (pixels of that level)
    ffn_expansion: float = 2.0
    context_dim: int = 128
    cem_grid: int = 8  # the photo is summarised as grid x grid tokens for the CEM
    cem_heads: int = 4
    use_cem: bool = True  # False: the context comes from the text alone (ablation)
    text_encoder: str = "minilm"
    text_dim: int = 384
    text_pooled_dim: int = 384
    caption_numbers: tuple = ("noise",)  # the kinds whose number its captions state (captions.NUMBERED)

    def __post_init__(self):
        self.blocks, self.heads = tuple(self.blocks), tuple(self.heads)
        self.caption_numbers = tuple(self.caption_numbers)
        if len(self.blocks) != len(self.heads):
            raise ValueError("blocks and heads need one entry per level")

    @property
    def multiple(self) -> int:
        """Input sides are padded to a multiple of this (the deepest level's stride)."""
        return 2 ** (len(self.blocks) - 1)

    @property
    def alignment(self) -> int:
        """Tiles that start at multiples of this see the same attention windows as the whole photo."""
        return self.window * self.multiple


PRESETS = {
    # for tests: runs in milliseconds
    "tiny": DCFormerConfig(dim=8, blocks=(1, 1), refine_blocks=0, heads=(1, 2), window=8,
                           ffn_expansion=2.0, context_dim=16, cem_grid=4, cem_heads=2),
    # the CPU default: a 1-megapixel photo in seconds on two cores
    "small": DCFormerConfig(dim=32, blocks=(1, 2, 2, 3), refine_blocks=1, heads=(1, 2, 4, 8),
                            context_dim=128),
    # for GPUs: the quality model, under the 8 M parameter budget
    "base": DCFormerConfig(dim=32, blocks=(2, 3, 3, 4), refine_blocks=2, heads=(1, 2, 4, 8),
                           context_dim=128),
}


# what a clone made without git-lfs holds in place of each weights file
LFS_POINTER = b"version https://git-lfs"


def weights_file(folder: Path) -> Path:
    """The model.safetensors of a checkpoint folder, checked as far as it can be without reading it: there, and not a
    Git LFS pointer. Before the network is built: an assistant without weights tries at each reply, and its *help*
    checks this alone (Restorer's shipped_checkpoint)."""
    file = folder / "model.safetensors"
    if not file.exists():  # (it had been "[Errno 2] No such file or directory: ...")
        raise FileNotFoundError(f"{folder} is not a checkpoint folder (it has no model.safetensors)")
    with open(file, "rb") as f:
        if f.read(len(LFS_POINTER)) == LFS_POINTER:
            raise ValueError(f"{file} is a Git LFS pointer, not the weights (the repository was cloned without "
                             "git-lfs): run `git lfs pull` in the repository to fetch them")
    return file


def read_config(file: Path) -> DCFormerConfig:
    """A checkpoint's config.json; what this version cannot build from is a ValueError in one line that names the
    file and the key (it had been a TypeError from the dataclass, without the file: QA 69 F06)."""
    if not file.exists():
        raise FileNotFoundError(f"{file.parent} is not a checkpoint folder (it has no config.json)")
    try:
        values = json.loads(file.read_text())
    except json.JSONDecodeError as e:
        raise ValueError(f"{file} is not valid JSON ({e})") from None
    if not isinstance(values, dict):
        raise ValueError(f"{file} holds a JSON {type(values).__name__}, not the network's settings (an object)")
    defaults = {f.name: f.default for f in fields(DCFormerConfig)}
    for key, value in values.items():
        if key not in defaults:  # (refused, not ignored: a setting this version does not know changes the network)
            raise ValueError(f"{file}: unknown setting {key!r} (a checkpoint of another version of this project?)")
        if not _same_kind(value, defaults[key]):
            like = list(defaults[key]) if isinstance(defaults[key], tuple) else defaults[key]
            raise ValueError(f"{file}: {key} is {json.dumps(value)}, where a value like {json.dumps(like)} belongs")
    try:
        return DCFormerConfig(**values)
    except ValueError as e:
        raise ValueError(f"{file}: {e}") from None


def _same_kind(value, default) -> bool:
    """Whether a config value is of its setting's kind (a bool is no number here, though Python's bool is an int)."""
    if isinstance(default, tuple):
        return isinstance(value, (list, tuple)) and all(_same_kind(v, default[0]) for v in value)
    if isinstance(default, float):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, type(default)) and isinstance(value, bool) == isinstance(default, bool)


def _some(keys: list[str]) -> str:
    return ", ".join(keys[:3]) + (f" and {len(keys) - 3} more" if len(keys) > 3 else "")


def channels_last(x: torch.Tensor) -> bool:
    """Whether x [b, c, H, W] is laid out channels-last (as on the CPU, where convolutions run faster so)."""
    return x.permute(0, 2, 3, 1).is_contiguous()


def channel_norm(x: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    """LayerNorm over channels at each pixel: independent of the tile a pixel is in."""
    if channels_last(x):  # one fused pass
        return F.layer_norm(x.permute(0, 2, 3, 1), x.shape[1:2], eps=eps).permute(0, 3, 1, 2)
    mu = x.mean(1, keepdim=True)
    var = (x - mu).pow(2).mean(1, keepdim=True)
    return (x - mu) * torch.rsqrt(var + eps)


def windows(x: torch.Tensor, s: int) -> torch.Tensor:
    """[b, c, H, W] with H, W multiples of s -> [b, H/s, W/s, c, s*s], in one copy."""
    b, c, H, W = x.shape
    if channels_last(x):
        x = x.permute(0, 2, 3, 1).reshape(b, H // s, s, W // s, s, c).permute(0, 1, 3, 5, 2, 4)
    else:
        x = x.reshape(b, c, H // s, s, W // s, s).permute(0, 2, 4, 1, 3, 5)
    return x.reshape(b, H // s, W // s, c, s * s)


def unwindows(x: torch.Tensor, s: int, last: bool) -> torch.Tensor:
    """Inverse of `windows`: [b, nh, nw, c, s*s] -> [b, c, nh*s, nw*s], channels-last if `last`."""
    b, nh, nw, c, _ = x.shape
    x = x.reshape(b, nh, nw, c, s, s)
    if last:
        return x.permute(0, 1, 4, 2, 5, 3).reshape(b, nh * s, nw * s, c).permute(0, 3, 1, 2)
    return x.permute(0, 3, 1, 4, 2, 5).reshape(b, c, nh * s, nw * s)


def corner_weights(s: int, like: torch.Tensor) -> torch.Tensor:
    """Bilinear weights [4, 1, s*s] of a cell's four corners (top-left, top-right, bottom-left, bottom-right)."""
    t = (torch.arange(s, device=like.device, dtype=like.dtype) + 0.5) / s
    w = torch.stack([1 - t, t])
    return (w[:, None, :, None] * w[None, :, None, :]).reshape(4, 1, s * s)


class WindowChannelAttention(nn.Module):
    """Multi-head attention across channels (C x C maps), one map per window of s x s pixels.

    Each pixel mixes its channels with a bilinear blend of the maps of the four nearest window
    centres: with one map per window, flat areas (fog, sky, a blurred wall) showed the window
    grid. The maps still come from fixed windows, so tiles aligned to them see the same maps.
    """

    def __init__(self, dim: int, heads: int, window: int):
        super().__init__()
        self.heads, self.window = heads, window
        self.temperature = nn.Parameter(torch.ones(heads, 1, 1))
        self.qkv = nn.Conv2d(dim, dim * 3, 1)
        self.qkv_dw = nn.Conv2d(dim * 3, dim * 3, 3, padding=1, groups=dim * 3)
        self.proj = nn.Conv2d(dim, dim, 1)

    def forward(self, x):
        b, c, h, w = x.shape
        s, heads, d = self.window, self.heads, c // self.heads
        qkv = self.qkv_dw(self.qkv(x))
        # zero padding: padded positions add nothing to the dot products or the norms
        q, k = windows(F.pad(qkv[:, :2 * c], (0, (-w) % s, 0, (-h) % s)), s).chunk(2, dim=3)
        nh, nw = q.shape[1:3]
        q = F.normalize(q.reshape(b, nh, nw, heads, d, s * s), dim=-1)
        k = F.normalize(k.reshape(b, nh, nw, heads, d, s * s), dim=-1)
        maps = (q @ k.transpose(-2, -1) * self.temperature).softmax(dim=-1)  # [b, nh, nw, heads, d, d]
        # The cells of the grid shifted by half a window each lie between four window centres:
        # each cell's values go through the four maps, weighted bilinearly. At the photo's edges
        # a map is its own neighbour.
        maps = torch.cat([maps[:, :1], maps, maps[:, -1:]], dim=1)
        maps = torch.cat([maps[:, :, :1], maps, maps[:, :, -1:]], dim=2)  # [b, nh+2, nw+2, heads, d, d]
        half = s // 2
        v = F.pad(qkv[:, 2 * c:], (half, s - half + (-w) % s, half, s - half + (-h) % s))
        v = windows(v, s).reshape(b, nh + 1, nw + 1, heads, d, s * s)
        weights = corner_weights(s, v)
        # one corner at a time: all four at once (4x the values, over glibc's 32 MB limit for
        # reusing freed memory at a 448 px tile) took fresh pages at every call, several times slower
        out = maps[:, :-1, :-1] @ (v * weights[0])
        for weight, corner in zip(weights[1:], (maps[:, :-1, 1:], maps[:, 1:, :-1], maps[:, 1:, 1:])):
            out += corner @ (v * weight)
        out = unwindows(out.flatten(3, 4), s, channels_last(x))[:, :, half:half + h, half:half + w]
        return self.proj(out)


class GatedFeedForward(nn.Module):
    """1x1 expand, 3x3 depth-wise, GELU-gated, 1x1 back (Restormer's GDFN)."""

    def __init__(self, dim: int, expansion: float):
        super().__init__()
        hidden = int(dim * expansion)
        self.expand = nn.Conv2d(dim, hidden * 2, 1)
        self.dw = nn.Conv2d(hidden * 2, hidden * 2, 3, padding=1, groups=hidden * 2)
        self.project = nn.Conv2d(hidden, dim, 1)

    def forward(self, x):
        a, b = self.dw(self.expand(x)).chunk(2, dim=1)
        return self.project(F.gelu(a) * b)


class DMM(nn.Module):
    """Degradation Modulation Module: context -> scale, shift, gate for attention and feed-forward.

    Zero-initialised, so a new block starts as a plain, unmodulated block.
    """

    def __init__(self, context_dim: int, dim: int):
        super().__init__()
        self.proj = nn.Linear(context_dim, dim * 6)
        nn.init.zeros_(self.proj.weight)
        nn.init.zeros_(self.proj.bias)

    def forward(self, context):
        return self.proj(context)[:, :, None, None].chunk(6, dim=1)


class Block(nn.Module):
    def __init__(self, dim: int, heads: int, cfg: DCFormerConfig):
        super().__init__()
        self.attn = WindowChannelAttention(dim, heads, cfg.window)
        self.ffn = GatedFeedForward(dim, cfg.ffn_expansion)
        self.dmm = DMM(cfg.context_dim, dim)

    def forward(self, x, context):
        scale1, shift1, gate1, scale2, shift2, gate2 = self.dmm(context)
        # x + (1 + gate) * layer(norm(x) * (1 + scale) + shift), in fused multiply-adds
        x = torch.addcmul(x, 1 + gate1, self.attn(torch.addcmul(shift1, channel_norm(x), 1 + scale1)))
        x = torch.addcmul(x, 1 + gate2, self.ffn(torch.addcmul(shift2, channel_norm(x), 1 + scale2)))
        return x


class Stage(nn.Module):
    """Blocks at one resolution, all modulated by the same context."""

    def __init__(self, dim: int, heads: int, depth: int, cfg: DCFormerConfig):
        super().__init__()
        self.blocks = nn.ModuleList(Block(dim, heads, cfg) for _ in range(depth))

    def forward(self, x, context):
        for block in self.blocks:
            x = block(x, context)
        return x


def grid_sums(features: torch.Tensor, grid: int, top: int = 0, left: int = 0, full: tuple | None = None):
    """Sum features [B, C, h, w] into grid x grid cells of a (possibly larger) feature map.

    `top`, `left` place this piece in a map of size `full`; summing pieces and then dividing
    by the counts gives the same cell means as one pass over the whole map (tiled context).
    Returns sums [B, grid*grid, C] and counts [grid*grid].
    """
    b, c, h, w = features.shape
    fh, fw = full or (h, w)
    rows = ((torch.arange(h, device=features.device) + top) * grid) // fh
    cols = ((torch.arange(w, device=features.device) + left) * grid) // fw
    cell = (rows[:, None] * grid + cols[None, :]).flatten()
    sums = features.new_zeros(b, grid * grid, c).index_add_(1, cell, features.flatten(2).transpose(1, 2))
    # index_add_, not bincount: its output size is fixed, so torch.compile keeps one graph
    counts = features.new_zeros(grid * grid).index_add_(0, cell, features.new_ones(cell.shape))
    return sums, counts


class CEM(nn.Module):
    """Context Enhance Module: text tokens attend to a grid summary of the photo."""

    def __init__(self, cfg: DCFormerConfig):
        super().__init__()
        d = cfg.context_dim
        self.cfg = cfg
        # shallow image features at 1/4 resolution; receptive field 7 px, see `stem_halo`
        self.stem = nn.Sequential(nn.Conv2d(3, d // 2, 3, stride=2, padding=1), nn.GELU(),
                                  nn.Conv2d(d // 2, d, 3, stride=2, padding=1))
        self.position = nn.Parameter(torch.zeros(1, cfg.cem_grid ** 2, d))
        self.text_tokens = nn.Sequential(nn.LayerNorm(cfg.text_dim), nn.Linear(cfg.text_dim, d))
        self.text_pooled = nn.Linear(cfg.text_pooled_dim, d)
        self.image_norm = nn.LayerNorm(d)
        self.cross = nn.MultiheadAttention(d, cfg.cem_heads, batch_first=True)
        self.mix = nn.Sequential(nn.Linear(3 * d, d), nn.GELU(), nn.Linear(d, d))

    stem_stride = 4
    stem_halo = 8

    def image_tokens(self, image: torch.Tensor) -> torch.Tensor:
        """The photo as grid*grid tokens [B, grid^2, d] (cell means of the stem features)."""
        sums, counts = grid_sums(self.stem(image), self.cfg.cem_grid)
        return sums / counts.clamp(min=1)[None, :, None]

    def forward(self, image_tokens: torch.Tensor, text: TextFeatures) -> torch.Tensor:
        words = self.text_tokens(text.tokens)
        mask = text.mask.to(words.dtype)[..., None]
        if self.cfg.use_cem:
            pixels = self.image_norm(image_tokens + self.position)
            grounded, _ = self.cross(words, pixels, pixels, need_weights=False)
            words = words + grounded
            image_summary = pixels.mean(1)
        else:
            image_summary = torch.zeros_like(words[:, 0])
        text_summary = (words * mask).sum(1) / mask.sum(1).clamp(min=1)
        return self.mix(torch.cat([text_summary, self.text_pooled(text.pooled), image_summary], dim=-1))


class DCFormer(nn.Module, PyTorchModelHubMixin):
    """U-shaped restoration transformer driven by a description. Saves as config.json + safetensors."""

    def __init__(self, config: DCFormerConfig):
        super().__init__()
        if isinstance(config, dict):
            config = DCFormerConfig(**config)
        self.config = cfg = config
        dims = [cfg.dim * 2 ** i for i in range(len(cfg.blocks))]
        self.cem = CEM(cfg)
        self.embed = nn.Conv2d(3, cfg.dim, 3, padding=1)
        self.encoder = nn.ModuleList(Stage(d, h, n, cfg) for d, h, n in zip(dims[:-1], cfg.heads, cfg.blocks))
        self.down = nn.ModuleList(nn.Sequential(nn.Conv2d(d, d // 2, 3, padding=1), nn.PixelUnshuffle(2))
                                  for d in dims[:-1])
        self.bottleneck = Stage(dims[-1], cfg.heads[-1], cfg.blocks[-1], cfg)
        self.up = nn.ModuleList(nn.Sequential(nn.Conv2d(d * 2, d * 4, 3, padding=1), nn.PixelShuffle(2))
                                for d in dims[:-1])
        self.merge = nn.ModuleList(nn.Conv2d(d * 2, d, 1) for d in dims[:-1])
        self.decoder = nn.ModuleList(Stage(d, h, n, cfg) for d, h, n in zip(dims[:-1], cfg.heads, cfg.blocks))
        self.refine = Stage(cfg.dim, cfg.heads[0], cfg.refine_blocks, cfg)
        self.out = nn.Conv2d(cfg.dim, 3, 3, padding=1)

    def context(self, image: torch.Tensor, text: TextFeatures) -> torch.Tensor:
        """The context vector [B, context_dim] for a whole photo and its description."""
        return self.cem(self.cem.image_tokens(image), text)

    def body(self, x: torch.Tensor, context: torch.Tensor) -> torch.Tensor:
        """Restore x [B, 3, H, W] in [0, 1] under a given context. Any H, W."""
        h, w = x.shape[-2:]
        m = self.config.multiple
        x_in = F.pad(x, (0, (-w) % m, 0, (-h) % m), mode="replicate")
        y = self.embed(x_in)
        skips = []
        for stage, down in zip(self.encoder, self.down):
            y = stage(y, context)
            skips.append(y)
            y = down(y)
        y = self.bottleneck(y, context)
        for i in reversed(range(len(self.decoder))):
            y = self.merge[i](torch.cat([self.up[i](y), skips[i]], dim=1))
            y = self.decoder[i](y, context)
        y = self.refine(y, context)
        return (x_in + self.out(y))[:, :, :h, :w]

    def forward(self, x: torch.Tensor, text: TextFeatures) -> torch.Tensor:
        return self.body(x, self.context(x, text))

    @classmethod
    def from_pretrained(cls, folder: str | Path) -> DCFormer:
        """The network of a checkpoint folder (config.json + model.safetensors, as `train.save_checkpoint` writes
        it): the one loader of the restorer, the command lines and training.

        Strict, where the hub mixin's loader (which this replaces) is not: it had left a tensor the config needs that
        the file lacks at its random start without a word (the shipped weights without the CEM's restored a sigma-25
        photo to 18.96 dB, below the input's 20.50: QA 69 F02) and ignored tensors the network has no place for.
        Those, a tensor of another shape, a damaged file and a Git LFS pointer are each a ValueError in one line that
        names the file (and the tensors). Nothing is printed (the mixin printed "Loading weights from local
        directory" at every load: F13)."""
        from safetensors import SafetensorError
        from safetensors.torch import load_file

        folder = Path(folder)
        config, file = read_config(folder / "config.json"), weights_file(folder)
        try:
            model = cls(config)
        except Exception as e:  # noqa: BLE001 - sizes the layers cannot take (heads that do not divide dim, ...)
            raise ValueError(f"{folder / 'config.json'} describes no network this version can build "
                             f"({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''})") from None
        try:
            state = load_file(file)
        except SafetensorError as e:
            raise ValueError(f"{file} is not a readable checkpoint ({e})") from None
        wanted = model.state_dict()
        missing = [k for k in wanted if k not in state]
        unknown = [k for k in state if k not in wanted]
        reshaped = [f"{k} {tuple(state[k].shape)} where the config makes {tuple(wanted[k].shape)}"
                    for k in wanted if k in state and state[k].shape != wanted[k].shape]
        if missing or unknown or reshaped:
            said = [f"{what}: {_some(keys)}" for what, keys in (("missing", missing), ("not in the network", unknown),
                                                                 ("of another shape", reshaped)) if keys]
            raise ValueError(f"{file} does not hold the network its config.json describes ({'; '.join(said)})")
        model.load_state_dict(state)
        return model.eval()

    def num_parameters(self) -> int:
        return sum(p.numel() for p in self.parameters())


# the settings that make a preset's shape (the rest say what drives it: the text encoder, the CEM, the captions)
SHAPE = ("dim", "blocks", "refine_blocks", "heads", "window", "ffn_expansion", "context_dim", "cem_grid", "cem_heads")


def preset_of(config: DCFormerConfig) -> str | None:
    """The name of the preset whose shape `config` has, or None for a shape of its own."""
    return next((name for name, preset in PRESETS.items()
                 if all(getattr(config, k) == getattr(preset, k) for k in SHAPE)), None)


def preset_config(preset: str) -> DCFormerConfig:
    """The config of the preset named `preset`; a name that is none: one clear line."""
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; known: {', '.join(PRESETS)}")
    return PRESETS[preset]


def build(preset: str = "small", **overrides) -> DCFormer:
    return DCFormer(DCFormerConfig(**{**asdict(preset_config(preset)), **overrides}))
