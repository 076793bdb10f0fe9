<?xml version="1.0" encoding="UTF-8"?>
<!-- Entry point of the print edition: TEI to HTML for paged media (typeset by WeasyPrint).
     A TEI document becomes an <article>; a <p:book> becomes the volume or a one-document book;
     a <p:index> becomes the index of persons (see teikit.render.pdf). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    exclude-result-prefixes="#all">

  <xsl:import href="../common/common.xsl"/>
  <xsl:include href="print_params.xsl"/>
  <xsl:include href="print_document.xsl"/>
  <xsl:include href="print_hooks.xsl"/>
  <xsl:include href="print_overrides.xsl"/>
  <xsl:include href="print_book.xsl"/>
  <xsl:include href="print_index.xsl"/>

  <!-- XHTML is both well-formed XML (teikit assembles the book from articles) and HTML5. -->
  <xsl:output method="xhtml" html-version="5" encoding="UTF-8" indent="no" omit-xml-declaration="yes"/>

</xsl:stylesheet>
