"""Loaded in every process that loads the domains (web, workers, commands): registers the no-signal gap job
and, through it, the listener that moves the monitoring rules token when zones or tags change."""

from portcullis.orders import monitoring_gaps, monitoring_rules  # noqa: F401
