<?xml version="1.0" encoding="UTF-8"?>
<!-- One TEI document as an <article> of the book: heading block from the teiHeader (through
     common.xsl's metadata functions), then the text. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tk="urn:teikit"
    xmlns:p="urn:teikit:print"
    exclude-result-prefixes="#all">

  <xsl:template match="/tei:TEI">
    <xsl:variable name="title" select="tk:title(.)"/>
    <article class="document" id="{p:doc-id(.)}" lang="{(tei:text/@xml:lang, @xml:lang, 'en')[1]}"
             data-date="{tk:date-when(.)}" data-title="{$title}">
      <header class="doc-head">
        <p class="doc-number"/>
        <h1 class="doc-title" data-running="{p:running-title(., $title)}" data-bookmark="{$title}">
          <xsl:value-of select="$title"/>
        </h1>
        <xsl:if test="tk:date-label(.)">
          <p class="doc-date"><xsl:value-of select="p:date-label(.)"/></p>
        </xsl:if>
        <xsl:call-template name="p:source-note"/>
        <xsl:call-template name="p:responsibility"/>
        <xsl:if test="$show-abstract">
          <xsl:apply-templates select="tei:teiHeader/tei:profileDesc/tei:abstract"/>
        </xsl:if>
      </header>
      <xsl:apply-templates select="tei:text"/>
    </article>
  </xsl:template>

  <!-- Ids of articles and of the mentions in them must be unique across the volume. -->
  <xsl:function name="p:doc-id" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="replace(tk:doc-id($tei, ''), '[^A-Za-z0-9_.\-]', '_')"/>
  </xsl:function>

  <!-- The running head: a short title when the header has one, else the first words of the title. -->
  <xsl:function name="p:running-title" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="title" as="xs:string"/>
    <xsl:variable name="short" select="$tei/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'short'][1]"/>
    <xsl:variable name="words" select="tokenize($title)"/>
    <xsl:sequence select="if ($short) then tk:text($short)
                          else if (count($words) le $running-head-words) then $title
                          else string-join($words[position() le $running-head-words], ' ') || ' …'"/>
  </xsl:function>

  <!-- The date as the header words it; an ISO date alone is spelled out. -->
  <xsl:function name="p:date-label" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="label" select="tk:date-label($tei)"/>
    <xsl:sequence select="if ($label castable as xs:date)
                          then format-date(xs:date($label), '[MNn] [D], [Y]', 'en', (), ())
                          else $label"/>
  </xsl:function>

  <!-- The archival citation: repository, signature and pages, then where the record is published. -->
  <xsl:template name="p:source-note">
    <xsl:variable name="archive" select="p:signature(.)"/>
    <xsl:variable name="locus" select="(tei:teiHeader//tei:msContents//tei:locus)[1]"/>
    <xsl:variable name="pages" select="if ($locus/@from and $locus/@to and $locus/@from != $locus/@to)
                                       then 'pp. ' || $locus/@from || '–' || $locus/@to
                                       else if ($locus/@from) then 'p. ' || $locus/@from
                                       else tk:pages(.)"/>
    <xsl:variable name="publisher" select="(tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl[@type = 'citation']/tei:publisher)[1] ! tk:text(.)"/>
    <xsl:variable name="uri" select="tk:source-uri(.)"/>
    <xsl:variable name="where" select="if ($archive) then string-join(($archive, $pages[.]), ', ') else tk:citation(.)"/>
    <xsl:if test="$where or $uri">
      <p class="doc-source">
        <span class="label">Source: </span>
        <xsl:value-of select="$where"/>
        <xsl:if test="$where and not(ends-with($where, '.'))">.</xsl:if>
        <xsl:if test="$archive and $publisher">
          <xsl:text> </xsl:text><xsl:value-of select="$publisher"/><xsl:text>,</xsl:text>
        </xsl:if>
        <xsl:if test="$uri">
          <xsl:text> </xsl:text>
          <span class="uri"><xsl:value-of select="normalize-space($uri)"/></span>
        </xsl:if>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- "AVPRF, F. 0102, Op. 13, D. 5" (Russian archives' fond, opis, delo) or "PRC FMA 106-00767-01". -->
  <xsl:function name="p:signature" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="ms" select="$tei/tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:msDesc/tei:msIdentifier"/>
    <xsl:variable name="labels" select="map {'fond': 'F. ', 'opis': 'Op. ', 'delo': 'D. ', 'list': 'L. '}"/>
    <xsl:variable name="head" select="string-join(($ms/tei:repository, $ms/tei:collection, $ms/tei:idno[not(@type = map:keys($labels))]) ! tk:text(.)[.], ' ')"/>
    <xsl:variable name="parts" select="$ms/tei:idno[@type = map:keys($labels)] ! ($labels(string(@type)) || tk:text(.))"/>
    <xsl:sequence select="if ($ms) then string-join(($head[.], $parts), ', ') else tk:archive($tei)"/>
  </xsl:function>

  <!-- Translators first (they made the text printed here), then who obtained or transcribed it. -->
  <xsl:template name="p:responsibility">
    <xsl:variable name="tei" select="." as="element(tei:TEI)"/>
    <xsl:variable name="lang" select="tk:original-language(.)"/>
    <xsl:variable name="translators" select="tk:resp-names(., 'translated')"/>
    <xsl:variable name="lines" as="xs:string*">
      <xsl:choose>
        <xsl:when test="exists($translators) and $lang">
          <xsl:sequence select="'Translated from the ' || $lang || ' by ' || p:join-names($translators) || '.'"/>
        </xsl:when>
        <xsl:when test="exists($translators)">
          <xsl:sequence select="'Translated by ' || p:join-names($translators) || '.'"/>
        </xsl:when>
        <xsl:when test="$lang">
          <xsl:sequence select="'Original language: ' || $lang || '.'"/>
        </xsl:when>
      </xsl:choose>
      <xsl:for-each select="('obtained', 'transcribed', 'contributed')">
        <xsl:variable name="names" select="tk:resp-names($tei, .)"/>
        <xsl:if test="exists($names)">
          <xsl:sequence select="upper-case(substring(., 1, 1)) || substring(., 2) || ' by ' || p:join-names($names) || '.'"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:if test="exists($lines)">
      <p class="doc-resp"><xsl:value-of select="$lines" separator=" "/></p>
    </xsl:if>
  </xsl:template>

  <!-- "A", "A and B", "A, B and C". -->
  <xsl:function name="p:join-names" as="xs:string">
    <xsl:param name="names" as="xs:string*"/>
    <xsl:variable name="n" select="count($names)"/>
    <xsl:sequence select="if ($n le 1) then string($names[1])
                          else string-join($names[position() lt $n], ', ') || ' and ' || $names[$n]"/>
  </xsl:function>

</xsl:stylesheet>
