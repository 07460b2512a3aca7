"""Rules as data: dated, cited parameters in YAML (OpenFisca style), loaded once and read as of a date.

A file `parameters/travel/eta/fee.yaml` is the parameter `travel.eta.fee`:

    description: The fee for an application for an Electronic Travel Authorisation.
    metadata: {unit: GBP, label: ETA fee, verified: true}
    values:
      2023-10-25:
        value: 10
        references: [{title: "...", href: "https://..."}]

A later key adds a value from that date; `value: null` ends the rule. History is never edited.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PARAMETERS_DIR = Path(__file__).resolve().parent.parent / "parameters"


class ParameterError(ValueError):
    """A parameter file is malformed; the message names the file and the key."""


class ParameterNotFound(KeyError):
    def __str__(self) -> str:
        return f"no parameter named {self.args[0]!r}"


class ParameterNotInForce(LookupError):
    """The parameter has no value on that date (before its first value, or ended with null)."""


@dataclass(frozen=True)
class Reference:
    title: str
    href: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"title": self.title, "href": self.href}


@dataclass(frozen=True)
class DatedValue:
    effective_from: dt.date
    value: Any
    references: tuple[Reference, ...]
    verified: bool
    note: str | None = None


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str | None
    label: str | None
    verified: bool
    values: tuple[DatedValue, ...]
    source_file: str = ""

    def at(self, on: dt.date) -> DatedValue | None:
        """The value in force on that date, or None before the first value."""
        dates = [v.effective_from for v in self.values]
        i = bisect.bisect_right(dates, on) - 1
        return self.values[i] if i >= 0 else None


@dataclass(frozen=True)
class ParameterValue:
    """A parameter's value on a date, with where it comes from: what a decision cites."""

    name: str
    value: Any
    unit: str | None
    effective_from: dt.date
    verified: bool
    references: tuple[Reference, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "effective_from": self.effective_from.isoformat(),
            "verified": self.verified,
            "references": [r.as_dict() for r in self.references],
        }

    def cite(self) -> str:
        return f"{self.name} (from {self.effective_from.isoformat()}): " + "; ".join(
            r.title for r in self.references
        )


@dataclass(frozen=True)
class Snapshot:
    """All parameters as they stood on one date."""

    on: dt.date
    parameters: dict[str, Parameter] = field(repr=False)

    def value(self, name: str) -> ParameterValue:
        """The value in force; raises ParameterNotInForce if there is none (never guesses)."""
        found = self.maybe(name)
        if found is None or found.value is None:
            raise ParameterNotInForce(f"{name} has no value in force on {self.on.isoformat()}")
        return found

    def maybe(self, name: str) -> ParameterValue | None:
        """The entry in force, whose value may be null (a rule that ended or a fact not yet known)."""
        try:
            param = self.parameters[name]
        except KeyError:
            raise ParameterNotFound(name) from None
        entry = param.at(self.on)
        if entry is None:
            return None
        return ParameterValue(
            name=name,
            value=entry.value,
            unit=param.unit,
            effective_from=entry.effective_from,
            verified=entry.verified,
            references=entry.references,
        )

    def get(self, name: str) -> Any:
        return self.value(name).value


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys instead of silently keeping the last."""


def _construct_mapping(
    loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            shown = key.isoformat() if isinstance(key, dt.date) else str(key)
            raise ParameterError(f"duplicate key '{shown}' at line {key_node.start_mark.line + 1}")
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _parse_references(raw: Any, where: str) -> tuple[Reference, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ParameterError(f"{where}: references must be a list of {{title, href}}")
    refs = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("title"), str) or not item["title"].strip():
            raise ParameterError(f"{where}: references[{i}] needs a title")
        href = item.get("href")
        if href is not None and not isinstance(href, str):
            raise ParameterError(f"{where}: references[{i}].href must be text")
        refs.append(Reference(title=item["title"].strip(), href=href))
    return tuple(refs)


def parse_parameter(name: str, text: str, source: str) -> Parameter:
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except ParameterError as exc:
        raise ParameterError(f"{source}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark else ""
        raise ParameterError(f"{source}: not valid YAML{line}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise ParameterError(f"{source}: expected a mapping with description, metadata and values")
    unknown = set(data) - {"description", "metadata", "values", "documentation"}
    if unknown:
        raise ParameterError(f"{source}: unknown key {sorted(unknown)[0]!r}")
    description = data.get("description")
    if not isinstance(description, str) or not description.strip():
        raise ParameterError(f"{source}: key 'description' is missing or empty")
    metadata = data.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise ParameterError(f"{source}: key 'metadata' must be a mapping")
    file_verified = metadata.get("verified", True)
    if not isinstance(file_verified, bool):
        raise ParameterError(f"{source}: key 'metadata.verified' must be true or false")
    raw_values = data.get("values")
    if not isinstance(raw_values, dict) or not raw_values:
        raise ParameterError(f"{source}: key 'values' must map ISO dates to values")
    values = []
    for key, entry in raw_values.items():
        if isinstance(key, dt.datetime) or not isinstance(key, dt.date):
            raise ParameterError(f"{source}: key 'values.{key}' is not an ISO date (YYYY-MM-DD)")
        where = f"{source}: key 'values.{key.isoformat()}'"
        if not isinstance(entry, dict) or "value" not in entry:
            raise ParameterError(f"{where} needs 'value' and 'references'")
        extra = set(entry) - {"value", "references", "verified", "note"}
        if extra:
            raise ParameterError(f"{where} has unknown key {sorted(extra)[0]!r}")
        verified = entry.get("verified", file_verified)
        if not isinstance(verified, bool):
            raise ParameterError(f"{where}.verified must be true or false")
        values.append(
            DatedValue(
                effective_from=key,
                value=entry["value"],
                references=_parse_references(entry.get("references"), where),
                verified=verified,
                note=entry.get("note"),
            )
        )
    values.sort(key=lambda v: v.effective_from)
    return Parameter(
        name=name,
        description=description.strip(),
        unit=metadata.get("unit"),
        label=metadata.get("label"),
        verified=file_verified,
        values=tuple(values),
        source_file=source,
    )


def load_parameters(root: Path = PARAMETERS_DIR) -> dict[str, Parameter]:
    params: dict[str, Parameter] = {}
    for path in sorted(root.rglob("*.yaml")):
        rel = path.relative_to(root).with_suffix("")
        name = ".".join(rel.parts)
        params[name] = parse_parameter(
            name, path.read_text(encoding="utf-8"), str(path.relative_to(root.parent))
        )
    return params


@lru_cache(maxsize=1)
def _loaded() -> dict[str, Parameter]:
    return load_parameters()


def all_parameters() -> dict[str, Parameter]:
    return _loaded()


def at(on: dt.date) -> Snapshot:
    """A snapshot of every parameter as it stood on that date."""
    if isinstance(on, dt.datetime):
        raise TypeError("policy.at takes a date; convert datetimes to the UK legal date first")
    return Snapshot(on=on, parameters=_loaded())


def reload() -> None:
    _loaded.cache_clear()
