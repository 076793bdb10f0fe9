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
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
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

  <!-- The date as the header words it (written out when that is an ISO date too), else the ISO
       date written out ("1 March 1890"). -->
  <xsl:function name="tk:date-label" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="(
      $tei/tei:teiHeader/tei:profileDesc/tei:creation/tei:date ! tk:format-date(tk:text(.)),
      tk:format-date(tk:date-when($tei)))[.][1] => string()"/>
  </xsl:function>

  <!-- An ISO date as English prose writes it: "1 March 1890", "March 1890", "1890",
       "1 March 1890, 10:15"; anything else unchanged (teikit.render.facts.format_date agrees). -->
  <xsl:function name="tk:format-date" as="xs:string">
    <xsl:param name="iso" as="xs:string"/>
    <xsl:variable name="months" select="('January', 'February', 'March', 'April', 'May', 'June', 'July',
      'August', 'September', 'October', 'November', 'December')"/>
    <xsl:variable name="out" as="xs:string*">
    <xsl:analyze-string select="$iso" regex="^(\d{{4}})(-(\d\d)(-(\d\d)(T(\d\d):(\d\d)(:[\d.]+)?(Z|[+\-]\d\d:\d\d)?)?)?)?$">
      <xsl:matching-substring>
        <xsl:variable name="m" select="if (regex-group(3)) then xs:integer(regex-group(3)) else 0"/>
        <xsl:variable name="d" select="if (regex-group(5)) then xs:integer(regex-group(5)) else 0"/>
        <xsl:sequence select="if ($m lt 1 or $m gt 12) then regex-group(1)
          else string-join(((if ($d ge 1 and $d le 31) then string($d) else ()), $months[$m], regex-group(1)), ' ')
            || (if (regex-group(7)) then ', ' || regex-group(7) || ':' || regex-group(8) else '')"/>
      </xsl:matching-substring>
      <xsl:non-matching-substring>
        <xsl:sequence select="."/>
      </xsl:non-matching-substring>
    </xsl:analyze-string>
    </xsl:variable>
    <xsl:sequence select="string-join($out, '')"/>
  </xsl:function>

  <!-- The archival reference: each msIdentifier as the archive cites it, the repository and
       collection then the identifiers ("PRC FMA 106-00767-01"), units of a Russian archive
       labelled and set off by commas ("AVPRF, F. 0102, Op. 13, D. 5"); several joined by "; ",
       else idno[@type='archive']. teikit.render.facts.archive agrees. -->
  <xsl:function name="tk:archive" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="signatures" select="$tei/tei:teiHeader/tei:fileDesc/tei:sourceDesc//tei:msDesc/tei:msIdentifier
      ! tk:signature(.)"/>
    <xsl:sequence select="(
      string-join(distinct-values($signatures[.]), '; '),
      $tei/tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:idno[@type = 'archive'] ! tk:text(.))[.][1] => string()"/>
  </xsl:function>

  <!-- Labels of archival units by idno/@type, as citations of the archives write them. -->
  <xsl:variable name="tk:unit-labels" as="map(xs:string, xs:string)" select="map {
    'fond': 'F. ', 'opis': 'Op. ', 'delo': 'D. ', 'list': 'L. ', 'folio': 'fol. ', 'file': 'File ',
    'box': 'Box ', 'folder': 'Folder ', 'barcode': 'barcode '}"/>

  <xsl:function name="tk:signature" as="xs:string">
    <xsl:param name="ms" as="element()"/>
    <xsl:variable name="holder" select="string-join(($ms/tei:institution, $ms/tei:repository, $ms/tei:collection) ! tk:text(.)[.], ', ')"/>
    <xsl:variable name="units" select="$ms/tei:idno[normalize-space()]"/>
    <xsl:variable name="labelled" select="some $u in $units satisfies map:contains($tk:unit-labels, lower-case(string($u/@type)))"/>
    <xsl:sequence select="string-join(($holder[.], string-join($units ! tk:signature-part(.), ', ')[.]),
      if ($labelled) then ', ' else ' ')"/>
  </xsl:function>

  <xsl:function name="tk:signature-part" as="xs:string">
    <xsl:param name="part" as="element()"/>
    <xsl:variable name="label" select="$tk:unit-labels(lower-case(string($part/@type)))"/>
    <xsl:variable name="text" select="tk:text($part)"/>
    <!-- No label twice: "F. 0102" written so in the source stays as it is. -->
    <xsl:sequence select="if ($text and exists($label) and not(starts-with(lower-case($text), lower-case(normalize-space($label)))))
      then $label || $text else $text"/>
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

  <!-- The source's own citation (sourceDesc/bibl[@type='citation']), or ''. Where the header
       knows the canonical URI of a source it was taken from elsewhere (a mirror), the citation
       names the canonical one. -->
  <xsl:function name="tk:citation" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="text" select="string-join(($tei/tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl[@type = 'citation'])[1] ! tk:text(.), '')"/>
    <xsl:variable name="ids" select="$tei/tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:idno[@type = 'URI']"/>
    <xsl:variable name="canonical" select="string($ids[@subtype = 'canonical'][1])"/>
    <xsl:sequence select="if ($canonical) then fold-left($ids[not(@subtype = 'canonical')] ! normalize-space(.)[.][. ne $canonical],
      $text, function($t, $mirror) { replace($t, $mirror, $canonical, 'q') }) else $text"/>
  </xsl:function>

  <!-- The canonical URI of the source, else the URI it was taken from, else ''. -->
  <xsl:function name="tk:source-uri" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="ids" select="$tei/tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:idno[@type = 'URI']"/>
    <xsl:sequence select="string(($ids[@subtype = 'canonical'], $ids)[1])"/>
  </xsl:function>

</xsl:stylesheet>
