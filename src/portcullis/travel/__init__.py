"""Travel permission: ETA applications and decisions, eVisa status, carrier permission-to-travel checks."""
