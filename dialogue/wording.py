"""How replies word severities and measurements: the words the network is told for a severity, in plain words,
a change of them, and measured figures."""

from __future__ import annotations

from restoration.captions import DETECTED, LEVEL_BLEND, plain_number, straddle, words_for

from .severity import at_strongest

KIND_NAMES = {"noise": "noise", "rain": "rain", "low_light": "low light", "blur": "blur", "jpeg": "JPEG blocking",
              "haze": "haze"}


def sev_words(kind: str, s: float) -> str:
    """The words the network is told for a severity; near a level bound, where the lesser of the two levels' shares is
    a quarter or more (as `Assistant._said` quotes them), the blend in plain words."""
    return _plain_words(kind, s, least=0.25) if s >= DETECTED else "not named (left as it is)"


def _plain_words(kind: str, s: float, least: float) -> str:
    """A severity told as a blend of two levels' words (`captions.straddle`), in words a person reads: "halfway
    between “very dark” and “extremely dark”", "nearly “very heavy rain streaks”"; a blend whose lesser share is under
    `least` as the nearer level's words. (QA 61 F13: replies had shown the shares, “extremely dark” 50% + “very dark”
    50%, and a change line had claimed “→ extremely dark” where half of it was told.)"""
    parts = sorted((sev[kind], share) for sev, share in straddle({kind: s}, LEVEL_BLEND))
    if len(parts) == 1 or min(share for _, share in parts) < least:
        return f"“{words_for(kind, s)}”"
    (lower, _), (upper, up) = parts
    low, high = words_for(kind, lower), words_for(kind, upper)
    if up > 0.75:
        return f"nearly “{high}”"
    if up < 0.25:
        return f"a little past “{low}”"
    if 0.4 <= up <= 0.6:
        return f"halfway between “{low}” and “{high}”"
    return f"between “{low}” and “{high}”, nearer “{high if up > 0.5 else low}”"


def _exact_words(kind: str, s: float) -> str:
    """The words as the network is told them: noise with its sigma, near a level bound any blend of the two levels'
    words, in plain words (`_plain_words`: "nearly “dark”" where `sev_words` reads “dark”)."""
    if s < DETECTED:
        return sev_words(kind, s)
    if kind == "noise":
        return f"“{words_for(kind, s)}{plain_number(kind, s)}”"
    return _plain_words(kind, s, least=0.005)  # (a share under half a percent is not told apart)


def words_pair(kind: str, old: float, new: float) -> tuple[str, str]:
    """The words before and after, as the network is told them where the words alone read alike ("slight noise
    (sigma around 7)"; a step of *a bit* within a level's words had read “dark” as before)."""
    before, after = sev_words(kind, old), sev_words(kind, new)
    if before == after and old >= DETECTED and _exact_words(kind, old) != _exact_words(kind, new):
        before, after = _exact_words(kind, old), _exact_words(kind, new)
    return before, after


def tried_words(kind: str, tried, start: float | None = None) -> list[str]:
    """The words of each severity tried in turn, as the network is told them where two read alike, or one as the
    words before (`start`) do (“severe noise” had been said to fail and then tried again)."""
    words = [sev_words(kind, t) for t in tried]
    if len(set(words)) < len(words) or start is not None and start >= DETECTED and sev_words(kind, start) in words:
        words = [_exact_words(kind, t) for t in tried]
    return words


def in_turn(words: list[str]) -> str:
    """Words tried one after another: "“dim” and “dark”"; where one is a blend said "between “A” and “B”", joined by
    "; then " (QA 61 F13: two such blends joined by "and" read as one list of four words)."""
    return ("; then " if any(" and " in w for w in words) else " and ").join(words)


def change_line(kind: str, old: float, new: float) -> str:
    """One line of "Changed the description": a change within one severity word is no change to the network."""
    before, after = words_pair(kind, old, new)
    if before != after:
        return f"- {KIND_NAMES[kind]}: {before} → {after}"
    return f"- {KIND_NAMES[kind]}: {before} as before" + (" (already the strongest setting)" if at_strongest(kind, new) else "")


def figures_line(kind: str, a: float, b: float, arrow: bool) -> str:
    """ "mean brightness 19% → 24%", "noise sigma ≈ 25 against 18" (`arrow`: from `a` to `b`); sigmas less than a
    whole figure apart with a decimal ("≈ 2.6 → 3.4", which whole figures read as no change, "≈ 2.5 → 2.5" of 2.5 and
    2.54, which they read as a step)."""
    between = " → " if arrow else " against "
    if kind == "low_light":
        return f"mean brightness {from_to(a, b, between)}"
    if kind == "grain":  # (measures.grain: a share of the brightness around it)
        return f"grain {100 * a:.1f}%{between}{100 * b:.1f}% of the brightness around it"
    # less than a step apart: a decimal wherever whole figures would differ, or hide a move tenths show (review72:
    # 2.5 and 2.54 had read "2 → 3"); figures alike either way stay whole ("3 → 3" of 3.02 and 3.04)
    alike = round(a) == round(b) and f"{a:.1f}" == f"{b:.1f}"
    digits = 1 if abs(a - b) < 1 and not alike else 0
    return f"noise sigma ≈ {a:.{digits}f}{between}{b:.{digits}f}"


def from_to(a: float, b: float, between: str = " → ") -> str:
    """ "46% → 53%"; with a decimal where whole percents would read the same ("46.2% → 46.7%", not "46% → 46%")."""
    digits = next((d for d in (0, 1) if f"{a:.{d}%}" != f"{b:.{d}%}"), 2)
    return f"{a:.{digits}%}{between}{b:.{digits}%}"


def said_words(kind: str, new: float, old: float) -> list[str]:
    """The words of `new` and `old` for a reply, "no … named" where the kind is left out."""
    return [w if x >= DETECTED else f"no {KIND_NAMES[kind]} named" for x, w in zip((new, old), words_pair(kind, new, old))]
