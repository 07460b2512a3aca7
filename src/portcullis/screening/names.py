"""Names: transliteration to Latin, normalisation, name parts, phonetic keys, nicknames and part similarity.

Transliteration uses anyascii (see docs/decisions/screening-matching.md): it covers every Unicode
script, is maintained and is deterministic, so the same name gives the same key at import and at query time.
Scripts written without short vowels (Arabic, Hebrew) transliterate to consonant skeletons ("mhmd"), so
parts without vowels are also compared by their consonant skeleton."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jellyfish
from anyascii import anyascii
from rapidfuzz.distance import JaroWinkler, Levenshtein

# Titles and particles carry no identity; they are dropped unless nothing else is left.
STOP_PARTS = frozenset(
    (
        "mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "prof", "sheikh", "shaikh", "haji", "hajji",
        "al", "el", "ul", "bin", "ibn", "bint", "ben", "bn", "bnt", "van", "von", "der", "den", "de", "da",
        "di", "du", "la", "le", "dos", "das", "del", "y",
    )
)  # fmt: skip
ORGANISATION_STOP = frozenset(
    (
        "ltd", "limited", "plc", "llc", "llp", "inc", "incorporated", "corp", "corporation", "co", "company",
        "gmbh", "ag", "sa", "sarl", "srl", "bv", "nv", "oao", "ooo", "zao", "pao", "jsc", "ojsc", "cjsc",
        "pjsc", "the", "and", "of", "trading", "group", "holdings", "holding", "international",
    )
)  # fmt: skip
ARABIC_ARTICLE = re.compile(r"(?<![\u0621-\u064a])\u0627\u0644(?=[\u0621-\u064a]{2})")
ABJAD_PARTICLES = frozenset(("bn", "bnt", "bin", "ibn"))
ABJAD = re.compile(r"[\u0590-\u06ff\u0750-\u077f\ufb1d-\ufdff\ufe70-\ufefc]")
NON_LETTERS = re.compile(r"[^a-z0-9 ]+")
VOWELS = frozenset("aeiou")
SKELETON_DROP = str.maketrans("", "", "aeiouwy")


@dataclass(frozen=True)
class NameParts:
    """A name ready for comparison: its Latin, lower-case parts in written order."""

    original: str
    parts: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.parts)


def transliterate(text: str) -> str:
    """Latin transliteration of any script; the Arabic article is dropped first (it is a particle)."""
    text = unicodedata.normalize("NFKC", text)
    text = ARABIC_ARTICLE.sub("", text)
    return anyascii(text)


def _latin_parts(word: str) -> list[str]:
    latin = transliterate(word).lower()
    latin = latin.replace("'", "").replace("`", "").replace("\u2019", "")
    parts = NON_LETTERS.sub(" ", latin.replace("-", " ")).split()
    if ABJAD.search(word):
        # Short vowels are not written: keep the consonant skeleton (at least two letters, so that it is
        # not taken for an initial), without a final ta marbuta; "bn" (son of) is a particle.
        parts = [re.sub(r"(?<=..)h$", "", _abjad_skeleton(p)) for p in parts if p not in ABJAD_PARTICLES]
    return parts


def _abjad_skeleton(part: str) -> str:
    bare = part.translate(SKELETON_DROP)
    return bare if len(bare) >= 2 else part


# Screening a subject normalises each name twice (checking it, then profiling it): kept for a manifest's worth
# of names so the second is a look-up. The result is immutable.
@lru_cache(maxsize=10_000)
def normalise(text: str, *, organisation: bool = False) -> NameParts:
    text = ARABIC_ARTICLE.sub("", unicodedata.normalize("NFKC", text))
    stop = ORGANISATION_STOP | STOP_PARTS if organisation else STOP_PARTS
    parts: list[str] = []
    kept: list[str] = []
    for word in text.split():
        abjad = bool(ABJAD.search(word))
        for part in _latin_parts(word):
            parts.append(part)
            if abjad or part not in stop:
                kept.append(part)
    return NameParts(original=text, parts=tuple(kept or parts))


def skeleton(part: str) -> str:
    """Consonant skeleton with doubled letters collapsed: mohammed -> mhmd, mhmd -> mhmd."""
    bare = part.translate(SKELETON_DROP) or part
    return re.sub(r"(.)\1+", r"\1", bare)


FOLDS = (
    ("dzh", "j"),
    ("sch", "sh"),
    ("tch", "ch"),
    ("kh", "h"),
    ("ph", "f"),
    ("ck", "k"),
    ("ks", "x"),
    ("th", "t"),
    ("iy", "i"),
    ("yi", "i"),
    ("ij", "i"),
    ("ie", "i"),
    ("ee", "i"),
    ("oo", "u"),
    ("ou", "u"),
    ("y", "i"),
    ("w", "v"),
    ("q", "k"),
)
H_AFTER_VOWEL = re.compile(r"(?<=[aeiou])h")


@lru_cache(maxsize=200_000)
def fold(part: str) -> str:
    """Fold common romanisation differences (dzhon/john, smit/smith, yuriy/yuri) so they compare equal."""
    for old, new in FOLDS:
        part = part.replace(old, new)
    part = H_AFTER_VOWEL.sub("", part)
    return re.sub(r"(.)\1+", r"\1", part)


def has_vowels(part: str) -> bool:
    return any(c in VOWELS for c in part)


@lru_cache(maxsize=200_000)
def phonetic_keys(part: str) -> tuple[str, ...]:
    """Metaphone and NYSIIS keys of a part (digits and one-letter parts have none)."""
    if len(part) < 2 or not part.isalpha():
        return ()
    keys = {"m:" + jellyfish.metaphone(part), "n:" + jellyfish.nysiis(part), "s:" + skeleton(part)}
    return tuple(sorted(k for k in keys if len(k) > 2))


def _load_nicknames() -> dict[str, frozenset[int]]:
    groups: dict[str, set[int]] = {}
    path = Path(__file__).with_name("data") / "nicknames.txt"
    number = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        number += 1
        for name in line.split(","):
            groups.setdefault(name.strip(), set()).add(number)
    return {name: frozenset(ids) for name, ids in groups.items()}


NICKNAMES = _load_nicknames()


def nickname_groups(part: str) -> frozenset[int]:
    return NICKNAMES.get(part, frozenset())


def are_nicknames(a: str, b: str) -> bool:
    ga = NICKNAMES.get(a)
    return bool(ga and ga & NICKNAMES.get(b, frozenset()))


@lru_cache(maxsize=500_000)
def part_similarity(a: str, b: str) -> tuple[float, str]:
    """How alike two name parts are (0..1) and how they matched: exact, nickname, initial, phonetic,
    skeleton or fuzzy. Jaro-Winkler alone is too lenient on short parts, so it is averaged with the
    normalised Levenshtein similarity."""
    if a == b:
        return 1.0, "exact"
    if len(a) == 1 or len(b) == 1:
        return (0.75, "initial") if a[0] == b[0] else (0.0, "different")
    if are_nicknames(a, b):
        return 0.92, "nickname"
    fuzzy = 0.5 * JaroWinkler.normalized_similarity(a, b) + 0.5 * Levenshtein.normalized_similarity(a, b)
    best, how = fuzzy, "fuzzy"
    fa, fb = fold(a), fold(b)
    if fa == fb:
        best, how = 0.93, "transliteration"
    if fuzzy >= 0.7 and jellyfish.metaphone(a) == jellyfish.metaphone(b):
        best, how = max(best, 0.88), "phonetic"
    if not has_vowels(a) or not has_vowels(b):
        sa, sb = skeleton(a), skeleton(b)
        skel = 0.92 if sa == sb else 0.9 * Levenshtein.normalized_similarity(sa, sb)
        if skel > best:
            best, how = skel, "skeleton"
    return round(best, 4), how if best >= 0.5 else "different"
