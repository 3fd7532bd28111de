"""Describers: a photo in, severities per degradation plus words for the chat out.

- `AnalyzerDescriber` (the offline default): the analyzer's measurements and its words alone.
- `MLLMDescriber`: a small multimodal LLM (default SmolVLM-256M-Instruct, an Idefics3 model like
  LLMRA's IDEFICS) loaded with transformers' `AutoModelForImageTextToText` + `AutoProcessor`, in
  4-bit NF4 on CUDA (bitsandbytes), in float32 (or bfloat16) on the CPU. MLLMs judge low-level
  quality poorly, so the prompt carries the analyzer's measurements and asks LLMRA's questions
  (overall low-level quality, lighting and dark areas, rain streaks, noise and its level); the
  answer is parsed into the same severities plus prose. The measurements decide which
  degradations are present; the MLLM adjusts their levels a little and adds scene context.
  Anything that goes wrong (no weights offline, out of memory, a time-out, an answer that does
  not parse) falls back to the analyzer, with a `notice` the assistant shows once.

Nothing here loads a model at import time.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import logging
import os
import re
import threading
import time
from dataclasses import dataclass, field

from restoration.captions import DETECTED, describe as describe_severities, dither_words, evidence, words_for
from restoration.degrade import KINDS, MAX_SIGMA

log = logging.getLogger(__name__)

DEFAULT_MODEL = "HuggingFaceTB/SmolVLM-256M-Instruct"
MLLM_WEIGHT = 0.25  # share of the MLLM's level in a kind the analyzer found (the rest is measurement)
IMAGE_SIDE = 512  # the MLLM sees the photo at most this large (its processor resizes further)

WHAT_I_DO = "noise, rain streaks, darkness, blur, JPEG blocking and haze"
# said where none of them is found: not that the photo is clean, which a colour cast, a faded print, vignetting or
# scratches, all beyond the network, are not (QA 66 F07: they had been said to "look clean")
NONE_FOUND = f"I see none of the damage I take out ({WHAT_I_DO})."

# kinds LLMRA asked about; for these the chat also says when they are absent
ASKED = ("low_light", "rain", "noise")
ABSENT_WORDS = {"rain": "I see no rain streaks.", "low_light": "The exposure looks fine.",
                "noise": "I see no noticeable noise."}


@dataclass
class Description:
    severities: dict[str, float]  # every kind -> 0-1 (below DETECTED: not found)
    text: str  # what the assistant says about the photo
    noise_sigma: float = 0.0  # measured, 0-255 scale
    brightness: float = 0.0  # measured mean, 0-1
    source: str = "analyzer"  # "analyzer" or the MLLM's model id
    notice: str | None = None  # why the MLLM was not used, when it was asked for
    raw: str | None = None  # the MLLM's answer as it came
    measured: dict[str, float] = field(default_factory=dict)  # the analyzer's severities
    too_small: bool = False  # too small for the analyzer to read (restoration.analyzer.MIN_SIDE): nothing measured
    frame: tuple[int, int, int, int] | None = None  # the photo's box inside a uniform frame (of the image described)
    blacks: float = 0.0  # the photo's darkest 1%, 0-1, as the analyzer measured it: an old print's are lifted
    colour_only_noise: bool = False  # the noise found is in the colour alone (blotches): restores keep the luma
    dither: str = ""  # the noise found is a palette image's dither: "palette" or "black and white" (Analysis.dither)

    @property
    def found(self) -> dict[str, float]:
        return {k: v for k, v in self.severities.items() if v >= DETECTED}

    def to_json(self) -> dict:
        return {"description": self.text, "severities": {k: round(v, 3) for k, v in self.severities.items()},
                "found": {k: round(v, 3) for k, v in self.found.items()}, "noise_sigma": round(self.noise_sigma, 2),
                "brightness": round(self.brightness, 4), "source": self.source, "notice": self.notice,
                "mllm_answer": self.raw}


def load_analyze():
    """The analyzer function, `restoration.analyze` (ImportError with a clear message if missing)."""
    try:
        from restoration import analyze  # type: ignore[attr-defined]
    except ImportError:
        try:
            from restoration.analyzer import analyze  # type: ignore[no-redef]
        except ImportError as e:
            raise ImportError("the degradation analyzer (restoration.analyze) is not available") from e
    return analyze


def _rgb(image):
    """What is seen of `image` (a transparent canvas left out: `visible`), as RGB."""
    from restoration.restorer import to_rgb, visible

    return to_rgb(visible(image))


def _absent_words(severities: dict[str, float], suspected=()) -> str:
    return " ".join(ABSENT_WORDS[k] for k in ASKED if severities.get(k, 0.0) < DETECTED and k not in suspected
                    and any(v >= DETECTED for v in severities.values()))


def colour_noise_words(severities: dict[str, float]) -> str:
    """Said after the description where the noise is in the colour alone (Analysis.colour_only_noise; qa66 F06); what
    a restore does with it where the noise is all it names (Assistant._network)."""
    alone = {k for k, s in severities.items() if s >= DETECTED} == {"noise"}
    return ("The noise is colour noise (blotches) alone: the detail in the brightness is clean" +
            (", so a restore takes the noise out of the colours and keeps that detail as it is." if alone else "."))


def words(severities: dict[str, float], brightness: float, sigma: float | None, suspected=()) -> str:
    """The chat's plain description: the description, the evidence, and what was looked for and not seen (but for
    the kinds `suspected` by the MLLM, which are said apart)."""
    found = any(v >= DETECTED for v in severities.values())
    if sigma is not None and severities["noise"] >= 1.0:  # severity 1 is sigma 50 or more: say the sigma measured,
        severities = {**severities, "noise": max(1.0, sigma / MAX_SIGMA)}  # as `evidence` does (qa68 F01: 50, ≈ 128)
    text = (describe_severities(severities) if found else NONE_FOUND) + " " + evidence(brightness, sigma)
    absent = _absent_words(severities, suspected)
    return text + (" " + absent if absent else "")


class AnalyzerDescriber:
    """The offline describer: the analyzer's measurements and words."""

    name = "analyzer"

    def __init__(self, analyze=None):
        self._analyze = analyze

    @property
    def analyze(self):
        if self._analyze is None:
            self._analyze = load_analyze()
        return self._analyze

    def measure(self, image) -> Description:
        from restoration.restorer import measure_on_part

        a, part = measure_on_part(self.analyze, image)  # (a cut-out measured on its opaque box, as `analyze` does)
        sev = {k: float(max(0.0, min(1.0, a.degradations.get(k, 0.0)))) for k in KINDS}
        brightness = getattr(a, "brightness", None)
        if brightness is None:
            import numpy as np

            brightness = float(np.asarray(part, dtype=np.float32).mean() / 255)
        sigma = float(getattr(a, "noise_sigma", sev["noise"] * MAX_SIGMA))
        small = bool(getattr(a, "too_small", False))
        text = a.description if small else words(sev, float(brightness), sigma if sev["noise"] >= DETECTED else None)
        colour_only, dither = bool(getattr(a, "colour_only_noise", False)), getattr(a, "dither", "")
        text += (" " + colour_noise_words(sev) if colour_only else "") + (" " + dither_words(dither) if dither else "")
        return Description(sev, text, sigma, float(brightness),
                           "analyzer", measured=dict(sev), too_small=small, frame=getattr(a, "frame", None),
                           blacks=float(getattr(a, "blacks", 0.0)), colour_only_noise=colour_only, dither=dither)

    def describe(self, image) -> Description:
        return self.measure(image)


