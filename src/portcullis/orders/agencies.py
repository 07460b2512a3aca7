"""Agencies that apply for or give orders: organisation code -> kind and the areas it polices. The codes
are the `organisation` of users (e.g. a Greater Manchester Police officer has "greater-manchester")."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Agency:
    code: str
    name: str
    kind: str
    areas: tuple[str, ...] = ()


AGENCIES: dict[str, Agency] = {
    a.code: a
    for a in [
        Agency("nca", "National Crime Agency", "nca"),
        Agency("cps", "Crown Prosecution Service (Director of Public Prosecutions)", "dpp"),
        Agency("sfo", "Serious Fraud Office", "sfo"),
        Agency("hmrc", "HM Revenue and Customs", "other-law-enforcement"),
        Agency("immigration-enforcement", "Home Office Immigration Enforcement", "other-law-enforcement"),
        Agency("greater-manchester", "Greater Manchester Police", "territorial", ("greater-manchester",)),
        Agency(
            "metropolitan",
            "Metropolitan Police Service",
            "territorial",
            ("london-bromley", "london-croydon", "london-sutton", "london-other"),
        ),
        Agency(
            "british-transport-police",
            "British Transport Police",
            "british-transport-police",
            ("british-transport-police",),
        ),
        Agency("cleveland", "Cleveland Police", "territorial", ("cleveland",)),
        Agency("north-wales", "North Wales Police", "territorial", ("north-wales",)),
        Agency("west-midlands", "West Midlands Police", "territorial", ("west-midlands",)),
        Agency("west-yorkshire", "West Yorkshire Police", "territorial", ("west-yorkshire",)),
        Agency("ministry-of-defence-police", "Ministry of Defence Police", "ministry-of-defence-police"),
        Agency("counter-terrorism-policing", "Counter Terrorism Policing", "territorial"),
    ]
}

# Applicants who are not agencies (DAPO: the victim, people named in regulations, others with leave).
PRIVATE_APPLICANT_KINDS = ("victim", "specified-person", "other-with-leave")


def lookup(code: str) -> Agency | None:
    return AGENCIES.get(code)


def label(code: str) -> str:
    agency = AGENCIES.get(code)
    return agency.name if agency else code
