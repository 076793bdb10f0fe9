"""Readers: one module per input layout, and the registry that picks one."""
