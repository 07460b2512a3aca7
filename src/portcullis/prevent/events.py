"""Imported at start-up: registers the Prevent job handlers (the daily overdue-review reminders)."""

from portcullis.prevent import overdue  # noqa: F401
