"""Turning the officers' HTML forms into the service functions' arguments: people found by name, the
structured conditions catalogue from form fields, dates, and OrdersError reasons mapped back to the field
that caused them (for the error summary and the message beside the field)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session

from portcullis.core import clock
from portcullis.core.parties import find_people_by_name
from portcullis.orders.service import OrdersError

Errors = list[dict[str, str]]

# Form prefix of each condition kind, and pydantic field -> form field id (model-level errors go to the
# condition's "include" checkbox, whose id is the prefix).
PREFIX = {
    "travel_restriction": "travel",
    "association": "association",
    "exclusion_zone": "zone",
    "no_contact": "no_contact",
    "home_access": "home",
    "electronic_monitoring": "tag",
    "notification": "notification",
    "devices": "devices",
    "social_media": "social",
    "residence": "residence",
    "positive_requirement": "programme",
    "communications": "communications",
    "financial": "financial",
}
FIELD_IDS = {
    "travel": {"countries": "countries", "notice_of_travel_days": "notice_days"},
    "association": {"person_ids": "names"},
    "zone": {
        "name": "name",
        "radius_m": "radius_m",
        "centre": "latitude",
        "address": "address",
        "polygon": "polygon",
    },
    "communications": {"person_ids": "names", "methods": "methods"},
    "financial": {
        "max_accounts": "max_accounts",
        "cash_limit_gbp": "cash_limit",
        "disclose_transactions_over_gbp": "disclose_over",
    },
    "no_contact": {"person_description": "description"},
    "home": {"premises": "premises"},
    "tag": {
        "months": "months",
        "responsible_person": "responsible",
        "curfew_from": "curfew_from",
        "curfew_to": "curfew_to",
        "curfew_address": "curfew_address",
        "mode": "mode",
    },
    "notification": {"within_days": "days", "details": "details"},
    "devices": {"max_phones": "phones", "max_laptops": "laptops"},
    "social": {"platforms": "platforms"},
    "residence": {"address": "address", "overnight_from": "from", "overnight_to": "to"},
    "programme": {
        "programme": "name",
        "supervisor_name": "supervisor",
        "supervisor_organisation": "organisation",
    },
}
REPEATED = ("notification_details", "considered", "communications_methods")
METHODS = (
    ("phone", "Phone calls"),
    ("text", "Text messages"),
    ("email", "Email"),
    ("messaging-apps", "Messaging apps"),
    ("encrypted-apps", "Encrypted messaging apps"),
    ("letters", "Letters"),
    ("in-person", "In person"),
)
NOTIFICATION_DETAILS = ("names", "home_address", "devices", "vehicles", "accounts")


async def form_data(request: Request) -> dict[str, Any]:
    """The posted form as a dict; fields that may repeat (checkbox groups) as lists."""
    data = await request.form()
    out: dict[str, Any] = {k: v for k, v in data.items() if isinstance(v, str)}
    for name in REPEATED:
        out[name] = [v for v in data.getlist(name) if isinstance(v, str)]
    return out


def text(form: dict[str, Any], name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def ticked(form: dict[str, Any], name: str) -> bool:
    return text(form, name) == "yes"


def find_person(session: Session, name: str, dob: str, field: str, label: str) -> tuple[str | None, Errors]:
    """One person record by name (and date of birth, to tell people apart); an error naming the field."""
    if not name:
        return None, [{"text": f"Enter the {label}'s name", "href": f"#{field}_name"}]
    found = find_people_by_name(session, name, limit=20)
    if dob:
        found = [p for p in found if (p.date_of_birth or "").startswith(dob)]
    if len(found) == 1:
        return found[0].id, []
    if not found:
        return None, [
            {
                "text": f"No person record matches {label} '{name}'{' born ' + dob if dob else ''}",
                "href": f"#{field}_name",
            }
        ]
    return None, [
        {
            "text": f"{len(found)} person records match {label} '{name}': add the date of birth",
            "href": f"#{field}_dob",
        }
    ]


def optional_date(form: dict[str, Any], name: str, label: str, errors: Errors) -> date | None:
    value = text(form, name)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append({"text": f"Enter {label} as a date, like 2025-06-02", "href": f"#{name}"})
        return None


def parse_local(value: str) -> datetime | None:
    """A date and time typed by a user: UK local time unless an offset is given; None if malformed."""
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when.replace(tzinfo=clock.LONDON) if when.tzinfo is None else when


def local_datetime(form: dict[str, Any], name: str, label: str, errors: Errors) -> datetime | None:
    """A UK local date and time (an offset may be given); errors if missing, malformed or in the future."""
    when = parse_local(text(form, name))
    if when is None:
        errors.append({"text": f"Enter {label}, like 2025-06-02T14:30", "href": f"#{name}"})
        return None
    if when > clock.now():
        errors.append({"text": f"{label.capitalize()} must not be in the future", "href": f"#{name}"})
        return None
    return when


def _drop_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in ("", None, [])}


def conditions_from_form(
    session: Session, form: dict[str, Any], kinds: tuple[str, ...]
) -> tuple[list[dict[str, Any]], list[str], Errors]:
    """The ticked conditions as catalogue dicts (validated later by the service), the form prefix of each,
    and errors found here (people named by name who cannot be found)."""
    conditions: list[dict[str, Any]] = []
    prefixes: list[str] = []
    errors: Errors = []

    def add(prefix: str, condition: dict[str, Any]) -> None:
        conditions.append(_drop_empty(condition))
        prefixes.append(prefix)

    if "travel_restriction" in kinds and ticked(form, "travel"):
        countries = [
            c.strip().upper() for c in re.split(r"[,\s]+", text(form, "travel_countries")) if c.strip()
        ]
        add(
            "travel",
            {
                "kind": "travel_restriction",
                "countries": countries,
                "all_countries": ticked(form, "travel_all"),
                "surrender_passport": ticked(form, "travel_passport"),
                "notice_of_travel_days": text(form, "travel_notice_days"),
            },
        )
    if "association" in kinds and ticked(form, "association"):
        ids = []
        for n, line in enumerate(x for x in text(form, "association_names").splitlines() if x.strip()):
            name, _, dob = line.partition(",")
            pid, errs = find_person(session, name.strip(), dob.strip(), "association", f"person {n + 1}")
            errors += [{"text": e["text"], "href": "#association_names"} for e in errs]
            if pid:
                ids.append(pid)
        if not text(form, "association_names"):
            errors.append(
                {
                    "text": "Enter the name of each person the subject must not associate with",
                    "href": "#association_names",
                }
            )
        if ids:
            add("association", {"kind": "association", "person_ids": ids})
    if "exclusion_zone" in kinds and ticked(form, "zone"):
        if text(form, "zone_shape") == "polygon":
            polygon, message = polygon_from_text(text(form, "zone_polygon"))
            if message:
                errors.append({"text": f"Exclusion zone boundary: {message}", "href": "#zone_polygon"})
            elif polygon is not None:
                add("zone", {"kind": "exclusion_zone", "name": text(form, "zone_name"), "polygon": polygon})
        else:
            centre = None
            if text(form, "zone_latitude") or text(form, "zone_longitude"):
                centre = {"latitude": text(form, "zone_latitude"), "longitude": text(form, "zone_longitude")}
            add(
                "zone",
                {
                    "kind": "exclusion_zone",
                    "name": text(form, "zone_name"),
                    "address": text(form, "zone_address"),
                    "centre": centre,
                    "radius_m": text(form, "zone_radius_m"),
                },
            )
    if "communications" in kinds and ticked(form, "communications"):
        ids = people_from_lines(session, text(form, "communications_names"), "communications", errors)
        methods = [m for m in form.get("communications_methods", []) if m in dict(METHODS)]
        if not methods:
            errors.append(
                {
                    "text": "Select at least one way the subject must not communicate",
                    "href": "#communications_methods",
                }
            )
        else:
            add("communications", {"kind": "communications", "person_ids": ids, "methods": methods})
    if "financial" in kinds and ticked(form, "financial"):
        add(
            "financial",
            {
                "kind": "financial",
                "declare_accounts": ticked(form, "financial_declare"),
                "max_accounts": text(form, "financial_max_accounts") or None,
                "cash_limit_gbp": text(form, "financial_cash_limit") or None,
                "disclose_transactions_over_gbp": text(form, "financial_disclose_over") or None,
                "no_cryptoassets": ticked(form, "financial_no_crypto"),
            },
        )
    if "no_contact" in kinds and ticked(form, "no_contact"):
        add(
            "no_contact",
            {
                "kind": "no_contact",
                "person_id": form.get("_protected_id"),
                "person_description": text(form, "no_contact_description"),
                "including_indirect": True,
            },
        )
    if "home_access" in kinds and ticked(form, "home"):
        add(
            "home",
            {
                "kind": "home_access",
                "premises": text(form, "home_premises"),
                "not_evict": ticked(form, "home_not_evict"),
                "not_enter": ticked(form, "home_not_enter"),
                "leave": ticked(form, "home_leave"),
            },
        )
    if "electronic_monitoring" in kinds and ticked(form, "tag"):
        consents = [
            {"person": line.strip(), "given": True}
            for line in text(form, "tag_consents").splitlines()
            if line.strip()
        ]
        add(
            "tag",
            {
                "kind": "electronic_monitoring",
                "mode": text(form, "tag_mode"),
                "months": text(form, "tag_months"),
                "responsible_person": text(form, "tag_responsible"),
                "consents": consents,
                "available_in_area": ticked(form, "tag_available"),
                "subject_present": text(form, "tag_subject_present") != "no",
                "curfew_from": text(form, "tag_curfew_from"),
                "curfew_to": text(form, "tag_curfew_to"),
                "curfew_address": text(form, "tag_curfew_address"),
            },
        )
    if "devices" in kinds and ticked(form, "devices"):
        add(
            "devices",
            {
                "kind": "devices",
                "max_phones": text(form, "devices_phones") or None,
                "max_laptops": text(form, "devices_laptops") or None,
                "declare_devices": True,
                "allow_inspection": ticked(form, "devices_inspection"),
            },
        )
    if "social_media" in kinds and ticked(form, "social"):
        platforms = [p.strip() for p in text(form, "social_platforms").split(",") if p.strip()]
        add("social", {"kind": "social_media", "platforms": platforms, "including_via_third_parties": True})
    if "residence" in kinds and ticked(form, "residence"):
        add(
            "residence",
            {
                "kind": "residence",
                "address": text(form, "residence_address"),
                "overnight_from": text(form, "residence_from"),
                "overnight_to": text(form, "residence_to"),
            },
        )
    if "positive_requirement" in kinds and ticked(form, "programme"):
        add(
            "programme",
            {
                "kind": "positive_requirement",
                "programme": text(form, "programme_name"),
                "supervisor_name": text(form, "programme_supervisor"),
                "supervisor_organisation": text(form, "programme_organisation"),
            },
        )
    if "notification" in kinds and ticked(form, "notification"):
        details = [d for d in form.get("notification_details", []) if d in NOTIFICATION_DETAILS]
        add(
            "notification",
            {
                "kind": "notification",
                "within_days": text(form, "notification_days") or 3,
                "details": details or ["names", "home_address"],
            },
        )
    return conditions, prefixes, errors


def people_from_lines(session: Session, lines: str, prefix: str, errors: Errors) -> list[str]:
    """Person ids from "name[, date of birth]" lines; errors point at the `<prefix>_names` field."""
    ids = []
    for n, line in enumerate(x for x in lines.splitlines() if x.strip()):
        name, _, dob = line.partition(",")
        pid, errs = find_person(session, name.strip(), dob.strip(), prefix, f"person {n + 1}")
        errors += [{"text": e["text"], "href": f"#{prefix}_names"} for e in errs]
        if pid:
            ids.append(pid)
    return ids


def polygon_from_text(value: str) -> tuple[dict[str, Any] | None, str]:
    """A GeoJSON Polygon from what an officer typed: GeoJSON (a Polygon, or a Feature holding one), or one
    point a line as "latitude, longitude" (the ring is closed for them). (polygon, "") or (None, why)."""
    if not value:
        return None, "enter the points of the boundary, or paste GeoJSON"
    if value.startswith("{"):
        try:
            data = json.loads(value)
        except json.JSONDecodeError as exc:
            return None, f"the GeoJSON is not valid JSON ({exc.msg} at character {exc.pos + 1})"
        if isinstance(data, dict) and data.get("type") == "Feature":
            data = data.get("geometry")
        if not isinstance(data, dict) or data.get("type") != "Polygon":
            return None, "the GeoJSON must be a Polygon (or a Feature whose geometry is a Polygon)"
        return data, ""
    ring: list[list[float]] = []
    for n, line in enumerate((x for x in value.splitlines() if x.strip()), 1):
        parts = [p for p in re.split(r"[,\s]+", line.strip()) if p]
        try:
            lat, lon = (float(p) for p in parts) if len(parts) == 2 else (None, None)
        except ValueError:
            lat = lon = None
        if lat is None or lon is None:
            return (
                None,
                f"line {n}: enter a latitude and a longitude separated by a comma, like 53.4808, -2.2426",
            )
        if not -90 <= lat <= 90:
            return None, f"line {n}: the latitude {parts[0]} must be between -90 and 90"
        if not -180 <= lon <= 180:
            return None, f"line {n}: the longitude {parts[1]} must be between -180 and 180"
        ring.append([lon, lat])
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])
    if len(ring) < 4:
        return None, "enter at least 3 different points"
    return {"type": "Polygon", "coordinates": [ring]}, ""


FIELD_PATTERN = re.compile(r"^(?:proposed_)?conditions\[(\d+)\]\.?(\w+)?")


def errors_from(exc: OrdersError, prefixes: list[str], field_ids: dict[str, str] | None = None) -> Errors:
    """The service's {field, reason} list as error-summary entries pointing at the form field."""
    out: Errors = []
    for e in exc.errors:
        field, reason = e["field"], e["reason"]
        match = FIELD_PATTERN.match(field)
        if match and int(match.group(1)) < len(prefixes):
            prefix = prefixes[int(match.group(1))]
            sub = FIELD_IDS.get(prefix, {}).get(match.group(2) or "")
            href = f"#{prefix}_{sub}" if sub else f"#{prefix}"
            label = prefix.replace("_", " ")
            out.append({"text": f"Condition ({label}): {reason}", "href": href})
            continue
        key = field.split(".")[0].split("[")[0]
        href = "#" + (field_ids or {}).get(key, key)
        out.append({"text": f"{key.replace('_', ' ').capitalize()}: {reason}", "href": href})
    return out


def by_field(errors: Errors) -> dict[str, str]:
    """Field id -> first message, for the error message beside each field."""
    out: dict[str, str] = {}
    for e in errors:
        out.setdefault(e["href"].lstrip("#"), e["text"])
    return out
