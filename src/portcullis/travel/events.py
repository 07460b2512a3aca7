"""Reactions to other domains' events: a revoked sponsor licence curtails its workers' eVisa permissions."""

from __future__ import annotations

from portcullis.core import access, events
from portcullis.core.db import unit_of_work
from portcullis.employers.events import SponsorLicenceRevoked
from portcullis.travel import evisa_service


@events.subscribe(SponsorLicenceRevoked)
def curtail_sponsored_workers(event: SponsorLicenceRevoked) -> None:
    with unit_of_work() as uow:
        evisa_service.curtail_for_revoked_licence(
            uow, person_ids=event.worker_person_ids, on=event.on, actor=access.SYSTEM
        )
