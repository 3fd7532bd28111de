"""`Assistant`: one conversation about one photo: look, restore, refine, undo.

The description drives the restoration network: what it names is removed, as strongly as it says;
what it leaves out stays in the photo. So a refinement is an edit of the severities (kind -> 0-1),
the description is written again from them in the form the network was trained on
(`Restorer.describe`) and the network runs again from the ORIGINAL photo ("brighter" = ask it to
remove more of the darkness, "keep the grain" = ask for less noise removal), unless the person
asks to build on the current result ("on top of this", "further"): then it runs on the current
result, described afresh by the analyzer.

Every result is kept at full size with the severities and text that made it (the last MAX_HISTORY, fewer of a
large photo: KEPT_PIXELS): undo and redo move through that history and give back exactly the images shown before.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, field, replace

from restoration.analyzer import mean_brightness
from restoration.captions import DETECTED, LEVEL_BOUNDS, words_for
from restoration.degrade import KINDS, MAX_SIGMA
from restoration.restorer import (MAX_PIXELS, PhotoForm, TooLarge, descreen_note, in_dots, open_photo, read_in_dots,
                                  shipped_checkpoint, unreadable_message, with_luma_of)

from . import embedding, instructions
from .describer import WHAT_I_DO, AnalyzerDescriber, Description, MLLMDescriber, is_prompt_example, make_describer
from .describer import words as describe_words
from .instructions import (A_BIT, AS_IT_IS, FULL, NORMAL, PREVIOUS, SECOND_LAST, Change, Edit, Instruction, normalize,
                           parse, parse_rules)
from .lexicon import ACTION_NAMES, FADING, KIND_RE, MORE_WORD, MOST_WORD, PRINT_SCREEN
from .measures import (CHECK_SIDE, as_rgb, centre_crop, colour_energy, dark_channel, direction_spread, edges,
                       edges_as_bright, grain, grain_back, hf_energy, long_lines, luminance, one_toned, pixel_change,
                       tone_spread)
from .severity import ADD_A_BIT, UP_STEP, apply_edits, at_strongest, halfway, lower_severity, raise_severity
from .wording import (KIND_NAMES, change_line, figures_line, from_to, in_turn, said_words, sev_words, tried_words,
                      words_pair)

log = logging.getLogger(__name__)

MAX_HISTORY = 32  # results kept for undo (full size); the original is always kept
# and at most this many pixels of them: each result is kept at full size, and the app keeps a conversation per browser
# session (32 results of a 24 MP photo had held 2.3 GB, of a 50 MP one 4.8 GB: big71). 1.2 GB of 8-bit RGB: every one
# of the 32 of a 12 MP photo, 16 of a 24 MP one, 8 of a 50 MP one
KEPT_PIXELS = 400_000_000
LARGE_PHOTO = 4_000_000  # pixels from which the upload's reply says how long a restore takes and what undo keeps

HELP = (
    "Here is what I understand:\n"
    "- **restore**: fix the photo as I described it.\n"
    "- **refine**: *brighter* / *darker*, *more* or *less denoising*, *keep the grain* (or texture), *sharper*, "
    "*remove the haze* / *the rain* / *the blockiness*, *there is no rain*, *also remove the rain*, "
    "*much stronger*, *a bit less*, *use sigma 10* (the noise's strength, 5-50), *make it 20% brighter*, *somewhere in "
    "between* (the last two results). I re-run from the original photo; "
    "add *on top of this* to build on "
    "the current result instead.\n"
    "- **undo**, **redo**, **start over**.\n"
    "- **compare**: the original and the current result side by side.\n"
    "- **what do you see?**: what I measure in the photo (and in the result); ask *is the rain gone?* or "
    "*why is it darker?* and I answer from the description and what I measure, without changing anything.\n"
    f"I take out {WHAT_I_DO}; I do not crop, resize, recolour or mend scratches.")
# help where the network did not load: what works without it (HELP had listed restoring and every change: app74)
HELP_WITHOUT_NETWORK = (
    "Here is what I can do without the restoration network:\n"
    "- **a photo**: put one in and I tell you what is wrong with it and how badly.\n"
    "- **what do you see?**: what I measure in it; ask *is it noisy?* or *is there rain?* and I answer from what I "
    "measure.\n"
    "Restoring the photo and changing the result (*brighter*, *keep the grain*, *undo*, *compare*) need it.")

# of an edit op, on the severity
_DIRECTION = {"up": 1, "add": 1, "down": -1, "remove": -1, "keep": 0, "floor": 0, "some": 0, "set": 0}

# common words of the languages people try first: a message not understood that has them gets told
# that only English is read
_FOREIGN = re.compile(r"\b(?:por favor|puedes|más|muy|foto|imagen|claro|oscuro|aclar\w*|s'il|vous|très|plus clair|"
                      r"sombre|bitte|heller|dunkler|mehr|bild|più|chiaro|scuro|immagine|"
                      # verbs and nouns of a request (helper 54b: "quitar el ruido", "aufhellen", "restaurer" had
                      # had the help text alone)
                      r"arregl\w*|quitar|ruido|mejor\w*|restaurar|eliminar|entfern\w*|rauschen|aufhell\w*|"
                      r"verbesser\w*|repariere?n?|améliorer|enlever|bruit|lumineuse|éclaircir|restaurer|réparer|"
                      r"nettoyer|la photo|"
                      # undo and redo (QA 56 F11: "rückgängig", "deshacer", "annuler" had had the help text alone)
                      r"rückgängig|zurück\w*|wiederherstellen|deshacer|deshaz\w*|rehacer|annule[rz]?|rétablir|défaire|"
                      r"revenir en arrière|atrás|annulla|indietro|desfazer|voltar|ongedaan|terug)\b")

# what the network does not do (lexicon.OUTSIDE), and what does it
OUTSIDE = {
    "damage": "mend scratches, dust, stains, tears or creases: they are damage to the print itself, and the "
              "network learnt none of them. A healing or inpainting tool (GIMP's Heal tool, for one) mends them",
    "red_eye": "correct red eyes: a photo editor's red-eye tool does",
    "overlay": "remove watermarks, logos or date stamps: that needs an inpainting tool",
    "object": "remove people or things from the photo: that needs an inpainting (object removal) tool",
    "geometry": "crop, rotate, flip or resize: the result always has your photo's size and framing, and any "
                "image editor does those afterwards",
    "colour": "change colours (colourising, saturation, tint, white balance, sepia): the network takes the "
              "damage out and keeps the photo's own colours",
    "scene": "remove snow, glare, lens flare, reflections, vignetting (dark corners) or colour fringing: the "
             "network learnt none of them. A photo editor's lens correction takes out vignetting and fringing",
    "effect": "add effects or filters (a vignette, a vintage look, HDR, a frame): the network only takes damage out, "
              "and a photo editor's filters add those",
    "retouch": "retouch faces or skin: I restore the whole photo alike",
    "part": "change one part of the photo alone (one side, the sky, a face): the network treats the whole photo "
            "alike, and a photo editor's selection and brush tools do that",
    "content": "tell what your photo shows, or where, when or with what camera it was taken: I measure only its "
               "damage (*what do you see?* says what I measure)",
    "chat": "talk about other things (the time, the weather, jokes): I only restore photos, and I run offline, with "
            "no news, clock or weather to look at",
}
# "who are you?" (instructions.OFF_TOPIC): said instead of what cannot be done
ABOUT_ME = ("I am a photo-restoration assistant. I measure what is wrong with your photo (how strong its noise is, "
            "how dark it is, rain streaks, blur, JPEG blocking, haze) and say it in words; a restoration network (the "
            "DC-former) takes that damage out as the words say, and you change the result by changing the words. "
            "Everything runs on this machine, offline.")


# what the words of the replies mean, asked ("what does sigma mean?"; Assistant._meaning adds the photo's figures)
MEANINGS = {
    "sigma": "Sigma is how strong the noise is: the typical size of its random speckle, in brightness levels out of "
             "255. I call it {levels}",
    "stops": "A stop is a halving of light: a photo 1 stop under got half the light it needed, 3 stops under an "
             "eighth.",
    "noise": "Noise (grain) is the random speckle of brightness and colour over a photo, strongest in dark shots and "
             "from small camera sensors; film grain looks alike. Denoising takes it out: *more denoising* takes more, "
             "*keep the grain* leaves some in.",
    "rain": "Rain streaks are the thin light lines that falling rain leaves across a photo. Removing them is *remove "
            "the rain*; *there is no rain* leaves them in, if what I read as rain is something else.",
    "low_light": "Low light means the photo is too dark (underexposed): too little light reached the camera. I "
                 "brighten it and take out the noise a dark shot brings: *brighter* or *darker* changes how much.",
    "blur": "Blur is softness: edges spread out, from camera shake, a moving subject or missed focus. *sharper* asks "
            "for more sharpening, *less sharpening* for less.",
    "jpeg": "JPEG blocking (compression artifacts) is the grid of small squares and the ringing around edges that "
            "strong JPEG compression leaves, as in photos saved small or sent through messaging apps. Deblocking "
            "smooths it out.",
    "haze": "Haze is a veil of fog, mist or smog: it lowers contrast and washes colours towards grey. Taking it "
            "out (dehazing) deepens the colours and darkens the photo a little: *less dehazing* if it goes too far.",
    "version": "Each result I make gets a number, version 1, 2, 3 and so on: say *version 2* to see one again, "
               "*compare version 1 and 3* to see two side by side. Results undone are kept.",
    "description": "The description is the sentence I give the network{current}: it says what to take out and how "
                   "strongly, and what it does not name is left in the photo. What you tell me changes it.",
    "on_top": "*on top of this* builds the next change on the current result. Without it I run the network "
              "again on the photo the result was made from (your photo as uploaded, unless that result was itself "
              "built on another), with the new description.",
    "undo": "*undo* goes back one step, to what was shown before (a result, or your photo as uploaded), and *redo* "
            "forward again. Results undone keep their numbers, and *version N* brings one back.",
    "redo": "*redo* brings back what *undo* took away, one step at a time.",
    "start_over": "*start over* goes back to your photo as uploaded and my first description of it. The results made "
                  "so far are kept: *undo* or *version N* brings one back.",
    "restore": "*restore* runs the network on your photo with the current description and shows the result, "
               "numbered as a new version (or the version those words already made).",
    "compare": "*compare* shows your photo as uploaded and the current result side by side, with a slider to sweep "
               "between them; *compare version 1 and 3* shows two results.",
}

NO_RESULTS = ("There are no results yet", ": say *restore* to make the first one.")  # (Assistant._restore_hint's)
NO_PHOTO = ("Please upload a photo first (drop it into the chat or use the upload button). I will tell you "
            "what is wrong with it, then you can say *restore* and tweak the result.")


@dataclass
class Reply:
    """What the assistant says; `image` only when the reply brings a picture to show (a result,
    the photo after undo / start over, the pair when comparing). `Assistant.result` is always the
    current result."""

    text: str
    image: object | None = None  # PIL.Image.Image: the result to show, full size
    before: object | None = None  # PIL.Image.Image: the original, when comparing
    intent: str = ""  # what the message was understood as
    severities: dict | None = None  # the current severities (kind -> 0-1)
    description: str | None = None  # the text that drives the network now

    def __repr__(self):
        size = f"{self.image.size}" if self.image is not None else "None"
        return f"Reply(intent={self.intent!r}, image={size}, text={self.text[:80]!r})"


@dataclass
class Step:
    """One place in the history that undo and redo move through: the image shown, and what made it."""

    image: object  # PIL, full size: what is shown (a result in the photo's form: grey, alpha kept)
    severities: dict[str, float]
    base: object  # the image the network ran on (the original, or an earlier result)
    prompt: str | None  # the text the network ran with; None for the photo as uploaded
    label: str  # how it was made: "original", "restore", "refine", "start over" or "nothing named"
    seconds: float = 0.0  # how long making it took (the settle check's runs included)
    edited: dict[str, int] = field(default_factory=dict)  # kind -> 1 removed more, -1 less, 0 left in
    reference: dict[str, float] = field(default_factory=dict)  # the severities found in `base`
    change: Change = field(default_factory=Change)  # what "more" and "less" act on after this step
    version: int = 0  # a result's number in the conversation (1 the first; "back to version 2"), 0 for the others
    parent: "Step | None" = field(default=None, repr=False)  # the step it was made from (the history under undo is
    # not a line: results undone stay there, Assistant._push)
    analysis: "Description | None" = field(default=None, repr=False)  # what the analyzer finds in `image`, once
    # (Assistant._measure: a list of the versions had measured each full-size result at every ask)
    mixed: float = 1.0  # the share of the network's run in `image`, the rest `base` (_bounded)
    with_parent: bool = False  # made on top of `parent` in the message that showed it (Assistant._on_top_too): a
    # plain *undo* or *redo* moves past both, as one message is one step back (review 64 F2)

    @property
    def is_result(self) -> bool:
        return self.prompt is not None


# of a veil a brightening brought (Assistant._brought, and the answer to "is it hazy?")
VEIL_NO_CURE = "Removing haze is no cure for it: on a photo without haze it darkens more than it adds contrast"
# removing haze widened the photo's tone spread (measures.tone_spread) this much: it was hazy, whatever the analyzer
# read. The 71 photos of data/photos at 192 px, told "The photo is hazy.": of the 68 clear ones the analyzer reads
# no haze in, 1 widened this much (aero1, 1.43x); of those it misses under restoration.degrade's haze (0.5, 0.3, 0.5
# with noise 0.3; 72 photos), 43 did
VEIL_WIDENED = 1.4
# words that say more of a removal ("denoise a bit more", "sharpen it a bit", "a bit cleaner")
_MORE_SAID = re.compile(r"\b(?:more|harder|stronger|further|again|still|extra|\w+er)\b|\bsharpen")

_restorer_lock = threading.Lock()
_shared_restorer = None


def shared_restorer():
    """The default Restorer (the shipped checkpoint), loaded once per process on first need."""
    global _shared_restorer
    with _restorer_lock:
        if _shared_restorer is None:
            from restoration import Restorer

            encoder = embedding.loaded_encoder()
            restorer = None
            if encoder is not None:
                try:
                    restorer = Restorer.from_pretrained(text_encoder=encoder)
                except ValueError:  # the checkpoint wants another encoder
                    restorer = None
            _shared_restorer = restorer or Restorer.from_pretrained()
            _share_encoder(_shared_restorer)
        return _shared_restorer


class RestorerUnavailable(RuntimeError):
    """The shared restorer did not load (the shipped weights missing, or Git LFS pointers in their place): its
    message is the reply, and the conversation goes on without the network."""

    def said(self) -> str:
        """The reply (this message, which says how to get the weights); the loader's error, its cause, is logged."""
        log.warning("%s", self.__cause__)
        return str(self)


def _unavailable(e: Exception) -> RestorerUnavailable:
    """The reply to the shared restorer's failure to load, `e`: the loader's words whole (they say how to get the
    weights, which _short's 200 characters could cut)."""
    why = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return RestorerUnavailable(f"I cannot restore photos here: the restoration network did not load ({why})."
                               " I can still describe your photo and answer questions about it.")


def _weights_missing() -> str:
    """Why the shared restorer cannot load, from the shipped weights' files alone (there, not Git LFS pointers),
    without loading it; "" where they are there or it has loaded."""
    if _shared_restorer is not None:
        return ""
    try:
        shipped_checkpoint()
    except (OSError, ValueError) as e:
        return str(_unavailable(e))
    return ""


def _share_encoder(restorer) -> None:
    enc = getattr(restorer, "text_encoder", None)
    if enc is not None and getattr(enc, "name", None) == "minilm" and embedding.loaded_encoder() is None:
        embedding.set_shared_encoder(enc)


_DAMAGE = {"noise": "grain", "rain": "rain", "low_light": "darkness", "blur": "blur", "jpeg": "blocking",
           "haze": "haze"}


# what a person can say about each kind once it is restored (each one parses to that kind's edit)
_HINTS = {
    "low_light": ("brighter", "darker"),
    "noise": ("more denoising", "keep the grain"),
    "rain": ("more rain removal", "less rain removal"),
    "blur": ("sharper", "softer"),
    "jpeg": ("remove the blocks",),
    "haze": ("dehaze more", "less dehazing"),
}
_NAME_IT = {"low_light": "brighter", "noise": "remove the noise", "rain": "remove the rain", "blur": "sharper",
            "jpeg": "remove the blocks", "haze": "remove the haze"}  # each parses to that kind's "add"
_OFF = {"low_light": "no brightening", "noise": "no denoising", "rain": "no rain removal", "blur": "no sharpening",
        "jpeg": "no deblocking", "haze": "no dehazing"}  # each parses to that kind's "remove"
# the removals that take fine detail with them, and what eases each: a softness the photo did not have is theirs (QA 61
# F04: rain removal took examples/rainy_seeding.jpg from blur 0.00 to "soft", 0.29)
_SMOOTHING = {"noise": "keep the grain", "rain": "less rain removal", "jpeg": "less deblocking"}
# what smooths a photo besides denoising, and the words that take less of it out
_EASED = {"jpeg": "less deblocking", "rain": "less rain removal", "blur": "softer", "haze": "less dehazing"}
_FULLY = {"low_light": "as bright as possible", "noise": "maximum denoising", "rain": "remove the rain completely",
          "blur": "as sharp as possible", "jpeg": "remove the blocks completely", "haze": "remove the haze completely"}


def _room(kind: str, s: float, way: int = 1) -> str:
    """How far the removal of a kind can still go: "how much more can you brighten it?"; or, `way` -1, how much
    less of it can be removed: "can it get any darker?" (it had answered about brightening)."""
    if way < 0:
        if s < DETECTED:
            return (f"None of it is removed now, so that is as far as it goes: the network removes "
                    f"{_DAMAGE[kind]}; it cannot add any.")
        steps, x = 0, s
        while x >= DETECTED and steps < 10:
            x, steps = lower_severity(kind, x, NORMAL), steps + 1
        less = _HINTS[kind][-1] if len(_HINTS[kind]) > 1 else _EASED[kind]
        return (f"{steps} step{'s' * (steps != 1)} of *{less}* take{'s' * (steps == 1)} the {ACTION_NAMES[kind]} off, "
                f"back to your photo's own {_DAMAGE[kind]}; *{_OFF[kind]}* does that at once.")
    if s >= DETECTED and at_strongest(kind, s):
        return "That is the strongest setting: I cannot take out more of it."
    steps, x = 0, s
    while not at_strongest(kind, x) and steps < 10:  # the steps of *more* to the top (noise moves by its sigma)
        x, steps = raise_severity(kind, x, NORMAL, x), steps + 1
    where = f", {steps} step{'s' * (steps != 1)} above this" if s >= DETECTED else ""
    return (f"The strongest setting is “{words_for(kind, 1.0)}”{where}: say *{_HINTS[kind][0]}* for one step, or "
            f"*{_FULLY[kind]}* for all of it.")