# --- parsing what an MLLM says ---------------------------------------------------------------

_LEVEL_WORDS = [  # (pattern, severity); first match wins, so the stronger phrases come first
    (r"extreme\w*|severe\w*|very heavy|very strong|very high|very dark|pitch black|almost black|torrential|"
     r"overwhelming|terrible|awful", 0.92),
    (r"heavy|heavily|strong\w*|high|a lot|lots|significant\w*|dark|bad|poor|dense|intense|downpour|"
     r"underexposed|considerabl\w*", 0.75),
    (r"moderate\w*|medium|noticeable|visible|some|fair|average|present|yes|rainy|noisy|grainy|dim\w*", 0.55),
    (r"mild\w*|light|lightly|little|minor|low|faint|slight\w*|few|drizzle|subtle|minimal|soft", 0.25),
    (r"none|no|not|clean|absent|good|fine|great|excellent|clear|bright|well[- ]?(?:lit|exposed)|normal|"
     r"sharp|zero|nothing|without", 0.0),
]
_LEVEL_RE = [(re.compile(rf"\b(?:{p})\b"), v) for p, v in _LEVEL_WORDS]
# a negation and up to three words after it, short of a "but" or "and" ("no rain but heavy noise" keeps its heavy)
_NEGATED = re.compile(r"\b(?:no|not|without|hardly|barely|never|isn't|aren't)\b"
                      r"(?:\s+(?!but\b|and\b|though\b|yet\b)[\w-]+){0,3}")

