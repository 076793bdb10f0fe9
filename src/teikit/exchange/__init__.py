"""Exchange with repositories: DTS, OAI-PMH, exports and imports."""
