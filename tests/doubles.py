"""Test doubles for the dialogue tests, where a test is about the conversation, not the
measurement or the network (each beside a test of the real path in test_dialogue.py)."""

import re
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

from restoration import degrade
from restoration.captions import DETECTED, describe, evidence, straddle
from restoration.captions import LEVEL_BLEND


@dataclass
class StubAnalysis:
    degradations: dict
    noise_sigma: float
    brightness: float
    description: str

    @property
    def found(self):
        return {k: v for k, v in self.degradations.items() if v >= DETECTED}


class StubAnalyzer:
    """Stands in for restoration.analyze where a test is about the dialogue, not the measurement:
    reports the given severities (the truth of a synthetic photo) and measures the brightness."""

    def __init__(self, severities=None):
        self.severities = dict(severities or {})
        self.calls = 0

    def __call__(self, image):
        self.calls += 1
        mean = float(np.asarray(image, dtype=np.float32).mean() / 255)
        sev = {k: float(self.severities.get(k, 0.0)) for k in degrade.KINDS}
        sigma = sev["noise"] * degrade.MAX_SIGMA
        return StubAnalysis(sev, sigma, mean, describe(sev) + " " + evidence(mean, sigma))


class FakeRestorer:
    """Fast stand-in for the network that obeys the words: brightens by the low-light word
    (stronger word, brighter result), smooths by the noise sigma named (higher, smoother) and lifts
    a veil by the haze word (stronger word, deeper shadows); records calls and passes progress
    through."""

    GAIN = [("extremely dark", 3.0), ("very dark", 2.5), ("slightly dim", 1.2), ("dark", 2.0), ("dim", 1.5)]
    VEIL = [("slightly hazy", 10), ("very foggy", 40), ("dense fog", 50), ("hazy", 20), ("foggy", 30)]

    def __init__(self, fail=False):
        self.calls = []
        self.fail = fail
        self.fail_after = None  # fail from this many calls on

    def describe(self, severities):
        return describe(severities)  # the shipped checkpoint's form: the noise sigma, no stops

    def words(self, text):
        """The words of a description: severities (as the assistant passes them) in the plain form."""
        return text if isinstance(text, str) else self.describe(text)

    def told(self, severities):
        return [(describe(sev), w) for sev, w in straddle(dict(severities), LEVEL_BLEND)]

    def seconds_for(self, width, height):
        return None  # (it measures no time: nothing to say of how long a restore takes)

    def calibrate(self):
        return None  # (app.main times one tile at launch: this times nothing)

    def restore(self, image, text, progress=None):
        self.calls.append((image, self.words(text)))
        if self.fail or self.fail_after is not None and len(self.calls) > self.fail_after:
            raise RuntimeError("the network exploded")
        if progress is not None:
            progress(1.0)
        if isinstance(text, str):
            return self._obey(image, text)
        # severities near a level bound: the two levels' results blended, as the network blends their guidance
        out = sum(w * np.asarray(self._obey(image, t), dtype=np.float32) for t, w in self.told(text))
        return Image.fromarray(np.clip(np.round(out), 0, 255).astype(np.uint8), "RGB")

    def _obey(self, image, text):
        gain = next((g for w, g in self.GAIN if w in text), 1.0)
        sigma = re.search(r"sigma around (\d+)", text)
        a = min(1.0, int(sigma.group(1)) / 30) if sigma else 0.0
        x = np.asarray(image.convert("RGB"), dtype=np.float32)
        smooth = np.asarray(image.convert("RGB").filter(ImageFilter.BoxBlur(1)), dtype=np.float32)
        out = ((1 - a) * x + a * smooth) * gain
        veil = next((v for w, v in self.VEIL if w in text), 0)
        out = (out - veil) * 255 / (255 - veil)
        return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8), "RGB")
