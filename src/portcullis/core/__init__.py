"""Shared kernel: database, clock, policy, parties, access, audit, events, jobs, notify, payments."""
