"""The structured conditions catalogue: one Pydantic model per kind of condition, a discriminated union on
`kind`. Each model checks its own limits; limits that depend on the order type (which kinds an order may
contain, how long tagging may last) are in `rules.py`."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator
from shapely.geometry import Polygon, shape

from portcullis.orders.types import ConditionFacts

ISO3 = re.compile(r"^[A-Z]{3}$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
PERSON_ID = re.compile(r"^[0-9a-f]{32}$")


class _Condition(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    starts_on: date | None = None  # provisions may have their own dates (SCA 2007 s.16)
    ends_on: date | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> _Condition:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")
        return self

    def facts(self, index: int) -> ConditionFacts:
        return ConditionFacts(index=index, kind=self.kind)  # type: ignore[attr-defined]


def _person_ids(values: list[str]) -> list[str]:
    for v in values:
        if not PERSON_ID.match(v):
            raise ValueError(f"{v!r} is not a person record id (32 hexadecimal characters)")
    return values


class TravelRestriction(_Condition):
    kind: Literal["travel_restriction"]
    countries: list[str] = Field(
        default_factory=list, description="ISO 3166 alpha-3 codes the subject may not visit"
    )
    all_countries: bool = False
    surrender_passport: bool = False
    notice_of_travel_days: int | None = Field(default=None, ge=1, le=90)

    @field_validator("countries")
    @classmethod
    def _iso3(cls, values: list[str]) -> list[str]:
        for v in values:
            if not ISO3.match(v):
                raise ValueError(f"{v!r} is not an ISO 3166 alpha-3 country code")
        return values

    @model_validator(mode="after")
    def _something(self) -> TravelRestriction:
        if (
            not self.countries
            and not self.all_countries
            and not self.surrender_passport
            and self.notice_of_travel_days is None
        ):
            raise ValueError("name countries, all_countries, surrender_passport or notice_of_travel_days")
        if self.countries and self.all_countries:
            raise ValueError("give either countries or all_countries, not both")
        return self


class Devices(_Condition):
    kind: Literal["devices"]
    max_phones: int = Field(ge=0, le=5)
    max_laptops: int = Field(ge=0, le=5)
    declare_devices: bool = True
    allow_inspection: bool = False


class SocialMediaBan(_Condition):
    kind: Literal["social_media"]
    platforms: list[str] = Field(default_factory=list, description="empty: every platform")
    including_via_third_parties: bool = True


class AssociationBan(_Condition):
    kind: Literal["association"]
    person_ids: list[str] = Field(min_length=1, description="people.id of each person named")
    _ids = field_validator("person_ids")(classmethod(lambda cls, v: _person_ids(v)))


class CommunicationsRestriction(_Condition):
    kind: Literal["communications"]
    person_ids: list[str] = Field(default_factory=list)
    methods: list[
        Literal["phone", "text", "email", "messaging-apps", "encrypted-apps", "letters", "in-person"]
    ] = Field(min_length=1)
    _ids = field_validator("person_ids")(classmethod(lambda cls, v: _person_ids(v)))


class FinancialRestriction(_Condition):
    kind: Literal["financial"]
    declare_accounts: bool = True
    max_accounts: int | None = Field(default=None, ge=0, le=20)
    cash_limit_gbp: int | None = Field(default=None, ge=0, le=1_000_000)
    disclose_transactions_over_gbp: int | None = Field(default=None, ge=0, le=1_000_000)
    no_cryptoassets: bool = False


class Point(BaseModel):
    model_config = ConfigDict(extra="forbid")
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)


class ExclusionZone(_Condition):
    kind: Literal["exclusion_zone"]
    name: str = Field(min_length=1, max_length=200)
    polygon: dict[str, Any] | None = Field(default=None, description="GeoJSON Polygon, [longitude, latitude]")
    centre: Point | None = None
    address: str | None = None
    radius_m: int | None = Field(default=None, ge=10, le=50_000)

    @model_validator(mode="after")
    def _shape(self) -> ExclusionZone:
        if self.polygon is not None:
            if self.centre is not None or self.radius_m is not None:
                raise ValueError("give a polygon or a centre and radius, not both")
            if self.polygon.get("type") != "Polygon":
                raise ValueError("polygon must be a GeoJSON object with type 'Polygon'")
            try:
                geom = shape(self.polygon)
            except Exception:
                raise ValueError("polygon coordinates must be [[[longitude, latitude], ...]]") from None
            if not isinstance(geom, Polygon) or geom.is_empty or not geom.is_valid:
                raise ValueError("polygon is not a valid, non-self-intersecting ring")
            minx, miny, maxx, maxy = geom.bounds
            if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
                raise ValueError("polygon has coordinates outside longitude -180..180 or latitude -90..90")
            return self
        if self.radius_m is None:
            raise ValueError("give a polygon, or a radius_m around a centre point")
        if self.centre is None:
            raise ValueError(
                "give the centre (latitude, longitude) of the address; addresses are not geocoded"
            )
        return self


class NoContact(_Condition):
    kind: Literal["no_contact"]
    person_id: str | None = None
    person_description: str | None = Field(default=None, max_length=200)
    including_indirect: bool = True

    @model_validator(mode="after")
    def _who(self) -> NoContact:
        if self.person_id is None and not self.person_description:
            raise ValueError("name the protected person (person_id or person_description)")
        if self.person_id is not None:
            _person_ids([self.person_id])
        return self


class Residence(_Condition):
    kind: Literal["residence"]
    address: str = Field(min_length=5, max_length=500)
    overnight_from: str | None = None
    overnight_to: str | None = None

    @field_validator("overnight_from", "overnight_to")
    @classmethod
    def _hhmm(cls, v: str | None) -> str | None:
        if v is not None and not HHMM.match(v):
            raise ValueError("use a 24-hour time HH:MM")
        return v


class HomeAccess(_Condition):
    """DAPN/DAPO terms where the subject and the protected person live together (DA Act 2021 s.23(2))."""

    kind: Literal["home_access"]
    premises: str = Field(min_length=5, max_length=500)
    not_evict: bool = False
    not_enter: bool = False
    leave: bool = False

    @model_validator(mode="after")
    def _some(self) -> HomeAccess:
        if not (self.not_evict or self.not_enter or self.leave):
            raise ValueError("choose at least one of not_evict, not_enter or leave")
        return self


class PositiveRequirement(_Condition):
    kind: Literal["positive_requirement"]
    programme: str = Field(min_length=3, max_length=200)
    supervisor_name: str = Field(min_length=2, max_length=200)
    supervisor_organisation: str = Field(min_length=2, max_length=200)


class Consent(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person: str = Field(min_length=2, max_length=200)
    given: bool


class ElectronicMonitoring(_Condition):
    kind: Literal["electronic_monitoring"]
    mode: Literal["curfew", "location"]
    months: int = Field(ge=1, le=120, description="the length of this imposition")
    responsible_person: str = Field(min_length=2, max_length=200)
    consents: list[Consent] = Field(default_factory=list, description="anyone whose cooperation is needed")
    available_in_area: bool
    subject_present: bool = True
    curfew_from: str | None = None
    curfew_to: str | None = None
    curfew_address: str | None = None
    curfew_centre: Point | None = (
        None  # where the monitoring unit is installed; curfew breaches are measured from it
    )
    curfew_radius_m: int = Field(default=100, ge=10, le=1000)

    @model_validator(mode="after")
    def _limits(self) -> ElectronicMonitoring:
        if not self.available_in_area:
            raise ValueError("electronic monitoring may be imposed only where it is available in the area")
        refused = [c.person for c in self.consents if not c.given]
        if refused:
            raise ValueError(f"consent not given by {', '.join(refused)}")
        if self.mode == "curfew":
            for name in ("curfew_from", "curfew_to"):
                value = getattr(self, name)
                if value is None or not HHMM.match(value):
                    raise ValueError(f"a curfew needs {name} as HH:MM")
            if not self.curfew_address:
                raise ValueError("a curfew needs curfew_address")
        return self

    def facts(self, index: int) -> ConditionFacts:
        return ConditionFacts(
            index=index, kind=self.kind, monitoring_months=self.months, subject_present=self.subject_present
        )


NotificationDetail = Literal["names", "home_address", "devices", "vehicles", "accounts"]


def _default_details() -> list[NotificationDetail]:
    return ["names", "home_address"]


class Notification(_Condition):
    kind: Literal["notification"]
    within_days: int = Field(default=3, ge=1, le=31)
    details: list[NotificationDetail] = Field(default_factory=_default_details)


Condition = Annotated[
    TravelRestriction
    | Devices
    | SocialMediaBan
    | AssociationBan
    | CommunicationsRestriction
    | FinancialRestriction
    | ExclusionZone
    | NoContact
    | Residence
    | HomeAccess
    | PositiveRequirement
    | ElectronicMonitoring
    | Notification,
    Field(discriminator="kind"),
]
CONDITIONS: TypeAdapter[Condition] = TypeAdapter(Condition)
CONDITION_LIST: TypeAdapter[list[Condition]] = TypeAdapter(list[Condition])
KINDS = (
    "travel_restriction",
    "devices",
    "social_media",
    "association",
    "communications",
    "financial",
    "exclusion_zone",
    "no_contact",
    "residence",
    "home_access",
    "positive_requirement",
    "electronic_monitoring",
    "notification",
)


def _yes(flag: bool, text: str) -> str:
    return text if flag else ""


def describe(c: Condition) -> str:
    """The condition in plain English, for the order page and the notice to serve."""
    when = ""
    if c.starts_on or c.ends_on:
        when = f" (from {c.starts_on or 'the start of the order'} to {c.ends_on or 'the end of the order'})"
    text: str
    match c:
        case TravelRestriction():
            parts = []
            if c.all_countries:
                parts.append("You must not travel outside the United Kingdom.")
            elif c.countries:
                parts.append(f"You must not travel to: {', '.join(c.countries)}.")
            if c.surrender_passport:
                parts.append("You must surrender your passport to the police.")
            if c.notice_of_travel_days:
                parts.append(
                    f"You must tell the police at least {c.notice_of_travel_days} days before any travel."
                )
            text = " ".join(parts)
        case Devices():
            text = (
                f"You may have no more than {c.max_phones} mobile phone(s) and {c.max_laptops} laptop(s). "
                + _yes(c.declare_devices, "You must declare every device you use. ")
                + _yes(c.allow_inspection, "You must allow the police to inspect them.")
            )
        case SocialMediaBan():
            where = ", ".join(c.platforms) if c.platforms else "any social media"
            text = (
                f"You must not use {where}"
                + _yes(c.including_via_third_parties, ", including through another person")
                + "."
            )
        case AssociationBan():
            text = f"You must not associate with the {len(c.person_ids)} person(s) named in the schedule."
        case CommunicationsRestriction():
            text = (
                f"You must not communicate by {', '.join(c.methods)}"
                + (f" with the {len(c.person_ids)} person(s) named in the schedule" if c.person_ids else "")
                + "."
            )
        case FinancialRestriction():
            text = " ".join(
                p
                for p in [
                    _yes(c.declare_accounts, "You must declare every bank account you hold."),
                    f"You may hold no more than {c.max_accounts} account(s)."
                    if c.max_accounts is not None
                    else "",
                    f"You must not hold more than £{c.cash_limit_gbp} in cash."
                    if c.cash_limit_gbp is not None
                    else "",
                    (
                        f"You must disclose any transaction over £{c.disclose_transactions_over_gbp}."
                        if c.disclose_transactions_over_gbp is not None
                        else ""
                    ),
                    _yes(c.no_cryptoassets, "You must not hold or deal in cryptoassets."),
                ]
                if p
            )
        case ExclusionZone():
            where = (
                f"within {c.radius_m} metres of {c.address or 'the point shown on the map'}"
                if c.radius_m
                else "inside the area shown on the map"
            )
            text = f"You must not enter the exclusion zone '{c.name}': {where}."
        case NoContact():
            text = (
                "You must not contact "
                + (c.person_description or "the protected person")
                + _yes(c.including_indirect, ", directly or through anyone else")
                + "."
            )
        case Residence():
            text = (
                f"You must live at {c.address}"
                + (
                    f" and be there between {c.overnight_from} and {c.overnight_to}"
                    if c.overnight_from
                    else ""
                )
                + "."
            )
        case HomeAccess():
            text = " ".join(
                p
                for p in [
                    _yes(
                        c.not_evict, f"You must not evict or exclude the protected person from {c.premises}."
                    ),
                    _yes(c.not_enter, f"You must not enter {c.premises}."),
                    _yes(c.leave, f"You must leave {c.premises}."),
                ]
                if p
            )
        case PositiveRequirement():
            text = (
                f"You must attend {c.programme}, supervised by {c.supervisor_name} "
                f"({c.supervisor_organisation})."
            )
        case ElectronicMonitoring():
            what = (
                f"a curfew at {c.curfew_address} from {c.curfew_from} to {c.curfew_to}"
                if c.mode == "curfew"
                else "your location"
            )
            text = (
                f"You must wear an electronic tag monitoring {what} for {c.months} month(s). "
                f"The person responsible for monitoring is {c.responsible_person}."
            )
        case Notification():
            text = (
                f"You must tell the police your {', '.join(d.replace('_', ' ') for d in c.details)} within "
                f"{c.within_days} days of the order, and within {c.within_days} days of any change."
            )
    return text.strip() + when
