"""The force register (value types, read from `data/forces.yaml`): the 43 territorial forces of England and
Wales and British Transport Police, with governance, region and an ILLUSTRATIVE most-similar-force group."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data" / "forces.yaml"

GOVERNANCE_LABELS = {
    "pcc": "Police and Crime Commissioner",
    "pfcc": "Police, Fire and Crime Commissioner",
    "mayor": "Mayor with PCC functions",
    "mopac": "Mayor's Office for Policing and Crime",
    "police_authority": "Police authority",
    "authority": "Police authority (national force)",
}


@dataclass(frozen=True)
class SourcedFact:
    value: str
    verified: bool
    source: str | None  # a reference title, or None where the fact is from general knowledge


@dataclass(frozen=True)
class Force:
    code: str
    name: str
    short: str
    country: str
    region: SourcedFact
    governance: str
    body: SourcedFact
    msf_group: str  # ILLUSTRATIVE family letter
    weight: float  # ILLUSTRATIVE relative size (demo data only)
    territorial: bool

    @property
    def governance_label(self) -> str:
        return GOVERNANCE_LABELS.get(self.governance, self.governance)


class UnknownForce(LookupError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    def __str__(self) -> str:
        return f"no police force with the code {self.code!r}"


def _build(raw: dict[str, Any]) -> tuple[Force, ...]:
    sources = raw["sources"]
    forces = []
    for item in raw["forces"]:
        gov = item["governance"]
        # A plain PCC is the 2011 Act's default model; anything else is verified only where a source is named.
        default_verified = gov == "pcc"
        verified = bool(item.get("governance_verified", default_verified))
        source_key = item.get("governance_source", "pcc" if gov == "pcc" and verified else None)
        forces.append(
            Force(
                code=item["code"],
                name=item["name"],
                short=item["short"],
                country=item["country"],
                region=SourcedFact(item["region"], False, None),
                governance=gov,
                body=SourcedFact(
                    item["body"], verified, sources[source_key]["title"] if source_key else None
                ),
                msf_group=item["msf_group"],
                weight=float(item["weight"]),
                territorial=bool(item.get("territorial", True)),
            )
        )
    return tuple(forces)


@lru_cache(maxsize=1)
def all_forces() -> tuple[Force, ...]:
    return _build(yaml.safe_load(DATA.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _by_code() -> dict[str, Force]:
    return {f.code: f for f in all_forces()}


def territorial() -> tuple[Force, ...]:
    return tuple(f for f in all_forces() if f.territorial)


def get(code: str) -> Force:
    try:
        return _by_code()[code]
    except KeyError:
        raise UnknownForce(code) from None


def exists(code: str) -> bool:
    return code in _by_code()


def resolve(text: str) -> Force:
    """A force from its code or its name as police.uk and Home Office tables write it."""
    key = text.strip().lower()
    if key in _by_code():
        return _by_code()[key]
    for f in all_forces():
        if key in (f.name.lower(), f.short.lower(), f.short.lower().replace(" ", "-")):
            return f
    raise UnknownForce(text)


def most_similar(code: str) -> tuple[Force, ...]:
    """The other forces in the same ILLUSTRATIVE family (never the force itself)."""
    me = get(code)
    return tuple(f for f in all_forces() if f.msf_group == me.msf_group and f.code != code)
