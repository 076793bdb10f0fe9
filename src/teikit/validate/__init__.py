"""Validation: schemas (XSD, RELAX NG) and rule checks."""
