"""`teikit init DIR`: create a new edition folder holding the sample records and settings."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from ..edition import SETTINGS_FILE
from ..resources import sample_edition

# The edition's own HTML stylesheet, overriding nothing until an editor uncomments the example.
OWN_STYLESHEET = """<?xml version="1.0" encoding="UTF-8"?>
<!--
  This edition's own HTML stylesheet: teikit uses it instead of the shipped one (the print
  edition's is xslt/print/print.xsl, made the same way from teikit:print/print.xsl). It imports
  the shipped stylesheet, so it changes only what it overrides: a hook (tk:hook-note,
  tk:hook-inline-note, tk:hook-apparatus, tk:hook-name, tk:hook-page-break, tk:hook-link,
  tk:hook-graphic, tk:hook-id: listed at the top of teikit's xslt/common/common.xsl) or any
  template rule. Delete this file to use the shipped stylesheet alone.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tk="urn:teikit"
    exclude-result-prefixes="#all">

  <xsl:import href="teikit:html/html.xsl"/>

  <!-- Example: a page break of the source as "[p. 12]" in the running text. Remove the comment
       marks around the template to use it.

  <xsl:template name="tk:hook-page-break">
    <xsl:param name="n" as="xs:string"/>
    <span class="tei-pb">[p. <xsl:value-of select="$n"/>]</span>
  </xsl:template>
  -->

</xsl:stylesheet>
"""


@click.command(name="init")
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False))
def init(directory):
    """Create DIR with the sample records, edition.toml and an HTML stylesheet to adapt, ready for `teikit build`."""
    target = Path(directory)
    if target.exists() and any(target.iterdir()):
        raise click.UsageError(f"{target}: folder is not empty; choose a new or empty folder")
    records, settings = sample_edition()
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(records, target / "records",
                    ignore=shutil.ignore_patterns(".*", "__pycache__"))
    shutil.copyfile(settings, target / SETTINGS_FILE)
    (target / "tei").mkdir()
    (target / "xslt" / "html").mkdir(parents=True)
    (target / "xslt" / "html" / "html.xsl").write_text(OWN_STYLESHEET, encoding="utf-8")
    count = sum(1 for p in (target / "records").iterdir() if p.is_file())
    click.echo(f"Created {target} with {count} sample records. Next: cd {target} && teikit build")
