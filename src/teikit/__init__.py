"""teikit: scholarly digital editions of archival records in TEI P5."""

__version__ = "0.1.0"
