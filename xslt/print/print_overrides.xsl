<?xml version="1.0" encoding="UTF-8"?>
<!-- What paper does its own way, overriding common.xsl's template rules (its hooks are in
     print_hooks.xsl): white space, speaker turns run in with a hanging indent, stage
     directions, the translator's transliterations, numbered distribution lists. -->
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
