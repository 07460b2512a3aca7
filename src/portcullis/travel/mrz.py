"""ICAO Doc 9303 machine-readable zone for passports (TD3: two lines of 44 characters), with its check
digits. Pure: no I/O; the caller passes `today` so that two-digit birth years get the right century."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

LINE_LENGTH = 44
_ALLOWED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")


def char_value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    if ch == "<":
        return 0
    raise ValueError(f"{ch!r} cannot appear in a machine-readable zone")


def check_digit(data: str) -> str:
    """Weights 7, 3, 1 repeating; digits count as themselves, A-Z as 10-35, '<' as 0; sum mod 10."""
    weights = (7, 3, 1)
    return str(sum(char_value(ch) * weights[i % 3] for i, ch in enumerate(data)) % 10)


@dataclass(frozen=True)
class MrzError:
    field: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "reason": self.reason}


@dataclass(frozen=True)
class MrzResult:
    valid: bool
    errors: tuple[MrzError, ...]
    fields: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        shown = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in self.fields.items()}
        return {"valid": self.valid, "errors": [e.as_dict() for e in self.errors], "fields": shown}


def _date(text: str, *, birth: bool, today: date) -> date | None:
    if not text.isdigit():
        return None
    yy, mm, dd = int(text[0:2]), int(text[2:4]), int(text[4:6])
    if birth:
        # A birth date is never in the future: choose the latest century that keeps it in the past.
        year = 2000 + yy if 2000 + yy <= today.year else 1900 + yy
    else:
        # Passports last at most about 10 years; an expiry within 50 years either side of today is assumed.
        year = 2000 + yy if 2000 + yy <= today.year + 50 else 1900 + yy
    try:
        value = date(year, mm, dd)
    except ValueError:
        return None
    if birth and value > today:
        value = date(year - 100, mm, dd)
    return value


def _name(text: str) -> tuple[str, str]:
    surname, _, given = text.partition("<<")
    return surname.replace("<", " ").strip(), given.replace("<", " ").strip()


def parse_td3(line1: str, line2: str, *, today: date) -> MrzResult:
    """Parse and check a TD3 MRZ. Every problem is reported with the field it concerns."""
    errors: list[MrzError] = []
    l1, l2 = line1.strip().upper(), line2.strip().upper()
    for name, line in (("line1", l1), ("line2", l2)):
        if len(line) != LINE_LENGTH:
            errors.append(MrzError(name, f"must be {LINE_LENGTH} characters long (it is {len(line)})"))
        bad = sorted(set(line) - _ALLOWED)
        if bad:
            errors.append(MrzError(name, f"contains characters not allowed in an MRZ: {''.join(bad)!r}"))
    if errors:
        return MrzResult(False, tuple(errors), {})

    if l1[0] != "P":
        errors.append(MrzError("document_type", "a passport MRZ starts with P"))
    surname, given = _name(l1[5:44])
    number_raw, nationality = l2[0:9], l2[10:13].replace("<", "")
    dob = _date(l2[13:19], birth=True, today=today)
    expiry = _date(l2[21:27], birth=False, today=today)
    fields: dict[str, Any] = {
        "document_type": l1[0:2].replace("<", ""),
        "issuing_state": l1[2:5].replace("<", ""),
        "surname": surname,
        "given_names": given,
        "document_number": number_raw.replace("<", ""),
        "nationality": nationality,
        "date_of_birth": dob,
        "sex": {"M": "M", "F": "F"}.get(l2[20], "X"),
        "expiry_date": expiry,
        "personal_number": l2[28:42].replace("<", ""),
    }
    if not surname:
        errors.append(MrzError("surname", "the name field has no surname"))
    if l2[20] not in "MFX<":
        errors.append(MrzError("sex", "must be M, F, X or <"))
    if dob is None:
        errors.append(MrzError("date_of_birth", f"{l2[13:19]!r} is not a real date (YYMMDD)"))
    if expiry is None:
        errors.append(MrzError("expiry_date", f"{l2[21:27]!r} is not a real date (YYMMDD)"))
    checks = (
        ("document_number", l2[0:9], l2[9]),
        ("date_of_birth", l2[13:19], l2[19]),
        ("expiry_date", l2[21:27], l2[27]),
    )
    for name, data, digit in checks:
        if check_digit(data) != digit:
            errors.append(MrzError(name, f"check digit is {digit}, expected {check_digit(data)}"))
    # The personal number's check digit may be '<' when the field is empty.
    personal_digit = l2[42]
    if (
        not (personal_digit == "<" and l2[28:42].strip("<") == "")
        and check_digit(l2[28:42]) != personal_digit
    ):
        errors.append(
            MrzError("personal_number", f"check digit is {personal_digit}, expected {check_digit(l2[28:42])}")
        )
    composite = l2[0:10] + l2[13:20] + l2[21:43]
    if check_digit(composite) != l2[43]:
        errors.append(MrzError("composite", f"check digit is {l2[43]}, expected {check_digit(composite)}"))
    return MrzResult(not errors, tuple(errors), fields)


def build_td3(
    *,
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    date_of_birth: date,
    sex: str,
    expiry_date: date,
    personal_number: str = "",
) -> tuple[str, str]:
    """Make a valid TD3 MRZ (for demo data and tests) from its fields."""

    def pad(text: str, n: int) -> str:
        return (text + "<" * n)[:n]

    name = surname.upper().replace(" ", "<") + "<<" + given_names.upper().replace(" ", "<")
    line1 = pad("P<" + pad(issuing_state, 3) + name, LINE_LENGTH)
    number = pad(document_number.upper(), 9)
    dob = date_of_birth.strftime("%y%m%d")
    exp = expiry_date.strftime("%y%m%d")
    personal = pad(personal_number.upper(), 14)
    personal_digit = check_digit(personal) if personal_number else "<"
    line2 = (
        number
        + check_digit(number)
        + pad(nationality, 3)
        + dob
        + check_digit(dob)
        + (sex or "<")[0]
        + exp
        + check_digit(exp)
        + personal
        + personal_digit
    )
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    return line1, line2 + check_digit(composite)