_KEY_ALIASES = {
    "noise": "noise", "noise_level": "noise", "gaussian_noise": "noise", "grain": "noise", "noisy": "noise",
    "rain": "rain", "rain_streaks": "rain", "streaks": "rain", "rainy": "rain",
    "low_light": "low_light", "lowlight": "low_light", "lighting": "low_light", "light": "low_light",
    "darkness": "low_light", "dark": "low_light", "dark_areas": "low_light", "exposure": "low_light",
    "brightness": "low_light", "underexposure": "low_light",
    "blur": "blur", "blurry": "blur", "sharpness": "blur", "focus": "blur",
    "jpeg": "jpeg", "compression": "jpeg", "jpeg_artifacts": "jpeg", "compression_artifacts": "jpeg",
    "haze": "haze", "fog": "haze", "hazy": "haze",
    "quality": "quality", "overall_quality": "quality", "low_level_quality": "quality", "overall": "quality",
    "scene": "scene", "content": "scene", "summary": "summary", "description": "summary",
}


def _key(raw: str) -> str | None:
    k = re.sub(r"[^a-z]+", "_", raw.lower()).strip("_")
    if k in _KEY_ALIASES:
        return _KEY_ALIASES[k]
    for part in k.split("_"):
        if part in ("noise", "rain", "lighting", "dark", "exposure", "quality", "blur", "haze", "fog", "jpeg",
                    "compression", "scene", "summary"):
            return _KEY_ALIASES.get(part, part)
    return None


def _level(kind: str, value) -> float | None:
    """A severity 0-1 from a number or words; None if it means nothing."""
    if isinstance(value, bool):
        return 0.55 if value else 0.0
    if isinstance(value, (int, float)):
        v = float(value)
        if v != v or v < 0:
            return None
        if v <= 1:
            return v
        if kind == "noise" and v <= 255:
            return min(1.0, v / MAX_SIGMA)  # a sigma
        if v <= 10:
            return v / 10
        if v <= 100:
            return v / 100
        return None
    if not isinstance(value, str):
        return None
    text = value.lower().strip()
    num = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:%|/\s*10|/\s*100)?\s*", text)
    if num:
        v = float(num.group(1))
        if "%" in text or "/100" in text.replace(" ", ""):
            return min(1.0, v / 100)
        if "/10" in text.replace(" ", ""):
            return min(1.0, v / 10)
        return _level(kind, v)
    sigma = re.search(r"sigma\D{0,10}(\d+(?:\.\d+)?)", text)
    if kind == "noise" and sigma:
        return min(1.0, float(sigma.group(1)) / MAX_SIGMA)
    # what is said not to be there is none of it: "no significant noise" had read as heavy noise, "no visible rain
    # streaks" as rain (QA 69 F14); "not very dark, but dim" keeps its dim
    text, negated = _NEGATED.subn("", text)
    if kind == "low_light":
        rest = re.sub(r"\b(?:no|without|not any)\s+(?:\w+\s+)?(?:dark|dim|shadow)\w*(?:\s+areas?)?", "", text)
        if re.search(r"\b(?:well|good|bright|normal|fine|adequate|even)\b", rest) \
                and not re.search(r"\b(?:not|dark|dim|under)", rest):
            return 0.0
        text = rest or text
    for rx, v in _LEVEL_RE:
        if rx.search(text):
            return v
    return 0.0 if negated else None


def _plain(text, limit: int = 300) -> str | None:
    """Readable prose or None: letters and spaces mostly, a few words, no markup."""
    if not isinstance(text, str):
        return None
    text = re.sub(r"\s+", " ", text).strip().strip('"').strip()
    if len(text) < 3:
        return None
    letters = sum(c.isalpha() or c in " ,.'-" for c in text)
    if letters / len(text) < 0.85 or len(re.findall(r"[A-Za-z]{2,}", text)) < 2:
        return None
    text = text[:limit].rstrip()
    return text if text[-1] in ".!?" else text + "."


_PAIR = re.compile(r'"([^"\\]{1,60})"\s*:\s*("(?:[^"\\]|\\.){0,2000}"|-?\d+(?:\.\d+)?|true|false)\s*[,}]')


