"""Email through the outbox: written in the caller's transaction, kept readable at /outbox, and delivered by
GOV.UK Notify's client (a fake here: no network) when the backend says so."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
import requests
from notifications_python_client.errors import HTTPError
from sqlalchemy import select

from portcullis.core import jobs, notify
from portcullis.core.audit import AuditEntry
from portcullis.core.db import unit_of_work
from portcullis.core.notify import OutboxMessage
from portcullis.core.settings import get_settings

TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"


@pytest.fixture()
def greeting_template() -> None:
    notify.register_template(
        "tests.greeting",
        subject="Hello ((name))",
        body="Dear ((name)),\n\nYour reference is ((ref)).",
        notify_template_id=TEMPLATE_ID,
    )


class FakeNotify:
    """Stands in for NotificationsAPIClient: records requests, answers like Notify's API."""

    sent: ClassVar[list[dict[str, Any]]] = []
    fail_with: int | None = None

    def __init__(self, api_key: str) -> None:
        self.api_key = api_key

    def send_email_notification(self, **request: Any) -> dict[str, Any]:
        if FakeNotify.fail_with is not None:
            response = requests.Response()
            response.status_code = FakeNotify.fail_with
            response._content = (
                b'{"errors": [{"error": "BadRequestError", "message": "Can\'t send to this recipient"}]}'
            )
            raise HTTPError(response)
        FakeNotify.sent.append(request)
        return {
            "id": "740e5834-3a29-46b4-9a6f-16142fde533a",
            "reference": request.get("reference"),
            "content": {"subject": "Hello", "body": "..."},
            "template": {"id": request["template_id"]},
        }


@pytest.fixture()
def govuk_notify(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[FakeNotify]]:
    monkeypatch.setenv("PORTCULLIS_NOTIFY_BACKEND", "govuk-notify")
    monkeypatch.setenv("PORTCULLIS_NOTIFY_API_KEY", "test_key-" + "0" * 36 + "-" + "1" * 36)
    get_settings.cache_clear()
    monkeypatch.setattr(notify, "NotificationsAPIClient", FakeNotify)
    FakeNotify.sent = []
    FakeNotify.fail_with = None
    yield FakeNotify
    monkeypatch.undo()
    get_settings.cache_clear()


def _messages() -> list[OutboxMessage]:
    with unit_of_work() as uow:
        return list(uow.session.scalars(select(OutboxMessage)))


def test_an_email_is_written_to_the_outbox_with_its_rendered_text(database, greeting_template) -> None:
    with unit_of_work() as uow:
        message = notify.send_email(
            uow,
            to="ann@example.com",
            template="tests.greeting",
            personalisation={"name": "Ann", "ref": "ETA-1"},
            reference="ETA-1",
        )
    [stored] = _messages()
    assert stored.id == message.id and stored.status == "held" and stored.provider == "outbox"
    assert stored.subject == "Hello Ann"
    assert stored.body == "Dear Ann,\n\nYour reference is ETA-1."
    assert stored.personalisation == {"name": "Ann", "ref": "ETA-1"}


def test_a_rolled_back_unit_of_work_leaves_no_email(database, greeting_template) -> None:
    with pytest.raises(RuntimeError), unit_of_work() as uow:
        notify.send_email(
            uow, to="ann@example.com", template="tests.greeting", personalisation={"name": "Ann", "ref": "1"}
        )
        raise RuntimeError("the decision could not be saved")
    assert _messages() == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"to": "not-an-email"}, "to"),
        ({"template": "tests.no-such-template"}, "template"),
        ({"personalisation": {"name": "Ann"}}, "personalisation.ref"),
        ({"personalisation": {"name": ["Ann"], "ref": "1"}}, "personalisation.name"),
    ],
)
def test_bad_email_input_names_the_field_and_saves_nothing(
    database, greeting_template, kwargs: dict[str, Any], field: str
) -> None:
    args: dict[str, Any] = {
        "to": "ann@example.com",
        "template": "tests.greeting",
        "personalisation": {"name": "Ann", "ref": "1"},
    } | kwargs
    with pytest.raises(notify.NotifyError, match=rf"^{field}:"), unit_of_work() as uow:
        notify.send_email(uow, **args)
    assert _messages() == []


def test_templates_are_read_from_the_domains_notify_yaml_files() -> None:
    found = notify.templates()["platform.test-email"]
    assert found.placeholders() == ["name"]


def test_a_malformed_notify_yaml_gets_one_line_naming_the_file_and_template(tmp_path) -> None:
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "notify.yaml").write_text("broken.thing:\n  subject: Hi\n")
    with pytest.raises(notify.ConfigurationError, match=r"broken/notify.yaml: template 'broken.thing' needs"):
        notify.load_templates(tmp_path)


def test_with_govuk_notify_the_email_is_sent_by_a_job_after_commit(
    database, greeting_template, govuk_notify
) -> None:
    with unit_of_work() as uow:
        notify.send_email(
            uow,
            to="ann@example.com",
            template="tests.greeting",
            personalisation={"name": "Ann", "ref": "ETA-1"},
            reference="ETA-1",
        )
    assert _messages()[0].status == "pending"
    assert govuk_notify.sent == []  # nothing is sent inside the transaction
    assert jobs.run_pending() == 1
    assert govuk_notify.sent == [
        {
            "email_address": "ann@example.com",
            "template_id": TEMPLATE_ID,
            "personalisation": {"name": "Ann", "ref": "ETA-1"},
            "reference": "ETA-1",
        }
    ]
    [sent] = _messages()
    assert sent.status == "sent" and sent.provider_id == "740e5834-3a29-46b4-9a6f-16142fde533a"
    assert sent.sent_at is not None and sent.attempts == 1


