<?xml version="1.0" encoding="UTF-8"?>
<!-- The parameters of the print stylesheets: the only place they are declared.
     Each one is preceded by its one-line documentation (read by teikit.render.saxon.read_params). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="#all">

  <!-- Page size as a CSS size value (width height, or a name such as A4). -->
  <xsl:param name="page-size" as="xs:string" select="'156mm 234mm'"/>

  <!-- Font size of the running text, as a CSS length. -->
  <xsl:param name="font-size" as="xs:string" select="'10pt'"/>

  <!-- Maximum number of words of a document title in the running head before it is shortened. -->
  <xsl:param name="running-head-words" as="xs:integer" select="7"/>

  <!-- Print each document's summary (profileDesc/abstract) under its heading. -->
  <xsl:param name="show-abstract" as="xs:boolean" select="true()"/>

  <!-- Print the page breaks of the source (pb) in the text: a bar with the page number the source gives. -->
  <xsl:param name="show-page-breaks" as="xs:boolean" select="true()"/>

  <!-- Text printed for an omission (gap) in the source translation. -->
  <xsl:param name="gap-mark" as="xs:string" select="'[…]'"/>

  <!-- Label of the table of contents. -->
  <xsl:param name="contents-label" as="xs:string" select="'Contents'"/>

  <!-- Label of the index of persons. -->
  <xsl:param name="index-label" as="xs:string" select="'Index of Persons'"/>

</xsl:stylesheet>