def parse_answer(answer: str) -> dict | None:
    """The MLLM's answer -> {"severities": {kind: 0-1}, "quality", "scene", "summary"}; None if garbage.

    Accepts a JSON object (anywhere in the answer) or "key: value" lines. At least two of LLMRA's
    four questions (quality, lighting, rain, noise) must be answered recognisably.
    """
    if not isinstance(answer, str) or not answer.strip():
        return None
    fields: dict[str, object] = {}
    for m in re.finditer(r"\{[^{}]{0,2000}\}", answer):
        try:
            obj = json.loads(m.group(0))
        except ValueError:
            continue
        if isinstance(obj, dict):
            for k, v in obj.items():
                key = _key(str(k))
                if key and key not in fields:
                    fields[key] = v
    if not fields and "{" in answer:  # cut off by max_new_tokens inside the object: its complete "key": value pairs
        # (QA 69 F11: an answer cut in its summary, the four questions answered, had been thrown away whole)
        for m in _PAIR.finditer(answer[answer.index("{"):]):
            key = _key(m.group(1))
            if key and key not in fields:
                with contextlib.suppress(ValueError):  # (an escape JSON does not know)
                    fields[key] = json.loads(m.group(2))
    if not fields:
        for line in answer.splitlines():
            m = re.match(r"\s*(?:\d+[.)]\s*)?\**([A-Za-z][A-Za-z _/-]{1,40}?)\**\s*[:=-]\s*(.+)$", line)
            if m:
                key = _key(m.group(1))
                if key and key not in fields:
                    fields[key] = m.group(2).strip()
    severities, answered = {}, set()
    for kind in KINDS:
        if kind in fields:
            v = _level(kind, fields[kind])
            if v is not None:
                severities[kind] = max(0.0, min(1.0, v))
                answered.add(kind)
    quality = fields.get("quality")
    m = re.search(r"\b(?:good|fair|poor|bad|excellent|low|high|medium|average|great|terrible|acceptable|decent|"
                  r"mediocre)\b", quality.lower()) if isinstance(quality, str) else None
    quality = m.group(0) if m else None
    if quality:
        answered.add("quality")
    if len(answered & {"quality", "low_light", "rain", "noise"}) < 2:
        return None
    return {"severities": severities, "quality": quality,
            "scene": _plain(fields.get("scene")), "summary": _plain(fields.get("summary"))}


def parse_update(answer: str, current: dict[str, float]) -> dict[str, float] | None:
    """A JSON severity update from an MLLM -> the full new severities; None if it does not validate."""
    if not isinstance(answer, str):
        return None
    for m in re.finditer(r"\{[^{}]{0,2000}\}", answer):
        try:
            obj = json.loads(m.group(0))
        except ValueError:
            continue
        if not isinstance(obj, dict) or not obj:
            continue
        new = {k: float(current.get(k, 0.0)) for k in KINDS}
        ok = True
        for k, v in obj.items():
            kind = _key(str(k))
            if kind not in KINDS or isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 1:
                ok = False
                break
            new[kind] = float(v)
        if ok:
            return new
    return None


# the answer the prompt gives as its example: a weak model may copy it, and its words are then not of this photo
PROMPT_EXAMPLE = {"quality": "poor", "scene": "a street at night", "low_light": "heavy", "rain": "none",
                  "noise": "moderate", "summary": "A dark street photo with strong grain."}
# what the MLLM's own words must not speak of, to be shown: a link, an action (the assistant's or the reader's), damage
# beyond the six kinds (the network mends none of it)
_NOT_OF_THE_PHOTO = re.compile(
    r"https?:|www\.|\.(?:com|org|net|io)\b|\b(?:i|i'll|i'm|we|you|your|me|my|will|repair\w*|restor\w*|fix\w*|"
    r"download\w*|click\w*|remov\w*|enhanc\w*|ignor\w*|scratch\w*|tear|torn|crack\w*|stain\w*|fad\w*|cast|dust\w*|"
    r"vignett\w*|flare|discolou?r\w*|sepia|yellow\w*)\b", re.I)


def own_words(parsed: dict, measured: dict[str, float]) -> str:
    """The MLLM's summary (else its scene), attributed, where it agrees with the measurements on every kind it
    answered (found: at least slight; not found: less than moderate), does not call a photo with damage found good,
    speaks of the photo alone (`_NOT_OF_THE_PHOTO`) and is not the prompt's example; else nothing. QA 69 F03: its
    summary had led the description unchecked: "A bright, clean, sharp photo" of a dark, noisy one, "scratches ...,
    which I will repair", a link."""
    for kind, v in parsed["severities"].items():
        if (v < DETECTED) if measured.get(kind, 0.0) >= DETECTED else (v >= 0.5):
            return ""
    if any(v >= DETECTED for v in measured.values()) and parsed.get("quality") in ("good", "great", "excellent",
                                                                                  "high"):
        return ""

    def shown(text):
        return text and not _NOT_OF_THE_PHOTO.search(text) and text.rstrip(".") not in (
            PROMPT_EXAMPLE["summary"].rstrip("."), PROMPT_EXAMPLE["scene"])

    if shown(parsed.get("summary")):
        return f"In the language model's words: “{parsed['summary']}”"
    scene = parsed.get("scene")
    return f"The language model sees {scene[0].lower() + scene[1:]}" if shown(scene) else ""


