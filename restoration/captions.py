"""Words for degradations: varied captions for training, and one plain description.

`caption` draws a natural sentence at random (many templates, synonyms, severity words,
sometimes numbers, sometimes the absent degradations named as absent) so the network learns
the meaning rather than one template. `describe` writes the plain sentence the analyzer and
the assistant use; it is one of the forms `caption` can produce, so it is in-distribution.
"""

from __future__ import annotations

import math
import random
import re

from .degrade import KINDS, MAX_SIGMA, MIN_GAIN

DETECTED = 0.1  # a severity below this counts as absent

# Five severity levels; the bounds are severity values (0-1).
LEVEL_BOUNDS = (0.25, 0.45, 0.65, 0.85)
# Severities within this of a level bound are told as a blend of the two levels' words (`straddle`):
# the words change in steps, and a photo read near a bound came back a level too bright or too dark
# (weights/README.md, "Severities near a level bound").
LEVEL_BLEND = 0.06


# Kinds whose captions can state a number: noise its sigma, low light its stops of underexposure.
# A network's captions state the numbers its config names (DCFormerConfig.caption_numbers);
# `describe` must be given the same, or the network reads a form it was not trained on.
NUMBERED = ("noise", "low_light")
DEFAULT_NUMBERS = ("noise",)  # what every checkpoint without caption_numbers was trained with
STOPS_PER_SEVERITY = math.log2(1 / MIN_GAIN)  # low-light severity 1.0 keeps 3% of the light: 5.06 stops


def level(severity: float) -> int:
    return sum(severity >= b for b in LEVEL_BOUNDS)


