"""The offline instruction parser: intents, edits, and a set of refine phrasings (>= 90% understood)."""

import time

import pytest

from dialogue.instructions import (A_BIT, ALL_STEPS, FULL, MUCH, NORMAL, SECOND_LAST, Change, Edit, Instruction, normalize,
                                   brightness_share_words, parse, parse_rules, share_said, steps)
from dialogue.severity import ADD_A_BIT, ADD_DEFAULT, apply_edits, level_name
from restoration.degrade import KINDS
from restoration.captions import DETECTED, LEVEL_BLEND, level, straddle

# A state where every kind is being removed, so each edit shows in the severities.
STATE = {"noise": 0.6, "rain": 0.4, "low_light": 0.5, "blur": 0.3, "jpeg": 0.3, "haze": 0.3}

# phrase -> expected change per kind: "+" raised, "-" lowered (0 allowed), "0" set to 0, "~" any,
# "k" kept as the result has it ("keep the brightness");
# "all+" / "all-": every kind raised / lowered. Kinds not named must stay as they are.
PHRASINGS = [
    ("brighter", "low_light+"),
    ("Make it a bit brighter please", "low_light+"),
    # more or less of a damage taken out (review of stop 50: "more haze", "more grain" had been read as left in)
    ("remove a bit more haze", "haze+"), ("remove a bit less haze", "haze-"), ("take out more haze", "haze+"),
    ("remove a bit more grain", "noise+"), ("take out less grain", "noise-"), ("get rid of a bit more fog", "haze+"),
    ("still too dark", "low_light+"),
    ("can you lift the shadows?", "low_light+"),
    ("I can't see anything in the dark corners", "low_light+"),
    ("increase exposure by a lot", "low_light+"),
    ("needs more light", "low_light+"),
    ("brigter pls", "low_light+"),
    ("The faces are hidden in shadow, lighten them", "low_light+"),
    ("not bright enough", "low_light+"),
    ("darker", "low_light-"),
    ("now it's too bright", "low_light-"),
    ("a little darker please", "low_light-"),
    ("it looks overexposed", "low_light-"),
    ("reduce the brightness slightly", "low_light-"),
    ("it's a night shot, keep it dark", "low_light0"),
    ("the exposure is fine as it was", "low_light0"),
    ("more denoising", "noise+"),
    ("still noisy", "noise+"),
    ("remove more of the grain", "noise+"),
    ("there's still a lot of noise in the sky", "noise+"),
    ("smoother please", "noise+"),
    ("the speckles are still visible", "noise+"),
    ("clean up the grain a lot more", "noise+"),
    ("stronger noise reduction", "noise+"),
    ("noisey still", "noise+"),
    ("keep more texture", "noise-"),
    ("too smooth, keep the grain", "noise-"),
    ("it looks plastic", "noise-"),
    ("less denoising", "noise-"),
    ("you lost all the fine detail", "noise-"),
    ("bring back some grain", "noise-"),
    ("the skin looks waxy", "noise-"),
    ("it looks like a watercolor painting now", "noise-"),
    ("I want to preserve the film texture", "noise-"),
    ("denoise a bit less", "noise-"),
    ("over-smoothed", "noise-"),
    ("keep the grian", "noise-"),
    ("leave the grain alone, it's film", "noise0"),
    ("there is no noise", "noise0"),
    ("there is no rain", "rain0"),
    ("there is no rain, it's just noise", "rain0 noise~"),
    ("also remove the rain", "rain+"),
    ("get rid of those rain streaks too", "rain+"),
    ("I still see streaks", "rain+"),
    ("those aren't raindrops", "rain0"),
    ("the rain is intentional, keep it", "rain0"),
    ("remove the rain more strongly", "rain+"),
    ("less rain removal", "rain-"),
    ("sharpen it", "blur+"),
    ("make it sharper", "blur+"),
    ("still blurry", "blur+"),
    ("it's a bit out of focus", "blur+"),
    ("sharpn it", "blur+"),
    ("too sharp, there are halos", "blur-"),
    ("it's not blurry at all", "blur0"),
    ("remove the jpeg artifacts", "jpeg+"),
    ("still blocky", "jpeg+"),
    ("there's no compression, don't deblock", "jpeg-"),
    ("fix the pixelation", "jpeg+"),
    ("dehaze", "haze+"),
    ("still foggy", "haze+"),
    ("remove the haze as well", "haze+"),
    ("the mist is part of the mood", "haze0"),
    ("it looks washed out", "haze+"),
    ("much stronger", "all+"),
    ("a bit less", "all-"),
    ("stronger", "all+"),
    ("too aggressive", "all-"),
    ("tone it down a little", "all-"),
    ("push it further", "all+"),
    ("it's overdone", "all-"),
    ("not strong enough", "all+"),
    ("more natural please", "all-"),
    ("the effect is barely noticeable", "all+"),
    ("brighter and less noise", "low_light+ noise+"),
    ("darker but keep the grain", "low_light- noise-"),
    ("a lot brighter, and also get rid of the fog", "low_light+ haze+"),
    ("Too dark and still grainy", "low_light+ noise+"),
    ("I can hardly make out anything, the picture is so gloomy", "low_light+"),
    ("the picture has that oil-painting look now", "noise-"),
    ("the little dots are still all over the sky", "noise+"),
]

# Written after the lexicon was tuned on PHRASINGS, and not tuned on: how well it generalises.
FRESH = [
    ("could you make the whole thing lighter", "low_light+"),
    ("the shadows are way too deep", "low_light+"),
    ("bump up the exposure a touch", "low_light+"),
    ("it's gotten too bright now, pull it back", "low_light-"),
    ("less brightness", "low_light-"),
    ("this was taken at dusk, don't brighten it", "low_light-"),
    ("there's too much grain left", "noise+"),
    ("the noise is still there", "noise+"),
    ("please denoise harder", "noise+"),
    ("more smoothing", "noise+"),
    ("the photo lost its texture", "noise-"),
    ("it looks too clean and artificial", "noise-"),
    ("dial back the noise reduction", "noise-"),
    ("I'd like some of the grain back", "noise-"),
    ("the grain is fine", "noise0"),
    ("there's no rain in this photo", "rain0"),
    ("that's not rain, those are wires", "rain0"),
    ("please also take out the rain", "rain+"),
    ("rain streaks are still visible", "rain+"),
    ("remove the drizzle", "rain+"),
    ("make the details crisper", "blur+"),
    ("the image is still soft", "blur+"),
    ("it's blurry, fix the focus", "blur+"),
    ("oversharpened", "blur-"),
    ("the photo isn't blurry", "blur0"),
    ("get rid of the blocky artifacts", "jpeg+"),
    ("the compression artefacts remain", "jpeg+"),
    ("clear up the fog", "haze+"),
    ("still too hazy", "haze+"),
    ("keep the haze, it's atmospheric", "haze0"),
    ("a lot stronger please", "all+"),
    ("go easier on it", "all-"),
    ("way too strong", "all-"),
    ("I want a stronger result", "all+"),
    ("that's too much", "all-"),
    ("more!", "all+"),
    ("slightly weaker", "all-"),
    ("lighter and sharper", "low_light+ blur+"),
    ("less noise but keep the rain", "noise+ rain0"),
    ("brighten the shadows and remove the haze", "low_light+ haze+"),
    ("it's too noisy and also kind of dark", "noise+ low_light+"),
]


# Written later still (a third session's), before the lexicon changes they led to: 21/40 on the
# first run (docs/dialogue.md). The two still missed are kept, as the measure of what is left.
LATER = [
    ("it is soft", "blur+"),
    ("the photo looks soft", "blur+"),
    ("everything looks a bit soft", "blur+"),
    ("can you make it less soft", "blur+"),
    ("the text is hard to read, it's smeared", "blur+"),
    ("bring it into focus", "blur+"),
    ("it's a little too crisp now", "blur-"),
    ("the colours look faded", "haze+"),
    ("it's so flat and grey, like there's a veil over it", "haze+"),
    ("way too much contrast now", "haze-"),
    ("the fog is gone but it looks harsh, tone down the dehazing", "haze-"),
    ("I can still see a milky layer", "haze+"),
    ("the picture is way too murky", "haze+"),
    ("the sky has become very dark after the dehaze", "haze-"),
    ("it's underexposed", "low_light+"),
    ("it's pitch black in the corners", "low_light+"),
    ("give it a bit more light", "low_light+"),
    ("the highlights are blown", "low_light-"),
    ("too bright, it looks like daytime now, it was evening", "low_light-"),
    ("I want it to stay moody and dark", "low_light0"),
    ("there's colour noise in the shadows", "noise+"),
    ("the blotches are still there", "noise+"),
    ("the sky is full of little coloured dots", "noise+"),
    ("the faces look like wax", "noise-"),
    ("it's smeared all the details away", "noise-"),
    ("don't denoise it at all", "noise0"),
    ("no grain removal please", "noise0"),
    ("those white lines are rain, remove them", "rain+"),
    ("the streaks are gone, great, but there are still a few", "rain+"),
    ("the lines are part of the building", "rain0"),
    ("the squares are still visible", "jpeg+"),
    ("it's full of blocks from the compression", "jpeg+"),
    ("the jpeg blocks don't bother me, leave them", "jpeg0"),
    ("go a little further", "all+"),
    ("I liked it, but make it a touch stronger", "all+"),
    ("it's a bit much", "all-"),
    ("dial it back a notch", "all-"),
    ("half as strong please", "all-"),
    ("brighter, and less grainy", "low_light+ noise+"),
    ("clean up the noise but don't touch the brightness", "noise+ low_light0"),
]

# A fourth corpus, written on 2026-12-03 before the parser changes it led to: 29/40 on its first
# run (the first four were misreads known from LATER's review). "mushy" edges (read as
# over-smoothing) and "ringing" (read as over-sharpening) are left as they are: both readings
# are fair; so is "the lines are part of the building" (too many scene lines for "lines" to be rain).
FOURTH = [
    ("after the brightening it is noisy", "noise+"),
    ("it got noisy after brightening", "noise+"),
    ("the streaks are gone, great, but there are still a few", "rain+"),
    ("the lines are part of the building", "rain0"),
    ("still a bit fuzzy", "blur+"),
    ("the edges look mushy", "blur+"),
    ("it's out of focus", "blur+"),
    ("can you sharpen the faces", "blur+"),
    ("now it looks oversharpened", "blur-"),
    ("there are halos around the edges", "blur-"),
    ("it still looks washed out", "haze+"),
    ("the mountains are lost in the mist", "haze+"),
    ("the colours are too strong now", "haze-"),
    ("it looks too saturated", "haze-"),
    ("the shadows are crushed", "low_light+"),
    ("I can't make out anything in the dark bits", "low_light+"),
    ("lift the shadows a little", "low_light+"),
    ("too light", "low_light-"),
    ("it looks overexposed now", "low_light-"),
    ("please keep the night mood", "low_light0"),
    ("leave the exposure as it was", "low_light0"),
    ("there's speckle all over the sky", "noise+"),
    ("it's still grainy in the shadows", "noise+"),
    ("it looks plasticky", "noise-"),
    ("the skin looks airbrushed", "noise-"),
    ("I like the film grain, keep it", "noise0"),
    ("the drizzle is still visible", "rain+"),
    ("I still see raindrops on the window", "rain+"),
    ("keep the rain, it's part of the mood", "rain0"),
    ("the compression artefacts are still there", "jpeg+"),
    ("there's ringing around the letters", "jpeg+"),
    ("it's pixelated", "jpeg+"),
    ("not so strong", "all-"),
    ("a tad too much", "all-"),
    ("push it further", "all+"),
    ("more of everything", "all+"),
    ("a bit brighter and a bit sharper", "low_light+ blur+"),
    ("less noise but keep it dark", "noise+ low_light0"),
    ("remove the haze and the grain", "haze+ noise+"),
    ("sharper, but don't brighten it", "blur+ low_light0"),
]

# A fifth, written after the changes FOURTH led to and before any for it: 37/40 on its first run.
# Fixed since: "bring the brightness down", "don't make it darker" beside "dehaze more" (read as "brighter"
# until QA 62 F03; now the brightness as it is, no darker: QA 63). Left: "taken at dusk, keep that feel" ("dusk" is no
# word for darkness here).
FIFTH = [
    ("it's still quite murky", "haze+"),
    ("it's still smoggy", "haze+"),  # "smoggy" had not been a haze word
    ("the haze is back in the corners", "haze+"),
    ("ease up on the fog removal", "haze-"),
    ("the trees look almost black after dehazing", "haze-"),
    ("a touch less contrast", "haze-"),
    ("lighten the shadows", "low_light+"),
    ("can you brighten the faces", "low_light+"),
    ("way too dark still", "low_light+"),
    ("it's gone too bright", "low_light-"),
    ("bring the brightness down a bit", "low_light-"),
    ("it was taken at dusk, keep that feel", "low_light0"),
    ("leave the exposure alone", "low_light0"),
    ("the noise is horrible", "noise+"),
    ("clean up the grain in the sky", "noise+"),
    ("there's still a lot of speckling", "noise+"),
    ("the textures look smudged now", "noise-"),
    ("less smoothing on the face", "noise-"),
    ("I want the grain back", "noise-"),
    ("no denoising please", "noise0"),
    ("its still blurry", "blur+"),
    ("the photo is blurred from camera shake", "blur+"),
    ("make the text readable, it's too soft", "blur+"),
    ("sharpen it less", "blur-"),
    ("too much sharpening on the hair", "blur-"),
    ("don't sharpen", "blur0"),
    ("there are still rain streaks on the left", "rain+"),
    ("remove the raindrops", "rain+"),
    ("the rain is intentional", "rain0"),
    ("get rid of the blockiness", "jpeg+"),
    ("I can still see the jpeg artifacts", "jpeg+"),
    ("the compression is not a problem", "jpeg0"),
    ("stronger please", "all+"),
    ("even more", "all+"),
    ("that's overdone", "all-"),
    ("tone it down a little", "all-"),
    ("brighter and remove the noise", "low_light+ noise+"),
    ("less grain but keep the brightness", "noise+"),
    ("dehaze more but don't make it darker", "haze+ low_light="),
    ("keep the colour, just remove the rain", "rain+"),
    ("sharper and less noisy please", "blur+ noise+"),
]

# written 2026-12-03 before any change for it: 29/40 on its first run
SIXTH = [
    ("the shadows are still crushed", "low_light+"),
    ("I can barely make out the people", "low_light+"),
    ("could you open up the exposure a little", "low_light+"),
    ("it looks washed out and too bright now", "low_light-"),
    ("the sky is blown out", "low_light-"),
    ("tone down the brightening", "low_light-"),
    ("it's a night shot, it should stay dark", "low_light0"),
    ("keep the brightness and the sharpness", "low_lightk blurk"),
    ("the picture is still full of static", "noise+"),
    ("the dark areas are blotchy with colour noise", "noise+"),
    ("kill the noise", "noise+"),
    ("the skin looks waxy", "noise-"),
    ("bring some of the detail back, it's too smooth", "noise-"),
    ("the grain is part of the look", "noise0"),
    ("leave the noise, it's film", "noise0"),
    ("the letters are still fuzzy", "blur+"),
    ("can you focus it", "blur+"),
    ("it's out of focus", "blur+"),
    ("the halos around the edges are too strong", "blur-"),
    ("the blur is on purpose, it's a long exposure", "blur0"),
    ("there's still drizzle in the top corner", "rain+"),
    ("the streaks are gone but it looks smeared", "rain-"),
    ("the raindrops are part of the mood", "rain0"),
    ("I like the rain but not the fog", "rain0 haze+"),
    ("the mist is still there", "haze+"),
    ("clear up the fog more", "haze+"),
    ("it looks too contrasty after the haze removal", "haze-"),
    ("the haze is natural, leave it", "haze0"),
    ("the blocks around the edges are still visible", "jpeg+"),
    ("the banding in the sky is bad", "jpeg+"),
    ("don't touch the compression artifacts", "jpeg0"),
    ("go further", "all+"),
    ("a little less of everything", "all-"),
    ("you overdid it", "all-"),
    ("brighter but keep the noise", "low_light+ noise-"),
    ("remove the rain and make it sharper", "rain+ blur+"),
    ("less denoising and a bit brighter", "noise- low_light+"),
    ("keep the sharpening as it is and remove more noise", "noise+"),
    ("don't brighten it any more but clean up the grain", "low_light= noise+"),
    ("the fog is fine, just fix the noise", "haze0 noise+"),
]

# written from a user review (runs/review7) before the rules changed: "to" typed for "too", grain
# asked back in other words, "not as much"
SEVENTH = [
    ("its to bright", "low_light-"),
    ("it's to bright now", "low_light-"),
    ("way to bright", "low_light-"),
    ("to smooth", "noise-"),
    ("to strong", "all-"),
    ("to much", "all-"),
    ("a bit to much", "all-"),
    ("add some noise back", "noise-"),
    ("put the noise back", "noise-"),
    ("add noise", "noise-"),
    ("not so smooth", "noise-"),
    ("less smooth", "noise-"),
    ("not as much", "all-"),
]


def _expect(spec: str) -> dict[str, str]:
    if spec in ("all+", "all-"):
        return {k: spec[-1] for k in STATE}
    out = {}
    for item in spec.split():
        out[item[:-1]] = item[-1]
    return out


def _matches(inst: Instruction, spec: str) -> bool:
    if inst.intent != "refine":
        return False
    new, _ = apply_edits(STATE, inst, reference=STATE, restored=True)
    want = _expect(spec)
    for kind, old in STATE.items():
        w, v = want.get(kind, "="), new[kind]
        if w in "=k" and v != old or w == "+" and not v > old or w == "-" and not v < old or w == "0" and v != 0 \
                or w == "k" and kind not in inst.kept:
            return False
    return True


def test_every_kind_the_parser_names_has_its_removal_words():
    """The clause readers look up a named kind's removal words ("denoising") unguarded (review 59 L2): a kind added
    to the kind words or the directional phrases without them would raise KeyError on every message naming it."""
    from dialogue import lexicon

    named = set(lexicon.KIND_WORDS) | {kind for _, kind, _ in lexicon.DIRECTIONAL}
    assert named <= set(lexicon.ACTIONS) == set(KINDS), named - set(lexicon.ACTIONS)


def test_refine_phrasings_understood():
    assert len(PHRASINGS) >= 60
    t0 = time.perf_counter()
    results = [(phrase, spec, parse(phrase)) for phrase, spec in PHRASINGS]
    seconds = time.perf_counter() - t0
    ok = [r for r in results if _matches(r[2], r[1])]
    rules_ok = sum(_matches(parse_rules(p), s) for p, s in PHRASINGS)
    missed = [(p, s, i.intent, [(e.kind, e.op) for e in i.edits], i.scale) for p, s, i in results if not _matches(i, s)]
    rate = len(ok) / len(PHRASINGS)
    print(f"\nrefine phrasings understood: {len(ok)}/{len(PHRASINGS)} = {rate:.1%} "
          f"(rules alone {rules_ok}/{len(PHRASINGS)}); parse time {seconds:.2f} s in all")
    for m in missed:
        print("  missed:", m)
    assert rate >= 0.9, missed


@pytest.mark.parametrize("name,corpus,bar", [("fresh", FRESH, 0.8), ("later", LATER, 0.85),
                                             ("fourth", FOURTH, 0.85), ("fifth", FIFTH, 0.85),
                                             ("sixth", SIXTH, 0.85), ("seventh", SEVENTH, 0.85)])
def test_phrasings_not_tuned_on(name, corpus, bar):
    """Corpora the lexicon was not tuned on when written: reported, with a lower bar as a regression guard."""
    results = [(p, s, parse(p)) for p, s in corpus]
    ok = sum(_matches(i, s) for _, s, i in results)
    print(f"\n{name} phrasings understood: {ok}/{len(corpus)} = {ok / len(corpus):.1%}")
    for p, s, i in results:
        if not _matches(i, s):
            print("  missed:", (p, s, i.intent, [(e.kind, e.op) for e in i.edits], i.scale))
    assert ok / len(corpus) >= bar


@pytest.mark.parametrize("text,intent", [
    ("the noise is gone, great", "thanks"), ("merci beaucoup", "thanks"), ("perfect 👍", "thanks"), ("ok lol thx", "thanks"),
    ("the grain is gone, great", "thanks"), ("reverse that", "undo"), ("much stronger colour", "outside"),
    ("why is it still so blurry, and the grain", "question"), ("have it brighter", "refine"),
    ("have you removed the rain?", "question"), ("do it again?", "restore"),
    ("is the rain gone", "question"), ("why is it darker?", "question"),
    # a question with words before it, or not in question order (they had been carried out as edits)
    ("so is the noise gone now?", "question"), ("hey, is the noise gone?", "question"),
    # the last change not seen, and which is better, are answered with what is measured (they had got the help)
    ("nothing changed", "question"), ("it looks exactly the same", "question"), ("I can't see any difference", "question"),
    ("did anything change?", "question"), ("which one looks better?", "question"),
    # how much, what's the level: questions (they had asked for "much" more, adding noise to a clean photo)
    ("how much noise is left?", "question"), ("how much brighter is it?", "question"),
    ("what's the noise level now?", "question"), ("what's the blur like now?", "question"),
    ("how much brighter can you make it?", "question"),  # how far it can go (review 25: it had run a step)
    # thanks and rejections in everyday words (they had got the help)
    ("perfect, thanks a lot", "thanks"), ("cheers mate", "thanks"), ("brilliant, ta", "thanks"),
    ("this looks amazing now, thank you so much!", "thanks"), ("ty so much", "thanks"), ("thanks, that's all", "leave"),
    ("the noise is gone, I like it", "thanks"), ("you ruined it", "undo"), ("that's awful", "undo"),
    ("the one before was better", "undo"), ("nah, not better", "undo"), ("redo with less of everything", "refine"),
    ("worse", "undo"), ("nope, other one", "undo"), ("please return to before", "undo"), ("gimme the old one", "undo"),
    ("I not like the result", "undo"), ("fine", "thanks"), ("k", "thanks"), ("thank you dear", "thanks"),
    ("the sky got darker, great", "thanks"), ("there are white spots all over it", "outside"),
    ("the corners are darker", "outside"), ("it's darker at the edges than the middle", "outside"),
    ("I preferred it before you brightened it", "undo"), ("that's not what I meant", "undo"), ("wow, much better", "thanks"),
    ("great, that's the one", "thanks"), ("perfect, don't change anything", "leave"), ("that didn't do anything", "question"),
    ("ok but why is it darker?", "question"), ("hmm why did it get darker", "question"),
    ("wait, why is it darker?", "question"), ("any noise left?", "question"),
    ("Great, and is the noise completely gone in that one?", "question"), ("it got darker, why?", "question"),
    ("noise gone?", "question"), ("can you tell me if the noise is gone?", "question"),
    ("ok what did you change", "question"), ("the grain is gone", "refine"), ("ok, brighter", "refine"),
    ("what changed?", "question"), ("what's changed?", "question"), ("what is different now?", "question"),
    ("what did you actually change", "question"), ("what's the difference?", "compare"),
    # but a statement or request that ends in "why" is not one, nor "to" before "clean"
    ("darker please, I don't get why", "refine"), ("undo that, why", "undo"), ("brighter, why", "refine"),
    ("it's still dark, not sure why", "refine"), ("is there any way to clean the grain?", "refine"),
    ("two steps back", "undo"), ("back 2 steps", "undo"), ("the first one was better", "undo"), ("is there a way to remove the rain?", "refine"),
    ("restore", "restore"), ("please fix it", "restore"), ("I overdid the exposure when shooting, can you fix it", "restore"), ("ok go ahead", "restore"), ("enhance this photo", "restore"),
    ("undo", "undo"), ("go back", "undo"), ("that was better before", "undo"), ("revert please", "undo"),
    ("redo", "redo"), ("start over", "start_over"), ("reset everything", "start_over"),
    ("what do you see?", "describe"), ("What's wrong with this photo", "describe"), ("describe it", "describe"),
    ("compare", "compare"), ("show me the original", "compare"), ("before and after please", "compare"),
    ("help", "help"), ("?", "help"), ("what can you do", "help"),
    ("", "empty"), ("   ", "empty"), ("...", "empty"),
    ("the quarterly tax report is due", "unknown"), ("asdfgh qwerty", "unknown"),
    # a statement with a question after it asks (it had been carried out: "it looks darker" darkened)
    ("it looks darker, is that right?", "question"), ("it got brighter, was that on purpose?", "question"),
    ("it looks darker. is it supposed to look like that?", "question"), ("it looks darker, right?", "question"),
    ("make it darker, is that ok?", "refine"), ("the rain is still there, can you remove it?", "refine"),
    ("it's darker now right?", "question"), ("so it's brighter now?", "question"), ("it's dark, no", "refine"),
    ("the result is darker, no?", "question"), ("you made it darker, is that right?", "question"),
    ("it looks sharper now right?", "question"), ("it's brighter than before isn't it?", "question"),
    # nothing to do, or a command not to do (they had undone, or gone to the nearest example)
    ("never mind", "leave"), ("no thanks", "leave"), ("leave it as it is", "leave"), ("don't undo", "leave"),
    ("do not start over", "leave"), ("no need to undo the brightening", "leave"),
    ("don't undo, just make it brighter", "refine"), ("no, don't restore, what do you see?", "describe"),
    ("ok never mind then", "leave"), ("no thank you, it's fine", "leave"), ("that's all thanks", "leave"),
    ("actually no, keep it", "leave"), ("nope", "leave"), ("nah", "leave"), ("forget it", "leave"),
    ("stop", "leave"), ("cancel", "leave"),
    # what the network does not do (*fix the scratches* had restored, *fix the red eyes* too)
    ("can you fix the scratches?", "outside"), ("remove the dust spots", "outside"), ("crop it", "outside"),
    ("make it bigger", "outside"), ("colourize it", "outside"), ("fix the red eyes", "outside"),
    ("remove the watermark", "outside"), ("restore it, and the tears", "restore"),
    ("make it black & white", "outside"), ("the yellow is too strong", "outside"),
    ("can u get rid of the scrathces", "outside"), ("get rid of the watermrk", "outside"),
    ("can you remove the yellowing", "outside"), ("the eyes look red", "outside"),
    ("the picture is upside down", "outside"), ("can you remove the text in the corner", "outside"),
    ("remove the snow", "outside"), ("can you get rid of the lens flare", "outside"),  # (not understood before)
    ("it was snowing, restore it", "restore"),
    ("you changed the colours!", "outside"), ("I love the colours now", "thanks"),
    ("the skin tones look natural now", "thanks"), ("the colours are not great", "outside"),
    # a restore in so many words beside them is the restore; "ok" and "fix the ..." are not
    ("fix it but keep the colours", "restore"), ("can you fix this black and white photo?", "restore"),
    ("yes please, it's an old black and white photo", "restore"), ("improve the photo of my red car", "restore"),
    ("fix it please, focus on her smile", "restore"), ("ok, crop it", "outside"),
    ("the colours are unbelievably good now", "thanks"), ("no thanks, that's perfect", "leave"),
    ("keep it that way please", "leave"), ("i don't want you to undo", "leave"),
    # a command not to be done in part is the part ("don't undo everything" had left everything)
    ("don't undo everything, just the last one", "undo"), ("don't undo twice, just once", "undo"),
    # no tag without its question mark, nor "the right"
    ("it's still too dark, huh", "refine"), ("it's too dark. correct", "refine"),
    ("you made it worse", "undo"), ("that's worse", "undo"), ("k thx", "thanks"),  # they had got the help text
    ("ok go back to my original pic", "start_over"), ("back to the original photo please", "start_over"),
    ("undo everything", "start_over"), ("just her face, the background is fine", "outside"),
    # a consequence asked of a step is a question, as "is it noisier?" (fix70e: it had been carried out: brighter
    # with the grain back)
    ("would it be noisier if you brightened it?", "question"), ("would it get grainier if I asked for brighter?", "question"),
    ("would the photo look darker if you removed the haze?", "question"),
    ("would it be a bit blurrier if you removed the haze?", "question"),
    # ... or said: a remark, not a request (dialogue71: they had brightened with the grain back, or sharpened)
    ("it gets noisier if you brighten it", "question"), ("if you brighten it, it gets grainier", "question"),
    ("it'll get noisier if you make it brighter", "question"), ("it gets darker when you dehaze it", "question"),
    ("it will be blurrier if you denoise more", "question"),
    ("hi", "greeting"), ("hello there!", "greeting"), ("hi again", "greeting"), ("hey again :)", "greeting"), ("hi, it's me again", "greeting"), ("whats wrong with it?", "describe"), ("its to yelow", "outside"),
])
def test_intents(text, intent):
    assert parse(text).intent == intent


@pytest.mark.parametrize("text,term", [
    ("what does sigma mean?", "sigma"), ("so what does sigma around 25 mean?", "sigma"), ("whats sigma", "sigma"),
    ("explain sigma", "sigma"), ("what's a stop?", "stops"), ("what is haze?", "haze"),
    ("what does dehazing mean", "haze"), ("what does “moderate noise” mean?", "noise"), ("what is grain", "noise"),
    ("what does light rain mean", "rain"), ("what is low light?", "low_light"), ("whats jpeg blocking", "jpeg"),
    ("what do you mean by 'on top'?", "on_top"), ("what does the description mean", "description"),
    # the commands, asked about (they had been carried out)
    ("what does undo do?", "undo"), ("how does undo work?", "undo"), ("what does start over do", "start_over"),
    ("what does restore do", "restore"), ("what does the slider do?", "compare"), ("what does redo mean", "redo"),
    ('what does "keep the grain" mean?', "noise"),
    # the words of the descriptions and of the replies' advice, and "the" before a damage (review 43: they had
    # been edits: stronger noise, sharper, brighter)
    ("what is the noise?", "noise"), ("what is sharpening?", "blur"), ("what does dim mean?", "low_light"),
    ("what does very dark mean?", "low_light"), ("what is the fog?", "haze"), ("what does soft mean", "blur"),
])
def test_a_word_of_the_replies_asked_about_is_explained(text, term):
    """They had not been understood, or (*what does “moderate noise” mean?*) been an edit."""
    inst = parse(text)
    assert (inst.intent, inst.about, inst.premise) == ("question", [term], {"meaning": 1})


@pytest.mark.parametrize("text", ["what is the noise level now?", "what's the description?", "what is version 2?",
                                  "what is the noise like now?", "is there haze?", "what versions do i have"])
def test_a_question_about_the_photo_is_no_meaning_question(text):
    assert "meaning" not in parse(text).premise


def test_review_43_readings():
    """An edit beside a glossary question, "don't crush the blacks" beside "darker", a slow shutter, snow said
    of the scene: each had been misread by this stop's first changes."""
    assert parse_rules("what does sigma mean? and make it brighter").edits == [Edit("low_light", "up")]  # (the
    # question goes unanswered, as before this stop; the edit had been dropped)
    assert parse_rules("how does undo work? undo twice").intent == "undo"
    for text in ("a bit darker, but don't crush the shadows", "darker but don't crush the blacks"):
        assert [(e.kind, e.op) for e in parse_rules(text).edits] == [("low_light", "down")], text
    assert parse_rules("it's slow shutter blur, leave it").edits == [Edit("blur", "remove")]
    for text in ("the glare is gone, thanks", "it was snowing", "that's snow", "on reflection the first was better"):
        assert "scene" not in parse_rules(text).outside and parse_rules(text).intent != "outside", text
    assert parse_rules("fix the banding").outside == []


