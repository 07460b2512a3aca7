"""Commands for scripts: `portcullis eta requirement|validity|fee` and `portcullis mrz check` (--json)."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Annotated, Any

import typer
from rich.console import Console

from portcullis.core import policy
from portcullis.core.clock import today_in_london
from portcullis.travel import codes, mrz, rules

eta_app = typer.Typer(help="Electronic Travel Authorisation rules.", no_args_is_help=True)
mrz_app = typer.Typer(help="Passport machine-readable zones (ICAO Doc 9303).", no_args_is_help=True)
apps = {"eta": eta_app, "mrz": mrz_app}

console = Console()
err = Console(stderr=True)
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _fail(field: str, reason: str, as_json: bool) -> None:
    if as_json:
        body = {"detail": f"{field}: {reason}", "errors": [{"field": field, "reason": reason}]}
        sys.stdout.write(json.dumps(body) + "\n")
    err.print(f"[bold red]Error:[/] {field}: {reason}")
    raise typer.Exit(1)


def _date(text: str, field: str, as_json: bool) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        _fail(field, f"{text!r} is not a real date in the form YYYY-MM-DD", as_json)
        raise AssertionError from None  # unreachable: _fail exits


def _code(text: str, field: str, as_json: bool) -> str:
    try:
        return codes.normalise(text, field=field)
    except codes.CodeError as exc:
        _fail(exc.field, exc.reason, as_json)
        raise AssertionError from None


def _emit(data: dict[str, Any], as_json: bool, lines: list[str]) -> None:
    if as_json:
        sys.stdout.write(json.dumps(data, default=str) + "\n")
    else:
        for line in lines:
            console.print(line)


@eta_app.command("requirement")
def requirement(
    nationality: Annotated[str, typer.Option(help="Passport nationality, ISO 3166 alpha-3 or ICAO code.")],
    arrival: Annotated[str, typer.Option(help="Date of arrival in the UK, YYYY-MM-DD.")],
    other_citizenship: Annotated[
        list[str] | None, typer.Option(help="Another citizenship (repeatable).")
    ] = None,
    holds: Annotated[
        str | None, typer.Option(help="Permission already held: visa, evisa or uk-status.")
    ] = None,
    irish_resident: Annotated[
        bool, typer.Option(help="Lawfully resident in Ireland, travelling from the CTA.")
    ] = False,
    airside_transit: Annotated[
        bool, typer.Option(help="Transiting airside without passing the border.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Does a traveller need an ETA for a journey arriving on a date?"""
    on = _date(arrival, "--arrival", as_json)
    main = _code(nationality, "--nationality", as_json)
    others = tuple(_code(c, "--other-citizenship", as_json) for c in other_citizenship or [])
    try:
        answer = rules.requirement(
            nationality=main,
            on=on,
            snapshot=policy.at(on),
            other_citizenships=others,
            holds=holds,
            irish_resident=irish_resident,
            airside_transit=airside_transit,
        )
    except rules.RuleError as exc:
        _fail("--" + exc.field.replace("_", "-"), exc.reason, as_json)
        return
    data = answer.as_dict()
    shown = {k: data[k] for k in ("required", "can_apply", "basis", "reasons", "references")}
    lines = [
        f"[bold]{answer.basis}[/]: ETA required: {'yes' if answer.required else 'no'}; "
        f"can apply: {'yes' if answer.can_apply else 'no'}",
        *[f"  - {r}" for r in answer.reasons],
    ]
    _emit(shown, as_json, lines)


@eta_app.command("validity")
def validity(
    granted: Annotated[str, typer.Option(help="Date the ETA was granted, YYYY-MM-DD.")],
    passport_expiry: Annotated[str, typer.Option(help="Expiry date of the linked passport, YYYY-MM-DD.")],
    as_json: JsonOption = False,
) -> None:
    """The last day an ETA granted on a date is valid."""
    grant_day = _date(granted, "--granted", as_json)
    expiry = _date(passport_expiry, "--passport-expiry", as_json)
    try:
        result = rules.validity(granted=grant_day, passport_expiry=expiry, snapshot=policy.at(grant_day))
    except rules.RuleError as exc:
        _fail("--passport-expiry", exc.reason, as_json)
        return
    except policy.ParameterNotInForce as exc:
        _fail("--granted", str(exc), as_json)
        return
    why = " (the passport's expiry)" if result.capped_by_passport else ""
    _emit(
        {"valid_until": result.valid_until.isoformat()}, as_json, [f"Valid until {result.valid_until}{why}"]
    )


@eta_app.command("fee")
def fee(
    on: Annotated[str, typer.Option(help="Date of application, YYYY-MM-DD (default: today in the UK).")] = "",
    as_json: JsonOption = False,
) -> None:
    """The ETA application fee on a date."""
    when = _date(on, "--on", as_json) if on else today_in_london()
    try:
        result = rules.fee(snapshot=policy.at(when))
    except policy.ParameterNotInForce:
        _fail(
            "--on", f"there was no ETA fee on {when.isoformat()} (the scheme opened on 2023-10-25)", as_json
        )
        return
    _emit(result.as_dict(), as_json, [f"£{result.amount:.2f} ({result.used.cite()})"])


@mrz_app.command("check")
def check(
    line1: Annotated[str, typer.Argument(help="First MRZ line (44 characters).")],
    line2: Annotated[str, typer.Argument(help="Second MRZ line (44 characters).")],
    as_json: JsonOption = False,
) -> None:
    """Check a passport MRZ's format and check digits; exits 0 whether or not it is valid."""
    result = mrz.parse_td3(line1, line2, today=today_in_london())
    errors = list(result.errors)
    for key in ("nationality", "issuing_state"):
        value = result.fields.get(key)
        if value:
            try:
                codes.normalise(value, field=key)
            except codes.CodeError as exc:
                errors.append(mrz.MrzError(exc.field, exc.reason))
    data = mrz.MrzResult(not errors, tuple(errors), result.fields).as_dict()
    lines = ["[green]Valid MRZ[/]" if data["valid"] else "[red]Invalid MRZ[/]"]
    lines += [f"  {e['field']}: {e['reason']}" for e in data["errors"]]
    lines += [f"  {k}: {v}" for k, v in data["fields"].items()]
    _emit(data, as_json, lines)