# For each kind and level: ("adj", words) read "the photo is <words>"; ("np", words) read
# "there is <words>". The first entry of each level is the plain form `describe` uses.
WORDS: dict[str, list[list[tuple[str, str]]]] = {
    "noise": [
        [("np", "slight noise"), ("np", "faint grain"), ("np", "a little noise"), ("np", "a touch of grain"),
         ("adj", "slightly grainy"), ("np", "a hint of noise"), ("np", "barely visible noise"),
         ("np", "very light grain")],
        [("np", "mild noise"), ("np", "some grain"), ("np", "light noise"), ("np", "visible grain"),
         ("adj", "a bit noisy"), ("np", "some sensor noise"), ("np", "light colour noise"), ("adj", "somewhat grainy"),
         ("adj", "a little speckled")],
        [("np", "moderate noise"), ("np", "noticeable grain"), ("np", "clear speckles"),
         ("np", "a fair amount of noise"), ("adj", "noisy"), ("np", "noticeable sensor noise"),
         ("np", "colour noise"), ("np", "digital noise"), ("adj", "grainy"), ("adj", "speckled")],
        [("np", "heavy noise"), ("np", "strong grain"), ("np", "lots of speckles"), ("np", "heavy grain"),
         ("adj", "very noisy"), ("np", "strong sensor noise"), ("np", "heavy colour noise"), ("adj", "very grainy"),
         ("adj", "badly speckled"), ("adj", "mottled with noise")],
        [("np", "severe noise"), ("np", "extreme grain"), ("np", "very heavy noise"),
         ("np", "overwhelming speckle noise"), ("adj", "extremely noisy"), ("np", "extreme sensor noise"),
         ("np", "noise everywhere"), ("adj", "buried in noise"), ("adj", "drowned in grain")],
    ],
    # plain forms chosen by the shipped model's response on training photos (docs/model_history.md,
    # "Which of the caption words the plain description uses")
    "rain": [
        [("np", "faint rain streaks"), ("np", "a little drizzle"), ("np", "a few rain streaks"),
         ("np", "a few faint raindrops"), ("np", "a few falling raindrops")],
        [("np", "light rain"), ("np", "light rain streaks"), ("np", "some rain streaks"), ("np", "drizzle"),
         ("np", "some falling rain"), ("adj", "a little rainy"), ("np", "a light rainfall")],
        [("np", "moderate rain"), ("np", "rain streaks"), ("np", "noticeable rain streaks"), ("adj", "rainy"),
         ("np", "streaks of falling rain"), ("np", "raindrops streaking across it"), ("np", "steady rainfall")],
        [("np", "heavy rain"), ("np", "heavy rain streaks"), ("np", "dense rain streaks"), ("np", "lots of rain"),
         ("np", "pouring rain"), ("adj", "very rainy"), ("np", "streaks of rain everywhere")],
        [("np", "very heavy rain streaks"), ("np", "torrential rain"), ("np", "a downpour"), ("np", "a cloudburst"),
         ("np", "driving rain"), ("np", "rain so heavy the scene is hard to see")],
    ],
    "low_light": [
        [("adj", "slightly dim"), ("adj", "a bit dark"), ("adj", "slightly underexposed"),
         ("adj", "a little too dark"), ("adj", "slightly underlit")],
        [("adj", "dim"), ("adj", "somewhat dark"), ("adj", "underexposed"), ("np", "low light"), ("adj", "underlit"),
         ("adj", "dimly lit"), ("adj", "rather dark"), ("np", "weak lighting")],
        [("adj", "dark"), ("adj", "quite dark"), ("adj", "clearly underexposed"), ("np", "poor lighting"),
         ("adj", "poorly lit"), ("adj", "gloomy"), ("adj", "too dark"), ("np", "not enough light"),
         ("np", "dim lighting")],
        [("adj", "very dark"), ("adj", "badly underexposed"), ("adj", "very dim"), ("np", "very low light"),
         ("adj", "very poorly lit"), ("adj", "far too dark"), ("adj", "very underlit"), ("np", "hardly any light")],
        [("adj", "extremely dark"), ("adj", "almost black"), ("adj", "severely underexposed"), ("adj", "close to black"),
         ("adj", "almost completely dark"), ("np", "almost no light"), ("np", "near darkness")],
    ],
    "blur": [
        [("adj", "slightly soft"), ("adj", "a little blurry"), ("np", "slight blur"),
         ("adj", "a little out of focus"), ("adj", "not quite sharp")],
        [("adj", "soft"), ("adj", "somewhat blurry"), ("np", "mild blur"), ("adj", "not sharp"),
         ("adj", "slightly defocused"), ("np", "some softness")],
        [("adj", "blurry"), ("adj", "out of focus"), ("np", "motion blur"), ("np", "noticeable blur"),
         ("adj", "defocused"), ("adj", "unsharp"), ("np", "visible blur"), ("np", "lens blur"),
         ("adj", "motion-blurred")],
        [("adj", "very blurry"), ("adj", "badly out of focus"), ("np", "strong motion blur"), ("adj", "badly blurred"),
         ("adj", "heavily defocused"), ("np", "heavy blur"), ("np", "a lot of blur")],
        [("adj", "extremely blurry"), ("adj", "smeared"), ("np", "severe blur"), ("adj", "completely blurred"),
         ("adj", "totally out of focus"), ("np", "extreme blur"), ("np", "no sharp detail at all")],
    ],
    "jpeg": [
        [("np", "slight compression artifacts"), ("np", "faint JPEG artifacts"), ("adj", "lightly compressed"),
         ("np", "a few compression blocks")],
        [("np", "mild compression artifacts"), ("np", "some JPEG artifacts"), ("adj", "somewhat compressed"),
         ("np", "some blocking"), ("np", "light JPEG compression")],
        [("np", "JPEG artifacts"), ("np", "blocky compression artifacts"), ("adj", "blocky"), ("adj", "compressed"),
         ("adj", "over-compressed"), ("np", "visible 8x8 blocks"), ("np", "compression blocks")],
        [("np", "heavy compression artifacts"), ("np", "strong blocking"), ("adj", "very blocky"),
         ("adj", "heavily compressed"), ("np", "lots of blocking"), ("np", "strong JPEG compression")],
        [("np", "severe JPEG blocking"), ("np", "extreme compression artifacts"), ("adj", "extremely compressed"),
         ("adj", "ruined by compression"), ("np", "blocks everywhere")],
    ],
    "haze": [  # level 3's plain form, "very foggy", dehazes more than "foggy"; "very hazy" less (model card)
        [("adj", "slightly hazy"), ("np", "a little haze"), ("np", "faint haze"), ("adj", "a little washed out"),
         ("np", "a light veil of haze")],
        [("adj", "hazy"), ("adj", "a bit washed out"), ("np", "light fog"), ("adj", "a bit foggy"),
         ("adj", "low in contrast"), ("np", "some haze"), ("np", "some fog")],
        [("adj", "foggy"), ("adj", "quite hazy"), ("np", "haze"), ("adj", "smoggy"), ("adj", "faded"), ("np", "fog"),
         ("np", "a grey veil"), ("np", "atmospheric haze")],
        [("adj", "very foggy"), ("np", "thick fog"), ("adj", "washed out"), ("adj", "very hazy"),
         ("adj", "very faded"), ("np", "heavy haze"), ("np", "heavy smog")],
        [("np", "dense fog"), ("adj", "extremely foggy"), ("np", "a wall of fog"), ("adj", "completely fogged"),
         ("np", "fog so dense little is visible")],
    ],
}

ABSENT = {
    "noise": ["no noise", "no grain", "the noise is fine"],
    "rain": ["no rain", "I see no rain", "there is no rain"],
    "low_light": ["the exposure is fine", "not dark", "well exposed"],
    "blur": ["it is sharp", "no blur", "in focus"],
    "jpeg": ["no compression artifacts", "no blocking"],
    "haze": ["no haze", "no fog"],
}