def test_a_difference_of_two_words_is_one_question():
    """It had been split at "and": a compare, then a start over."""
    for text, terms in (("what is the difference between undo and start over?", ["undo", "start_over"]),
                        ("whats the difference between sigma and noise", ["sigma", "noise"])):
        assert steps(text) == [text], text
        assert parse(text).about == terms and parse(text).premise == {"meaning": 1}, text


@pytest.mark.parametrize("text,clear,edits", [
    ("make it clearer", ("up", NORMAL), []), ("can you make it a bit clearer", ("up", A_BIT), []),
    ("clear it up please", ("up", NORMAL), []), ("it's not clear enough", ("up", NORMAL), []),
    ("less clear", ("down", NORMAL), []), ("brighter and clearer", ("up", NORMAL), [("low_light", "up")]),
    ("make it clear", ("up", NORMAL), []), ("the details aren't clear enough", ("up", NORMAL), []),
    ("it's less clear now", ("up", NORMAL), []), ("it's too clear now", ("down", NORMAL), []),
    ("make it less clear", ("down", NORMAL), []), ("it's a little less clear than before", ("up", A_BIT), []),
    # a kind named says which: no guess
    ("sharper and clearer", None, [("blur", "up")]), ("clearer air", None, [("haze", "up")]),
    # "..., not sharper" after a request keeps it as it is, and clearer is of something else
    ("make it clearer, not sharper", ("up", NORMAL), [("blur", "keep")]),
])
def test_clearer_names_no_kind_and_is_left_to_the_assistant(text, clear, edits):
    inst = parse(text)
    assert inst.intent == "refine" and inst.clear == clear and [(e.kind, e.op) for e in inst.edits] == edits
    assert inst.scale is None  # the "less" of "less clear" is no scale of everything (it had cut the denoising)


def test_some_of_a_damage_is_a_level_below_the_photos_own_whatever_the_description_says_now():
    """"the fog is natural but too strong": some out, some left; it had gone past the plain restore
    (from the photo's "hazy" to "foggy") or, after *keep the fog*, back to all of it."""
    inst = Instruction("refine", [Edit("haze", "some")])
    for now in ({"haze": 0.39}, {}, {"haze": 0.8}):  # as found, left in, removed more
        new, touched = apply_edits(now, inst, reference={"haze": 0.39})
        assert new["haze"] >= 0.1 and level(new["haze"]) == level(0.39) - 1, (now, new)
        assert touched["haze"] == (new["haze"] > now.get("haze", 0)) - (new["haze"] < now.get("haze", 0))
    new, _ = apply_edits({}, Instruction("refine", [Edit("noise", "some")]), reference={"noise": 0.4})
    assert 0.1 <= new["noise"] < 0.4


def test_only_one_kind_leaves_the_others_in_and_the_scenes_own_follows_its_kind():
    """"only fix the blur" had removed every kind the description named; "keep the darkness" after "a rainy
    night" had brightened; a damage gone and then praised, or the action liked, was put back."""
    def ops(text):
        return {e.kind: e.op for e in parse(text).edits}
    for text, kind in [("only fix the blur please", "blur"), ("just the noise, nothing else", "noise"),
                       ("only the haze please, nothing else", "haze")]:
        assert ops(text) == {k: "add" if k == kind else "remove" for k in KINDS}, text
    assert ops("brighter, but don't change anything else") == {k: "up" if k == "low_light" else "keep" for k in KINDS}
    for text in ("only slightly brighter", "only the noise is left", "only the background is blurry"):
        assert len(ops(text)) == 1, text  # no kind named as the only one
    assert ops("it's a rainy night, keep the rain and the darkness") == {"rain": "remove", "low_light": "remove"}
    assert ops("keep the brightness and the shadows") == {"low_light": "keep"}  # said once
    for text in ("the noise is gone, keep it that way", "the rain is gone, that's fine", "i like the noise reduction, it's fine"):
        assert "remove" not in ops(text).values(), text
    # "that's fine" after a change asked for, or seen, keeps the result as it is; after a command, the command
    # stands (from a code review: "it's still a bit dark, that's fine" had turned the brightening off)
    for text, want in [("it's still a bit dark, that's fine", {"low_light": "keep"}), ("less noise now, I like it", {"noise": "keep"}),
                       ("the noise is gone, keep it that way", {"noise": "keep"}), ("remove the noise, that's fine", {"noise": "add"}),
                       ("it's not so dark now", {"low_light": "keep"}), ("I'm ok with the brightness", {"low_light": "keep"}),
                       ("more bokeh", {"blur": "down"}), ("fix the blur, nothing else is wrong", {"blur": "add"}),
                       ("remove the noise. nothing else, thanks", {"noise": "add"}), ("it's a dull grey day", {}),
                       ("which is why i want it brighter", {"low_light": "up"})]:
        assert ops(text) == want, text
    assert parse("it looks moodier now, great").intent == "thanks" and parse("it needs a pop of colour").intent == "outside"


def test_an_amount_said_after_the_request_is_its_amount():
    """"brighter but only a little" had taken a full step."""
    for text, amount in [("brighter but only a little", A_BIT), ("sharper, but just a little", A_BIT),
                         ("darker, a lot more", MUCH), ("brighter", NORMAL)]:
        assert [e.amount for e in parse(text).edits] == [amount], text
    assert parse("you went the wrong way").correction == parse("actually the other way round").correction == "opposite"


@pytest.mark.parametrize("text,share", [
    ("half as much denoising", "50% less denoising"), ("denoise half as much", "50% less denoising"),
    ("denoise it half as much", "50% less denoising"), ("denoise half as strongly", "50% less denoising"),
    ("half the denoising", "50% less denoising"), ("halve the denoising", "50% less denoising"),
    ("half as much noise removal", "50% less denoising"), ("remove half as much noise", "50% less denoising"),
    ("take out half as much grain", "50% less denoising"), ("remove 50% less noise", "50% less denoising"),
    ("brighten half as much", "50% less brightening"), ("half as much brightening", "50% less brightening"),
    ("sharpen half as much", "50% less sharpening"), ("half as much sharpening", "50% less sharpening"),
    ("half as much dehazing", "50% less dehazing")])
def test_half_of_an_action_is_a_step_less_of_it_as_its_share_is(text, share):
    """QA 63 F02: "half as much denoising" had been "much less" (all the denoising gone), "denoise half as much" and
    "brighten half as much" a step MORE of it, "remove 50% less noise" more denoising."""
    said, meant = parse(text), parse(share)
    assert said.edits == meant.edits and [(e.op, e.amount) for e in said.edits] == [("down", NORMAL)], text
    assert said.reduces == meant.reduces


@pytest.mark.parametrize("text,share,edit", [
    ("half as dark", "50% less dark", ("low_light", "up")), ("make it half as dark", "make it 50% less dark", ("low_light", "up")),
    ("half as sharp", "50% less sharp", ("blur", "down")), ("half as noisy", "50% less noisy", ("noise", "up"))])
def test_half_of_a_look_is_a_step_less_of_it_as_its_share_is(text, share, edit):
    """Helper fix64a: "half as dark" had been the darkness named (before a result, no step brighter than the restore),
    "half as sharp" not understood; "half as bright" stays a share of the brightness."""
    said, meant = parse(text), parse(share)
    assert said.edits == meant.edits and said.reduces == meant.reduces, text
    assert [(e.kind, e.op, e.amount) for e in said.edits] == [(*edit, NORMAL)], text
    assert parse("half as bright").premise == {"percent": 50.0}


@pytest.mark.parametrize("text,share", [
    ("double the brightness", "twice as bright"), ("twice the brightness", "twice as bright"),
    ("please double its brightness", "twice as bright"), ("double the brightness but keep the grain", "twice as bright but keep the grain"),
    ("half the brightness", "half as bright"), ("halve the brightness please", "half as bright")])
def test_the_brightness_doubled_or_halved_is_that_share_of_it(text, share):
    """Review 64 F3: "double the brightness" / "twice the brightness" / "half the brightness" had the help text, where
    "twice as bright" is 100% brighter and "half as bright" 50% darker (of the mean brightness; "double the
    sharpening", of an action, is two steps). Refused or said of the result, it is no share asked."""
    said, meant = parse(text), parse(share)
    assert said.intent == "refine" and said.edits == meant.edits and said.premise == meant.premise, said
    assert said.premise == {"percent": 100.0 if "bright" in share and "half" not in share else 50.0}, said
    assert parse("double the sharpening").premise == {} and parse("double the brightening").premise == {}
    for text in ("don't double the brightness", "it's twice the brightness it should be", "is it double the brightness?"):
        assert "percent" not in parse(text).premise, text


@pytest.mark.parametrize("text,meant", [
    ("don't make it twice as bright", "don't make it brighter"),
    ("please do not make it twice as bright, just remove the noise", "don't make it brighter, just remove the noise"),
    ("make it half as bright and less noisy", "50% darker and less noisy"),
    ("make it half as bright, but keep the grain", "50% darker, but keep the grain")])
def test_a_brightness_share_refused_or_beside_a_second_request_reads_as_its_plain_words(text, meant):
    """Review 65: "don't make it twice as bright" had been 100% darker (low_light down, amount 2), where a doubling
    refused is brightening refused; "make it half as bright and less noisy" had dropped the brightness (the share
    was read only at the end of the message)."""
    said, plain = parse(text), parse(meant)
    assert said.intent == "refine" and said.edits == plain.edits and said.premise == plain.premise, said


@pytest.mark.parametrize("text,meant", [
    ("don't cut the brightness in half", "don't make it darker"), ("don't halve the brightness", "don't make it darker"),
    ("please do not make it half as bright", "don't make it darker"), ("don't lower the exposure", "don't make it darker"),
    ("never drop the exposure", "don't make it darker"),
    ("don't reduce the brightness by half, just remove the noise", "don't make it darker, just remove the noise"),
    ("brighter but not much brighter", "a bit brighter"), ("brighter but don't make it much brighter", "a bit brighter"),
    ("sharper but not much sharper", "a bit sharper"), ("more denoising but not much smoother", "a bit more denoising"),
    ("brighter but not brighter", "brighter but don't make it brighter"),
    ("less denoising but not too noisy", "less denoising but not too grainy")])
def test_a_step_held_by_its_own_look_reads_as_its_plain_words(text, meant):
    """Review 66 (fix66b's report, left 2 and 5): "don't cut the brightness in half" had been a step brighter (the
    halving refused is a darkening refused), "brighter but not much brighter" two steps darker (the look refused
    beside its own step lets a bit of it through), "less denoising but not too noisy" more denoising (as "not too
    grainy" it is a bit of the step)."""
    said, plain = parse(text), parse(meant)
    assert said.intent == "refine" and said.edits == plain.edits and said.premise == plain.premise, said


@pytest.mark.parametrize("text,meant", [
    ("don't tone the haze down", "don't tone down the haze"), ("please don't turn the noise down", "please don't turn down the noise"),
    ("do not dial the grain back", "do not dial back the grain"),
    ("don't turn the haze down, but brighten it", "don't turn down the haze, but brighten it")])
def test_a_turn_down_refused_with_its_particle_after_the_object_leaves_the_damage(text, meant):
    """Review 65: "don't tone the haze down" had been more dehazing (hazy -> foggy: haze add), where "don't tone down
    the haze" leaves it (fix65c)."""
    said, plain = parse(text), parse(meant)
    assert said.intent == "refine" and said.edits == plain.edits, said
    assert [e.op for e in said.edits if e.kind in ("haze", "noise")] == ["remove"], said


@pytest.mark.parametrize("text,meant", [
    ("don't make it noisier or darker", "don't make it noisier and don't make it darker"),
    ("brighter but don't make it noisier or blurrier", "brighter but don't make it noisier and don't make it blurrier"),
    ("please do not let it get darker or grainier", "please do not let it get darker and do not let it get grainier")])
def test_two_looks_refused_in_one_are_each_a_floor(text, meant):
    """Review 65: the second look after "or" had been asked ("don't make it noisier or darker": low_light down,
    "... or blurrier": all the blur removed)."""
    said, plain = parse(text), parse(meant)
    assert said.edits == plain.edits and all(e.op == "floor" for e in said.edits if e.kind != "low_light" or
                                              "brighter" not in text), said


def test_a_damage_liked_too_much_to_lose_is_left_not_turned_down():
    """Review 65: fix65c's *too much* (a removal refused past a point: less of it) had also caught a liking said with
    "too much": "i like the noise too much to lose it" had been less denoising (noise down), at 289e00d the noise left."""
    assert [(e.kind, e.op) for e in parse("i like the noise too much to lose it").edits] == [("noise", "remove")]
    assert [(e.kind, e.op) for e in parse("don't remove the noise too much").edits] == [("noise", "down")]


def test_twice_as_much_is_two_steps_not_twice_much():
    """"twice as much denoising" had been twice MUCH: four steps, all but the strongest setting; "double the denoising"
    one step, "two times as much denoising" four (helper fix64a)."""
    for text in ("twice as much denoising", "denoise twice as much", "twice as much sharpening", "brighten twice as much",
                 "double the denoising", "double denoising", "double the brightening", "two times as much denoising"):
        assert [e.amount for e in parse(text).edits] == [2 * NORMAL] == [e.amount for e in parse("twice the denoising").edits]
    assert [e.amount for e in parse("three times as much sharpening").edits] == [3 * NORMAL]
    assert [e.amount for e in parse("double check the noise").edits] == [NORMAL]
    assert parse("half as much").amount == parse("half as strong").amount == NORMAL


def test_far_and_way_are_amounts_only_before_a_comparison():
    """"the far hills are foggy" had jumped two levels, to the strongest setting."""
    assert parse("the far hills are foggy").edits[0].amount == NORMAL
    assert parse("the hills far away are hazy").edits[0].amount == NORMAL
    assert parse("way brighter").edits[0].amount == parse("far too dark").edits[0].amount == MUCH


def test_not_this_after_a_request_keeps_it_as_it_is():
    """"brighter, not sharper" had softened the photo (the "not" turned *sharper* round)."""
    assert [(e.kind, e.op) for e in parse("make it brighter, not sharper").edits] == [("low_light", "up"), ("blur", "keep")]
    assert [(e.kind, e.op) for e in parse("brighter, not darker").edits] == [("low_light", "up")]
    assert [(e.kind, e.op) for e in parse("no, not sharper").edits] == [("blur", "down")]  # no request before it


def test_clear_said_of_the_result_or_of_something_else_is_no_request():
    for text in ("is it clearer now?", "it's clearer but noisier", "I'm not clear on what you did",
                 "it's not clear which one is better", "don't clear the rain"):
        assert parse(text).clear is None, text


@pytest.mark.parametrize("text,intent,version", [
    ("keep version 1", "undo", 1), ("i'll keep version 2 please", "undo", 2), ("stick with version 1", "undo", 1),
    ("let's go for the second one", "undo", 2), ("I'll keep this one", "thanks", None), ("keep that one, thanks", "thanks", None),
    ("let's go with this one", "thanks", None), ("no, that's better", "thanks", None),
    ("no that's much better thanks", "thanks", None),
    ("keep it", "leave", None), ("no thanks", "leave", None), ("no, that's worse", "undo", None),
    ("keep the brightness of version 2", "refine", None), ("keep the grain", "refine", None)])
def test_a_version_kept_is_shown_and_the_one_shown_kept_is_thanks(text, intent, version):
    """Review 36 left these to the help text ("keep version 1", "no, that's better")."""
    inst = parse(text)
    assert inst.intent == intent and inst.version == version, inst


@pytest.mark.parametrize("text,intent,version,premise", [
    ("go back to 1st", "undo", 1, {}), ("go back to 1", "undo", 1, {}), ("back to 2", "undo", 2, {}),
    ("revert to 1 please", "undo", 1, {}), ("go back 1", "undo", None, {}),
    ("compare w/ 2", "compare", None, {"than": 2}), ("compare with 2", "compare", None, {"than": 2}),
    ("show me 1 and 3", "compare", None, {"than": 1, "of": 3}), ("show me version 1 and 3", "compare", None, {"than": 1, "of": 3}),
    ("show me 1 next to 2", "compare", None, {"than": 1, "of": 2}), ("show me version 2", "undo", 2, {})])
def test_a_bare_number_where_a_result_is_meant(text, intent, version, premise):
    """Stop 37 conversations: "go back to 1st" had undone one step, "back to 2" and "show me 1 next to 2"
    had not been understood, "compare w/ 2" had compared with the upload, "show me 1 and 3" had gone to version 1."""
    inst = parse(text)
    assert inst.intent == intent and inst.version == version and inst.premise == premise, inst


@pytest.mark.parametrize("text,kind", [
    ("the rain is real", "rain"), ("the rain is real, it was pouring that day", "rain"), ("it's real rain", "rain"),
    ("the fog is supposed to be there", "haze"), ("that's real fog, not damage", "haze"),
    ("the fog is meant to be in the photo", "haze")])
def test_a_damage_said_to_be_real_is_left_in(text, kind):
    """Review 39: these had removed more of it ("heavy rain" -> "very heavy rain streaks")."""
    inst = parse_rules(text)
    assert inst.intent == "refine" and [(e.kind, e.op) for e in inst.edits] == [(kind, "remove")], inst
    assert [(e.kind, e.op) for e in parse_rules("the rain is really heavy").edits] == [("rain", "add")]


@pytest.mark.parametrize("text,intent", [
    ("Thank you so much, you have been very helpful", "thanks"), ("perfect thank you!! you're the best", "thanks"),
    ("thanks, you've been a great help", "thanks"), ("k better", "thanks"), ("ok is good, thank you very much", "thanks"),
    ("actually no, I think I preferred it how it was", "undo"), ("Please put it back to how it was a few minutes ago", "undo"),
    ("what exactly did you do to it?", "question"), ("wat did u change", "question"), ("what have you done", "question")])
def test_review_39_thanks_a_return_and_what_was_done(text, intent):
    """They had got the help text ("ok is good, thank you" had restored again)."""
    assert parse_rules(text).intent == intent, text
    for bit in ("abit brighter??", "a lil brighter"):  # a smaller step (it had been a whole one)
        assert parse_rules(bit).edits == [Edit("low_light", "up", A_BIT)], bit


def test_code_review_40_complaints_frames_and_numbers():
    """Regressions a code review found in this stop's parser changes, and two older misreadings."""
    for text in ("no, that's not better", "no, it's not good", "nope, it's hardly better", "that's not great"):
        assert parse_rules(text).intent != "thanks", text  # (the first three had been thanks, the last one always)
    for text in ("instead of brightening, compare with 1", "don't brighten, compare to version 1",
                 "before you brighten it, compare with version 1"):
        assert steps(text) == [text] and parse_rules(text).intent == "compare", text  # (they had brightened)
    assert parse_rules("no, I meant too dark").correction == "replace"  # "I meant" corrects, "too" or not
    assert steps("brighter, show me 1 and 3") == ["brighter", "show me 1 and 3"]  # (it had edited version 1)
    for text in ("show me 1 & 3", "show 1, and 3", "show me 1 and 3 again", "show me the 1st and 3rd"):
        inst = parse_rules(text)
        assert inst.intent == "compare" and inst.premise == {"than": 1, "of": 3}, (text, inst)
    for text in ("set the exposure back to 1.5", "set the noise back to 1", "compare with 2.0", "go back to 0"):
        assert parse_rules(text).version is None and parse_rules(text).premise == {}, text  # (versions)
    assert parse_rules("restore it w/o sharpening").edits == [Edit("blur", "remove")]  # (it had been "with o")
    assert parse_rules("is the grain the same size as before?").premise == {}  # of the grain, not the photo's size
    assert parse_rules("make both sharper and less noisy").premise == {}  # two qualities, not two versions
    for text in ("make them both brighter and less noisy", "make the two of them sharper"):  # two versions (the
        assert parse_rules(text).premise == {"both": 1}, text  # first had been two qualities of one)


def test_review_39_versions_and_printing():
    """They had got the help text."""
    assert parse_rules("put the third one back").version == 3 and parse_rules("put the third one back").intent == "undo"
    assert parse_rules("what version are we on").intent == "describe"
    assert parse_rules("How do I print this?").intent == "save"


def test_code_review_41_lead_ins_frames_and_names():
    """Regressions a second code review found in the fixes of the first."""
    for text, version in (("I want to go back to 1", 1), ("actually back to 2", 2), ("take me back to 1", 1)):
        assert parse_rules(text).version == version, text  # (the clause-start anchor had lost them)
    assert parse_rules("I'd like to compare with 2").premise == {"than": 2}
    assert steps("not so dark, compare with version 1") == ["not so dark", "compare with version 1"]
    assert steps("don't touch the rain, brighten it, compare with version 1")[1] == "compare with version 1"
    for text in ("get rid of the rain for real", "the noise is really there, can you remove it"):
        assert parse_rules(text).edits[0].op == "add", text  # removed, as asked (they had been left in)
    for text in ("what size is it?", "will the download be full size?"):
        assert parse_rules(text).premise == {"size": 2}, text
    assert parse_rules("photo of my dad Brighten it please").edits == [Edit("low_light", "up")]
    assert parse_rules("Compare With Version 2").premise == {"than": 2}
    assert parse_rules("get rid of Blockiness").edits == [Edit("jpeg", "add")]
    assert parse_rules("you've been no help").intent != "thanks"
    assert parse_rules("a photo of Hazel on the beach").edits == []


def test_a_name_is_no_damage():
    """Review 39: "our old cat Misty" had been dehazed, "my son Rainer" read as rain (through the typo fixer)."""
    for text in ("this is our cat Misty", "a photo of Misty on the sofa", "photo of my son Rainer",
                 "we hiked Mount Rainier", "mt. rainier at sunset"):  # (review 48: the mountain had been rain)
        assert parse_rules(text).edits == [], text
    for text, kind in (("remove the Rain", "rain"), ("Get rid of Noise", "noise"), ("a photo of Rome in the rain", "rain"),
                       ("Mount Rainier in the fog, please remove the fog", "haze"),
                       ("the camera mount blurred it", "blur")):  # (a lens mount is no name)
        assert [e.kind for e in parse_rules(text).edits] == [kind], text


@pytest.mark.parametrize("text,premise", [
    ("compare with the previous one", {"than": -2}), ("compare the first and the last", {"than": 1, "of": -1}),
    ("compare 1st and 3rd", {"than": 1, "of": 3}), ("compare version 1 and the latest", {"than": 1, "of": -1}),
    ("what's the difference between this one and the one before?", {"than": -2}),
    # the second to last, and bare numbers beside a name (they had been "the second", or dropped)
    ("compare with the second to last", {"than": -3}), ("compare 3 with the last but one", {"than": -3, "of": 3}),
    ("compare 2 with the last", {"than": -1, "of": 2}), ("compare the original with 2", {"than": 0, "of": 2}),
    ("compare the last with 2", {"than": 2, "of": -1}), ("show me the latest and the first", {"than": -1, "of": 1}),
    # three or more: two at a time (they had gone back to version 1, or compared the last two named), or all listed
    ("show me 1 and 2 and 3", {"than": 1, "of": 2, "more": 3}), ("compare 1, 2 and 3", {"than": 1, "of": 2, "more": 3}),
    ("compare all three", {"all": 1}), ("show me all the versions side by side", {"all": 1}),
    ("compare them all", {"all": 1}), ("compare version 1 and 2 with the original", {"than": 1, "of": 2}),
    ("compare the original, 1 and 2", {"than": 0, "of": 1, "more": 2}),  # (version 1 had been dropped)
    ("show me the original, 1 and 2", {"than": 0, "of": 1, "more": 2}),
    # the upload named last, a bare pair: the upload goes first (they had compared the upload with the result shown)
    ("compare 1, 2 and the original", {"than": 0, "of": 1, "more": 2}),
    ("compare the original with 1 and 2", {"than": 0, "of": 1, "more": 2}),
    ("compare v2, v3 and my upload please", {"than": 0, "of": 2, "more": 3}), ("compare 2, 3", {"than": 2, "of": 3}),
    # four or more: each kept (the fourth and fifth had been dropped)
    ("compare 1, 2 and 4, 5", {"than": 1, "of": 2, "more": 4, "more1": 5}),
    ("compare versions 1, 2, 3, 4 and 5", {"than": 1, "of": 2, "more": 3, "more1": 4, "more2": 5})])
def test_a_compare_names_the_previous_the_last_and_bare_ordinals(text, premise):
    """Review 39: the first had undone; the others had compared the upload with the result shown."""
    inst = parse_rules(text)
    assert inst.intent == "compare" and inst.premise == premise, inst
    assert parse_rules("go back to the previous one").intent == "undo"


@pytest.mark.parametrize("text,premise", [
    ("how long did that take", {"time": 1}), ("how long does it take?", {"time": 1}), ("how fast was it", {"time": 1}),
    ("how long will a 12 megapixel photo take?", {"time": 1, "pixels": 12_000_000}),  # (QA 62 F07: the help text)
    ("how long does a 4000x3000 image take", {"time": 1, "pixels": 12_000_000}),
    ("how long for a 24mp photo?", {"time": 1, "pixels": 24_000_000}),
    ("why so slow?", {"time": 2}), ("that was really slow", {"time": 2}), ("why does it take so long", {"time": 2}),
    ("is it the same size as mine?", {"size": 1}), ("what's the resolution?", {"size": 2}),
    ("is the result downscaled?", {"size": 1})])
def test_time_and_size_are_asked(text, premise):
    """Stop 37 conversations: they had got the help text, or an answer about the noise."""
    inst = parse(text)
    assert inst.intent == "question" and inst.premise == premise, inst


@pytest.mark.parametrize("text,intent,premise", [
    ("history", "question", {"versions": 2}), ("show me the history", "question", {"versions": 2}),
    ("before", "compare", {}), ("the before photo", "compare", {}), ("wait", "question", {"wait": 1}),
    ("hold on", "question", {"wait": 1}), ("one moment please", "question", {"wait": 1}),
    ("delete version 1", "question", {"delete": 1}), ("remove version 2", "question", {"delete": 1}),
    ("delete it", "question", {"delete": 1}), ("clear history", "question", {"delete": 1}),
    ("remove it", "unknown", {}), ("wait, make it darker", "refine", {}), ("before and after", "compare", {})])
def test_history_before_wait_and_delete_are_read(text, intent, premise):
    """QA 62 F09: each had the help text. *remove it* may be of a damage named before: not a version deleted."""
    inst = parse(text)
    assert inst.intent == intent and inst.premise == premise, inst


@pytest.mark.parametrize("text", ["which do you prefer?", "which would you pick?", "which one do you recommend?",
                                  "which one should I keep?", "which version would you choose",
                                  "which do you think is better?"])
def test_asking_for_a_pick_lists_the_versions(text):
    """They had not been understood, or been answered of the last step alone."""
    inst = parse(text)
    assert inst.intent == "question" and inst.premise == {"versions": 1}, inst


def test_a_change_praised_is_thanks_and_a_part_praised_too():
    """"great, much clearer" had made it clearer still; "much better, thanks" had not been understood."""
    for text in ("thanks, that's much clearer", "great, much clearer", "it's a lot clearer, thank you",
                 "it's clearer now, thanks", "great, much sharper", "much better, thanks", "much better",
                 "the left side looks fine now, thanks", "the top half is fine"):
        assert parse(text).intent == "thanks", text
    for text in ("much clearer", "great, much brighter please", "good, now brighter", "great, brighter",
                 "thanks, darker", "wow, much darker"):
        assert parse(text).intent == "refine", text
    for text in ("that's much clearer", "yes it's clearer"):  # said of the result, no praise word needed
        assert parse(text).intent == "thanks", text
    # praise beside a request is no request itself (it had made it "much clearer" again)
    for text in ("wow much clearer! but its a bit too dark now", "love it, much sharper. can you make it brighter",
                 "Oh that is lovely dear, much clearer. Could it be a touch brighter though?"):
        inst = parse(text)
        assert inst.clear is None and [(e.kind, e.op) for e in inst.edits] == [("low_light", "up")], text
    assert parse("much clearer, and less noise").clear == ("up", MUCH)  # no praise: both asked
    for text in ("there's still drizzle in the top corner", "it's darker than the other version"):
        assert parse(text).outside == [], text  # where the damage is; two images
    assert parse("there's no rain, just people walking").outside == []
    assert parse("why is the sky brighter than the ground?").premise == {}


@pytest.mark.parametrize("text,steps", [("undo", 1), ("undo twice", 2), ("two steps back", 2), ("back 2 steps", 2),
                                        ("undo the last two", 2), ("undo both changes", 2), ("go back 3", 3),
                                        ("undo 10 steps", 10), ("undo undo undo", 3), ("undo, undo", 2),
                                        ("undo that, i said undo", 1), ("undo the last undo", 1), ("redo twice", 2),
                                        ("undo 2", 2), ("undo 2 steps", 2), ("undo two times", 2), ("go back 3 versions", 3),
                                        ("undo the last 3", 3), ("undo it twice", 2), ("go back two more steps", 2),
                                        ("undo 3 times please", 3), ("redo 2", 2), ("go back 1", 1),
                                        # a number that is no count (QA 55 F06: they had gone back 2 steps)
                                        ("undo, it looked better 2 minutes ago", 1), ("undo, 2 much", 1), ("undo x^2", 1),
                                        ("**undo** $$x^2$$ `code`", 1), ("undo 2 minutes", 1),
                                        # a count with ordinary words around it (review 55 F1: F06's fix had read
                                        # them as one step)
                                        ("undo my last 2 changes", 2), ("undo the 2 changes", 2),
                                        ("undo these two edits", 2), ("go back by 2 steps", 2), ("undo 2 steps now", 2),
                                        ("undo 2 steps thanks", 2), ("undo the last 2 adjustments", 2),
                                        ("go back 2 steps but keep the grain", 2), ("undo 3 changes i made", 3),
                                        ("undo 2 more", 2), ("go back by two", 2), ("undo the 2 last changes", 2),
                                        ("undo the last three things", 3), ("undo two steps ok?", 2),
                                        ("undo it, twice", 2), ("undo that 3 times", 3), ("redo it twice", 2),
                                        # a number or "twice" not said of the undo (review 55b F1: each had been
                                        # that many steps back)
                                        ("undo, it's twice as dark now", 1), ("undo, you made it 3 times too bright", 1),
                                        ("undo, it looks 2 times worse", 1), ("undo, it was 10 times better before", 1),
                                        ("undo, it took me 5 tries to upload this", 1),
                                        ("undo, you brightened it twice", 1),
                                        ("undo, the last 2 steps were fine, only the sharpening was bad", 1),
                                        ("undo, the noise is twice what it was", 1), ("undo 3 times too bright", 1)])
def test_undo_counts(text, steps):
    assert parse(text).steps == steps and parse(text).version is None


