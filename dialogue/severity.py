"""Severity arithmetic: the severities an `Instruction`'s edits leave, in steps up and down the levels of the
caption words (`apply_edits`), and their names for the chat (`level_name`)."""

from __future__ import annotations

from restoration.captions import DETECTED, LEVEL_BLEND, LEVEL_BOUNDS, bound_near, level
from restoration.degrade import KINDS

from .instructions import A_BIT, FULL, MUCH, NORMAL, Change, Instruction

UP_STEP = 0.2  # one level of the caption words (see captions.LEVEL_BOUNDS), up or down
NOISE_DOWN = {A_BIT: 0.7, NORMAL: 0.5, MUCH: 0.25, FULL: 0.0}  # noise is named by its sigma: less of it is a fraction
ADD_DEFAULT = 0.35  # a kind that was not named and is now asked for: "mild" / "dim"
ADD_A_BIT = 0.175  # ... asked for "a bit": "slight" / "slightly dim"
NOISE_TOP = 0.95  # noise this high is at the strongest setting: a step more moves its sigma by a point or two


def raise_severity(kind: str, s: float, amount: float, reference: float) -> float:
    """`s` after `amount` steps more of its removal; a kind named anew starts at `reference`, the photo's own."""
    if s < DETECTED:  # named anew: as found, else "mild" ("slight" for "a bit")
        start = reference if reference >= DETECTED else ADD_DEFAULT if amount >= NORMAL else ADD_A_BIT
        return 1.0 if amount >= FULL else min(1.0, start + (UP_STEP if amount >= MUCH else 0.0))
    if kind == "noise" and s >= NOISE_TOP:  # "severe noise (sigma around 49)" -> 50 is no visible step
        return s
    if kind == "noise":  # it also carries its sigma, so any change shows
        return min(1.0, s + UP_STEP * amount)
    return _step(s, amount)


def lower_severity(kind: str, s: float, amount: float) -> float:
    """`s` after `amount` steps less of its removal."""
    if kind == "noise":  # a fraction of the sigma, but no more than a step up adds
        new = max(s * NOISE_DOWN.get(amount, 0.5), s - UP_STEP * amount)
    else:  # as far as a step up goes: "brighter", then "darker", is back where it was
        new = _step(s, -amount)
        if new < DETECTED and _position(s) > 1e-6:  # from above the weakest words alone, down to them, not to none
            new = DETECTED  # (QA 56 F03: "less dehazing" of "hazy" at 0.30 had switched the dehazing off)
    if kind == "noise" and new < DETECTED and amount < NORMAL and s > DETECTED + 1e-6:
        return DETECTED  # "a little less" of the weakest noise words is the lowest sigma they name, not none: helper 52a's
        # "reintroduce a little grain" after "slight noise (sigma around 6)" had given back all of a sigma-22 photo's
        # noise (the other kinds' weakest words are one level, so a little less of them is none, as before)
    return new if new >= DETECTED else 0.0


# The network reads words, not severities: a level's words, or near a bound a blend of two levels' words
# (captions.straddle). A step moves what it is told: a whole step (UP_STEP) one level of words, "a bit"
# half of one (a blend of two levels' words half each, or the next level's words from a blend).

def _position(s: float) -> float:
    """Where `s` lies in the words told: level i's words alone read i, a blend at a bound in between."""
    bound = bound_near(s)
    if bound is None:
        return float(level(s))
    return LEVEL_BOUNDS.index(bound) + (s - bound + LEVEL_BLEND) / (2 * LEVEL_BLEND)


def _step(s: float, amount: float) -> float:
    """`s` moved `amount` steps of UP_STEP (negative: down); a part of a step moves that part of a level of
    words, as near to the plain step as that allows (below the weakest words: the plain step, which may leave
    the kind out)."""
    plain = min(1.0, s + UP_STEP * amount)
    to = _position(s) + amount
    if amount == int(amount) or to < 1e-6 or abs(_position(plain) - to) < 1e-6:  # (whole steps as they were: the
        return plain  # weakest and strongest words alone span less than a step, and undoing one must come back)
    return _at_position(to, plain)


def _at_position(to: float, near: float) -> float:
    """A severity told at position `to` of the words (`_position`): within a blend, the one severity that is; at a
    level's words alone, the one nearest `near` (the strongest words beyond the top level)."""
    i = min(int(to + 1e-6), len(LEVEL_BOUNDS))  # (a hair: float error must not take a level's words alone for a blend)
    part = to - i if to - i > 1e-6 and i < len(LEVEL_BOUNDS) else 0.0
    if part:  # within the blend at bound i
        return LEVEL_BOUNDS[i] - LEVEL_BLEND + part * 2 * LEVEL_BLEND
    low = LEVEL_BOUNDS[i - 1] + LEVEL_BLEND if i else DETECTED  # level i's words alone
    high = LEVEL_BOUNDS[i] - LEVEL_BLEND if i < len(LEVEL_BOUNDS) else 1.0
    return min(max(near, low), high)


