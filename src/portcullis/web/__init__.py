"""The web shell: layout, GOV.UK Frontend assets, sign-in, error pages and shared page helpers."""
