"""Screening: watchlists, online matching, bulk re-screening and the analysts' review of alerts."""

from portcullis.core import roles

# The national analyst reviews alerts; the screening analyst already holds every screening permission.
roles.grant("analyst", "screening.match")