def halfway(kind: str, a: float, b: float) -> float:
    """The severity halfway between `a` and `b` in what the network is told: two levels' words apart, the level
    between; one apart, the blend of the two half each (QA 73 F15: by severity, halfway between 0.82, "very dark" with
    24% of "extremely dark", and 1.0 had been 0.91, "extremely dark" alone, and came out as dark as 1.0). The noise,
    told by its sigma, and a kind named in one of them alone (no words blend with none), halfway by severity."""
    if kind == "noise" or min(a, b) < DETECTED:
        return (a + b) / 2
    return _at_position((_position(a) + _position(b)) / 2, (a + b) / 2)


def apply_edits(severities: dict[str, float], inst: Instruction, reference: dict[str, float] | None = None,
                last_change: Change | None = None, restored: bool = True) -> tuple[dict[str, float], dict[str, int]]:
    """New severities after `inst`, and the kinds it changed (or tried to), each with the way it
    was asked to go: 1 remove more, -1 remove less, 0 neither (left in the photo, or kept).

    reference: the severities the photo was found with (a kind added back starts there).
    last_change: what a scale word ("much stronger", "a bit less") acts on, and which way (Change);
    without one, every kind being removed. restored: whether a result exists ("remove the noise"
    before any result only makes sure noise is named; after one, it asks for more).
    """
    reference = reference or {}
    new = {k: float(severities.get(k, 0.0)) for k in KINDS}
    touched: dict[str, int] = {}
    for e in inst.edits:
        s = new[e.kind]
        if e.op == "up":
            ref = reference.get(e.kind, 0.0)
            if s < DETECTED and e.amount < MUCH and ref >= DETECTED:  # left in ("keep it dark"), then "a bit
                ref = min(ref, ADD_DEFAULT if e.amount >= NORMAL else ADD_A_BIT)  # brighter": a step, not the restore
            new[e.kind] = raise_severity(e.kind, s, e.amount, ref)
        elif e.op == "down":
            new[e.kind] = lower_severity(e.kind, s, e.amount)
        elif e.op == "remove" or (e.op == "keep" and not restored):
            new[e.kind] = 0.0
        elif e.op == "set":
            new[e.kind] = e.to
        elif e.op == "some":
            ref = reference.get(e.kind, 0.0)
            part = lower_severity(e.kind, ref, NORMAL) if ref >= DETECTED else 0.0
            new[e.kind] = part if part >= DETECTED else ref if ref >= DETECTED else s if e.amount < NORMAL else ADD_A_BIT
            # (some kept of a kind not found, "keep it a bit dark" of a photo not dark: as it is; review 61 F3: it had
            # been named, "slightly dim", and brightened the photo 39% -> 50%)
        elif e.op == "add":
            if s < DETECTED:  # named anew: as found; "it's a bit dark" of a photo not found dark, "slightly dim"
                new[e.kind] = raise_severity(e.kind, s, e.amount if e.amount in (A_BIT, FULL) else NORMAL,
                                             reference.get(e.kind, 0.0))
            elif restored or e.amount >= FULL:  # "remove the haze completely" before a result: all of it too
                new[e.kind] = raise_severity(e.kind, s, e.amount, reference.get(e.kind, 0.0))
        touched[e.kind] = ((new[e.kind] > s) - (new[e.kind] < s) if e.op in ("some", "set")  # either way, as it lands
                           else {"up": 1, "add": 1, "down": -1}.get(e.op, 0))
    if inst.scale:
        last = last_change or Change()
        # the last change's kinds, even where they cannot move (the reply says why), else all being removed
        targets = ({k: last.way(inst, k, went) for k, went in last.ways.items() if went and k not in inst.kept}
                   or {k: Change().way(inst) for k in KINDS if new[k] >= DETECTED and k not in inst.kept})
        for k, w in targets.items():
            new[k] = (raise_severity(k, new[k], inst.amount, reference.get(k, 0.0)) if w > 0
                      else lower_severity(k, new[k], inst.amount))
        touched.update(targets)
    return new, touched


def level_name(severity: float) -> str:
    """none / slight / mild / moderate / heavy / severe, for the chat."""
    if severity < DETECTED:
        return "none"
    return ("slight", "mild", "moderate", "heavy", "severe")[sum(severity >= b for b in LEVEL_BOUNDS)]


def at_strongest(kind: str, s: float) -> bool:
    # (above the top bound, but within LEVEL_BLEND of it the network is told some of the level below too)
    return s >= 1 or (s >= NOISE_TOP if kind == "noise" else s >= LEVEL_BOUNDS[-1] + LEVEL_BLEND)
