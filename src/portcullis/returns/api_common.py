"""What the returns API modules share: the justification header and running a use case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Header, HTTPException
from fastapi.responses import JSONResponse

from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.returns.service import NotFound, ReturnsError

T = TypeVar("T")
Justification = Annotated[
    str,
    Header(
        alias="X-Justification", min_length=3, description="Why you need this record (audited, DPA 2018 s.62)"
    ),
]


def run(fn: Callable[[UnitOfWork], T]) -> T | JSONResponse:
    """Run a use case in a unit of work; bad input becomes a 422 naming each field, nothing saved."""
    try:
        with unit_of_work() as uow:
            return fn(uow)
    except ReturnsError as exc:
        return JSONResponse(
            {"detail": "The request is not valid", "errors": [v.as_dict() for v in exc.violations]},
            status_code=422,
        )
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from None
