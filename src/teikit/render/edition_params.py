"""The edition's settings as the stylesheet parameters both formats declare (xslt/common/common_params.xsl)."""

from __future__ import annotations

from ..edition import Settings


def edition_params(settings: Settings) -> dict[str, str]:
    """Return the settings as HTML and print stylesheets take them: one parameter each, editors joined by '; '."""
    base = settings.base_url
    if base and not base.endswith("/"):
        base += "/"
    return {"edition-title": settings.title, "edition-short-title": settings.short_title,
            "edition-editors": "; ".join(settings.editors), "publisher": settings.publisher,
            "licence": settings.licence, "licence-url": settings.licence_url, "base-url": base,
            "lang": settings.language, "edition-identifier": settings.identifier}