def test_an_undo_that_names_the_bad_result_goes_back_one_step():
    """"the 3rd try was worse", said at version 3, had gone to version 3: "This is version 3 already" (QA 55 F07)."""
    for text in ("undo it please, the 3rd try was worse", "undo, version 2 looks wrong"):
        inst = parse(text)
        assert inst.intent == "undo" and inst.steps == 1 and inst.version is None, (text, inst)
    assert parse("undo, version 2 was better").version == 2  # (one named as the better one is gone to)
    # the one named after the bad one is gone to; "not bad" is praise (review 55 F2: each had been one step back)
    for text, version in (("version 3 looks off, undo to version 1", 1), ("version 2 was not bad, go back to it", 2),
                          ("the third one is too dark, go back to the second", 2),
                          ("version 3 was too dark, go back to version 2", 2)):
        inst = parse(text)
        assert inst.intent == "undo" and inst.version == version, (text, inst)


@pytest.mark.parametrize("text,version", [
    ("go back to the first version", 1), ("the first one was better", 1), ("the second one was better", 2),
    ("version 3", 3), ("back to version 2", 2), ("v2", 2), ("I liked the 2nd result", 2), ("show me the third one", 3),
    ("the second version please", 2), ("result #2", 2), ("I prefer version 1", 1), ("the first attempt looked best", 1),
    ("go back to number 2", 2)])
def test_a_result_named_by_its_number_is_gone_back_to(text, version):
    inst = parse(text)
    assert inst.intent == "undo" and inst.version == version, inst


@pytest.mark.parametrize("text,intent", [("which one was better, the first or the second one?", "question"),
                                         ("is the second one better?", "question"), ("undo the last 3", "undo"),
                                         ("I don't like version 2, make it brighter", "refine")])
def test_a_number_beside_another_request_is_not_a_version(text, intent):
    inst = parse(text)
    assert inst.intent == intent and inst.version is None, inst


@pytest.mark.parametrize("text,version", [("make the second one brighter", 2), ("version 1 but brighter", 1),
                                          ("go from version 2 and make it sharper", 2),
                                          ("version 2 looks wrong, make it brighter", None),  # of the one shown
                                          ("make it brighter than version 1", None), ("brighter like the second one", None),
                                          ("the first photo i uploaded was too dark, brighter", None)])
def test_an_edit_of_a_version_names_it(text, version):
    """The result an edit starts from (it had changed the result shown): Assistant._refine_from; not a version
    it is compared with or said to be wrong (code review 28)."""
    inst = parse(text)
    assert inst.intent == "refine" and inst.edits and inst.version == version, inst


def test_what_is_outside_is_named_and_an_edit_beside_it_stays():
    assert parse("can you fix the scratches and the red eye?").outside == ["damage", "red_eye"]
    inst = parse("brighter and crop it")
    assert inst.intent == "refine" and [(e.kind, e.op) for e in inst.edits] == [("low_light", "up")]
    assert inst.outside == ["geometry"]
    # beside an edit, colours and skin may be what it speaks of: no note
    assert parse("the colours are too strong").outside == [] and parse("the skin looks plastic").outside == []
    assert parse("restore but keep the colours as they are").outside == []
    # colour plainly asked for beside an edit is said (it had been dropped unsaid: fix58b)
    for text in ("brightness +2 and saturation +1", "make it brighter and increase the saturation",
                 "brighter and more saturated", "brighter and boost the colours", "brighter and colorize it"):
        inst = parse(text)
        assert inst.outside == ["colour"] and [e.kind for e in inst.edits] == ["low_light"], (text, inst)
    for text in ("brighter but keep the colours natural", "brighter, the colours are faded", "fix it but keep the colours"):
        assert parse(text).outside == [], text
    for text in ("my grandma has tears in her eyes, please make it a bit brighter", "the mirror is still too dark",
                 "make the details in the shadows bigger and brighter", "the folds of her dress are too dark",
                 "the text at the bottom is too dark", "zoomed in, it is noisy", "the cropped photo is too dark",
                 "her eyes are red from crying, make it brighter", "the fading light at dusk, make it brighter"):
        assert parse(text).outside == [] and parse(text).edits, text
    # one part of the photo alone is outside, always said: the network does the whole photo
    assert parse("brighten the left side, it's darker than the right").outside == ["part"]
    for text in ("it's darker than the right", "just the face please", "the sky is brighter than the ground"):
        assert parse(text).intent == "outside" and parse(text).outside == ["part"], text
    assert parse("the noise is worse in the shadows").outside == []
    # a part too dark, or one part brightened, is that part alone (it had brightened all with no note)
    for text in ("only brighten the face", "brighten her face", "darken the sky a bit",
                 # a place beside the shadows deepened is where to darken, not where a damage is (review 56b F7:
                 # the whole photo had been darkened with no note)
                 "deepen the shadows on the left side", "deepen the shadows only in the sky",
                 "darken the shadows on the left side", "it is too dark on the left side"):
        inst = parse(text)
        assert inst.outside == ["part"] and [e.kind for e in inst.edits] == ["low_light"], (text, inst)
    # dark corners are vignetting, refused and not run (QA 66 F01: the whole photo brightened, the centre burnt)
    for text in ("the corners are too dark", "brighten the corners", "it has a dark vignette, remove it",
                 "make the corners brighter", "fix the dark corners", "lighten the edges",
                 "there are dark corners", "it has dark corners, fix them"):  # (review 66: these had brightened)
        inst = parse(text)
        assert inst.intent == "outside" and inst.outside == ["scene"] and not inst.edits, (text, inst)
    assert parse("I can't see anything in the dark corners").edits  # a dark place: the shadows
    # beside another edit too (review 57 F8: "... and remove the noise" had no note, the darkening photo-wide alike)
    for text in ("make the photo darker on the left side and remove the noise", "remove the noise and make the photo "
                 "darker on the left side", "make it brighter on the right side, and sharpen it",
                 "brighten the sky and remove the noise", "darken the background and sharpen it"):
        inst = parse(text)
        assert inst.outside == ["part"] and len(inst.edits) == 2, (text, inst)
    assert parse("the noise is only in the shadows, make it brighter").outside == []  # where the damage is
    assert parse("remove the noise on the left side").outside == []  # where the damage is: no part asked
    # a removal asked on a face, the sky, the background is that part alone (QA 62 F11: no note, where "denoise the sky
    # only" had one), beside the brightness too; a damage said to be there is not
    for text in ("remove the noise on the face", "remove the grain around her face", "clean up the grain in the sky",
                 "get rid of the fog in the background", "remove the noise in the sky and make it brighter"):
        inst = parse(text)
        assert inst.outside == ["part"] and inst.edits, (text, inst)
    assert parse("there's still a lot of noise in the sky").outside == []
    assert parse("brighter, the noise is only in the sky").outside == []
    assert parse("lighten the shadows").outside == [] and parse("brighten the photo").outside == []
    inst = parse("please remove the creases and fix the fading")  # the fading is haze, said beside them
    assert [(e.kind, e.op) for e in inst.edits] == [("haze", "add")] and inst.outside == ["damage"]
    assert parse("the eyes look red").outside == ["red_eye"]
    assert parse("you changed the colours!").complaint and not parse("make it black and white").complaint
    # "remove the X" is X named, as "remove the noise" was: before a result, the restore; after, more
    for text, kind in [("remove the haze", "haze"), ("remove the blur", "blur"), ("fix the blockiness", "jpeg"),
                       ("remove the fog", "haze"), ("remove the motion blur", "blur")]:
        assert [(e.kind, e.op) for e in parse(text).edits] == [(kind, "add")], text


@pytest.mark.parametrize("text,parts", [
    ("brighter and then compare", ["brighter", "compare"]), ("undo and make it darker", ["undo", "make it darker"]),
    ("what changed and then undo", ["what changed", "undo"]),
    ("undo and then compare before and after", ["undo", "compare before and after"]),
    ("brighter and less noise", None), ("remove the rain and then the haze", None), ("undo and not so much", None),
    ("leave the noise and undo the brightening", None), ("less noise then undo it if it looks bad", None),
    ("restore and keep the grain", None), ("keep the brightness and the sharpness", None),
    # a restore before a command is a step ("describe" had been all that was done); edits after a
    # command are one step (*the haze* had been a third)
    ("restore and describe it", ["restore", "describe it"]), ("restore and compare", ["restore", "compare"]),
    ("start over and remove the rain and the haze", ["start over", "remove the rain and the haze"]),
    ("ok and undo", None), ("more denoising and compare", ["more denoising", "compare"]),
    ("brighter and less grain and compare", ["brighter and less grain", "compare"]),
    ("undo that and make it clearer", ["undo that", "make it clearer"]),  # the "clearer" had been dropped
    ("make it clearer and compare", ["make it clearer", "compare"]),
    # a statement before a question is no step: only the question is answered (helper 52a's F14 had restored first)
    ("ISO 6400 handheld, underexposed about two stops. What are you seeing?", None),
    ("remove the rain, compare with the original", ["remove the rain", "compare with the original"]),
])
def test_steps_in_order(text, parts):
    """A message is cut into steps only where one is a command, in the order said."""
    assert steps(text) == (parts or [text])


def test_a_name_corrected_and_some_haze_kept():
    # "it's haze, not fog" names one kind twice: its removal stays (it had turned the dehazing off,
    # and without the comma raised it); some of it kept is less dehazing (it had asked for more)
    for text in ("it's haze, not fog", "it's haze not fog", "that's mist, not fog"):
        assert [(e.kind, e.op) for e in parse(text).edits] == [("haze", "keep")], text
    assert [(e.kind, e.op) for e in parse("it's fog, not rain").edits] == [("haze", "add"), ("rain", "remove")]
    for text in ("keep a bit of the fog", "leave some haze", "leave a little of the mist"):
        assert [(e.kind, e.op) for e in parse(text).edits] == [("haze", "down")], text
    assert parse("is it less grainy?").premise == {"noise": 1}


def test_corrections():
    assert parse("no, I meant brighter").correction == "replace" and parse("brighter").correction is None
    assert parse("no, the other way").correction == "opposite" and parse("the opposite").correction == "opposite"
    assert parse("no rain").correction is None  # "no" that is no correction
    assert parse("no no no, brighter").correction == "replace" and parse("wait, brighter").correction == "replace"


def test_on_top_and_amounts():
    inst = parse("remove more noise on top of this")
    assert inst.on_top and inst.edits == [Edit("noise", "up", NORMAL)]
    assert not parse("brighter").on_top
    assert parse("much brighter").edits[0].amount == MUCH
    assert parse("slightly brighter").edits[0].amount == A_BIT
    assert parse("not that much").amount == parse("not so much").amount == parse("not as much").amount == A_BIT  # a small step back
    assert parse("you brightened it too much").edits[0].amount == NORMAL


@pytest.mark.parametrize("text,kind,op", [
    ("make it less dark", "low_light", "up"), ("not so dark please", "low_light", "up"),
    ("lighter denoising", "noise", "down"), ("use a lighter touch", None, "down"), ("a softer touch", None, "down"),
    # a comparative refused is as it is (QA 62 F03: "don't make it brighter" had darkened); "not so" / "too" are less;
    # towards more of the damage a floor (QA 63: "don't make it darker" had stopped the restore's brightening)
    ("don't make it brighter", "low_light", "keep"), ("please dont make it brighter", "low_light", "keep"),
    ("do not make it brighter", "low_light", "keep"), ("don't make it darker", "low_light", "floor"),
    ("never make it darker", "low_light", "floor"), ("don't make it any darker", "low_light", "floor"),
    ("don't make it softer", "blur", "floor"), ("don't make it hazier", "haze", "floor"),
    ("don't make it sharper", "blur", "keep"),
    # "make it noisier" refused is no grainier than now, checked by the grain relative to the brightness (fix64b: it
    # had been more denoising); "don't add noise" too; "blurrier" as worded, unchecked
    ("don't make it noisier", "noise", "floor"), ("don't make it blurrier", "blur", "floor"),
    ("restore but don't make it noisier", "noise", "floor"), ("don't make it grainier", "noise", "floor"),
    ("don't add noise", "noise", "floor"),
    ("don't add grain back", "noise", "floor"), ("no noisier", "noise", "floor"), ("no blurrier", "blur", "floor"),
    ("no hazier", "haze", "floor"), ("but not foggier", "haze", "floor"),  # (fix66c: they had been more dehazing)
    ("don't make it a bit grainier", "noise", "floor"), ("don't make it too grainy", "noise", "up"),
    # a bound said as a wish, as "don't make it grainier" (fix70e: all the grain had been removed)
    ("I'd rather it not be grainier", "noise", "floor"), ("I'd prefer it not be noisier", "noise", "floor"),
    ("i would prefer that it not be blurrier", "blur", "floor"), ("I'd rather it not be a bit grainier", "noise", "floor"),
    # ... and so are "you didn't make it", "it wasn't", and a look of the light (dialogue71: the grain had come back, and
    # "... not be brighter" had darkened)
    ("I'd rather you didn't make it grainier", "noise", "floor"), ("I'd prefer you did not make it any noisier", "noise", "floor"),
    ("I'd rather you not make it blurrier", "blur", "floor"), ("I'd rather it wasn't grainier", "noise", "floor"),
    ("I'd rather it not be brighter", "low_light", "keep"), ("I'd prefer it not get any brighter", "low_light", "keep"),
    ("I would rather it not look a bit brighter", "low_light", "keep"), ("I'd rather it weren't brighter", "low_light", "keep"),
    ("I'd rather you didn't make it brighter", "low_light", "keep"), ("I'd rather it not be darker", "low_light", "floor"),
    # a look wished for as the condition of a judgement: asked, or judged bad, refused (dialogue71: "... fake if it were
    # any brighter" had brightened)
    ("it would look nicer if it were brighter", "low_light", "up"), ("it'd be better if it was less grainy", "noise", "up"),
    ("if it were a bit sharper it would be perfect", "blur", "up"), ("I'd like it more if it were brighter", "low_light", "up"),
    ("it'd look nicer if it weren't so dark", "low_light", "up"),
    ("it would look fake if it were any brighter", "low_light", "keep"),
    ("it would be too bright if it were brighter", "low_light", "keep"),
    # as "don't make it any darker" (review64: these had asked for more denoising / sharpening)
    ("don't make it any noisier", "noise", "floor"), ("without making it noisier", "noise", "floor"),
    ("don't make it any blurrier", "blur", "floor"), ("without making it blurrier", "blur", "floor"),
    ("without making it noisy", "noise", "add"), ("no noisier please", "noise", "floor"), ("no rain please", "rain", "add"),
    # "don't let it get ...", as "don't make it ..." (they had darkened, or asked for more denoising / sharpening)
    ("don't let it get darker", "low_light", "floor"), ("don't let it go darker", "low_light", "floor"),
    ("don't let it get brighter", "low_light", "keep"), ("don't let it get noisier", "noise", "floor"),
    ("don't let it become blurrier", "blur", "floor"), ("don't let this get darker", "low_light", "floor"),
    ("let it get darker", "low_light", "down"), ("don't let it get too dark", "low_light", "up"),
    ("don't make it too bright", "low_light", "down"), ("make it darker, not brighter", "low_light", "down"),
    # an action overdone asks for less of it; "too much" is an overshoot, not "much"
    ("less sharpening", "blur", "down"), ("too much sharpening", "blur", "down"),
    ("sharpen it a bit less", "blur", "down"), ("sharpen it", "blur", "up"),
    ("too much denoising", "noise", "down"), ("the denoising is too strong", "noise", "down"),
    ("too much smoothing", "noise", "down"), ("too much noise", "noise", "add"),
    ("you brightened it too much", "low_light", "down"), ("the dehazing went too far", "haze", "down"),
    ("too much rain removal", "rain", "down"), ("don't brighten it too much", "low_light", "down"),
    # an action turned down; "soft" as a complaint; a kind said to be gone asks for nothing
    ("tone down the dehazing", "haze", "down"), ("go easy on the brightening", "low_light", "down"),
    ("it looks soft", "blur", "add"), ("make it less soft", "blur", "up"), ("it's not soft", "blur", "remove"),
    ("keep the soft light", None, None), ("the fog is gone, but it is too dark", "low_light", "up"),
    ("don't denoise it", "noise", "remove"), ("too contrasty", "haze", "down"),
    # a complaint that blames an action asks for less of it; a request with "after" does not
    ("it looks plastic after the denoising", "noise", "down"), ("halos appeared after sharpening", "blur", "down"),
    # less of the damage is more of its removal; less of the removal is less
    ("reduce the haze", "haze", "up"), ("fewer raindrops", "rain", "up"), ("reduce the darkness", "low_light", "up"),
    ("decrease the blockiness", "jpeg", "up"), ("less rain removal", "rain", "down"),
    ("dial back the fog removal", "haze", "down"),
    # noise seen after an action was there all along; an action refused outright is left out
    ("after the brightening it is noisy", "noise", "add"), ("it got grainy after the dehaze", "noise", "add"),
    ("don't brighten it", "low_light", "remove"), ("don't sharpen the photo", "blur", "remove"),
    ("don't lighten it", "low_light", "remove"),  # "lighten" is no typo of "lighter"
    ("I like the film grain", "noise", "remove"), ("I would like less noise", "noise", "up"),
    ("it looks too saturated", "haze", "down"), ("the colours are too strong after the dehaze", "haze", "down"),
    ("the mist is part of the landscape", "haze", "remove"), ("the haze is part of the problem", "haze", "add"),
    ("I like the noise reduction", "noise", "add"), ("the fuzzy sweater looks great", None, None),
    # a quality of the result kept is the result's; a damage kept stays in the photo
    ("keep the brightness", "low_light", "keep"), ("keep the sharpness", "blur", "keep"),
    ("keep the darkness", "low_light", "remove"), ("keep the shadows", "low_light", "remove"),
    ("keep the sharpening", "blur", "keep"), ("keep sharpening", "blur", "up"),
    ("don't keep the brightness", "low_light", "remove"), ("don't brighten it any more", "low_light", "keep"),
    # "natural" is as wanted; overdoing is too strong; "dark areas" say where
    ("the haze looks natural", "haze", "remove"), ("you overdid the brightening", "low_light", "down"),
    ("you overdid it", None, "down"), ("the picture is full of static", "noise", "add"),
    ("the noise in the dark areas is still bad", "noise", "up"), ("fix the dark areas", "low_light", "add"),
    ("the brightness looks natural now", "low_light", "keep"), ("the sharpness is good", "blur", "keep"),
    ("do not keep the sharpening", "blur", "remove"), ("keep the sharpening subtle", "blur", "down"),
    ("don't brighten it anymore it's already too bright", "low_light", "down"),
    ("don't remove the fog", "haze", "remove"), ("don't overdo the sharpening", "blur", "down"),
    ("I want the fog gone", "haze", "add"), ("I don't want the rain removed", "rain", "remove"),
    ("it's just a static image", None, None),
    # grain wanted back is less denoising; colours are not ours to change; "not that much" is less
    ("the grain is gone, I want it back", "noise", "down"), ("bring the grain back", "noise", "down"),
    ("where did the texture go?", "noise", "down"), ("more vivid colours", None, None),
    ("not that much", None, "down"), ("not that much of a change, stronger", None, "up"),
    ("cool now do it a bit stronger", None, "up"), ("too much saturation", "haze", "down"),
    # not seeing the people is darkness, and "barely" there no small amount (it had not been understood)
    ("I can barely make out the people", "low_light", "up"), ("it's hard to see the faces", "low_light", "up"),
    # ... when nothing else is named: then that is what hides them
    ("I can't see the details anymore, too much denoising", "noise", "down"),
    ("it's hard to see the faces, they're so blurry", "blur", "up"), ("I can't see the details in the fog", "haze", "add"),
    # a photographer's words (they had gone the other way or not been understood)
    ("pull the exposure down a bit", "low_light", "down"), ("exposure down", "low_light", "down"),
    ("drop the exposure", "low_light", "down"), ("knock the exposure down", "low_light", "down"),
    ("exposure -1", "low_light", "down"), ("exposure +1", "low_light", "up"), ("bump exposure", "low_light", "up"),
    ("lift the blacks", "low_light", "up"), ("raise the shadows", "low_light", "up"), ("less NR", "noise", "down"),
    ("raise the black point a touch", "haze", "up"),  # Levels: more contrast
    ("wow, so bright. my eyes.", "low_light", "down"), ("this hurts my eyes", "low_light", "down"),
    ("go easier on the rain", "rain", "down"), ("too aggressive on the rain", "rain", "down"),
    ("be less aggressive with the denoising", "noise", "down"), ("not so aggressive on the noise", "noise", "down"),
    ("more NR", "noise", "up"), ("add clarity", "haze", "up"), ("less clarity", "haze", "down"),
    ("-1 ev", "low_light", "down"), ("make it +1 ev", "low_light", "up"), ("push the exposure", "low_light", "up"),
    ("pull up the exposure", "low_light", "up"), ("turn the brightness down", "low_light", "down"),
    ("turn off nr", "noise", "remove"), ("add nr", "noise", "add"), ("don't turn off the nr", "noise", "add"),
    ("it's 1-2 stops underexposed", "low_light", "add"),  # a range, not minus two stops
    ("give me the grain back", "noise", "down"), ("have the grain back please", "noise", "down"), ("the sharpness is gone", "blur", "up"),
    # a damage left in but said to be too strong is more of it removed (it had been left as it was)
    ("the fog is natural but too strong", "haze", "some"), ("I like the grain but it's too much", "noise", "some"),
    ("the rain is part of the mood but too heavy", "rain", "some"), ("keep the fog, but it's too thick", "haze", "some"),
    # one part against another is no request: the request beside it is ("brighten ..." had darkened)
    ("brighten the left side, it's darker than the right", "low_light", "up"),
    ("the left is blurrier than the rest, sharpen it", "blur", "up"),
    ("the lines are part of the building", "rain", "remove"),  # what was read as rain (not understood)
    # ... without the apostrophe, or another way round (they had left it all in)
    ("I like the grain but its too much", "noise", "some"), ("I like the grain, but there's too much of it", "noise", "some"),
    ("the fog is natural. it's too strong though", "haze", "some"), ("leave the fog but not too much", "haze", "some"),
    ("keep the grain but it's too much", "noise", "some"), ("the fog is nice but too much was removed", "haze", "down"),
    ("the right one is darker than the left", "low_light", "down"),  # two images shown, not two parts
    # a damage denied is not kept ("too much" had raised it); praise of a quality keeps it, of a damage leaves it
    ("there is no fog, it's too much", "haze", "remove"), ("there's no rain but it's way too strong", "rain", "remove"),
    ("the brightness is nice now", "low_light", "keep"), ("the sharpness is beautiful", "blur", "keep"),
    ("the fog is nice", "haze", "remove"), ("don't clear the rain", "rain", "remove"),
    ("the lines are part of the problem", None, None), ("keep its fine detail", "noise", "down"),
    # from a second user review: a kind kept with a reason, or wanted back, stays (it had been removed)
    ("keep the fog, it's real fog", "haze", "remove"), ("the fog is real, leave it", "haze", "remove"),
    ("that's fog from the waterfall, keep it", "haze", "remove"), ("I love the brightness, keep it", "low_light", "keep"),
    ("where did the rain go??", "rain", "remove"), ("bring the rain back", "rain", "remove"),
    ("you removed the rain", "rain", "remove"), ("put the fog back", "haze", "down"), ("i miss the grain", "noise", "down"),
    # negations that had gone the other way
    ("not as bright please", "low_light", "down"), ("don't make it so bright", "low_light", "down"),
    ("it shouldn't be so bright", "low_light", "down"), ("don't make it so dark", "low_light", "up"),
    ("not as sharp", "blur", "down"), ("don't make it so smooth", "noise", "down"), ("not as noisy", "noise", "up"),
    ("not as hazy", "haze", "up"), ("not as much rain", "rain", "up"), ("not as much denoising", "noise", "down"),
    ("still hazy, not enough dehazing", "haze", "up"), ("no need to brighten", "low_light", "remove"),
    ("i dont want it brighter", "low_light", "keep"), ("ignore the noise", "noise", "remove"),
    ("forget about the rain", "rain", "remove"), ("skip the denoising", "noise", "remove"),
    ("twice as bright", "low_light", "up"), ("who told you to make it darker", "low_light", "up"),
    ("it's not that dark", "low_light", "down"),  # said of the photo, a degree: a step less brightening
    ("boost the contrast", "haze", "up"), ("the noise is worse in the shadows", "noise", "add"),
    # some of it (they had removed all of it, or more)
    ("don't remove all the grain", "noise", "some"), ("remove half the fog", "haze", "some"),
    ("not all the fog, just some", "haze", "some"),
    ("the mist is kind of natural tbh, just take a little of it away", "haze", "some"),
    # a damage said of the photo, in any form of "not so", is a step less of it (it had added "mild noise"; then,
    # left out, put a restored dark photo back at its upload's darkness: QA 56 F01)
    ("it isn't so noisy", "noise", "down"), ("the photo isn't so noisy", "noise", "down"),
    ("it's not so dark", "low_light", "down"), ("not so dark please", "low_light", "up"),
    ("the original wasn't that dark", "low_light", "down"), ("it was not that dark", "low_light", "down"),
    ("it's not that hazy", "haze", "down"),
    # "not too": fine as it is (review 56 F7: "it's not too dark" had brightened), unless asked ("make it not too dark")
    ("it's not too dark", "low_light", "keep"), ("it isn't too noisy", "noise", "keep"),
    ("it's not too bright", "low_light", "keep"), ("make it not too dark", "low_light", "up"),
    ("it's too dark", "low_light", "up"),
    # the scene's own, said after the kind or of where it is (they had been removed)
    ("only the background is blurry, that's on purpose", "blur", "remove"),
    ("the blur in the background is on purpose", "blur", "remove"),
    ("it was taken at dusk, keep that feel", "low_light", "remove"), ("taken at night, keep the mood", "low_light", "remove"),
    ("the photo is dark, that's the point", "low_light", "remove"), ("it's dark, that's wrong", "low_light", "add"),
    # flat is wanting contrast: less haze, as "boost the contrast"
    ("it looks flat", "haze", "up"), ("it's a bit flat", "haze", "up"), ("make it pop", "haze", "up"),
    # from review 20: a damage liked, or said to be the scene's, is left in (each had been removed more)
    ("it's a foggy morning, I like it that way", "haze", "remove"), ("the fog gives it atmosphere", "haze", "remove"),
    ("the mist is what makes this shot, don't touch it", "haze", "remove"),
    ("the rain is the whole point of this picture", "rain", "remove"), ("the grain gives it character", "noise", "remove"),
    ("it's blurry because he was moving, that's fine", "blur", "remove"), ("bokeh is intentional", "blur", "remove"),
    ("the dark is the vibe, don't lose it", "low_light", "remove"), ("the blur shows movement, I want that", "blur", "remove"),
    ("it's foggy, that's just the weather", "haze", "remove"), ("I can live with the grain", "noise", "remove"),
    # ... some of it left: "some" (they had removed all of it, or left all of it)
    ("I don't mind some noise", "noise", "some"), ("some noise is fine", "noise", "some"),
    ("the rain adds drama, keep some", "rain", "some"), ("the fog adds mood, just a bit less", "haze", "some"),
    ("keep the fog but not so thick", "haze", "some"), ("I want some of the fog gone, not all", "haze", "some"),
    # a quality of the result kept in other words (they had turned the brightening off, or sharpened)
    ("dont touch the brightness", "low_light", "keep"), ("leave the brightness as is", "low_light", "keep"),
    ("don't touch the sharpness", "blur", "keep"), ("leave the exposure as it was", "low_light", "remove"),
    # grit and detail wanted back is less denoising; crushed blacks are brightened, moodier darkened
    ("make it grittier", "noise", "down"), ("i want the film look back", "noise", "down"),
    ("fine detail in the hair is gone", "noise", "down"), ("the noise is gone but so are the details", "noise", "down"),
    ("the blacks are crushed", "low_light", "up"), ("make it moodier", "low_light", "down"),
    ("don't crush the blacks", "low_light", "up"), ("crush the blacks a bit", "low_light", "down"),  # (not understood)
    ("deeper blacks please", "low_light", "down"),
    ("the sunset looks dull", "haze", "up"),
    # from review 21: "no X please" asks for none of it (it had left all of it in); "more bright"; grain back;
    # a change seen and not wanted; "but not all of it"; lost sharpness; "don't make it too sharp"
    ("no rain please", "rain", "add"), ("please no more noise", "noise", "add"), ("there is no rain", "rain", "remove"),
    ("no rain", "rain", "remove"), ("no denoising please", "noise", "remove"),
    ("more bright please", "low_light", "up"), ("give me back the grain", "noise", "down"),
    ("the sky got darker, I don't want that", "low_light", "up"), ("remove the haze but not all of it", "haze", "some"),
    ("denoise but not all the way", "noise", "some"), ("it has lost its sharpness over the years", "blur", "up"),
    ("don't make it too sharp, it's an old photo", "blur", "down"),
    ("the colours of the sunset are gone after dehazing", "haze", "down"), ("it's a bit shaky", "blur", "add"),
    ("bring back the contrast", "haze", "up"), ("please don't sharpen it, it's fine", "blur", "remove"),
    # from review 23: part of a damage kept (they had removed more of it); grain kept is still less denoising
    ("keep some of the rain", "rain", "some"), ("leave a little of the rain", "rain", "some"),
    ("keep a hint of the fog", "haze", "some"), ("keep some of the darkness", "low_light", "some"),
    ("partly remove the rain", "rain", "some"), ("dehaze halfway", "haze", "some"), ("lift the fog only partly", "haze", "some"),
    ("keep a bit of the grain", "noise", "down"), ("keep some of the fog", "haze", "down"),
    ("some of the noise is still there", "noise", "up"),
    # a look to avoid keeps its direction (they had been turned round: more denoising, darker)
    ("it looks like a painting", "noise", "down"), ("don't make it look like a painting", "noise", "down"),
    ("don't make it look plastic", "noise", "down"), ("don't make it look so dark", "low_light", "up"),
    ("do not make it look so bright", "low_light", "down"),
    # shadows are darkness: fewer of them is brighter (they had been light, and "reduce the shadows" darker)
    ("reduce the shadows", "low_light", "up"), ("fewer shadows", "low_light", "up"), ("more shadows", "low_light", "down"),
    ("lift the shadows", "low_light", "up"),
    # a light word after "don't reduce" asks to keep the brightening (it had taken it all off)
    ("don't reduce the brightness", "low_light", "keep"), ("don't reduce the exposure", "low_light", "keep"),
    ("don't reduce the denoising", "noise", "keep"), ("don't reduce the noise", "noise", "remove"),
    ("don't remove the brightness", "low_light", "keep"), ("don't take away the sharpness", "blur", "keep"),
    ("remove the brightness", "low_light", "remove"), ("never lose the sharpness", "blur", "keep"),
    ("I don't want you to remove the brightness", "low_light", "keep"), ("you shouldn't remove the sharpness", "blur", "keep"),
    # ... not all of it: less (it had kept it all); an action kept the same way (it had been taken off)
    ("don't remove the brightness completely", "low_light", "down"), ("don't remove the sharpening entirely", "blur", "down"),
    ("please don't take away all the dehazing", "haze", "down"), ("don't remove the denoising completely", "noise", "down"),
    ("don't remove the denoising", "noise", "keep"), ("I don't want you to remove the denoising", "noise", "keep"),
    # a noun after the quality: the damage named, not the result's quality (review of stop 45)
    ("remove the exposure problems", "low_light", "up"), ("remove the focus blur", "blur", "add"),
    # an action disliked is less of it (the typo fixer had made "sharpening" "sharpen", and the rest had been more)
    ("I don't like the sharpening", "blur", "down"), ("I don't like the denoising", "noise", "down"),
    ("the denoising looks fake", "noise", "down"), ("I hate the dehazing", "haze", "down"),
    ("the brightening is ugly", "low_light", "down"),
    # "lighter" / "softer" in "be ... on the X" say how, of X alone (they had also brightened / softened)
    ("be lighter on the blur", "blur", "down"), ("be softer on the exposure", "low_light", "down"),
    ("be gentler with the sharpening", "blur", "down"), ("be gentler with the brightening", "low_light", "down"),
    ("go easy on the dehazing", "haze", "down"), ("be gentler on the deblocking", "jpeg", "down"),
])
def test_tricky_directions(text, kind, op):
    inst = parse(text)
    if kind is None:
        assert not inst.edits and inst.scale == op and (op or inst.intent in ("unknown", "outside"))
    else:
        assert [(e.kind, e.op) for e in inst.edits] == [(kind, op)]
        assert "barely" not in text or inst.edits[0].amount == 1.0
    assert parse("make it barely brighter").edits[0].amount == 0.5


