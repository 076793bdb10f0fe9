<?xml version="1.0" encoding="UTF-8"?>
<!--
  Metadata of a document read from its teiHeader (teikit's header, with fallbacks for other
  projects' TEI): plain strings a format lays out as it likes. Part of common.xsl.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tk="urn:teikit"
    exclude-result-prefixes="#all">

  <!-- Text of an element without its notes, whitespace normalised. -->
  <xsl:function name="tk:text" as="xs:string">
    <xsl:param name="e" as="node()*"/>
    <xsl:sequence select="normalize-space(string-join($e/descendant-or-self::text()[not(ancestor::tei:note)], ''))"/>
  </xsl:function>

  <!-- The document's id: TEI/@xml:id, else the fallback given (usually the file name). -->
  <xsl:function name="tk:doc-id" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="fallback" as="xs:string"/>
    <xsl:sequence select="(if ($fallback) then $fallback else (), string($tei/@xml:id)[.], 'document')[1]"/>
  </xsl:function>

  <!-- The main title: titleStmt/title[@type='main'], else the first title, else the first head. -->
  <xsl:function name="tk:title" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="stmt" select="$tei/tei:teiHeader/tei:fileDesc/tei:titleStmt"/>
    <xsl:sequence select="(
      ($stmt/tei:title[@type = 'main'], $stmt/tei:title[not(@type = 'sub')], $stmt/tei:title)[normalize-space()] ! tk:text(.),
      ($tei/tei:text//tei:head)[1] ! tk:text(.),
      'Untitled')[.][1]"/>
  </xsl:function>

  <!-- The document's ISO date: creation/date/@when, else the first dated date of the text, else ''. -->
  <xsl:function name="tk:date-when" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="string((
      $tei/tei:teiHeader/tei:profileDesc/tei:creation/tei:date/@when,
      ($tei/tei:text//tei:date/@when)[1])[1])"/>
  </xsl:function>

  <!-- The date as the header words it, else the ISO date. -->
  <xsl:function name="tk:date-label" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="(
      $tei/tei:teiHeader/tei:profileDesc/tei:creation/tei:date ! tk:text(.),
      tk:date-when($tei))[.][1] => string()"/>
  </xsl:function>

  <!-- The archival reference: repository and item identifiers from msIdentifier, else idno[@type='archive']. -->
  <xsl:function name="tk:archive" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="ms" select="$tei/tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:msDesc/tei:msIdentifier"/>
    <xsl:sequence select="(
      normalize-space(string-join(($ms/tei:repository, $ms/tei:collection, $ms/tei:idno) ! tk:text(.), ' ')),
      $tei/tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:idno[@type = 'archive'] ! tk:text(.))[.][1] => string()"/>
  </xsl:function>

  <!-- The pages of the source: msItem/locus, e.g. "1-13". -->
  <xsl:function name="tk:pages" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="string-join(($tei/tei:teiHeader//tei:msContents//tei:locus)[1] ! tk:text(.), '')"/>
  </xsl:function>

  <!-- The original language: textLang's wording, else the langUsage entry marked original, else ''. -->
  <xsl:function name="tk:original-language" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="h" select="$tei/tei:teiHeader"/>
    <xsl:sequence select="(
      ($h//tei:msContents/tei:textLang)[1] ! tk:text(.),
      ($h/tei:profileDesc/tei:langUsage/tei:language[contains(lower-case(.), 'original')])[1]
        ! replace(tk:text(.), '\s*\(original\)', '', 'i'),
      ())[.][1] => string()"/>
  </xsl:function>

  <!-- Names of the people in a titleStmt/respStmt whose resp/@key is $key (e.g. 'translated'). -->
  <xsl:function name="tk:resp-names" as="xs:string*">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="$tei/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:respStmt[tei:resp/@key = $key]
      /(tei:persName | tei:orgName | tei:name)/tk:text(.)"/>
  </xsl:function>

  <!-- The funders named in the titleStmt. -->
  <xsl:function name="tk:funders" as="xs:string*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="$tei/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:funder/tk:text(.)"/>
  </xsl:function>

  <!-- The source's own citation (sourceDesc/bibl[@type='citation']), or ''. -->
  <xsl:function name="tk:citation" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="string-join(($tei/tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl[@type = 'citation'])[1] ! tk:text(.), '')"/>
  </xsl:function>

  <!-- The canonical URI of the source, else the URI it was taken from, else ''. -->
  <xsl:function name="tk:source-uri" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="ids" select="$tei/tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:idno[@type = 'URI']"/>
    <xsl:sequence select="string(($ids[@subtype = 'canonical'], $ids)[1])"/>
  </xsl:function>

</xsl:stylesheet>
