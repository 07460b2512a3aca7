"""Benchmark: where a manifest's CPU time goes, step by step, in-process (no HTTP).

Each step of `POST /api/v1/permission-to-travel` is timed with `time.process_time()` (CPU time, which a
shared machine's load barely moves): parsing the body, validation, the ETA and eVisa look-ups, screening
(`screening.service.screen_many`), the rest of `answer_manifest`, the audit entries and the response.

.venv/bin/python -m benchmarks.travel_manifest_parts --passengers 1000 --repeat 7 [--cold]

The same manifest is answered every run, so the screening module's caches (name parts' keys, name pairs'
scores) are warm from the second run on. `--cold` empties them before each run: what a manifest of names
the process has not seen costs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from datetime import UTC, date, datetime

from benchmarks.machine import machine
from benchmarks.travel_common import database, populate

STEPS = ("parse", "validate", "lookup", "screening", "answer_manifest", "audit", "response")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--passengers", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cold", action="store_true", help="empty the screening caches before each run")
    args = parser.parse_args()
    url = database()
    from portcullis.core import access, audit, clock
    from portcullis.core.db import unit_of_work
    from portcullis.travel import carrier_service, schemas

    on = date(2026, 3, 2)
    clock.set_clock(clock.FrozenClock(datetime(2026, 3, 1, 9, tzinfo=UTC)))
    body = json.dumps(
        {
            "flight": "BA0178",
            "travel_date": on.isoformat(),
            "route_from": "JFK",
            "route_to": "LHR",
            "passengers": populate(args.passengers, on=on),
        }
    )
    spent: dict[str, list[float]] = {step: [] for step in STEPS}
    for run in range(args.repeat + 1):  # the first run builds the screening index and is not counted
        if args.cold:
            _empty_screening_caches()
        t = [time.process_time()]
        manifest = schemas.ManifestIn.model_validate_json(body)
        passengers = [carrier_service.PassengerIn(**p.model_dump()) for p in manifest.passengers]
        t.append(time.process_time())
        with unit_of_work() as uow:
            carrier_service.validate(passengers)
            t.append(time.process_time())
            numbers = sorted({p.document_number for p in passengers})
            found = carrier_service.lookup(uow.session, numbers, on)
            t.append(time.process_time())
            carrier_service._refused_carriage(uow.session, passengers, on, found.stamp)
            t.append(time.process_time())
            # The whole answer again (it repeats the three steps above): shown to compare with their sum.
            results, pending = carrier_service.answer_manifest(
                uow,
                carrier=access.SYSTEM,
                flight="BA0178",
                travel_date=on,
                route="JFK-LHR",
                passengers=passengers,
            )
            t.append(time.process_time())
        with unit_of_work() as uow:
            audit.record_many(uow, actor=access.SYSTEM, entries=pending)
        t.append(time.process_time())
        schemas.ManifestOut(
            flight=manifest.flight,
            travel_date=on,
            checked_at=clock.now(),
            passengers=[schemas.PassengerOut(**r.as_dict()) for r in results],
        ).model_dump_json()
        t.append(time.process_time())
        if run:
            for step, start, end in zip(STEPS, t[:-1], t[1:], strict=True):
                spent[step].append((end - start) * 1000)
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}")
    cold = "; caches emptied before each run" if args.cold else ""
    print(f"database: {url.split(':')[0]}; passengers: {args.passengers}; runs: {args.repeat}{cold}")
    for step in STEPS:
        print(f"{step:>16}: median {statistics.median(spent[step]):6.1f} ms CPU, min {min(spent[step]):6.1f}")


def _empty_screening_caches() -> None:
    """Every `functools` cache in the screening modules (the index itself is kept)."""
    from portcullis.screening import index, matching, names, subjects

    for module in (index, matching, names, subjects):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


if __name__ == "__main__":
    main()