def test_and_joins_words_or_clauses():
    """'and' before the last word joins words (one clause, one amount, one negation); else clauses."""
    def edits(text):
        return sorted((e.kind, e.op, e.amount) for e in parse(text).edits)
    assert edits("remove the noise and rain") == [("noise", "add", NORMAL), ("rain", "add", NORMAL)]
    assert edits("much brighter and sharper") == [("blur", "up", MUCH), ("low_light", "up", MUCH)]
    assert edits("I want it to stay moody and dark") == [("low_light", "remove", NORMAL)]
    assert edits("a bit brighter and much less grainy") == [("low_light", "up", A_BIT), ("noise", "up", MUCH)]
    # more or less of a damage taken out is more or less of its removal (review of stop 50)
    assert edits("remove a bit more haze") == edits("get rid of a bit more fog") == [("haze", "up", A_BIT)]
    assert edits("remove a bit less haze") == [("haze", "down", A_BIT)]
    assert edits("take out more haze") == [("haze", "up", NORMAL)]
    assert edits("remove a bit more grain") == [("noise", "up", A_BIT)]
    assert edits("take out less grain") == [("noise", "down", NORMAL)]
    assert edits("remove some more haze") == edits("dehaze more please") == [("haze", "up", NORMAL)]
    assert edits("dehaze a bit less") == edits("keep a bit more of the haze") == [("haze", "down", A_BIT)]
    # ... in every form: taken out, left in, the action's verb, "make it", eased off, too much taken, raised
    # (a probe of 2,339 such phrasings had read 553 the other way round or lost their amount)
    for text, edit in [("leave a bit more of the noise", ("noise", "down", A_BIT)),
                       ("keep some more rain", ("rain", "down", NORMAL)),
                       ("keep a little more blockiness", ("jpeg", "down", A_BIT)),
                       ("leave a lot more of the haze", ("haze", "down", MUCH)),
                       ("keep a bit more blurriness", ("blur", "down", A_BIT)),
                       ("keep more brightness", ("low_light", "up", NORMAL)),
                       ("remove less of the blur", ("blur", "down", NORMAL)),
                       ("remove a bit less of the darkness", ("low_light", "down", A_BIT)),
                       ("strip out a bit less of the rain", ("rain", "down", A_BIT)),
                       ("remove a lot more grain", ("noise", "up", MUCH)),
                       ("brighten it a bit less", ("low_light", "down", A_BIT)),
                       ("derain a bit less", ("rain", "down", A_BIT)),
                       ("deblock a bit less", ("jpeg", "down", A_BIT)),
                       ("dehaze a lot less", ("haze", "down", MUCH)),
                       ("make it a bit more noisy", ("noise", "down", A_BIT)),
                       ("make it a little more hazy", ("haze", "down", A_BIT)),
                       ("make it a bit more sharp", ("blur", "up", A_BIT)),
                       ("make it a lot blurrier", ("blur", "down", MUCH)),
                       ("cut back on the denoising", ("noise", "down", NORMAL)),
                       ("turn the sharpening down a bit", ("blur", "down", A_BIT)),
                       ("don't remove so much of the noise", ("noise", "down", NORMAL)),
                       ("you took out a bit too much of the fog", ("haze", "down", A_BIT)),
                       ("don't denoise it as much", ("noise", "down", NORMAL)),
                       ("a bit less grain removal", ("noise", "down", A_BIT)),
                       ("increase the blur a bit", ("blur", "down", A_BIT)),
                       ("cut the sharpness a lot", ("blur", "down", MUCH)),
                       ("bring back some of the mist", ("haze", "down", NORMAL)),
                       ("put a bit of the grain back", ("noise", "down", A_BIT)),
                       ("I'd like a bit more of the original grain", ("noise", "down", A_BIT)),
                       ("the deblocking went overboard", ("jpeg", "down", NORMAL)),
                       ("tone the dehaze down a bit", ("haze", "down", A_BIT)),
                       ("dial back the jpeg fix a little", ("jpeg", "down", A_BIT)),
                       ("I miss the soft dreamy look", ("blur", "down", NORMAL)),
                       ("I miss the moody darkness", ("low_light", "down", NORMAL)),
                       ("let some of the murk stay", ("haze", "down", NORMAL)),
                       ("let a lot more of the rain show through", ("rain", "down", MUCH)),
                       ("ease up on removing the rain", ("rain", "down", NORMAL)),
                       # a third probe's phrasings, written without seeing the rules (stop 51: 189 of 220 read
                       # right before these)
                       ("less de-raining please", ("rain", "down", NORMAL)),
                       ("less jpeg artifact removal", ("jpeg", "down", NORMAL)),
                       ("reduce the low-light enhancement", ("low_light", "down", NORMAL)),
                       ("back off on the compression artefact removal a touch", ("jpeg", "down", A_BIT)),
                       ("put back a lot of the rain streaks", ("rain", "down", MUCH)),
                       ("add back a bit of the fog", ("haze", "down", A_BIT)),
                       ("restore some of the raindrops", ("rain", "down", NORMAL)),
                       ("can we have some rain back", ("rain", "down", NORMAL)),
                       ("I kinda liked the grain, can we keep a lot more of it", ("noise", "down", MUCH)),
                       ("I loved the foggy mood, can you put a lot of it back?", ("haze", "down", MUCH)),
                       ("the de-blocking made it look painted, ease off it", ("jpeg", "down", NORMAL)),
                       ("don't clear the mist so much", ("haze", "down", NORMAL)),
                       ("don't remove the jpeg artifacts so aggressively", ("jpeg", "down", NORMAL)),
                       ("the exposure is too high, bring it down", ("low_light", "down", NORMAL)),
                       ("the skin looks harsh and over-sharpened", ("blur", "down", NORMAL)),
                       ("overly crisp, tone it down", ("blur", "down", NORMAL)),
                       ("sharpen it alot", ("blur", "up", MUCH))]:
        assert edits(text) == [edit], (text, edits(text))
    # the noise's number, asked for, is set (it had been more denoising); asked about, it is a question
    for text, sigma in (("set the noise sigma to 10", 10), ("use sigma 10 for the noise", 10), ("denoise at sigma 10", 10),
                        ("can you use sigma 15?", 15), ("how about sigma 30", 30), ("make the sigma 60", 50)):
        assert [(e.kind, e.op, e.to) for e in parse(text).edits] == [("noise", "set", sigma / 50)], text
    assert edits("brighter and sigma 30")[0] == ("low_light", "up", NORMAL)
    assert parse("what does sigma 10 mean?").intent == "question"
    # not where the number is asked about, judged, denied or beside another request (code review 51)
    for text in ("go back to version 2 with sigma 10", "sigma 10 was better, go back to it", "compare sigma 10 and sigma 20",
                 "restore with sigma 10", "sigma 10 is too strong", "don't use sigma 10", "noise level 10 was too much",
                 "hmm, does sigma 10 help?", "should I use sigma 10?", "would sigma 10 be better?"):
        assert all(e.op != "set" for e in parse(text).edits), text
    assert parse("go back to version 2 with sigma 10").version == 2 and parse("restore with sigma 10").intent == "restore"
    # "it" is what was named before it, or left as it is where nothing was
    assert edits("keep a bit more of it") == []
    assert edits("it is too dark now, bring back some of it") == [("low_light", "up", NORMAL)]  # the light (review 51)
    assert ("noise", "down", NORMAL) not in edits("i get some of the noise back when i zoom")
    # a look that may be of another damage, beside a request, is left to the request (it had dehazed too)
    assert edits("it came out really murky, could you lighten it a little?") == [("low_light", "up", A_BIT)]
    assert edits("it looks washed out, darken it a bit") == [("low_light", "down", A_BIT)]
    assert edits("it looks murky") == [("haze", "add", NORMAL)]  # alone, as before
    assert edits("remove the noise but keep some of it") == [("noise", "down", NORMAL)]
    assert edits("remove more haze and grain") == [("haze", "up", NORMAL), ("noise", "up", NORMAL)]
    # (and not where they would mean otherwise: after a negation, of a part of the photo, or beyond the network)
    assert edits("don't reduce the noise") == [("noise", "remove", NORMAL)]
    for text in ("don't keep more grain", "don't sharpen it less", "don't turn the sharpening down"):
        assert [op for _, op, _ in edits(text)] == ["up"], (text, edits(text))
    assert edits("don't make it more grainy") == edits("don't make it grainier") == [("noise", "floor", NORMAL)]  # (fix69b)
    assert edits("never make it less sharp") == [("blur", "floor", NORMAL)]  # as "never make it blurrier" (fix68c)
    assert edits("raise the dark areas") == [("low_light", "add", NORMAL)]
    assert parse("add some blur to the background").intent == "outside"
    assert edits("remove the noise after brightening") == [("low_light", "up", NORMAL), ("noise", "add", NORMAL)]
    # a clause that says "still a few" means the kind the message named last
    assert edits("the streaks are gone, great, but there are still a few") == [("rain", "up", NORMAL)]
    assert edits("there are still a few") == []
    assert edits("the rain is gone, still a few things to fix") == []
    # a cause that is judged stays a request about the action
    assert edits("it's noisy since the brightening was too strong") == [("low_light", "down", NORMAL),
                                                                        ("noise", "add", NORMAL)]
    assert edits("I like the brightness but the fog is still there") == [("haze", "up", NORMAL)]
    # a clause that only names a kind takes the verb before it; "not" turns it round after keeping
    assert edits("keep the brightness and the sharpness") == [("blur", "keep", NORMAL), ("low_light", "keep", NORMAL)]
    assert edits("leave the noise and the haze") == [("haze", "remove", NORMAL), ("noise", "remove", NORMAL)]
    # a quality listed after another takes the verb that takes the first one back (it had been dropped)
    assert edits("remove the brightness and sharpness") == [("blur", "remove", NORMAL), ("low_light", "remove", NORMAL)]
    assert edits("take away the sharpness and the brightness") == [("blur", "remove", NORMAL),
                                                                   ("low_light", "remove", NORMAL)]
    assert edits("remove the noise and keep the sharpness") == [("blur", "keep", NORMAL), ("noise", "add", NORMAL)]
    assert edits("I like the rain but not the fog") == [("haze", "add", NORMAL), ("rain", "remove", NORMAL)]
    assert edits("remove the rain, not the fog") == [("haze", "remove", NORMAL), ("rain", "add", NORMAL)]
    assert edits("I want the fog removed, not the rain") == [("haze", "add", NORMAL), ("rain", "remove", NORMAL)]
    assert edits("I like the rain but not the fog and the grain") == [("haze", "add", NORMAL), ("noise", "add", NORMAL),
                                                                      ("rain", "remove", NORMAL)]
    assert edits("I don't want the haze removed, but not the rain either") == [("haze", "remove", NORMAL),
                                                                               ("rain", "remove", NORMAL)]
    assert edits("leave the rain, the fog, and the grain") == [("haze", "remove", NORMAL), ("noise", "remove", NORMAL),
                                                               ("rain", "remove", NORMAL)]
    assert edits("keep the sharpening and the brightening") == [("blur", "keep", NORMAL), ("low_light", "keep", NORMAL)]
    assert edits("less rain removal, and the haze") == [("haze", "down", NORMAL), ("rain", "down", NORMAL)]
    # not a list: a contrast, a correction, a predicate; a kind said already stays as said
    assert edits("I like the grain but the rain") == [("noise", "remove", NORMAL), ("rain", "add", NORMAL)]
    assert edits("not the rain, the fog") == [("haze", "add", NORMAL), ("rain", "remove", NORMAL)]
    # (a step darker: review 29, it had taken all the brightening off)
    assert edits("it's not dark enough, and the haze") == [("haze", "add", NORMAL), ("low_light", "down", NORMAL)]
    assert edits("keep the brightness and the shadows") == [("low_light", "keep", NORMAL)]
    assert edits("brighter please, still some shadows are fine") == [("low_light", "up", NORMAL)]


def test_apply_edits_semantics():
    sev = {"noise": 0.6, "low_light": 0.0}
    new, touched = apply_edits(sev, parse("brighter"))  # low light was not named: add some
    assert new["low_light"] >= 0.25 and touched == {"low_light": 1}
    new, _ = apply_edits(sev, parse("keep more grain"))
    assert 0.1 <= new["noise"] < 0.6
    new, _ = apply_edits({"noise": 0.15}, parse("keep more grain"))
    assert new["noise"] == 0.0  # below the detection threshold: not named any more
    # before any result a floor leaves the words as they are, a keep the photo as it is (QA 63: "don't make it darker"
    # had taken the darkness words out, so the restore did not brighten; QA 62 F03)
    assert apply_edits({"low_light": 0.6}, parse("don't make it darker"), restored=False)[0]["low_light"] == 0.6
    assert apply_edits({"low_light": 0.6}, parse("don't make it brighter"), restored=False)[0]["low_light"] == 0.0
    # "a little" less of the weakest words stops at them (helper 52a: "reintroduce a little grain" at sigma 6 had
    # left the noise out, so all of a sigma-22 photo's noise came back); from there, a little more is none
    new, _ = apply_edits({"noise": 0.12}, parse("a little less denoising"))
    assert new["noise"] == DETECTED
    new, _ = apply_edits(new, parse("a little less denoising"))
    assert new["noise"] == 0.0
    new, _ = apply_edits({"noise": 0.9}, parse("much more denoising"))
    assert new["noise"] == 1.0
    new, _ = apply_edits({"noise": 0.95}, parse("much more denoising"))
    assert new["noise"] == 0.95  # the strongest setting (NOISE_TOP): a sigma point more is no step
    # a step down goes as far as a step up: "brighter" then "darker" is back at the same words
    for found in (0.3, 0.57, 0.7):
        up, _ = apply_edits({"low_light": found}, parse("brighter"))
        back, _ = apply_edits(up, parse("darker"))
        assert level(up["low_light"]) == level(found) + 1 and level(back["low_light"]) == level(found), found
    # a step down from above the weakest words alone lands on them, not on none; from them, on none (QA 56 F03:
    # "less dehazing" of a photo found "hazy" at 0.30, within the blend of "slightly hazy" and "hazy", had
    # switched the dehazing off)
    for kind, text in (("haze", "less dehazing"), ("low_light", "darker"), ("rain", "less rain removal")):
        for found in (0.2, 0.25, 0.28, 0.3):
            new, _ = apply_edits({kind: found}, parse(text))
            assert level_name(new[kind]) == "slight", (kind, found, new[kind])
        assert apply_edits({kind: 0.15}, parse(text))[0][kind] == 0.0
    # what the network is told moves a level's words a step, half of them "a bit" (a blend of two levels'
    # words near a bound: captions.straddle); "a bit" then its opposite is back at the same words. It had
    # pushed "a bit" to 0.05 past the next bound, told 92% of that level: from 0.45 (half "dim", half
    # "dark") further than a whole step, to 0.70
    def told(s):
        return sorted((level(sev["low_light"]), round(w, 6)) for sev, w in straddle({"low_light": s}, LEVEL_BLEND))

    def position(s):  # 0 for the weakest level's words alone, 4 for the strongest's
        return sum(w * level(sev["low_light"]) for sev, w in straddle({"low_light": s}, LEVEL_BLEND))

    for found in [round(0.12 + 0.02 * i, 2) for i in range(44)]:
        for text, way in (("a bit brighter", 1), ("a bit darker", -1)):
            half = apply_edits({"low_light": found}, parse(text))[0]["low_light"]
            whole = apply_edits({"low_light": found}, parse(text.replace("a bit ", "")))[0]["low_light"]
            for s, levels in ((half, 0.5), (whole, 1.0)):
                if s >= DETECTED and position(found) + way * levels >= 0:  # (and no further than the strongest)
                    assert position(s) == pytest.approx(min(4, position(found) + way * levels)), (text, found, s)
            assert 0 < (half - found) * way <= (whole - found) * way, (text, found, half, whole)
            back = apply_edits({"low_light": half}, parse(("a bit darker", "a bit brighter")[way < 0]))[0]["low_light"]
            if half >= DETECTED and 0 <= position(found) + way * 0.5 <= 4:
                assert told(back) == told(found), (text, found, half, back)
    # "a bit brighter" where no darkness was found names the least of it
    assert level_name(apply_edits({}, parse("a bit brighter"))[0]["low_light"]) == "slight"
    assert level_name(apply_edits({}, parse("brighter"))[0]["low_light"]) == "mild"
    # "much stronger" acts on the kinds edited last
    new, touched = apply_edits({"noise": 0.4, "low_light": 0.4}, parse("much stronger"), last_change=Change({"low_light": 1}))
    assert new["low_light"] > 0.4 and new["noise"] == 0.4 and touched == {"low_light": 1}
    # a scale word is more or less of the last change named: after "darker" (less brightening) "more"
    # is darker still, "not that much" and "a bit less" less dark; "even less" and "a bit less still" go on (less
    # brightening still: review 52, where "a bit less still" after "way too contrasty" had dehazed more)
    darker = Change({"low_light": -1})
    for text, way in [("more", -1), ("a bit more", -1), ("not enough", -1), ("not that much", 1), ("a bit less", 1),
                      ("too much", 1), ("even less", -1), ("a bit less still", -1), ("still too much", 1)]:
        new, touched = apply_edits({"low_light": 0.4, "noise": 0.4}, parse(text), last_change=darker)
        assert touched == {"low_light": way} and (new["low_light"] - 0.4) * way > 0 and new["noise"] == 0.4, text
    # after "less dehazing", "even less", "a bit less" and "more" go on with it; "too much" goes back
    less = Change({"haze": -1}, reduces=parse("less dehazing").reduces)
    for text, way in [("even less", -1), ("a bit less", -1), ("too much", 1), ("more", -1)]:
        new, touched = apply_edits({"haze": 0.6}, parse(text), last_change=less)
        assert touched == {"haze": way} and (new["haze"] - 0.6) * way > 0, text
    # "less" in one clause is of that kind only: after "brighter and less noise", "a bit less" is less bright
    # and less noise again
    both = parse("brighter and less noise")
    new, touched = apply_edits({"low_light": 0.4, "noise": 0.4}, parse("a bit less"),
                               last_change=Change({"low_light": 1, "noise": 1}, both.reduces))
    assert both.reduces == {"noise"} and touched == {"low_light": -1, "noise": 1}
    # a change whose kinds cannot move further is said to be so: no other kind moves instead
    new, touched = apply_edits({"haze": 0.0, "noise": 0.4}, parse("even less"), last_change=less)
    assert touched == {"haze": -1} and new["noise"] == 0.4 and new["haze"] == 0.0
    # noise goes down by a fraction of its sigma, but no further than a step up went
    up, _ = apply_edits({"noise": 0.5}, parse("more denoising"))
    back, _ = apply_edits(up, parse("too much"), last_change=Change({"noise": 1}))
    assert back["noise"] == pytest.approx(0.5)
    # after a restore (no change named yet) they act on every kind being removed, "less" removing less
    for text, way in [("more", 1), ("too much", -1), ("even less", -1)]:
        new, touched = apply_edits({"low_light": 0.4, "noise": 0.4}, parse(text))
        assert touched == {"low_light": way, "noise": way} and (new["noise"] - 0.4) * way > 0, text
    # "keep more grain" took noise out of the words: "too much" brings it back; a kind left in the photo
    # ("there is no rain") or kept does not come back
    new, touched = apply_edits({"noise": 0.0, "rain": 0.0, "low_light": 0.4}, parse("too much"),
                               reference={"noise": 0.4}, last_change=Change({"noise": -1, "rain": 0}))
    assert new["noise"] == pytest.approx(0.4) and new["rain"] == 0.0 and touched == {"noise": 1}
    new, touched = apply_edits({"noise": 0.4, "low_light": 0.4}, parse("keep the brightness, more"),
                               last_change=Change({"low_light": -1, "noise": 1}))
    assert touched == {"low_light": 0, "noise": 1} and new["noise"] > 0.4 and new["low_light"] == 0.4
    # "also remove the rain": back to what was found, or a default
    new, _ = apply_edits({"rain": 0.0}, parse("also remove the rain"), reference={"rain": 0.7})
    assert new["rain"] == pytest.approx(0.7)
    # a kind left in ("keep it dark") and then asked for a step: a step, not all the way back to what was found
    for text, to in [("a bit brighter", ADD_A_BIT), ("brighter", ADD_DEFAULT), ("much brighter", 1.0)]:
        new, _ = apply_edits({"low_light": 0.0}, parse(text), reference={"low_light": 0.9})
        assert new["low_light"] == pytest.approx(to), text
    # before any result, "remove the noise" only makes sure noise is named
    new, _ = apply_edits({"noise": 0.5}, parse("remove the noise"), restored=False)
    assert new["noise"] == 0.5


@pytest.mark.parametrize("text,intent,edits", [
    # "no darker" in any wording is the floor "don't make it darker" is (review 63 F3: these had brightened a step);
    # less darkening, a complaint of the result (user review 29), and the brighter side read as they did
    ("don't darken it", "refine", [("low_light", "floor")]), ("no darker", "refine", [("low_light", "floor")]),
    ("don't go darker", "refine", [("low_light", "floor")]), ("it shouldn't be darker", "refine", [("low_light", "up")]),
    ("not darker please", "refine", [("low_light", "floor")]), ("never darken it", "refine", [("low_light", "floor")]),
    ("don't darken it too much", "refine", [("low_light", "up")]), ("brighter, not darker", "refine", [("low_light", "up")]),
    ("don't brighten it", "refine", [("low_light", "remove")]), ("not brighter", "refine", [("low_light", "down")]),
    ("don't make it brighter", "refine", [("low_light", "keep")]),
    # "no more noise than before" is not noisier, a floor (review 63 F4: it had been none of the noise); "no more
    # noise" is still none of it; "no more rain?" asks about the result (it had removed more rain)
    ("no more noise than before", "refine", [("noise", "floor")]),
    ("no more noise than the original", "refine", [("noise", "floor")]),
    ("i want no more noise than this", "refine", [("noise", "floor")]), ("no more noise", "refine", [("noise", "add")]),
    ("no more rain?", "question", []), ("so no more haze?", "question", []),
    ("no more rain please?", "refine", [("rain", "add")]),
    # and with "left" (helper fix64a: it had removed more rain); no question mark, a request
    ("no more rain streaks left?", "question", []), ("no more noise at all?", "question", []),
    ("no more rain streaks left", "refine", [("rain", "add")]),
])
def test_no_darker_and_no_more_than_are_floors(text, intent, edits):
    inst = parse(text)
    assert (inst.intent, sorted((e.kind, e.op) for e in inst.edits)) == (intent, edits), (text, inst)


def test_bad_text_never_raises():
    for text in [None, b"brighter", 42, "x" * 100_000, "\x00\x01", "🙂🙂", "brighter " * 20_000]:
        inst = parse(text)
        assert inst.intent in ("refine", "unknown", "empty", "restore", "help")
    assert parse("brighter " * 20_000).truncated
    assert normalize("A\u2019s  B")[0] == "a's b"
    assert level_name(0.05) == "none" and level_name(0.9) == "severe"


def test_long_message_is_fast():
    t0 = time.perf_counter()
    parse_rules("a" * 100_000)
    parse_rules("no " * 40_000)
    assert time.perf_counter() - t0 < 2.0


@pytest.mark.parametrize("text,edit", [
    ("the scanner made it darker", ("low_light", "add", 1.0)), ("the old scanner made it a bit darker", ("low_light", "add", 0.5)),
    ("time made it darker", ("low_light", "add", 1.0)), ("the flash made it brighter", ("low_light", "down", 1.0)),
    ("my phone made it grainier", ("noise", "add", 1.0)), ("age has made the photo blurrier", ("blur", "add", 1.0)),
    ("years in a drawer made it hazier", ("haze", "add", 1.0)),
    # said of the assistant's own step, the change stays what it was
    ("you made it darker", ("low_light", "down", 1.0)), ("the restore made it darker", ("low_light", "down", 1.0))])
def test_what_the_photo_went_through_is_its_damage(text, edit):
    """"the scanner made it darker" is a dark photo: it had darkened it more."""
    assert [(e.kind, e.op, e.amount) for e in parse(text).edits] == [edit]


@pytest.mark.parametrize("text,edit", [
    # asked for, a comparative is that way: they had removed more of it (the very opposite)
    ("make it noisier", ("noise", "down", 1.0)), ("make it grainier", ("noise", "down", 1.0)),
    ("can you make it a little grainier", ("noise", "down", 0.5)), ("make it blurrier", ("blur", "down", 1.0)),
    ("blurrier please", ("blur", "down", 1.0)), ("a bit blurrier", ("blur", "down", 0.5)),
    # said of the result, it is a complaint ("noisier" had been "corrected" to "noise", "blurrier" to "blurred")
    ("it's noisier now", ("noise", "add", 1.0)), ("it's a bit blurrier now", ("blur", "add", 0.5)),
    ("it is blurrier than before", ("blur", "add", 1.0))])
def test_a_comparative_asked_for_goes_that_way(text, edit):
    assert [(e.kind, e.op, e.amount) for e in parse(text).edits] == [edit]


def test_not_a_comparative_after_one_seen_keeps_it():
    """"it's noisier now, not brighter" had darkened the photo."""
    inst = parse("it's noisier now, not brighter")
    assert [(e.kind, e.op) for e in inst.edits] == [("noise", "add"), ("low_light", "keep")]


@pytest.mark.parametrize("text,edits", [
    # an action taken back is none of it: they had done more of it (review 24)
    ("remove the dehazing", [("haze", "remove")]), ("turn off the dehazing", [("haze", "remove")]),
    ("take away the brightening", [("low_light", "remove")]), ("get rid of the sharpening", [("blur", "remove")]),
    ("do it again but without brightening", [("low_light", "remove")]),
    ("redo it without the brightening", [("low_light", "remove")]),  # it had redone nothing
    ("it was better without the dehazing", [("haze", "remove")]),
    # noise said not to be added: it had been left in (the result visibly grainier); then removed, all of it
    # (review 24); now a floor, the grain checked no higher (fix65c), as "don't add noise" is. Not to be made
    # grainy: none of it
    ("make it brighter without adding noise", [("low_light", "up"), ("noise", "floor")]),
    ("brighten it without making it grainy", [("low_light", "up"), ("noise", "add")]),
    ("brighter but no extra noise", [("low_light", "up"), ("noise", "floor")]),
    ("restore without adding noise", [("noise", "floor")]), ("sharpen without adding grain", [("blur", "up"), ("noise", "floor")]),
    ("brighter without amplifying the noise", [("low_light", "up"), ("noise", "floor")]),
    ("brighter but not noisier", [("low_light", "up"), ("noise", "floor")]),  # no grainier (fix64b)
    ("less noisy but not hazier", [("noise", "up"), ("haze", "floor")]),  # no hazier (fix66c: it had dehazed more)
    ("brighter but don't make it noisier", [("low_light", "up"), ("noise", "floor")]),
    ("switch off the denoising", [("noise", "remove")]), ("no dehazing", [("haze", "remove")])])
def test_an_action_taken_back_and_noise_not_to_be_added(text, edits):
    inst = parse(text)
    assert inst.intent == "refine" and [(e.kind, e.op) for e in inst.edits] == edits, inst