def build_prompt(measured: Description) -> str:
    """LLMRA's questions, with the analyzer's measurements to ground the answer."""
    found = [f"{words_for(k, v)} (severity {v:.2f})" for k, v in measured.severities.items() if v >= DETECTED]
    return (
        "You help restore a damaged photo. Measurements taken from the pixels: mean brightness "
        f"{round(100 * measured.brightness)}% of full scale, estimated noise sigma {measured.noise_sigma:.0f} "
        f"(0-255 scale). The analyzer found: {', '.join(found) if found else 'no degradation'}.\n"
        "Look at the image and answer:\n"
        "1. What is the overall low-level quality of the image (good, fair or poor)?\n"
        "2. How is the lighting? Are there dark areas?\n"
        "3. Are there rain streaks, and how heavy are they?\n"
        "4. Is there Gaussian noise, and what is its level?\n"
        "Answer with one JSON object only, using none, slight, mild, moderate, heavy or severe, for example: "
        + json.dumps(PROMPT_EXAMPLE)
    )


REFINE_EXAMPLE = {"low_light": 0.7}  # the refine prompt's example answer


def is_prompt_example(new: dict[str, float], current: dict[str, float]) -> bool:
    """Whether an update changes what the refine prompt's example sets and nothing else: a weak model copies it
    whatever the message says (SmolVLM-256M is that kind)."""
    return {k: v for k, v in new.items() if abs(v - current.get(k, 0.0)) >= 1e-6} == REFINE_EXAMPLE


def build_refine_prompt(message: str, severities: dict[str, float]) -> str:
    current = json.dumps({k: round(severities.get(k, 0.0), 2) for k in KINDS})
    return (
        "You adjust the description that drives a photo-restoration network. Each value (0-1) says how much "
        "of a degradation the network removes; 0 leaves it in the photo. Raising low_light makes the result "
        "brighter, lowering it darker; lowering noise keeps more grain and texture; raising a value removes "
        f"more of it.\nCurrent values: {current}\nThe person says: \"{message[:500]}\"\n"
        "Reply with one JSON object only: the new values of the degradations that change, for example "
        f"{json.dumps(REFINE_EXAMPLE)}."
    )


class MLLMUnavailable(RuntimeError):
    pass


