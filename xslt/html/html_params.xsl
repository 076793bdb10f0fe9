<?xml version="1.0" encoding="UTF-8"?>
<!-- Parameters of the HTML edition (set from Python by teikit.render.html; defaults here only). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema">

  <!-- Relative path from the page to the site root, e.g. '../' for documents/ID.html. -->
  <xsl:param name="root" as="xs:string" select="''"/>
  <!-- The document's id (file and page name); empty means TEI/@xml:id. -->
  <xsl:param name="doc-id" as="xs:string" select="''"/>
  <!-- Title of the edition, shown in every page's banner. -->
  <xsl:param name="edition-title" as="xs:string" select="'Untitled edition'"/>
  <!-- Editors of the edition, separated by semicolons. -->
  <xsl:param name="edition-editors" as="xs:string" select="''"/>
  <!-- Publisher of the edition. -->
  <xsl:param name="publisher" as="xs:string" select="''"/>
  <!-- Licence statement of the edition. -->
  <xsl:param name="licence" as="xs:string" select="''"/>
  <!-- URL of the licence (http or https), linked from the footer. -->
  <xsl:param name="licence-url" as="xs:string" select="''"/>
  <!-- Public URL of the site root (ending in '/'), used in citations; empty leaves URLs out. -->
  <xsl:param name="base-url" as="xs:string" select="''"/>
  <!-- Language of the site's own words (BCP 47). -->
  <xsl:param name="lang" as="xs:string" select="'en'"/>
  <!-- Whether the site has a PDF of the document at print/ID.pdf to link to. -->
  <xsl:param name="pdf" as="xs:boolean" select="false()"/>
  <!-- The view a document opens in without a stored choice: 'published' (brackets as the record prints them), 'reading' or 'diplomatic'. -->
  <xsl:param name="default-view" as="xs:string" select="'published'"/>

</xsl:stylesheet>
