"""Imports every core table so that Base.metadata is complete (for Alembic and for tests)."""

from portcullis.core.access_models import ApiToken, User, UserRole, WebSession
from portcullis.core.audit import AuditEntry, AuditHead
from portcullis.core.jobs import Job
from portcullis.core.notify import OutboxMessage
from portcullis.core.parties import (
    Directorship,
    IdentityDocument,
    Organisation,
    OrganisationAddress,
    Person,
    PersonAlias,
)
from portcullis.core.payments import Payment

__all__ = [
    "ApiToken",
    "AuditEntry",
    "AuditHead",
    "Directorship",
    "IdentityDocument",
    "Job",
    "Organisation",
    "OrganisationAddress",
    "OutboxMessage",
    "Payment",
    "Person",
    "PersonAlias",
    "User",
    "UserRole",
    "WebSession",
]