class MLLMDescriber:
    """A multimodal LLM grounded by the analyzer's measurements; falls back to the analyzer.

    model_id: a hub id already in the local Hugging Face cache, or a local folder: nothing is downloaded (the
    product works offline; `hf download ID` fetches a model). device: None = CUDA if there is one. quantize: None =
    4-bit NF4 on CUDA when bitsandbytes is installed, "4bit" to force it (bitsandbytes also runs
    on CPU), False for none. dtype: on CPU float32 unless given ("bfloat16" halves memory).
    allow_download: accepted for callers that pass it, and ignored. The model loads on first use.
    """

    def __init__(self, model_id: str = DEFAULT_MODEL, device=None, quantize=None, dtype=None,
                 allow_download: bool = False, analyze=None, max_new_tokens: int = 160, max_time: float = 120.0,
                 image_side: int = IMAGE_SIDE):
        self.model_id = str(model_id)
        self.name = self.model_id
        self._device = device
        self.quantize = quantize
        self.dtype = dtype
        self.max_new_tokens = max_new_tokens
        self.max_time = max_time
        self.image_side = image_side
        self.analyzer = AnalyzerDescriber(analyze)
        self.model = None
        self.processor = None
        self.error: str | None = None  # why loading failed, once it has
        self.quantized = False
        self.timed_out = False  # the last generation hit max_time
        self._lock = threading.RLock()

    # --- loading -------------------------------------------------------------------------

    @property
    def device(self):
        import torch

        return torch.device(self._device or ("cuda" if torch.cuda.is_available() else "cpu"))

    def _want_4bit(self) -> bool:
        if self.quantize is False or self.quantize in ("none", "no"):
            return False
        if self.quantize in ("4bit", "nf4", True):
            return True
        if self.device.type != "cuda":
            return False
        try:
            import bitsandbytes  # noqa: F401
        except Exception:
            log.warning("bitsandbytes is not installed: loading %s without 4-bit quantization", self.model_id)
            return False
        return True

    def load(self):
        """Load the processor and the model (once); raises MLLMUnavailable with the reason."""
        with self._lock:
            if self.model is not None:
                return self
            if self.error is not None:
                raise MLLMUnavailable(self.error)
            try:
                self._load()
            except Exception as e:  # noqa: BLE001 - any failure means: no MLLM
                self.error = _reason(e, self.model_id)
                self.model = self.processor = None
                log.warning("MLLM %s unavailable: %s", self.model_id, self.error)
                raise MLLMUnavailable(self.error) from e
            return self

    def _load(self):
        _check_local(self.model_id)  # (first: a folder that is not there is said without transformers' 10 s import)
        import torch
        from transformers import AutoModelForImageTextToText, AutoProcessor

        device = usable_device(self._device)
        # from the disk alone, whatever the environment says: whether it downloaded had hung on HF_HUB_OFFLINE, which
        # the text encoder's load sets for the whole process, and without it the hub was retried for 150 s offline
        # (QA 69 F09)
        kw = {"local_files_only": True}
        processor = AutoProcessor.from_pretrained(self.model_id, **kw)
        if self._want_4bit():
            from transformers import BitsAndBytesConfig

            compute = torch.bfloat16 if device.type == "cuda" else torch.float32
            config = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4",
                                        bnb_4bit_use_double_quant=True, bnb_4bit_compute_dtype=compute)
            model = AutoModelForImageTextToText.from_pretrained(
                self.model_id, quantization_config=config, device_map={"": str(device)}, **kw)
            self.quantized = True
        else:
            dtype = _dtype(self.dtype) or (torch.bfloat16 if device.type == "cuda" else torch.float32)
            model = AutoModelForImageTextToText.from_pretrained(self.model_id, dtype=dtype, **kw).to(device)
        self.model, self.processor = model.eval(), processor

    # --- generation ----------------------------------------------------------------------

    def _prompt_text(self, content: list[dict]) -> str:
        messages = [{"role": "user", "content": content}]
        if getattr(self.processor, "chat_template", None):
            return self.processor.apply_chat_template(messages, add_generation_prompt=True)
        body = "".join("<image>" if c["type"] == "image" else c["text"] for c in content)
        return f"User:{body}<end_of_utterance>\nAssistant:"

    def generate(self, prompt: str, image=None, progress=None) -> str:
        """One answer from the model (greedy, bounded in tokens and seconds). `progress(fraction)` is told how much of
        those bounds is used, after each token (`_reporting`)."""
        import torch

        self.load()
        if progress is not None:  # (its words at once: the first token is seconds away on a CPU)
            progress(0.0)
        with self._lock, torch.inference_mode():
            content = ([{"type": "image"}] if image is not None else []) + [{"type": "text", "text": prompt}]
            text = self._prompt_text(content)
            if image is not None:
                inputs = self.processor(text=[text], images=[[image]], return_tensors="pt")
            else:
                inputs = self.processor(text=[text], return_tensors="pt")
            inputs = {k: v.to(self.device) for k, v in inputs.items()}
            if "pixel_values" in inputs and self.model.dtype in (torch.float16, torch.bfloat16):
                inputs["pixel_values"] = inputs["pixel_values"].to(self.model.dtype)
            n = inputs["input_ids"].shape[1]
            t0 = time.perf_counter()
            out = self.model.generate(**inputs, max_new_tokens=self.max_new_tokens, do_sample=False,
                                      max_time=self.max_time, stopping_criteria=self._reporting(progress, n, t0))
            self.timed_out = time.perf_counter() - t0 >= self.max_time
            return self.processor.batch_decode(out[:, n:], skip_special_tokens=True)[0].strip()

    def _reporting(self, progress, prompt_tokens: int, t0: float) -> list:
        """`generate`'s stopping criteria, which stop nothing: `progress` is told after each token how far the
        generation is towards the bound it ends at, at the latest: `max_new_tokens` or `max_time` (the page's bar had
        stood at 0.0% for the whole wait: QA 71 F03)."""
        if progress is None:
            return []
        import torch

        def report(input_ids, scores, **_):
            tokens = (input_ids.shape[1] - prompt_tokens) / self.max_new_tokens
            progress(min(1.0, max(tokens, (time.perf_counter() - t0) / max(self.max_time, 1e-3))))
            return torch.zeros(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)  # (none is done)

        return [report]

    # --- the describer interface ----------------------------------------------------------

    def looking_words(self) -> str:
        """What the page's bar says while the model looks at a photo (QA 71 F03: it had shown a bare timer, and a
        screen reader had heard "Working on it…" alone)."""
        return (f"The language model is looking at your photo (it gives up after {self.max_time:.0f} s "
                "and the offline analyzer describes it then)")

    def reading_words(self) -> str:
        """What the page's bar says while the model reads a person's words (a refinement: a wait of up to `max_time`
        too, before the restore's own words)."""
        return (f"The language model is reading your words (it gives up after {self.max_time:.0f} s "
                "and I read them myself then)")

    def _fallback(self, measured: Description, reason: str, raw: str | None = None) -> Description:
        measured.notice = (f"The language model ({self.model_id}) could not be used ({reason}), so my words come "
                           "from the analyzer's measurements alone.")
        measured.raw = raw
        return measured

    def describe(self, image, progress=None) -> Description:
        """The analyzer's measurements, then the model's look grounded in them (`merge`); `progress(fraction, desc=)`
        (as gr.Progress takes it) is told how far the look is, with `looking_words`."""
        measured = self.analyzer.measure(image)
        if measured.too_small:  # nothing measured to ground the language model's words in
            return measured
        try:
            self.load()
        except MLLMUnavailable as e:
            return self._fallback(measured, str(e))
        raw = None
        try:
            small = _rgb(image)
            small.thumbnail((self.image_side, self.image_side))
            with self._lock:  # (timed_out is of the last generation, any session's: read before another can run)
                raw = self.generate(build_prompt(measured), small, _saying(progress, self.looking_words()))
                timed_out = self.timed_out
        except Exception as e:  # noqa: BLE001 - OOM, time-out, processor errors: the analyzer answers
            return self._fallback(measured, _reason(e))
        parsed = parse_answer(raw)
        if parsed is None:
            reason = (f"it took longer than {self.max_time:.0f} s" if timed_out
                      else "its answer did not make sense")
            return self._fallback(measured, reason, raw)
        return self.merge(measured, parsed, raw)

    def merge(self, measured: Description, parsed: dict, raw: str) -> Description:
        """Measurements decide what is present and lead the words; the MLLM moves a found kind's level a little where
        it sees it too, a kind it alone sees is said to be its suspicion, and its own words follow where they agree
        (`own_words`)."""
        sev = dict(measured.severities)
        extra = []
        for kind, v in parsed["severities"].items():
            m = measured.severities.get(kind, 0.0)
            if m >= DETECTED and v >= DETECTED:  # (a found kind the MLLM does not see keeps its measured level:
                sev[kind] = (1 - MLLM_WEIGHT) * m + MLLM_WEIGHT * v  # measurement decides presence; QA 69 F14)
            elif m < DETECTED and v >= 0.5:
                extra.append(kind)
        sigma = measured.noise_sigma if sev["noise"] >= DETECTED else None
        parts = [words(sev, measured.brightness, sigma, suspected=extra)]
        if measured.colour_only_noise:
            parts.append(colour_noise_words(sev))
        if measured.dither:
            parts.append(dither_words(measured.dither))
        if extra:  # (the analyzer measures all six kinds: "which I could not measure" had stood beside "I see no rain")
            names = [k.replace("_", " ") for k in extra]
            names = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
            parts.append(f"The language model suspects {names}, which I did not find; "
                         f"tell me if you see it and I will remove it too.")
        parts.append(own_words(parsed, measured.severities))
        return Description(sev, " ".join(p for p in parts if p), measured.noise_sigma, measured.brightness,
                           self.model_id, raw=raw, measured=dict(measured.severities), frame=measured.frame,
                           blacks=measured.blacks, colour_only_noise=measured.colour_only_noise, dither=measured.dither)

    def refine(self, message: str, severities: dict[str, float], progress=None) -> dict[str, float] | None:
        """New severities from the MLLM's JSON update, or None (then the offline parser decides); `progress` as in
        `describe`, with `reading_words`."""
        if self.model is None and self.error is not None:
            return None
        try:
            raw = self.generate(build_refine_prompt(str(message), severities),
                                progress=_saying(progress, self.reading_words()))
        except Exception as e:  # noqa: BLE001
            log.info("MLLM refinement failed: %s", _reason(e))
            return None
        return parse_update(raw, severities)


