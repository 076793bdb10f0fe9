<?xml version="1.0" encoding="UTF-8"?>
<!-- Parameters of the HTML edition (set from Python by teikit.render.html; defaults here only). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema">

  <!-- Relative path from the page to the site root, e.g. '../' for documents/ID.html. -->
  <xsl:param name="root" as="xs:string" select="''"/>
  <!-- The document's id (file and page name); empty means TEI/@xml:id. -->
  <xsl:param name="doc-id" as="xs:string" select="''"/>
  <!-- The edition's settings (edition-title, edition-editors, publisher, licence, licence-url,
       base-url, lang...) are declared for both formats in ../common/common_params.xsl. -->
  <!-- Whether the site has a PDF of the document at print/ID.pdf to link to. -->
  <xsl:param name="pdf" as="xs:boolean" select="false()"/>
  <!-- The view a document opens in without a stored choice: 'published' (brackets as the record prints them), 'reading' or 'diplomatic'. -->
  <xsl:param name="default-view" as="xs:string" select="'published'"/>

</xsl:stylesheet>
