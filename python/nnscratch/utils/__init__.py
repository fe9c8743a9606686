"""Helpers shared by the steps: argument checks (``validation``)."""
