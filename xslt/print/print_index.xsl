<?xml version="1.0" encoding="UTF-8"?>
<!-- The index of persons, laid out after the book so that it can print real page numbers.
     Input: a <p:index> made by teikit.render.pdf: persons in index order, each with the pages
     it is named on and, per page, the anchor of its first mention there. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:p="urn:teikit:print"
    exclude-result-prefixes="#all">

  <xsl:template match="/p:index">
    <xsl:variable name="lead" select="@leading-page = 'true'"/>
    <xsl:call-template name="p:page">
      <xsl:with-param name="title" select="$edition-title"/>
      <xsl:with-param name="body-class" select="'volume'"/>
      <!-- The index continues the book's page numbering (a reset takes effect on its own page).
           A document's first page is a right page: an index that starts on an even, left page
           is laid out behind a blank leading page, which teikit drops. -->
      <xsl:with-param name="extra-css"
          select="'@page :first { counter-reset: page ' || xs:integer(@first-page) - (if ($lead) then 1 else 0) || '; }'"/>
      <xsl:with-param name="content">
        <xsl:if test="$lead">
          <div class="index-lead"></div>
        </xsl:if>
        <section class="index" id="index">
          <h1 class="index-title" data-bookmark="{$index-label}"><xsl:value-of select="$index-label"/></h1>
          <div class="index-entries">
            <xsl:for-each-group select="p:person" group-adjacent="upper-case(substring(@sort, 1, 1))">
              <div class="index-group">
                <p class="index-letter"><xsl:value-of select="current-grouping-key()"/></p>
                <xsl:apply-templates select="current-group()"/>
              </div>
            </xsl:for-each-group>
          </div>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="p:person">
    <p class="index-entry">
      <span class="index-name"><xsl:value-of select="@name"/></span>
      <xsl:if test="normalize-space(@note)">
        <xsl:text> </xsl:text>
        <span class="index-note">(<xsl:value-of select="@note"/>)</span>
      </xsl:if>
      <xsl:text>, </xsl:text>
      <!-- Runs of consecutive pages print as ranges, 7–11; each number links to its mention. -->
      <xsl:for-each-group select="p:page" group-adjacent="xs:integer(@n) - position()">
        <xsl:if test="position() gt 1">, </xsl:if>
        <a class="index-page" href="#{@anchor}"><xsl:value-of select="@n"/></a>
        <xsl:if test="count(current-group()) gt 1">
          <xsl:variable name="last" select="current-group()[last()]"/>
          <xsl:text>–</xsl:text>
          <a class="index-page" href="#{$last/@anchor}"><xsl:value-of select="$last/@n"/></a>
        </xsl:if>
      </xsl:for-each-group>
    </p>
  </xsl:template>

</xsl:stylesheet>
