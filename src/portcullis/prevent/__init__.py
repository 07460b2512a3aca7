"""Prevent and Channel: referrals, the police gateway assessment, Channel panels, support, reviews and the
independent Prevent Commissioner's oversight. The most sensitive records in the platform: only Prevent roles
see them, every opening asks why and is audited.

The core catalogue defines the four Prevent roles; this domain adds its permissions and a senior reviewer
role (repeat referrals cannot be closed without a senior review, and the Commissioner's requests to see an
identity are granted by a senior reviewer, not by the Commissioner)."""

from portcullis.core import roles

roles.define(
    "prevent_supervisor",
    "Prevent senior reviewer (gateway supervisor)",
    {"prevent.read", "prevent.write", "prevent.gateway", "prevent.senior_review", "prevent.statistics"},
)
for _role in ("prevent_practitioner", "prevent_police", "prevent_commissioner"):
    roles.grant(_role, "prevent.statistics")

PREVENT_ROLES = frozenset(
    {
        "prevent_practitioner",
        "prevent_police",
        "prevent_commissioner",
        "prevent_referrer",
        "prevent_supervisor",
    }
)
