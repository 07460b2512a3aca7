"""What the ETA use cases share: the input error every one of them raises, and references."""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
RECORD_TYPE = "eta_application"


class TravelError(ValueError):
    """Bad input or a state that forbids the change; `errors` lists {"field", "reason"}. Nothing is saved."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("; ".join(f"{e['field']}: {e['reason']}" for e in errors))
        self.errors = errors


def error(field_name: str, reason: str) -> TravelError:
    return TravelError([{"field": field_name, "reason": reason}])


def make_reference(prefix: str, length: int = 10) -> str:
    return prefix + "".join(secrets.choice(ALPHABET) for _ in range(length))
