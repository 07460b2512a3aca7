"""Shared set-up for the travel benchmarks: a migrated database (a temporary SQLite file, or DATABASE_URL),
passengers with granted ETAs, eVisas and refusals, and a carrier token."""

from __future__ import annotations

import os
import random
import tempfile
from datetime import date, timedelta
from typing import Any

from rich.progress import track


def database() -> str:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    os.environ["PORTCULLIS_DATABASE_URL"] = url
    os.environ.setdefault("PORTCULLIS_ENVIRONMENT", "test")
    from portcullis.core import db
    from portcullis.core.migrate import upgrade
    from portcullis.core.settings import get_settings

    get_settings.cache_clear()
    engine = db.make_engine(url)
    if engine.dialect.name == "postgresql":
        from sqlalchemy import text

        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    db.set_engine(engine)
    upgrade("heads", url)
    return url


def populate(n: int, *, on: date, seed: int = 7) -> list[dict[str, Any]]:
    """Make n passengers: 70% with a granted ETA, 10% British, 10% with an eVisa, 5% refused an ETA (on the
    eta-refused list) and 5% with no permission. Returns the manifest's passenger dicts."""
    from portcullis.core import access
    from portcullis.core.db import unit_of_work
    from portcullis.core.parties import IdentityDocument, Person
    from portcullis.screening import service as screening
    from portcullis.travel import evisa_service
    from portcullis.travel.models import EtaApplication, EtaSubmission

    rng = random.Random(seed)
    given = ["Anna", "Ben", "Chloe", "Dev", "Eva", "Finn", "Grace", "Hugo", "Ines", "Jon", "Kai", "Lena"]
    family = ["Smith", "Garcia", "Tanaka", "Muller", "Rossi", "Novak", "Silva", "Kim", "Brown", "Lopez"]
    passengers = []
    with unit_of_work() as uow:
        sub = EtaSubmission(reference="PAYBENCH", contact_email="bench@example.com", fee_pence=1600)
        uow.session.add(sub)
        uow.flush()
        for i in track(range(n), description="Populating"):
            kind = (
                "eta"
                if i % 20 < 14
                else "gbr"
                if i % 20 < 16
                else "evisa"
                if i % 20 < 18
                else "refused"
                if i % 20 == 18
                else "none"
            )
            nat = {"eta": "USA", "gbr": "GBR", "evisa": "IND", "refused": "CAN", "none": "AUS"}[kind]
            number = f"B{i:08d}"
            g, f = rng.choice(given), rng.choice(family) + f"{i}"
            dob = date(1950, 1, 1) + timedelta(days=rng.randrange(20000))
            person = Person(given_names=g, family_name=f, date_of_birth=dob.isoformat(), nationalities=nat)
            person.documents.append(IdentityDocument(doc_type="passport", number=number, issuing_state=nat))
            uow.session.add(person)
            uow.flush()
            if kind == "eta":
                uow.session.add(
                    EtaApplication(
                        reference=f"ETABENCH{i:07d}",
                        submission_id=sub.id,
                        person_id=person.id,
                        email="b@example.com",
                        given_names=g,
                        family_name=f,
                        date_of_birth=dob,
                        sex="F",
                        nationality=nat,
                        passport_number=number,
                        passport_issuing_state=nat,
                        passport_expiry=on + timedelta(days=900),
                        status="granted",
                        valid_from=on - timedelta(days=30),
                        valid_until=on + timedelta(days=700),
                    )
                )
            elif kind == "evisa":
                evisa_service.grant_permission(
                    uow,
                    person_id=person.id,
                    permission_type="Skilled Worker",
                    conditions=[],
                    valid_from=on - timedelta(days=100),
                    valid_until=on + timedelta(days=900),
                    actor=access.SYSTEM,
                )
            elif kind == "refused":
                screening.upsert_internal_entry(
                    uow,
                    list_name="eta-refused",
                    source_ref=f"eta:bench{i}",
                    subject=screening.SubjectIn(
                        kind="person",
                        names=[f"{g} {f}"],
                        date_of_birth=dob.isoformat(),
                        nationalities=[nat],
                        identifiers=[number],
                        party_id=person.id,
                    ),
                    reason_code="eta-refused",
                    source="travel",
                    valid_from=on - timedelta(days=10),
                    valid_to=None,
                )
            passengers.append(
                {
                    "document_number": number,
                    "issuing_state": nat,
                    "nationality": nat,
                    "date_of_birth": dob.isoformat(),
                    "given_names": g,
                    "family_name": f,
                }
            )
    analyze()
    return passengers


def analyze() -> None:
    """Refresh PostgreSQL's planner statistics for the rows just written. A server's autovacuum does this
    within a minute; this machine's PostgreSQL runs with autovacuum off, and without statistics the planner
    reads every granted ETA (an index on status) instead of the one passport (0.6 ms against 0.01 ms)."""
    from sqlalchemy import text

    from portcullis.core.db import get_engine

    engine = get_engine()
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))


def carrier_token(rate_limit_per_minute: int = 10_000_000) -> str:
    from portcullis.core import access
    from portcullis.core.db import unit_of_work

    with unit_of_work() as uow:
        user = access.create_user(
            uow,
            email=f"bench{random.randrange(10**9)}@carrier.example",
            name="Bench Air",
            password=None,
            role_names=["carrier"],
            organisation="Bench Air",
        )
        secret, _ = access.issue_api_token(
            uow, user=user, name="bench", rate_limit_per_minute=rate_limit_per_minute
        )
    return secret
