"""The other way from `form_helpers.conditions_from_form`: a saved condition as the form's values, so that
"Change" opens its page filled in. People are shown as "Name, date of birth" lines, found again by name on
saving. Fields no form shows (a curfew's centre and radius, a condition's own dates) are kept on change."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portcullis.core.parties import Person

# Set by the service or the demo, never on a form: carried over when a condition is changed on a page.
KEPT_ON_CHANGE = ("curfew_centre", "curfew_radius_m", "starts_on", "ends_on")


def _yes(value: Any) -> str:
    return "yes" if value else ""


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _people(session: Session, ids: list[str]) -> str:
    found = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))} if ids else {}
    lines = []
    for pid in ids:
        person = found.get(pid)
        if person is not None:
            lines.append(
                f"{person.full_name}, {person.date_of_birth}" if person.date_of_birth else person.full_name
            )
    return "\n".join(lines)


def form_values(session: Session, c: dict[str, Any]) -> dict[str, Any]:
    """The form fields (with their prefixes) that reproduce condition `c`."""
    kind = c.get("kind")
    if kind == "travel_restriction":
        return {
            "travel_countries": ", ".join(c.get("countries", [])),
            "travel_all": _yes(c.get("all_countries")),
            "travel_passport": _yes(c.get("surrender_passport")),
            "travel_notice_days": _text(c.get("notice_of_travel_days")),
        }
    if kind == "devices":
        return {
            "devices_phones": _text(c.get("max_phones")),
            "devices_laptops": _text(c.get("max_laptops")),
            "devices_inspection": _yes(c.get("allow_inspection")),
        }
    if kind == "social_media":
        return {"social_platforms": ", ".join(c.get("platforms", []))}
    if kind == "association":
        return {"association_names": _people(session, c.get("person_ids", []))}
    if kind == "communications":
        return {
            "communications_names": _people(session, c.get("person_ids", [])),
            "communications_methods": list(c.get("methods", [])),
        }
    if kind == "financial":
        return {
            "financial_declare": _yes(c.get("declare_accounts", True)),
            "financial_max_accounts": _text(c.get("max_accounts")),
            "financial_cash_limit": _text(c.get("cash_limit_gbp")),
            "financial_disclose_over": _text(c.get("disclose_transactions_over_gbp")),
            "financial_no_crypto": _yes(c.get("no_cryptoassets")),
        }
    if kind == "exclusion_zone":
        if c.get("polygon"):
            ring = c["polygon"]["coordinates"][0]
            points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
            lines = "\n".join(f"{lat}, {lon}" for lon, lat in points)
            return {"zone_name": c.get("name", ""), "zone_shape": "polygon", "zone_polygon": lines}
        centre = c.get("centre") or {}
        return {
            "zone_name": c.get("name", ""),
            "zone_shape": "circle",
            "zone_address": _text(c.get("address")),
            "zone_latitude": _text(centre.get("latitude")),
            "zone_longitude": _text(centre.get("longitude")),
            "zone_radius_m": _text(c.get("radius_m")),
        }
    if kind == "no_contact":
        return {"no_contact_description": _text(c.get("person_description"))}
    if kind == "residence":
        return {
            "residence_address": _text(c.get("address")),
            "residence_from": _text(c.get("overnight_from")),
            "residence_to": _text(c.get("overnight_to")),
        }
    if kind == "home_access":
        return {
            "home_premises": _text(c.get("premises")),
            "home_not_evict": _yes(c.get("not_evict")),
            "home_not_enter": _yes(c.get("not_enter")),
            "home_leave": _yes(c.get("leave")),
        }
    if kind == "positive_requirement":
        return {
            "programme_name": _text(c.get("programme")),
            "programme_supervisor": _text(c.get("supervisor_name")),
            "programme_organisation": _text(c.get("supervisor_organisation")),
        }
    if kind == "electronic_monitoring":
        return {
            "tag_mode": _text(c.get("mode")),
            "tag_months": _text(c.get("months")),
            "tag_responsible": _text(c.get("responsible_person")),
            "tag_curfew_from": _text(c.get("curfew_from")),
            "tag_curfew_to": _text(c.get("curfew_to")),
            "tag_curfew_address": _text(c.get("curfew_address")),
            "tag_consents": "\n".join(x.get("person", "") for x in c.get("consents", [])),
            "tag_available": _yes(c.get("available_in_area")),
            "tag_subject_present": "no" if c.get("subject_present") is False else "yes",
        }
    if kind == "notification":
        return {
            "notification_days": _text(c.get("within_days")),
            "notification_details": list(c.get("details", [])),
        }
    return {}


def carried_over(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The changed condition with the fields no form shows taken from the old one."""
    return {**{k: old[k] for k in KEPT_ON_CHANGE if k in old and k not in new}, **new}
