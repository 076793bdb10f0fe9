<?xml version="1.0" encoding="UTF-8"?>
<!-- The HTML implementations of common.xsl's hooks: note popovers, inline notes, the apparatus,
     register links, page breaks, links. Classes decide the view (teikit.css): "ed" and "dip" show
     as published and in the diplomatic view, "rd" only in the reading text, "dipl" only in the
     diplomatic view. -->
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

  <!-- An inline note (identification, gloss, explanation, description): as published, in its
       brackets in the sentence; in the reading text a marker that opens it in place. It is never
       a numbered footnote, so nothing leaves the sentence. In flow (a note between paragraphs)
       it is a paragraph of its own, in brackets except in the reading text. -->
  <xsl:template name="tk:hook-inline-note">
    <xsl:param name="number" as="xs:integer"/>
    <xsl:variable name="class" select="normalize-space('tei-note inline ' || tk:tokens('note-', @type))"/>
    <xsl:variable name="kind" select="h:note-kind(.)"/>
    <xsl:choose>
      <xsl:when test="tk:in-flow(.)">
        <p class="{$class}">
          <xsl:call-template name="tk:attributes"/>
          <span class="ed">[</span>
          <xsl:apply-templates mode="tk:plain"/>
          <span class="ed">]</span>
        </p>
      </xsl:when>
      <xsl:otherwise>
        <span class="{$class}">
          <xsl:call-template name="tk:attributes"/>
          <span class="pub">
            <xsl:if test="h:space-before(.)"><xsl:text> </xsl:text></xsl:if>
            <xsl:text>[</xsl:text>
            <xsl:apply-templates/>
            <xsl:text>]</xsl:text>
          </span>
          <span class="rd">
            <button type="button" class="inote-ref" id="inref{$number}" popovertarget="inote{$number}"
                aria-label="{$kind}: {normalize-space(string-join(.//text()[not(ancestor::tei:note[2])], ''))}">
              <span class="mark" aria-hidden="true">i</span>
            </button>
            <span class="popover" id="inote{$number}" popover="auto" role="note" aria-label="{$kind}">
              <span class="popover-kind"><xsl:value-of select="$kind"/></span>
              <xsl:text> </xsl:text>
              <xsl:apply-templates mode="tk:plain"/>
            </span>
          </span>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Whether an inline note shown in brackets needs a space before it: the TEI may attach it to
       the word it explains ("War<note>the Korean War</note>"), the published text does not. -->
  <xsl:function name="h:space-before" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="matches(string($note/preceding-sibling::node()[1]), '[^\s\p{Ps}\p{Pi}\p{Pd}/]$')"/>
  </xsl:function>

  <!-- What an inline note is, for its marker's name: "Identification", "Gloss"... -->
  <xsl:function name="h:note-kind" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:variable name="type" select="tokenize(normalize-space($note/@type), ' ')[1]"/>
    <xsl:sequence select="if ($type = 'editorial') then 'Editorial note'
      else if ($type = 'physical') then 'Description of the document'
      else if ($type = 'source') then 'Archival reference'
      else if ($type) then upper-case(substring($type, 1, 1)) || substring($type, 2) else 'Note'"/>
  </xsl:function>

  <!-- An apparatus: the reading text, a marker that opens every reading with its witnesses (as
       TEI Publisher does), and, as published and in the diplomatic view, the other readings in
       brackets after the text. -->
  <xsl:template name="tk:hook-apparatus">
    <xsl:param name="readings" as="element()*"/>
    <xsl:variable name="id" select="'app-' || generate-id()"/>
    <span class="tei-app">
      <xsl:call-template name="tk:attributes"/>
      <span class="tei-lem"><xsl:apply-templates select="$readings[1]/node()"/></span>
      <xsl:for-each select="$readings[position() gt 1]">
        <span class="tei-rdg ed">
          <xsl:text> [</xsl:text>
          <xsl:if test="@wit">
            <span class="wit"><xsl:value-of select="tk:witnesses(@wit, .)"/>: </span>
          </xsl:if>
          <xsl:apply-templates/>
          <xsl:text>]</xsl:text>
        </span>
      </xsl:for-each>
      <button type="button" class="app-ref" popovertarget="{$id}" aria-label="Readings: {count($readings)}">
        <span aria-hidden="true">◊</span>
      </button>
      <span class="popover apparatus" id="{$id}" popover="auto" role="note" aria-label="Readings">
        <xsl:for-each select="$readings">
          <span class="reading block">
            <span class="reading-text"><xsl:apply-templates mode="tk:plain"/></span>
            <xsl:if test="self::tei:lem"><xsl:text>]</xsl:text></xsl:if>
            <xsl:text> </xsl:text>
            <span class="wit">
              <xsl:if test="@wit">
                <xsl:attribute name="title" select="string-join(tokenize(normalize-space(@wit), ' ')
                  ! key('tk:id', replace(., '^#', ''), root(current()))[self::tei:witness] ! tk:text(.), '; ')"/>
              </xsl:if>
              <xsl:value-of select="(tk:witnesses(@wit, .)[.], if (self::tei:lem) then 'text' else '')[1]"/>
            </span>
          </span>
        </xsl:for-each>
      </span>
      <xsl:apply-templates select="* except (tei:lem, tei:rdg, tei:rdgGrp)"/>
    </span>
  </xsl:template>

  <!-- A register name: a link to the person or place page, unless already inside a link. -->
  <xsl:template name="tk:hook-name">
    <xsl:param name="register" as="xs:string"/>
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="anchor" as="xs:string"/>
    <xsl:variable name="class" select="'name tei-' || local-name()"/>
    <xsl:choose>
      <xsl:when test="ancestor::*[self::tei:ref or self::tei:ptr or (@ref and exists(tk:register(@ref)))]
                      or .//tei:note or .//tei:ref[@target]">
        <span class="{$class}" id="{$anchor}"><xsl:apply-templates/></span>
      </xsl:when>
      <xsl:otherwise>
        <a class="{$class}" id="{$anchor}" href="{$root}{$register}/{$key}.html"><xsl:apply-templates/></a>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A page break: a marker with the page number as the source gives it ("p. 12" for a bare
       number, "12r", "fol. 3" as written). A break whose number the source does not give shows only
       in the diplomatic view: a bare bar tells a reader nothing. -->
  <xsl:template name="tk:hook-page-break">
    <xsl:param name="n" as="xs:string"/>
    <xsl:variable name="label" select="normalize-space($n)"/>
    <span class="{if ($label) then 'tei-pb' else 'tei-pb dipl'}" role="separator"
        aria-label="{if ($label) then 'page ' || $label else 'page break'}">
      <xsl:if test="@xml:id">
        <xsl:call-template name="tk:hook-id">
          <xsl:with-param name="id" select="tk:anchor(@xml:id)"/>
        </xsl:call-template>
      </xsl:if>
      <span class="pb-label" aria-hidden="true">
        <xsl:value-of select="if (matches($label, '^(\d+|[ivxlcdm]+)$', 'i')) then 'p. ' || $label
          else if ($label) then $label else '‖'"/>
      </span>
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
