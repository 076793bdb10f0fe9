<?xml version="1.0" encoding="UTF-8"?>
<!-- The print implementations of common.xsl's hooks (footnotes, index anchors, page breaks,
     links), and what paper does its own way: ids unique across the volume, speaker turns run in
     with a hanging indent, numbered distribution lists, the translator's transliterations. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tk="urn:teikit"
    xmlns:p="urn:teikit:print"
    exclude-result-prefixes="#all">

  <!-- Runs of white space become one space, which is all HTML makes of them anyway: WeasyPrint 70
       fails ("Got ' \n' between two lines") when a line breaks at a newline inside a footnote. -->
  <xsl:template match="text()[matches(., '\s\s|[\n\r\t]')]">
    <xsl:value-of select="replace(tk:joined-text(.), '\s+', ' ')"/>
  </xsl:template>

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

  <!-- A page break of the source: a light bar, or the page number when the source gives one. -->
  <xsl:template name="tk:hook-page-break">
    <xsl:param name="n" as="xs:string"/>
    <xsl:if test="$show-page-breaks">
      <span class="tei-pb"><xsl:value-of select="if ($n) then '|' || $n || '|' else '|'"/></span>
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

  <!-- common.xsl's attributes, with ids prefixed by the document's: the volume holds many
       documents, whose xml:ids (h-abstract, n1...) repeat from one to the next. -->
  <xsl:template name="tk:attributes">
    <xsl:if test="@xml:id">
      <xsl:attribute name="id" select="p:doc-id(ancestor-or-self::tei:TEI[1]) || '-' || tk:anchor(@xml:id)"/>
    </xsl:if>
    <xsl:if test="@xml:lang and matches(@xml:lang, '^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$')">
      <xsl:attribute name="lang" select="@xml:lang"/>
    </xsl:if>
    <xsl:if test="@n and string-length(@n) lt 40">
      <xsl:attribute name="data-n" select="@n"/>
    </xsl:if>
  </xsl:template>

  <!-- Speaker turns: the speaker (and stage directions before the first paragraph) run into the
       first paragraph, the rest of the turn hangs (print.css). -->
  <xsl:template match="tei:sp">
    <div class="tei-sp turn">
      <xsl:call-template name="tk:attributes"/>
      <xsl:if test="empty(tei:p)">
        <p class="tei-p lead"><xsl:apply-templates select="." mode="p:turn-lead"/></p>
      </xsl:if>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:sp/tei:p[1]">
    <p class="tei-p lead">
      <xsl:call-template name="tk:attributes"/>
      <xsl:apply-templates select=".." mode="p:turn-lead"/>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <xsl:template match="tei:sp" mode="p:turn-lead">
    <span class="tei-speaker speaker"><xsl:apply-templates select="tei:speaker/node()"/></span>
    <xsl:for-each select="tei:stage[not(preceding-sibling::tei:p)]">
      <xsl:text> </xsl:text>
      <span class="tei-stage stage">(<xsl:apply-templates/>)</span>
    </xsl:for-each>
    <!-- A colon sets the speaker off, unless the source's speaker label ends in its own
         punctuation (plays often print "Pyotr." or "GRIGORY:"). -->
    <xsl:variable name="lead" select="normalize-space(string-join((tei:speaker, tei:stage[not(preceding-sibling::tei:p)]), ' '))"/>
    <xsl:if test="$lead">
      <xsl:value-of select="if (matches($lead, '[.:;!?,]$') and empty(tei:stage[not(preceding-sibling::tei:p)])) then ' ' else ': '"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:sp/tei:speaker | tei:sp/tei:stage[not(preceding-sibling::tei:p)]" priority="2"/>

  <!-- Stage directions elsewhere: in parentheses and italics, as the records print them. -->
  <xsl:template match="tei:stage">
    <xsl:call-template name="tk:bracketed">
      <xsl:with-param name="class" select="'tei-stage stage'"/>
      <xsl:with-param name="open" select="'('"/>
      <xsl:with-param name="close" select="')'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Words the translator added in the source's own language (a transliteration) are an
       interpolation: in square brackets, as the print conventions have it. -->
  <xsl:template match="tei:foreign[@resp][not(ancestor::tei:supplied)]">
    <xsl:call-template name="tk:bracketed">
      <xsl:with-param name="class" select="'tei-foreign interpolated'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A list whose items the source numbers (a distribution list): the numbers are printed. -->
  <xsl:template match="tei:list[tei:item/@n][not(tei:label)][tk:in-flow(.)]">
    <div class="{normalize-space('tei-list numbered ' || tk:tokens('list-', @type))}">
      <xsl:call-template name="tk:attributes"/>
      <xsl:apply-templates select="tei:head"/>
      <ul>
        <xsl:for-each select="tei:item">
          <li class="tei-item">
            <xsl:if test="@n"><span class="item-n"><xsl:value-of select="@n"/></span></xsl:if>
            <xsl:apply-templates/>
          </li>
        </xsl:for-each>
      </ul>
    </div>
  </xsl:template>

</xsl:stylesheet>