@pytest.mark.parametrize("text,intent,edits", [
    # a damage liked in the past tense, or said to be part of the photo, is left in; "better before" is less
    # of its removal (they had removed more: a clean photo went to "dense fog")
    ("the grain was nice", "refine", [("noise", "remove")]), ("I liked the fog", "refine", [("haze", "remove")]),
    ("the mist is part of it", "refine", [("haze", "remove")]),
    ("the grain looked better before", "refine", [("noise", "down")]),
    ("the noise was better before", "refine", [("noise", "down")]),
    # a damage that does not matter is left as it is (they had removed more)
    ("I don't care about the noise", "refine", [("noise", "remove")]),
    ("noise doesn't matter", "refine", [("noise", "remove")]),
    ("the noise isn't a problem", "refine", [("noise", "remove")]),
    ("who cares about the noise, brighten it", "refine", [("noise", "remove"), ("low_light", "up")]),
    ("I'm not bothered about the grain", "refine", [("noise", "remove")]),
    # the original preferred is the photo as uploaded (one undo, or the help text, before)
    ("revert to original", "start_over", []), ("I prefer the original", "start_over", []),
    ("the original looked better", "start_over", []), ("it looks worse than the original", "start_over", []),
    # not a yes; saving is said, not a restore; highlights and "less light" are less brightening
    ("hmm not sure", "suggest", []), ("I'm not sure", "suggest", []), ("sure", "restore", []),
    ("save it", "save", []), ("how do I save it", "save", []), ("download", "save", []),
    ("can you save it?", "save", []), ("could you save the result?", "save", []),  # (the first had restored)
    ("can I download it?", "save", []), ("export as png", "save", []),
    ("how do I keep the grain", "refine", [("noise", "down")]),
    ("recover the highlights", "refine", [("low_light", "down")]),
    ("the whites are clipped", "refine", [("low_light", "down")]), ("less light", "refine", [("low_light", "down")]),
    # all but one kind: that one left in (it had removed that one alone)
    ("fix everything except the haze", "refine", [("haze", "remove")]),
    ("fix everything but the rain please", "refine", [("rain", "remove")]),
    ("remove all except the fog", "refine", [("haze", "remove")]),
    # "any brighter" is no further (it had darkened); "a way to" is no "much"
    ("don't make it any brighter", "refine", [("low_light", "keep")]),
    # more of an action refused is as it is now (QA 62 F01: "no more brightening" had taken all of it out); none of it
    # asked, or the action taken back, is none of it
    ("no more brightening", "refine", [("low_light", "keep")]), ("stop brightening", "refine", [("low_light", "keep")]),
    ("that's bright enough", "refine", [("low_light", "keep")]), ("no more denoising", "refine", [("noise", "keep")]),
    ("that's enough sharpening", "refine", [("blur", "keep")]), ("no further dehazing", "refine", [("haze", "keep")]),
    ("stop denoising", "refine", [("noise", "keep")]), ("sharp enough, now brighter", "refine",
                                                        [("blur", "keep"), ("low_light", "up")]),
    ("no brightening", "refine", [("low_light", "remove")]), ("remove the brightening", "refine", [("low_light", "remove")]),
    ("not bright enough", "refine", [("low_light", "up")]), ("not enough denoising", "refine", [("noise", "up")]),
    ("can you find a way to remove the noise?", "refine", [("noise", "add")]),
    # asked whether it sees a damage, it answers (it had removed more)
    ("can you see any noise?", "question", []), ("can you spot any rain?", "question", []),
    # a result compared with the photo is answered, measured (it had gone further that way)
    ("it's darker than the original", "question", []), ("the result is darker than the original", "question", []),
    ("it's softer than the original", "question", []), ("it's hazier than the original", "question", []),
    # ... but more of a damage than the photo had is still a complaint
    ("it's noisier than the original", "refine", [("noise", "add")]),
    ("it's blurrier than the original", "refine", [("blur", "add")]),
    # a change seen, said before a complaint, is kept as the result has it (it had been done again), and a
    # bare comparative after it is said of the result too (it had been asked for)
    ("it's brighter but also noisier", "refine", [("low_light", "keep"), ("noise", "add")]),
    ("it's sharper but grainier", "refine", [("blur", "keep"), ("noise", "add")]),
    ("brighter is good but now it's noisy", "refine", [("low_light", "keep"), ("noise", "add")]),
    ("it's cleaner but too dark", "refine", [("noise", "keep"), ("low_light", "up")]),
    ("it's less noisy but blurrier", "refine", [("noise", "keep"), ("blur", "add")]),
    ("it's clearer but noisier", "refine", [("noise", "add")]),
    ("sharper but grainier please", "refine", [("blur", "up"), ("noise", "down")]),
    ("it's brighter but still too dark", "refine", [("low_light", "up")]),
    # a result too bright for the scene is less brightening (it had brightened, or got the help text)
    ("it looks unnatural bright", "refine", [("low_light", "down")]),
    ("it's a night shot, don't make it look like day", "refine", [("low_light", "down")]),
    ("it looks like daytime now", "refine", [("low_light", "down")]),
    # what the streaks are is no rain (it had removed more); drops are rain (help text)
    ("the streaks are light trails", "refine", [("rain", "remove")]),
    ("I can still see the drops", "refine", [("rain", "up")]), ("water drops on the glass", "refine", [("rain", "add")]),
    # fine detail lost, named by what it was: less denoising (help text, or a restore)
    ("where did the stars go", "refine", [("noise", "down")]), ("the freckles are gone", "refine", [("noise", "down")]),
    ("you removed the stars", "refine", [("noise", "down")]),
    ("the texture of the wall is gone", "refine", [("noise", "down")]),
    ("the grass looks like mush", "refine", [("noise", "down")]),
    ("it's grey and dull", "refine", [("haze", "up")]), ("it's a dull grey day", "unknown", []),
    # what was found, and what the network does not do (help text)
    ("what did you remove?", "describe", []), ("what was wrong with it originally?", "describe", []),
    ("remove the person on the left", "outside", []), ("increase the resolution", "outside", []),
    # everyday praise, "done", and unsure or "again" replies (they had got the whole help text)
    ("that's brilliant", "thanks", []), ("spot on", "thanks", []), ("ta very much", "thanks", []),
    ("that'll do", "thanks", []), ("it's fine as is", "thanks", []), ("done", "leave", []), ("finished", "leave", []),
    ("that's rubbish", "undo", []), ("meh", "suggest", []), ("hmm, dunno", "suggest", []), ("try again", "suggest", []),
    ("can you do better?", "suggest", []), ("any suggestions?", "suggest", []), ("do it again", "restore", []),
    # an emphatic no takes the last change back (it had been "leave"); a plain one is still no request
    ("no no no", "undo", []), ("No, no, no!", "undo", []), ("noooo", "undo", []), ("no, not that", "undo", []),
    ("no", "leave", []), ("no thanks", "leave", []), ("no, that's all", "leave", []),
    # review 32: these rejections had got the whole help text, "no no" had been "leave"; a "no" that likes it is none
    ("Noo", "undo", []), ("no. not that.", "undo", []), ("no that's wrong", "undo", []), ("no, that's not it", "undo", []),
    ("ugh no", "undo", []), ("hell no", "undo", []), ("no no", "undo", []),
    ("no, it's worse", "undo", []), ("no, looks good", "leave", []), ("nope", "leave", []), ("no!", "leave", []),
    ("No way!", "unknown", []), ("nope, way", "unknown", []),  # (said in delight too: code review 36)
    # a change disowned is taken back; these had failed on a "!" or "?" after them
    ("I didn't ask for that", "undo", []), ("who asked for that?", "undo", []), ("no one wanted this", "undo", []),
    ("that's not what i meant!", "undo", []), ("worse!", "undo", []), ("it's worse now!", "undo", []),
    # as it was is the result before (they had not been understood; "put it back how it was" had been a redo)
    ("make it like it was", "undo", []), ("put it back how it was", "undo", []), ("I liked it as it was", "undo", []),
    ("can you make it the way it was", "undo", []), ("put it back", "redo", []),
    ("I didn't ask you to sharpen it", "refine", [("blur", "remove")]),  # (it had sharpened)
    ("show both", "compare", []), ("show me both of them", "compare", []),
    ("the sky is too white", "refine", [("low_light", "down")]), ("the sky went all white", "refine", [("low_light", "down")]),
    ("the clouds are white", "unknown", []),  # (it had brightened: the nearest example by embedding)
    # mosquito noise is a JPEG artefact (it had added "mild noise"); what the dots or streaks are is no damage
    ("mosquito noise around edges", "refine", [("jpeg", "add")]),
    ("the white dots are snow", "refine", [("noise", "remove")]), ("the streaks are snow", "refine", [("rain", "remove")])])
def test_review_24_readings(text, intent, edits):
    inst = parse_rules(text)
    assert inst.intent == intent and [(e.kind, e.op) for e in inst.edits] == edits, inst
    if text.endswith("than the original") and intent == "question":
        assert inst.premise.pop("than") == 0 and list(inst.premise.values()) == [-1], inst


@pytest.mark.parametrize("text,edits", [
    # a change not asked for goes back a step (they had darkened again); brightness taken is too dark
    ("who said darker?", [("low_light", "up")]), ("nobody asked for darker", [("low_light", "up")]), ("I didn't ask for darker", [("low_light", "up")]),
    ("i didn't ask for it to be darker", [("low_light", "up")]), ("I never wanted it brighter", [("low_light", "down")]),
    ("you removed too much brightness", [("low_light", "up")]), ("you took too much sharpness", [("blur", "up")]),
    # as it was: a step back ("as dark as it was" had brightened), as the upload: the photo's own
    ("make it as dark as it was", [("low_light", "down")]), ("back to how dark it was", [("low_light", "down")]),
    ("as bright as before", [("low_light", "up")]), ("make it as grainy as it was", [("noise", "down")]),
    ("make it as bright as the original", [("low_light", "remove")]),
    ("as grainy as the original please", [("noise", "remove")]),
    ("make it as sharp as the original", [("blur", "remove")]),  # (review 32: it had sharpened harder)
    ("keep it as sharp as it was", [("blur", "keep")]), ("leave it as dark as it was", [("low_light", "remove")]),
    # code review 33: said of the result, these are complaints, as before; a quality lost to an action is too much
    # of it; a clause that goes on is not "not asked"
    ("it's still as dark as before", [("low_light", "up")]), ("still as noisy as the original", [("noise", "up")]),
    ("it's still as grainy as the original", [("noise", "up")]),
    ("the denoising removed too much sharpness", [("noise", "down"), ("blur", "down")]),
    ("I didn't ask for sharper but it looks great", [("blur", "up")]),
    ("I didn't ask for it to be any brighter", [("low_light", "down")]),
    # review 32: asked back, these are the same (they had darkened, or taken all the brightening off)
    ("did I ask for darker?", [("low_light", "up")]), ("who told you to brighten it?", [("low_light", "down")]),
    ("nobody told you to sharpen it so much", [("blur", "down")]),
    # code review 36: taking out a damage disowned is less of it (they had taken out more)
    ("who told you to denoise it?", [("noise", "down")]), ("nobody asked you to remove the noise", [("noise", "down")]),
    ("who asked you to dehaze it?", [("haze", "down")]), ("who told you to derain", [("rain", "down")]),
    ("who told you to brighten it? it was fine", [("low_light", "down")]),
    ("who told you to remove the rain from it?", [("rain", "down")]),  # (code review 38: all of it had been taken off)
    ("who told you to remove the raindrops?", [("rain", "down")]),
    # each of two (the second had been done more: "brighten it" had brightened)
    ("who told you to remove the noise and brighten it?", [("noise", "down"), ("low_light", "down")]),
    ("nobody asked you to denoise, brighten or sharpen", [("noise", "down"), ("low_light", "down"), ("blur", "down")])])
def test_a_change_not_asked_for_or_as_it_was(text, edits):
    inst = parse_rules(text)
    assert inst.intent == "refine" and [(e.kind, e.op) for e in inst.edits] == edits, inst


def test_a_fix_keeps_what_it_says_of_the_result():
    """The Assistant checks it (Assistant._contradicted)."""
    inst = parse_rules("it's darker than the original, fix it")
    assert inst.edits == [Edit("low_light", "up")] and inst.premise == {"low_light": -1, "than": 0}, inst
    assert parse_rules("it's sharper than version 2, I don't like that").premise == {"blur": 1, "than": 2}
    assert parse_rules("brighter please").premise == {}


@pytest.mark.parametrize("text,kind,version", [
    ("make it as sharp as version 1", "blur", 1), ("as bright as version 2", "low_light", 2),
    ("the same grain as the first one", "noise", 1), ("with the sharpness of version 3", "blur", 3),
    ("make it as dark as the second one please", "low_light", 2),
    # "keep" (they had gone back to that version, had the brightness changed, or not been understood)
    ("keep it as bright as version 1", "low_light", 1), ("keep version 2's brightness", "low_light", 2),
    ("keep the sharpness from the first one", "blur", 1)])
def test_one_quality_as_a_version_has_it_is_read(text, kind, version):
    inst = parse_rules(text)
    assert inst.intent == "refine" and inst.edits == [Edit(kind, "keep")] and inst.premise == {"like": version}, inst


@pytest.mark.parametrize("text,intent,again", [
    ("again", "suggest", True), ("again please", "suggest", True), ("same again", "suggest", True),
    ("again again", "suggest", True),
    ("do that again!", "suggest", True), ("repeat that", "suggest", True), ("do it again", "restore", True),
    ("try again", "suggest", False), ("hi again", "greeting", False), ("one more time", "refine", True), ("once more please", "refine", True),
    ("again, please", "suggest", True), ("again pls", "suggest", True),  # (they had got the whole help text)
    ("try that again", "suggest", False), ("again, but a bit less", "suggest", True), ("same again but not as much", "suggest", True),
    ("do it again but without brightening", "refine", False)])
def test_again_is_marked_for_the_assistant_to_repeat(text, intent, again):
    """*again* is the message before once more where that changed something (Assistant._send_one); *try again* is
    unsure; *one more time* is *again*, and more of the last change where there is nothing to repeat."""
    inst = parse_rules(text)
    assert inst.intent == intent and bool(inst.premise.get("again")) == again, inst


@pytest.mark.parametrize("text,amount", [("brighter, but not too much", A_BIT), ("sharper but not that much", A_BIT),
                                         ("can you brighten it a wee bit", A_BIT), ("brighter, a lot more", MUCH)])
def test_an_amount_said_after_the_request(text, amount):
    """"but not too much" and "a wee bit" had taken a full step (review 24)."""
    assert [e.amount for e in parse(text).edits] == [amount]


def test_a_removal_asked_light_is_some_of_it():
    """"remove noise, but not too much" and "light denoising please" had been the removal alone, which after a
    restore is more of it: moderate noise had gone to heavy (QA 61 F01). Some of it out, as "... but not all of it"."""
    for text, kind in [("remove noise, but not too much", "noise"), ("light denoising please", "noise"),
                       ("remove the noise, but only a little", "noise"), ("a gentle dehaze", "haze"),
                       ("remove the rain but not too much", "rain")]:
        assert [(e.kind, e.op) for e in parse(text).edits] == [(kind, "some")], (text, parse(text).edits)
    # a change up or down keeps its amount, "lighter" is less of it, brightening is no removal (as they were)
    assert [(e.kind, e.op, e.amount) for e in parse("brighter, but not too much").edits] == [("low_light", "up", A_BIT)]
    assert [(e.kind, e.op) for e in parse("lighter denoising").edits] == [("noise", "down")]
    assert [(e.kind, e.op) for e in parse("gentle brightening").edits] == [("low_light", "up")]


def test_a_removal_done_lightly_is_some_of_it():
    """"denoise lightly" had been the removal alone at a half step, after a restore a half step *more* (note after
    fix61a): a removal done lightly or gently is some of it, as "light denoising"; not where more is said, nor the
    brightening. "denoise a bit" stays a bit more of it (the Assistant's reply says so)."""
    for text, kind in [("denoise lightly", "noise"), ("gently denoise it", "noise"), ("dehaze lightly", "haze"),
                       ("remove the rain gently", "rain"), ("deblock lightly", "jpeg")]:
        assert [(e.kind, e.op) for e in parse(text).edits] == [(kind, "some")], (text, parse(text).edits)
    assert [(e.kind, e.op) for e in parse("denoise a bit").edits] == [("noise", "add")]
    assert [(e.kind, e.op) for e in parse("remove more noise, gently").edits] == [("noise", "up")]
    assert [(e.kind, e.op) for e in parse("brighten it gently").edits] == [("low_light", "up")]


def test_only_a_little_after_a_brightening_holds_back_the_brightening_alone():
    """"remove the rain and make it brighter, but only a little" had taken some of the rain out too (review 61 F6):
    the amount is the brightening's, the rain all out; with removals alone each is some of it (QA 61 F01)."""
    got = {e.kind: e.op for e in parse("remove the rain and make it brighter, but only a little").edits}
    assert got == {"rain": "add", "low_light": "up"}, got
    got = {e.kind: e.op for e in parse("remove the rain and the noise, but not too much").edits}
    assert got == {"rain": "some", "noise": "some"}, got


def test_some_kept_of_a_kind_not_found_changes_nothing():
    """"restore but keep it a bit dark" of a photo not found dark had named "slightly dim", which brightened it 39% ->
    50% (review 61 F3): some of a kind kept where there is none changes nothing; a light removal still names a bit."""
    none = {k: 0.0 for k in KINDS}
    for text, kind in (("restore but keep it a bit dark", "low_light"), ("keep some of the rain", "rain")):
        new, _ = apply_edits(none, parse(text), reference=none, restored=False)
        assert new[kind] == 0.0, (text, new)
    new, _ = apply_edits(none, parse("light denoising please"), reference=none, restored=False)
    assert new["noise"] == ADD_A_BIT, new


def test_low_light_denoising_is_the_whole_denoising():
    """"apply low light denoising" had read "light denoising" and taken some of the noise out (review 61 F4): the
    photographer's "low light" is no light removal."""
    for text in ("apply low light denoising", "do a low-light denoise"):
        assert {e.kind: e.op for e in parse(text).edits}.get("noise") == "add", (text, parse(text).edits)


def test_a_light_removal_said_not_to_do_is_no_light_removal():
    """"don't do a light denoising, remove all of it" had still taken only some of the noise out (review 61 F7)."""
    for text in ("don't do a light denoising, remove all of it", "i don't want a gentle dehaze, remove all the haze"):
        assert all(e.op == "add" for e in parse(text).edits) and parse(text).edits, (text, parse(text).edits)


@pytest.mark.parametrize("text,kind", [("can you remove the noise only?", "noise"), ("just denoise", "noise"),
                                       ("remove the noise only", "noise"), ("just remove the rain please", "rain"),
                                       ("only remove the noise", "noise")])
def test_only_after_the_request_or_just_before_it_leaves_the_rest_in(text, kind):
    """"can you remove the noise only?" and "just denoise" had run the whole restore, brightening a dark photo too,
    where "only remove the noise" left the rest in (QA 61 F02)."""
    assert {e.kind: e.op for e in parse(text).edits} == {k: "add" if k == kind else "remove" for k in KINDS}, text


def test_only_just_is_not_only_of_a_change_up():
    """"just" before a change up or down is no "only" (as before QA 61 F02's rule): the others are not left in."""
    for text in ("just brighten it", "just sharpen it", "only slightly brighter"):
        assert len(parse(text).edits) == 1, (text, parse(text).edits)


def test_just_with_too_or_also_is_no_only():
    """"just remove the noise too" had been read as "only" (review 61 F1): the rest had been taken back. It asks one
    more removal; "just remove the noise please" is "only" only as a first request (premise "just", the Assistant)."""
    for text in ("just remove the noise too", "just remove the rain also"):
        assert len(parse(text).edits) == 1 and not parse(text).premise, (text, parse(text).edits)
    assert parse("just remove the noise please").premise == {"just": 1}
    assert not parse("only remove the noise").premise


def test_redo_everything_goes_to_the_last():
    """"redo everything" after three undos had redone one step (QA 61 F14): all there is ("undo everything" starts
    over, a count is the count)."""
    for text in ("redo everything", "redo them all", "redo all of it", "go forward all the way", "redo all please"):
        inst = parse(text)
        assert inst.intent == "redo" and inst.steps == ALL_STEPS and inst.version is None, (text, inst)
    assert parse("redo all three").steps == 3 and parse("redo").steps == 1
    assert parse("undo everything").intent == "start_over"


def test_an_all_that_ends_a_redo_but_is_not_of_it_is_one_step():
    """"redo, that's all" and "redo, I liked it after all" had redone every step (review 61 F5: _REDO_ALL took any
    "all" at the end): one step, as "redo"."""
    for text in ("redo, that's all", "redo, I liked it after all"):
        inst = parse(text)
        assert inst.intent == "redo" and inst.steps == 1, (text, inst)


def test_a_sigma_above_the_strongest_is_kept_for_the_reply():
    """"use sigma 70" is sigma 50, the strongest setting, and the 70 asked is kept to be said (QA 61 F06)."""
    inst = parse("use sigma 70")
    assert [(e.kind, e.op, e.to) for e in inst.edits] == [("noise", "set", 1.0)] and inst.premise == {"sigma": 70}
    assert parse("use sigma 30").premise == {} and parse("brighter and sigma 80").premise == {"sigma": 80}


@pytest.mark.parametrize("text,intent,edits", [
    # comparatives after praise or a comma are complaints, alone or after a request they are asked (review 26)
    ("better, but noisier", "refine", [("noise", "add")]), ("noisier now", "refine", [("noise", "add")]),
    ("much better but blurrier", "refine", [("blur", "add")]), ("it's better, though blurrier", "refine", [("blur", "add")]),
    ("grainier", "refine", [("noise", "down")]), ("sharper but grainier please", "refine", [("blur", "up"), ("noise", "down")]),
    # "how do I get / keep ..." is no saving
    ("how do I get it brighter?", "refine", [("low_light", "up")]),
    ("how can I get rid of the noise?", "refine", [("noise", "add")]), ("can you save this photo?", "restore", []),
    # keeping or liking everything but one kind is that kind changed
    ("leave everything except the noise", "refine", [("noise", "add")]),
    # an action kept or said not to be taken away stays; cancelled or taken back it goes
    ("don't remove the dehazing", "refine", [("haze", "keep")]), ("keep the denoising", "refine", [("noise", "keep")]),
    ("keep the noise reduction", "refine", [("noise", "keep")]), ("keep the dehazing", "refine", [("haze", "keep")]),
    ("cancel the brightening", "refine", [("low_light", "remove")]),
    ("take back the brightening", "refine", [("low_light", "remove")]),
    # what the result should look like
    ("make it look like daylight", "refine", [("low_light", "up")]),
    ("it should not look like day", "refine", [("low_light", "down")]),
    ("remove the rain and reflections", "refine", [("rain", "add")]),
    ("can you spot the noise and remove it?", "refine", [("noise", "add")]),
    ("I don't care for the grain", "refine", [("noise", "add")]), ("the grain was nice before", "refine", [("noise", "down")]),
    ("not so sure", "unknown", []), ("go forward", "redo", []),
    ("I don't like the second one", "unknown", [])])
def test_review_26_readings(text, intent, edits):
    inst = parse(text)
    assert inst.intent == intent and [(e.kind, e.op) for e in inst.edits] == edits and inst.version is None, inst


@pytest.mark.parametrize("text,version", [("go back to #2", 2), ("#2 please", 2), ("version 104", 104), ("redo version 3", 3)])
def test_more_version_forms(text, version):
    assert parse_rules(text).version == version


@pytest.mark.parametrize("text,premise", [
    ("can I see an A/B", {}), ("a/b please", {}), ("do an A / B with version 1", {"than": 1}),
    ("flip between them", {}), ("toggle between it and the original", {})])
def test_editing_jargon_for_a_compare(text, premise):
    """An A/B, flipping between the two: they had not been understood, or had been read as outside what it does."""
    inst = parse(text)
    assert inst.intent == "compare" and inst.premise == premise, inst
    assert parse("we did a/b testing of the captions").intent != "compare"


@pytest.mark.parametrize("text,premise", [
    ("is version 2 brighter than version 1?", {"low_light": 1, "than": 1, "of": 2}),
    ("it's darker than the first version", {"low_light": -1, "than": 1}),
    ("it's darker than the original", {"low_light": -1, "than": 0}),
    ("is it brighter than the original?", {"low_light": 1, "than": 0}), ("is it sharper?", {"blur": 1}),
    # the second to last (review 43: it had been of the result shown)
    ("is the second to last one brighter?", {"low_light": 1, "of": SECOND_LAST}),
    ("is it darker than the penultimate version?", {"low_light": -1, "than": SECOND_LAST}),
    ("the last but one was sharper", {"blur": -1, "than": SECOND_LAST})])
def test_a_comparison_names_what_it_compares(text, premise):
    """Versions compared had been carried out as edits; "than the original" had been measured against the
    result before (review 25)."""
    inst = parse(text)
    assert inst.intent == "question" and inst.premise == premise, inst


@pytest.mark.parametrize("text,intent,edits,version", [
    # review 25: everyday reactions (help text before), version words, small steps, smearing, a hint of fog
    ("not quite", "suggest", [], None), ("try something else", "suggest", [], None), ("what should I do now?", "suggest", [], None),
    ("amazing thank you so much!!", "thanks", [], None), ("sounds good", "thanks", [], None), ("I'll take this one", "thanks", [], None),
    ("scrap that", "undo", [], None), ("that's not what I asked", "undo", [], None),
    ("can I see v2 again", "undo", [], 2), ("version one please", "undo", [], 1), ("the 2nd", "undo", [], 2),
    ("go to the newest version", "undo", [], -1), ("what version is this?", "describe", [], None),
    ("can you make it less dark but not too bright", "refine", [("low_light", "up")], None),
    ("the denoising has smeared everything", "refine", [("noise", "down")], None),
    ("just a hint of fog", "refine", [("haze", "some")], None)])
def test_review_25_readings(text, intent, edits, version):
    inst = parse(text)
    assert (inst.intent, [(e.kind, e.op) for e in inst.edits], inst.version) == (intent, edits, version), inst


@pytest.mark.parametrize("text,kind,op,amount", [
    ("completely remove the fog", "haze", "add", 5.0), ("maximum denoising", "noise", "up", 5.0),
    ("as bright as possible", "low_light", "up", 5.0), ("maximum brightness", "low_light", "up", 5.0),
    ("not fully sharp", "blur", "up", 1.0), ("I don't want it completely dark", "low_light", "add", 1.0),
    ("don't completely remove the noise", "noise", "some", 1.0),  # (it had removed more)
    ("brighter without noise", "noise", "add", 1.0), ("restore it without the rain", "rain", "add", 1.0),
    ("it's fine without the rain removal", "rain", "remove", 1.0), ("it is without noise", "noise", "remove", 1.0),
    ("it's darker than the original, fix it", "low_light", "up", 1.0),  # it had darkened it further
    ("it's brighter than before, please correct it", "low_light", "down", 1.0),
    ("it looks smoother than the original, I don't like that", "noise", "down", 1.0),
    ("it came out darker than the original, please fix", "low_light", "up", 1.0),  # review 27: it had darkened
    ("darker than the original. fix", "low_light", "up", 1.0),
    ("it got darker, fix it", "low_light", "up", 1.0), ("it got a bit brighter, I don't like it", "low_light", "down", 0.5),
    ("it looks softer now, please fix it", "blur", "up", 1.0),  # a change seen, no "than" (they had gone further)
    # review 28: a result said to look wrong without a damage leaves it in (not "brighter without noise")
    ("it looks fake without the grain", "noise", "remove", 1.0), ("it looks unnatural without the fog", "haze", "remove", 1.0),
    ("brighter with no noise", "noise", "add", 1.0), ("brighten without making it blurry", "blur", "add", 1.0),
    ("remove the fog without darkening it", "low_light", "up", 1.0),
    # the damage asked for, all the way or as said (they had removed it: "make it dark and moody" brightened)
    ("make it as dark as possible", "low_light", "down", 5.0), ("as grainy as possible", "noise", "down", 5.0),
    ("make it as bright as possible and remove the noise", "low_light", "up", 5.0),
    ("make it dark and moody", "low_light", "down", 1.0), ("make it look grainy like film", "noise", "down", 1.0),
    ("as little denoising as possible", "noise", "down", 2.0), ("minimum denoising", "noise", "down", 2.0),
    ("half as much denoising", "noise", "down", 1.0), ("remove the noise as little as possible", "noise", "down", 2.0),
    ("don't fully brighten it", "low_light", "some", 1.0), ("keep as much of the fog as possible", "haze", "remove", 1.0),
    ("it's totally too dark", "low_light", "up", 1.0), ("make it brighter as soon as possible", "low_light", "up", 1.0),
    # code review 30: what had been read right before the rewrites above
    ("I want this dark photo fixed", "low_light", "add", 1.0), ("the denoising is making it soft", "blur", "add", 1.0),
    ("a bit brighter than version 2 and fix the noise", "low_light", "up", 0.5),
    ("it was nicer without the grain", "noise", "add", 1.0), ("it's better without noise", "noise", "add", 1.0),
    ("denoise without losing detail", "noise", "down", 1.0), ("brighten it without losing the grain", "noise", "down", 1.0),
    ("it's as dark as it gets", "low_light", "add", 1.0), ("at least make it a bit brighter", "low_light", "up", 0.5),
    # user review 29: each had gone the other way
    ("you removed too much grain", "noise", "down", 1.0), ("you over did the denoising", "noise", "down", 1.0),
    ("turn the sharpening off", "blur", "remove", 1.0), ("everything but the haze", "haze", "remove", 1.0),
    ("it shouldn't be darker", "low_light", "up", 1.0), ("it's not dark enough", "low_light", "down", 1.0),
    ("full denoising", "noise", "up", 5.0),
    # code review 31
    ("make it dark so it looks like night", "low_light", "down", 1.0), ("I don't want full denoising", "noise", "add", 1.0),
    ("it looks bad without the grain", "noise", "remove", 1.0), ("I'd like it as bright as possible", "low_light", "up", 5.0),
    ("it should be as sharp as possible", "blur", "up", 5.0), ("fix everything except noise and blur", "blur", "remove", 1.0),
    ("fix everything except noise and blur", "noise", "remove", 1.0),
])
def test_how_much_and_which_way(text, kind, op, amount):
    """All of it ("completely", "as ... as possible"), a damage the photo should be without, and a difference
    from the photo that is to be fixed: each edit of `kind` as said."""
    edit = next(e for e in parse(text).edits if e.kind == kind)
    assert (edit.op, edit.amount) == (op, amount), parse(text)


@pytest.mark.parametrize("text,kinds", [("undo everything except the rain removal", {"rain"}),
                                        ("keep only the denoising", {"noise"}),
                                        ("remove everything except the brightening", {"low_light"}),  # (it had kept
                                        # the darkness in: "fix everything except ..." leaves a damage)
                                        ("undo everything except the brightening and the deblocking", {"low_light", "jpeg"}),
                                        ("keep the denoising, undo the rest", {"noise"})])
def test_the_actions_kept_take_back_the_others(text, kinds):
    inst = parse(text)
    assert inst.intent == "refine" and {e.kind: e.op for e in inst.edits} == {
        k: "keep" if k in kinds else "remove" for k in KINDS}, inst
    assert parse("just keep the brightening").edits == [Edit("low_light", "keep")]  # "just" is "simply" here


@pytest.mark.parametrize("text,intent,premise,version", [
    ("how much more can you brighten it?", "question", {"room": 1}, None),
    ("is that the maximum?", "question", {"room": 1}, None),
    ("is that the best you can do?", "suggest", {}, None),
    ("which version is best?", "question", {"versions": 1}, None),
    ("version 2 was brighter", "question", {"low_light": -1, "than": 2}, None),
    ("compare version 1 and version 3", "compare", {"than": 1, "of": 3}, None),
    ("compare the first and second one", "compare", {"than": 1, "of": 2}, None),
    ("compare version 2 with the original", "compare", {"than": 0, "of": 2}, None),
    ("compare it with version 1", "compare", {"than": 1}, None),
    ("compare", "compare", {}, None),
    ("save version 2", "save", {}, 2), ("download the first one", "save", {}, 1),
    ("export as jpg", "save", {"jpeg": 1}, None), ("save version 2 as jpeg", "save", {"jpeg": 1}, 2),  # (QA 62 F08)
    ("how much can you darken it?", "question", {"room": -1}, None),  # which way (it had answered about brightening)
    ("how bright can you make it?", "question", {"room": 1}, None), ("is this as bright as it gets?", "question", {"room": 1}, None),
    ("what does maximum denoising do?", "question", {"room": 1}, None),  # (it had run the strongest denoising)
    ("how much time can it take?", "question", {}, None), ("which version is brighter?", "question",
                                                           {"low_light": 1, "versions": 1}, None),
    ("which version am I looking at?", "describe", {}, None),  # describe says "This is version N."
    ("version 2 was sharper than this", "question", {"blur": -1, "than": 2}, None),
    ("compare the first and the second", "compare", {"than": 1, "of": 2}, None),
    ("compare 1 and 3", "compare", {"than": 1, "of": 3}, None),
    ("compare version 3 with version 1", "compare", {"than": 1, "of": 3}, None),
    ("how much noise can you remove?", "question", {"room": 1}, None), ("what would you do?", "unknown", {}, None),
    ("how much more can you brighten it without making it grainier?", "question", {"room": 1}, None),
    ("what's the limit on sharpening?", "question", {"room": 1}, None),
    ("show me version 1 and 3 side by side", "compare", {"than": 1, "of": 3}, None),
    ("compare the 2nd and 3rd", "compare", {"than": 2, "of": 3}, None),
    ("which one is the sharpest?", "question", {"versions": 1, "blur": 1}, None),
    ("is this version 2?", "describe", {}, None), ("what can you fix?", "help", {}, None),
    ("how bright is it now?", "describe", {}, None), ("what happens if I say undo?", "help", {}, None),
    ("is that as clean as it gets?", "question", {"room": 1}, None),
    ("is this version 2, the brighter one?", "describe", {}, None),  # (it had made a brighter version 2)
    ("how far can you push it?", "question", {"room": 1}, None),
])
def test_versions_and_limits_asked_about(text, intent, premise, version):
    inst = parse(text)
    assert (inst.intent, inst.premise, inst.version) == (intent, premise, version), inst
    assert steps(text) == [text]  # "compare version 1 and version 3" had been a compare, then "version 3"


