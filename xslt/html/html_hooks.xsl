<?xml version="1.0" encoding="UTF-8"?>
<!-- The HTML implementations of common.xsl's hooks: note popovers, register links, page breaks, links. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tk="urn:teikit"
    xmlns:h="urn:teikit:html"
    exclude-result-prefixes="#all">

  <!-- A note reference: a button that opens the note's popover (native popover API, so Enter
       opens it and Escape closes it without script); the numbered note itself is listed
       after the text and links back here. -->
  <xsl:template name="tk:hook-note">
    <xsl:param name="number" as="xs:integer"/>
    <sup class="noteref"><button type="button" id="fnref{$number}" popovertarget="pop{$number}"
        aria-label="Note {$number}"><xsl:value-of select="$number"/></button></sup>
  </xsl:template>

  <!-- A register name: a link to the person or place page, unless already inside a link. -->
  <xsl:template name="tk:hook-name">
    <xsl:param name="register" as="xs:string"/>
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="anchor" as="xs:string"/>
    <xsl:variable name="class" select="'name tei-' || local-name()"/>
    <xsl:choose>
      <xsl:when test="ancestor::*[self::tei:ref or self::tei:ptr or exists(tk:register(@ref))]
                      or .//tei:note or .//tei:ref[@target]">
        <span class="{$class}" id="{$anchor}"><xsl:apply-templates/></span>
      </xsl:when>
      <xsl:otherwise>
        <a class="{$class}" id="{$anchor}" href="{$root}{$register}/{$key}.html"><xsl:apply-templates/></a>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A page break: a visible marker with the page number, out of the flow of words. -->
  <xsl:template name="tk:hook-page-break">
    <xsl:param name="n" as="xs:string"/>
    <span class="tei-pb" role="separator" aria-label="{if ($n) then 'page ' || $n else 'page break'}">
      <xsl:if test="@xml:id">
        <xsl:attribute name="id" select="tk:anchor(@xml:id)"/>
      </xsl:if>
      <span class="pb-label" aria-hidden="true"><xsl:value-of select="if ($n) then 'p. ' || $n else '|'"/></span>
    </span>
  </xsl:template>

  <xsl:template name="tk:hook-link">
    <xsl:param name="href" as="xs:string"/>
    <a class="tei-{local-name()}" href="{$href}">
      <xsl:if test="starts-with($href, 'http')">
        <xsl:attribute name="rel" select="'noopener noreferrer'"/>
      </xsl:if>
      <xsl:apply-templates/>
      <xsl:if test="self::tei:ptr">
        <xsl:value-of select="@target"/>
      </xsl:if>
    </a>
  </xsl:template>

  <!-- The numbered notes after the text, each with a link back to its reference. -->
  <xsl:template name="h:notes">
    <xsl:param name="notes" as="element(tei:note)*"/>
    <xsl:if test="exists($notes)">
      <section class="notes" aria-labelledby="notes-heading">
        <h2 id="notes-heading">Notes</h2>
        <ol>
          <xsl:for-each select="$notes">
            <li id="fn{position()}" class="{normalize-space('note ' || tk:tokens('note-', @type))}">
              <xsl:apply-templates/>
              <xsl:text> </xsl:text>
              <a class="backref" href="#fnref{position()}" aria-label="Back to the reference of note {position()}">↩</a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
      <xsl:for-each select="$notes">
        <div class="popover" id="pop{position()}" popover="auto" role="note" aria-label="Note {position()}">
          <span class="popover-number"><xsl:value-of select="position()"/></span>
          <xsl:text> </xsl:text>
          <xsl:apply-templates mode="tk:plain"/>
          <span class="popover-actions">
            <a href="#fn{position()}">In the notes</a>
            <button type="button" popovertarget="pop{position()}" popovertargetaction="hide">Close</button>
          </span>
        </div>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