CLEAN = ["The photo looks clean.", "a clean photo", "no degradation", "Nothing to fix, the image is clean.",
         "clean, sharp and well exposed", "no noise, no rain, good exposure", "The picture is fine as it is.",
         "A clear, clean photograph.", "no visible problems", "clean image"]

_SUBJECTS = ["the photo", "the image", "this picture", "the shot", "it", "the picture", "this photograph",
             "my photo", "the frame"]


def _clause(form: str, words: str, rng: random.Random, first: bool) -> str:
    subject = rng.choice(_SUBJECTS)
    if form == "adj":
        if first:
            return rng.choice([f"{subject} is {words}", f"it's {words}", words, f"{subject} looks {words}",
                               f"{subject} came out {words}", f"{subject} seems {words}"])
        return rng.choice([f"is {words}", words, f"looks {words}"])
    if first:
        return rng.choice([f"there is {words}", f"{subject} has {words}", words, f"I see {words}",
                           f"{subject} suffers from {words}", f"{subject} shows {words}", f"there's {words}"])
    return rng.choice([f"has {words}", words, f"there is {words}", f"shows {words}", f"with {words}"])


def plain_number(kind: str, severity: float) -> str:
    """The number `describe` states: " (sigma around 30)", " (about 3.5 stops under)"."""
    if kind == "noise":
        # rounded as `evidence` rounds the measured sigma, which came here divided by MAX_SIGMA (127.5 as 127.4999...)
        return f" (sigma around {round(round(severity * MAX_SIGMA, 6))})"
    if kind == "low_light":  # to the half stop: the analyzer measures it to about a quarter
        return f" (about {round(2 * severity * STOPS_PER_SEVERITY) / 2:g} stops under)"
    return ""


def _number(kind: str, severity: float, rng: random.Random) -> str:
    if kind == "noise":
        sigma = severity * MAX_SIGMA
        sigma = round(sigma / 5) * 5 if rng.random() < 0.4 else round(sigma)
        return rng.choice([f" (sigma around {sigma})", f", sigma about {sigma}", f" with a noise level near {sigma}"])
    # one form, drawing nothing from rng: with it the captions differ from those without it only
    # by the number (the training ablation compares them)
    return plain_number(kind, severity)


def caption(severities: dict[str, float], rng: random.Random, absent_mentions: float = 0.15,
            numbers: tuple[str, ...] = DEFAULT_NUMBERS) -> str:
    """A random natural sentence naming the degradations in `severities` (kind -> 0-1); some
    state the number of the kinds in `numbers`."""
    present = [(k, s) for k, s in severities.items() if s >= DETECTED]
    if not present:
        return rng.choice(CLEAN)
    rng.shuffle(present)
    parts = []
    for i, (kind, sev) in enumerate(present):
        form, words = rng.choice(WORDS[kind][level(sev)])
        text = _clause(form, words, rng, first=(i == 0))
        if rng.random() < 0.3 and kind in numbers:
            text += _number(kind, sev, rng)
        parts.append(text)
    absent = [k for k in KINDS[:3] if k not in severities or severities[k] < DETECTED]
    for kind in absent:
        if rng.random() < absent_mentions:
            parts.append(rng.choice(ABSENT[kind]))
    if len(parts) == 1:
        text = parts[0]
    else:
        joiner = rng.choice([", ", " and ", "; ", ", and "])
        text = ", ".join(parts[:-1]) + (joiner if joiner != ", " else ", ") + parts[-1]
    style = rng.random()
    if style < 0.15:
        text = rng.choice(["Restore this photo: ", "Please fix: ", "Problems: ", "Unfortunately ", "I think ",
                           "The trouble is: ", "Please clean this up, "]) + text
    elif style < 0.25:
        text = text.lower()
    if text and text[-1] not in ".!":
        text += "." if rng.random() < 0.7 else ""
    return text[0].upper() + text[1:] if rng.random() < 0.8 else text


