"""The `portcullis` command (Typer + Rich). Domains add their own sub-commands."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from portcullis.core import policy
from portcullis.core.settings import ConfigurationError

app = typer.Typer(help="Portcullis: Home Office operational platform.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
demo_app = typer.Typer(help="Demonstration data.", no_args_is_help=True)
users_app = typer.Typer(help="User accounts and API tokens.", no_args_is_help=True)
policy_app = typer.Typer(help="Dated, cited parameters (rules as data).", no_args_is_help=True)
audit_app = typer.Typer(help="The DPA 2018 s.62 audit log.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(demo_app, name="demo")
app.add_typer(users_app, name="users")
app.add_typer(policy_app, name="policy")
app.add_typer(audit_app, name="audit")

console = Console()
err = Console(stderr=True)


def fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]Error:[/] {message}")
    raise typer.Exit(code)


def parse_date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"{field}: {text!r} is not a date in the form YYYY-MM-DD")
        raise AssertionError from None  # unreachable: fail() exits


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (use 1 on SQLite).")] = 1,
    reload: Annotated[bool, typer.Option(help="Restart when code changes (development).")] = False,
) -> None:
    """Serve the web application and API."""
    import uvicorn

    from portcullis.core.db import check_database
    from portcullis.web.shell import check_assets

    try:
        check_database()
        check_assets()
    except ConfigurationError as exc:
        fail(str(exc))
    uvicorn.run(
        "portcullis.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        log_config=None,
        access_log=False,
    )


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Apply the Alembic migrations to the database in DATABASE_URL."""
    from portcullis.core.db import check_database
    from portcullis.core.migrate import upgrade

    try:
        check_database()
    except ConfigurationError as exc:
        fail(str(exc))
    upgrade(revision)
    console.print(f"Database upgraded to {revision}.")


@policy_app.command("show")
def policy_show(
    name: Annotated[str, typer.Argument(help="Parameter name, e.g. travel.eta.fee")],
    on: Annotated[str, typer.Option(help="Date, YYYY-MM-DD (default: today in the UK).")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show a parameter's value on a date, with its effective date and references."""
    from portcullis.core.clock import today_in_london

    when = parse_date(on, "--on") if on else today_in_london()
    try:
        found = policy.at(when).maybe(name)
    except policy.ParameterNotFound:
        fail(f"no parameter named {name!r}; see `portcullis policy list`")
        return
    except policy.ParameterError as exc:
        fail(str(exc))
        return
    if found is None:
        fail(f"{name} has no value on {when.isoformat()} (its first value starts later)")
        return
    data = found.as_dict()
    if as_json:
        sys.stdout.write(json.dumps(data, default=str) + "\n")
        return
    console.print(f"[bold]{name}[/] on {when.isoformat()}: {data['value']} {data['unit'] or ''}")
    console.print(f"In force from {data['effective_from']}; verified: {data['verified']}")
    for ref in data["references"]:
        console.print(f"  - {ref['title']}" + (f" <{ref['href']}>" if ref["href"] else ""))


@policy_app.command("list")
def policy_list(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List every parameter with its description and latest value."""
    try:
        params = policy.all_parameters()
    except policy.ParameterError as exc:
        fail(str(exc))
        return
    if as_json:
        rows = [
            {
                "name": p.name,
                "description": p.description,
                "unit": p.unit,
                "verified": p.verified,
                "values": [
                    {"effective_from": v.effective_from.isoformat(), "value": v.value} for v in p.values
                ],
            }
            for p in params.values()
        ]
        sys.stdout.write(json.dumps(rows, default=str) + "\n")
        return
    table = Table("name", "latest value", "from", "verified", "description")
    for p in params.values():
        last = p.values[-1]
        table.add_row(
            p.name,
            str(last.value),
            last.effective_from.isoformat(),
            "yes" if p.verified else "NO",
            p.description,
        )
    console.print(table)


@audit_app.command("verify")
def audit_verify(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Check the audit log's hash chain; exits non-zero naming the first broken entry."""
    from portcullis.core import audit
    from portcullis.core.db import check_database, unit_of_work

    try:
        check_database()
    except ConfigurationError as exc:
        fail(str(exc))
    with unit_of_work() as uow:
        result = audit.verify(uow.session)
    if as_json:
        sys.stdout.write(json.dumps(result.__dict__) + "\n")
    elif result.ok:
        console.print(f"[green]Audit log intact:[/] {result.checked} entries checked.")
    else:
        err.print(
            f"[bold red]Audit log broken at entry {result.broken_seq}:[/] {result.reason} "
            f"({result.checked} entries before it are intact)."
        )
    if not result.ok:
        raise typer.Exit(1)


@users_app.command("create")
def users_create(
    email: Annotated[str, typer.Option(help="Sign-in email address.")],
    name: Annotated[str, typer.Option(help="Full name.")],
    role: Annotated[list[str], typer.Option(help="Role (repeat for several).")],
    organisation: Annotated[str | None, typer.Option(help="Force or agency, for scoped roles.")] = None,
    password: Annotated[str | None, typer.Option(help="Password (prompted if not given).")] = None,
) -> None:
    """Create a user with roles."""
    from portcullis.core import access
    from portcullis.core.db import unit_of_work

    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with unit_of_work() as uow:
            user = access.create_user(
                uow, email=email, name=name, password=password, role_names=role, organisation=organisation
            )
            user_id = user.id
    except access.AccessError as exc:
        fail(str(exc))
    console.print(f"Created user {email} ({user_id}) with roles {', '.join(role)}.")


@users_app.command("token")
def users_token(
    email: Annotated[str, typer.Option(help="The account the token acts as.")],
    name: Annotated[str, typer.Option(help="What the token is for.")],
) -> None:
    """Issue an API token for a machine client; it is shown once."""
    from sqlalchemy import select

    from portcullis.core import access
    from portcullis.core.access_models import User
    from portcullis.core.db import unit_of_work

    with unit_of_work() as uow:
        user = uow.session.scalar(select(User).where(User.email == email.lower()))
        if user is None:
            fail(f"--email: no user {email}")
            return
        secret, _ = access.issue_api_token(uow, user=user, name=name)
    console.print(secret)


@demo_app.command("load")
def demo_load(
    force: Annotated[bool, typer.Option(help="Load again even if demo data is present.")] = False,
) -> None:
    """Load demonstration users and data (once)."""
    from portcullis.demo import load_demo

    loaded = load_demo(force=force, console=console)
    if not loaded:
        console.print("Demo data already present; nothing to do (use --force to add more).")


def _register_domain_commands() -> None:
    from portcullis.domains import cli_apps, load_domains

    load_domains()
    for name, sub in cli_apps():
        app.add_typer(sub, name=name)


_register_domain_commands()
