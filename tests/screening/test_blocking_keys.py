"""The blocking keys, now kept by part and by pair of parts and built with fewer steps, are the keys the
straightforward definitions give (written out here as they were before the caches)."""

from __future__ import annotations

import jellyfish

from portcullis.screening import index
from portcullis.screening.matching import identifier_keys, make_profile
from portcullis.screening.names import nickname_groups, normalise, phonetic_keys

NAMES = [
    "John Smith",
    "Jon Smyth",
    "Mohammed bin Salman Al Saud",
    "Владимир Владимирович Путин",
    "Li Na",
    "A B",
    "Anna Maria Garcia Lopez de la Vega Rossi",
    "Bob Robert Bobby",
    "Seán O'Brien-Smith 3rd",
    "Jo Jo",
]
IDENTIFIERS = ["P12345678", "AABBCC", "ZZ9", "123456789012", "1234567890123", "X1Y2Z3W4", "998877"]


def _part_keys(part: str) -> set[str]:
    keys = [f"p:{k}" for k in phonetic_keys(part)]
    keys += [f"g:{g}" for g in nickname_groups(part)]
    if len(part) >= 3:
        padded = f"^{part}$"
        keys += [f"t:{padded[i : i + 3]}" for i in range(len(padded) - 2)]
    elif part:
        keys.append(f"x:{part}")
    return set(keys)


def _part_classes(part: str) -> set[str]:
    classes = {f"g{g}" for g in nickname_groups(part)}
    if len(part) >= 2 and part.isalpha():
        classes.add(jellyfish.metaphone(part))
    return classes


def _pair_keys(parts: tuple[str, ...]) -> set[str]:
    keys: set[str] = set()
    classes = [_part_classes(p) for p in parts[: index.MAX_PAIR_PARTS]]
    for i in range(len(classes)):
        for j in range(i + 1, len(classes)):
            for a in classes[i]:
                for b in classes[j]:
                    keys.add("q:" + "|".join(sorted((a, b))))
    return keys


def _identifier_keys(value: str) -> list[str]:
    if len(value) < 6 or len(value) > 12:
        return []
    keys = [f"{value[:i]}?{value[i + 1 :]}" for i in range(len(value))]
    keys += [
        f"{value[:i]}{''.join(sorted(value[i : i + 2]))}~{value[i + 2 :]}" for i in range(len(value) - 1)
    ]
    return keys


def test_part_and_pair_keys_match_their_definitions() -> None:
    for name in NAMES:
        parts = normalise(name).parts
        for part in parts:
            assert set(index.part_keys(part)) == _part_keys(part)
            assert set(index.part_classes(part)) == _part_classes(part)
        assert index.pair_keys(parts) == _pair_keys(parts)
        # Asked twice (the second time from the caches): the same keys.
        assert index.pair_keys(parts) == _pair_keys(parts)


def test_identifier_keys_match_their_definition() -> None:
    for value in IDENTIFIERS:
        assert identifier_keys(value) == _identifier_keys(value)


def test_profile_keys_are_the_union_of_the_defined_keys() -> None:
    for name, number in zip(NAMES, IDENTIFIERS * 2, strict=False):
        profile = make_profile("person", [name, name.upper()], "1970", ["GBR"], [number])
        expected = {f"i:{i}" for i in profile.identifiers}
        for identifier in profile.identifiers:
            expected |= {f"j:{k}" for k in _identifier_keys(identifier)}
        for parsed in profile.names:
            for part in parsed.parts:
                expected |= _part_keys(part)
            expected |= _pair_keys(parsed.parts)
        assert index.profile_keys(profile) == expected


def test_identifier_keys_with_a_prefix_are_the_keys_prefixed() -> None:
    for value in IDENTIFIERS:
        assert identifier_keys(value, "j:") == ["j:" + k for k in _identifier_keys(value)]
