"""Turning a parsed record into TEI."""