def test_a_damage_named_anew_takes_its_amount():
    """*it's a bit dark innit* of a result with no darkness named had added "dim", as *it's dark* does."""
    none = {k: 0.0 for k in KINDS}
    assert apply_edits(none, parse("it's a bit dark innit"), {}, restored=True)[0]["low_light"] == ADD_A_BIT
    assert apply_edits(none, parse("it's dark"), {}, restored=True)[0]["low_light"] == ADD_DEFAULT
    assert apply_edits(none, parse("completely remove the fog"), {}, restored=True)[0]["haze"] == 1.0


@pytest.mark.parametrize("text,intent,premise", [
    ("it looks darker to me", "question", {"low_light": -1}), ("it got darker", "question", {"low_light": -1}),
    ("hmm it's brighter now", "question", {"low_light": 1}), ("it looks softer", "question", {"blur": -1}),
    ("it's noisier now", "refine", {}), ("it looks darker, make it brighter", "refine", {}),
])
def test_a_difference_seen_is_measured_not_carried_further(text, intent, premise):
    """*it looks darker to me* had darkened it further (review 25); a complaint word (*noisier*) is still an edit."""
    inst = parse(text)
    assert (inst.intent, inst.premise) == (intent, premise), inst


def test_a_compare_then_a_version_are_two_steps():
    """Only a bare version joins a compare ("compare version 1 and version 3"); "go to version 1" after it is
    its own step (code review 28: the compare had been dropped)."""
    assert steps("compare it and go to version 1") == ["compare it", "go to version 1"]
    assert steps("compare version 1 and version 3") == ["compare version 1 and version 3"]
    # a request after the versions compared, or an edit before them, is a step too (it had been dropped)
    assert steps("compare version 1 and 2 and make it brighter") == ["compare version 1 and 2", "make it brighter"]
    assert steps("compare version 1 and 3 and undo") == ["compare version 1 and 3", "undo"]
    assert steps("brighter and compare with version 1") == ["brighter", "compare with version 1"]
    assert steps("show me version 1 and 3 side by side") == ["show me version 1 and 3 side by side"]
    assert steps("brighter and compare version 1 and 2") == ["brighter", "compare version 1 and 2"]  # (review 33)
    assert steps("sharpen it and show me version 1 and 2 side by side")[1] == "show me version 1 and 2 side by side"
    # review 32: these had dropped the edit, the "again" or the compare ("next to" had not been understood)
    assert steps("brighter, then compare with version 1") == ["brighter", "compare with version 1"]
    assert steps("again and compare") == ["again", "compare"]
    assert steps("show me version 1 next to version 2 and make it brighter") == [
        "show me version 1 next to version 2", "make it brighter"]
    inst = parse_rules("show me version 1 next to version 2")
    assert inst.intent == "compare" and set(inst.premise.values()) == {1, 2}, inst
    # "which is sharper" asks (it had sharpened)
    for text in ("which is sharper?", "tell me which is sharper", "can you tell me which one is brighter?",
                 "let me know which is sharper", "see which is brighter"):
        assert parse_rules(text).intent == "question", text
    assert steps("compare version 1 and version 3 and tell me which is sharper")[1] == "tell me which is sharper"
    # an edit before a compare after a comma (the edit had been dropped); "show me it next to ..." compares
    assert steps("less denoising, compare to version 1 please") == ["less denoising", "compare to version 1 please"]
    assert steps("brighter, less noise, compare") == ["brighter, less noise", "compare"]
    assert steps("brighter, what do you see now?") == ["brighter", "what do you see now?"]
    assert steps("brighter, and show me it next to the original") == ["brighter", "show me it next to the original"]
    assert parse_rules("show me it next to the original").intent == "compare"
    assert steps("ok, compare") == ["ok, compare"] and steps("no, compare") == ["no, compare"]


@pytest.mark.parametrize("text,kind", [("reset the brightness", "low_light"), ("reset the noise", "noise"),
                                       ("go back to the original brightness", "low_light")])
def test_one_quality_reset_is_that_kind_as_the_photo_has_it(text, kind):
    """They had started over, resetting everything (review 27)."""
    assert parse(text).edits == [Edit(kind, "remove")], parse(text)
    assert parse("undo just the brightening").about == ["low_light"]
    assert parse("how many versions are there?").premise == {"versions": 2}


@pytest.mark.parametrize("text,premise", [
    # review 32: these had edited the photo ("is 2 brighter than 1?" brightened, "which has less haze?" dehazed)
    ("which has more noise?", {"noise": -1}), ("which one has less haze?", {"haze": 1}),
    ("is 2 brighter than 1?", {"low_light": 1, "than": 1, "of": 2}),
    # a pair named at the end is what is compared (it had been the last step)
    ("which is brighter, 1 or 2?", {"low_light": 1, "than": 1, "of": 2, "which": 1}),
    ("which one's sharper, version 1 or version 3?", {"blur": 1, "than": 1, "of": 3, "which": 1}),
    ("which is darker: the first or the second one?", {"low_light": -1, "than": 1, "of": 2, "which": 1}),
    ("which is better, 1 or 2?", {"last": 1, "than": 1, "of": 2, "which": 1}),
    ("which versions do I have?", {"versions": 2}),
    # a superlative is of every version, with what is measured (without "one" it had been of the last step;
    # "smoothest" had been "corrected" to "smoother"); "more blurry" is "blurrier"
    ("which is the brightest?", {"versions": 1, "low_light": 1}), ("which is the smoothest?", {"versions": 1, "noise": 1}),
    ("which is the sharpest?", {"versions": 1, "blur": 1}), ("which is more blurry?", {"blur": -1}),
    ("which is the most noisy?", {"versions": 1, "noise": -1}), ("which has the least noise?", {"versions": 1, "noise": 1}),
    # review 37: "v1", "version1" and ordinals without "one" (they had edited the photo, or been of the result shown);
    # the upload in a pair; "least noisy" (it had been "much less noisy"); haze and blur ranked too
    ("is v2 brighter than v1?", {"low_light": 1, "than": 1, "of": 2}), ("is v1 darker?", {"low_light": -1, "of": 1}),
    ("is version1 darker than version2?", {"low_light": -1, "than": 2, "of": 1}),
    ("is the second brighter than the first?", {"low_light": 1, "than": 1, "of": 2}),
    ("which is brighter, the original or version 1?", {"low_light": 1, "than": 0, "of": 1, "which": 1}),
    ("which is the least noisy?", {"versions": 1, "noise": 1}), ("which is the haziest?", {"versions": 1, "haze": -1}),
    # the upload named first is what is measured (it had been the result shown, or "this is version 2")
    ("is the original brighter than v2?", {"low_light": 1, "than": 2, "of": 0}),
    ("was the original photo darker?", {"low_light": -1, "of": 0}),
    ("is the upload noisier than version 1?", {"noise": -1, "than": 1, "of": 0})])
def test_questions_of_versions_are_asked_not_carried_out(text, premise):
    inst = parse_rules(text)
    assert inst.intent == "question" and not inst.edits and inst.premise == premise, inst


def test_again_but_less_asks_for_a_smaller_step():
    """Review 32: *again, but a bit less* had been a step back ("a bit less" of the last change)."""
    for text in ("again, but a bit less", "again but less", "do it again but not so much", "again, a smaller step please"):
        assert parse_rules(text).premise == {"again": 1, "smaller": 1}, text
    assert parse_rules("a bit less").scale == "down" and not parse_rules("again").premise.get("smaller")


def test_the_difference_asked_is_of_what_was_compared_last():
    """*what's the difference?* after *compare version 1 and 2* had shown the upload beside the result."""
    for text in ("what's the difference?", "what are the differences?", "what is the difference between them?"):
        inst = parse_rules(text)
        assert inst.intent == "compare" and inst.premise == {"shown": 1}, (text, inst)
    assert parse_rules("compare").premise == {} and parse_rules("what's the difference between version 1 and 3?").premise == {
        "than": 1, "of": 3}
    assert steps("what's the difference and make it brighter") == ["what's the difference", "make it brighter"]


def test_code_review_36_readings():
    """A count is no version ("is 2 times brighter too much" had been a question about version 2); a complaint of
    the differences, or of the scene beside something, is no compare; "next to" keeps the order said; "again" before
    a compare of a version is a step of its own; "versions 1 and 2" of an edit is the first, and a word of the other."""
    for text in ("is 1 step brighter enough?", "is 2 times brighter too much", "is 2 levels darker better"):
        assert parse_rules(text).intent == "refine", text
    assert parse_rules("the differences are too small, make it stronger").scale == "up"
    assert parse_rules("I can't see any differences").premise == {"last": 1}
    inst = parse_rules("the part beside the photo frame is too dark")
    assert inst.intent == "refine" and inst.edits == [Edit("low_light", "up")], inst
    assert parse_rules("show me version 1 next to version 2").premise == {"than": 1, "of": 2}
    assert steps("again and compare with version 1") == ["again", "compare with version 1"]
    assert steps("again, then compare with version 1") == ["again", "compare with version 1"]
    inst = parse_rules("make versions 1 and 2 brighter")
    assert inst.version == 1 and inst.premise == {"also": 2}, inst
    assert parse_rules("make version 1 and 20% brighter").premise == {"percent": 20.0}  # a share, no version


@pytest.mark.parametrize("text, intent", [
    ("bye, thanks!", "thanks"), ("goodbye", "thanks"), ("see you later", "thanks"), ("thanks, bye", "thanks"),
    ("have a nice day", "thanks"),
    ("next version", "redo"), ("newer version", "redo"), ("the next one please", "redo"), ("forward", "redo"),
    ("go to the next version", "redo"), ("show me the next one", "redo"),
    ("go back to the start", "start_over"), ("go back to the beginning", "start_over"), ("go back", "undo"),
    ("compare them next to each other", "compare")])
def test_goodbyes_the_next_version_and_the_start(text, intent):
    """Review 44: goodbyes had the help text, "next version" had undone ("go to the next version" restored
    again), and "go back to the start" had undone one step."""
    assert parse(text).intent == intent


@pytest.mark.parametrize("text", ["it looks a bit artificial", "it looks unnatural", "hmm it looks kind of fake now"])
def test_an_unnatural_look_asks_for_the_last_change_weaker(text):
    """Review 44: they had the help text ("it looks fake" had been less denoising, whatever the last change was)."""
    inst = parse(text)
    assert inst.intent == "refine" and inst.scale == "down" and not inst.edits and not inst.outside


@pytest.mark.parametrize("text, outside", [
    ("blur the background", "part"), ("make the background blurry", "part"), ("add some blur to the background", "part"),
    ("add bokeh", "part"), ("make it warmer", "colour"), ("make it cooler", "colour"), ("add some warmth", "colour"),
    ("too cold", "colour"), ("the colours look unnatural", "colour")])
def test_blur_put_into_a_part_and_warmth_are_outside(text, outside):
    """Review 44: "blur the background" had sharpened the whole photo (blur named: taken out), warmth had the
    help text."""
    inst = parse(text)
    assert inst.intent == "outside" and inst.outside == [outside] and not inst.edits, inst


@pytest.mark.parametrize("text, premise", [
    ("use the brightest one", {"low_light": 1, "most": 1}), ("ok, go with the darkest", {"low_light": -1, "most": 1}),
    ("show me the sharpest version", {"blur": 1, "most": 1}), ("I'll take the smoothest one, thanks", {"noise": 1, "most": 1})])
def test_a_version_chosen_by_what_it_has_most_of(text, premise):
    """Review 44: "use the brightest one" had brightened again, "go with the brightest" restored again."""
    inst = parse(text)
    assert inst.intent == "undo" and inst.premise == premise and inst.version is None


@pytest.mark.parametrize("text, intent, version", [
    ("show me the latest", "undo", -1), ("actually no, the newest one", "undo", -1), ("the latest", "undo", -1),
    ("previous", "undo", None), ("the original please", "compare", None), ("original", "compare", None),
    ("what did it look like before?", "compare", None), ("save the latest", "save", -1)])
def test_versions_named_in_few_words(text, intent, version):
    """Review 44: each had the help text."""
    inst = parse(text)
    assert inst.intent == intent and inst.version == version, inst


def test_the_original_named_last_in_a_compare_is_not_a_compare_of_its_own():
    assert steps("compare 1, 2 and the original") == ["compare 1, 2 and the original"]


@pytest.mark.parametrize("text, outside", [("make it HD", "geometry"), ("make it look vintage", "effect"),
                                           ("add a vignette", "effect"), ("add an HDR effect", "effect"),
                                           # review 46: a style asked for (it had been less denoising)
                                           ("make it look like a painting", "effect"), ("turn it into a cartoon", "effect"),
                                           ("make it look like an oil painting", "effect")])
def test_effects_and_hd_are_outside(text, outside):
    """Review 44: they had the help text; film grain added is still less denoising, vignetting removed the scene's."""
    # a style's words ask nothing of the grain, and a request beside it stands (review 48: it had been dropped)
    inst = parse("make it look like a painting but remove the noise")
    assert [(e.kind, e.op) for e in inst.edits] == [("noise", "add")] and inst.outside == ["effect"]
    assert parse("don't turn it into a painting").outside == []  # no effect asked for
    # detail in the shadows is no request for more shadows (review 48: it had darkened)
    assert ("low_light", "down") not in [(e.kind, e.op) for e in parse("bring out more detail in the shadows").edits]
    inst = parse(text)
    assert inst.intent == "outside" and inst.outside == [outside], inst
    assert parse("add some film grain").edits == [Edit("noise", "down")]
    assert parse("remove the vignetting").outside == ["scene"] and parse("keep the vintage look").outside != ["effect"]


@pytest.mark.parametrize("text, intent", [
    ("it doesn't look fake anymore", "unknown"), ("it is not fake", "unknown"), ("it's not unnatural", "unknown"),
    ("make the background less blurry", "refine"), ("that's cooler!", "unknown"), ("way cooler now", "unknown"),
    ("save the previous", "unknown"), ("no version 2 please", "unknown"), ("it's hd now, thanks", "unknown"),
    ("go back to the very beginning", "start_over"), ("the next one, please", "redo"), ("forward please", "redo")])
def test_the_new_words_in_their_other_meanings(text, intent):
    """Code review 45 of review 44's rules: negated, said of less blur, praise, or asked differently (the first
    had weakened the result, "make the background less blurry" had been a part, "that's cooler!" colour, "save
    the previous" saved the one shown, "no version 2 please" gone to it, "the very beginning" restored again)."""
    assert parse_rules(text).intent == intent, parse_rules(text)


def test_blur_kept_out_of_the_background_is_no_part():
    inst = parse("the face is blurry, don't blur the background")
    assert inst.intent == "refine" and inst.edits == [Edit("blur", "add")] and "part" not in inst.outside
    assert parse("can you use a filter to sharpen it").outside == []


def test_the_oldest_is_the_first_and_more_of_an_effect_is_an_effect():
    """Code review 45: "compare the newest and the oldest" had compared the upload, "make it more vintage" had
    been "stronger"."""
    assert parse("compare the oldest and the newest").premise == {"than": 1, "of": -1}
    assert parse("show me the oldest").version == 1
    inst = parse("make it more vintage")
    assert inst.intent == "outside" and inst.outside == ["effect"] and inst.scale is None


@pytest.mark.parametrize("text, intent, edits, premise", [
    # helper 52's conversations (runs/qa52a): each had been read as written on the right
    ("is rain still there or no?", "question", [], {}),  # more rain removed
    ("the mist should stay, why did it get clearer?", "refine", [("haze", "remove")], {}),  # the mist removed
    ("get rid of the rain and sharpen, quick", "refine", [("blur", "up"), ("rain", "add")], {}),  # no sharpening
    ("Could you reintroduce a little luminance grain for a filmic look?", "refine", [("noise", "down")], {}),  # more
    # denoising
    ("I want the streaks gone but it should still feel like night", "refine", [("low_light", "some"), ("rain", "add")],
     {}),  # brightened
    ("please restore it but don't treat the scratches as rain", "refine", [("rain", "remove")], {}),  # more rain removal
    ("omg 2 smooth now, skin looks fake", "refine", [("noise", "down")], {}),  # "I cannot retouch skin"
    ("no the brighter one", "undo", [], {"low_light": 1, "most": 2}),  # the darker version
    ("if I say restore, what will you change exactly?", "describe", [], {}),  # a restore
    ("save that one", "save", [], {}), ("k save", "save", [], {}), ("ok good, download", "save", [], {}),  # the help
    ("Export a full-resolution TIFF please.", "save", [], {}),  # text, and the last a restore
    ("how do I keep it on my computer?", "save", [], {}),
    ("Thank you very much for your help!", "thanks", [], {}), ("looks gorgeous, thx", "thanks", [], {}),
    ("waaay better ty", "thanks", [], {}), ("that one is good", "thanks", [], {}), ("that's the keeper", "thanks", [], {}),
    ("whatever, fine", "leave", [], {}),
    ("anything wrong with this one?", "describe", [], {}), ("What sigma are you assuming now?", "describe", [], {}),
    ("can anything be saved?", "describe", [], {}), ("what does sigma even mean", "question", [], {"meaning": 1}),
    ("meh, put it back how it was", "undo", [], {}), ("I liked the other one better", "undo", [], {}),
    ("shadows are still muddy, open them up", "refine", [("low_light", "up")], {}),
    ("the highlights on the dress are blowing out now", "refine", [("low_light", "down")], {}),
    ("forward one", "redo", [], {}), ("hi there! how are you today?", "greeting", [], {}),
    ("by another 10%", "refine", [], {"percent": 10.0}), ("10% more", "refine", [], {"percent": 10.0}),
    ("Tone down the streaks but don't make it look like it never rained", "refine", [("rain", "some")], {}),  # all
    ("don't remove the rain completely", "refine", [("rain", "some")], {}),  # the rain had been left in
    ("somewhere in between", "refine", [], {"between": 1}), ("a happy medium", "refine", [], {"between": 1}),
    # and what a code review of those rules found them misreading (runs/review52b)
    ("brighten it. what do you think?", "refine", [("low_light", "up")], {}),
    ("reduce the noise by 50% and brighten a bit", "refine", [("low_light", "up"), ("noise", "up")],
     {"share": 50.0}),  # (the noise's figure, which the reply says it does not aim at: QA 73 F14)
    ("I'm 100% sure it should be brighter", "refine", [("low_light", "up")], {}),
    ("what camera was this taken with? please remove the noise", "refine", [("noise", "add")], {}),
    ("i liked the other one better, can you make this one brighter?", "refine", [("low_light", "up")], {}),
    ("the streaks should stay out of it", "refine", [("rain", "add")], {}),
    ("remove the rain and denoise", "refine", [("noise", "add"), ("rain", "add")], {}),
    ("brighten it but it should still feel like night", "refine", [("low_light", "some")], {}),
    ("no, the brighter one", "undo", [], {"low_light": 1, "most": 2}),
    ("brighter but keep the grain as is", "refine", [("low_light", "up"), ("noise", "keep")], {}),  # more grain
    ("what's version 1 vs version 2 exactly", "compare", [], {"than": 1, "of": 2}),  # the help text
    ("what's the dark channel value now vs before?", "question", [], {}),  # brightened
    ("a little more rain visible please", "refine", [("rain", "down")], {}),  # more rain removed
    ("what's the best you can do with this?", "suggest", [], {}),  # the help text
    # helper 52c's conversations on real photos (runs/qa52c)
    ("brighter by 25%", "refine", [("low_light", "up")], {"percent": 25.0}), ("go 10% further", "refine", [],
                                                                              {"percent": 10.0}),
    ("split the difference", "refine", [], {"between": 1}), ("meet me halfway", "refine", [], {"between": 1}),
    ("can you tell me a joke?", "outside", [], {}), ("who took this photo?", "outside", [], {}),
    ("no sorry I meant less grain", "refine", [("noise", "up")], {"meant": 1}),  # (no correction: qa52a F15)
])
def test_review_52_phrasings(text, intent, edits, premise):
    inst = parse_rules(text)
    if premise.get("meant"):
        assert inst.correction == "replace", inst
    assert (inst.intent, sorted((e.kind, e.op) for e in inst.edits), inst.premise) == (intent, sorted(edits), premise), inst


def test_held_letters_are_read_as_the_word_but_held_interjections_keep_their_weight():
    """"waaay better" is "way better", "sooo grainy" "so grainy"; "noooo" still takes the last change back, as a
    plain "no" does not; digits are no letters ("version 111" had been version 1)."""
    assert parse_rules("its sooo grainy").edits == parse_rules("its so grainy").edits != []
    assert parse_rules("noooo").intent == "undo" and parse_rules("hmmm").intent == "suggest"
    assert parse_rules("version 111").version == 111 and parse_rules("the highlights were blowing out before, now fine"
                                                                      ).intent != "refine"
    assert "percent" not in parse_rules("the sky is half as bright as it should be").premise
    # a held word whose one-letter form is a word too is the common word (review 53: "offf" had been "of", and
    # turning the sharpening off had sharpened more)
    assert parse_rules("a bit lesss").scale == parse_rules("a bit less").scale == "down"
    assert parse_rules("turn the sharpening offf").edits == parse_rules("turn the sharpening off").edits
    assert [(e.kind, e.op) for e in parse_rules("turn the sharpening off").edits] == [("blur", "remove")]
    assert parse_rules("mooore grain").edits == parse_rules("more grain").edits != []


def test_helper_53a_phrasings():
    """Rain asked for as an effect is no rain to remove; a version and an edit of it are both done; chat spellings and
    questions about one version are read; the resolution is no restore."""
    for text in ("add some rain for atmosphere", "make it rainy", "add rain"):
        r = parse_rules(text)
        assert r.intent == "outside" and r.outside == ["effect"] and not r.edits, text
    assert [(e.kind, e.op) for e in parse_rules("put some rain back").edits] == [("rain", "down")]
    for text in ("add rain removal", "can you add rain removal and sharpen"):  # (review 53b: read as the effect)
        assert ("rain", "add") in [(e.kind, e.op) for e in parse_rules(text).edits], text
    assert parse_rules("make it look like it's raining").outside == ["effect"]
    for text in ("go back to version 1 but keep it", "go back to version 1 but not on top of this"):
        assert parse_rules(text).intent == "undo" and parse_rules(text).version == 1, text  # (review 53b)
    for text in ("what's version 2?", "what did version 3 change"):
        assert parse_rules(text).premise == {"versions": 2}, text
    r = parse_rules("go back to version 2 but keep the grain")
    assert r.intent == "refine" and r.version == 2 and [(e.kind, e.op) for e in r.edits] == [("noise", "down")]
    assert parse_rules("go back to version 2").intent == "undo"
    assert parse_rules("wat you changed?").intent == parse_rules("what you changed?").intent == "question"
    assert parse_rules("go bak").intent == "undo"
    for text in ("what was version 1?", "tell me about version 2", "what did version 1 have?"):
        assert parse_rules(text).premise == {"versions": 2}, text
        assert parse_rules(text).version == int(text.split("version ")[1][0]), text  # (QA 62 F10: "no version 2 yet")
    for text in ("enhance resolution", "improve the resolution"):
        assert parse_rules(text).intent == "outside", text
    assert parse_rules("enhance it").intent == "restore"


def test_a_share_said_as_a_sliders_setting_is_read():
    """Helper 52c: "exposure +20%" and "up the brightness 20%" had the help text."""
    for text, op in (("exposure +20%", "up"), ("brightness -15%", "down"), ("up the brightness 20%", "up")):
        r = parse_rules(text)
        assert [(e.kind, e.op) for e in r.edits] == [("low_light", op)] and r.premise["percent"] in (20, 15), text


def test_a_mean_brightness_to_reach_is_read():
    """QA 61 F12: "set brightness to 80%" had the help text while "make it 20% brighter" was read; the Assistant
    turns the mean brightness into a share of the image shown (its way too). A share said as a slider's change, or a
    setting said as done, is not one."""
    for text, want in (("set brightness to 80%", 80), ("Set the brightness to 65 percent please", 65),
                       ("bring the exposure up to 70%", 70), ("brightness to 40%", 40), ("make the brightness 55%", 55)):
        r = parse_rules(text)
        assert r.intent == "refine" and [e.kind for e in r.edits] == ["low_light"] and r.premise == {"brightness_to": want}, text
    assert parse_rules("set brightness to +20%").premise == {"percent": 20}
    assert "brightness_to" not in parse_rules("I set the brightness to 80% myself").premise


@pytest.mark.parametrize("text,kind,op,amount", [
    ("make it 2 stops darker", "low_light", "down", 2.0), ("darker x2", "low_light", "down", 2.0),
    ("two steps brighter", "low_light", "up", 2.0), ("3x sharper", "blur", "up", 3.0),
    ("brighter by 10 stops", "low_light", "up", FULL), ("make it 1 stop brighter", "low_light", "up", NORMAL),
    ("brightness +2", "low_light", "up", 2.0), ("brightness -1", "low_light", "down", NORMAL),
    ("exposure -2", "low_light", "down", 2.0), ("make it 10 points less bright", "low_light", "down", NORMAL),
    ("increase brightness by 2", "low_light", "up", 2.0), ("darker twice", "low_light", "down", 2.0),
    ("2 more steps brighter", "low_light", "up", 2.0),  # review 57 F6; not a print's size or a count of asking (F4):
    ("make this 8 x 10 print darker", "low_light", "down", NORMAL), ("brighten my 4 x 6 photo", "low_light", "up", NORMAL),
    ("I've asked 3 times to make it brighter", "low_light", "up", NORMAL), ("zoom 2x and brighten", "low_light", "up", NORMAL),
    # review 57 F6: a slider's setting in other forms, a count after the change, a small step repeated; no count of what
    # the photo has
    ("brightness up 2", "low_light", "up", 2.0), ("set brightness to +2", "low_light", "up", 2.0),
    ("brightness: +2", "low_light", "up", 2.0), ("turn up the brightness by 2", "low_light", "up", 2.0),
    ("sharpness +2", "blur", "up", 2.0), ("brightness +10", "low_light", "up", FULL),
    ("make it darker, like 2 stops", "low_light", "down", 2.0), ("make it brighter, 3 steps please", "low_light", "up", 3.0),
    ("a bit brighter x2", "low_light", "up", 2 * A_BIT), ("it has 2 levels of noise", "noise", "add", NORMAL),
    ("there are 2 levels of noise in it", "noise", "add", NORMAL)])
def test_a_count_of_steps_is_that_many_steps(text, kind, op, amount):
    """QA 56 F11: "make it 2 stops darker" and "darker x2" had made one plain step, the count unsaid; "brightness +2"
    had the help text, and "brightness -1" had brightened. Review 57 F4: a print's size ("8 x 10") and a count of
    asking had become steps. Review 57 F6: "brightness up 2", "make it darker, like 2 stops" had been one step;
    "set brightness to +2", "brightness: +2", "brightness +10" the help text; "a bit brighter x2" two whole steps;
    "it has 2 levels of noise" two steps more denoising."""
    assert [(e.kind, e.op, e.amount) for e in parse(text).edits] == [(kind, op, amount)], parse(text)


def test_a_count_beyond_the_strongest_setting_is_capped_and_a_sliders_contrast_is_more_contrast():
    """Review 57 F6: "make it 10 stops darker" had been five steps with nothing for the reply to say; "brightness +3,
    contrast +1" had dropped the contrast unsaid (it reads as "raise the contrast": dehazing, whose reply says this
    network has no contrast control where there is no haze)."""
    for text in ("make it 10 stops darker", "brightness +10"):
        r = parse_rules(text)
        assert [e.amount for e in r.edits] == [FULL] and r.premise.get("steps") == 10, (text, r)
    assert "steps" not in parse_rules("make it 5 stops darker").premise
    r = parse_rules("brightness +3, contrast +1")
    assert {(e.kind, e.op, e.amount) for e in r.edits} == {("low_light", "up", 3.0), ("haze", "up", NORMAL)}, r
    assert [(e.kind, e.op) for e in parse_rules("contrast -1").edits] == [("haze", "down")]


def test_a_change_asked_both_ways_is_a_question():
    """Review 57 F7: "make it 20% darker and 2 stops brighter" had been 20% brighter (the later half made, with the
    earlier's share); halves that contradict are asked about, nothing made. A change of mind is the later half, and a
    clause that says what the photo is, or limits the change, asks no way. QA 73: a change asked and asked off
    ("brighter but keep it dark") had been taken off alone (the result as uploaded, mean brightness 51% -> 10%)."""
    for text, kinds in (("make it 20% darker and 2 stops brighter", ["low_light"]),
                        ("make it darker and 2 stops brighter", ["low_light"]), ("darker but brighter", ["low_light"]),
                        ("brighten it and darken it", ["low_light"]), ("more denoising and less denoising", ["noise"]),
                        ("brighter but keep it dark", ["low_light"]), ("keep it dark but brighter", ["low_light"]),
                        ("sharper but keep it soft", ["blur"]), ("dehaze but keep the haze", ["haze"])):
        inst = parse_rules(text)
        assert inst.intent == "refine" and inst.premise.get("opposed") and inst.about == kinds and not inst.edits, (text, inst)
    inst = parse_rules("brighter and remove the noise and darker")  # the rest is kept for after the answer
    assert inst.premise.get("opposed") and [(e.kind, e.op) for e in inst.edits] == [("noise", "add")], inst
    assert parse_rules("brighten the face and darken the background").outside == ["part"]
    for text, op in (("make it darker, no, brighter", "up"), ("make it darker, or rather brighter", "up"),
                     ("darker... actually brighter", "up"), ("it's darker now, make it brighter", "up"),
                     ("it looks darker than the original, make it brighter", "up"),
                     ("it's too bright, make it darker", "down"), ("make it brighter, not darker", "up"),
                     ("brighter, no, keep it dark", "remove"), ("it's a night shot, keep it dark", "remove")):
        inst = parse_rules(text)
        assert not inst.premise.get("opposed") and [(e.kind, e.op) for e in inst.edits] == [("low_light", op)], (text, inst)
    assert [(e.kind, e.op) for e in parse_rules("the de-blocking made it look painted, ease off it").edits] == [("jpeg", "down")]


