<?xml version="1.0" encoding="UTF-8"?>
<!-- The edition's settings (edition.toml's [edition] table), as parameters of both formats: the
     HTML and the print stylesheets get them the same way, from teikit.render.edition_params.
     Each one is preceded by its one-line documentation (read by teikit.render.saxon.read_params). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="#all">

  <!-- Title of the edition, shown in every page's banner and on the title page. -->
  <xsl:param name="edition-title" as="xs:string" select="'Untitled edition'"/>
  <!-- Short title of the edition, for running heads (empty: the title). -->
  <xsl:param name="edition-short-title" as="xs:string" select="''"/>
  <!-- Editors of the edition, separated by semicolons. -->
  <xsl:param name="edition-editors" as="xs:string" select="''"/>
  <!-- Publisher of the edition. -->
  <xsl:param name="publisher" as="xs:string" select="''"/>
  <!-- Licence statement of the edition. -->
  <xsl:param name="licence" as="xs:string" select="''"/>
  <!-- URL of the licence (http or https), linked from the footer or printed in the imprint. -->
  <xsl:param name="licence-url" as="xs:string" select="''"/>
  <!-- Public URL of the site root (ending in '/'), used in citations; empty leaves URLs out. -->
  <xsl:param name="base-url" as="xs:string" select="''"/>
  <!-- Language of the edition's own words (BCP 47). -->
  <xsl:param name="lang" as="xs:string" select="'en'"/>
  <!-- Identifier of the edition (printed in the imprint). -->
  <xsl:param name="edition-identifier" as="xs:string" select="'edition'"/>

</xsl:stylesheet>