class Assistant:
    """One conversation: `upload(image)`, then `send(text)`; both return a `Reply` and never raise.

    describer: "analyzer" (offline default), "auto" (the default MLLM if it is available locally,
    else the analyzer), a model id or folder (that MLLM), or a describer object.
    restorer: a `Restorer` to use (share one across conversations); None loads the shipped one at
    the first photo (once per process; the description is in its form). progress: default
    progress callback (fraction 0-1), e.g. a gr.Progress; `upload` and `send(..., progress=)` override it. A
    language model's look and reading pass it its words too, as `desc=` (gr.Progress's name), where it takes that.
    analyze: the analyzer function (default `restoration.analyze`). max_pixels: larger uploads are
    refused with a message (checked before decoding).
    """

    def __init__(self, describer="analyzer", restorer=None, progress=None, analyze=None, max_pixels=MAX_PIXELS):
        self.describer = make_describer(describer, analyze)
        self.measurer = (self.describer if isinstance(self.describer, AnalyzerDescriber)
                         else getattr(self.describer, "analyzer", None) or AnalyzerDescriber(analyze))
        self._restorer = restorer
        self.progress = progress
        self._lock = threading.RLock()
        self.original = None
        self.measured: Description | None = None
        self.history: list[Step] = []
        self.redo_stack: list[Step] = []
        self.moved_from_redo = False  # the last step put the results under redo under undo (Assistant._push)
        self.pending_version: int | None = None  # an edit of this version was refused: "no, I meant ..." is of it
        self.last_change = Change()  # what "more" and "less" act on now
        self.refused = False  # the last message's change was refused, none of it kept: "too much" has nothing to ease
        self.undone: Step | None = None  # the step the last message's plain *undo* took back: "too much" next is of
        # the step shown now, which the reply says (_after_undo)
        self.failed: tuple | None = None  # the last refinement refused: (the step it was of, the words and checks
        # asked, the reply, the last change after it): the same asked of the same step is answered without a run
        self.repeatable: tuple[str, Instruction] | None = None  # the last edit, undo or redo: what "again" repeats
        self.said = ""  # the message (or step) being answered: a share of brightness is quoted in its words
        self.form = PhotoForm()  # the upload's transparency and greyness, which every result keeps
        self.dropped = 0  # results that fell off the history
        self._shown = self._shown_before = None  # the image the last reply showed, and the one before it
        self._compared: tuple[int | None, int] | None = None  # the versions the last compare showed (of, than; of
        # None: the result shown, beside the upload, by a plain *compare*)
        self._noticed = False
        self.max_pixels = max_pixels
        self.photos_uploaded = 0  # in this session (each upload starts a new conversation); the last upload's alone is
        # kept (QA 61 F11)
        self.results_of_the_photo_before: int | None = None  # the results the photo before this one had, when it went

    # --- state -------------------------------------------------------------------------------

    @property
    def restorer(self):
        if self._restorer is None:
            try:
                self._restorer = shared_restorer()
            except Exception as e:  # (tried again at the next need: `git lfs pull` mends it without a restart)
                raise _unavailable(e) from e
        return self._restorer

    def _cannot_restore(self) -> str:
        """Why the network cannot run (the restorer's failure to load, which says how to get the weights), else "".
        Loads nothing where the upload's load worked; a failed one is tried again, cheaply (hello had said "Say
        *restore*" after the upload said it could not: review 69)."""
        if self._restorer is not None or self.original is None:
            return ""
        try:
            self.restorer
        except RestorerUnavailable as e:
            return str(e)
        return ""

    def _restore_hint(self, lead: str, invitation: str) -> str:
        """`lead` then `invitation` (to say *restore*); where the network cannot load, `lead` then why, once (it says
        how to get the weights): a dozen replies had invited a *restore* that could not run (fix70a)."""
        why = self._cannot_restore()
        return ". ".join(filter(None, (lead, why))) if why else lead + invitation

    @property
    def current(self) -> Step | None:
        return self.history[-1] if self.history else None

    @property
    def result(self):
        """The latest result shown (None before the first restore)."""
        step = self.current
        return step.image if step is not None and step.is_result else None

    @property
    def uploaded(self):
        """The photo as uploaded, as it is shown (`original` is the RGB the network runs on)."""
        return self.history[0].image if self.history else None

    def which_picture(self, image) -> str:
        """What `image`, a picture this conversation showed, is in words: "as uploaded", "version 2" (a result, shown
        now, undone or under redo), else "a result" (the app labels its before / after view with it)."""
        if image is not None and image is self.uploaded:
            return "as uploaded"
        return next((f"version {s.version}" for s in self._versions().values() if s.image is image), "a result")

    def time_to_restore(self) -> str | None:
        """About how long the network takes on this photo here, in words ("about 20 seconds"), from the restores
        timed so far, or one tile timed before the first (`Restorer.seconds_for`); None before a photo, or from a
        restorer that times nothing. The app's page says it while a restore runs (QA 59 F3)."""
        if self.original is None or self._cannot_restore():  # (it had raised: "how long will it take?" was an error)
            return None
        seconds = self.restorer.seconds_for(*self.original.size)
        return None if seconds is None else _about(seconds)

    @property
    def results_kept(self) -> int:
        """How many results undo keeps of this photo: MAX_HISTORY, fewer of a photo so large that they would pass
        KEPT_PIXELS."""
        pixels = self.original.width * self.original.height if self.original is not None else 1
        return max(1, min(MAX_HISTORY, KEPT_PIXELS // pixels))

    def _large_photo_note(self, w: int, h: int) -> str:
        """The upload's note on its size: of a LARGE_PHOTO, also how long a restore takes here (minutes on a CPU: a
        24 MP photo's reply had said its size alone, big71) and, where fewer than MAX_HISTORY, the results kept."""
        if w * h < LARGE_PHOTO or self._cannot_restore():
            return f"({w}×{h} pixels.)"
        about = self.time_to_restore()
        notes = [f"a restore takes {about} here"] if about else []
        if self.results_kept < MAX_HISTORY:
            notes.append(f"I keep its last {self.results_kept} results for *undo*")
        return f"({w}×{h} pixels{': ' if notes else ''}{', and '.join(notes)}.)"

    @property
    def can_undo(self) -> bool:
        """Whether *undo* has a step to go back to (the app's Undo button is usable then)."""
        return len(self.history) > 1

    @property
    def can_redo(self) -> bool:
        return bool(self.redo_stack)

    @property
    def severities(self) -> dict[str, float]:
        return dict(self.current.severities) if self.current else {}

    @property
    def description(self) -> str | None:
        """The words the network runs with now; None before a photo, or without a network (every reply carries
        them: the restorer's failure to load had made every reply, even to *hello*, raise: QA 69 F01)."""
        try:
            return self.network_text(self.current.severities) if self.current else None
        except RestorerUnavailable:
            return None

    def network_text(self, severities: dict[str, float]) -> str:
        """The description the network runs with: the plain form its checkpoint was trained on
        (with the numbers its captions stated), never a person's or the MLLM's own words."""
        return self.restorer.describe(severities)

    def _said(self, step: Step) -> str:
        """The words a result was made with, quoted: near a level bound, where the lesser share is a quarter or more,
        with the blend in plain words after them (it had quoted one beside a change line that named both at 50%
        each: review 51; below a quarter, the words quoted are the network's, near enough; in the list of versions,
        two results had read alike: helper 54a)."""
        told = self.restorer.told(step.severities)
        if len(told) < 2 or min(share for _, share in told) < 0.25:
            return f"“{step.prompt}”"
        # the blend in plain words, beside the words quoted (QA 61 F13: “… extremely dark …” 50% + “… very dark …”
        # 50% had been quoted, the network's mixing, not words a person reads)
        blended = [f"{KIND_NAMES[k]}: {sev_words(k, x)}" for k, x in step.severities.items()
                   if x >= DETECTED and sev_words(k, x) != f"“{words_for(k, x)}”"]
        return f"“{step.prompt}” ({'; '.join(blended)})." if blended else f"“{step.prompt}”"

    def _version_said(self, step: Step) -> str:
        """ "version 3, the result made with “…”", as undo and redo name the result they go to."""
        return f"version {step.version}, the result made with {self._said(step)}"

    def told(self, severities: dict[str, float]) -> tuple:
        """What the network is given for `severities` (its words, blended near a level bound): two severities it
        is told alike give the same result."""
        return tuple((text, round(w, 4)) for text, w in self.restorer.told(severities))

    def _reply(self, text: str, image=None, intent: str = "", before=None) -> Reply:
        if image is not None and image is not self._shown:  # what a question's "darker" compares with
            self._shown_before, self._shown = self._shown, image
        if image is not None and intent != "compare":
            self._compared = None
        return Reply(text, image, before, intent, self.severities or None, self.description)

    def _notice(self, desc: Description) -> str:
        if desc.notice and not self._noticed:
            self._noticed = True
            return desc.notice + "\n\n"
        return ""

    # --- public ------------------------------------------------------------------------------

    def upload(self, image, progress=None) -> Reply:
        """Start the conversation over with a new photo; the reply says what is wrong with it."""
        with self._lock:
            try:
                photo, form, frames = open_photo(image, self.max_pixels)  # frames: a note, "" for one frame
            except TooLarge as e:
                return Reply(f"That photo is too large for me ({e}); I take up to {self.max_pixels / 1e6:.0f} "
                             "megapixels. Please upload a smaller copy.", intent="upload_failed")
            except Exception as e:  # noqa: BLE001 - anything Pillow cannot read
                log.info("could not open an upload: %s", e)
                return Reply(unreadable_message(e, image), intent="upload_failed")
            try:
                desc = self._look(form.apply(photo), self.progress if progress is None else progress)  # (with its
                # transparency: what is seen)
            except Exception as e:  # noqa: BLE001
                log.exception("describing the photo failed")
                return Reply(f"I could not analyse this photo ({_short(e)}). Please try another one.",
                             intent="upload_failed")
            closed = ("(A new photo starts a new conversation: the last one's results are no longer under *undo*.)\n\n"
                      if self._versions() else "")  # (also where every result was undone: review 42)
            if self.original is not None:  # (QA 61 F11: what "go back to the first photo" can say of it)
                self.results_of_the_photo_before = len(self._versions())
            self.photos_uploaded += 1
            self.original, self.measured, self.form = photo, desc, form
            desc.severities = read_in_dots(self._ran_on(photo), desc.severities)  # (a photo in dots: the noise the
            # network is told, so that *less* and *more denoising* step from it)
            self.history = [Step(form.apply(photo), dict(desc.severities), photo, None, "original",
                                 reference=dict(desc.severities))]
            self.redo_stack, self.last_change, self.dropped, self.repeatable, self.failed = [], Change(), 0, None, None
            self.undone = None
            self._shown, self._shown_before, self._compared = self.history[0].image, None, None
            try:  # the restorer loads at the first photo: one that cannot load is said now, not at *restore*
                self.restorer
                hint = _upload_hint(desc, photo)
            except RestorerUnavailable as e:
                hint = e.said()
            w, h = photo.size
            if frames:  # (it had not said so: review 42)
                closed += f"(This is {frames}.)\n\n"
            return self._reply(f"{closed}{self._notice(desc)}{desc.text}\n\n{hint} {self._large_photo_note(w, h)}",
                               intent="upload")

    def _look(self, image, progress) -> Description:
        """The describer's description of `image`. A language model's look, which can take minutes, tells `progress`
        how far it is, in its words (`MLLMDescriber.describe`; QA 71 F03); the analyzer's takes about a second."""
        if isinstance(self.describer, MLLMDescriber):
            return self.describer.describe(image, progress)
        return self.describer.describe(image)

    def send(self, text, progress=None) -> Reply:
        """One message from the person. Never raises: errors come back as a Reply."""
        with self._lock:
            try:
                return self._send(text, self.progress if progress is None else progress)  # (a gr.Progress is falsy)
            except RestorerUnavailable as e:
                return self._reply(e.said(), intent="error")
            except Exception as e:  # noqa: BLE001
                log.exception("the assistant failed on %r", str(text)[:200])
                return self._reply(f"Sorry, that failed ({_short(e)}). Your photo and results are kept; try "
                                   "again, or say *undo* or *help*.", intent="error")

    # words that change the picture or the before / after ("again" repeats the last edit); the rest (a question, help,
    # thanks: the parser's "unknown", "help", ...) does not
    CHANGES_PICTURE = frozenset({"restore", "refine", "undo", "redo", "start_over", "compare"})

    def would_change_picture(self, text) -> bool:
        """Whether `send(text)` would change the picture or the before / after, read as `send` reads it (each step,
        embeddings and all): the app holds such words back when they came with a refused file (review 55b F3: its
        own parse without embeddings had let "make it look new" restore the earlier photo)."""
        return any(i.intent in self.CHANGES_PICTURE or i.premise.get("again") for i in map(parse, self._steps(text)))

    def _steps(self, text) -> list:
        """The steps of a message ("undo and make it darker"), read as steps only once there is a photo."""
        return instructions.steps(text) if self.original is not None else [text]

    # --- dispatch ----------------------------------------------------------------------------

    def _send(self, text, progress) -> Reply:
        parts = self._steps(text)
        if len(parts) > 1:  # "undo and make it darker": each step in turn, one reply for all
            replies = []
            for part in parts:
                try:
                    replies.append(self._send_one(part, progress))
                except RestorerUnavailable as e:  # (said and logged as a message of one step is)
                    replies.append(self._reply(e.said(), intent="error"))
                    break
                except Exception as e:  # noqa: BLE001 - the steps done so far stay, and are said
                    log.exception("the assistant failed on the step %r", part[:200])
                    replies.append(self._reply(f"Sorry, “{part}” failed ({_short(e)}); the steps before it are "
                                               "done and kept.", intent="error"))
                    break
            self.repeatable = None  # "again" after it is not its last step alone (it had repeated "make it darker")
            shown = [r for r in replies if r.image is not None]
            last = replies[-1]
            note = LONG_NOTE if normalize(text)[1] else ""
            return Reply(note + "\n\n".join(r.text for r in replies), shown[-1].image if shown else None,
                         shown[-1].before if shown else None, last.intent, last.severities, last.description)
        return self._send_one(text, progress)

    def _send_one(self, text, progress) -> Reply:
        inst = parse(text)
        self.said = str(text)
        if inst.premise.get("just") and self.result is not None:  # "just remove the noise please" after a restore:
            inst = replace(inst, edits=[e for e in inst.edits if e.op != "remove"])  # the rest kept, not taken back
        if inst.premise.get("again") and self.repeatable is not None:  # "again" after "brighter": brighter once more
            return self._again(inst, progress)
        if inst.intent in self.CHANGES_PICTURE:
            self.repeatable = None  # a correction, a version or a restore is not said again (the same words give the
            # same result), nor is the step before one that failed
        shown = self.current
        reply = self._answer_to(text, inst, progress)
        if inst.intent in ("refine", "undo", "redo") and not inst.correction and inst.version is None \
                and self.current is not shown:  # (one that changed nothing had been repeated, refusal and all)
            self.repeatable = (str(text), inst)
        elif inst.intent == reply.intent == "compare":  # *undo*, *compare*, *one more time* had undone again
            self.repeatable = (str(text), inst)
        return reply

    def _again(self, asked: Instruction, progress) -> Reply:
        """The last edit, undo or redo once more; "again, but a bit less": in a smaller step, where the words have
        one (it had been a step back). One that changes nothing is not repeated after (it had been, refusal and all)."""
        text, inst = self.repeatable
        note = f"(Again: *{text}*.)"
        if asked.premise.get("smaller") and inst.intent == "refine":
            smaller = replace(inst, amount=min(inst.amount, A_BIT) if inst.scale else inst.amount,
                              edits=[replace(e, amount=min(e.amount, A_BIT)) if e.op in ("up", "down") else e
                                     for e in inst.edits])
            now, found = self.current.severities, self.measured.severities
            words = [self.told(apply_edits(now, i, found, self.last_change)[0]) for i in (inst, smaller)]
            if words[0] != self.told(now):  # (at the limit the refusal says why)
                note = (f"(Again: *{text}*. A smaller step gives the same words here.)" if words[0] == words[1]
                        else f"(Again, a smaller step: *{text}*.)")
            inst = smaller
        shown = self.current
        reply = self._prefix(note + "\n\n", self._answer_to(text, inst, progress))
        if self.current is shown:
            self.repeatable = None
        return reply

    def _answer_to(self, text, inst: Instruction, progress) -> Reply:
        note = LONG_NOTE if inst.truncated else ""
        letters = [c for c in str(text) if c.isalpha()]
        if inst.intent in ("empty", "unknown") and letters and sum(ord(c) > 127 for c in letters) > len(letters) / 4:
            return self._english_only()
        if inst.intent == "empty":
            emoji = any(ord(c) > 0x2000 and not c.isalnum() for c in str(text))
            msg = "Type what you would like me to do" + (" (in words: I do not read emoji). " if emoji else ". ")
            msg += NO_PHOTO if self.original is None else self._restore_hint("", "Say *restore* to start, or *help*.")
            return self._reply(msg, intent="empty")
        if self.original is None:
            return self._without_photo(inst)
        if self.photos_uploaded > 1 and inst.intent in ("undo", "compare", "unknown") \
                and _EARLIER_PHOTO.search(str(text)):
            # "go back to the first photo" after a second upload (QA 61 F11: read as *version 1*, it had answered "This
            # is version 1 already.", as if the first photo's results were still here)
            return self._prefix(note, self._earlier_photo_gone())
        if inst.intent == "refine" and inst.premise.get("opposed"):  # "20% darker and 2 stops brighter": which
            # (review 57 F7: the later had been made alone, with the earlier's share)
            return self._prefix(note + self._cannot(inst.outside), self._reply(_which_way(inst.about), intent="refine"))
        if inst.intent == "refine" and inst.premise.get("sigma", 0) < 0:  # "use sigma -5" (QA 73 F12: the help text)
            return self._reply(f"Sigma goes from 0 (no denoising) to {MAX_SIGMA:g} (the strongest): say *use sigma "
                               "10*, for example.", intent="refine")
        if inst.intent == "refine" and inst.premise.get("zero"):  # "0% brighter", "denoise 0 times" (QA 73 F11: a
            # plain step had run): nothing, or the rest asked beside it
            if not (inst.edits or inst.scale or inst.clear):
                return self._reply(f"A change of zero is no change, so I ran nothing: {_name(self.current)} stays as it "
                                   "is.", intent="refine")
            note += "(What you asked zero times, or by 0%, is no change: I left it out.)\n\n"
            inst = _without_premise(inst, "zero")
        if inst.intent == "refine" and inst.premise.get("refused"):  # "less denoising but don't make it noisier"
            kind, way = inst.about[0], inst.premise["refused"]
            if not inst.edits:  # (the step alone offered only where it changes something: review 65 F4)
                s = self.severities.get(kind, 0.0)
                movable = not at_strongest(kind, s) if way > 0 else s >= DETECTED
                return self._prefix(note + self._cannot(inst.outside),
                                    self._reply(_step_refused(kind, way, alone=movable), intent="refine"))
            # "brighter and less denoising but don't make it noisier": the rest is made, the refusal held (review 65
            # F1: nothing had been made)
            note += f"({_step_refused(kind, way, rest=True)})\n\n"
            inst = _without_premise(inst, "refused", about=[],
                                    edits=[*inst.edits, Edit(kind, "floor" if way < 0 else "keep")])
        if inst.intent == "refine" and "bound" in inst.premise and inst.about:  # "... but no noisier than version 1"
            return self._prefix(note, self._as_far_as_version(inst, progress))
        if inst.clear:  # "make it clearer": of a damage the photo has (_clear_kind)
            inst, said = self._clear(inst)
            if inst is None:
                return self._prefix(note, self._reply(said, intent="refine"))
            note += said
        if inst.intent == "refine" and self._faded_print_dehazed(text, inst):  # (QA 66 F02)
            note += self._cannot(inst.outside) + FADED_PRINT.format(blacks=100 * self.measured.blacks) + "\n\n"
            inst = replace(inst, edits=[e for e in inst.edits if e.kind != "haze"], outside=[])
            if not inst.edits:
                return self._reply(f"{note}What I can take out is {WHAT_I_DO}: name what to change, or *help*.",
                                   intent="outside")
        if inst.intent == "refine" and PRINT_SCREEN.search(str(text).lower()) and any(
                e.kind == "noise" and e.op in ("add", "up", "some") for e in inst.edits):  # (not "keep the moiré")
            note += "(I take a printed photo's halftone screen, and the moiré it makes, out as noise.)\n\n"
        if inst.intent == "refine" and inst.premise.get("share"):  # "50% less noise" (QA 73 F14: the figure unsaid)
            said = instructions.share_said(str(text), inst.premise["share"])  # (in their words: "a quarter")
            note += (f"(I cannot aim at {said} for this: only a share of the "
                     "brightness, such as *20% brighter*, is measured to reach its figure. This is the same step as without it.)\n\n")
        if inst.intent == "refine" and inst.premise.get("steps"):  # "10 stops darker" (review 57 F6: capped unsaid)
            note += (f"(That is more than the {FULL:.0f} steps that reach the strongest setting from anywhere: I went "
                     f"{FULL:.0f}.)\n\n")  # (not the steps asked: "a little brighter x11" had been "you asked for 5")
        if inst.intent == "refine" and inst.premise.get("sigma"):  # "use sigma 70" (QA 61 F06: 50 used unsaid)
            note += (f"(Sigma {inst.premise['sigma']:g} is above the {DETECTED * MAX_SIGMA:g}-{MAX_SIGMA:g} I use: I used "
                     f"{MAX_SIGMA:g}, the strongest setting.)\n\n")
        if inst.intent == "refine" and inst.version is None:
            note += self._a_bit_more(text, inst)
        if inst.intent == "refine" and "brightness_to" in inst.premise:  # "set brightness to 80%"
            inst, said = self._to_brightness(inst)
            if inst is None:
                return self._prefix(note, self._reply(said, intent="refine"))
            note += said
        pending, self.pending_version = self.pending_version, None
        refused, self.refused = self.refused, False
        undone, self.undone = self.undone, None
        if inst.intent == "refine" and refused and inst.scale == "down" and not inst.edits:  # "too much" right after
            # a refusal (review 56 F4: it had eased the change refused, then the restore: brighter and grainier)
            return self._prefix(note, self._reply(
                f"Nothing of that change was kept ({_name(self.current)} is as it was), so there is nothing to take "
                "back. Name what to ease, for example *less brightening* or *less denoising*, or say *undo*.",
                intent="refine"))
        if inst.intent == "refine" and undone is not None and inst.scale and not inst.edits:  # "too much" right after
            # *undo*: of the step shown now, not of the one undone (dialogue71: after an undo to the photo it had run a
            # weaker restore from it, unsaid)
            said = self._after_undo(undone, inst.scale)
            if not self.current.is_result:
                return self._prefix(note, self._reply(said, intent="refine"))
            note += f"({said})\n\n"
        if inst.intent == "refine" and inst.correction == "replace" and pending is not None:
            inst = replace(inst, correction=None, version=pending)  # "version 2 but darker" refused, "no, I meant
            # brighter": of version 2 (it had brightened the result shown)
        if inst.intent == "refine" and inst.correction:
            return self._prefix(note, self._correct(inst, progress))
        if inst.intent == "refine" and "like" in inst.premise:  # "make it as sharp as version 1"
            return self._prefix(note, self._like_version(inst, progress))
        if inst.intent == "refine" and inst.premise.get("between"):  # "somewhere in between"
            return self._prefix(note, self._between(inst, progress))
        if inst.intent == "refine" and inst.premise.get("both"):  # "make both brighter": the one shown, and a word of
            # the other where two versions were compared (it had said nothing of the other)
            inst = _without_premise(inst, "both")
            shown = self._shown_number()
            others, pair = sorted(v for v in self._versions() if v != shown), self._two_compared()
            if pair and shown not in pair and inst.version is None:  # two others compared: as "make version 1 and
                # 2 darker" (code review 40: it had changed the one shown, and named one of them)
                inst = replace(inst, version=pair[0], premise={**inst.premise, "also": pair[1]})
            elif shown is not None and others and inst.version is None:
                other = next((v for v in pair if v != shown), others[0] if len(others) == 1 else None)
                note += _one_at_a_time(inst, f"{shown}, the one shown", other, others[-1])
        if inst.intent == "refine" and inst.version is not None:  # "version 1 but brighter"
            also = inst.premise.get("also")  # "make version 1 and 2 brighter": the first, and a word of the other
            if also:
                inst = _without_premise(inst, "also")
                note += _one_at_a_time(inst, self._number(inst.version), also, also)
            return self._prefix(note, self._refine_from(inst, progress))
        if inst.intent in ("refine", "unknown"):
            updated = self._mllm_update(str(text), inst, progress)
            if updated is not None:
                return self._prefix(note, self._refine(replace(inst, intent="refine", via="mllm"), progress,
                                                       updated))
        if inst.intent == "refine" and inst.premise:  # "it's darker than the original, fix it" of a brighter one
            note += self._contradicted(inst.premise)
        if inst.intent == "unknown" and _FOREIGN.search(str(text).lower()):  # another language's common words, as
            return self._english_only()  # another script (QA 72 F4: they had had the whole help text after it)
        handler = {
            "restore": self._restore_intent, "refine": self._refine, "undo": self._undo, "redo": self._redo,
            "start_over": self._start_over, "describe": self._describe, "compare": self._compare,
            "help": self._help, "question": self._answer, "thanks": self._thanks, "leave": self._leave,
            "greeting": self._greeting, "save": self._save, "suggest": self._suggest, "outside": self._outside,
            "unknown": self._unknown,
        }[inst.intent]
        if inst.intent not in ("outside", "question"):  # "brighter and crop it": the rest is done, this said (a
            note += self._cannot(inst.outside)  # question about colours is answered: _answer)
        return self._prefix(note, handler(inst, progress))

    def _english_only(self) -> Reply:
        """The one line said to a message in another language: the help text after it reads as "say it again"."""
        then = ", or *help*." if self.original is not None else ". " + NO_PHOTO
        return self._reply(self._restore_hint("I only understand English for now", ". Try *restore*, *brighter*, "
                                              f"*keep the grain* or *undo*{then}"), intent="unknown")

    def _after_undo(self, undone: Step, scale: str) -> str:
        """What a scale word ("too much", "more") right after *undo* is of: the step shown now, whose change it scales
        (said); where that is the photo as uploaded, nothing: there is no change to step back from or go on with."""
        gone = f"{_name(undone)}, which the undo took back, is under *redo*"
        if not self.current.is_result:
            return (f"There is nothing to {'step back from' if scale == 'down' else 'go further with'}: the undo "
                    f"brought back your photo as uploaded, and {gone}. Say *restore*, or name what to change, for "
                    "example *less brightening* or *more denoising*.")
        kinds = ([k for k, w in self.last_change.ways.items() if w]  # (after a restore, every kind it removes)
                 or [k for k, s in self.severities.items() if s >= DETECTED])
        what = f": of its {' and '.join(ACTION_NAMES[k] for k in kinds)}" if kinds else ""
        return f"After the undo, that is of {_name(self.current)}, shown now{what}; {gone}."

    def _a_bit_more(self, text, inst: Instruction) -> str:
        """The note on "denoise a bit" / "remove a little rain" said of a result: read as a bit more of it than the
        result's, which the words of the change do not say (*light denoising* is less: QA 61 F01)."""
        step = self.current
        kinds = [e.kind for e in inst.edits if e.op in ("add", "up") and e.amount == A_BIT and e.kind != "low_light"
                 and step is not None and step.is_result and step.severities.get(e.kind, 0.0) >= DETECTED]
        if not kinds or _MORE_SAID.search(str(text).lower()):
            return ""
        actions = " and ".join(ACTION_NAMES[k] for k in kinds)
        return (f"(I read that as a bit more {actions} than this result has; for less than it has, say "
                f"*light {ACTION_NAMES[kinds[0]]}*.)\n\n")

    def _without_photo(self, inst: Instruction) -> Reply:
        """Before any upload: what needs no photo (help, a greeting, "who are you?", "what does sigma mean?") is
        answered beside the request for one; anything else gets the request alone."""
        if inst.intent == "help":
            said = self._help_text()
            return Reply(f"{said}\n\n{NO_PHOTO}" if said == HELP else said, intent="help")  # (NO_PHOTO invites a
            # *restore*; the other help asks for a photo itself)
        if inst.intent == "greeting":
            return Reply("Hello! " + NO_PHOTO, intent="greeting")
        if inst.intent == "outside" and set(inst.outside) & {"self", "chat"}:
            return Reply(ABOUT_ME + "\n\n" + NO_PHOTO if "self" in inst.outside else
                         f"I cannot {OUTSIDE['chat']}.\n\n{NO_PHOTO}", intent="outside")
        if inst.intent == "question" and inst.premise.get("meaning"):
            return Reply(self._meaning(inst.about) + "\n\n" + NO_PHOTO, intent="question")
        return Reply(NO_PHOTO, intent="no_photo")

    def _faded_print_dehazed(self, text, inst: Instruction) -> bool:
        """Whether `inst` takes haze out, asked as fading (no other haze word: "it's not faded, it's hazy, remove the
        haze" is dehazing), of a photo that reads as a faded print (its blacks lifted to PRINT_BLACKS) with no haze
        found: dehazing darkens such a print below its own tones."""
        said = str(text).lower()
        return (bool(FADING.search(said)) and not KIND_RE["haze"].search(FADING.sub("", said))
                and self.measured.blacks >= PRINT_BLACKS
                and self.measured.severities.get("haze", 0.0) < DETECTED
                and any(e.kind == "haze" and e.op in ("add", "up") for e in inst.edits))

    def _cannot(self, outside: list[str]) -> str:
        """The note on what a request asks beside its edits that the network does not do."""
        return ("(I cannot " + "; nor ".join(OUTSIDE[k].split(":")[0] for k in outside) + "."
                + self._scratch_hint(outside) + ")\n\n") if outside else ""

    @staticmethod
    def _prefix(note: str, reply: Reply) -> Reply:
        if note:
            reply.text = note + reply.text
        return reply

    def _mllm_update(self, text: str, inst: Instruction, progress=None) -> dict[str, float] | None:
        """With a loaded MLLM: its JSON update, if it validates and agrees with what the rules saw (`progress` told how
        far the model's reading is, as `_look`)."""
        d = self.describer
        if not isinstance(d, MLLMDescriber) or d.model is None or inst.on_top:
            return None
        start = self.current.severities
        new = d.refine(text, start, progress)
        if new is None:
            return None
        if inst.intent == "refine":
            offline, touched = apply_edits(start, inst, self.measured.severities, self.last_change,
                                           restored=self.result is not None)
            for k in touched:
                a, b = offline[k] - start.get(k, 0.0), new[k] - start.get(k, 0.0)
                if (a > 0) != (b > 0) or (a < 0) != (b < 0):
                    return None  # the model contradicts the plain reading: trust the rules
            # only the kinds the message names (QA 69 F04: *brighter* answered {"low_light": 0.4, "noise": 0.0} had
            # turned the denoising off)
            new = {k: new[k] if k in touched else start.get(k, 0.0) for k in KINDS}
        elif is_prompt_example(new, start):  # chatter with the refine prompt's example echoed (QA 69 F05)
            return None
        return None if all(abs(new[k] - start.get(k, 0.0)) < 1e-6 for k in KINDS) else new

    # --- restoring -----------------------------------------------------------------------------

    def _run(self, base, severities: dict[str, float], progress) -> tuple[object, str, float]:
        prompt = self.network_text(severities)
        t0 = time.perf_counter()
        # told as `prompt` says, blended near a level bound (Restorer.context); inside a uniform frame, the photo alone,
        # put back in its frame (the frame in the network's input had kept a dark photo dark: 8.7 dB against 19.5
        # restored alone, helper 54b's F01)
        box = self._frame(base)
        image = self._network(self._ran_on(base), severities, progress)
        if box is not None:
            image = _pasted(base, image, box)
        _share_encoder(self.restorer)
        return image, prompt, time.perf_counter() - t0

    def _network(self, image, severities: dict[str, float], progress=None):
        """The network's run of `image` told as `severities` say; where they name the noise alone and it is in the
        colour alone (Description.colour_only_noise), with `image`'s luma kept (restoration.restorer.with_luma_of)."""
        out = self.restorer.restore(image, severities, progress=progress)
        return with_luma_of(image, out) if self._colour_noise_alone(severities) else out

    def _colour_noise_alone(self, severities: dict[str, float]) -> bool:
        """Whether `severities` name the noise alone, of a photo whose noise is in the colour alone."""
        return self.measured.colour_only_noise and {k for k, s in severities.items() if s >= DETECTED} == {"noise"}

    def _effect(self, kind: str, severities: dict[str, float]) -> tuple:
        """How a change of `kind` is measured (EFFECTS): the noise in the colour where that alone is run."""
        return COLOUR_NOISE_EFFECT if kind == "noise" and self._colour_noise_alone(severities) else EFFECTS[kind]

    def _shown_number(self) -> int | None:
        """The number of what is shown: a result's version, 0 for the photo as uploaded, None for another step (the
        photo after *start over* or with nothing named)."""
        return self.current.version if self.current.is_result else 0 if self.current is self.history[0] else None

    def _ran_on(self, base):
        """What the network runs on for `base` (the upload or a result of its size): inside the photo's frame, where it
        has one (`_frame`), and with the upload's transparency (the restorer reads a cut-out's dots on its opaque part
        alone, restoration.restorer.in_dots)."""
        box = self._frame(base)
        if base.size == self.original.size:
            base = self.form.with_alpha(base)
        return base if box is None else base.crop(box)

    def _frame(self, base):
        """The box of the photo inside a uniform frame, where the upload has one (restoration.analyzer.frame_box) and
        `base` is the upload or a result of its size: what the network runs on."""
        box = getattr(self.measured, "frame", None)
        return box if box is not None and base.size == self.original.size else None

    def _push(self, step: Step) -> None:
        """A new step after the one shown. Results under redo are not dropped (their numbers had been given to new
        results): they go under undo as they were shown, then the step shown again, so *undo* goes back to that
        step first."""
        if step.parent is None and step.label != "start over":
            step.parent = self.current
        self._keep_redone()
        if step.is_result:  # numbered after every result there is
            step.image = self.form.apply(step.image)
            step.version = 1 + max(s.version for s in self.history)
        self.history.append(step)
        while len({id(s) for s in self.history}) > self.results_kept + 1:  # results kept, each once (a step twice costs
            # nothing): the oldest goes, not the one shown nor the one it was made from
            keep = {id(self.history[0]), id(step), id(step.parent)}
            oldest = next((s for s in self.history[1:] if id(s) not in keep), None)
            if oldest is None:
                break
            self.history[1:] = [s for s in self.history[1:] if s is not oldest]
            self.dropped += 1
            for s in self.history + self.redo_stack:  # a dropped step is let go (its image is full size)
                if s.parent is oldest:
                    s.parent = None

    def _keep_redone(self) -> None:
        """Before a new step: the results under redo go under undo as they were shown, then the step shown again."""
        self.moved_from_redo = any(s.is_result for s in self.redo_stack)
        if self.moved_from_redo:
            self.history += self.redo_stack[::-1] + [self.current]
        self.redo_stack.clear()

    def _twin(self, base, severities: dict[str, float], mixed: float | None = None) -> Step | None:
        """The result made from `base` told as `severities` are, with `mixed` of their run kept, if there is one: the
        network is deterministic, so it is what running them again would give. Without `mixed`, from the photo the
        run kept whole (a share of it, *a bit brighter*'s A_BIT_FIRST or a floor's push, is not what the words give:
        *a bit darker* had shown the half share as “slightly dim”, QA 68 F06), from a result any (a bounded step)."""
        told, mixed = self.told(severities), 1.0 if mixed is None and base is self.original else mixed
        return next((s for s in self.history + self.redo_stack if s.is_result and s.base is base
                     and self.told(s.severities) == told and mixed in (None, s.mixed)), None)

    def _why_nothing_to_restore(self) -> str | None:
        """Why *restore* would run nothing now: the description names no damage; None where it names some."""
        if _names_any(self.current.severities):
            return None
        return ("The photo is too small for me to measure, and you have named no damage" if self.measured.too_small
                else "I found none of the damage I take out" if not self.measured.found
                else "The description names nothing")  # (too small: "I found none" had followed "I cannot measure
        # it", QA 73)

    def _name_the_damage(self) -> str:
        """The two kinds the analyzer found most of, as the words that ask for their removal."""
        likely = sorted(_NAME_IT, key=lambda k: -self.measured.severities.get(k, 0.0))[:2]
        return f"If you see damage, name it: {', '.join(f'*{_NAME_IT[k]}*' for k in likely)}, ..."

    def _no_result_as_nothing_named(self, lead: str) -> str | None:
        """`lead` ("There is no result to compare") and why, where no result was ever made because the description
        names no damage (QA 73 F10: *compare* and *save* had said "say *restore* first" right after *restore* had
        said there is nothing to restore); None otherwise."""
        found = None if self._versions() else self._why_nothing_to_restore()
        return f"{lead}, as there is nothing to restore: {found}. {self._name_the_damage()}" if found else None

    def _show_again(self, step: Step) -> None:
        """A result made before with the same words from the same photo, shown again with its number: forward to
        it where it was undone (as *redo*), else as the next step, so that *undo* goes back to what was shown
        before it (code review 43: it had moved back along undo). `last_change` stays the caller's."""
        change = self.last_change
        if any(s is step for s in self.redo_stack):
            self._to_version(step.version)
        else:
            self._keep_redone()
            self.history.append(step)
        self.last_change = change

    def _restore_intent(self, inst: Instruction, progress) -> Reply:
        step = self.current
        if step.is_result:
            return self._reply(f"This result already follows the current description: {self._said(step)} "
                               "Tell me what to change (*brighter*, *keep the grain*, ...), or *undo*.",
                               step.image, intent="restore")
        found = self._why_nothing_to_restore()
        if found:  # it had run "The photo looks clean."
            return self._reply(f"{found}, so there is nothing to restore and I ran nothing: this is your photo as "
                               f"uploaded. {self._name_the_damage()}", self.uploaded, intent="restore")
        prompt = self.network_text(step.severities)
        twin = self._twin(self.original, step.severities)
        if twin is not None:  # the same words from the same photo give the same result: shown again, not re-run
            # (it had made an identical new version, at the cost of a whole run; review 42)
            self.last_change = Change()  # as after any restore: "more" acts on every kind being removed
            self._show_again(twin)
            return self._reply(f"Version {twin.version} was made with this description from your photo, so here it "
                               f"is again (nothing re-run): “{prompt}” Tell me what to change: "
                               f"{self._suggestions(step.severities)}, *undo*, *compare*.", twin.image, intent="restore")
        image, prompt, secs = self._run(self.original, step.severities, progress)
        severities, floor_note, mixed = dict(step.severities), "", 1.0
        if "noise" in inst.floors:  # "restore but don't make it noisier": checked against the photo
            held = self._held("noise", self.original, severities, self.measured.severities, image, progress)
            if held.image is not None:
                severities, image, prompt = held.new, held.image, held.prompt
            floor_note, secs = held.note, secs + held.seconds
        if "low_light" in inst.floors:  # "restore, but don't make it darker": a restore never darkens a dark photo;
            # its dehazing may
            held = self._held("low_light", self.original, severities, self.measured.severities, image, progress)
            if held.image is not None:
                severities, image, prompt, mixed = held.new, held.image, held.prompt, held.mixed
            floor_note, secs = " ".join(n for n in (floor_note, held.note) if n), secs + held.seconds
        self._push(Step(image, dict(severities), self.original, prompt, "restore", secs,
                        reference=dict(self.measured.severities), mixed=mixed))
        self.last_change = Change()  # "more" and "less" now act on every kind being removed
        side = ("" if severities.get("low_light", 0.0) >= DETECTED or "low_light" in inst.floors and floor_note
                else _side_effect(step.image, image, severities))
        made = self.current
        softer = _softer(self.original, image, severities)
        msg = (f"Restored (version {made.version}) in {secs:.1f} s with the description {self._said(made)} " +
               self._dots_note() + self._check_restored(severities, image) +
               "".join(f"{note} " for note in (floor_note, side, softer) if note) +
               f"Tell me what to change: {self._suggestions(severities)}, *undo*, *compare*.")
        return self._reply(msg, made.image, intent="restore")

    def _dots_note(self) -> str:
        """Where what the network ran on (`_run`: the photo, inside its frame) is in black-and-white dots, what the
        restorer did to them first (restorer.descreened): decided as the restorer decides it."""
        ran_on = self._ran_on(self.original)
        if not in_dots(ran_on):
            return ""
        note = descreen_note(ran_on.size)
        return f"({note[0].upper()}{note[1:]}.) "

    def _check_restored(self, severities: dict[str, float], image) -> str:
        """A note on a kind of the description that the network removes little of: JPEG blocking wherever it is
        named (no measure reads it once the network has run, and it barely changes: QA 63 F03, +0.1 to +1.1 dB;
        weights/README.md, 30.61 → 31.12 dB), else one kind with a measurable effect whose result, on a centre crop (the
        noise: by its sigma first, _noise_moved), moved less than a visible step from the photo as uploaded (the network
        removes little blur): "" otherwise.
        With more measured kinds named their effects mix, so nothing is said of them."""
        if self._colour_noise_alone(severities):
            return COLOUR_NOISE_KEPT
        found = [k for k, s in severities.items() if s >= DETECTED]
        kind = "jpeg" if "jpeg" in found else found[0] if len(found) == 1 and found[0] in EFFECTS else None
        if kind is None:
            return ""
        came = "The blocks may still show"
        if kind != "jpeg":
            photo, result = centre_crop(self.original, CHECK_SIDE), centre_crop(image, CHECK_SIDE)
            figures = ""
            if kind == "noise":  # as "is it smoother than the original?" is answered (_premise), not by hf_energy,
                # which reads fine texture and any brightening as grain
                sigmas = (self.measured.noise_sigma, self._measure_image(image).noise_sigma)
                moved, effect, finer = _noise_moved(photo, result, sigmas, grain_too=True)  # (noise alone named)
                said = ("grain", grain(photo), grain(result)) if finer else ("noise", *sigmas)
                figures = f" ({figures_line(*said, True)})"
            else:
                moved, effect = _change(kind, photo, result)
            if moved > 0:
                return ""
            came = f"It came out {_how_much(effect, EFFECTS[kind][3][0])} than your photo{figures}"
        return f"({came}: this network removes little {KIND_NAMES[kind]}.) "

    def _refine(self, inst: Instruction, progress, new: dict[str, float] | None = None,
                run_alone: tuple | None = None, paired: bool = False) -> Reply:
        """`new`: severities chosen by the caller, run as they are; `run_alone`: (their image from the same base, the
        seconds it took), run already (a kind tried alone: _each_kind_alone); `paired`: the step on top of one made in
        the same message (_on_top_too), which one *undo* takes back with it, as its reply says."""
        step = self.current
        inst = _reread(inst, step)
        on_top = inst.on_top and step.is_result
        floors = inst.floors  # (on top of a result they are "remove": not done again, but checked all the same)
        inst, start, reference, base, chain, repeated = self._starting_point(inst, step, on_top)
        target = new is not None  # severities chosen by the caller ("in between", "as sharp as version 1"): run as
        # they are, as the settle check's further steps would go past them (review 53: outside both versions)
        if not target:
            new, touched = apply_edits(start, inst, reference, self.last_change, restored=step.is_result)
            if not on_top and not chain:
                new = self._not_past_the_last(step, base, start, new, touched, inst)
        else:
            touched = {k: 1 if new[k] > start.get(k, 0.0) else -1 for k in _changed(start, new)}
        if not touched:
            return self._reply("Nothing is being removed at the moment, so there is nothing to make stronger or "
                               "weaker. Name what to remove, for example *remove the noise* or *brighter*.",
                               intent="refine")
        if not step.is_result and touched == {"low_light": -1} and "low_light" not in inst.reduces \
                and start.get("low_light", 0.0) >= DETECTED \
                and not any(e.kind == "low_light" and e.op == "some" for e in inst.edits):
            # (some of the darkness kept, "restore but keep it a bit dark", is a restore that brightens less, as *less
            # brightening* is, not "darker than the photo": QA 61 F03)
            return self._no_darker()
        changed = _changed(start, new)
        kept = inst.kept
        size = inst.amount if inst.scale else next((e.amount for e in inst.edits if e.kind == "low_light"), NORMAL)
        rungs = None if target else self._a_bit_along(inst, size, step, start, new, on_top)
        if rungs is not None:
            return self._along_the_weakest(inst, progress, step, base, start, *rungs)
        if not changed or self.told(new) == self.told(start) and not on_top:  # told alike
            return self._told_alike(inst, progress, step, start, touched, on_top)
        if base is self.original and not _names_any(new):
            return self._nothing_named(start, new, changed)
        # as a refusal is remembered (_failed): by what decides its runs and checks, so that another phrasing of the
        # same words (*remove the blocks*, then *more*) is answered at once too (it had run the network again)
        request = (self.told(new), on_top, bool(chain), target, *_how_checked(inst, changed))
        if self.failed is not None and self.failed[0] is step and self.failed[1] == request:  # refused just now: the
            # network is deterministic, so it would be again (QA 68 F04: each repeat had run it, 30-40 s under load)
            self.refused = True
            if not inst.scale:  # (a scale word leaves the change it scales as the subject, as _refused does)
                self.last_change = self.failed[3]
            return self._reply("(I tried just that on this same result a moment ago, and nothing has changed since: "
                               "the same words give the same result, so I ran nothing.) " + self.failed[2],
                               intent="refine")
        t0 = time.perf_counter()
        # words a version was made with from the same photo: that version again, not checked or run (QA 63 F04: the
        # check's run of a small photo had made it again, pixel for pixel, under a new number); a share asked ("200%
        # brighter") is checked, as the check may go past those words and says how far it fell short, and a change on
        # top of a result too (its run is mixed into that result by the amount asked, which the words do not fix)
        made = target or not on_top and "percent" not in inst.premise and self._twin(base, new) is not None
        new, tried, settled, image, short = (new, [], Settled(), run_alone and run_alone[0], False) if made else \
            self._settle(base, start, new, changed, reference, on_top, inst)
        notes = []  # after the settle check's
        brightness_said = False  # (by the check of several kinds below: the note on the brightness is not said twice)
        pushed = False  # (by the floor check below: its note gives the brightness figures)
        ran = False  # words pushed further were run (the grain or the floor check below)
        if new is None:  # it went the other way on the crop: nothing is kept of it
            return self._failed(step, request, self._refused_on_the_crop(inst, progress, step, start, changed, tried,
                                                                       on_top))
        changed = _changed(start, new)
        image, prompt, twin, reused = self._result_image(base, new, image, progress)
        if step.is_result and not reused and not target and not any(k in EFFECTS for k in changed):  # (JPEG blocking,
            # rain: no effect check reads them) a result that looks the same is not a new version (QA 68 F07: *remove
            # the blocks* had made one 0.25 levels from the last, said as a change)
            mean, most = pixel_change(step.image, self.form.apply(image))
            if mean < SAME_MEAN and most <= SAME_MOST:
                lines = "\n".join(change_line(k, start.get(k, 0.0), new[k]) for k in changed)
                self.refused = True
                return self._failed(step, request, self._reply(
                    f"I tried these words:\n{lines}\n\nThe result came out visibly the same as {_name(step)} (a mean "
                    f"change of {mean:.2f} levels of 255, 99% of the pixels within {most:.0f}): this network barely "
                    f"responds to the {' and '.join(KIND_NAMES[k] for k in changed)} words on this photo, so I kept "
                    "the current result. Try another change, or *undo*.", intent="refine"))
        mixed = 1.0  # of the network's change kept: a change of the brightness built on a result is bounded
        if not reused and not target and base is not self.original and changed == ["low_light"] \
                and "percent" not in inst.premise:  # (ON_TOP_BRIGHTER)
            ran, up = mean_brightness(image), new["low_light"] > start.get("low_light", 0.0)  # (said where bounded)
            image, mixed = _bounded(base, step.image, image, ON_TOP_BRIGHTER * size * (1 if up else -1))
            image = _lit_as(base, image)
        secs = time.perf_counter() - t0 + (run_alone[1] if run_alone else 0.0)  # with the checks (and that run)
        if len(changed) == 1 and changed[0] in EFFECTS and step.is_result and (step.base is base or on_top):
            kind = changed[0]  # the crop went the asked way; the whole photo, which the network sees whole, may not
            up = new[kind] > start.get(kind, 0.0)
            moved, effect = (x * (1 if up else -1) for x in _change(kind, step.image, image, self._effect(kind, new)))
            if moved < 0:
                return self._failed(step, request, self._refused(kind, start.get(kind, 0.0), new[kind], on_top,
                                                               bool(inst.scale)))
            change = self._effect(kind, new)[3][0 if up else 1]
            if moved == 0 and short and effect <= 0 and settled.how == f"only a little {change}":  # the crop a
                settled.how = f"no {change}"  # little, the whole photo not at all (helper 52c: of 23.8% → 23.7%)
            if moved == 0 and not short:  # the crop showed it; the whole photo hardly does
                notes.append(f"(On the whole photo it came out {_how_much(effect, change)} than the result before.)")
        elif len(changed) > 1 and step.is_result and (step.base is base or on_top):  # not checked before the run
            ups = {k: 1 if new[k] > start.get(k, 0.0) else -1 for k in changed if k in EFFECTS}
            grain = _Further()
            went = {k: (_grain_moved(step.image, image) if k == "noise" and "low_light" in ups else
                        _moved(k, step.image, image)) * up for k, up in ups.items()}  # (brightening scales grain)
            if went.get("noise", 1) <= 0 < ups.get("noise", 0) and all(w > 0 for k, w in went.items() if k != "noise") \
                    and not target and not on_top and not chain:  # "brighter and less noisy" came out grainier
                grain = self._less_grain(base, step, new, reference, [k for k in ups if k != "noise"], progress)
                if grain.image is not None:
                    new, image, prompt, ran = grain.new, grain.image, grain.prompt, True
                    twin, reused, image = self._shown_again(base, new, image)
                    went["noise"] = 1
                notes.append(grain.note)
                secs += grain.seconds
            missed = [("no " if went[k] == 0 else "") + EFFECTS[k][3][(0 if up > 0 else 1) if went[k] == 0 else
                                                                      (1 if up > 0 else 0)]
                      for k, up in ups.items() if went[k] <= 0 and not (k == "noise" and grain.note)]
            if missed and all(w <= 0 for w in went.values()) and any(w < 0 for w in went.values()):
                # none of it went the asked way and some the other way: nothing is kept, as of one kind (QA 56 F05:
                # "darker but less noise" had kept a result brighter and no smoother); the last change stays as it
                # was, and *too much* next is answered that nothing was kept (review 56 F4: it had eased this one,
                # never made, and then the restore: brighter and grainier)
                if not target and not on_top and not chain:  # the kinds that go the asked way alone are made
                    alone = self._each_kind_alone(inst, progress, step, base, start, new, changed, missed)
                    if alone is not None:
                        return alone
                # the words tried, from → to as the change lines say them (QA 61 F07: "With “very heavy rain
                # streaks” instead of “very heavy rain streaks” 83% + “heavy rain” 17%" had named the same words twice)
                lines = "\n".join(change_line(k, start.get(k, 0.0), new[k]) for k in changed)
                self.refused = True
                return self._failed(step, request, self._reply(
                    f"I tried these words:\n{lines}\n\nThe result came out {' and '.join(missed)} than the result "
                    "before: this network does not go that way on this photo, so I kept the current result. Try one "
                    "change at a time, or *undo*.", intent="refine"))
            if missed:  # "sharper but keep the grain", where neither shows: said, not kept silently ("darker" where
                # it went the other way; it had said "no brighter")
                notes.append(f"(It came out {' and '.join(missed)} than the result before: *undo* takes it back.)")
                brightness_said = went.get("low_light", 1) <= 0
        held = _Further() if target or chain else self._floors_held(floors, base, new, reference, image, progress)
        pushed_for = _pushed_kinds(held, new)  # (a push can take the brightness the other way: said below)
        if held.image is not None:  # (more removal is a change made: *undo the denoising* takes it back)
            touched = {**touched, **{k: 1 for k in ("noise", "blur") if held.new[k] != new[k]}}
            new, image, prompt, ran = held.new, held.image, held.prompt, True
            twin, reused, image = self._shown_again(base, new, image)
            changed = _changed(start, new)
        notes.append(held.note)
        secs += held.seconds
        # grain given back ("add some grain back", "less denoising"): the network brightens less with less denoising
        # (QA 62 F05: 63% -> 56%, unasked), so the brightness is held as *don't make it darker* holds it
        eased = changed == ["noise"] and step.is_result and new["noise"] < start.get("noise", 0.0)
        eased_image = image  # (the grain back is of the noise words' run: the push only brightens it)
        if ("low_light" in floors or eased and "low_light" not in kept and new.get("low_light", 0.0) >= DETECTED) \
                and not target and not chain:  # "dehaze more but don't make it darker"
            held = self._held("low_light", base, new, reference, image, progress, asked="low_light" in floors)
            pushed = held.image is not None
            if pushed:  # (the brightening pushed is a change made: *undo the brightening* takes it back)
                new, image, prompt, mixed, ran = held.new, held.image, held.prompt, held.mixed, True
                twin, reused, image = self._shown_again(base, new, image, mixed)
                changed, touched = _changed(start, new), {**touched, "low_light": 1}
            notes.append(held.note)
            secs += held.seconds
            brightness_said = brightness_said or bool(held.note)
        asked = "low_light" in changed if step.is_result else new["low_light"] >= DETECTED
        # asked to go further where it cannot ("brighten it by 30% but keep the grain" at the strongest darkness words):
        # said beside the change (it had been dropped without a word), with the brightness it came out at
        stuck = [k for k, w in touched.items() if w > 0 and k not in changed and k not in kept and at_strongest(k, new[k])]
        unfound = [k for k in changed if k in ("noise", "rain", "jpeg", "haze") and start.get(k, 0.0) < DETECTED <= new[k]
                   and not on_top and self.measured.severities.get(k, 0.0) < DETECTED]  # named, though I found none of it
        spread = (tone_spread(base), tone_spread(image)) if "haze" in unfound and image is not None else None
        if spread and spread[1] >= VEIL_WIDENED * spread[0]:
            unfound.remove("haze")  # it was veiled after all: the analyzer misses some haze, most of it under noise
            notes.append(f"(I had found no haze in your photo, yet removing it widened its tones as only a veil's "
                         f"removal does (luma spread {spread[0]:.0f} → {spread[1]:.0f} levels): it was hazy after "
                         "all.)")  # (QA 63 F01: it had been told its right request was likely wrong)
        veil_brought = "haze" in unfound and bool(self._brought("haze", step, self._measure(step)))
        side = "" if asked or "low_light" in stuck or brightness_said else _side_effect(
            step.image, image, new, "low_light" in kept, haze_said="haze" in unfound)
        notes.append(_veil_note(step, start, new, image))
        if not inst.scale:  # a scale word's change is more or less of the one before it, which stays the subject
            self.last_change = Change({k: w for k, w in touched.items() if k not in kept}, inst.reduces)
        if reused:  # that version again, its number kept (a new number had made a duplicate: code review 43)
            self._show_again(twin)
        else:
            self._push(Step(image, dict(new), base, prompt, "refine", secs, {k: touched.get(k, 0) for k in changed},
                            reference, self.last_change, mixed=mixed))
        lines = [change_line(k, start.get(k, 0.0), new[k]) for k in changed]
        capped, left = self._capped(inst, start, new, changed, touched, on_top)
        asked_share = None  # (the image a share of brightness was asked of, and the share: said in all at the end)
        for k in stuck:
            was = _brightness_moved(step.image, image, asked=True) if k == "low_light" else None
            line = change_line(k, new[k], new[k])
            lines.append(line[:-1] + f"; mean brightness {from_to(*was)})" if was else line)
        moved = (_brightness_moved(step.image, image, asked=True) if asked and "low_light" in changed and not pushed
                 else None)
        # (from the photo with its darkness named but not changed, "more denoising" had failed here)
        if moved:  # the brightness the darkness words moved, as the analyzer reads it (also where it barely did)
            percent = inst.premise.get("percent") if moved[0] > 0 else None  # "make it 20% brighter": how far it went
            share = abs(moved[1] / moved[0] - 1)
            got = (f"; {share:.0%} {'brighter' if moved[1] > moved[0] else 'darker'}, "
                   f"{self._share_asked(percent)} asked" if percent and step.is_result else "")
            if got and short and round(100 * share) >= percent:  # the crop checked fell short, the whole photo did
                settled.how = ""  # not: the figure quoted is the whole photo's (review 53)
            up = new["low_light"] > start.get("low_light", 0.0)
            if percent and not step.is_result:  # (the share is of a result: from the photo, a plain step)
                notes.append(
                    f"(A share of brightness is of a result: this first one is a plain step. *{percent:g}% "
                    f"{'brighter' if up else 'darker'}* now goes from here.)")
            lines[changed.index("low_light")] += f" (mean brightness {from_to(*moved)}{got})"
            if got and round(100 * share) < percent and at_strongest("low_light", new["low_light"]) and not on_top:
                # the rest is made on top in the same turn, as for "much brighter" (_capped; review 64 F3: it had
                # said "as far as this network goes", then offered *brighter on top of this*)
                settled.how = settled.how or self._short_of(percent)  # (the crop had reached it)
                settled.then = (f": {sev_words('low_light', new['low_light'])} is the strongest setting, so the rest is "
                                "made on top of this result, as one bounded step (below).")
                left = (moved[0] * (1 + percent / 100) - moved[1]) / ON_TOP_BRIGHTER
                asked_share = (step.image, percent)
            elif got and round(100 * share) < percent and at_strongest("low_light", new["low_light"]):  # the settle
                capped = f"({self._further(on_top, 'low_light', True)})"  # note says it fell short; this, how to go on
            if mixed < 1:  # (helper 54a: "a bit" on top had gone 39% -> 50%, 23.3 -> 15.1 dB)
                notes.append(_bounded_note(ran, mixed, size, up, paired))
            elif on_top and up and moved[1] - moved[0] > 0.05:
                notes.append("(Brightening a result again goes far, and it turns dark parts grey and blotchy" +
                             (".)" if paired else ": *undo* takes it back.)"))
            back = (moved[0] - moved[1]) * (1 if up else -1) * 255  # levels of 255 it went the other way
            if not step.is_result and not up:  # from the photo every darkness word brightens: a lower one keeps some
                # of the darkness, which the settle check measured against the words before on the crop (QA 61 F03:
                # "restore but keep it a bit dark" had kept all of it, unsaid; it had also been told "All the same it
                # came out brighter than your photo", as if that had failed)
                notes.append("(Some of the darkness stays: from your photo every darkness word brightens, these less "
                             "than a plain *restore*. Say *brighter* for more light, *keep it dark* for your photo's own.)")
            elif (back >= SIDE_EFFECT_LEVELS or pushed_for and back > 0) and not brightness_said:  # (it had said
                # "brighter" of 60% → 30%: review 51; and nothing of a floor's push that outweighed the brightening:
                # dialogue71)
                # "darker" only where a person would see it, as of *a bit brighter* (the hazy astronaut at 200 px:
                # *brighter but don't make it blurrier*, sharpening pushed, 135.8 -> 133.6 of 255 had said "darker")
                dehazed = up and new.get("haze", 0.0) >= DETECTED
                if pushed_for:  # the settle's "only a little brighter" was measured before the push: this note is
                    settled.how = ""  # of the result shown (follow72b: both said of the hazy astronaut, 135.8 -> 133.6)
                notes.append(
                    _other_way(up, 'the result before' if step.is_result else 'your photo', pushed_for,
                               seen=back >= _noticed(moved[0])) +
                    (": removing the haze darkens a photo more than these words brighten it. Say *less dehazing* for "
                     "a lighter result.)" if dehazed and not pushed_for else ". *undo* takes it back.)" if pushed_for
                     else ".)"))
        if eased and new["noise"] >= DETECTED:
            back = grain_back(self.original, step.image, eased_image)  # (QA 56 F09: *keep the grain* had put back about a
            if back < ALMOST_NO_GRAIN:  # fifth of the grain, hard to see, and nothing said how little; QA 62 F05:
                # *add some grain back* had been told "About 9% ... is back", as if that were some)
                notes.append(f"(Almost none of the grain came back: about {back:.0%} of what was taken out. This network "
                             "keeps little grain while the description names noise: *keep more grain* goes a step "
                             "further, *there is no noise* leaves the noise in.)")
            elif back < KEPT_GRAIN:
                notes.append(f"(About {back:.0%} of the grain taken out is back: *keep more grain* keeps more, "
                             "*there is no noise* all of it.)")
        checked = " ".join(note for note in (str(settled), *notes, capped) if note)
        source = " (as the language model read your message)" if inst.via == "mllm" else ""
        where = ("on top of the current result" if on_top else "from the original photo" if base is self.original
                 else "from the result it builds on")
        same = (f"(Version {twin.version} was made with the same words, so this should look the same as it.)"
                if twin is not None and not reused else "")
        once = _once_note(repeated, new)
        msg = (f"Changed the description{source}:\n" + "\n".join(lines) +
               "".join(f"\n\n{note}" for note in (checked, _unfound_note(unfound, self.measured.noise_sigma, veil_brought), side,
                                                  same, once) if note) +
               (f"\n\nVersion {twin.version} was made with these words from the same photo, so here it is again" +
                (" under its number (running them gave the same picture)." if ran else
                 ": the network did not run.") if reused else
                f"\n\nRe-ran {where} (version {self.current.version}) in {secs:.1f} s with {self._said(self.current)}") +
               " Say *undo* to go back, or *compare*.")
        reply = self._reply(msg, self.current.image, intent="refine")
        return self._on_top_too(reply, left, progress, asked_share) if left > 1e-9 else reply

    def _capped(self, inst: Instruction, start: dict, new: dict, changed: list[str], touched: dict,
                on_top: bool) -> tuple[str, float]:
        """A count of steps that goes past the strongest setting ("brighter x2", "2 stops brighter", "much brighter"
        from "very dark"): the words went as far as they go, and the note says so (QA 61 F12: it had read as plain
        *brighter*, unsaid); of the brightness, not on top already, the steps left (in levels) are made on top of the
        result in the same turn (`_on_top_too`), else they are 0 and the note says how to go further. ("", 0) where
        the amount was reached or none was counted."""
        for k in changed if "percent" not in inst.premise else ():  # (a share's shortfall is said with its figures)
            size = inst.amount if inst.scale else next((e.amount for e in inst.edits if e.kind == k), NORMAL)
            s = start.get(k, 0.0)
            if touched.get(k, 0) > 0 and NORMAL < size < FULL and s >= DETECTED and s + UP_STEP * size > 1 + 1e-9 \
                    and at_strongest(k, new[k]):  # (FULL, "as bright as possible", asks for the strongest: reached)
                said = f"({sev_words(k, new[k])} is the strongest setting: the {size:g} steps asked go past it, so"
                left = size - (1 - s) / UP_STEP
                if k == "low_light" and not on_top:
                    return f"{said} the rest is made on top of this result, as one bounded step (below).)", left
                return f"{said} this is less than asked. {self._further(on_top, k, True)})", 0.0
        return "", 0.0

    def _on_top_too(self, made: Reply, left: float, progress, asked_share: tuple | None = None) -> Reply:
        """The steps of brightness a count asked past the strongest darkness words, made in the same turn as one step
        on top of the result just made, bounded as *brighter on top of this* is (ON_TOP_BRIGHTER; QA 61 F12: *brighter
        x2* and *2 stops brighter* from "very dark" had come out as plain *brighter*, 65% → 72%, with a note). Of a
        share asked (`asked_share`: the image it was asked of, the percent; `left`: the brightness still wanted, in
        bounded steps), the reply ends with how far it went in all."""
        under = self.current
        asked = parse_rules(f"{'a bit ' if left <= A_BIT + 1e-9 else ''}brighter on top of this")
        if left < NORMAL:  # bounded at the rest asked, not at a whole or half step (fix65a: *12% brighter* had gone 1.6
            asked = replace(asked, edits=[replace(e, amount=left) for e in asked.edits])  # points past it)
        then = self._refine(asked, progress, paired=True)
        both = ""
        if self.current is not under and self.current.parent is under:  # (refused on top: the first step alone)
            self.current.with_parent = True
            if asked_share:
                was, now = mean_brightness(asked_share[0]), mean_brightness(self.current.image)
                short = " Say *brighter on top of this* for another bounded step." if now / was - 1 < asked_share[
                    1] / 100 - 0.005 else ""
                both = (f"\n\n(In all {from_to(was, now)}: {now / was - 1:.0%} brighter, "
                        f"{self._share_asked(asked_share[1])} asked.{short})")
            both += (f"\n\n(One *undo* takes back both steps of this message; *version {under.version}* is the first "
                     "alone.)")
        return self._reply(f"{made.text}\n\n{then.text}{both}", self.current.image, intent="refine")

    def _share_asked(self, percent: float) -> str:
        """A share of brightness asked, as the replies quote it: the figure typed ("33%"), else the person's words
        with their figure ("a third (33%)", "a quarter as bright (75% darker)"): words75b, "a third" had been quoted "33%"."""
        words = instructions.brightness_share_words(self.said, percent)
        if words is None:
            return f"{percent:g}%"
        return f"{words} ({percent:g}% darker)" if " as " in words else f"{words} ({percent:g}%)"

    def _short_of(self, percent: float) -> str:
        """ "short of the 33% asked", "short of the third (33%) asked" ("the a third" reads badly), "short of a
        quarter as bright (75% darker)"."""
        asked = self._share_asked(percent)
        if " as " in asked:
            return f"short of {asked}"
        return f"short of the {re.sub(r'^(?:a|one) ', '', asked)} asked"

    def _share_look(self, percent: float, look: str) -> str:
        """The look asked with its share: "33% brighter", "a third brighter", "a quarter as bright"; the figure where
        the words were not said with the look ("cut the brightness in half" is not "half darker")."""
        words = instructions.brightness_share_words(self.said, percent)
        if words and (" as " in words or f"{words} {look}" in self.said.lower()):
            return words if " as " in words else f"{words} {look}"
        return f"{percent:g}% {look}"

    def _to_brightness(self, inst: Instruction) -> tuple[Instruction | None, str]:
        """"set brightness to 80%": the mean brightness the replies quote, turned into the share of the image shown
        that reaches it ("23% brighter"), which the settle check aims at (QA 61 F12: it had the help text). -> (that
        instruction, a note saying so), or (None, the answer) where the image is there already."""
        want, step = inst.premise["brightness_to"] / 100, self.current
        now = mean_brightness(step.image)
        shown = "the result shown" if step.is_result else "your photo"
        if want > 1:
            return None, "A mean brightness goes up to 100% (all white). Say a share, for example *20% brighter*."
        if abs(want - now) * 255 < 2:  # (two levels of 255: no visible step)
            return None, self._restore_hint(f"The mean brightness of {shown} is {now:.0%} already",
                                            ". Say *brighter* or *darker* to change it.")
        up = want > now
        if up and not step.is_result:  # (a share is of a result: from the photo, a plain step, as for "20% brighter")
            return (replace(inst, premise={}), f"(A mean brightness to reach is aimed at from a result: this first one "
                                               f"is a plain step from your photo, at {now:.0%}. Say *set brightness to "
                                               f"{want:.0%}* again to go on from it.)\n\n")
        percent = max(1, round(100 * (want / now - 1 if up else 1 - want / now))) if now > 0 else 100
        said = f"{percent}% {'brighter' if up else 'darker'}"
        as_share = parse_rules(said)  # (the parser sizes the step by it, as for "make it 23% brighter")
        return (replace(inst, edits=as_share.edits, premise=as_share.premise),
                f"(A mean brightness of {want:.0%} from {now:.0%} in {shown}: that is {said}.)\n\n")

    def _less_grain(self, base, step: Step, new: dict, reference: dict, others: list[str], progress) -> _Further:
        """An edit of several kinds with less noise among them whose other kinds went the asked way but whose result
        came out no smoother than `step`'s (brightening amplifies grain): the noise words pushed further (`_pushed`)
        until the grain is below `step`'s. The first such run and its note; where none is, no image, and a note that
        says so plainly (QA 62 F04: *make it brighter and less noisy* had kept a grainier result with only "*undo*
        takes it back")."""
        t0 = time.perf_counter()
        nxt, image, prompt, tried = self._pushed("noise", base, new, reference, progress, lambda out: (
            grain(out) < grain(step.image) if "low_light" in others else _change("noise", step.image, out)[1] > 0)
            and all(_moved(k, step.image, out) > 0 for k in others))  # (a brightening scales grain: measures.grain)
        if image is not None:
            said = tried_words("noise", [new["noise"], *tried])
            return _Further(nxt, image, prompt, f"({in_turn(said[:-1])} came out grainier than the result "
                                                f"before, so I went further, to {said[-1]}.)", time.perf_counter() - t0)
        also = f" (with {in_turn(tried_words('noise', tried, new['noise']))} too)" if tried else ""
        was = step.severities.get("low_light", 0.0)  # ("darker but less noise" had been told of a brighter result)
        way = "" if "low_light" not in others else "brighter " if new["low_light"] > was else "darker "
        return _Further(note=f"(Less grain could not be reached at this brightness: it came out grainier than the result "
                             f"before{also}. I kept the {way}result: *undo* takes it back.)",
                        seconds=time.perf_counter() - t0)

    def _pushed(self, kind: str, base, new: dict, reference: dict, progress, held) -> tuple:
        """`kind`'s removal pushed further than `new`, a word at a time (at most SETTLE_STEPS), each run on the whole
        photo from `base` (as the result is measured), until `held(result)`. -> (the severities, the result and its
        prompt of the first run that holds, or None, None, "" where none does; the severities of `kind` tried)."""
        tried, nxt = [], dict(new)
        for _ in range(SETTLE_STEPS):
            s = nxt[kind]
            nxt = {**nxt, kind: raise_severity(kind, s, NORMAL, reference.get(kind, 0.0))}
            if self.told(nxt) == self.told({**nxt, kind: s}):
                break
            image, prompt, _ = self._run(base, nxt, progress)
            tried.append(nxt[kind])
            if held(image):
                return nxt, image, prompt, tried
        return None, None, "", tried

    def _held(self, kind: str, base, new: dict, reference: dict, image, progress, asked: bool = True,
              shown=None) -> _Further:
        """A floor (Instruction.floors) of the low light (*don't make it darker*), the noise (*don't make it
        noisier*) or the blur (*don't make it blurrier*): where `image`, made from `base` with `new`, came out visibly
        darker, grainier by the grain relative to the brightness (measures.grain, which a brightening does not fool),
        or softer by the edges (measures.edges, which grain taken out does not lower) than the image shown (the
        result before; before any result, the photo), that kind's words pushed further (`_pushed`) until it is not
        (QA 63: *dehaze more but don't make it darker* had darkened a dark photo). Not `asked`: grain given back,
        which this network brightens less with (QA 62 F05). The first run that holds, else no image; the note, ""
        where it held. (*don't make it hazier* keeps its words unchecked: a brightening lifts the dark channel, read
        as haze.) `shown`: the image a run of words pushed is shown as, checked and said (*a bit brighter*: a share of
        its change, _along_the_weakest); the run itself where None."""
        had, t0, shown = self.current.image, time.perf_counter(), shown or (lambda run: run)
        dark, look = kind == "low_light", {"low_light": "darker", "noise": "grainier", "blur": "softer"}[kind]
        if dark:
            def holds(run): return _moved(kind, had, run) >= 0
            def figures(run): return from_to(mean_brightness(had), mean_brightness(run))
        elif kind == "blur":  # (against the image shown as bright as the run: a brightening lowers `edges`)
            def holds(run): return edges(run) >= (1 - SOFTER) * edges_as_bright(had, run)
            def figures(run): return f"{100 * edges_as_bright(had, run):.2f}% → {100 * edges(run):.2f}%"
        else:
            def holds(run): return not _grainier(had, run)
            def figures(run): return _grain_from_to(had, run)
        if holds(image):
            return _Further()
        nxt, out, prompt, tried = self._pushed(kind, base, new, reference, progress, lambda run: holds(shown(run)))
        out = None if out is None else shown(out)
        than = "the result before" if self.current.is_result else "your photo"
        said = tried_words(kind, tried, new[kind])
        note = (f"(You asked for it no {look.replace('softer', 'blurrier')} than {than}: it came out {look}" if asked
                else f"(Less denoising made it darker than {than}, as this network brightens less with it")
        note += f", {'mean brightness' if dark else 'grain' if kind == 'noise' else 'edge sharpness'} {figures(image)}"
        if out is not None:  # a brightness pushed is mixed with the first run to land just above the brightness
            # before, as _bounded does: the words are coarse (noisy_coffee: 39% -> 37%, the weakest step further 50%)
            out, mixed = _bounded(image, had, out, FLOOR_ABOVE) if dark else (out, 1.0)
            return _Further(nxt, out, prompt, f"{note}, so I went further, to {said[-1]}" +
                            (f", and kept {mixed:.0%} of its change" if mixed < 1 else "") +
                            f": {figures(out)}.)", time.perf_counter() - t0, mixed)
        note += (f", and with {in_turn(said)} too" if tried else
                 f", and {sev_words(kind, new[kind])} is the strongest setting")
        return _Further(note=note + ". I kept it: *undo* takes it back.)", seconds=time.perf_counter() - t0)

    def _floors_held(self, floors, base, new: dict, reference: dict, image, progress, shown=None) -> _Further:
        """The floors of the noise and the blur said with a change (*brighter but don't make it noisier*, *a bit
        brighter but not blurrier*) checked on `image`, made from `base` with `new`: each kind's `_held` in turn, the
        second on the first's result. The words and image pushed where one did not hold (else no image), the notes."""
        out = _Further(new)
        for kind in ("noise", "blur"):
            if kind in floors:
                held = self._held(kind, base, out.new, reference, image if out.image is None else out.image, progress,
                                  shown=shown)
                if held.image is not None:
                    out.new, out.image, out.prompt = held.new, held.image, held.prompt
                out.note, out.seconds = " ".join(n for n in (out.note, held.note) if n), out.seconds + held.seconds
        return out

    def _each_kind_alone(self, inst: Instruction, progress, step: Step, base, start: dict, new: dict,
                         changed: list[str], missed: list[str]) -> Reply | None:
        """An edit of several kinds whose result went only the other way, tried one kind at a time from the same image,
        then the kinds that go the asked way alone (or whose effect is not measured) added together one by one, in the
        order asked, each kept where the measured ones all still go the asked way with it: those are made, and the reply
        says which were left out and how they came out. None where none goes the asked way alone. (QA 61 F08: *sharpen
        it a bit and make it brighter* had been refused whole, darker and softer, though *brighter* alone took that
        result 65% → 72%; where every kind went alone but not together, it had been refused whole still.)"""
        good, left, runs = [], [], {}
        for kind in changed:
            alone = {**start, kind: new[kind]}
            if self.told(alone) == self.told(start):  # (its words do not move: no change of its own)
                continue
            if kind not in EFFECTS:  # not measured: made as it would be alone
                good.append(kind)
                continue
            image, _, seconds = self._run(base, alone, progress)
            went = self._went_wrong(step, image, start, new, [kind])
            if went:
                left.append(f"the {ACTION_NAMES[kind]} came out {went[0]}")
            else:
                good.append(kind)
                runs[(kind,)] = (image, seconds)
        if not good:
            return None
        made, together = [good[0]], []
        for kind in good[1:]:
            tried = (*made, kind)
            if set(tried) == set(changed):  # (all of it at once: run already, it went the other way)
                went = missed
            else:
                image, _, seconds = self._run(base, {**start, **{k: new[k] for k in tried}}, progress)
                went = self._went_wrong(step, image, start, new, tried)
                runs[tried] = (image, seconds)
            if went:
                together.append(f"the {ACTION_NAMES[kind]} with the {' and the '.join(ACTION_NAMES[k] for k in made)} "
                                f"came out {' and '.join(went)}")
            else:
                made.append(kind)
        kept = {**start, **{k: new[k] for k in made}}
        out = [k for k in changed if k not in made and self.told({**start, k: new[k]}) != self.told(start)]
        alone = f"I tried each change alone: {'; '.join(left)} than the result before" if left else \
            "Each change alone went the way asked"
        then = f"{'; then' if left else ', but'} {'; '.join(together)} than the result before" if together else ""
        note = (f"(All of it at once came out {' and '.join(missed)} than the result before. {alone}{then}, so I left "
                f"{'it' if len(out) == 1 else 'them'} out: this network does not go that way on this photo. The rest:)\n\n")
        return self._prefix(note, self._refine(inst, progress, new=kept, run_alone=runs.get(tuple(made))))

    def _went_wrong(self, step: Step, image, start: dict, new: dict, kinds) -> list[str]:
        """How the measured kinds of `kinds` came out in `image` where not the way `new` asks from `start`, against
        the result `step` ("softer", "no brighter"); [] where each went the asked way."""
        wrong = []
        for kind in kinds:
            if kind not in EFFECTS:
                continue
            up = new[kind] > start.get(kind, 0.0)
            moved = _moved(kind, step.image, image) * (1 if up else -1)
            change, opposite = EFFECTS[kind][3] if up else EFFECTS[kind][3][::-1]
            if moved <= 0:
                wrong.append(opposite if moved < 0 else "no " + change)
        return wrong

    def _starting_point(self, inst: Instruction, step: Step, on_top: bool) -> tuple:
        """Where a change of the words `step` was made with runs from: (the instruction, as on top of a result,
        the severities it starts from, the reference, the base image, the chain, the kinds repeated)."""
        chain, repeated = [], []  # the results it builds on, where all are redone from the photo; kinds they repeat
        if on_top:  # described as measured on the result, but only what was being removed and what is asked
            measured = self._measure(step)  # (a white page restored reads "dim" there)
            start = {k: v if step.severities.get(k, 0.0) >= DETECTED else 0.0 for k, v in measured.severities.items()}
            reference, base = measured.severities, step.image
            # the base is the result itself: keeping a quality of it means not doing that again
            inst = replace(inst, edits=[Edit(e.kind, "remove") if e.op in AS_IT_IS else e for e in inst.edits])
        else:  # again from the image this result was made from: the original, or the result it built on
            start, reference, base = step.severities, step.reference, step.base
            chain = self._chain(step) if len({e.kind for e in inst.edits}) == len(KINDS) else []
            if chain:  # "undo everything except the denoising" of a result built on another: from the photo, each
                # action kept at the strongest setting the chain ran it with (it had run the kept ones again on the
                # result it built on); one run cannot do what two did, one on the other, and that is said
                start = {k: max(s.severities.get(k, 0.0) for s in chain) for k in KINDS}
                reference, base = chain[-1].reference, self.original
                repeated = [k for k in KINDS if sum(s.severities.get(k, 0.0) >= DETECTED for s in chain) > 1]
        return inst, start, reference, base, chain, repeated

    def _told_alike(self, inst: Instruction, progress, step: Step, start: dict, touched: dict, on_top: bool) -> Reply:
        """The changed words describe the photo as before: the restore, where that is what was asked of the
        photo, else said unchanged (`_unchanged`)."""
        kept = inst.kept
        wanted = {k: w for k, w in touched.items() if k not in inst.floors}  # (a floor asks for no change)
        if not step.is_result and (not wanted or any(w > 0 for w in wanted.values()) and all(
                (DETECTED <= start.get(k, 0.0)) == (w > 0) for k, w in wanted.items())):
            # "please remove the noise", "brighter" of a photo already "extremely dark", "only the rain" of a photo
            # with rain alone, "restore, but don't make it darker": that is the restore
            top = [KIND_NAMES[k] for k in wanted if at_strongest(k, start.get(k, 0.0))]
            reply = self._restore_intent(inst, progress)
            return self._prefix(f"({' and '.join(top).capitalize()} is already at the strongest setting, so this is "
                                "the restore.)\n\n", reply) if top else reply
        asked = {k: w for k, w in touched.items() if k not in kept}
        if asked and not inst.scale:  # "much brighter" at the top, then "too much": of the brightness (review
            # 46: it had eased the change before, which the person had not just asked for)
            self.last_change = Change(asked, inst.reduces)
        return self._unchanged(start, touched, kept, on_top)

    def _a_bit_along(self, inst: Instruction, size: float, step: Step, start: dict, new: dict,
                     on_top: bool) -> tuple[dict, float, float] | None:
        """(the weakest darkness words, the share of their change `step` keeps, the share to go to) where *a bit*
        brighter or darker of a result told none or those words goes along RUNGS (QA 68 F06: those words alone do
        most of the brightening any words do; a second *a bit brighter* had gone on to half "dim"): a rung a step; a
        scale word of a whole step (*too much*, *less*) goes to the rung of the result shown before, where the last
        change started (it had gone to none, past it). None off RUNGS or past their ends (to none: by the words)."""
        if on_top or not step.is_result or _changed(start, new) != ["low_light"] or "percent" in inst.premise:
            return None
        words, up = {**start, "low_light": ADD_A_BIT}, new["low_light"] > start.get("low_light", 0.0)
        at, before = self._rung(step, words), self.history[-2]  # (`step` is a result: the upload is under it)
        if inst.scale and size >= NORMAL:  # (not the parent: a version shown again keeps the one it was made from)
            to = self._rung(before, words) if before.base is step.base else None
        else:
            to = at + (A_BIT_FIRST if up else -A_BIT_FIRST) if at is not None and size < NORMAL else None
        return (words, at, to) if at is not None and to in RUNGS[1:] and (to > at) == up else None

    def _rung(self, step: Step, words: dict) -> float | None:
        """Where a result stands in RUNGS of the weakest darkness words' change (`words`): 0 told none."""
        told = self.told(step.severities)
        at = 0.0 if told == self.told({**words, "low_light": 0.0}) else step.mixed if told == self.told(words) else None
        return at if step.is_result and at in RUNGS else None

    def _along_the_weakest(self, inst: Instruction, progress, step: Step, base, start: dict, words: dict, at: float,
                           share: float) -> Reply:
        """*a bit* along the weakest darkness words' change (_a_bit_along): `share` of it from the result told none,
        their run whole, or that share made before (shown again)."""
        from PIL import Image

        t0, up, runs = time.perf_counter(), share > at, 0
        w, way = ("brighter", 1) if up else ("darker", -1)
        if not inst.scale:
            self.last_change = Change({"low_light": way}, inst.reduces)

        def whole_result(severities: dict, rung: float):  # these words' result, whole: shown, made before, or run
            nonlocal runs
            made = step if at == rung else self._twin(base, severities, 1.0)
            runs += made is None
            return made.image if made else self._run(base, severities, progress)[0]

        none = []  # (the result told none: found or run once)

        def shown(run):  # a run of the words whole as this share of their change from the result told none
            none[:] = none or [whole_result({**words, "low_light": 0.0}, 0.0)]
            return run if share == 1 else Image.blend(as_rgb(none[0]), as_rgb(run), share)

        twin = self._twin(base, words, share)  # (that share made before: shown again)
        whole = None if twin else whole_result(words, 1.0)
        image = twin.image if twin else shown(whole)
        # a floor said with it (*a bit brighter but not blurrier*), checked as _refine checks it: the kind pushed
        held = self._floors_held(inst.floors, base, words, step.reference, image, progress, shown)
        pushed = _pushed_kinds(held, words)
        if held.image is not None:
            words, image, twin, runs = held.new, held.image, None, runs + 1
        notes = [n for n in (held.note, _veil_note(step, start, words, image)) if n]
        if twin is not None:
            self._show_again(twin)
        else:
            self._push(Step(image, dict(words), base, self.network_text(words), "refine", time.perf_counter() - t0,
                            {"low_light": way}, step.reference, self.last_change, mixed=share))
        made, was, now = self.current, mean_brightness(step.image), mean_brightness(self.current.image)
        moved, gone = from_to(was, now), (now - was) * way  # (0-1, the way asked)
        further = "" if gone <= 0 else f" *{w}* goes further."  # (not where it went no way, or the other: said below)
        if gone <= 0:  # a floor's push outweighed the bit (fix70d, left open: the hazy astronaut's sharpening pushed
            # took *a bit brighter* 52% -> 51%, said by the figures alone); "darker" only where a person would see it
            # (_noticed: 4-8 levels of 255; at 200 px it had said so of 53.2% -> 53.1%, a quarter of a level)
            seen = -gone * 255 >= _noticed(was)
            notes.append(_other_way(up, _name(step), pushed, "*a bit* of these words", seen) +
                         f". Say *{w}* for a whole step, or *undo*.)")
        where = "from the original photo" if base is self.original else "from the result it builds on"
        if at:  # their words as they are (a scale word of a whole step: back where the last change started)
            asked = f"for *a bit {w}* I kept" if not inst.scale or inst.amount < NORMAL else "back to"
            said = (f"The description stays as it was, with {sev_words('low_light', words['low_light'])} (mean "
                    f"brightness {moved}): {asked} {'all' if share == 1 else f'{share:.0%}'} of their change, where "
                    f"{_name(step)} kept {at:.0%}.{further}")
        else:  # named anew, from the result told none
            line = change_line("low_light", start.get("low_light", 0.0), words["low_light"])
            said = f"Changed the description:\n{line} (mean brightness {moved})" + (
                "" if whole is None else f"\n\n(The weakest darkness words alone went to {mean_brightness(whole):.0%}: "
                                         f"for *a bit* I kept {share:.0%} of their change.{further})")
        return self._reply(
            said + "".join(f"\n\n{note}" for note in notes) + "\n\n" +
            (f"Version {made.version} was made with this share of these words, so here it is again: the network did "
             "not run." if twin else f"{'Re-ran' if runs else 'Made it'} {where} (version {made.version}) in "
             f"{made.seconds:.1f} s with {self._said(made)}") + " Say *undo* to go back, or *compare*.",
            made.image, intent="refine")

    def _failed(self, step: Step, asked: tuple, reply: Reply) -> Reply:
        """A refinement of `step` refused, nothing of it kept: remembered with its reply, so that the same request of
        the same step is answered at once (_refine). Not where the reply made another step (the rest of a first
        restore: _refused_on_the_crop), which *undo* back to `step` would have answered without its image."""
        if self.current is step:
            self.failed = (step, asked, reply.text, self.last_change)
        return reply

    def _refused_on_the_crop(self, inst: Instruction, progress, step: Step, start: dict, changed: list[str],
                             tried: list[float], on_top: bool) -> Reply:
        """The settle check found the change went the other way on the crop: nothing is kept of it, the rest of
        a first restore aside."""
        kind = _settled_kind(changed, inst)
        also = [KIND_NAMES[e.kind] for e in inst.edits if e.kind != kind and e.op == "add"
                and start.get(e.kind, 0.0) >= DETECTED]
        if also and not step.is_result and tried[-1] > start.get(kind, 0.0):  # "fix the blur and the noise" of
            # the photo, the blur's removal refused: the rest is the restore (helper 53a: nothing had been done)
            change, opposite = EFFECTS[kind][3]
            return self._prefix(f"(Removing the {KIND_NAMES[kind]} made this photo {opposite}, not {change}, so I "
                                f"left it out; the {' and the '.join(also)} I take out as described.)\n\n",
                                self._restore_intent(inst, progress))
        others = [KIND_NAMES[k] for k in changed if k != kind]  # run with it: they are not kept either
        return self._prefix(f"(I ran it with the change to the {' and the '.join(others)} you asked too.) "
                            if others else "", self._refused(kind, start.get(kind, 0.0), tried[-1], on_top,
                                                             bool(inst.scale), tried[:-1]))

    def _shown_again(self, base, new: dict, image, mixed: float = 1.0) -> tuple:
        """After words pushed further (`_pushed`): the version made with them from `base` (`_twin`) and the same share
        of the run pushed (`mixed`, the rest the first run: the same runs give the same share), whether it is shown
        again, and the image to show (review 63 F2: *dehaze more but don't make it darker*, *undo*, the same again
        had made a new version, the first pixel for pixel)."""
        twin = self._twin(base, new, mixed)
        return twin, twin is not None, image if twin is None else twin.image

    def _result_image(self, base, new: dict, image, progress) -> tuple:
        """The image of the new words, the prompt it was run with, the version made with the same words from the
        same photo (`_twin`, or None), and whether the image is that version's."""
        prompt = self.network_text(new)
        twin = self._twin(base, new)
        reused = image is None and twin is not None
        if reused:  # the same words from the same photo: that run's image (a large photo's run takes minutes)
            image = twin.image
        elif image is None:
            image, prompt, _ = self._run(base, new, progress)
        else:  # the check ran on the whole photo: its last run is the result
            if progress is not None:
                progress(1.0)
        return image, prompt, twin, reused

    def _not_past_the_last(self, step: Step, base, start: dict, new: dict, touched: dict, inst: Instruction) -> dict:
        """A change that turns the last one round lands where that one started, not past it (*a tad brighter*, then
        *too much*, had gone 2.4 points darker than before the tad: helper 54a's F05; *darker* from a blend of two
        levels' words, then *brighter*: review 56 F2), and a plain step back on the
        noise, which the settle check had taken two words, goes back as far (*keep the grain*, then *more
        denoising*, had stopped a word short, and the photo stayed 5 dB worse and darker: F04). Not where the last
        change left the words of that kind as they were (*brighter* at the strongest darkness words, beside *more
        contrast*: *darker* had then landed back on the same words, and been refused as "already at the strongest
        setting": fix58b)."""
        parent = step.parent
        if not step.is_result or parent is None or not parent.is_result or parent.base is not base:
            return new
        new = dict(new)
        for k, way in touched.items():
            if not way or step.edited.get(k, 0) != -way or k in inst.kept \
                    or any(e.kind == k and e.op == "set" for e in inst.edits):  # a number asked is where it lands (QA 61
                continue  # F06: "use sigma 70" after "use sigma 10" had gone back to the sigma before that, 30)
            was, now, to = parent.severities.get(k, 0.0), start.get(k, 0.0), new[k]
            if self.told({**start, k: was}) == self.told(start):
                continue
            past = (to - was) * (was - now) > 1e-9
            short = (to - now) * (was - now) > 0 and abs(to - now) < abs(was - now)
            plain = all(e.amount >= NORMAL for e in inst.edits if e.kind == k)
            counted = any(e.amount > NORMAL for e in inst.edits if e.kind == k)  # "twice as hazy", "much hazier": the
            # steps past the last change's start are asked too (review 65 F9: from "foggy" it had stopped at "hazy")
            # (a plain step back to the weakest darkness words, from words named anew, goes back to none: the first
            # *brighter* names "dim", past them, and *darker* x4 after *brighter* x4 had stopped there: QA 68 F06)
            back = k == "noise" or k == "low_light" and was < DETECTED and to < LEVEL_BOUNDS[0]
            if past and (inst.scale or plain and not counted) or short and back and plain and not inst.scale:
                new[k] = was  # (a plain step too: *darker* from a blend lands on the weakest words alone, and
                # *brighter* from there had gone a level past the result before: review 56 F2)
        return new

    def _no_darker(self) -> Reply:
        """"darker" of the photo as uploaded, found dark: any darkness words brighten it (helper 52c: "10% darker"
        after undo to a photo at 1% had made a result at 23%, and kept it)."""
        latest = max(self._versions(), default=0)
        then = (f". Version {latest}, the latest result, is at "
                f"{self._measure(self._versions()[latest]).brightness:.0%}: say *version {latest} but darker* for a "
                "result darker than it." if latest else
                ". Say *restore* for a result, or *less brightening* for one brightened less than I would.")
        return self._reply(self._restore_hint(f"What you see is your photo as uploaded (mean brightness "
                                              f"{self.measured.brightness:.0%}), and I cannot make a photo darker than "
                                              "it is: the darkness words only set how much I brighten it", then),
                           intent="refine")

    def _like_version(self, inst: Instruction, progress) -> Reply:
        """"make it as sharp as version 1", "the same brightness as version 2": the description shown with that
        kind as that version's (they had not been understood)."""
        version, kind, step = self._number(inst.premise["like"]), inst.edits[0].kind, self.current
        found = self._versions()
        if version not in found:
            return self._no_version(version, "refine")
        if found[version] is step:
            return self._reply(f"This is version {version}.", intent="refine")
        new = dict(step.severities)
        new[kind] = found[version].severities.get(kind, 0.0)
        if abs(new[kind] - step.severities.get(kind, 0.0)) < 1e-6:
            return self._reply(f"The {KIND_NAMES[kind]} here is already as in version {version} "
                               f"({'“' + words_for(kind, new[kind]) + '”' if new[kind] >= DETECTED else 'left as it is'}); "
                               "the two differ in what else was changed.", intent="refine")
        return self._refine(replace(inst, edits=[], premise={}), progress, new)

    def _as_far_as_version(self, inst: Instruction, progress) -> Reply:
        """"a bit less denoising but no noisier than version 1": the step, its kind no further than the words that
        version was made with (0, the photo: nothing removed). Review 65 F6: it had been refused as *... but no
        noisier*, though the result shown may be smoother than version 1."""
        kind, step, version = inst.about[0], self.current, self._number(inst.premise["bound"])
        found = self._versions()
        if version and version not in found:
            return self._no_version(version, "refine")
        if (found[version].base if version else self.original) is not step.base:  # (words say what is taken out of
            # the image run on: review 67, of a result made on top of another they had been compared as of the photo)
            than = f"version {version}" if version else "your photo"
            return self._reply(f"The result shown (version {step.version}) and {than} were not made from the same "
                               f"image (one was made on top of an earlier result), so {than}'s words are no bound for "
                               f"this one and I changed nothing. Say the change alone, or go *back to "
                               f"{f'version {version}' if version else 'the original'}* and ask it there.",
                               intent="refine")
        way = 1 if next(e for e in inst.edits if e.kind == kind).op in ("up", "add") else -1
        bound = found[version].severities.get(kind, 0.0) if version else 0.0
        inst = replace(inst, premise={}, about=[])
        start = step.severities
        new, _ = apply_edits(start, inst, step.reference, self.last_change, restored=step.is_result)
        new[kind] = min(new[kind], bound) if way > 0 else max(new[kind], bound)
        if (new[kind] - start.get(kind, 0.0)) * way < 1e-6:
            look = EFFECTS[kind][3][0 if way > 0 else 1] if kind in EFFECTS else "further that way"
            than = f"version {version}" if version else "your photo"
            return self._reply(f"{'More' if way > 0 else 'Less'} {ACTION_NAMES[kind]} would make it {look} than {than} "
                               f"(the {ACTION_NAMES[kind]} here is already no {'weaker' if way > 0 else 'stronger'} "
                               f"than there), so I changed nothing.", intent="refine")
        return self._refine(inst, progress, new)

    def _result_shown_before(self) -> Step | None:
        """The result the reply before the last one showed, where it is one and not the result shown now ("somewhere
        in between" and "the brighter one" after an undo or a jump are of it)."""
        return next((s for s in self._versions().values() if s.image is self._shown_before and s is not self.current),
                    None)

    def _between(self, inst: Instruction, progress) -> Reply:
        """"somewhere in between": each severity halfway, in the words told (`halfway`), between the result shown and
        the result shown before it, else the one before it under undo (it had the help text)."""
        shown = self.current
        before = self._result_shown_before() or next((s for s in reversed(self.history[:-1]) if s.is_result), None)
        if not shown.is_result or before is None:
            return self._reply("There is no second result to go halfway to yet: tell me what to change (*brighter*, "
                               "*less denoising*), and then *somewhere in between* goes halfway back.", intent="refine")
        if shown.base is not before.base:
            on, under = (shown, before) if shown.base is before.image else (before, shown) if before.base is shown.image \
                else (None, None)
            how = (f"Version {on.version} was built on top of version {under.version}" if on else
                   f"Versions {before.version} and {shown.version} were made from different images")
            then = ("say *undo*, and then ask for a smaller step" if on is shown else "ask for a smaller step of this one")
            return self._reply(f"{how}, so there is no description halfway between them: {then} (*a bit brighter*, "
                               "*a bit less denoising*).", intent="refine")
        new = {k: halfway(k, shown.severities.get(k, 0.0), before.severities.get(k, 0.0)) for k in KINDS}
        if self.told(new) == self.told(shown.severities):
            return self._reply(f"Versions {before.version} and {shown.version} give the network nearly the same words, so "
                               "there is no step between them: say *compare* to see both.", intent="refine")
        reply = self._refine(replace(inst, premise={}), progress, new)
        return self._prefix(f"(Halfway between version {before.version} and version {shown.version}.) ", reply)

    def _refine_from(self, inst: Instruction, progress) -> Reply:
        """"version 1 but brighter": the edit of that result, a new version after all of them. It goes under undo
        right after the version it was made from, so *undo* and *no, I meant darker* go back to that one; the
        results under redo go under undo first, so none is lost (it had changed the result shown, and an undo
        first would have dropped the versions after it)."""
        version, inst = self._number(inst.version), replace(inst, version=None)
        step, shown = self._versions().get(version), self.current
        if step is None:
            if not self._versions():  # "version 2 is too dark" before any result: the edit, of the photo
                return self._refine(inst, progress)
            return self._no_version(version, "refine")
        if step is shown:
            return self._refine(inst, progress)
        saved = list(self.history), list(self.redo_stack), self.last_change, self._shown, self._shown_before
        self.history += self.redo_stack[::-1]  # the versions as shown, then the one this starts from
        if self.history[-1] is not step:
            self.history.append(step)
        at = len(self.history) - 1  # (a count past the strongest words makes two steps after it: _on_top_too)
        self.redo_stack.clear()  # (so _push keeps them as they are)
        self.last_change = step.change
        try:
            reply = self._refine(inst, progress)
        except Exception:
            self.history, self.redo_stack, self.last_change, self._shown, self._shown_before = saved
            raise
        if self.current is step:  # nothing was made: all as it was (what a refusal says "more" acts on stays)
            self.history, self.redo_stack, _, self._shown, self._shown_before = saved
            if self.last_change is step.change:
                self.last_change = saved[2]
            self.pending_version = version
            reply.image, reply.severities, reply.description = None, self.severities or None, self.description
            return self._prefix(f"(Of version {version}; the result shown stays {_name(shown)}.) ", reply)
        then = self.history[at - 1]
        reply.text = reply.text.replace("on top of the current result", f"on top of version {version}")
        return self._prefix(f"(From version {version}, as you asked: *undo* goes back to it, and then to "
                            f"{_name(then)}.)\n\n", reply)

    def _nothing_named(self, start: dict, new: dict, changed: list[str]) -> Reply:
        """An edit that leaves the description naming nothing ("there is no noise" of a photo with noise alone, "fix
        everything except the haze" of a hazy one): the photo as uploaded, nothing run (it had run the network
        on "The photo looks clean." and called that a new version)."""
        shown = self.current.image
        self._push(Step(self.uploaded, dict(new), self.original, None, "nothing named",
                        edited={k: -1 for k in changed}, reference=dict(self.measured.severities)))
        self.last_change = Change()
        lines = [change_line(k, start.get(k, 0.0), new[k]) for k in changed]
        moved = _brightness_moved(shown, self.original, asked=True) if "low_light" in changed else None
        if moved:  # "keep it dark" after the restore: how far back it went
            lines[changed.index("low_light")] += f" (mean brightness {from_to(*moved)})"
        lines = "\n".join(lines)
        again = " or ".join(f"*{_NAME_IT[k]}*" for k in changed)
        return self._reply(f"Changed the description:\n{lines}\n\nNow it names nothing, so there is nothing for the "
                           "network to remove and I ran nothing: this is your photo as uploaded. Say *undo*, or "
                           f"{again} if you do want it taken out.", self.uploaded, intent="refine")

    def _unchanged(self, start: dict, touched, kept: set, on_top: bool) -> Reply:
        """The reply when an edit leaves the network's words as they are: why, for each kind it touched."""
        step = self.current
        limits, off = [], [k for k in touched if k not in kept and start.get(k, 0.0) < DETECTED and touched[k] == 0]
        gone = []  # taken out by the result built on, asked back on top of it
        for k in touched:
            s = start.get(k, 0.0)
            if k in kept:
                limits.append(f"{KIND_NAMES[k]} stays as it is" + (f" (“{words_for(k, s)}”)" if s >= DETECTED else ""))
                continue
            if k in off:  # "remove the dehazing" where there is none: it is off
                if len(off) < 3 or k == off[0]:  # (five of them had been listed one by one)
                    limits.append(f"the {ACTION_NAMES[k]} is already off" if len(off) < 3 else
                                  "everything else is already off")
                continue
            made = step.severities.get(k, 0.0) if step.is_result else 0.0
            if on_top and s < DETECTED <= made:  # "keep the grain on top of this" of a result that took the grain out:
                # it is gone, not "left as it is" (QA 61 F09: said of a result at noise sigma 0 made with "moderate noise")
                now = self._measure(step)
                measured = (f"I measure noise sigma ≈ {now.noise_sigma:.0f} in it, your photo ≈ "
                            f"{self.measured.noise_sigma:.0f}" if k == "noise" else "I find none in it")
                limits.append(f"the {_DAMAGE[k]} was taken out already, by the “{words_for(k, made)}” this result was "
                              f"made with ({measured}), and on top of it the network cannot put any back")
                gone.append(k)
                continue
            limits.append(f"{KIND_NAMES[k]} is already " + ("at the strongest setting" if at_strongest(k, s) else
                          f"“{words_for(k, s)}”" if s >= DETECTED else
                          f"left as it is (the network removes {_DAMAGE[k]}; it cannot add any)"))
            if k == "noise" and s < DETECTED:  # "it looks like an oil painting" of a photo the deblocking smoothed
                smoothers = [o for o in _EASED if start.get(o, 0.0) >= DETECTED]
                if smoothers:
                    limits[-1] += (f", so the smoothing comes from taking out the "
                                   f"{' and the '.join(KIND_NAMES[o] for o in smoothers)}")
                    if not self._cannot_restore():  # (without the network nothing eases it: the reply says why)
                        limits[-1] += f": say *{'* or *'.join(_EASED[o] for o in smoothers)}* to ease it"
        top = next((k for k in touched if k not in kept and at_strongest(k, start.get(k, 0.0))), None)
        earlier = ("This result builds on an earlier one, and what was done there can only be taken back with "
                   "*undo*. " if step.is_result and step.base is not self.original else
                   f"Say *{'* and *'.join(_HINTS[k][-1] for k in gone)}* without *on top of this*: I run again from your "
                   "photo, with less of it taken out. " if gone and all(len(_HINTS[k]) > 1 for k in gone) else
                   "Without *on top of this* I run again from your photo, where that can change. " if on_top else "")
        if not step.is_result:
            then = ("Say *restore* to run the description" if _names_any(step.severities)
                    else "Nothing is named now: name what to remove, say *undo*")
            return self._reply(self._restore_hint("That changes nothing: " + "; ".join(limits),
                                                  f". {then}, or try another change."), intent="refine")
        return self._reply("That changes nothing: " + "; ".join(limits) + ". The current result stays. " +
                           earlier + (self._further(on_top, top, True) if top else "Try another change, or *undo*."),
                           intent="refine")

    def _correct(self, inst: Instruction, progress) -> Reply:
        """ "no, I meant brighter" after *darker* takes that change back and makes this one instead;
        "the other way" makes the last change the other way round. Only a refinement is taken back,
        and only by a message that goes against it ("no, still too dark" after *brighter* goes on).
        A change made on top of the result before it is made again on top of that result."""
        last = self.current
        # what it was made from (under undo that may not be the step below it: results undone stay there)
        prev = last.parent if last.parent is not None else self.history[-2] if len(self.history) > 1 else None
        made = last.label == "refine" and prev is not None
        plain = made and last.base is prev.base  # not made on top of the result before it
        if (made and not inst.edits and inst.scale and last.edited and inst.premise.get("meant")
                and (inst.scale == "up") == all(k in last.change.reduces for k in last.edited)):
            # "no, I meant more" after *less rain removal* (and "I meant less" after *more denoising*) is that
            # change the other way round (it had gone on: even less rain removal); after *brighter* it goes on, as
            # "no, not enough" and "no, even more" do (code review 51)
            inst = _without_premise(inst, "meant", correction="opposite")
        if inst.correction == "opposite":
            if not made:
                return self._reply("There is no change of mine to turn round here: tell me what you want, for "
                                   "example *brighter* or *darker*.", intent="refine")
            if plain:
                ways = {k: last.severities[k] - prev.severities.get(k, 0.0) for k in last.edited}
            else:  # the severities were measured on different images: the way each kind was asked to go
                ways = last.edited
            # less removal on top of a result that shows none of that damage would put it back, which the
            # network cannot do: that result is as far as it goes
            shown = self._measure(prev).severities if not plain and all(
                w > 0 for w in ways.values()) else None
            if shown is not None and all(lower_severity(k, shown.get(k, 0.0), NORMAL) < DETECTED for k in ways):
                self.history.pop()
                self.redo_stack.append(last)
                if self.current is not prev:
                    self.history.append(prev)
                self.last_change = prev.change
                less = " or ".join(f"*{_HINTS[k][-1]}*" for k in ways if k in _HINTS)
                return self._reply(
                    f"I took back my last change ({self._said(last)}, made on top of the result before it), so that "
                    "result is back. On top of it, the other way would be putting damage back, which the network "
                    f"cannot do. To go further that way, say {less}: I then re-run from "
                    f"{'your photo' if prev.base is self.original else 'the result it builds on'}.",
                    prev.image, intent="refine")
            inst = Instruction("refine", [Edit(k, "down" if w > 0 else "up", inst.amount) for k, w in ways.items() if w],
                               on_top=not plain)
        else:
            went = {k: last.severities[k] - prev.severities.get(k, 0.0) for k in last.edited} if plain else \
                dict(last.edited) if made else {}
            meant = inst.premise.get("meant") and made and inst.edits and not any(  # "no, I meant more denoising"
                went.get(e.kind, 0.0) * _DIRECTION[e.op] > 0 for e in inst.edits)  # after "brighter": instead of it
            # (not "no, I meant even brighter": more of it, as before)
            inst = _without_premise(inst, "meant")  # (it had been kept)
            if not meant and not any(went.get(e.kind, 0.0) * _DIRECTION[e.op] < 0 for e in inst.edits):
                return self._refine(replace(inst, correction=None), progress)
            inst = replace(inst, on_top=inst.on_top or not plain)
        self.history.pop()
        # the change taken back goes under redo, and so, with any other there, under undo when the new one is made
        # (Assistant._push): it keeps its number (it had been dropped and its number given to the new result)
        self.redo_stack.append(last)
        again = self.current is not prev  # made from a version further down: that version again, as _refine_from does
        if again:
            self.history.append(prev)
        try:
            reply = self._refine(replace(inst, correction=None), progress)
        except Exception:
            if self.current is prev:
                if again:
                    self.history.pop()
                self.history.append(self.redo_stack.pop())
            raise
        self.moved_from_redo = False  # (the change taken back is no result the person had undone)
        if self.current is prev:  # the new change was not made: the result before the mistaken one is back
            self.last_change = prev.change
            reply.image = prev.image
            why = reply.text.replace("That changes nothing: ", "").replace("The current result stays. ", "")
            why = why.replace("Without *on top of this* I run again from your photo, where that can change. ", "")
            reply.text = (f"I took back my last change ({self._said(last)}), so the result before it is back; the new "
                          f"change cannot be made: {why}")
        else:
            reply.text = f"I took back my last change ({self._said(last)}). " + reply.text
        return reply

    def _refused(self, kind: str, old: float, new: float, on_top: bool, scale: bool = False,
                 passed: list[float] = ()) -> Reply:
        """The reply when the result moved visibly the other way (darker for "brighter"): nothing of it
        is kept. "much stronger" next acts on this kind, as the person asked for it (unless that was a
        scale word: then the change it scaled stays what "more" and "less" act on). `passed`: the words tried
        before `new`, which barely moved it (they had gone unsaid, and "a bit brighter" read as a big jump)."""
        if not scale:
            self.last_change = Change({kind: 1 if new > old else -1})
        self.refused = True
        up = new > old
        change, opposite = EFFECTS[kind][3] if up else EFFECTS[kind][3][::-1]
        said = said_words(kind, new, old)
        tried = in_turn(tried_words(kind, [t for t in passed if t >= DETECTED] + [new])[:-1])
        first = f"{tried} did not make it {change}, and with" if tried else "With"
        soft = ""
        smoothers = [o for o in _EASED if o != kind and self.current.severities.get(o, 0.0) >= DETECTED]
        if kind == "blur" and up and smoothers and self.current.severities.get("blur", 0.0) < DETECTED:
            # "too soft now" after deblocking (review 39: only "sharper on top of this" had been offered)
            soft = (f"The softness may come from taking out the {' and the '.join(KIND_NAMES[o] for o in smoothers)}: "
                    f"say *{'* or *'.join(_EASED[o] for o in smoothers)}* to ease it. ")
        return self._reply(f"{first} {said[0]} instead of {said[1]} the result came out {opposite}, not {change}: "
                           "this network does not go that way on this photo, so I kept "
                           f"{'the current result' if self.current.is_result else 'the description as it was'}. "
                           + soft + self._further(on_top, kind, up), intent="refine")

    def _further(self, on_top: bool, kind: str, up: bool) -> str:
        """How to go on in the same direction when the words cannot: build on the result itself."""
        hints, step = _HINTS[kind], self.current
        if on_top or not step.is_result or (not up and len(hints) < 2):
            return "Try another change, or *undo*."
        if kind == "low_light" and up and at_strongest(kind, step.severities.get(kind, 0.0)):  # at the strongest words:
            # the network brightens a brightened result by its weakest words as much as by a level (39% -> 50%, 23.3
            # -> 15.1 dB, the dark parts grey and blotchy: helper 54a's F01), so that step is bounded (ON_TOP_BRIGHTER)
            return ("This is as bright as the darkness words make it. To go further, say *brighter on top of this*: I "
                    "then brighten the current result itself, in bounded steps (the network alone goes far there, "
                    "and on most photos turns dark parts grey and blotchy).")
        back = ""
        if step.edited.get(kind, 0) * (1 if up else -1) < 0 and step.parent is not None:  # "too much" after
            # "brighter": the result before it (it had offered only "darker on top of this")
            before = step.parent  # (where a plain undo goes: past the step this one was made on top of, in the
            # same message, to the one shown before that message: _under)
            if step.with_parent and len(self.history) > 2 and self.history[-2] is step.parent:
                before = self.history[-3]
            back = f" Or *undo*: back to {_name(before)}, from before that change."
        return (f"To go further, say *{hints[0 if up else 1]} on top of this*: I then work on the current result "
                f"itself.{back or ' Or try another change.'}")

    def _settle(self, base, start: dict, new: dict, changed: list[str], reference: dict, on_top: bool,
                inst: Instruction):
        """Check that one edit of a kind with a measurable effect really moves the result the way
        it was meant to (brighter / darker, more / less grain), on a native-resolution crop; if the
        network barely responds to the new words, go one severity word further (at most twice); after
        *a bit* (the edit of that kind in `inst`) half a word, once: a whole word in all (it had gone on in
        whole words, and *a bit less dehazing* further than *less dehazing*).
        -> (the severities to run with, the last severity tried, its note (`Settled`), the result if the
        crop was the whole photo, else None, whether the crop came out short of a visible step); the
        severities are None when the result moved visibly the other way (darker for "brighter"): then
        nothing of it is kept."""
        kind = _settled_kind(changed, inst)
        if kind is None or any(e.op == "set" for e in inst.edits):
            return new, None, Settled(), None, False  # (a number asked for is run as it is)
        measure, visible, sign, words = self._effect(kind, new)
        # (a share of a result shown: before one, a plain step, as the reply's figures are of the photo)
        percent = inst.premise.get("percent") if kind == "low_light" and self.current.is_result else None

        def threshold(ref):  # a visible step, or as far as "20% brighter" asks (of the mean brightness)
            return max(visible(ref), percent / 100 * ref) if percent else visible(ref)

        up = new[kind] > start.get(kind, 0.0)
        want = sign if up else -sign  # the sign the measured change should have
        box = self._frame(base)  # (inside a frame the check runs on the photo too, as the restore does: review 54b)
        inner = self._ran_on(base)
        crop = centre_crop(inner, CHECK_SIDE)
        widened = crop is not inner and 2 * crop.width * crop.height >= inner.width * inner.height
        if widened:  # most of the photo: the check runs on it whole, so its run is the result and the current result
            # its reference (QA 61 F10: a crop of 384x216's 256x216 had cost a run of the crop before, one after and
            # one of the photo: three runs for *denoise harder*)
            crop = inner
        step = self.current
        ref = self._measured_before(measure, base, crop, start, on_top)
        tried, floor = [], False
        step_size = inst.amount if inst.scale else next(
            (e.amount for e in inst.edits if e.kind == kind and e.op in ("up", "down", "add")), NORMAL)
        a_bit = step_size < NORMAL
        settle_steps = 1 if a_bit else SETTLE_STEPS
        best = None  # (effect, severities, result, words tried): the run that went furthest the asked way
        for attempt in range(1 + settle_steps):
            out = self._network(crop, new)
            effect = measure(out) - ref
            tried.append(new[kind])
            if best is None or effect * want > best[0] * want:
                best = (effect, new, out, len(tried))
            if effect * want >= threshold(ref) or attempt == settle_steps:  # keep the words last run
                break
            if up and effect * want <= -_against(kind, ref):  # the other way: stronger words go further that way
                break  # (they had been tried up to the strongest, and the refusal named that one); weaker ones end
                # at none named, which on top of a result is the result itself
            s = new[kind]
            nxt = dict(new)
            size = min(step_size, NORMAL)
            nxt[kind] = raise_severity(kind, s, size, reference.get(kind, 0.0)) if up else lower_severity(kind, s, size)
            if self.told(nxt) == self.told(new):
                break
            if nxt[kind] < DETECTED and not on_top:  # left out, from the photo, none of it is removed: all
                floor = True  # the haze back for "less dehazing" where every haze word gives one result
                break
            new = nxt
        if effect * want < threshold(ref) and best[0] * want > max(effect * want, 0.0):  # none far enough: the words
            # that went furthest the asked way, not the last (qa52a F15: "severe noise" had been run and refused
            # where "heavy noise" was smoother)
            effect, new, out, n = best
            tried = tried[:n]
        if percent and len(tried) == 1 and effect * want > 1.5 * threshold(ref):  # "make it 20% brighter" gone much
            half = {**new, kind: (start.get(kind, 0.0) + new[kind]) / 2}  # further: half the step, where it tells other
            if half[kind] >= DETECTED and self.told(half) not in (self.told(new), self.told(start)):  # words, if
                half_out = self._network(crop, half)  # it lands nearer (helper 52c: 79% for 20% asked)
                half_effect = measure(half_out) - ref
                if abs(half_effect * want - threshold(ref)) < abs(effect * want - threshold(ref)):
                    new, out, effect, tried = half, half_out, half_effect, [half[kind]]
        whole = (out if box is None else _pasted(base, out, box)) if crop.size == inner.size else None
        if (widened or not on_top) and self._twin(base, new) is not None:  # a version made with these words: shown
            whole = None  # again, its number kept, as where the check ran on a crop (_result_image)
        if effect * want <= -_against(kind, ref):  # (each word tried, for the refusal to name)
            return None, tried, Settled(), None, True
        short = effect * want < threshold(ref)
        bigger = a_bit and self.told({**new, kind: raise_severity(kind, new[kind], NORMAL, new[kind]) if up
                                      else lower_severity(kind, new[kind], NORMAL)}) != self.told(new)
        than = "" if on_top or step.is_result else " than a plain restore"  # (the reply's figures are the photo's)
        down = floor or new[kind] < DETECTED
        how = (self._short_of(percent) if percent else
               _how_much(effect * want, words[1 if down else 0 if up else 1])) + than
        then = ": " + (f"*{_HINTS[kind][0 if up else -1]}* takes a bigger step." if bigger else
                       "that is as far as this network goes.")
        if floor:  # the next word down is none at all
            then = (f": every {KIND_NAMES[kind]} word gives about this result here, and the only step further is to "
                    f"leave all the {KIND_NAMES[kind]} in ({LEAVE_OUT[kind]}).")
        elif new[kind] < DETECTED:  # left in ("keep the background blur"): nothing asked for more than that
            then = ": " + (
                f"on top of this result, what was done to the {KIND_NAMES[kind]} stays; *undo* takes it back." if on_top
                else f"the result before had changed the {KIND_NAMES[kind]} little." if step.is_result
                else f"a restore changes the {KIND_NAMES[kind]} little.")
        note = Settled(how=how, then=then) if short else Settled()
        if len(tried) > 1:
            said = tried_words(kind, tried, start.get(kind, 0.0))
            ended = words_pair(kind, start.get(kind, 0.0), tried[-1])[1]  # as the change line names them (helper
            # 54a: it had named the blend's shares where the line said one word)
            last = f"to {ended}" if tried[-1] >= DETECTED else f"and left the {KIND_NAMES[kind]} out of it"
            passed = in_turn(said[:-1])  # barely moved it, or the other way
            asked = self._share_look(percent, words[0 if up else 1]) if percent else words[0 if up else 1]
            note.passed = f"({passed} did not make it {asked}, so I went further, {last}"
        return new, tried[-1], note, whole, short

    def _measured_before(self, measure, base, crop, start: dict, on_top: bool) -> float:
        """What the settle check measures each run of the crop against: the image before the change, by `measure`."""
        step = self.current
        if on_top:
            return measure(crop)  # the result itself: it is what the person sees now
        all_of_it = crop.size == base.size  # (`base` itself, or with the upload's transparency: `_ran_on`)
        if all_of_it and step.is_result and step.base is base and self.told(step.severities) == self.told(start) \
                and step.mixed == 1:
            return measure(step.image)  # the current result is that very run
        return measure(self._network(crop, start))

    # --- history -------------------------------------------------------------------------------

    def _undo(self, inst, progress) -> Reply:
        if inst.version is not None:
            return self._to_version(inst.version)
        if inst.premise.get("after"):  # "back to how it was after the first brighten"
            return self._after_nth(inst.premise)
        if inst.premise.get("most"):  # "use the brightest one"
            return self._to_most(next((k, w) for k, w in inst.premise.items() if k in EFFECTS and w),
                                 of_two=inst.premise["most"] == 2)
        if inst.about:
            reply = self._undo_action(inst.about[0], inst, progress)
            if reply is not None:
                return reply
        if inst.steps == 0:
            return self._zero_steps("undo")
        if len(self.history) <= 1 and self.redo_stack:  # undone back to the photo (QA 68 F05: it had said "nothing
            # to undo yet", as if no result had been made)
            ahead = self.redo_stack[-self._redo_passes()]
            where = ("There is nothing more to undo: this is the photo as uploaded." if self.dropped else
                     "This is the photo as uploaded: there is nothing before it.")
            return self._reply(f"{where} *redo* brings "
                               f"{f'version {ahead.version}' if ahead.is_result else 'the next step'} back.",
                               intent="undo")
        if len(self.history) <= 1:
            return self._reply("There is nothing more to undo." if self.dropped else "There is nothing to undo yet.",
                               intent="undo")
        there = len(self.history) - 1
        note = (f"(There {'was' if there == 1 else 'were'} only {there} step{'s' * (there > 1)} to go back.) "
                if inst.steps > there else "")  # "go back two steps" of one: said (review 44)
        self.undone = self.current  # (what "too much" next is not of: _after_undo)
        return self._prefix(note, self._back(min(inst.steps, there), passing=True))  # "undo twice": as far as there is

    def _zero_steps(self, way: str) -> Reply:
        """"undo 0", "redo 0": no step, and every version stays where it is ("undo 0" had gone back a step, to the
        upload: review74)."""
        can = self.can_undo if way == "undo" else self.can_redo
        one = f" Say *{way}* for one step." if can else ""
        return self._reply(f"Zero steps is no step, so nothing changed: {_name(self.current)} stays as it is.{one}",
                           intent=way)

    def _after_nth(self, premise: dict[str, int]) -> Reply:
        """The result the n-th step of a kind made ("after the first brighten"), or of any kind ("change")."""
        kind, way = next(((k, w) for k, w in premise.items() if k in KINDS), (None, 0))
        made = [s for _, s in sorted(self._versions().items()) if kind is None or s.edited.get(kind) == way]
        n = premise["after"]
        if n > len(made):
            what = "a change" if kind is None else "darkening" if way < 0 else ACTION_NAMES[kind]
            return self._reply(f"Only {len(made)} of the results came from {what}, so there is no number {n} of them: "
                               "say *version N* for the one you want.", intent="undo")
        return self._to_version(made[n - 1].version)

    def _redo(self, inst, progress) -> Reply:
        if inst.version is not None:  # "redo version 3"
            return self._to_version(inst.version)
        if inst.steps == 0:
            return self._zero_steps("redo")
        if not self.redo_stack:
            kept = (" The results you had undone are under *undo* now: say *undo*, or *version N* for one."
                    if self.moved_from_redo else "")
            return self._reply("There is nothing to redo." + kept, intent="redo")
        return self._forward(min(inst.steps, len(self.redo_stack)), passing=True)

    def _undo_action(self, kind: str, inst, progress) -> Reply | None:
        """"undo the brightening (but keep the denoising)": that kind as it was before the latest step that brought
        some of it still in the image shown, the steps after it kept (a plain undo had taken back the later step and
        kept the brightening). A step that took some back is passed, as what it left is still there (a version shown
        again had answered from the way it was first made: "already taken back" of a brightened result reached by
        *restore, more denoising*; so had *darker*, with the restore's brightening in). None where that step is the
        last one and not the restore: the plain undo does it."""
        action = ACTION_NAMES[kind]
        if not self.current.is_result:
            return self._reply(f"No result is shown now, so there is no {action} to undo: say *undo* to get the last "
                               "result back.", intent="undo")
        later, step, taken = [], self.current, None  # back through the steps the result shown was made from
        level = step.severities.get(kind, 0.0)  # how much of it the image shown has, in the words of `step`'s base
        while step is not None and step.is_result:
            parent = step.parent
            alike = parent is not None and parent.is_result and parent.base is step.base  # told of the same image
            if level >= DETECTED and (step.label == "restore" or step.edited.get(kind, 0) > 0) \
                    and not (alike and parent.severities.get(kind, 0.0) >= level - 1e-9):  # (else it was there)
                break
            if taken is None and step.edited.get(kind, 1) <= 0:
                taken = step
            later.insert(0, step)
            if parent is not None and parent.is_result and not alike:  # built on that result: what it has is here
                level = parent.severities.get(kind, 0.0)
            step = parent
        if step is None or not step.is_result:
            if taken is not None:  # a change took it all back
                return self._reply(f"The {action} is already taken back (version {taken.version}). Say *undo* to go "
                                   "back a step, or tell me what to change.", intent="undo")
            return self._reply(f"Nothing in this result did any {action}, so there is none to undo.", intent="undo")
        before = step.parent
        if any(s.base is not self.original for s in later):  # built on that very result: it cannot be taken out alone
            back = (f"Say *version {before.version}* to go back to before it" if before is not None and before.is_result
                    else "Say *start over* to go back to before it")
            return self._reply(f"The steps after version {step.version} were made on top of it, so I cannot take its "
                               f"{action} out alone. {back}, or tell me what to change.", intent="undo")
        if later == [] and step.label != "restore" and len(self.history) > 1 and self.history[-2] is before:
            return None  # the last step, made from the one under it: the plain undo
        new = dict(self.current.severities)
        new[kind] = 0.0 if step.label == "restore" else before.severities.get(kind, 0.0)
        reply = self._refine(replace(inst, intent="refine", about=[]), progress, new)
        if not self.current.is_result:  # nothing named is left: _nothing_named says so
            return reply
        note = (f"(The {action} was version {step.version}'s change; what came after it stays, so I ran again "
                "without it.)\n\n" if later else f"(I ran again without the {action}; the rest stays.)\n\n")
        return self._prefix(note, reply)

    def _versions(self) -> dict[int, Step]:
        """The results by number, those under undo and under redo."""
        return {s.version: s for s in self.history + self.redo_stack if s.is_result}

    def _two_compared(self) -> list[int]:
        """The two versions the last compare showed, in order ([] where it showed the upload)."""
        pair = sorted(v for v in (self._compared or ()) if v)
        return pair if len(pair) == 2 else []

    def _number(self, version: int | None) -> int | None:
        """A version as named: -1 ("the newest") is the highest number there is, -3 ("the second to last") the
        one below it (the upload, 0, below a single result); -2 ("the previous one") the result the one shown was
        made from, else the one numbered before it, else the upload (0)."""
        if version == PREVIOUS:
            step = self.current
            if step.parent is not None and step.parent.is_result:
                return step.parent.version
            return max((v for v in self._versions() if v < step.version), default=0) if step.is_result else 0
        if version == SECOND_LAST:
            return ([0] + sorted(self._versions()))[-2] if self._versions() else -1
        return max(self._versions(), default=-1) if version == -1 else version

    def _no_version(self, version: int | list[int], intent: str = "undo") -> Reply:
        """That there is no such version (or none of several: "compare 2, 3" of one result had named only 3)."""
        numbers, missing = sorted(self._versions()), sorted(set(version)) if isinstance(version, list) else [version]
        if not numbers:  # (it had said "There is no version -1" of "the newest")
            return self._reply(self._restore_hint(*NO_RESULTS), intent=intent)
        named = f"version{'s' * (len(missing) > 1)} {_listed(missing)}"
        if self.dropped and all(1 <= v < numbers[-1] for v in missing):  # fell off the history
            return self._reply(f"{named.capitalize()} {'is' if len(missing) == 1 else 'are'} gone: I keep the last "
                               f"{self.results_kept} results (versions {', '.join(map(str, numbers))}). Say the number of "
                               "one of them.", intent=intent)
        have = (f"version {numbers[0]}" if len(numbers) == 1
                else f"versions {numbers[0]} and {numbers[1]}" if len(numbers) == 2
                else f"versions {numbers[0]} to {numbers[-1]}")
        below = " or below: versions start at 1, and" if missing == [0] else ":"  # "version -1" is 0 (QA 73 F12)
        return self._reply(f"There {'is' if len(missing) == 1 else 'are'} no {named}{below} the results I have are "
                           f"{have}. Say *undo*, or the number of the one you want.", intent=intent)

    def _earlier_photo_gone(self) -> Reply:
        """The answer to a message about a photo uploaded before this one: it is gone, with its results."""
        n = self.results_of_the_photo_before
        its = f", with its {n} result{'s' * (n != 1)}" if n else ""
        return self._reply(f"The photo you uploaded before this one is gone{its}: a new upload starts a new "
                           "conversation, and I keep only the photo you uploaded last and its results (*undo* and "
                           "*version N* are of this photo). To work on the earlier photo again, upload it again; a "
                           "result you downloaded stays in its file.", intent="undo")

    def _to_version(self, version: int) -> Reply:
        """"back to version 2", "the second one was better": the result of that number, back or forward."""
        timeline = self.history + self.redo_stack[::-1]
        found = self._versions()  # (the timeline is not in version order: results undone stay under undo)
        if not found:  # (it had said "There is nothing to undo yet", to "version 2"; review 51)
            return self._reply(self._restore_hint("There are no results yet, so no version to go to",
                                                  ": say *restore* to make the first result (version 1)."),
                               intent="undo")
        if version == SECOND_LAST and len(found) == 1:  # of one result (it had said "There is no version 0")
            return self._reply(f"There is one result, version {min(found)}: before it is your photo as uploaded, and "
                               "*undo* goes back to it.", intent="undo")
        version = self._number(version)  # -1: "the newest version"
        note = ""
        if 1 <= version < min(found) and self.dropped:  # fell off the history
            note = (f"(I keep the last {self.results_kept} results: version {version} is gone, so this is the earliest I "
                    "have.) ")
            version = min(found)
        if version not in found:
            return self._no_version(version)
        now = len(self.history) - 1
        # the nearest, where a step is under undo twice (the step an edit was made from: Assistant._push)
        target = min((i for i, s in enumerate(timeline) if s.version == version), key=lambda i: abs(i - now))
        if target == now:
            return self._reply(f"{note}This is version {version} already.", intent="undo")
        reply = self._back(now - target) if target < now else self._forward(target - now)
        # The first of one message's two steps, shown alone, is a step of its own now (fix65a: *undo*, then *redo*,
        # had gone on past it to the second, as from the second).
        if self.redo_stack and self._under(self.redo_stack[-1]):
            self.redo_stack[-1].with_parent = False
        return self._prefix(note, reply)

    def _ahead(self, step: Step) -> bool:
        """Whether `step` is also under redo: shown again further on (the history is what was shown, and a version
        shown again is in it twice)."""
        return any(s is step for s in self.redo_stack)

    def _back(self, n: int, passing: bool = False) -> Reply:
        """`n` steps back; `passing` (a plain *undo*): past a step also under redo, so undo walks towards the upload
        and redo walks the same way back (QA 62 F06: after jumps between versions, four undos had shown versions 3, 1,
        2, 1, going round the same pictures)."""
        moved, joined = 0, []
        while moved < n and len(self.history) > 1:  # (fewer where steps were passed)
            moved += 1
            self.redo_stack.append(self.history.pop())
            while passing and len(self.history) > 1 and (self._ahead(self.current) or self._under(self.redo_stack[-1])):
                if self._under(self.redo_stack[-1]):
                    joined.append(self.redo_stack[-1])
                self.redo_stack.append(self.history.pop())
        step = self.current
        self.last_change = step.change
        what = self._version_said(step) if step.is_result else "the photo as you uploaded it."
        if len(self.history) == 1 and self.dropped:
            what += (f" (I keep the last {self.results_kept} results: the {self.dropped} before them are gone, so undo "
                     "skipped them.)")
        steps = f" {moved} steps" if moved > 1 else ""
        what += "".join(f" (Versions {s.parent.version} and {s.version} came from one message, {s.version} made on top of "
                        f"{s.parent.version}: both are taken back. *version {s.parent.version}* shows the first.)"
                        for s in joined)
        return self._reply(f"Undone{steps}: back to {what} Say *redo* to return.", step.image, intent="undo")

    def _under(self, step: Step) -> bool:
        """Whether `step` was made on top of the step shown now, in the message that showed that one (a plain undo
        or redo moves past the two together)."""
        return step.with_parent and step.parent is self.current

    def _forward(self, n: int, passing: bool = False) -> Reply:
        """`n` steps forward; `passing` (a plain *redo*): past a step also further on, as *undo* passed it."""
        moved = 0
        while moved < n and self.redo_stack:
            moved += 1
            for _ in range(self._redo_passes() if passing else 1):
                self.history.append(self.redo_stack.pop())
        step = self.current
        self.last_change = step.change
        what = (self._version_said(step) if step.is_result
                else "the photo as uploaded (*start over*)." if step.label == "start over"
                else "the photo as uploaded, with nothing named." if step.label == "nothing named"
                else "the photo as you uploaded it.")
        steps = f" {moved} steps" if moved > 1 else ""
        return self._reply(f"Redone{steps}: {what}", step.image, intent="redo")

    def _redo_passes(self) -> int:
        """How many steps a plain *redo* takes from under redo: the next one, and those it passes on the way (one
        shown again further on, or one made on top of it in the same message: `_ahead`, `_under`)."""
        ahead = self.redo_stack
        n = 1
        while n < len(ahead) and (any(s is ahead[-n] for s in ahead[:-n])
                                  or ahead[-n - 1].with_parent and ahead[-n - 1].parent is ahead[-n]):
            n += 1
        return n

    def _start_over(self, inst, progress) -> Reply:
        first = self.history[0]
        if not self.current.is_result and self.current.severities == first.severities:
            return self._reply("We are at the start already: " + self.measured.text, intent="start_over")
        # the way back to the last result shown: one undo where it is shown, else its number (after "there is
        # no rain", undo would give the photo as uploaded: it had said undo all the same)
        last = next((s.version for s in reversed(self.history) if s.is_result), None) or max(self._versions(), default=None)
        back = "*undo*" if self.current.is_result else f"*version {last}*" if last else ""
        self._push(replace(first, label="start over"))
        self.last_change = Change()
        again = f" (or {back} to get the last result back)" if back else ""
        return self._reply("Back to the photo as uploaded and my first description: " + self.measured.text +
                           f" Say *restore* to run it again{again}.", first.image, intent="start_over")

    # --- talking ---------------------------------------------------------------------------------

    def _describe(self, inst, progress) -> Reply:
        step = self.current
        text = (f"This is version {step.version}. " if step.is_result else "") + "In the photo as uploaded: " + \
            self.measured.text
        if self.description:  # (None where the network did not load: the rest is said without it)
            text += f"\n\nThe description I restore with now: “{self.description}”"
        if step.is_result:
            try:
                after = self._measure(step)
                brought = {k: note for k in ("haze", "blur") if (note := self._brought(k, step, after))}
                # a reading the restore brought is no damage of the photo to fix: it is said apart, with where it came
                # from (QA 61 F05: the result "is hazy", then *remove the haze* "I found no haze in your photo", and
                # the dehazed result 21.52 -> 17.71 dB against the clean photo)
                said = after.text if not brought else describe_words(
                    {k: 0.0 if k in brought else v for k, v in after.severities.items()}, after.brightness,
                    after.noise_sigma if after.severities.get("noise", 0.0) >= DETECTED else None)
                text += "\n\nIn the current result I measure: " + said + "".join(f" {n}" for n in brought.values())
            except Exception as e:  # noqa: BLE001
                log.info("measuring the result failed: %s", e)
        return self._reply(text, intent="describe")

    def _compare(self, inst, progress) -> Reply:
        compared, self._compared = self._compared, None  # (one that fails leaves none: the question after it is of
        # the result again)
        if inst.premise.get("all") and len(self._versions()) == 2:  # "compare them all" of two: those two
            return self._compare_versions(*sorted(self._versions(), reverse=True))
        if inst.premise.get("all") and len(self._versions()) > 1:  # "compare all three": each listed, and how to
            # see two
            return self._reply("I show two at a time, side by side. " + self._each_version(False), intent="question")
        if {"of", "than"} & set(inst.premise):  # "compare version 1 and version 3"
            of, than = (self._number(inst.premise.get(k)) for k in ("of", "than"))
            more = [self._number(v) for k, v in inst.premise.items() if k.startswith("more")]
            missing = [v for v in (of, than, *more) if v and v not in self._versions()]
            if missing:  # "show me 1, 2 and 7" (7 had been dropped without a word), all of them named
                return self._no_version(missing, "compare")
            reply = self._compare_versions(of, than)
            if more and reply.intent == "compare" and reply.before is not None:  # "compare 1, 2 and 3"
                reply.text = (f"(I show two at a time: say *compare version {of} and "
                              f"version {more[0]}* for the next.) " + reply.text)
            return reply
        if inst.premise.get("shown") and compared is not None and compared[0] is not None:
            return self._compare_versions(*compared)  # "what's the difference?" after "compare version 1 and 2"
        if self.result is None:
            there = ("No result is shown now: say *undo* to get the last one back, or name a version (*compare version 1*)."
                     if self._versions() else
                     self._no_result_as_nothing_named("There is no result to compare")
                     or self._restore_hint("There is no result to compare yet", ": say *restore* first."))
            return self._reply(there, intent="compare", before=self.uploaded)
        step = self.current
        self._compared = (None, 0)
        return self._reply(f"Before (the photo as uploaded) and after (version {step.version}, {self._said(step)}).",
                           step.image, intent="compare", before=self.uploaded)

    def _compare_versions(self, of: int | None, than: int | None) -> Reply:
        """Two images side by side, as named (0 or None for `than`: the photo as uploaded; None for `of`: the
        result shown); the result shown stays as it is."""
        found, step = self._versions(), self.current  # (the callers have checked that both exist)
        after = found[of] if of else step
        if not after.is_result:
            return self._reply("No result is shown now: say *restore* first, or name the versions to compare "
                               "(*compare version 1 and version 2*).", intent="compare")
        note = ""
        if than and found[than] is after:  # "compare it with version 1" of version 1: beside the photo
            note, than = f"(That is version {than} itself, so here it is beside the photo as uploaded.) ", 0
        before, name = (found[than].image, f"version {than}, {self._said(found[than])}") if than else (
            self.uploaded, "the photo as uploaded")
        text = f"{note}Before ({name}) and after (version {after.version}, {self._said(after)})."
        self._compared = (after.version, than or 0)  # (the number, also of the one shown: None had read as "the
        # result shown" after it had changed, and "is version 1 brighter?" had measured version 1 against itself)
        if after is step:
            return self._reply(text, after.image, intent="compare", before=before)
        text += f" The result shown is still {_name(step)}: say *version {after.version}* to go to that one."
        # not through _reply: what a question's "darker" compares with stays the result shown and the one before
        return Reply(text, after.image, before, "compare", self.severities or None, self.description)

    def _answer(self, inst, progress) -> Reply:
        """A question about the result ("is the rain gone?", "why is it darker?"): what the description
        asks of each kind it is about, and what is measured in the result now. Nothing runs."""
        step = self.current
        if inst.premise.get("done"):  # "is it done?" (it had listed every kind's description and measures)
            return self._reply(f"Yes: version {step.version} is shown, made with {self._said(step)} Tell me what to change, "
                               "or download it." if step.is_result else
                               self._restore_hint("Nothing is running", ": say *restore* to fix the photo, or tell me "
                                                  "what to change first."), intent="question")
        if inst.premise.get("wait"):  # "wait", "hold on" (QA 62 F09: they had the help text)
            return self._reply(f"Nothing is running: {_name(step)} stays shown, and your photo and every version are "
                               "kept. Tell me when you are ready.", intent="question")
        if inst.premise.get("delete"):  # "delete version 1" (QA 62 F09: the help text)
            return self._reply(f"I keep every version (the last {self.results_kept}), so there is nothing to delete: *undo* goes "
                               "back a step, *start over* to your photo as uploaded.", intent="question")
        if inst.premise.get("time"):  # "how long did that take?"
            return self._reply(self._how_long(inst.premise["time"] == 2, inst.premise.get("pixels", 0)), intent="question")
        if inst.premise.get("meaning"):  # "what does sigma mean?"
            return self._reply(self._meaning(inst.about), intent="question")
        if inst.premise.get("size"):  # "is it the same size as mine?"
            w, h = self.uploaded.size
            return self._reply(f"{'Yes: e' if inst.premise['size'] == 1 else 'E'}very result has your photo's size and "
                               f"framing, {w}×{h} pixels. *Download the full-size result* saves it at that size (the image "
                               "in the chat is a smaller preview).", intent="question")
        numbers = sorted(self._versions())
        if "versions" in inst.premise and numbers and inst.version is not None and inst.version not in numbers:
            # "what is version 2?" of one result (QA 62 F10: it had listed version 1 and offered to compare it with 2)
            if inst.version < numbers[-1]:
                return self._no_version(inst.version, intent="question")
            have = (f"only version {numbers[0]}" if len(numbers) == 1 else f"versions {numbers[0]} and {numbers[1]}"
                    if len(numbers) == 2 else f"versions {numbers[0]} to {numbers[-1]}")
            return self._reply(f"There is no version {inst.version} yet ({have}). Each change you ask for makes a new "
                               "version; *list the versions* says what each was made with.", intent="question")
        if "versions" in inst.premise and (inst.premise["versions"] == 2 or len(self._versions()) > 1
                                           or inst.premise.keys() == {"versions"}):  # "which version is best?" of
            # one result or none: said so (QA 72 F5: it had described the result, as "is it better?" does)
            most = next(((k, w) for k, w in inst.premise.items() if k in EFFECTS and w), None)
            return self._reply(self._each_version(inst.premise["versions"] == 1, most), intent="question")
        premise = dict(inst.premise)
        if self._compared is not None and set(premise) & {*KINDS, "last"}:
            # "compare version 1 and 3", then "which is brighter?", "which is better?" or "is it sharper?": of the
            # two shown (it had measured the result against the one shown before it); "is version 1 brighter?" of
            # one of them, against the other (it had been against the one shown before, maybe itself)
            of, than = self._compared
            shown = of or self.current.version  # (None: the result shown, by a plain *compare*)
            if not {"of", "than"} & set(premise):
                if set(premise) & set(KINDS):
                    premise.pop("last", None)
                premise["of"], premise["than"] = of, than
            elif "than" not in premise and premise.get("of") in (shown, than):
                premise["than"] = than if premise["of"] == shown else of
        unmeasured = ""
        if "last" in premise and inst.about and not set(premise) & set(KINDS):
            # "which has less rain?": of the kinds named, either way (it had answered of the last change, brightness)
            premise.pop("last")
            premise.update({k: 0 for k in inst.about if k in EFFECTS})
            if not set(premise) & set(KINDS) and {"of", "than"} & set(premise):
                unmeasured = (f"I cannot measure the {' or the '.join(KIND_NAMES[k] for k in inst.about)} of one "
                              "result against another: look at them side by side. ")
        room = premise.get("room")  # "how much more can you brighten it?"
        named = [k for k in KINDS if step.severities.get(k, 0.0) >= DETECTED]
        kinds = list(dict.fromkeys(inst.about))
        if not kinds and room:  # of the kinds changed last, else of those being removed
            kinds = [k for k in KINDS if k in step.edited] or named
        elif not kinds:
            kinds = [k for k in KINDS if k in named or k in step.edited]
        now = self._measure(step) if step.is_result else self.measured
        if step.is_result:
            text = f"The current result was made with {self._said(step)}"
            text += f" My last change was to the {' and the '.join(KIND_NAMES[k] for k in step.edited)}." if step.edited else ""
        elif not _names_any(step.severities):
            text = self._restore_hint("No result is shown now, and nothing is named", ".")
        else:
            text = self._restore_hint("No result is shown now", ": say *restore* to run the description.")
        cannot = self._cannot_restore()  # (then the text above says why, and what I can do: no hint invites a change)
        photo = "the result" if step.is_result else "your photo"
        if step.is_result or premise.get("of"):  # (of a version named or compared, whatever is shown)
            text = unmeasured + self._premise({k: w for k, w in premise.items() if k not in ("room", "versions")}, now) + text
        for k in kinds:
            s = step.severities.get(k, 0.0)
            asked = (f"the description says “{words_for(k, s)}”, so the network removes it" if s >= DETECTED
                     else "the description leaves it out, so the network leaves it as it is")
            seen = self._seen(k, step, now, photo)
            hint = "" if cannot else _room(k, s, room) if room else f"Say *{'* or *'.join(_HINTS[k])}* to change it."
            softened = self._softened_by(k, step, now)
            if softened:  # "why is it blurry?" of a softness the restore brought: not the photo's (QA 61 F04: the
                # upload measured no blur, 0.00, the result after rain removal "soft", 0.29; it had said "leaves it as it
                # is" and offered *sharper*, which the network refuses there)
                asked = f"your photo as uploaded has none (I measure no {KIND_NAMES[k]} in it), so the description leaves it out"
                seen += (f": the softness came with taking out the {' and the '.join(KIND_NAMES[o] for o in softened)}, "
                         "which smooths fine detail too")
                hint = f"Say *{'* or *'.join(_SMOOTHING[o] for o in softened)}* to ease it, or *undo*."
            elif k == "haze" and self._brought(k, step, now):  # "is it hazy?" of a veil the brightening brought, as
                # *what's wrong with it?* says it (QA 61 F05: it had said “hazy” and offered *dehaze more*, which darkens
                # that result; only the description's answer had said where the veil came from)
                asked = "your photo as uploaded has none (I measure no haze in it), so the description leaves it out"
                seen += f": {self._veil_came(step)}. {VEIL_NO_CURE}"
                hint = "Say *less brightening* to ease it (a darker result), or *undo*."
            text += f"\n- {KIND_NAMES[k]}: {asked}; {seen}." + (" " + hint if hint else "")
        if not kinds:
            text += "\n\nIn " + photo + " I measure: " + now.text
        if "colour" in inst.outside:  # "why is it so yellow?": what moves colours (it had answered with the haze alone)
            colours = self._colours_moved() if step.is_result else f"I cannot {OUTSIDE['colour']}."
            text = colours + "\n\n" + text
        return self._reply(text, intent="question")

    def _how_long(self, slow: bool, pixels: int = 0) -> str:
        """"how long did that take?"; `slow` ("why so slow?"): with the photo's size, and where it ran. Before the
        first result, and of a size asked ("how long will a 12 megapixel photo take?"), the estimate the app's page
        shows (`Restorer.seconds_for`; QA 62 F07: it had said "Nothing has run yet", and the help text)."""
        ran, (w, h) = self.current, self.uploaded.size
        # the estimate only where it is said: before the first restore is timed it times one tile (qa72: "how long did
        # that take?" of a result had waited 22 s on a loaded machine for a figure it did not say)
        yours = self.time_to_restore() if pixels or not (ran.is_result or self._versions()) else None
        if pixels and yours is not None:
            side = (pixels * w / h) ** 0.5  # (the upload's shape)
            seconds = self.restorer.seconds_for(round(side), round(pixels / side))
            cap = (f" (I take photos up to {self.max_pixels / 1e6:g} megapixels)" if pixels > self.max_pixels else "")
            return (f"A {pixels / 1e6:g}-megapixel photo takes {_about(seconds)} on this machine{cap}, from the "
                    f"restores timed here ({seconds * 1e6 / pixels:.1f} s per megapixel); yours, {w * h / 1e6:.2g} "
                    f"megapixels, {yours}.")
        if not ran.is_result and not self._versions() and yours is not None:
            return (f"Nothing has run yet; a restore of your photo ({w * h / 1e6:.2g} megapixels) takes {yours} on this "
                    "machine: say *restore*.")
        if not ran.is_result:
            return (self._restore_hint("Nothing has run yet", ": say *restore*, and the reply says how long it took.")
                    if not self._versions()
                    else "No result is shown now: each reply that made one said how long it took.")
        took = f"{_name(ran).capitalize()} took {ran.seconds:.1f} s"
        if not slow:
            return f"{took} to make on this machine."
        device = getattr(getattr(self.restorer, "device", None), "type", None)
        where = {"cpu": " on this machine's CPU", "cuda": " on this machine's GPU"}.get(device, "")
        return (f"{took} for your {w * h / 1e6:.2g}-megapixel photo ({ran.seconds * 1e6 / (w * h):.1f} s per "
                f"megapixel){where}. The time grows with the photo's size"
                + ("; a machine with a GPU runs it faster." if device != "cuda" else "."))

    def _brought(self, k: str, step: Step, now: Description) -> str:
        """The note on kind `k` where the result `step` (`now`: its measures) reads it and the photo as uploaded did not,
        with nothing asked of it, for haze and for blur that a removal smoothed in (QA 61 F04, F05): "" otherwise."""
        if k == "blur":
            softened = self._softened_by(k, step, now)  # (which asks the same of the blur)
            return (f"(I leave out the “{words_for(k, now.severities[k])}” it reads: your photo as uploaded measures no "
                    f"blur, and the softness came with taking out the {' and the '.join(KIND_NAMES[o] for o in softened)}, "
                    f"which smooths fine detail too: *{'* or *'.join(_SMOOTHING[o] for o in softened)}* eases it.)"
                    if softened else "")
        if k != "haze" or not self._reads_unasked(k, step, now):
            return ""
        if step.severities.get("low_light", 0.0) < DETECTED or now.brightness <= self.measured.brightness:
            return ""  # (without a brightening it may be a haze the rain or the noise hid: conversation_diff's
            # rainy_hazy_path, made with haze 0.6 that the analyzer did not find under the rain)
        return (f"(I leave out the haze it reads: your photo as uploaded measures none, and {self._veil_came(step)}. "
                f"{VEIL_NO_CURE}.)")

    def _veil_came(self, step: Step) -> str:
        """Where the veil a brightened result reads came from (`_brought`), with the measures that show it."""
        return (f"the veil came with the restore's brightening, which lifts the dark parts (the dark channel, the veil I "
                f"measure, is {dark_channel(step.image):.0f} in the result against {dark_channel(self.original):.0f} in "
                "your photo)")

    def _softened_by(self, k: str, step: Step, now: Description) -> list[str]:
        """The kinds the result `step` was made to take out whose removal smooths fine detail, where `k` is blur that the
        photo as uploaded measured none of, the description does not name and the result (`now`: its measures) reads:
        the softness came with the restore (QA 61 F04). Empty otherwise."""
        if k != "blur" or not self._reads_unasked(k, step, now):
            return []
        return [o for o in _SMOOTHING if step.severities.get(o, 0.0) >= DETECTED]

    def _reads_unasked(self, k: str, step: Step, now: Description) -> bool:
        """Whether the result `step` (`now`: its measures) reads kind `k` where the photo as uploaded measured none and
        the description does not name it: the restore brought it (`_brought`, `_softened_by`)."""
        return step.is_result and step.severities.get(k, 0.0) < DETECTED <= now.severities.get(k, 0.0) \
            and self.measured.severities.get(k, 0.0) < DETECTED

    def _seen(self, k: str, step: Step, now: Description, photo: str) -> str:
        """What I measure of kind `k` in `photo` (the result `step`, else the photo as uploaded; `now`: its
        measures), for the answer to a question, with what may explain it."""
        s, m = step.severities.get(k, 0.0), now.severities.get(k, 0.0)
        seen = (f"in {photo} I measure “{words_for(k, m)}”" if m >= DETECTED else
                f"I find only a trace in {photo}, too little to name" if k == "noise" and now.noise_sigma >= 2.5
                else f"{photo} is too small for me to measure it" if now.too_small
                else f"I find none in {photo}")  # (it had found "none" beside "noise sigma ≈ 5": review 51)
        if k in ("rain", "haze") and m < DETECTED and step.is_result:
            # "is the rain gone?", "why does it still look washed out?": the detector misses streaks and veils
            # left on a restored photo (helper 53a: "I find none" of a result with every streak still in it)
            veil = (f" (the veil I measure, the dark channel, is {dark_channel(step.image):.0f} in it against "
                    f"{dark_channel(self.original):.0f} in your photo)" if k == "haze" and max(
                        s, self.measured.severities.get(k, 0.0)) >= DETECTED else "")  # (denoising alone lifts it)
            seen = f"I {'no longer' if s >= DETECTED else 'do not'} find it in {photo}{veil}, but I can miss it"
        if k == "low_light":
            seen += f" (mean brightness {now.brightness:.0%}" + (
                f"; your photo as uploaded {self.measured.brightness:.0%})" if step.is_result else ")")
            if step.is_result and step.severities.get("haze", 0.0) >= DETECTED \
                    and now.brightness < self.measured.brightness - SIDE_EFFECT_LEVELS / 255:
                seen += (". Removing the haze is what darkened it: say *less dehazing*, or *there is no haze* if "
                         "the photo is not hazy")
        elif k == "blur" and step.is_result and s < DETECTED and step.severities.get("noise", 0.0) >= DETECTED \
                and not self._softened_by(k, step, now):  # (that one says it with the upload's blur: QA 61 F04)
            seen += (". Taking out the noise smooths fine detail too, which can look soft: *less denoising* or "
                     "*keep the grain* keeps more of it")  # ("why is it blurry now?" after denoising: helper 53a)
        elif k == "noise" and step.is_result:
            seen += f" (noise sigma ≈ {now.noise_sigma:.0f}; your photo as uploaded ≈ {self.measured.noise_sigma:.0f})"
            others = [o for o in KINDS if o != "noise" and step.severities.get(o, 0.0) >= DETECTED]
            eased = [o for o in others if o in _EASED]  # "why is it so smooth?" after deblocking
            if s < DETECTED and (eased or others and now.noise_sigma < 0.7 * self.measured.noise_sigma):
                seen += (f": taking out the {' and the '.join(KIND_NAMES[o] for o in eased or others)} takes "
                         "some of the grain and texture too, which the network does not keep beside them" +
                         (f" (*{'* or *'.join(_EASED[o] for o in eased)}* eases it)" if eased else ""))
        return seen

    def _chain(self, step: Step) -> list[Step]:
        """The results `step` builds on, back to the one made from the photo (empty where it is made from the photo,
        or where one of them fell off the history)."""
        chain, steps = [step], self.history + self.redo_stack
        while chain[-1].base is not self.original:
            made = next((s for s in steps if s.image is chain[-1].base and s.is_result), None)
            if made is None or made in chain:
                return []
            chain.append(made)
        return chain if len(chain) > 1 else []

    def _measure(self, step: Step) -> Description:
        if step.analysis is None:
            step.analysis = self.measurer.measure(step.image)
        return step.analysis

    def _measure_image(self, image) -> Description:
        """The measures of an image, kept with its step where it has one (each had been measured again)."""
        step = next((s for s in self.history + self.redo_stack if s.image is image), None)
        return self._measure(step) if step is not None else self.measurer.measure(image)

    def _each_version(self, judged: bool, most: tuple[str, int] | None = None, last: int = 6) -> str:
        """"which version is best?" (`judged`), "list the versions": what each of the last results was made with,
        and measures; `most` ("which is the brightest?": ("low_light", 1)) names the one that has the most of it
        first (it had said only that which is best is for the user to judge)."""
        if not self._versions():
            return self._restore_hint(*NO_RESULTS)
        lines, versions, listed = [], sorted(self._versions().items()), {}
        shown = [(v, s) for v, s in versions[:-last] if s is self.current]  # (it had been left out past six)
        more = f"(and {len(versions) - last - len(shown)} earlier)\n" if len(versions) - len(shown) > last else ""
        for v, step in shown + versions[-last:]:
            listed[v], m = step, self._measure(step)
            found = " and ".join(f"“{words_for(k, x)}”" for k, x in m.severities.items() if x >= DETECTED)
            lines.append(f"- version {v}{' (shown now)' if step is self.current else ''}: {self._said(step)} Mean "
                         f"brightness {m.brightness:.0%}, noise sigma ≈ {m.noise_sigma:.0f}; "
                         f"{f'I find {found} in it' if found else 'I find none of the damage I look for'}.")
        one = len(versions) == 1
        head = (f"There is one version so far{', so there is none to choose between' if judged else ''}. " if one
                else "Which is best is for you to judge. " if judged else f"I have {len(versions)} of them. ")
        if most is not None:
            head = self._most(most, listed)
        return (head +
                f"Here is what {'it' if one else 'each'} was made with, and what I measure in it (your "
                f"photo as uploaded: mean brightness {self.measured.brightness:.0%}, noise sigma ≈ "
                f"{self.measured.noise_sigma:.0f}):\n" + more + "\n".join(lines)
                + ("\n\nSay *version N* to see one again, or *compare version 1 and version 2* to put two side by side."
                   if len(versions) > 1 else "\n\nSay *compare* to see it beside your photo."))  # (QA 62 F10)

    def _most(self, most: tuple[str, int], steps: dict[int, Step]) -> str:
        """"which is the brightest?": the versions that have the most of it (`_top`), ties named together (they had
        got "which is best is for you to judge")."""
        top, figure = self._top(most, steps)
        if not top:
            return figure
        if len(top) == len(steps) > 1:
            return f"They all measure alike ({figure}). "
        return (f"Version{'s' * (len(top) > 1)} {_listed(top)} {'are' if len(top) > 1 else 'is'} the {MOST_WORD[most]} "
                f"({figure}). ")

    def _top(self, most: tuple[str, int], steps: dict[int, Step]) -> tuple[list[int], str]:
        """The versions of `steps` ({version: Step}, 0 the upload) that have the most of `most` (kind, way), by the
        figures each listed line quotes (brightness, noise), else by the measure a question of two uses, within a
        visible step (sharpness, haze), and that figure; none, and why, where none has any of it."""
        kind, way = most
        measured = {v: self._measure(step) for v, step in steps.items()}
        if kind in ("low_light", "noise"):
            value = {v: round(100 * m.brightness) if kind == "low_light" else -round(m.noise_sigma)
                     for v, m in measured.items()}
            top = [v for v in value if value[v] * way == max(x * way for x in value.values())]
            figure = (f"mean brightness {abs(value[top[0]])}%" if kind == "low_light" else
                      f"noise sigma ≈ {abs(value[top[0]])}")
        else:
            measure, threshold, sign, _ = EFFECTS[kind]
            if _none_has(kind, [s for v, m in measured.items() for s in (steps[v].severities, m.severities)]):
                # (review 38: "version 2 is the haziest" of no haze at all, by a measure that follows the brightness)
                return [], f"None of them is {_ADJECTIVE[kind]}, by my measure, and none was made with words of it. "
            raw = {v: measure(steps[v].image) for v in measured}
            best = max(raw, key=lambda v: raw[v] * sign * way)
            top = [v for v in raw if (raw[best] - raw[v]) * sign * way < threshold(raw[best])]
            figure = "by my measure"
        return top, figure

    def _to_most(self, most: tuple[str, int], of_two: bool = False) -> Reply:
        """"use the brightest one": the version `_top` names (it had brightened again); of a tie, the newest.
        `of_two` ("no, the brighter one"): of the two versions compared last, else of the one shown and the one shown
        before it (it had gone to the brightest of all, one never shown)."""
        found = self._versions()
        if not found:
            return self._reply(self._restore_hint(*NO_RESULTS), intent="undo")
        if of_two:
            shown = self._shown_number()
            before = self._result_shown_before()
            if self._compared:  # (None: the one shown; 0: the upload)
                pair = [shown if v is None else v for v in self._compared]
            else:  # the one shown and the one shown before it: a result, or the upload
                pair = [shown, before.version if before else 0 if self._shown_before is self.uploaded else None]
            pair = [v for v in pair if v is not None]
            two = {v: s for v, s in found.items() if v in pair}
            if 0 in pair and len(two) == 1:  # a result and the upload: "no, the darker one" may be the upload
                # (review 53: the upload had been left out, and the one result called the darkest)
                return self._of_result_and_upload(most, *two.items())
            found = two or found
        top, figure = self._top(most, found)
        if not top:
            return self._reply(figure + "Say *version N* for the one you want.", intent="undo")
        if len(top) == len(found) > 1:
            return self._reply(f"They all measure alike ({figure}): say *version N* for the one you want.",
                               intent="undo")
        alike = top[:-1]  # (a tie: the newest of them)
        tie = f"; version{'s' * (len(alike) > 1)} {_listed(alike)} measure{'s' * (len(alike) == 1)} alike" \
            if alike else ""
        said = f"Version {top[-1]} is the {MOST_WORD[most]} ({figure}{tie}). "
        if of_two and len(found) == 2:  # "the brighter one": said of the two
            said = f"Version {top[-1]} is the {MORE_WORD[most]} of versions {_listed(sorted(found))} ({figure}). "
        return self._said_then_shown(said, top[-1])

    def _of_result_and_upload(self, most: tuple[str, int], result: tuple[int, Step]) -> Reply:
        """"no, the brighter one" of a result and the photo as uploaded: the result, or where the upload has more of
        it, that said, with the way back to it."""
        version, step = result
        top, figure = self._top(most, {version: step, 0: self.history[0]})
        if not top:
            return self._reply(figure + "Say *version N* for the one you want.", intent="undo")
        if len(top) == 2:
            return self._reply(f"Version {version} and the photo as uploaded measure alike ({figure}): say *version N* "
                               "for the one you want, or *start over* for the photo.", intent="undo")
        if top == [0]:
            back = "it is shown now" if self.current is self.history[0] else "*start over* goes back to it"
            return self._reply(f"The photo as uploaded is the {MORE_WORD[most]} of the two ({figure}): {back}, or "
                               f"tell me what to change in version {version}.", intent="undo")
        said = f"Version {version} is the {MORE_WORD[most]} of it and the photo as uploaded ({figure}). "
        return self._said_then_shown(said, version)

    def _said_then_shown(self, said: str, version: int) -> Reply:
        """`said` ("Version 2 is the brightest ..."), then that version shown (`_to_version`), or its words where it
        shows nothing ("This is version 2 already.")."""
        reply = self._to_version(version)
        return self._prefix(said, reply) if reply.image is not None else self._reply(said + reply.text, intent="undo")

    def _clear_kind(self, named=()) -> str | None:
        """What "clearer" is about (`CLEARER`, in order): a kind being removed, else one changed last, else
        one found in the photo and left in ("keep the fog", then "make it clearer"); not one `named`
        beside it ("keep the grain and make it clearer")."""
        ways, measured = self.last_change.ways, self.measured.severities
        for has in (lambda k: self.severities.get(k, 0.0) >= DETECTED, lambda k: ways.get(k, 0) != 0,
                    lambda k: measured.get(k, 0.0) >= DETECTED):
            kind = next((k for k in CLEARER if has(k) and k not in named), None)
            if kind:
                return kind
        return None

    def _clear(self, inst: Instruction) -> tuple[Instruction | None, str]:
        """"make it clearer" as an edit of the kind `_clear_kind` names, and a note that says which; where the
        photo has none of them, the rest of the message alone (None if there is no rest) and a question back."""
        kind, op = self._clear_kind({e.kind for e in inst.edits}), inst.clear[0]
        if kind is None:
            ask = ("Clearer in which way? I find no damage that hides detail in it: say *sharper* or *less haze* "
                   "if you see blur or haze." if op == "up" else
                   "Less clear in which way? Nothing is being sharpened or dehazed: say *softer* or *hazier*.")
            return (None, ask) if not inst.edits else (replace(inst, clear=None), f"({ask})\n\n")
        said = ""
        if not self.last_change.ways.get(kind):  # said when it was first read so
            said = f"(I read *{'clearer' if op == 'up' else 'less clear'}* as {CLEARER[kind][op == 'down']}"
            said += (f"; say *{'sharper' if kind != 'blur' else 'less haze'}* if you meant that.)\n\n" if op == "up"
                     else ".)\n\n")
        return replace(inst, intent="refine", clear=None, edits=[*inst.edits, Edit(kind, op, inst.clear[1])]), said

    def _premise(self, premise: dict[str, int], now: Description) -> str:
        """Whether the result is what a question takes it to be ("why is it darker?", "is it sharper?"),
        against the image shown before it, and against the photo as uploaded where that says otherwise; or
        against what it names ("than the original", "than version 1"), and of the version it names."""
        step, uploaded = self.current, self.uploaded
        before = self._shown_before if self._shown_before is not None else uploaded
        named = "your photo as uploaded" if before is uploaded else "the result shown before this one"
        than = [(before, named)] + ([(uploaded, "your photo as uploaded")] if before is not uploaded else [])
        premise, text = dict(premise), ""
        of, versus = premise.pop("of", None), premise.pop("than", None)  # "is version 2 brighter than version 1?"
        which = premise.pop("which", None)  # "which is darker, 1 or 2?": the two are named alike
        if of is not None or versus is not None:
            found, of, versus = self._versions(), self._number(of), self._number(versus)
            if of == 0:  # "is the original brighter (than version 2)?": the upload, against that version or the
                # result shown (it had been turned round into "version 2 is ...", with the question's "not darker")
                versus = self.current.version if versus is None and self.current.is_result else versus
                if not versus:
                    return "That is your photo as uploaded itself. "
            missing = [v for v in (of, versus) if v and v not in found]
            if missing:
                have = ", ".join(str(v) for v in sorted(found))
                return f"There is no version {missing[0]} (the versions I have: {have}). " if found else \
                    "There are no results yet. "
            if of is None and versus and found[versus] is step:  # "version 2 was brighter" of version 2 shown
                return f"This is version {versus}. "
            if of is not None:
                step = found[of] if of else self.history[0]
                now = self._measure(step)
            if of is not None and versus is None:  # "is version 2 brighter?": against the result shown, or (it is
                # the one shown) the one before it, and the upload; never itself (it had been, with one figure twice)
                if step is not self.current and self.current.is_result:
                    than = [(self.current.image, f"{_name(self.current)}, the result shown"),
                            (uploaded, "your photo as uploaded")]
                than = [(i, n) for i, n in than if i is not step.image] or [(uploaded, "your photo as uploaded")]
            if versus is not None:
                than = [(found[versus].image, f"version {versus}") if versus else (uploaded, "your photo as uploaded")]
        subject = "It" if of is None else f"Version {of}" if of else "Your photo as uploaded"
        if "last" in premise:  # "nothing changed": did the last step show (after a restore, of each kind removed)
            ways = step.edited or {k: 1 for k, s in step.severities.items() if s >= DETECTED}
            premise = {**{k: w for k, w in ways.items() if w}, **{k: w for k, w in premise.items() if k != "last"}}
        for k, way in premise.items():
            if k == "clear":  # "is it clearer?": of what "make it clearer" would change (else of the blur)
                k = self._clear_kind() or "blur"
            if k not in EFFECTS:
                continue
            if k in _ADJECTIVE and _none_has(k, (now.severities, step.severities)) and _none_has(
                    k, (self._measure_image(image).severities for image, _ in than)):  # measured only if needed
                # "which has more haze?" of no haze at all (review 38: by a measure that follows the brightness)
                text += f"{subject} is not {_ADJECTIVE[k]}, nor is {' or '.join(n for _, n in than)}, by my measure. "
                continue
            either, way = not way, way or 1  # "is it darker or brighter?": which, with no "not"
            change, opposite = EFFECTS[k][3] if way > 0 else EFFECTS[k][3][::-1]
            said = []
            for image, name in than:
                level, figures = "", None
                if k == "noise":  # by its noise sigma, which the reply quotes (the list of versions too: review 37),
                    # or the grain finer than it reads
                    sigmas = (self._measure_image(image).noise_sigma, now.noise_sigma)
                    moved, effect, finer = _noise_moved(image, step.image, sigmas, self._noise_words_alone(image, step))
                    moved, effect = moved * way, effect * way
                    figures = (grain(image), grain(step.image)) if finer else sigmas
                else:
                    moved, effect = (x * way for x in _change(k, image, step.image))
                if k == "low_light":  # the analyzer's brightness, where it moved the way the crop's measure did
                    a = self._measure_image(image).brightness
                    if not moved or (now.brightness - a) * moved * way > 0:
                        figures = (a, now.brightness)
                if figures:  # in the sentence's order where it names both (24% → 19% of "is version 1 darker than 2?")
                    order = slice(None) if of is None else slice(None, None, -1)
                    level = f" ({figures_line(k, *figures[order], of is None)})"
                    if k == "noise" and finer:  # the grain, and the sigma that does not read it
                        level = (f" ({figures_line('grain', *figures[order], of is None)}, finer than the "
                                 f"{figures_line(k, *sigmas[order], of is None)} reads)")
                if k == "low_light" and not moved and figures and round((figures[1] - figures[0]) * way * 1000) <= 0:
                    said.append((0, f"about as bright as {name}{level}"))  # (it had said "only a little brighter
                    continue  # (36.8% → 36.6%)": review 51)
                # short of a visible step: "only a little sharper", as the restore's own note says it
                said.append((moved, f"{change if moved > 0 else _how_much(effect, change) if not moved else opposite} "
                                    f"than {name}{level}"))
            if which and said[0][0] < 0 and not either and versus is not None:  # "which is darker, 1 or 2?": the one
                # that is (it had said "version 2 is brighter than version 1, not darker")
                level = f" ({figures_line(k, *figures, False)})" if figures else ""
                text += f"{than[0][1].capitalize()} is {change} than {subject.lower()}{level}. "
            elif said[0][0] <= 0 and len(said) > 1 and said[1][0] > 0:  # brighter than the photo, not than before
                text += f"{subject} is {said[1][1]}, but {said[0][1]}. "
            else:
                text += f"{subject} is {said[0][1]}{', not ' + change if said[0][0] < 0 and not either else ''}. "
        return text

    def _contradicted(self, premise: dict[str, int]) -> str:
        """Where a request says what the result shows ("it's darker than the original, fix it") and the measure
        says the other way, a note that says so before the change is made (it had been made without a word)."""
        step, than = self.current, premise.get("than")
        found = self._versions()
        if not step.is_result or than not in (None, 0, *found):
            return ""
        before = (self.uploaded if than == 0 else found[than].image if than else
                  self._shown_before if self._shown_before is not None else self.uploaded)
        for kind, way in premise.items():
            if kind in EFFECTS and way and self._moved_from(kind, before, step) * way < 0:
                said = self._premise({kind: way} | ({"than": than} if than is not None else {}), self._measure(step))
                said = said.strip()
                said = "it" + said[2:] if said.startswith("It ") else said  # ("Version 2 is ..." as it is)
                return f"(By my measure, {said})\n\n"
        return ""

    def _moved_from(self, kind: str, before, step: Step) -> int:
        """_moved from the image `before` to `step`'s result, the noise as _premise says it (_noise_moved)."""
        if kind == "noise":
            sigmas = self._measure_image(before).noise_sigma, self._measure(step).noise_sigma
            return _noise_moved(before, step.image, sigmas, self._noise_words_alone(before, step))[0]
        return _moved(kind, before, step.image)

    def _noise_words_alone(self, image, step: Step) -> bool:
        """Whether `image` (the upload, or a result) and `step`'s result were made from the photo with the same words
        but for the noise's (the upload: with none), each run whole: then the grain between them is the noise words'
        doing. Not where a dehazing, a brightening or rain taken out moved it too (hazy_astronaut at half size,
        dehazed, had its grain 5.8% -> 16.0%; dark_noisy_chelsea's *brighter* 14.0% -> 13.2%)."""
        other = next((s for s in self.history + self.redo_stack if s.image is image), None)
        if other is None or not all(s.base is self.original and s.mixed == 1.0 for s in (other, step) if s.is_result):
            return False
        told = [{k: s.severities.get(k, 0.0) if s.is_result else 0.0 for k in KINDS} for s in (other, step)]
        return set(_changed(*told)) <= {"noise"}

    def _thanks(self, inst, progress) -> Reply:
        if inst.premise.get("bye"):  # (it had said "Glad you like it")
            return self._reply("Goodbye! *Download the full-size result* saves the result shown before you leave."
                               if self.result is not None else "Goodbye!", intent="thanks")
        if self.result is None:
            return self._reply(self._restore_hint("", "Say *restore* when you are ready, or tell me what to change "
                                                  "first."), intent="thanks")
        pair = self._two_compared()
        if pair and self.current.version not in pair:  # "I'll take this one" after a compare of two others (code
            # review 40: a third, unnamed one had been kept)
            return self._reply(f"Glad you like it. The result shown, version {self.current.version}, is kept; if you "
                               f"meant one of the two compared, say *version {pair[0]}* or *version {pair[1]}*.",
                               intent="thanks")
        return self._reply("Glad you like it. The current result is kept; tell me if you want anything else "
                           "changed, or upload another photo.", intent="thanks")

    def _greeting(self, inst, progress) -> Reply:
        then = ("say *restore* to fix the photo, or tell me what to change first" if self.result is None else
                "tell me what to change, or say *undo* or *compare*")
        return self._reply("Hello! " + self._restore_hint("", f"{then.capitalize()}; *help* lists what I understand."),
                           intent="greeting")

    def _save(self, inst, progress) -> Reply:
        """"save it", "how do I download it?": where the full-size result is (it had run the restore). "save
        version 2": that version is shown first, which the download button saves."""
        version, shown = self._number(inst.version), ""
        if version is not None and version != (self.current.version if self.current.is_result else None):
            if version not in self._versions():
                return self._no_version(version, "save")
            self._to_version(version)  # (it had answered in undo's words: "Undone 2 steps ... *redo*")
            shown = f"Here is version {version} again, made with {self._said(self.current)} "
        png = ("as a PNG (lossless), not a JPEG: any viewer or photo editor converts it to JPEG" if inst.premise.get("jpeg")
               else "(a PNG)")
        if self.result is None:
            nothing_named = self._no_result_as_nothing_named("No result is shown now")
            if nothing_named:
                return self._reply(nothing_named, intent="save")
            there = ("say *undo* to get the last result back" if any(s.is_result for s in self.history)
                     else "say *restore* first")
            return self._reply(self._restore_hint("No result is shown now", f": {there}. Then *Download the full-size "
                                                  f"result*, under the before / after view, saves it {png}."),
                               intent="save")
        return self._reply(shown + "*Download the full-size result*, under the before / after view, saves the result "
                           f"shown now at its full size {png}; the image in the chat is a smaller preview. It stays "
                           "here too: say *undo*, or tell me what to change.",
                           self.result if shown else None, intent="save")

    def _suggest(self, inst, progress) -> Reply:
        """"meh", "try again", "any suggestions?": what can be changed here (they had got the whole help text)."""
        step = self.current
        if not step.is_result:  # (network_text needs the network: where it cannot load, why, not an error)
            return self._reply(self._cannot_restore() or f"Say *restore* to run the description I have now: “"
                               f"{self.network_text(step.severities)}” Or tell me first what to change: "
                               f"{self._suggestions(step.severities)}.", intent="suggest")
        return self._reply(f"What would you like different? For this one: {self._suggestions(step.severities)}; or *undo*, "
                           "*compare*, *start over*. (The same words give the same result each time, so running it "
                           "again alone changes nothing.)", intent="suggest")

    def _suggestions(self, severities: dict[str, float]) -> str:
        """Refinements that would change something here: of the kinds named, else of the two found most in the
        photo; more of a kind only below its strongest setting, less only of a kind being removed (they had
        offered *brighter* at the strongest darkness, *keep the grain* of a photo with none)."""
        measured = self.measured.severities
        named = [k for k in _HINTS if severities.get(k, 0.0) >= DETECTED]
        kinds = named or sorted(_HINTS, key=lambda k: -measured.get(k, 0.0))[:2]
        phrases = []
        for k in kinds:
            s = severities.get(k, 0.0)
            more, *less = _HINTS[k]
            less = less or [_EASED[k]]  # ("remove the blocks" has no "less" of its own: the fallback had offered
            # *brighter* and *more denoising* of a photo with neither)
            phrases += ([more] if not at_strongest(k, s) else []) + (less if s >= DETECTED else [])
        return ", ".join(f"*{p}*" for p in phrases or ["brighter", "more denoising"])

    def _leave(self, inst, progress) -> Reply:
        if "vignetting" in inst.about:  # "keep the dark corners"
            return self._reply("Nothing to do: the dark corners (vignetting) stay as they are, since the network takes "
                               "no vignetting out.", intent="leave")
        if self.result is None:
            return self._reply(self._restore_hint("All right, nothing is changed", ". Say *restore* when you want the "
                                                  "photo fixed."), intent="leave")
        return self._reply("All right, nothing is changed: the current result stays. Tell me if you want "
                           "anything else, or upload another photo.", intent="leave")

    def _meaning(self, terms: list[str]) -> str:
        """What words of the replies mean, with this photo's figure where there is one."""
        bounds = [f"{b * MAX_SIGMA:g}" for b in LEVEL_BOUNDS]
        levels = (f"slight below {bounds[0]}, mild up to {bounds[1]}, moderate up to {bounds[2]}, heavy up to "
                  f"{bounds[3]} and severe above; below {DETECTED * MAX_SIGMA:g} I do not name it.")
        current = f", now “{self.description}”" if self.original is not None and self.description else ""
        text = " ".join(MEANINGS[t].format(levels=levels, current=current) for t in terms)
        if {"sigma", "noise"} & set(terms) and self.original is not None:
            text += f" Your photo as uploaded measures sigma ≈ {self.measured.noise_sigma:.0f}"
            text += (f", the result shown ≈ {self._measure(self.current).noise_sigma:.0f}." if self.current.is_result
                     else ".")
        return text

    def _outside(self, inst, progress) -> Reply:
        if inst.complaint and self.result is not None:  # "you changed the colours!"
            return self._reply(self._colours_moved(), intent="outside")
        text = " ".join(ABOUT_ME if k == "self" else f"I cannot {OUTSIDE[k]}." for k in inst.outside) \
            + self._scratch_hint(inst.outside)
        then = "say *restore*" if self.result is None else "tell me what to change"
        return self._reply(f"{text}\n\n" + self._restore_hint(f"What I can take out is {WHAT_I_DO}",
                                                              f": {then}, or *help*."), intent="outside")

    def _scratch_hint(self, outside: list[str]) -> str:
        """Scratches asked about while the description names rain: the analyzer may have read them so."""
        if "damage" in outside and self.severities.get("rain", 0.0) >= DETECTED:
            return f" What I read as rain may be scratches, though: the rain removal {SCRATCHES_WITH_RAIN}."
        return ""

    def _colours_moved(self) -> str:
        """Why the result's colours differ from the photo's, when the network keeps colours: what the
        description takes out moves them, and the words that move them back."""
        sev = self.severities
        ways = [(w, fix) for k, w, fix in (("haze", "taking out haze deepens them and darkens the photo",
                                            "*less dehazing*"),
                                           ("low_light", "brightening lifts them", "*a bit darker*"),
                                           ("noise", "denoising takes colour speckles out", "*keep the grain*"))
                if sev.get(k, 0.0) >= DETECTED]
        if not ways:
            return ("I do not change colours on purpose, and the current description takes nothing out that "
                    "moves them much. Say *compare* to see the two side by side, or *undo*.")
        return ("I do not change colours on purpose, but what I take out moves them: "
                + "; ".join(w for w, _ in ways) + ". Say " + " or ".join(f for _, f in ways)
                + " to bring them back towards your photo, *compare* to see both, or *undo*.")

    def _help_text(self) -> str:
        """HELP; where the network cannot load, what works without it, then why restoring cannot run (the loader's
        words, which say how to get the weights). Before a photo, from the weights' files alone: loading the network
        to know had taken 3.7 s (review74), and the upload loads it."""
        why = _weights_missing() if self.original is None and self._restorer is None else self._cannot_restore()
        return f"{HELP_WITHOUT_NETWORK}\n\n{why}" if why else HELP

    def _help(self, inst, progress) -> Reply:
        return self._reply(self._help_text(), intent="help")

    def _unknown(self, inst, progress) -> Reply:
        return self._reply("I did not understand that. " + self._help_text(), intent="unknown")


def _once_note(repeated: list[str], new: dict[str, float]) -> str:
    """Said of a change redone from the photo where the results it built on removed a kind more than once."""
    once = [KIND_NAMES[k] for k in repeated if new[k] >= DETECTED]
    return (f"(The {' and the '.join(once)} had been removed more than once, each time on top of the result "
            "before; from the photo it is removed once, at the stronger setting, so there may be less of a "
            "change.)" if once else "")


def _reread(inst: Instruction, step: Step) -> Instruction:
    """A change of the words read as it can be run: "darker on top of this" as plain "darker", "deepen the
    blacks" where nothing was brightened as more contrast."""
    if inst.on_top and inst.edits and all(e.kind == "low_light" and e.op == "down" for e in inst.edits):
        inst = replace(inst, on_top=False)  # "darker on top of this": the network adds no darkness, so less
        # brightening, as plain "darker" (helper 54a: refused with "cannot add any" while "darker" worked)
    if inst.premise.get("blacks") and step.severities.get("low_light", 0.0) < DETECTED:  # "deepen the blacks"
        # where nothing was brightened, which no darkness words can undo: more contrast, as it read before
        # (review 56b F3: on a washed-out photo it had been refused)
        inst = _without_premise(inst, "blacks", edits=[Edit("haze", "up", e.amount) for e in inst.edits])
    return inst


def _without_premise(inst: Instruction, key: str, **changes) -> Instruction:
    """`inst` with the premise word `key` taken out, once acted on (so the step after does not act on it again), and
    any other `changes`."""
    return replace(inst, premise={k: v for k, v in inst.premise.items() if k != key}, **changes)


def _changed(start: dict[str, float], new: dict[str, float]) -> list[str]:
    """The kinds whose severity `new` moves from `start`, in KINDS' order."""
    return [k for k in KINDS if abs(new[k] - start.get(k, 0.0)) > 1e-6]


def _how_checked(inst: Instruction, changed: list[str]) -> tuple:
    """What of a request, besides the words the network is told, shapes the checks that may refuse it: *a bit* of a
    kind changed (the settle check goes half a word further, once; *a bit brighter* keeps a share), a share of
    brightness asked (how far the check goes), a number asked (run as it is, unchecked)."""
    sizes = [inst.amount] if inst.scale else [e.amount for e in inst.edits if e.kind in changed]
    return min(sizes, default=NORMAL) < NORMAL, inst.premise.get("percent"), any(e.op == "set" for e in inst.edits)


def _settled_kind(changed: list[str], inst: Instruction) -> str | None:
    """The kind the settle check aims: the one changed, where its effect is measured; the brightness where a share
    of it is asked beside other changes ("20% brighter and remove the noise": helper 52c, it had come out 34% darker
    and been kept)."""
    if inst.premise.get("percent") and "low_light" in changed:
        return "low_light"
    return changed[0] if len(changed) == 1 and changed[0] in EFFECTS else None


def _which_way(about: list[str]) -> str:
    """The question back when one message asks for both ways of the kinds `about` ("20% darker and 2 stops
    brighter"): nothing is changed."""
    ways = [(MORE_WORD.get((k, -1), f"less {ACTION_NAMES[k]}"), MORE_WORD.get((k, 1), f"more {ACTION_NAMES[k]}"))
            for k in about]
    both = ", and for ".join(f"{a} and {b}" for a, b in ways)  # ("both softer and sharper and darker and
    say = "; ".join(f"*{a}* or *{b}*" for a, b in ways)  # brighter" had read as one list: review 58 F2)
    return (f"You asked for {both} in one message, so I changed nothing. Which do you want? Say {say}, with how "
            f"much if you like (*2 steps*{', *20%*' * ('low_light' in about)}).")


def _step_refused(kind: str, way: int, rest: bool = False, alone: bool = True) -> str:
    """The answer to a step of `kind` (`way` +1 more removal, -1 less) asked beside its refusal ("less denoising but
    don't make it noisier"): the step is what gives the look refused, so it is not made; nothing is changed, or only
    the `rest` of the message. The step is offered `alone` where it would change something."""
    action = ACTION_NAMES[kind]
    step = f"{'more' if way > 0 else 'less'} {action}"
    looks = EFFECTS[kind][3] if kind in EFFECTS else {"rain": ("less rainy", "rainier"), "jpeg": ("less blocky",
                                                                                             "blockier")}[kind]
    look = looks[0 if way > 0 else 1]
    said = f"{step[0].upper()}{step[1:]} is what makes it {look}, and you asked for it no {look}: both cannot be done, "
    if rest:
        return said + f"so I left the {step} out and made the rest."
    if not alone:  # (it had offered the step, which then changed nothing: review 65 F4)
        why = "it is at the strongest setting" if way > 0 else f"there is no {action} to take back"
        return said + f"so I changed nothing, and *{step}* alone would change nothing either: {why}. Name another change."
    return said + f"so I changed nothing. Say *{step}* alone for a {look} result, or name another change."


def _unfound_note(unfound: list[str], noise_sigma: float, veil_brought: bool = False) -> str:
    """The note on kinds named that I found none of in the photo (`noise_sigma`: the photo's): taking out what is
    not there takes out detail. Haze has a note of its own, as *more contrast* and *make it pop* ask for dehazing
    (QA 56 F07 had darkened a clear photo 39% -> 31% with a note that spoke of haze alone); it is said once, as the
    brightness note leaves its own word on haze out. `veil_brought`: the result the edit replaces reads haze that the
    photo did not (Assistant._brought)."""
    notes = []
    others = [k for k in unfound if k != "haze"]
    if others:
        notes.append(f"(I found no {' and no '.join(KIND_NAMES[k] for k in others)} in your photo"
                     + (f" (noise sigma ≈ {noise_sigma:.0f})" if "noise" in others else "") +
                     ": taking out what is not there takes out detail. *Undo* takes it back.)")
    if "haze" in unfound:
        notes.append("(I found no haze in your photo" + (
            " as uploaded, and the veil the result before reads came with the restore's brightening"
            if veil_brought else "") +  # (QA 61 F05: it had been told "The photo is hazy" of that result, unexplained)
            ": removing haze, which is also what *more contrast* asks of this network (it has no contrast control of "
            "its own), darkens a photo without haze more than it adds contrast. *Undo* takes it back.)")
    return " ".join(notes)


def _one_at_a_time(inst: Instruction, made_from, other: int | None, example: int) -> str:
    """The note for an edit asked of two versions ("make version 1 and 2 brighter", "make both brighter"): it is
    made from one, and how to ask it of the other (`other`, where known)."""
    ways = [_HINTS[e.kind][0 if e.op in ("up", "add") else -1] for e in inst.edits
            if e.op in ("up", "add", "down") and e.kind in _HINTS]
    which = f"For version {other}, name it" if other else "To change another, name it"
    return (f"(One version at a time: this is from version {made_from}. {which} with the change"
            f"{f', as in *version {other or example} but {ways[0]}*' if ways else ''}.)\n\n")


_ADJECTIVE = {"blur": "blurry", "haze": "hazy"}  # the kinds a question of "none at all" is answered for


def _listed(numbers) -> str:
    """ "3", "3 and 4", "3, 4 and 5" """
    numbers = [str(n) for n in numbers]
    return ", ".join(numbers[:-1]) + " and " * (len(numbers) > 1) + numbers[-1]


def _names_any(severities: dict[str, float]) -> bool:
    """Whether `severities` name any kind (the network is told to remove something)."""
    return any(v >= DETECTED for v in severities.values())


def _none_has(kind: str, severities) -> bool:
    """Whether none of `severities` (an iterable of dicts, read lazily) finds `kind`."""
    return all(s.get(kind, 0.0) < DETECTED for s in severities)


def _pushed_kinds(held, words: dict[str, float]) -> list[str]:
    """The removals a floor's check (Assistant._floors_held) pushed past `words`, as actions ("sharpening")."""
    return [ACTION_NAMES[k] for k in ("noise", "blur") if held.image is not None and held.new[k] != words[k]]


def _other_way(up: bool, than: str, pushed: list[str], words: str = "these words", seen: bool = True) -> str:
    """The start of the note on a brightness change that came out the other way (no closing bracket): "(All the same it
    came out darker than the result before", and why where a floor's push did it (`pushed`, _pushed_kinds); where that
    way is not `seen` (a change too small to notice), "about as bright as"."""
    way, outweighs = ("darker" if up else "brighter", "more than") if seen else ("about as bright", "as much as")
    why = (f": the {' and the '.join(pushed)} I pushed to hold your floor {'darkens' if up else 'brightens'} it "
           f"{outweighs} {words} {'brighten' if up else 'darken'} it" if pushed else "")
    return f"(All the same it came out {way} {'than' if seen else 'as'} {than}{why}"


def _name(step: Step) -> str:
    """"version 3", or "the photo" for a step with no result."""
    return f"version {step.version}" if step.is_result else "the photo"


def _about(seconds: float) -> str:
    """ "about 20 seconds", "about 3 minutes": an estimate as roughly as it is known (5 s steps from 10 s, minutes
    from 90 s)."""
    if seconds >= 90:
        return f"about {round(seconds / 60)} minutes"
    n = 5 * round(seconds / 5) if seconds >= 10 else max(1, round(seconds))
    return f"about {n} second{'s' * (n != 1)}"


# measurable effects of an edit: (measure, least change that counts given the reference value,
# sign of the change when the severity goes up, the words for that change up and down). Removing
# more darkness brightens; removing more noise lowers the high-frequency energy, more blur raises it.
# Blur: a result visibly sharper than its reference has at least a quarter more high-frequency
# energy; the shipped network adds 0-23% to photos blurred at severity 0.3 and 0.6, whatever blur
# word it is given (8 held-out photos, weights/README.md).
# Haze: one severity word moves the dark channel by 8-17 levels (of 255) on hazy held-out crops, but
# not every word of a level does ("very hazy" dehazes less than "foggy", weights/README.md), and a
# photo the network barely dehazes moves by less: the check takes *dehaze more* past such a word.
EFFECTS = {"low_light": (luminance, lambda ref: 1.5, +1, ("brighter", "darker")),
           "noise": (hf_energy, lambda ref: 0.03 * ref + 1.0, -1, ("smoother", "grainier")),
           "blur": (hf_energy, lambda ref: 0.25 * ref, +1, ("sharper", "softer")),
           "haze": (dark_channel, lambda ref: 2.0 + 0.04 * ref, -1, ("clearer", "hazier"))}
# noise in the colour alone, whose luma a restore keeps (Assistant._network): measured in the colour
COLOUR_NOISE_EFFECT = (colour_energy, EFFECTS["noise"][1], -1, ("less blotchy", "blotchier"))
COLOUR_NOISE_KEPT = ("(The noise was colour noise (blotches) alone: I took it out of the colours and kept your photo's "
                     "brightness detail as it was.) ")
# what "clearer" is about, in this order of preference: (its reading, that of "less clear")
CLEARER = {"haze": ("less haze", "less dehazing"), "blur": ("sharper", "less sharpening"),
           "noise": ("less noise", "less denoising"), "rain": ("less rain", "less rain removal"),
           "jpeg": ("fewer JPEG blocks", "less deblocking")}
# what may be said of a damage found in a photo just uploaded, before the restore
_UPLOAD_HINTS = {"noise": "*keep the grain*", "rain": "*there is no rain*", "low_light": "*brighter*",
                 "blur": "*there is no blur*", "haze": "*there is no haze*", "jpeg": "*less deblocking*"}
LEAVE_OUT = {"low_light": "*it is not dark*", "noise": "*there is no noise*", "blur": "*there is no blur*",
             "haze": "*there is no haze*"}  # words that leave a kind out of the description
# a photo uploaded before this one ("go back to the first photo", "the photo I uploaded before", "the other photo I
# uploaded"), not a version of this one (QA 61 F11); "the original photo" is this photo as uploaded (*start over*).
# Not "the previous image", "the last picture was better", "the old picture": a version (review 61 F2)
_UPLOADED = r"(?:that\s+)?I\s+(?:uploaded|sent|gave you|shared|posted)"
_EARLIER_PHOTO = re.compile(rf"\b(?:(?:first|1st|earlier|former)\s+(?:photo|picture|pic)s?\b|"
                            rf"(?:first|1st|previous|earlier|other|old|older|prior|last|former)\s+(?:upload|photo|picture|pic|"
                            rf"image|file|one)s?\s+{_UPLOADED}|(?:photo|picture|pic|image|file|one)s?\s+{_UPLOADED}\s+"
                            rf"(?:before|earlier|first|previously)\b|(?:first|previous|earlier|other|last|old)\s+uploads?\b)", re.I)
LONG_NOTE = "(Your message was long; I read its beginning and its end.)\n\n"  # (instructions.normalize)
SETTLE_STEPS = 2
SIDE_EFFECT_LEVELS = 8.0  # of 255: a change in mean brightness that a person notices
# a result within these of the one before (levels of 255: mean change, and the 99th percentile of each pixel's) looks
# the same: on blocky_chelsea.jpg *remove the blocks* after *restore* moved 0.26 and 1; *less rain removal* and *remove
# more rain* on rainy_seeding.jpg (320 px) 0.97 and 8, 0.77 and 7, streaks visibly kept or taken out
SAME_MEAN, SAME_MOST = 1.0, 3.0
# The most a plain change of the darkness words built on a result moves the mean brightness (0-1; *a bit* half, *much*
# twice): the network brightens a brightened result far by any darkness words (helper 54a: "slightly dim" 39% -> 50%,
# 23.3 -> 15.1 dB), so such a run is mixed into the image it ran on (_bounded). About the largest plain step from a
# restore: on 4 dark, noisy held-out photos *brighter* after *restore* moved it 1.9-5.1 points, *a bit brighter*
# 1.1-2.8, where *a bit brighter on top of this* after *much brighter* had gone 11-18 (`python runs/fix59b/measure.py`).
ON_TOP_BRIGHTER = 0.05
# The share of the weakest darkness words' change (from a result told none) that *a bit brighter* keeps, blended into
# the result: those words alone do most of the brightening any words do (QA 68 F06: on dim_noisy Bridge 480x270
# restored, "slightly dim" +40.5 of 255 mean luma, "dim" +59.6, "dark" +68.1), so *a bit* had been 59% of *much*
A_BIT_FIRST = 0.5
RUNGS = (0.0, A_BIT_FIRST, 1.0)  # the shares of that change *a bit brighter* steps through, one a step (_a_bit_along)
LIT_SMOOTHING = 2.0  # pixels (Gaussian sigma) over which a brightening on top is smoothed (_lit_as): the result's
# detail finer than that is kept
# Where *don't make it darker* pushed the brightening further, how far above the brightness before (0-1 of mean
# brightness) the run pushed is mixed to land (_held): a point of the percentage the replies quote
FLOOR_ABOVE = 0.01
GRAINIER = 0.03  # (_grainier)
# The least change of the analyzer's noise sigma (0-255) that is a step, smoother or grainier (_noise_change): two
# draws of the same noise on the same photo read up to 0.75 apart (6 skimage photos at 192 px, 5 seeds each, sigma
# 4-25; std 0.28 at most: runs/replies72/sigma_spread.py), and replies quote whole figures
NOISE_STEP = 1.0
# A blur floor holds where the result's edge sharpness (measures.edges) is at most this share below the image shown:
# the network's *sharper* moves it about 3% (blurry_coffee 192 px restored: +3.0%), as the other way starts for blur
SOFTER = 0.05
# Less denoising that put back less than this share of the grain taken out says so: one step (*keep the grain*)
# left 18-23% of the noise sigma on three photos with noise of sigma 15-25, a second 45-100% (runs/fix57/report.md).
KEPT_GRAIN = 0.4
# Below this share the grain put back is said to be almost none: on QA 62's 256 px dark, noisy Bridge (sigma 20) every
# noise word from "mild" (sigma 15) to "slight" (sigma 6) put back 6-15% at three darkness words, a high-pass std of
# 1.3-1.6 against the upload's 7.4, where leaving the noise out put back 53-78% (runs/fix62c/REPORT.md)
ALMOST_NO_GRAIN = 0.2


# The network learnt no scratches, but long, thin ones read as rain, and its rain removal takes most of them out: 10
# scanned prints with 40 scratches and 150 specks of dust (runs/qa54b's scanned_print), all read as rain, went 20.09
# -> 25.11 dB against the same print unscratched (+2.4 to +7.9) where read as rain alone or with slight noise (8),
# 20.35 without the rain words; the 2 also read hazy lost 7-9 dB to the dehazing (`python
# runs/an57/scratch_restore.py 10`, 512 px, float32). tests/test_dialogue.py's scan of a CBSD432 photo, read as
# heavy rain and slightly hazy: 5.9 of 255 from the unscratched print, 28.0 restored so (its mean 134 -> 103), 3.3
# with the rain words alone. (No grey, sepia or colour print of 23 made by runs/an57/print_haze.py read hazy.)
SCRATCHES_WITH_RAIN = "takes out most long, thin scratches"
# An old print's scratches read as rain, and a scanned print's blacks are lifted. Scanned colour prints with 40
# scratches (runs/qa54b's scanned_print, faded 0.55 or 0.8) read as rain had their darkest 1% at 0.14 or more: 69 of
# data/photos, 54 of CBSD432's held-out photos. With synthetic rain instead, 5 of 68 and 5 of 51 read as rain had
# 0.12 or more (pale scenes; `python runs/an57/scratch_rain.py 200 all`, `... 60 held_out CBSD432-FOLDER`). Haze
# lifts them too (rain in fog had the hint: review 57 F2), and fading and haze are alike in tone (both squash the
# tones towards a light level), so the lifted blacks count only with scratches seen: SCRATCH_LINES long, thin, light
# lines (long_lines). On 24 data/photos (`python runs/fix60c/measure.py 24 all`), the 47 scanned colour prints with
# 40 scratches read as rain had 8-24, the 69 with synthetic rain and haze 0-2, rain alone 0-4 (streaks 8-36 px long).
PRINT_BLACKS = 0.12
# the answer to *the photo is faded* on a faded print with no haze (Assistant._faded_print_dehazed): it had been
# dehazed, darkened below the photo's own tones (QA 66 F02: 47% -> 33% mean brightness, the original 42%; -0.4 and
# -2.3 dB against it)
FADED_PRINT = ("(This reads as a faded print: its darkest tones are lifted to {blacks:.0f}%, and I found no haze. "
               "Taking haze out would darken it below its own tones, so I left the fading: a photo editor's levels or "
               "auto-contrast bring a faded print's contrast back.)")
SCRATCH_LINES = 6
# Where none of the six kinds is found, the upload names a faded print from blacks this lifted (QA 66 F07: a faded,
# yellowed print had been said to "look clean"). Of 131 clean photos (data/photos, CBSD432's held-out, examples/; 512
# px), 111 read as none of the six: 13 of them have blacks of PRINT_BLACKS or more (misty scenes), 1 this much (aero1,
# 0.29). qa66's faded yellowed print, on 9 photos at 320 px: 7 read as none of the six, at 0.196-0.235 (its scratched
# and re-saved old print: 0.118-0.353, 4 of 8 this much). A colour cast (the mean a*/b* of the greyest fifth of the
# pixels) and vignetting (the corners' brightness against the centre's) are not said: as far from neutral, or as dark,
# on clean photos as on qa66's casts and vignetting (`python runs/fix67b/f07_measures.py clean|damaged`).
FADED_BLACKS = 0.19
# Scratches on a photo whose blacks are not lifted (QA 66 F08: an unfaded colour photo's, read as rain 0.33-0.47, had
# none of the hint) are told from rain by their directions (measures.direction_spread of long_lines): on the 61
# held-out photos at 320 px (`python runs/fix67b/f08_angles.py`), synthetic rain (3 amounts, 2 seeds) had 6 long lines
# or more in 54 of 366, which ran within 1-7 degrees (its touching streaks fall one way) but in 8, on 3 photos whose
# own edges make long light lines (a sign's letters); qa66's scratches (3 seeds) had 6 or more in 146 of 183, 144 of
# them spread 10 degrees or more.
SCRATCHES_SPREAD = 10


def _scratched(photo, blacks: float) -> bool:
    """SCRATCH_LINES long, thin, light lines, with a scanned print's lifted blacks or running more than one way
    (spread SCRATCHES_SPREAD): rain falls one way."""
    lines = long_lines(photo)
    return len(lines) >= SCRATCH_LINES and (blacks >= PRINT_BLACKS or direction_spread(lines) >= SCRATCHES_SPREAD)


def _upload_hint(desc: Description, photo) -> str:
    """What to say after describing an upload: *restore*, with examples of what may be said of what was found (it
    had offered *there is no rain* and *keep the grain* of every photo, review 42), and where what reads as rain may
    be an old print's scratches, that."""
    found = desc.found
    if not found:
        if desc.too_small:  # (it had said "I found nothing to fix" after saying it could not look)
            return "Name what you see, and I will take it out (for example *remove the noise* or *brighter*)."
        faded = (f"It looks like a faded print: its darkest tones are lifted to {100 * desc.blacks:.0f}%. Fading is "
                 "beyond this network; a photo editor's levels or auto-contrast bring the contrast back. "
                 if desc.blacks >= FADED_BLACKS else "")
        return faded + "If you see one of them, name it (for example *remove the noise* or *brighter*)."
    said = [_UPLOAD_HINTS[k] for k in sorted(found, key=lambda k: -found[k]) if k in _UPLOAD_HINTS][:2]
    hint = "Say *restore* to fix it" + (f", or tell me first what to change (for example {' or '.join(said)})"
                                        if said else "") + "."
    toned = "rain" in found and one_toned(photo)  # (measured only where it is used)
    if "rain" in found and (toned or _scratched(photo, desc.blacks)):
        hint += (" If this is an old print, what I read as rain may be its scratches: the rain removal "
                 f"{SCRATCHES_WITH_RAIN}, so *restore* may mend them (*there is no rain* leaves them).")
        if "haze" in found and toned:  # a print's fading, dehazed, goes far darker (SCRATCHES_WITH_RAIN); not said
            # in colour, where it is as likely fog (review 57 F2)
            hint += " What I read as haze may be its fading: *there is no haze* keeps its tones."
    return hint


def _change(kind: str, before, after, effect: tuple | None = None) -> tuple[int, float]:
    """(+1 / -1 when `after` is a visible step more / less removed of `kind` than `before` (brighter,
    smoother, sharper), else 0; the measured change, signed the same way). `effect`: how it is measured, if not as
    EFFECTS says."""
    measure, threshold, sign, _ = effect or EFFECTS[kind]
    ref = measure(before)
    effect = (measure(after) - ref) * sign
    return (1 if effect >= threshold(ref) else -1 if effect <= -_against(kind, ref) else 0), effect


def _moved(kind: str, before, after) -> int:
    return _change(kind, before, after)[0]


def _against(kind: str, ref: float) -> float:
    """The least change the other way that counts: a result a twentieth softer is no sharper result,
    though a quarter more energy is needed to call one sharper."""
    return 0.05 * ref if kind == "blur" else EFFECTS[kind][1](ref)


def _grainier(before, after) -> bool:
    """`after` visibly grainier than `before`, by the grain relative to the brightness (measures.grain) by more than
    GRAINIER: a third of a noise word's step (on QA 62's dark, noisy Bridge, 256 px, restored at "very dark", "mild
    noise" -> "heavy noise" 0.0338 -> 0.0310, "slight noise" 0.0382; runs/fix64b/grain_probe.py)."""
    return grain(after) > (1 + GRAINIER) * grain(before)


def _grain_moved(before, after) -> int:
    """+1 / -1 where `after` is visibly smoother / grainier than `before` by the grain relative to the brightness
    (_grainier), else 0: the noise's move beside a change of the brightness, which hf_energy reads as grain."""
    return -1 if _grainier(before, after) else 1 if _grainier(after, before) else 0


def _noise_change(sigma_before: float, sigma_after: float) -> tuple[int, float]:
    """As _change of the noise (+1 smoother, -1 grainier, the change signed so), by the analyzer's noise sigma, the
    figure replies quote: a step where it moves NOISE_STEP or more (not where it reads another whole figure: 2.45 ->
    2.55 had been a step, 2.6 -> 3.4 none). Not by hf_energy, which reads a brightening or a dehazing as grain:
    dark_noisy_chelsea at half size, restored (mean brightness 10% -> 51%, noise sigma 3 -> 0), had been said "grainier
    than your photo as uploaded", as had hazy_astronaut (sigma 0 -> 0)."""
    effect = sigma_before - sigma_after
    return (1 if effect >= NOISE_STEP else -1 if effect <= -NOISE_STEP else 0), effect


def _noise_moved(before, after, sigmas: tuple[float, float], grain_too: bool) -> tuple[int, float, bool]:
    """(moved, effect, whether by the grain): as _noise_change, by the images' noise `sigmas`; where those read no step
    and the images differ in the noise words alone (`grain_too`), by the grain relative to the brightness
    (_grain_moved), which sees grain finer than the sigma reads (noise of sigma 2 on 6 skimage photos at 192 px reads
    0: runs/replies72/sigma_spread.txt). grey_noisy_chelsea (conversation_diff's), whose *keep the grain* after
    *restore* took that grain 15.6% -> 18.4% (sigma 0 -> 0), had been said "no grainier"."""
    moved, effect = _noise_change(*sigmas)
    finer = 0 if moved or not grain_too else _grain_moved(before, after)
    return (finer, float(finer), True) if finer else (moved, effect, False)


def _grain_from_to(before, after) -> str:
    """The grain of both images as replies say it: a percentage of the local brightness."""
    return f"{100 * grain(before):.1f}% → {100 * grain(after):.1f}% of the brightness around it"


def _brightness_moved(before, after, asked: bool = False) -> tuple[float, float] | None:
    """The mean brightness (0-1, the analyzer's, which replies quote) of both images where it moved visibly, or
    at all where a change of the brightness was `asked` (a brightening that barely showed had no figure)."""
    a, b = mean_brightness(before), mean_brightness(after)
    return (a, b) if abs(b - a) * 255 >= (_noticed(a) if not asked else 1e-9) else None


def _noticed(a: float) -> float:
    """The least change of a mean brightness `a` (0-1) that a person notices, in levels of 255: SIDE_EFFECT_LEVELS,
    or on a dark photo a tenth of its brightness, at least 4 (helper 53a: 56 → 63 of 255 on a dark photo, 12%
    brighter, had gone unsaid)."""
    return min(SIDE_EFFECT_LEVELS, max(4.0, 0.1 * 255 * a))


def _side_effect(before, after, severities: dict, kept: bool = False, haze_said: bool = False) -> str:
    """A note when words that do not name the darkness moved the brightness visibly (the network's
    brightening depends on every word: *keep the grain* once brightened a dim panorama by 41 levels
    of 255; removing haze darkens, and a page of text read as hazy turns grey). `kept`: the brightness was
    asked to stay ("keep it as bright and dehaze more"), which only its words do. `haze_said`: the reply says
    elsewhere that removing haze darkens (haze named where none was found), so this note does not."""
    moved = _brightness_moved(before, after)
    if not moved:
        return ""
    a, b = moved
    way, back = ("brighter", "darker") if b > a else ("darker", "brighter")
    undo = b > a and severities.get("low_light", 0.0) < DETECTED  # nothing brightened: "darker" cannot help
    if kept:  # (it had said only that removing haze darkens, as if the keep had not been heard)
        undo = undo or b < a and at_strongest("low_light", severities.get("low_light", 0.0))  # nor "brighter" at the top
        return (f"(I kept the brightness words as they were, but the other change made it {way} all the same: mean "
                f"brightness {from_to(a, b)}. " + ("Say *undo* if that is not what you wanted.)" if undo else
                                                   f"Say *{back}* to make up for it.)"))
    if b < a and severities.get("haze", 0.0) >= DETECTED:
        why = "" if haze_said else " Removing haze darkens a photo: if yours is not hazy, say *there is no haze*."
    else:
        why = " Say *undo* if that is not what you wanted." if undo else f" Say *{back}* if that is not what you wanted."
    return f"(It also came out {way}: mean brightness {from_to(a, b)}.{why})"


def _softer(photo, result, severities: dict) -> str:
    """A note where a restore whose description names blur (asks for it sharper) came out softer than `photo` by more
    than SOFTER, by the edges (measures.edges, which grain taken out hardly lowers): taking out the noise and blocks
    takes fine detail too, and this network removes little blur (QA 66 F09: a soft, noisy night shot re-saved,
    picosdeeuropa 320 px, came out with edges x0.94 and nothing said). Restores naming blur with other kinds came out
    x0.953-1.081 in 6 of held-out photos made soft and noisy or blocky (256 px) and x0.968-0.990 of 3 CBSD432 night
    shots (`runs/fix67b/f09_soft.py held`, `f09_probe.py`): no note. Not with rain named: its streaks are edges the
    restore rightly takes (rainy_seeding 320 px: x0.69). Nor without blur named, where ordinary denoising lowers the
    edges as much (dark_noisy_chelsea 192 px: x0.79; held-out photos under noise: x0.85-0.99); nor with blur alone,
    of which _check_restored says how it came out. The photo is brought first to the result's brightness (review 67:
    blurry_coffee 192 px darkened to 28/255, read dark and blurry, restored to 105/255, had been said softer, edges
    8.68% -> 7.96%, where the photo as bright has 5.14%)."""
    found = {k for k, v in severities.items() if v >= DETECTED}
    if "blur" not in found or "rain" in found or found == {"blur"}:
        return ""
    a, b = edges_as_bright(photo, result), edges(result)  # (a brightening lowers `edges`: _held's blur floor)
    if b >= (1 - SOFTER) * a:
        return ""
    more = " *keep more texture* keeps more of it;" if "noise" in found else ""
    return (f"(It also came out softer than your photo, not sharper: edge sharpness {100 * a:.2f}% → {100 * b:.2f}%. "
            f"Taking out the other damage took fine detail too, and this network removes little blur.{more} *undo* "
            "takes it back.)")


def _bounded(base, shown, run, most: float) -> tuple[object, float]:
    """`run`, made from `base` (a result), where it lands at most `most` (0-1; below 0 darker) from `shown` (the result
    the change was asked of), that way; else base + a * (run - base), a chosen to land `most` from `shown` (the mean
    brightness is linear in a), where that lies between the two: -> (the image, a)."""
    from PIL import Image

    b, s, r = mean_brightness(base), mean_brightness(shown), mean_brightness(run)
    to = s + most
    if 0 < (r - s) / most <= 1 or not min(b, r) < to < max(b, r):
        return run, 1.0
    a = (to - b) / (r - b)
    return Image.blend(as_rgb(base), as_rgb(run), a), a


def _lit_as(base, lit):
    """`base` (a result) with the brightening of `lit` (a run from it, or a share of one: _bounded) and its own colour
    and fine detail: each pixel moved by `lit`'s change of the channels' mean (which mean_brightness, and so the bound,
    measures), smoothed over a few pixels, in all three channels alike (which leaves Cb and Cr as they are), and where
    a channel would pass 0 or 255, the pixel's colour drawn towards its grey just enough to fit (a clipped red channel
    had turned an orange cat yellow all the same; six steps leave 1.8% of pixels white). The network's
    run turns a result's reds yellow and softens it as it brightens (QA 68 F03: six *brighter on top of this* on
    dark_noisy_chelsea took the mean Lab hue 60.6 -> 81.9 degrees and the gradient energy 8.38 -> 5.97); a change
    of the brightness alone keeps them."""
    import numpy as np
    from PIL import Image
    from scipy.ndimage import gaussian_filter

    weights = np.array([0.299, 0.587, 0.114], np.float32)
    a, b = (np.asarray(as_rgb(i), dtype=np.float32) for i in (base, lit))
    luma = a @ weights
    to = np.clip(luma + gaussian_filter((b - a).mean(axis=-1), LIT_SMOOTHING), 0, 255)[..., None]
    colour = a - luma[..., None]
    room = np.where(colour > 0, 255 - to, to) / np.maximum(np.abs(colour), 1e-6)  # the share of its colour that fits
    out = to + colour * np.minimum(1.0, room.min(axis=-1, keepdims=True))
    return Image.fromarray(np.clip(out, 0, 255).round().astype(np.uint8))


def _bounded_note(ran: float, mixed: float, size: float, up: bool, paired: bool = False) -> str:
    """What a bounded step (_bounded) says: how far the words alone went, the share kept, and what goes further. Not
    *much brighter on top of this*, which had been offered: the network's stronger words on top came out no brighter
    on the 5 photos of runs/fix60a/steps.py (refused on 4); a step said again goes on (Wood, restored far too dark:
    five *brighter on top of this* 55% -> 79% mean brightness, 12.4 -> 31.2 dB; one unbounded run gave 26.6 dB).
    "Most photos": scaled to the clean photo's mean, the run lost 2.1-9.6 dB to the result on 4 of those 5, not Wood.
    `paired`: made on top in the same message as the step under it, which one *undo* takes back too (said after it:
    review 65 F10, "*undo* takes it back" had read as this step alone)."""
    more = ("Say it again for another step like this, or *brighter on top of this* for a bigger one. " if size < NORMAL
            else "Say it again for another step like this. ") if up else ""
    grey = ", and on most photos it turns dark parts grey and blotchy" if up else ""
    return (f"(On a result the network brightens far{grey}: these words alone went to {ran:.0%}, so I kept "
            f"{mixed:.0%} of their change. {more}{'' if paired else '*undo* takes it back.'}".rstrip() + ")")


def _pasted(base, inner, box):
    """`base` with `inner` (the restored photo inside its frame) in `box`."""
    out, size = as_rgb(base).copy(), (box[2] - box[0], box[3] - box[1])
    inner = as_rgb(inner)
    out.paste(inner if inner.size == size else inner.resize(size), box[:2])  # (a restorer that changed the size)
    return out


def _veil_note(step, start: dict, new: dict, image) -> str:
    """_veil_back's note where the darkness words of a dehazed result (`step`) went up and its haze words stayed."""
    if step.is_result and new.get("haze", 0.0) >= DETECTED and "haze" not in _changed(start, new) \
            and new["low_light"] > start.get("low_light", 0.0):
        return _veil_back(step.image, image)
    return ""


def _veil_back(before, after) -> str:
    """A note when brightening a dehazed result lifted its darkest parts more than the brightening itself does: some of
    the veil back (helper 54a: "brighter" took the dark channel 33 -> 52 of 255 where the gain alone gives 38, and
    20.0 -> 16.9 dB, unsaid)."""
    dc0, dc1 = dark_channel(before), dark_channel(after)
    expected = dc0 * max(luminance(after), 1.0) / max(luminance(before), 1.0)
    # (the network lifts shadows more than a gain does: at one haze step over that, *brighter* after the restore of 10
    # held-out hazy photos had it said of 9, the PSNR moving -3.3 to +3.9 dB; at four steps, of 1: runs/an54/veil_check.py)
    if dc1 - expected < 4 * EFFECTS["haze"][1](dc0):
        return ""
    return (f"(It also came out hazier: its darkest parts went from {dc0:.0f} to {dc1:.0f} of 255, more than the "
            "brightening alone lifts them. Say *dehaze more* to make up for it, or *undo*.)")


@dataclass
class _Further:
    """What a kind's removal pushed further found (Assistant._less_grain, _held): the severities and the
    result of the first run that held (no image where none did, or none was needed), and the note that says which."""
    new: dict | None = None
    image: object = None
    prompt: str = ""
    note: str = ""
    seconds: float = 0.0  # of its runs
    mixed: float = 1.0  # the share of the run pushed in `image`, the rest the first run (Step.mixed)


@dataclass
class Settled:
    """The settle check's note, in parts until the whole photo is measured: the words it went past ("(“dark”
    did not make it brighter, so I went further, to “very dark”"), and where it came out short, how ("only a
    little brighter", "short of the 20% asked") and what then (": that is as far as this network goes.")."""
    passed: str = ""
    how: str = ""
    then: str = ""

    def __str__(self) -> str:
        limit = self.how + self.then if self.how else ""
        if self.passed:
            return self.passed + (f"; even so it came out {limit})" if limit else ".)")
        return f"(It came out {limit})" if limit else ""


def _how_much(effect: float, change: str) -> str:
    """ "no sharper" or "only a little sharper", for an effect short of its threshold."""
    return f"no {change}" if effect <= 0 else f"only a little {change}"


def _short(e: BaseException) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else ""
    return (f"{type(e).__name__}: {text}" if text else type(e).__name__)[:200]