def test_a_complaint_of_more_noise_is_not_a_request_for_it_nor_a_verb_after_then_taken_back():
    """Review 53: "more noise in it now than before" had left more noise in (a rewrite for "more rain visible please"
    caught it), and "remove the rain and then sharpen" had taken the sharpening off."""
    for text in ("more noise in it now than before", "more noise visible now than in the original", "more noise in it now"):
        assert [(e.kind, e.op) for e in parse_rules(text).edits] == [("noise", "up")], text
    assert [(e.kind, e.op) for e in parse_rules("a little more rain visible please").edits] == [("rain", "down")]
    for text in ("remove the rain and then sharpen", "remove the rain, and sharpen", "remove the rain and also sharpen",
                 "remove the rain and sharpen"):
        assert {(e.kind, e.op) for e in parse_rules(text).edits} == {("rain", "add"), ("blur", "up")}, text
    assert {(e.kind, e.op) for e in parse_rules("remove the rain, then the fog").edits} == {("rain", "add"), ("haze", "add")}


def test_questions_of_saving_a_file_or_of_camera_advice_are_not_of_the_photos_damage():
    """Review 53: "can it be saved as a png?" had got a damage report (read as "can it be salvaged?"), and "which
    camera is best for low light" an answer about this photo's camera."""
    assert parse_rules("can it be saved as a png?").intent != "describe"
    assert parse_rules("can anything be saved?").intent == "describe"
    for text in ("which camera is best for low light", "what phone do you recommend for night shots"):
        assert parse_rules(text).outside == ["chat"], text
    for text in ("what camera was this taken with", "which camera took this", "what lens is this"):
        assert parse_rules(text).outside == ["content"], text


@pytest.mark.parametrize("text, outside", [
    # helper 54b: these had the help text, or a plain restore ("fix his face"), not what cannot be done
    ("remove the date", "overlay"), ("remove the writing", "overlay"), ("remove the white border", "geometry"),
    ("get rid of the border", "geometry"), ("make me look younger", "retouch"), ("fix his face", "retouch"),
    ("remove the spots", "damage")])
def test_everyday_requests_outside_what_it_does_are_named(text, outside):
    inst = parse(text)
    assert inst.intent == "outside" and inst.outside == [outside], inst
    # a colour cast beside an edit is said to stay (the dehaze had made a yellowed print more yellow, unsaid)
    inst = parse("the colours are faded and yellow, can you fix that")
    assert [(e.kind, e.op) for e in inst.edits] == [("haze", "add")] and inst.outside == ["colour"]
    assert parse("the colours look washed out").outside == []  # the colours as the subject of the edit
    assert parse("better pls").intent == parse("better please 🙏").intent == "restore"


def test_a_mind_changed_mid_message_leaves_what_came_before():
    """Speech typed: what follows "no wait", "no actually", "never mind" is the request (helper 54b: the undo
    before it had been done)."""
    assert parse("undo no wait keep it").intent == "leave"
    inst = parse("go back, no actually, make it darker")
    assert inst.intent == "refine" and [(e.kind, e.op) for e in inst.edits] == [("low_light", "down")]
    for text in ("undo. never mind", "ok never mind then", "never mind"):
        assert parse(text).intent == "leave", text
    assert parse("no wait, brighter").intent == "refine"  # said first, nothing to take back
    # "start over but keep the grain" is two steps (helper 54a: the keep had been dropped); "undo but ..." is one
    assert steps("start over but keep the grain") == ["start over", "keep the grain"]
    assert steps("undo but keep the grain") == ["undo but keep the grain"]


def test_questions_of_other_versions_are_compares_and_thanks_before_a_question_is_the_question():
    """Helper 54a: these had described the result shown, or had the help text."""
    for text in ("whats different between 2 and 4?", "what's the difference between 2 and 4?"):
        inst = parse(text)
        assert inst.intent == "compare" and inst.premise == {"than": 2, "of": 4}, (text, inst)
    inst = parse("is this the same as version 1?")
    assert inst.intent == "compare" and inst.premise == {"than": 1}, inst
    for text in ("thx, which one is best?", "thanks! which one is best?"):
        assert parse(text).intent == "question" and parse(text).premise == {"versions": 1}, text
    assert parse("thanks!").intent == parse("thank you, that is great").intent == "thanks"


def test_the_words_of_a_changed_mind_or_of_outside_requests_in_other_roles():
    """Review 54: each of these had been misread by this session's new rules."""
    assert parse("remove the scratch that runs across the top").outside == ["damage"]  # no "scratch that"
    inst = parse("brighten it, never mind the noise")  # "never mind X" is leaving X
    assert [(e.kind, e.op) for e in inst.edits] == [("low_light", "up"), ("noise", "remove")], inst
    assert parse("it's actually no better").intent != "thanks"
    inst = parse("brighter. actually, no need to touch the noise")
    assert [(e.kind, e.op) for e in inst.edits] == [("low_light", "up"), ("noise", "remove")], inst
    inst = parse("the sun is blinding in the picture, remove the haze")
    assert [(e.kind, e.op) for e in inst.edits] == [("haze", "add")], inst
    for text in ("remove the white border noise", "remove the text noise", "remove the spots of noise"):
        assert parse(text).outside == [] and [(e.kind, e.op) for e in parse(text).edits] == [("noise", "add")], text
    for text in ("brighter, the dress is yellow", "remove the haze from the yellow flowers"):
        assert parse(text).outside == [], text
    assert parse("whats different between the noise and the grain").intent != "compare"
    assert steps("start over but make it darker") == ["start over", "less brightening"]  # of the restore (review 54 F5)
    assert steps("start over but a bit darker") == ["start over", "a bit less brightening"]
    assert steps("start over but make it 3 stops darker") == ["start over", "much less brightening"]
    # a share or a part: of a fresh restore, where the share is aimed at and the part said (review 56b F5: they had
    # been "less brightening", dropped unsaid)
    assert steps("start over but make it 20% darker") == ["start over", "restore", "make it 20% darker"]
    assert steps("start over but darken the sky") == ["start over", "restore", "darken the sky"]


def test_words_that_read_two_ways_read_one_way():
    """Review 54 F9 / F11, qa54b F07 / F08, qa53a F11: "deepen the shadows" had been unknown and "deepen the blacks"
    more contrast while "deeper blacks" darkened; "enhance the face" restored while "fix the face" said faces are not
    retouched; "✨ better pls ✨" and "better?" got the help text while "better pls" restored; "less of the points"
    (speckles) was dropped."""
    for text in ("deepen the shadows", "deeper shadows", "deepen the blacks", "deeper blacks please"):
        assert [(e.kind, e.op) for e in parse(text).edits] == [("low_light", "down")], text
    for text in ("fix the face", "fix their faces", "enhance the face", "improve my face", "enhance face"):
        assert parse(text).intent == "outside" and parse(text).outside == ["retouch"], text
    assert parse("enhance it").intent == parse("improve the photo").intent == "restore"
    assert parse("make it look like a professional camera took it").outside == ["effect"]  # had been unknown
    for text in ("✨ better pls ✨", "better?", "better pls"):
        assert parse(text).intent == "restore", text
    inst = parse("Please to make more light and less of the points")
    assert [(e.kind, e.op) for e in inst.edits] == [("low_light", "up"), ("noise", "add")], inst
    assert [(e.kind, e.op) for e in parse("5 points brighter").edits] == [("low_light", "up")]


def test_after_the_nth_step_names_two_word_actions_and_no_other():
    """Review 56b F1: "after the first noise reduction" had read one word ("noise"), so it went to the first step of
    any kind; "after the first time I brightened it" too. Two-word actions are read; steps named otherwise are not."""
    for text, premise in (("go back to how it was after the first noise reduction", {"after": 1, "noise": 1}),
                          ("back to how it was after the first haze removal please", {"after": 1, "haze": 1}),
                          ("set it back to how it was after the first brighten", {"after": 1, "low_light": 1}),
                          ("back to after the second change", {"after": 2})):
        inst = parse(text)
        assert inst.intent == "undo" and inst.premise == premise, (text, inst)
    assert parse("go back to how it was after the first time I brightened it").premise == {"after": 1, "low_light": 1}
    assert "after" not in parse("go back to how it was after the first coffee").premise
    for text in ("don't go back to how it was after the first brighten", "don't go back to version 1"):  # nothing
        assert parse(text).intent == "leave", text  # (review 56b F6: the first had brightened, the second undone)
    inst = parse("don't go back to version 1 but make it brighter")
    assert inst.intent == "refine" and inst.version is None and [e.op for e in inst.edits] == ["up"], inst


def test_the_faces_lighting_or_sharpness_is_a_restore_not_a_retouch():
    """Review 56b F4: "improve the face's lighting", "enhance the face details" had been refused as retouching, with
    no result; the face itself stays outside."""
    for text in ("improve the face's lighting", "enhance the faces' sharpness", "enhance the faces in this old photo",
                 "enhance the face details", "improve the face area"):
        inst = parse(text)
        assert inst.intent == "restore" and "retouch" not in inst.outside, (text, inst)
    for text in ("enhance the face", "fix the face", "improve my face"):
        assert parse(text).outside == ["retouch"], text


def test_a_face_asked_beside_another_request_is_said():
    """Review 56b F8: "enhance the face and the colours" had been answered of the colours alone, and "enhance the
    faces and remove the noise" denoised with no word of the faces."""
    inst = parse("enhance the face and the colours")
    assert inst.intent == "outside" and sorted(inst.outside) == ["colour", "retouch"], inst
    for text, kind in [("enhance the faces and remove the noise", "noise"), ("fix her face and make it brighter",
                                                                             "low_light")]:
        inst = parse(text)
        assert inst.outside == ["retouch"] and [e.kind for e in inst.edits] == [kind], (text, inst)
    assert parse("restore the photo and enhance the face").outside == ["retouch"]
    for text in ("enhance the face and the background", "fix her face and everything else", "fix the face and the sky",
                 "improve the faces and the quality"):  # the photo restored (review 57 F1: they had become the
        inst = parse(text)  # face's refusal alone, nothing run)
        assert inst.intent == "restore" and inst.outside == ["retouch"], (text, inst)
    assert parse("fix the face and the scratches").outside == ["damage", "retouch"]  # both beyond the network
    assert parse("sharpen the face").outside == ["part"]  # its sharpness is the photo's (review 57 F5)
    # the face's lighting beside a request is the photo's, and skin words may be the edit's subject: no note
    assert parse("improve the face's lighting and remove the noise").outside == []
    assert parse("brighter, her face looks plastic").outside == []


def test_shadows_made_deeper_are_darker():
    """Review 56b F2: "make the shadows deeper" (the commonest word order) had brightened."""
    for text in ("make the shadows deeper", "the shadows should be deeper", "make the shadows a bit deeper",
                 "make the blacks deeper", "can you make the shadows deeper?"):
        inst = parse(text)
        assert [(e.kind, e.op) for e in inst.edits] == [("low_light", "down")] and inst.premise == {"blacks": 1}, (text, inst)


@pytest.mark.parametrize("text", ["keep all the grain", "keep all of the film grain please", "keep all the noise"])
def test_keep_all_the_grain_leaves_the_noise_in(text):
    """It had been one step of less denoising (about a fifth of the grain kept: QA 56 F09)."""
    assert [(e.kind, e.op) for e in parse(text).edits] == [("noise", "remove")], parse(text)
    assert [(e.kind, e.op) for e in parse("keep the grain").edits] == [("noise", "down")]


def test_a_change_seen_with_has_gotten_is_asked_about():
    """'it has gotten darker' had been read as *darker*; 'it got darker' was already a question."""
    for text in ("it has gotten darker", "it has become brighter", "it got darker"):
        assert parse(text).intent == "question" and not parse(text).edits, text


@pytest.mark.parametrize("text,edits", [
    # a decimal count is that many steps; its point is no end of a clause (review 58 F1: "5 stops" had been read
    # after it, the strongest setting)
    ("make it brighter by 1.5 stops", [("low_light", "up", 1.5)]), ("exposure +1.5 stops", [("low_light", "up", 1.5)]),
    ("make it darker, like 0.5 stops", [("low_light", "down", 0.5)]), ("exposure +1.5", [("low_light", "up", 1.0)]),
    # a setting said is not asked again (review 58 F3)
    ("brightness up 2 was too much", [("low_light", "down", 1.0)]),
    ("I set the brightness to +2 myself, just remove the noise", [("noise", "add", 1.0)]),
    # sliders listed without commas each take their own count (review 58 F5)
    ("brightness +1 sharpness +2", [("low_light", "up", 1.0), ("blur", "up", 2.0)]),
    # the noise kept out is more denoising (review 58 F4: "keep all the noise out" had left it all in)
    ("keep all the noise out", [("noise", "up", 1.0)]), ("keep all noise to a minimum", [("noise", "up", 1.0)]),
    # one way said of another version or a part, the other asked: the one asked (review 58 F2)
    ("the last one was darker, make it brighter", [("low_light", "up", 1.0)]),
    ("the shadows are darker now, brighten them", [("low_light", "up", 1.0)]),
    ("darker. nah, brighter", [("low_light", "up", 1.0)]),
    ("make it darker. I changed my mind, brighter", [("low_light", "up", 1.0)])])
def test_review_58_readings(text, edits):
    inst = parse(text)
    assert sorted((e.kind, e.op, e.amount) for e in inst.edits) == sorted(edits) and not inst.premise.get("opposed"), \
        (text, inst)


@pytest.mark.parametrize("text", ["darker and brighter", "make it darker and brighter", "sharper and softer",
                                  "make the sky darker and the face brighter"])
def test_both_ways_in_one_clause_is_a_question(text):
    """Review 58 F8: one way had been run, unsaid; F6: two places, the part note beside the question."""
    inst = parse(text)
    assert inst.premise.get("opposed") and not inst.edits, inst
    assert ("part" in inst.outside) == ("sky" in text), inst


def _reads_as(text, edits):
    """The edits `text` reads as, each (kind, op, amount), in any order."""
    inst = parse(text)
    assert sorted((e.kind, e.op, e.amount) for e in inst.edits) == sorted(edits), (text, inst)


@pytest.mark.parametrize("text,edits", [
    # "no more <damage>" asks for none of it, as "please no more noise" (it had left all of it in, the description
    # no longer naming it); more of an action refused is as it is (QA 62 F01), and the damage said gone is kept
    ("no more noise", [("noise", "add", 1.0)]), ("no more noise please", [("noise", "add", 1.0)]),
    ("no more graininess", [("noise", "add", 1.0)]), ("ok no more noise", [("noise", "add", 1.0)]),
    ("i want no more noise", [("noise", "add", 1.0)]), ("no more rain", [("rain", "add", 1.0)]),
    ("no more blur", [("blur", "add", 1.0)]), ("no more darkness", [("low_light", "add", 1.0)]),
    ("no more jpeg artifacts", [("jpeg", "add", 1.0)]),
    ("brighter but no more noise", [("low_light", "up", 1.0), ("noise", "add", 1.0)]),
    ("no more grain", [("noise", "up", 1.0)]), ("no more haze", [("haze", "up", 1.0)]),
    ("no more denoising", [("noise", "keep", 1.0)]), ("no more noise reduction", [("noise", "keep", 1.0)]),
    ("no more brightness", [("low_light", "keep", 1.0)]), ("no noise", [("noise", "remove", 1.0)]),
    ("there's no more noise", [("noise", "keep", 1.0)]), ("there is no more haze", [("haze", "keep", 1.0)]),
])
def test_no_more_of_a_damage_is_none_of_it(text, edits):
    """Helper fix63b: "no more noise" had taken the noise out of the description, all the grain left in."""
    _reads_as(text, edits)


@pytest.mark.parametrize("text,edits", [
    # a removal done "more lightly" is less of it than now, a step unless an amount is said (it had been a half step
    # more); "remove more noise, gently" is still more
    ("denoise more lightly", [("noise", "down", 1.0)]), ("denoise more gently", [("noise", "down", 1.0)]),
    ("denoise more softly", [("noise", "down", 1.0)]), ("remove the noise more gently", [("noise", "down", 1.0)]),
    ("can you denoise it more gently?", [("noise", "down", 1.0)]), ("denoise a bit more lightly", [("noise", "down", 0.5)]),
    ("denoise much more gently", [("noise", "down", 2.0)]), ("dehaze more lightly", [("haze", "down", 1.0)]),
    ("remove the rain more lightly", [("rain", "down", 1.0)]), ("sharpen more lightly", [("blur", "down", 1.0)]),
    ("brighten more gently", [("low_light", "down", 1.0)]),
    ("brighter and denoise more lightly", [("low_light", "up", 1.0), ("noise", "down", 1.0)]),
    ("remove more noise, gently", [("noise", "up", 1.0)]), ("denoise more, gently", [("noise", "up", 1.0)]),
])
def test_a_removal_done_more_lightly_is_less_of_it(text, edits):
    """Helper fix63b: "denoise more lightly" had been half a step more denoising."""
    _reads_as(text, edits)


def test_more_gently_alone_is_less_of_the_last_change():
    """"more gently please" had been read as more of the last change."""
    inst = parse("more gently please")
    assert (inst.scale, inst.edits) == ("down", []), inst


@pytest.mark.parametrize("text,edits", [
    # easy on a removal said not to be done is more of it, easier or less as it is (they had been less); too hard on
    # it, not to be, still less
    ("don't go easy on the noise", [("noise", "up", 1.0)]), ("please don't go easy on the grain", [("noise", "up", 1.0)]),
    ("don't go easy on the denoising", [("noise", "up", 1.0)]), ("don't be too easy on the noise", [("noise", "up", 1.0)]),
    ("no need to go easy on the noise", [("noise", "up", 1.0)]), ("don't go easier on the haze", [("haze", "keep", 1.0)]),
    ("don't be gentler with the noise", [("noise", "keep", 1.0)]), ("i don't want less denoising", [("noise", "keep", 1.0)]),
    ("don't go too hard on the noise", [("noise", "down", 1.0)]), ("go easy on the noise", [("noise", "down", 1.0)]),
    # a removal turned down, said not to be, is as it is, as "don't reduce the dehazing" (helper fix64a: less of it)
    ("don't tone down the dehazing", [("haze", "keep", 1.0)]), ("do not turn down the denoising", [("noise", "keep", 1.0)]),
    ("don't lower the denoising", [("noise", "keep", 1.0)]), ("don't dial back the sharpening", [("blur", "keep", 1.0)]),
    ("don't reduce the dehazing", [("haze", "keep", 1.0)]), ("tone down the dehazing", [("haze", "down", 1.0)]),
])
def test_easy_on_a_removal_said_not_to_be_is_not_less(text, edits):
    """Helper fix63d: "don't go easy on the noise" had been less denoising."""
    _reads_as(text, edits)


@pytest.mark.parametrize("text,edits", [
    # "lighter and" before a removal is a brightening beside it, not a lighter removal (it had been less of it)
    ("lighter and denoise", [("low_light", "up", 1.0), ("noise", "add", 1.0)]),
    ("make it lighter and denoise", [("low_light", "up", 1.0), ("noise", "add", 1.0)]),
    ("lighter and sharpen", [("low_light", "up", 1.0), ("blur", "up", 1.0)]), ("lighter denoising", [("noise", "down", 1.0)]),
    # "lightly" is of the kind named before it, no "a bit" of the rest (the brightening had been half a step)
    ("denoise more lightly and brighter", [("low_light", "up", 1.0), ("noise", "down", 1.0)]),
    ("denoise lightly and brighter", [("low_light", "up", 1.0), ("noise", "some", 1.0)]),
    ("denoise more lightly and a bit brighter", [("low_light", "up", 0.5), ("noise", "down", 1.0)]),
    ("brighten lightly", [("low_light", "up", 0.5)]),
    # nor of a removal named after it (helper fix64a: the denoising had been light too)
    ("brighten lightly and denoise", [("low_light", "up", 0.5), ("noise", "add", 1.0)]),
    ("dehaze lightly and denoise", [("haze", "some", 1.0), ("noise", "add", 1.0)]),
    ("lightly denoise and dehaze", [("haze", "some", 1.0), ("noise", "some", 1.0)]),
])
def test_lighter_and_lightly_beside_a_removal(text, edits):
    """Helper fix63d: "lighter and denoise" had been less denoising, "denoise more lightly and brighter" half a step
    brighter."""
    _reads_as(text, edits)


@pytest.mark.parametrize("text,edits", [
    # no more shadows is none of the darkness, as "no more darkness" (it had left all of it in)
    ("no more shadows", [("low_light", "add", 1.0)]), ("no more shadow", [("low_light", "add", 1.0)]),
    ("no more shadows, thanks", [("low_light", "add", 1.0)]), ("no more darkness", [("low_light", "add", 1.0)]),
    ("no more dark", [("low_light", "add", 1.0)]), ("lift the shadows", [("low_light", "up", 1.0)]),
    ("more shadows", [("low_light", "down", 1.0)]), ("there are no more shadows", [("low_light", "keep", 1.0)]),
    ("no more brightness", [("low_light", "keep", 1.0)]),
    # a word between is still none of it (helper fix64a: they had left all of it in), and still said of the result
    ("no more deep shadows", [("low_light", "add", 1.0)]), ("no more dark shadows", [("low_light", "add", 1.0)]),
    ("no more heavy noise", [("noise", "add", 1.0)]), ("there are no more deep shadows", [("low_light", "keep", 1.0)]),
    ("there's no more heavy noise", [("noise", "keep", 1.0)]), ("no more noise than before", [("noise", "floor", 1.0)]),
])
def test_no_more_shadows_is_none_of_the_darkness(text, edits):
    """Helper fix63d: "no more shadows" had taken the darkness out of the description, all of it left in."""
    _reads_as(text, edits)


def test_no_more_of_a_damage_at_one_part_is_said_to_be_that_part():
    """Helper fix63d: "no more noise in the sky" had run on the whole photo without the note that "remove the noise in
    the sky" gets."""
    for text in ("no more noise in the sky", "no more grain on her face", "no more fog in the background",
                 "no more shadows on her face"):
        inst = parse(text)
        assert inst.outside == ["part"] and inst.edits, (text, inst)
    for text in ("there's no more noise in the sky", "no more noise", "there is no more noise on her face"):
        assert parse(text).outside == [], text


def test_go_easy_on_it_is_less_of_the_last_change():
    """Helper fix63d: "go easy on it" had been read as a restore ("go"); it is a step less, as "more gently please"
    (before a result, a gentler restore), and "don't go easy on it" a step more; "easy on it", no verb, had not been
    understood (helper fix64a)."""
    for text in ("go easy on it", "go easy on it please", "please go easy on it", "go easy", "go easy on this one",
                 "go gentle on it", "go light on it", "ease up on it", "go a bit easier", "easy on it", "easy on it please",
                 "ok, easy on it", "gentle with it"):
        inst = parse(text)
        assert (inst.intent, inst.scale, inst.edits) == ("refine", "down", []), (text, inst)
    inst = parse("don't go easy on it")
    assert (inst.intent, inst.scale, inst.edits) == ("refine", "up", []), inst
    for text in ("go", "ok go ahead", "let's go", "go for it", "yes go"):
        assert parse(text).intent == "restore", text


@pytest.mark.parametrize("text,edits", [
    # lighter / gentler said of a removal is less of it, not brightening; "less heavy" of any removal is less of it
    ("denoise lighter", [("noise", "down", 1.0)]), ("make the denoising lighter", [("noise", "down", 1.0)]),
    ("denoise softer", [("noise", "down", 1.0)]), ("dehaze gentler", [("haze", "down", 1.0)]),
    ("make the sharpening lighter", [("blur", "down", 1.0)]), ("more light denoising", [("noise", "some", 1.0)]),
    ("less heavy dehazing", [("haze", "down", 1.0)]), ("less heavy sharpening", [("blur", "down", 1.0)]),
    # lighter said of a damage is less of it, as "thinner" (helper fix64a: it had brightened too); of the shadows, a
    # brightening
    ("make the haze lighter", [("haze", "add", 1.0)]), ("make the rain a bit lighter", [("rain", "add", 0.5)]),
    ("make the haze thinner", [("haze", "add", 1.0)]), ("make the shadows lighter", [("low_light", "up", 1.0)]),
    ("make the sky lighter", [("low_light", "up", 1.0)]), ("lighter haze please", [("haze", "up", 1.0)]),
    ("a lighter fog", [("haze", "up", 1.0)]), ("lighter rain", [("rain", "up", 1.0)]),
    ("lighter shadows", [("low_light", "up", 1.0)]),
    ("less aggressive sharpening", [("blur", "down", 1.0)]), ("make it lighter", [("low_light", "up", 1.0)]),
    # easy on a damage is gentler with it (it had been more of its removal); "cut back on the noise" is less noise
    ("go easy on the noise", [("noise", "down", 1.0)]), ("ease up on the noise", [("noise", "down", 1.0)]),
    ("ease off the noise", [("noise", "down", 1.0)]), ("go easy on the fog", [("haze", "down", 1.0)]),
    ("ease up on the rain", [("rain", "down", 1.0)]), ("not so heavy on the denoising", [("noise", "down", 1.0)]),
    ("cut back on the noise", [("noise", "up", 1.0)]), ("go easier on the noise", [("noise", "down", 1.0)]),
])
def test_gentler_with_a_removal_is_less_of_it(text, edits):
    """Helper fix63b: "go easy on the noise", "less heavy dehazing", "not so heavy on the denoising" had removed
    more, "denoise lighter" had brightened."""
    _reads_as(text, edits)


@pytest.mark.parametrize("text,edits", [
    ("don't tone down the haze", [("haze", "remove", 1.0)]), ("don't tone down the grain", [("noise", "remove", 1.0)]),
    ("do not turn down the fog", [("haze", "remove", 1.0)]), ("don't lower the haze", [("haze", "remove", 1.0)]),
    ("don't cut the haze", [("haze", "remove", 1.0)]),
    ("don't tone down the haze too much", [("haze", "down", 1.0)]),
    ("don't clean up the noise too much", [("noise", "down", 1.0)]),
    ("don't remove the noise too much", [("noise", "down", 1.0)]),
    ("don't remove too much noise", [("noise", "down", 1.0)]),
    ("don't reduce the noise too much", [("noise", "down", 1.0)]),
    # unchanged: the removal refused is the damage left; turned down, less of it; all of it refused, some kept
    ("don't remove the grain", [("noise", "remove", 1.0)]), ("tone down the haze", [("haze", "up", 1.0)]),
    ("don't take out all the haze", [("haze", "some", 1.0)]), ("don't reduce the brightness", [("low_light", "keep", 1.0)]),
    ("don't tone down the dehazing", [("haze", "keep", 1.0)]),
])
def test_a_damage_not_to_be_turned_down_is_left(text, edits):
    """Helper fix65c: "tone down X" is less of X, so *don't tone down the haze* leaves it, as *don't reduce the haze*
    does (it had been more dehazing); a removal refused *too much* is less of it (*don't clean up the noise too much*
    had left all the noise in)."""
    _reads_as(text, edits)


@pytest.mark.parametrize("text,edits", [
    ("twice as dark", [("low_light", "down", 2.0)]), ("make it twice as dark", [("low_light", "down", 2.0)]),
    ("twice as dim", [("low_light", "down", 2.0)]), ("twice as hazy", [("haze", "down", 2.0)]),
    ("make it three times as foggy", [("haze", "down", 3.0)]), ("twice as grainy", [("noise", "down", 2.0)]),
    ("twice as sharp", [("blur", "up", 2.0)]), ("twice as smooth", [("noise", "up", 2.0)]),
    # unchanged: a share of the brightness; half as dark is a step less dark (fix64a); said of the result, a complaint
    ("twice as bright", [("low_light", "up", 2.0)]), ("half as dark", [("low_light", "up", 1.0)]),
    ("it's twice as dark now", [("low_light", "add", 2.0)]),
])
def test_twice_as_a_look_is_that_many_steps_of_it(text, edits):
    """Helper fix65c: *twice as dark* (*twice as hazy*, *... noisy*) had been the damage named, so removed: a restored
    photo came out brighter, two steps; *twice as sharp* was not understood."""
    _reads_as(text, edits)


@pytest.mark.parametrize("text,refused", [
    ("less denoising but don't make it noisier", ("noise", -1)), ("keep the grain but don't make it noisier", ("noise", -1)),
    ("add some grain back but no noisier", ("noise", -1)), ("brighter but don't make it brighter", ("low_light", 1)),
    ("darker but don't make it darker", ("low_light", -1)), ("less dehazing but don't make it hazier", ("haze", -1)),
    ("sharper but don't make it sharper", ("blur", 1)), ("don't make it noisier, but less denoising", ("noise", -1)),
    ("don't make it brighter, but brighter", ("low_light", 1)), ("don't make it sharper but make it sharper", ("blur", 1)),
    # no contradiction: a floor the other way, a mind changed
    ("brighter but don't make it darker", None), ("brighter but not noisier", None),
    ("less denoising, no wait, don't make it noisier", None),
])
def test_a_step_beside_its_refusal_is_read_as_both(text, refused):
    """Helper fix65c: *less denoising but don't make it noisier* had made the less denoising alone (the later floor
    was dropped, unsaid), *brighter but don't make it brighter* the brightening: each is both, and nothing is run."""
    inst = parse(text)
    if refused is None:
        assert "refused" not in inst.premise and inst.edits, inst
    else:
        assert inst.about == [refused[0]] and inst.premise.get("refused") == refused[1] and not inst.edits, inst


@pytest.mark.parametrize("text,meant", [
    ("half the haze", "half as hazy"), ("halve the haze please", "half as hazy"), ("can you halve the fog", "half as hazy"),
    ("halve the haze and make it brighter", "half as hazy and make it brighter"),
    # a part of the removal, as before: not the look halved
    ("remove half the haze", "don't take out all the haze"), ("take out half the fog", "don't take out all the haze")])
def test_the_haze_halved_is_the_look_halved(text, meant):
    """Helper fix66c: *halve the haze* / *half the haze* had been the haze named (before a result, the restore), where
    *halve the brightness* is *half as bright*: it is *half as hazy*, one step less of the haze shown."""
    said, wanted = parse(text), parse(meant)
    ops = sorted((e.kind, e.op) for e in said.edits)
    assert said.intent == "refine" and ops == sorted((e.kind, e.op) for e in wanted.edits), (said, wanted)


