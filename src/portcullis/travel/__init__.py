"""Travel permission: ETA applications and decisions, eVisa status, and the carrier permission-to-travel check."""
