<?xml version="1.0" encoding="UTF-8"?>
<!-- The print implementations of common.xsl's hooks: footnotes, index anchors, page breaks,
     links, ids unique across the volume. What paper does its own way besides is in
     print_overrides.xsl. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tk="urn:teikit"
    xmlns:p="urn:teikit:print"
    exclude-result-prefixes="#all">

  <!-- A note: floated to the foot of its page by the CSS (float: footnote), numbered per document. -->
  <xsl:template name="tk:hook-note">
    <xsl:param name="number" as="xs:integer"/>
    <span class="{normalize-space('footnote ' || tk:tokens('note-', @type))}" data-n="{$number}">
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- A register name. A person gets an id unique in the volume: the index of persons points at it. -->
  <xsl:template name="tk:hook-name">
    <xsl:param name="register" as="xs:string"/>
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="anchor" as="xs:string"/>
    <xsl:variable name="ref" select="normalize-space(@ref)"/>
    <span class="name tei-{local-name()}">
      <xsl:if test="starts-with($ref, 'per:')">
        <xsl:attribute name="id" select="p:doc-id(ancestor::tei:TEI[1]) || '-' || $anchor"/>
        <xsl:attribute name="data-ref" select="$ref"/>
      </xsl:if>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- A page break of the source: a light bar, with the page number as the source gives it
       ("p. 12" as the HTML edition has it; a folio such as "13v" as it stands). common.xsl
       calls this after a note for the breaks inside it: a page number is never in a note. -->
  <xsl:template name="tk:hook-page-break">
    <xsl:param name="n" as="xs:string"/>
    <xsl:variable name="label" select="normalize-space($n)"/>
    <xsl:if test="$show-page-breaks">
      <span class="tei-pb">
        <xsl:value-of select="if (matches($label, '^(\d+|[ivxlcdm]+)$', 'i')) then '|p. ' || $label || '|'
          else if ($label) then '|' || $label || '|' else '|'"/>
      </span>
    </xsl:if>
  </xsl:template>

  <!-- A link: within the document a live link; out of the book, the words and then the address. -->
  <xsl:template name="tk:hook-link">
    <xsl:param name="href" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="starts-with($href, '#')">
        <a class="tei-{local-name()}" href="#{p:doc-id(ancestor::tei:TEI[1])}-{substring($href, 2)}">
          <xsl:apply-templates/>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="tei-{local-name()}">
          <xsl:apply-templates/>
          <span class="uri"><xsl:value-of select="if (self::tei:ptr) then $href else ' (' || $href || ')'"/></span>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An id, prefixed by the document's: the volume holds many documents, whose xml:ids
       (h-abstract, n1...) repeat from one to the next. -->
  <xsl:template name="tk:hook-id">
    <xsl:param name="id" as="xs:string"/>
    <xsl:attribute name="id" select="p:doc-id(ancestor-or-self::tei:TEI[1]) || '-' || $id"/>
  </xsl:template>

</xsl:stylesheet>