def _saying(progress, words: str):
    """`progress` as a callback of the fraction alone that says `words` with it where it takes them (desc=, as
    gr.Progress does); None for none. (One of the fraction alone, as the Assistant's progress had been documented, had
    been called with desc= and its TypeError had made the model's look fall back to the analyzer: review72.)"""
    if progress is None or not _takes_words(progress):
        return progress
    return lambda fraction: progress(fraction, desc=words)


def _takes_words(progress) -> bool:
    """Whether `progress` takes desc= (a parameter of that name, or **kwargs)."""
    try:
        parameters = inspect.signature(progress).parameters.values()
    except (TypeError, ValueError):  # (a callable whose signature cannot be read: told the fraction alone)
        return False
    return any(p.name == "desc" or p.kind is p.VAR_KEYWORD for p in parameters)


def _dtype(name):
    import torch

    if name is None or isinstance(name, torch.dtype):
        return name
    dtypes = {"bfloat16": torch.bfloat16, "bf16": torch.bfloat16, "float16": torch.float16, "fp16": torch.float16,
              "float32": torch.float32, "fp32": torch.float32}
    if str(name) not in dtypes:
        raise MLLMUnavailable(f"no such dtype {name!r} (bfloat16, float16 or float32)")
    return dtypes[str(name)]


