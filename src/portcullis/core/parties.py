"""People and organisations: the one picture of who is who that every domain links to.

A person has name parts and aliases, a date of birth that may be partial (year, or year and month),
nationalities and identity documents. An organisation has a name, a company number, addresses and
directors, who are people."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from portcullis.core.db import Base, IdMixin, TimestampMixin

DOB_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class PartyError(ValueError):
    """Bad party data; the message names the field."""


def parse_partial_date(text: str, *, field: str = "date_of_birth", today: date | None = None) -> str:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD; check it is a real date and not in the future."""
    text = text.strip()
    if not DOB_PATTERN.match(text):
        raise PartyError(f"{field}: use YYYY-MM-DD, YYYY-MM or YYYY (got {text!r})")
    parts = [int(p) for p in text.split("-")]
    try:
        full = date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise PartyError(f"{field}: {text} is not a real date") from None
    if full.year < 1880:
        raise PartyError(f"{field}: {text} is too long ago to be a date of birth")
    if today is not None and full > today:
        raise PartyError(f"{field}: {text} is in the future")
    return text


class Person(IdMixin, TimestampMixin, Base):
    __tablename__ = "people"

    given_names: Mapped[str] = mapped_column(String(200), default="")
    family_name: Mapped[str] = mapped_column(String(200), index=True)
    # Partial dates allowed: "1980", "1980-04" or "1980-04-12".
    date_of_birth: Mapped[str | None] = mapped_column(String(10))
    sex: Mapped[str | None] = mapped_column(String(1))
    nationalities: Mapped[str] = mapped_column(String(200), default="")  # ISO 3166 alpha-3, space separated

    aliases: Mapped[list[PersonAlias]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    documents: Mapped[list[IdentityDocument]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()

    @property
    def nationality_list(self) -> list[str]:
        return self.nationalities.split()


class PersonAlias(Base):
    __tablename__ = "person_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(400))
    script: Mapped[str | None] = mapped_column(String(20))  # e.g. "Cyrl", "Arab"


class IdentityDocument(Base):
    __tablename__ = "identity_documents"
    __table_args__ = (UniqueConstraint("doc_type", "number", "issuing_state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    doc_type: Mapped[str] = mapped_column(String(30))  # passport, national-id, residence-permit, ...
    number: Mapped[str] = mapped_column(String(40), index=True)
    issuing_state: Mapped[str] = mapped_column(String(3))
    expiry: Mapped[date | None]


class Organisation(IdMixin, TimestampMixin, Base):
    __tablename__ = "organisations"

    name: Mapped[str] = mapped_column(String(300), index=True)
    company_number: Mapped[str | None] = mapped_column(String(20), unique=True)
    addresses: Mapped[list[OrganisationAddress]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    directors: Mapped[list[Directorship]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class OrganisationAddress(Base):
    __tablename__ = "organisation_addresses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    address: Mapped[str] = mapped_column(String(500))
    postcode: Mapped[str | None] = mapped_column(String(10))


class Directorship(Base):
    __tablename__ = "directorships"
    __table_args__ = (UniqueConstraint("organisation_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    appointed_on: Mapped[date | None]
    resigned_on: Mapped[date | None]
    person: Mapped[Person] = relationship(lazy="joined")


def normalise_document_number(number: str) -> str:
    return re.sub(r"[\s<-]", "", number).upper()


def find_people_by_name(session: Session, name: str, limit: int = 50) -> list[Person]:
    """Simple name search for pages; identity matching proper is the screening domain's job."""
    terms = [t for t in re.split(r"\s+", name.strip()) if t]
    if not terms:
        return []
    query = select(Person)
    for term in terms:
        like = f"%{term}%"
        alias_hit = select(PersonAlias.person_id).where(PersonAlias.name.ilike(like))
        query = query.where(
            or_(Person.given_names.ilike(like), Person.family_name.ilike(like), Person.id.in_(alias_hit))
        )
    return list(session.scalars(query.order_by(Person.family_name, Person.given_names).limit(limit)))


def find_people_by_document(session: Session, number: str, issuing_state: str | None = None) -> list[Person]:
    query = (
        select(Person)
        .join(IdentityDocument)
        .where(IdentityDocument.number == normalise_document_number(number))
    )
    if issuing_state:
        query = query.where(IdentityDocument.issuing_state == issuing_state.upper())
    return list(session.scalars(query).unique())


def find_organisations(session: Session, text: str, limit: int = 50) -> list[Organisation]:
    text = text.strip()
    if not text:
        return []
    query = select(Organisation).where(
        or_(Organisation.name.ilike(f"%{text}%"), Organisation.company_number == text.upper())
    )
    return list(session.scalars(query.order_by(Organisation.name).limit(limit)))