def test_the_template_id_can_be_overridden_per_environment(
    database, greeting_template, govuk_notify, monkeypatch
) -> None:
    monkeypatch.setenv(
        "PORTCULLIS_NOTIFY_TEMPLATE_IDS", '{"tests.greeting": "aaaaaaaa-0000-0000-0000-000000000000"}'
    )
    get_settings.cache_clear()
    with unit_of_work() as uow:
        notify.send_email(
            uow, to="ann@example.com", template="tests.greeting", personalisation={"name": "A", "ref": "1"}
        )
    jobs.run_pending()
    assert govuk_notify.sent[0]["template_id"] == "aaaaaaaa-0000-0000-0000-000000000000"


def test_a_template_without_a_notify_id_is_refused_before_anything_is_saved(database, govuk_notify) -> None:
    with (
        pytest.raises(notify.ConfigurationError, match=r"no template id for 'platform.test-email'"),
        unit_of_work() as uow,
    ):
        notify.send_email(
            uow, to="ann@example.com", template="platform.test-email", personalisation={"name": "A"}
        )
    assert _messages() == []


def test_an_email_notify_rejects_fails_at_once_and_is_not_retried(
    database, greeting_template, govuk_notify
) -> None:
    govuk_notify.fail_with = 400
    with unit_of_work() as uow:
        notify.send_email(
            uow, to="ann@example.com", template="tests.greeting", personalisation={"name": "A", "ref": "1"}
        )
    jobs.run_pending()
    [failed] = _messages()
    assert failed.status == "failed" and "400" in (failed.error or "") and "recipient" in (failed.error or "")
    with unit_of_work() as uow:
        [job] = uow.session.scalars(select(jobs.Job))
        assert job.status == "dead"


def test_a_notify_server_error_is_retried_and_then_sent(
    database, greeting_template, govuk_notify, frozen_clock
) -> None:
    from datetime import timedelta

    govuk_notify.fail_with = 500
    with unit_of_work() as uow:
        notify.send_email(
            uow, to="ann@example.com", template="tests.greeting", personalisation={"name": "A", "ref": "1"}
        )
    jobs.run_pending()
    assert _messages()[0].status == "pending" and "500" in (_messages()[0].error or "")
    govuk_notify.fail_with = None
    frozen_clock.advance(timedelta(seconds=10))
    jobs.run_pending()
    [sent] = _messages()
    assert sent.status == "sent" and sent.attempts == 2 and sent.error is None


def test_the_outbox_page_lists_emails_for_admins_only(client, sign_in, greeting_template) -> None:
    with unit_of_work() as uow:
        notify.send_email(
            uow,
            to="ann@example.com",
            template="tests.greeting",
            personalisation={"name": "A", "ref": "R-9"},
            reference="R-9",
        )
    sign_in(["caseworker"])
    assert client.get("/outbox").status_code == 403
    sign_in(["admin"])
    page = client.get("/outbox")
    assert page.status_code == 200 and "tests.greeting" in page.text and "R-9" in page.text
    assert "ann@example.com" not in page.text  # the list shows no addresses; reading one is audited


def test_reading_an_email_in_the_outbox_is_audited_as_a_consultation(
    client, sign_in, greeting_template
) -> None:
    with unit_of_work() as uow:
        message = notify.send_email(
            uow,
            to="ann@example.com",
            template="tests.greeting",
            personalisation={"name": "Ann", "ref": "R-9"},
        )
    admin = sign_in(["admin"])
    page = client.get(f"/outbox/{message.id}")
    assert page.status_code == 200
    assert (
        "Hello Ann" in page.text and "Your reference is R-9." in page.text and "ann@example.com" in page.text
    )
    with unit_of_work() as uow:
        [entry] = uow.session.scalars(select(AuditEntry).where(AuditEntry.record_type == "outbox_message"))
        assert (entry.operation, entry.record_id, entry.actor_id) == (
            "consultation",
            message.id,
            admin.user_id,
        )
    assert client.get("/outbox/no-such-message").status_code == 404


def test_the_outbox_can_be_filtered_by_reference_and_status(client, sign_in, greeting_template) -> None:
    with unit_of_work() as uow:
        for ref in ("ETA-1", "ETA-2"):
            notify.send_email(
                uow,
                to="a@example.com",
                template="tests.greeting",
                personalisation={"name": "A", "ref": ref},
                reference=ref,
            )
    sign_in(["admin"])
    page = client.get("/outbox", params={"reference": "ETA-2"})
    assert (
        page.status_code == 200
        and "1 email," in page.text
        and ">ETA-2<" in page.text
        and ">ETA-1<" not in page.text
    )
    assert "2 emails" in client.get("/outbox", params={"status": "held"}).text
    assert "No emails match." in client.get("/outbox", params={"status": "sent"}).text
    assert '<option value="pending">Pending</option>' in page.text