def test_review_67_readings():
    """Review 67: a look refused beside another change is a keep, not the other way; a halving of the haze refused is
    no more dehazing, half of it kept a part of the removal; a look refused then asked with a verb is refused; dark
    corners kept are nothing to do, darkened an effect; a print's screen said not to be noise is taken out as noise."""
    for text in ("not brighter, just less noisy", "no brighter, but less noisy"):
        assert {(e.kind, e.op) for e in parse(text).edits} == {("low_light", "keep"), ("noise", "up")}, text
    assert [(e.kind, e.op) for e in parse("not brighter, darker").edits] == [("low_light", "down")]
    for text in ("don't halve the haze", "don't make it half as hazy"):
        assert [(e.kind, e.op) for e in parse(text).edits] == [("haze", "keep")], text
    for text in ("keep half the haze", "leave half the fog"):
        assert [(e.kind, e.op) for e in parse(text).edits] == [("haze", "some")], text
    for text in ("don't make it brighter, but lighten it", "don't make it brighter but brighten it"):
        inst = parse(text)
        assert inst.premise == {"refused": 1} and inst.about == ["low_light"] and not inst.edits, (text, inst)
    assert [(e.kind, e.op) for e in parse("don't make it brighter, but sharpen it").edits] == [
        ("low_light", "keep"), ("blur", "up")]
    for text in ("keep the dark corners", "leave the vignetting", "I like the dark corners"):
        inst = parse(text)
        assert inst.intent == "leave" and inst.about == ["vignetting"], (text, inst)
    for text in ("darken the corners", "make the corners darker"):
        inst = parse(text)
        assert inst.intent == "outside" and inst.outside == ["effect"] and not inst.edits, (text, inst)
    for text in ("there is no noise, it's a halftone screen", "it's moire, not noise"):
        assert [(e.kind, e.op) for e in parse(text).edits] == [("noise", "add")], text
    assert [(e.kind, e.op) for e in parse("it's not noise, it's a halftone screen, keep it").edits] == [
        ("noise", "remove")]


def test_dark_corners_refused_are_no_vignette_asked():
    """Review 67's near-miss: "don't darken the corners" had been refused as a vignette asked for ("I cannot add
    effects or filters"); it is a darkening refused, as "don't make it darker" is."""
    for text in ("don't darken the corners", "do not darken the corners"):
        inst = parse(text)
        assert inst.intent == "refine" and not inst.outside, (text, inst)
        assert [(e.kind, e.op) for e in inst.edits] == [("low_light", "floor")], (text, inst)
    assert parse("darken the corners").outside == ["effect"]


def test_a_halftone_screen_said_kept_or_no_moire_said_is_not_taken_out():
    """Review 67's near-misses: the screen said not to be noise is taken out as noise, but not where the person says
    to leave it in ("don't remove it", "don't touch it": they had been taken out) or says there is no moire either
    (it had been named and taken out)."""
    for text in ("there is no noise, it's a halftone screen, don't remove it",
                 "it's not grain, it's the halftone pattern, don't touch it",
                 "there is no noise and no moire", "it's not noise, and there's no moire either"):
        assert [(e.kind, e.op) for e in parse(text).edits] == [("noise", "remove")], text
    assert [(e.kind, e.op) for e in parse("there is no noise, it's a halftone screen").edits] == [("noise", "add")]


def test_dark_corners_kept_beside_another_request_keep_the_brightening():
    """Review 67's near-misses: dark corners kept beside another request are the vignetting kept, not all the darkness
    ("keep the dark corners but remove the noise" had been low_light remove: a very dark photo left unbrightened); a
    liking said longer is nothing to do too (it had been all the darkness kept)."""
    for text in ("keep the dark corners but remove the noise", "keep the dark corners, less noise"):
        assert [e.kind for e in parse(text).edits] == ["noise"], text
    for text in ("I like the dark corners, keep them", "I'd like to keep the dark corners"):
        inst = parse_rules(text)
        assert inst.intent == "leave" and inst.about == ["vignetting"], (text, inst)


def test_a_halftone_screen_said_not_noise_keeps_the_requests_after_it():
    """Review 67's near-miss: the rewrite of a screen said not to be noise had taken the whole message, and the
    brightening asked after it was dropped."""
    for text in ("there is no noise, it's a halftone screen, but make it brighter",
                 "it's not noise, it's moire; make it brighter"):
        assert {(e.kind, e.op) for e in parse(text).edits} == {("noise", "add"), ("low_light", "up")}, text


def test_dark_corners_asked_a_bit_darker_are_a_vignette_asked():
    """Review 67's leftover: "make the corners a bit darker" had darkened the whole photo (low_light down), as only
    one word was read between the corners and "darker"; it is a vignette asked for, refused as "darken the corners"
    is, and the corners a bit lighter the vignetting removed, as "brighten the corners a bit" is."""
    for text in ("make the corners a bit darker", "make the edges a little bit darker"):
        inst = parse(text)
        assert inst.intent == "outside" and inst.outside == ["effect"] and not inst.edits, (text, inst)
    for text in ("make the corners a bit lighter", "brighten the corners a bit"):
        assert parse(text).outside == ["scene"] and not parse(text).edits, text


def test_a_refused_change_with_a_degree_word_is_refused_as_without_it():
    """fix67f's leftover: "don't make it a bit darker" had darkened the photo (low_light down), as the two words of "a
    bit" hid the refusal; a degree word ("a bit", "a little", "slightly", "much") refuses as the bare word does, and
    "don't make it slightly brighter" had darkened too."""
    for degree in ("a bit", "a little", "slightly", "much", "a lot"):
        for word, kind, op in (("darker", "low_light", "floor"), ("brighter", "low_light", "keep"),
                               ("sharper", "blur", "keep"), ("noisier", "noise", "floor"),
                               ("blurrier", "blur", "floor"), ("hazier", "haze", "floor"), ("foggier", "haze", "floor")):
            text = f"don't make it {degree} {word}"
            assert [(e.kind, e.op) for e in parse(text).edits] == [(kind, op)], text
    assert [(e.kind, e.op) for e in parse("don't let it get a bit darker").edits] == [("low_light", "floor")]
    assert [(e.kind, e.op) for e in parse("make it a bit darker").edits] == [("low_light", "down")]


def test_dark_corners_refused_as_made_darker_are_a_darkening_refused():
    """fix67f's leftover: "don't make the corners (a bit) darker" had darkened the whole photo (the corner words stood
    down before "make", and "darker" was read alone); it is "don't darken the corners": a darkening refused."""
    for text in ("don't make the corners darker", "don't make the corners a bit darker",
                 "do not make the edges any darker"):
        inst = parse(text)
        assert inst.intent == "refine" and not inst.outside, (text, inst)
        assert [(e.kind, e.op) for e in inst.edits] == [("low_light", "floor")], (text, inst)


def test_about_half_the_haze_kept_or_half_as_foggy_refused_is_no_more_dehazing():
    """Review 67's leftovers: "keep about half the haze" and "don't make it half as foggy" had been more dehazing
    (haze up; only "keep half the haze" and "half as hazy" were read): a part of the removal, and no more of it."""
    for text in ("keep about half the haze", "leave roughly half of the fog"):
        assert [(e.kind, e.op) for e in parse(text).edits] == [("haze", "some")], text
    for text in ("don't make it half as foggy", "don't make it half as misty"):
        assert [(e.kind, e.op) for e in parse(text).edits] == [("haze", "keep")], text


def test_a_halftone_screen_said_not_noise_keeps_a_request_joined_by_and():
    """Review 67's leftover: a request joined by "and" after the screen said not to be noise had been dropped (the
    rewrite took the clause to its end); it stays, as after "but" or ";"."""
    for text in ("there is no noise, it's a halftone screen and make it brighter",
                 "there is no noise, it's a halftone screen and it is too dark"):
        assert {(e.kind, e.op) for e in parse(text).edits} == {("noise", "add"), ("low_light", "up")}, text
    assert [(e.kind, e.op) for e in parse("there is no noise and it's a halftone screen").edits] == [("noise", "add")]


def test_a_degree_word_beside_a_negation_keeps_the_way_the_words_go():
    """fix68c: a degree word beside a negation had turned the words round: "I don't want it a bit darker" had been
    darker, "it's not much brighter" two steps darker, "no less noisy" less denoising. A refusal is read past its degree
    word; the result said to be no (much) better is a step more of that removal; "not quite so" is "not so"."""
    for degree in ("", "a bit ", "a little ", "slightly ", "much ", "any ", "even a bit "):  # (review68: "any" had
        # turned them round too)
        for word, kind, op in (("darker", "low_light", "floor"), ("brighter", "low_light", "keep"),
                               ("sharper", "blur", "keep"), ("noisier", "noise", "floor"), ("hazier", "haze", "floor")):
            text = f"i don't want it {degree}{word}"
            assert [(e.kind, e.op) for e in parse(text).edits] == [(kind, op)], text
    for text in ("don't brighten it a bit", "don't brighten it even a bit", "don't brighten it a little"):
        assert parse(text).edits == parse("don't brighten it").edits == [Edit("low_light", "remove")], text
    for text in ("don't brighten it a bit more", "don't brighten it a little more"):  # (review68: half a step darker)
        assert parse(text).edits == parse("don't brighten it any more").edits == [Edit("low_light", "keep")], text
    for text, kind in (("it's not much brighter", "low_light"), ("it isn't much brighter", "low_light"),
                       ("it's not any brighter", "low_light"), ("the result isn't much sharper", "blur"),
                       ("it's no less noisy", "noise"), ("it isn't much less hazy", "haze"),
                       ("it's not brighter", "low_light"), ("that's not sharper", "blur")):  # (the last two, review68:
        # changed by fix68c's rule with the rest, from a step the other way)
        assert parse(text).edits == [Edit(kind, "up", NORMAL)], text
    for text, kind, op in (("not much brighter", "low_light", "keep"), ("not much sharper", "blur", "keep"),
                           ("not much darker", "low_light", "floor"), ("no less noisy", "noise", "keep"),
                           ("don't make it less noisy", "noise", "keep"), ("not less hazy", "haze", "keep"),
                           ("not quite so dark", "low_light", "up"), ("not quite so bright", "low_light", "down"),
                           ("don't make it quite so bright", "low_light", "down")):
        assert [(e.kind, e.op) for e in parse(text).edits] == [(kind, op)], text
    # as they were: a complaint said in relief as often, and a request's target
    assert [(e.kind, e.op) for e in parse("it's not darker").edits] == [("low_light", "floor")]
    assert [(e.kind, e.op) for e in parse("not too dark").edits] == [("low_light", "up")]
    assert [(e.kind, e.op) for e in parse("it's not too dark").edits] == [("low_light", "keep")]
    assert parse("brighter but not much brighter").edits == [Edit("low_light", "up", A_BIT)]


def test_a_refusal_said_with_want_or_need_is_a_refusal():
    """review68: "I don't want it less noisy" had been more denoising, "I don't want you to sharpen it" more sharpening,
    "I don't want you to make it darker" darker: the words between the negation and the comparative hid it. They read
    as "don't make it less noisy", "don't sharpen it", "don't make it darker" do."""
    for text, like in (("I don't want it less noisy", "don't make it less noisy"),
                       ("I don't want it any less sharp", "don't make it less sharp"),
                       ("I don't want it to be less noisy", "don't make it less noisy"),
                       ("I don't need the photo less hazy", "not less hazy"),
                       ("I don't want it sharpened", "don't sharpen it"),
                       ("I don't want you to brighten it", "don't brighten it"),
                       ("I don't want you to make it darker", "don't make it darker"),
                       ("I don't want you to make it brighter", "don't make it brighter")):
        assert parse(text).edits == parse(like).edits and parse(like).edits, (text, parse(text).edits)
    assert [(e.kind, e.op) for e in parse("I don't want the noise removed").edits] == [("noise", "remove")]  # (as was)


def test_more_so_refused_is_the_comparative_refused():
    """fix69b (review68's list): "don't make it more noisy" and "I don't want it more noisy" had been more denoising
    ("... more sharp" more sharpening, "... more dark" brighter): they read as "don't make it noisier" does."""
    for adjective, comparative in (("noisy", "noisier"), ("grainy", "grainier"), ("blurry", "blurrier"),
                                   ("hazy", "hazier"), ("dark", "darker"), ("bright", "brighter"), ("sharp", "sharper")):
        for refusal in ("don't make it ", "I don't want it ", "I don't want it a bit ", "don't let it get ",
                        "brighter but not ", "brighter without making it "):
            text, like = f"{refusal}more {adjective}", f"{refusal}{comparative}"
            assert parse(text).edits == parse(like).edits, (text, parse(text).edits, parse(like).edits)
        assert parse(f"I don't want it more {adjective}").edits[0].op in ("keep", "floor"), adjective
    # as they were: unrefused, "make it more noisy" is less denoising; "no more dark shadows" none of the darkness
    assert parse("make it more noisy").edits == [Edit("noise", "down", NORMAL)]
    assert parse("no more dark shadows").edits == [Edit("low_light", "add", NORMAL)]


def test_a_refusal_of_this_one_is_of_the_result():
    """fix69b (review68's list): "I don't want this one brighter" had been a step darker: it reads as "I don't want it
    brighter" (a keep), and so do "that one", "this version" and the other comparatives."""
    assert parse("I don't want this one brighter").edits == [Edit("low_light", "keep")]
    for word, op in (("brighter", "keep"), ("sharper", "keep"), ("darker", "floor"), ("noisier", "floor")):
        for one in ("this one", "that one", "this version"):
            assert parse(f"I don't want {one} {word}").edits == parse(f"I don't want it {word}").edits, (one, word)
            assert parse(f"I don't want {one} {word}").edits[0].op == op, (one, word)


def test_no_less_noisy_than_before_says_the_removal_fell_short():
    """fix69b (review68 F4): "no less noisy than before" had been a refusal; said against an image before, it says the
    denoising fell short, as "it's no less noisy" does. Without "than", "no less noisy" is still a refusal."""
    for text, kind in (("no less noisy than before", "noise"), ("no less grainy than the original", "noise"),
                       ("no less blurry than before", "blur"), ("no less hazy than it was", "haze"),
                       ("still no less noisy than before", "noise"), ("it's no less noisy than before", "noise")):
        assert parse(text).edits == [Edit(kind, "up", NORMAL)], text
    assert parse("no less noisy").edits == [Edit("noise", "keep", NORMAL)]


def test_more_so_asked_is_the_comparative_asked():
    """fix69g (fix69b's open list): "I want it more noisy", "I'd like it a bit more grainy", "more grainy please" had
    been more denoising, the opposite of the grain asked back ("I want it more blurry" more sharpening): asked, "more
    <adjective>" reads as its comparative. Said of the result ("it's more noisy") it stays a complaint."""
    asked = {"noisy": ("noise", "down"), "grainy": ("noise", "down"), "blurry": ("blur", "down"),
             "soft": ("blur", "down"), "hazy": ("haze", "down"), "dark": ("low_light", "down"),
             "bright": ("low_light", "up"), "sharp": ("blur", "up"), "clean": ("noise", "up")}
    for adjective, edit in asked.items():
        comparative = {"dark": "darker", "bright": "brighter", "sharp": "sharper", "soft": "softer",
                       "clean": "cleaner"}.get(adjective, adjective[:-1] + "ier")
        for head, tail in (("I want it ", ""), ("I'd like it a bit ", ""), ("can you make it ", ""),
                           ("I would like it ", ""), ("", " please"), ("a bit ", " please")):
            text, like = f"{head}more {adjective}{tail}", f"{head}{comparative}{tail}"
            assert parse(text).edits == parse(like).edits, (text, parse(text).edits, parse(like).edits)
            assert [(e.kind, e.op) for e in parse(text).edits] == [edit], (text, parse(text).edits)
    # its words ask for no less of anything: a "less" after it goes back, as after "make it noisier"
    assert parse("make it more noisy").reduces == parse("make it noisier").reduces == set()
    # as they were: more of a removal, none of a damage, a complaint
    for text, edit in (("more noise removal", ("noise", "up")), ("remove more noise", ("noise", "up")),
                       ("more denoising", ("noise", "up")), ("no more noise", ("noise", "add")),
                       ("less noisy", ("noise", "up")), ("it's more noisy", ("noise", "up")),
                       ("more dark shadows", ("low_light", "up"))):
        assert parse(text).edits == [Edit(*edit, NORMAL)], (text, parse(text).edits)


def test_no_brighter_than_before_is_a_bound_or_a_complaint():
    """fix69g (fix69b's open list): "no brighter than before" had been a step darker, wrong both ways. Without a
    subject it is asked, a bound as "no darker than before" is: as it is; said of the result ("it's no brighter than
    before", "still no brighter than before") the step fell short: one more."""
    for word, kind in (("brighter", "low_light"), ("sharper", "blur"), ("cleaner", "noise"), ("smoother", "noise")):
        for text in (f"no {word} than before", f"no {word} than the original, please", f"make it no {word} than before",
                     f"not {word} than before"):
            assert parse(text).edits == [Edit(kind, "keep", NORMAL)], (text, parse(text).edits)
        for text in (f"it's no {word} than before", f"still no {word} than before"):
            assert parse(text).edits == [Edit(kind, "up", NORMAL)], (text, parse(text).edits)
    assert sorted((e.kind, e.op) for e in parse("sharper but no brighter than before").edits) == [
        ("blur", "up"), ("low_light", "keep")]
    assert parse("no softer than before").edits == [Edit("blur", "floor", NORMAL)]  # (it had been more sharpening)
    assert parse("no darker than before").edits == [Edit("low_light", "floor", NORMAL)]  # (as was)
    assert parse("it shouldn't be darker than before").edits == [Edit("low_light", "up", NORMAL)]  # (a complaint, as was)


def test_not_as_bright_as_the_original_is_said_of_the_upload():
    """fix69b (review68 F4): "not quite as bright as the original" stays a step darker, and takes the result to be
    brighter than the upload: the premise the Assistant measures (`_contradicted`)."""
    inst = parse("not quite as bright as the original")
    assert inst.edits == [Edit("low_light", "down", NORMAL)] and inst.premise == {"low_light": 1, "than": 0}
    assert parse("not as noisy as the original").premise == {"noise": -1, "than": 0}
    assert parse("not quite as bright as version 1").premise == {}  # (of the upload only)


def _kinds_ops(text: str) -> list[tuple[str, str]]:
    return sorted((e.kind, e.op) for e in parse(text).edits)


@pytest.mark.parametrize("text,edit", [
    (f"{head}{word}", edit) for head in ("get it ", "just ", "I prefer it ", "I'd rather it ", "I'd rather have it ",
                                         "I'd prefer it ", "can it be ", "could it look ", "get the photo a bit ")
    for word, edit in (("grainier", ("noise", "down")), ("noisier", ("noise", "down")), ("blurrier", ("blur", "down")))])
def test_a_comparative_asked_in_other_words_goes_that_way(text, edit):
    """fix70b: "get it grainier", "just grainier", "I prefer it grainier", "I'd rather it grainier", "can it be
    grainier" had been the grain named, more denoising, where "make it grainier" puts grain back (ASKED_MORE)."""
    assert _kinds_ops(text) == [edit], parse(text).edits


@pytest.mark.parametrize("text,edits", [
    ("brighter and grainier", [("low_light", "up"), ("noise", "down")]),
    ("brighter and noisier", [("low_light", "up"), ("noise", "down")]),
    ("make it sharper and grainier", [("blur", "up"), ("noise", "down")]),
    ("darker and blurrier", [("blur", "down"), ("low_light", "down")]),
    ("brighter and fuzzier", [("blur", "down"), ("low_light", "up")])])
def test_a_damage_comparative_after_and_is_asked_too(text, edits):
    """fix70b: "brighter and grainier" had been brighter and more denoising: "and" before a last word had joined the
    two into one clause, so "grainier" was the grain named; it is asked, as in "brighter but grainier"."""
    assert _kinds_ops(text) == edits, parse(text).edits


def test_a_damage_comparative_after_and_said_of_the_result_stays_a_complaint():
    """... said of the result, "it's brighter and grainier" is a complaint still (more denoising), and "brighter and
    grainier" now reads as "brighter but grainier" does."""
    assert _kinds_ops("brighter and grainier") == _kinds_ops("brighter but grainier") == [("low_light", "up"),
                                                                                           ("noise", "down")]
    assert ("noise", "add") in _kinds_ops("it's brighter and grainier")


@pytest.mark.parametrize("text,edits", [
    ("brighter but no less noisy than before", [("low_light", "up"), ("noise", "keep")]),
    ("brighter, but no less grainy than it was", [("low_light", "up"), ("noise", "keep")]),
    ("brighter but no less noisy than the original", [("low_light", "up"), ("noise", "keep")]),
    ("dehaze more but no less noisy than before", [("haze", "up"), ("noise", "keep")]),
    ("sharper but no brighter", [("blur", "up"), ("low_light", "keep")]),
    ("sharper, no brighter", [("blur", "up"), ("low_light", "keep")])])
def test_no_less_noisy_after_a_request_is_a_bound(text, edits):
    """fix70b: "brighter but no less noisy than before" had been brighter and more denoising (the complaint a message
    of "no less noisy than before" alone is): beside a request it is refused, as "don't make it less noisy": the
    denoising as it is. "sharper, no brighter" had darkened: as it is."""
    assert _kinds_ops(text) == edits, parse(text).edits


def test_no_less_noisy_than_before_said_of_the_result_stays_a_complaint():
    """... said of the result, or with no request before it, it is the complaint still: more denoising."""
    assert _kinds_ops("brighter but no less noisy than before") == [("low_light", "up"), ("noise", "keep")]
    for text in ("it's brighter but no less noisy than before", "hmm, no less noisy than before",
                 "no less noisy than before"):
        assert ("noise", "up") in _kinds_ops(text), (text, parse(text).edits)


@pytest.mark.parametrize("text,edits", [
    ("without making it brighter than before", [("low_light", "keep")]),
    ("without making it brighter", [("low_light", "keep")]),
    ("sharper without making it brighter than before", [("blur", "up"), ("low_light", "keep")]),
    ("without letting it get brighter", [("low_light", "keep")]),
    ("without making it darker", [("low_light", "floor")]),
    ("less noisy without making it darker", [("low_light", "floor"), ("noise", "up")]),
    ("denoise without making it softer", [("blur", "floor"), ("noise", "add")])])
def test_without_making_it_brighter_is_a_bound(text, edits):
    """fix70b: "without making it brighter than before" had darkened (the refusal turned round), "without making it
    darker" brightened: as "don't make it brighter" / "darker" they are the keep and the floor."""
    assert _kinds_ops(text) == edits, parse(text).edits


# --- QA 73's reply bugs (helper rep74): amounts of nothing, counts and shares said ---

@pytest.mark.parametrize("text", ["make it 0% brighter", "0% brighter", "0 steps brighter", "brighter x0",
                                  "denoise 0 times", "brighten it by 0%", "zero steps darker", "0% less noise",
                                  "another 0%", "0% more"])
def test_a_change_asked_zero_times_is_no_edit(text):
    """QA 73 F11: a zero amount had been a plain step (the counts read no 0, and 0% was dropped)."""
    inst = parse(text)
    assert (inst.intent, inst.edits, inst.premise) == ("refine", [], {"zero": 1}), inst


def test_a_zero_beside_another_change_leaves_the_other_and_no_zero_is_none():
    inst = parse("brighter and denoise 0 times")
    assert [(e.kind, e.op) for e in inst.edits] == [("low_light", "up")] and inst.premise == {"zero": 1}, inst
    for text in ("10% brighter", "brighter x10", "use sigma 0", "i want 0% noise", "brighter by 0.5 stops"):
        assert "zero" not in parse(text).premise, text


def test_an_undo_count_of_any_length_is_read():
    """QA 73 F13: "undo 1000000000000000000000" had been one step (only two digits were read)."""
    assert parse("undo 1000000000000000000000").steps == ALL_STEPS and parse("undo 100").steps == ALL_STEPS
    assert parse("redo 100").steps == ALL_STEPS and parse("undo 3").steps == 3


@pytest.mark.parametrize("text,premise", [
    ("50% less noise", {"share": 50.0}), ("reduce noise by half", {"share": 50.0}), ("50% less dark", {"share": 50.0}),
    ("make it 20% brighter", {"percent": 20.0}), ("20% brighter and 30% less noise", {"percent": 20.0, "share": 30.0})])
def test_a_share_no_step_follows_is_kept_for_the_reply(text, premise):
    """QA 73 F14: "50% less noise" had been a plain step, the figure unsaid; the brightness's own share is followed."""
    assert parse(text).premise == premise, parse(text)


@pytest.mark.parametrize("text,edits", [("it's 100% better now, just a bit brighter", [("low_light", "up")]),
                                        ("it's 0% better so make it brighter", [("low_light", "up")])])
def test_a_share_of_better_is_a_verdict_not_a_change(text, edits):
    """review74: "100% better" had been read as a share of a change, and the reply said it could not aim at 100%;
    "0% better" as a change of zero, and the brighter step beside it was dropped ("I ran nothing")."""
    inst = parse(text)
    assert _kinds_ops(text) == edits and inst.premise == {}, inst


# --- stop 74's leftovers (helper words75): shares in words, part of a damage kept, a look refused after a request ---

@pytest.mark.parametrize("words,figure", [
    ("reduce noise by a quarter", "reduce noise by 25%"), ("cut the noise by a third", "cut the noise by 33%"),
    ("reduce the grain by three quarters", "reduce the grain by 75%"), ("a quarter less noise", "25% less noise"),
    ("make it a quarter brighter", "make it 25% brighter"), ("reduce brightness by a third", "reduce brightness by 33%"),
    ("brighten it by half", "brighten it by 50%"), ("a quarter as much denoising", "75% less denoising")])
def test_a_share_in_words_is_read_as_its_figure(words, figure):
    """Stop 74: only "half" was read as a share; "reduce noise by a quarter" had been a plain step, its share unsaid
    (the reply's note), "make it a quarter brighter" a step not aimed at 25%, "a quarter as much denoising" much more
    denoising. Each reads as its figure does."""
    said, typed = parse(words), parse(figure)
    assert (_kinds_ops(words), said.premise) == (_kinds_ops(figure), typed.premise) and typed.premise, (said, typed)


def test_a_share_in_words_is_quoted_as_said_and_a_part_of_the_photo_is_no_share():
    for text, share, quoted in (("reduce noise by a quarter", 25, "a quarter"), ("reduce noise by 25%", 25, "25%"),
                                ("halve the sharpening", 50, "half"), ("three quarters less grain", 75, "three quarters"),
                                ("a quarter as much denoising", 75, "a quarter as much")):
        assert share_said(text, parse(text).premise["share"]) == quoted and parse(text).premise["share"] == share, text
    for text in ("make the top third brighter", "make the left half brighter", "darker by half a stop",
                 "it's too dark by half"):
        assert not {"share", "percent"} & set(parse(text).premise), (text, parse(text))


@pytest.mark.parametrize("verdict", ["it's a third brighter now", "it got a quarter darker",
                                     "it looks a third brighter than before", "version 2 is a third brighter"])
def test_a_share_in_words_said_of_the_result_is_no_change_asked(verdict):
    """review75: read as its figure, "it's a third brighter now" had become a step brighter aimed at 33%, and "version
    2 is a third brighter" a brighter step where it compares; said of the photo, it is a verdict, as before words75."""
    inst = parse(verdict)
    assert inst.intent == "question" and not inst.edits and not {"share", "percent"} & set(inst.premise), inst


@pytest.mark.parametrize("text,edits", [
    ("keep a quarter of the haze", [("haze", "some")]), ("keep 25% of the fog", [("haze", "some")]),
    ("remove a quarter of the noise", [("noise", "some")]), ("remove 25% of the noise", [("noise", "some")]),
    ("keep half the haze", [("haze", "some")]), ("remove 100% of the noise", [("noise", "add")])])
def test_a_share_of_a_damage_kept_or_removed_is_part_of_its_removal(text, edits):
    """Stop 74: "keep a quarter of the haze" had been more dehazing ("foggy" -> "dense fog"), "remove a quarter of the
    noise" the noise named; part of the removal, as "keep half the haze" is (all of it: still all of it)."""
    assert _kinds_ops(text) == edits, parse(text)


@pytest.mark.parametrize("text,edits", [
    ("less noisy, not brighter", [("low_light", "keep"), ("noise", "up")]),
    ("less noisy but not brighter", [("low_light", "keep"), ("noise", "up")]),
    ("denoise it but not brighter", [("low_light", "keep"), ("noise", "add")]),
    ("brighter, not sharper", [("blur", "keep"), ("low_light", "up")]),
    ("darker, not brighter", [("low_light", "down")]), ("no, not sharper", [("blur", "down")])])
def test_a_look_refused_after_a_request_is_kept_as_it_is(text, edits):
    """Stop 74: "not brighter, just less noisy" kept the brightness, but "less noisy, not brighter" had been a step
    darker (36% -> 27% here with the stand-in network): the look refused is kept, after a request as before it.
    With nothing asked before it ("no, not sharper") it stays the step back it was."""
    assert _kinds_ops(text) == edits, parse(text)


# --- words75's and app75's leftovers (helper words75b): zero said in words, "as bright" shares, a look against a version -

@pytest.mark.parametrize("text", ["brighter by zero", "make it brighter by 0", "brighten it by zero",
                                  "make it zero percent brighter", "0% brighter", "brighter by 0.0"])
def test_a_brightening_by_zero_is_no_change(text):
    """App75: "brighter by zero" and "brighter by 0" had been a plain step, where "0% brighter" was a change of nothing
    (stop 74); every zero amount reads alike. A share that starts with 0 is still a step ("by 0.5 stops")."""
    assert parse(text).premise == {"zero": 1} and parse(text).edits == [], parse(text)
    assert [(e.op, e.amount) for e in parse("brighter by 0.5 stops").edits] == [("up", 0.5)]


@pytest.mark.parametrize("text,meant", [
    ("a quarter as bright", "75% darker"), ("make it a quarter as bright", "75% darker"),
    ("three quarters as bright", "25% darker"), ("make it a third as bright and less noisy", "67% darker and less noisy"),
    ("half as bright", "50% darker")])
def test_a_share_of_the_brightness_is_read_as_half_as_bright_is(text, meant):
    """Words75: "a quarter as bright" had not been read (the help text), where "half as bright" is 50% darker: any
    share said so is that share of the mean brightness, as "25% brighter" is a share of it."""
    said, plain = parse(text), parse(meant)
    assert said.intent == "refine" and said.edits == plain.edits and said.premise == plain.premise, said


@pytest.mark.parametrize("text", ["less noisy but not brighter than version 1", "less noisy, not brighter than before",
                                  "less noisy but not brighter than the original"])
def test_a_look_refused_against_an_earlier_image_is_kept_as_it_is(text):
    """Words75: "less noisy but not brighter than version 1" had been a step darker besides the denoising, where
    "less noisy but not brighter" keeps the brightness: the comparison names the bound, not a change asked."""
    assert _kinds_ops(text) == [("low_light", "keep"), ("noise", "up")], parse(text)


def test_a_share_of_brightness_is_quoted_in_the_words_it_was_asked_in():
    """Words75: the replies quoted "33% asked" to someone who typed "a third": their words, or None for a figure."""
    assert brightness_share_words("make it a third brighter", 33) == "a third"
    assert brightness_share_words("make it a quarter as bright", 75) == "a quarter as bright"
    assert brightness_share_words("half as bright", 50) == "half as bright"
    assert brightness_share_words("brighten it by half", 50) == "half"
    assert brightness_share_words("make it 33% brighter", 33) is None
    assert brightness_share_words("set brightness to 60%", 23) is None