def _phrase_pattern(phrases) -> re.Pattern:
    alternatives = sorted({re.escape(p.lower().rstrip(".")) for p in phrases}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


# The common words that name a kind, alone or in other sentences ("noise", "sigma 25", "remove the rain", "misty",
# "jpg", "speckle": review 57 F3); whole words, so "darkness", "mistake" and "software" name nothing
_KIND_WORDS = {"noise": ["noise", "noisy", "noises", "grain", "grainy", "grains", "speckle", "speckles", "speckled",
                         "speckly", "sigma"],
               "rain": ["rain", "rainy", "raining", "rains", "raindrop", "raindrops", "drizzle", "drizzly", "drizzling",
                        "rainfall", "downpour"],
               "low_light": ["dark", "darker", "dim", "dimly", "dimmed", "underexposed", "underexposure", "underlit",
                             "low light", "low lit", "gloomy"],
               "blur": ["blur", "blurs", "blurry", "blurred", "blurring", "blurriness", "focus", "unfocused",
                        "out of focus", "defocused", "unsharp", "soft"],
               "jpeg": ["jpeg", "jpg", "compress", "compression", "compressed", "block", "blocks", "blocky", "blocking",
                        "blockiness", "artifacts", "artefacts"],
               "haze": ["haze", "hazy", "fog", "foggy", "fogged", "smog", "smoggy", "mist", "misty", "washed out",
                        "faded"]}
# Every phrase the training captions name a kind with, present or absent, its words alone, and the clean sentences
_KNOWN = {kind: _phrase_pattern([w for level_words in WORDS[kind] for _, w in level_words] + ABSENT[kind]
                                + _KIND_WORDS[kind]) for kind in WORDS}
_KNOWN_CLEAN = _phrase_pattern(CLEAN + ["clean"])


KNOWN_EXAMPLES = '"heavy noise", "very dark", "light rain", "blurry", "JPEG artifacts", "hazy"'


def kinds_named(text: str) -> set[str]:
    """The kinds `text` names in the training captions' words or a kind's common words ("noise", "misty",
    "jpg"), and "clean" where it names the photo clean. Empty for other wordings ("murky", "static"), which
    the network follows less well than no text
    (weights/README.md, the paraphrase column)."""
    text = text.lower()
    text += " " + text.replace("-", " ")  # "low-light" as "low light" (and "motion-blurred" as it is)
    named = {kind for kind, pattern in _KNOWN.items() if pattern.search(text)}
    return named | ({"clean"} if _KNOWN_CLEAN.search(text) else set())


def evidence(brightness: float, sigma: float | None = None) -> str:
    """The measurements behind a description, as the analyzer states them.

    brightness: mean of the photo in 0-1; sigma: noise standard deviation (0-255 scale).
    """
    text = f"Measured: mean brightness {round(100 * brightness)}% of full scale"
    if sigma is not None:
        text += f", noise sigma ≈ {round(sigma)}"
    return text + "."


def dither_words(dither: str) -> str:
    """What the analyzer says of a dithered palette image (Analysis.dither: "palette" or "black and white")."""
    if dither == "black and white":
        return "It is black and white only (1 bit), its greys dithered into dots: the dots are the noise I see."
    return ("It has only a few colours (a palette image, such as a GIF), dithered into dots: the dots are the noise "
            "I see.")


def words_for(kind: str, severity: float) -> str:
    """The plain words for one degradation, such as "heavy noise" or "very dark"."""
    return WORDS[kind][level(severity)][0][1]


def bound_near(severity: float, width: float = LEVEL_BLEND) -> float | None:
    """The level bound within `width` of `severity`, if any (less a hair: a severity set to bound ± width,
    as an edit lands, lies outside)."""
    return next((b for b in LEVEL_BOUNDS if abs(severity - b) < width - 1e-9), None)


def straddle(severities: dict[str, float], width: float,
             numbers: tuple[str, ...] = DEFAULT_NUMBERS) -> list[tuple[dict[str, float], float]]:
    """`severities` as weighted severities to describe, the weights summing to 1. A kind within `width`
    of a level bound, and not stated by its number, is split between the levels either side of the
    bound in proportion to where it lies (half each on the bound), so that the words' guidance moves
    smoothly across the bound instead of in one step."""
    out = [(dict(severities), 1.0)]
    for kind, s in severities.items():
        bound = bound_near(s, width)
        if kind in numbers or bound is None:
            continue
        up = (s - bound + width) / (2 * width)  # the upper level's share
        out = [({**sev, kind: side}, weight * share) for sev, weight in out
               for side, share in ((bound - width, 1 - up), (bound + width, up))]
    return out


def describe(severities: dict[str, float], numbers: tuple[str, ...] = DEFAULT_NUMBERS) -> str:
    """The plain description: "The photo is very dark and has heavy noise (sigma around 30)."; it
    states the numbers of the kinds in `numbers`."""
    present = sorted(((k, s) for k, s in severities.items() if s >= DETECTED), key=lambda ks: -ks[1])
    if not present:
        return CLEAN[0]
    adjs, nps = [], []
    for k, s in present:
        words = words_for(k, s) + (plain_number(k, s) if k in numbers else "")
        (adjs if WORDS[k][level(s)][0][0] == "adj" else nps).append(words)
    parts = []
    if adjs:
        parts.append("is " + " and ".join(adjs))
    if nps:
        parts.append("has " + (", ".join(nps[:-1]) + " and " + nps[-1] if len(nps) > 1 else nps[0]))
    return "The photo " + " and ".join(parts) + "."
