<?xml version="1.0" encoding="UTF-8"?>
<!--
  html.xsl: entry point of the HTML edition. Input is either a TEI document (a document
  page) or a site page description built by teikit.render.html (<s:page> in urn:teikit:site:
  the chronological index, register pages, search); output is one HTML5 page.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tk="urn:teikit"
    xmlns:s="urn:teikit:site"
    xmlns:h="urn:teikit:html"
    exclude-result-prefixes="#all">

  <xsl:import href="../common/common.xsl"/>
  <xsl:include href="html_params.xsl"/>
  <xsl:include href="html_page.xsl"/>
  <xsl:include href="html_hooks.xsl"/>
  <xsl:include href="html_document.xsl"/>
  <xsl:include href="html_collection.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no" include-content-type="no"/>

  <xsl:template match="/">
    <xsl:apply-templates select="*" mode="h:page"/>
  </xsl:template>

</xsl:stylesheet>
