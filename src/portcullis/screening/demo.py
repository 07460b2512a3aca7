"""Demonstration data for screening: a small external sanctions list (generated names, OpenSanctions CSV
columns). Internal lists fill up as the other domains' demo data is loaded; `portcullis screening rescreen`
then raises alerts for the analyst queue."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from sqlalchemy import select

from portcullis.core.db import UnitOfWork
from portcullis.screening.imports import import_list
from portcullis.screening.models import Watchlist

DEMO_FILE = Path(__file__).with_name("data") / "demo_sanctions.csv"


def load(uow: UnitOfWork, console: Console) -> None:
    if uow.session.scalar(select(Watchlist.id).where(Watchlist.name == "demo-sanctions")) is not None:
        return
    result = import_list(uow, list_name="demo-sanctions", path=DEMO_FILE, file_format="opensanctions-csv")
    console.print(f"Screening: imported {result.added} entries into demo-sanctions.")
