"""Portcullis: the Home Office operational platform."""

__version__ = "0.1.0"