def _check_local(model_id: str) -> None:
    """A folder that is not there, or holds no weights, said as such (QA 69 F10: both had read "not available
    offline"). A hub id (owner/name) is looked for in the cache by the load itself."""
    path = os.path.expanduser(model_id)
    if os.path.isdir(path):
        if not any(f.endswith((".safetensors", ".bin")) for f in os.listdir(path)):
            raise MLLMUnavailable(f"the folder {model_id} holds no weights (*.safetensors or *.bin)")
    elif os.path.isabs(path) or model_id.startswith((".", "~")) or model_id.count("/") > 1 or os.path.exists(path):
        raise MLLMUnavailable(f"there is no folder {model_id}")


def usable_device(device, name: str = "device"):
    """torch's device for `device` (None: CUDA if there is one); MLLMUnavailable for one that is not here, in the
    restorer's words (one check: a GPU index past the GPUs here had passed this one's own: review 69)."""
    from restoration.restorer import check_device

    try:
        return check_device(device or None, name)
    except ValueError as e:
        raise MLLMUnavailable(str(e)) from None


def _reason(e: BaseException, model_id: str | None = None) -> str:
    """Why the MLLM (`model_id`, when it was loading) could not be used, in a line a person can act on."""
    name = type(e).__name__
    text = str(e).strip().splitlines()[0] if str(e).strip() else ""
    if isinstance(e, MLLMUnavailable):
        return text
    if "OutOfMemory" in name or isinstance(e, MemoryError) or "out of memory" in text.lower():
        return "not enough memory"
    kind = re.search(r"Unrecognized configuration class .*?configuration_(\w+)\.", text)
    if kind:  # AutoModelForImageTextToText does not take it
        return f"it is not an image-text model (a {kind.group(1)} model)"
    if "Unrecognized processing class" in text:
        return "it has no processor or tokenizer files"
    if isinstance(e, json.JSONDecodeError):
        return f"one of its JSON files does not parse ({text[:80]})"
    if isinstance(e, ImportError):
        return f"a package is missing: {text[:120]}"
    if isinstance(e, OSError) and model_id and os.path.isdir(os.path.expanduser(model_id)):
        return f"it does not load from {model_id} ({text[:120]})"
    if isinstance(e, OSError) and model_id:  # local_files_only: not in the Hugging Face cache
        return (f"{model_id} is neither a folder here nor in this machine's Hugging Face cache (nothing is "
                f"downloaded: `hf download {model_id}` fetches it)")
    return f"{name}: {text[:160]}" if text else name


_shared: dict[tuple, MLLMDescriber] = {}
_shared_lock = threading.Lock()


def shared_mllm(model_id: str = DEFAULT_MODEL, **kwargs) -> MLLMDescriber:
    """One MLLMDescriber per model and settings, shared by all conversations (the weights load once)."""
    key = (str(model_id), tuple(sorted((k, str(v)) for k, v in kwargs.items())))
    with _shared_lock:
        if key not in _shared:
            _shared[key] = MLLMDescriber(model_id, **kwargs)
        return _shared[key]


def loaded_status(spec) -> str:
    """What describes the photos, for the app's status line, with the describer `spec` names loaded now (at the app's
    start: the first photo does not wait for the load): "offline analyzer", "the language model ID", or "offline
    analyzer (the language model ID could not be used: why)". (The line had named the model asked for, "auto" or a
    folder that was not there, while the analyzer described every photo: QA 71 F02.)"""
    describer = make_describer(spec)
    if not isinstance(describer, MLLMDescriber):
        return "offline analyzer"
    try:
        describer.load()
    except MLLMUnavailable as e:
        return f"offline analyzer (the language model {describer.model_id} could not be used: {e})"
    return f"the language model {describer.model_id}" + (" in 4 bits" if describer.quantized else "")


def make_describer(spec="analyzer", analyze=None):
    """"analyzer" / None / "none" -> AnalyzerDescriber; "auto" -> the default MLLM if it is cached
    locally, else the analyzer; any other string -> that MLLM from the local cache or a folder (never downloaded);
    an object with .describe() -> itself."""
    if spec is None or (isinstance(spec, str) and spec.lower() in ("analyzer", "none", "offline", "")):
        return AnalyzerDescriber(analyze)
    if not isinstance(spec, str):
        if not hasattr(spec, "describe"):
            raise TypeError(f"a describer needs a describe(image) method; got {type(spec).__name__}")
        return spec
    model_id = DEFAULT_MODEL if spec.lower() == "auto" else spec
    return shared_mllm(model_id) if analyze is None else MLLMDescriber(model_id, analyze=analyze)
