"""Rendering TEI through XSLT 3.0: HTML site and PDF."""
