<?xml version="1.0" encoding="UTF-8"?>
<!-- A document page: metadata, downloads, the view switch, the text, notes and the citation block. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tk="urn:teikit"
    xmlns:h="urn:teikit:html"
    exclude-result-prefixes="#all">

  <!-- The views of the text, (value, label): as published (the translator's brackets, corrections
       and omissions as the record prints them), the clean reading text, and the diplomatic view. -->
  <xsl:variable name="h:views" as="array(xs:string)*" select="(
    ['published', 'As published: editorial brackets shown'],
    ['reading', 'Reading text'],
    ['diplomatic', 'Diplomatic: interventions marked, deletions and line breaks'])"/>

  <xsl:template match="*" mode="h:title" as="xs:string">
    <xsl:sequence select="tk:title(.)"/>
  </xsl:template>

  <xsl:template match="*" mode="h:kind" as="xs:string">
    <xsl:sequence select="'document'"/>
  </xsl:template>

  <xsl:template match="*" mode="h:main">
    <xsl:variable name="id" select="tk:doc-id(., $doc-id)"/>
    <xsl:variable name="notes" select=".//tei:text//tei:note[not(tk:inline-note(.))]"/>
    <article class="document" aria-labelledby="doc-title">
      <header class="doc-header">
        <h1 id="doc-title"><xsl:value-of select="tk:title(.)"/></h1>
        <xsl:call-template name="h:metadata"/>
        <xsl:for-each select="tei:teiHeader/tei:profileDesc/tei:abstract">
          <section class="summary" aria-labelledby="summary-heading">
            <h2 id="summary-heading">Summary</h2>
            <xsl:apply-templates/>
          </section>
        </xsl:for-each>
        <ul class="downloads" aria-label="Downloads">
          <li><a href="{$root}tei/{$id}.xml" type="application/tei+xml">TEI/XML</a></li>
          <xsl:if test="$pdf">
            <li><a href="{$root}print/{$id}.pdf" type="application/pdf">PDF</a></li>
          </xsl:if>
        </ul>
      </header>
      <fieldset class="view-switch">
        <legend>View</legend>
        <xsl:for-each select="$h:views">
          <input type="radio" name="view" id="view-{?1}" value="{?1}">
            <xsl:if test="?1 = ($h:views?1[. = $default-view], 'published')[1]">
              <xsl:attribute name="checked" select="'checked'"/>
            </xsl:if>
          </input>
          <label for="view-{?1}"><xsl:value-of select="?2"/></label>
        </xsl:for-each>
      </fieldset>
      <section class="text" aria-label="Text">
        <xsl:apply-templates select="if (self::tei:TEI) then tei:text else ."/>
      </section>
      <xsl:call-template name="h:notes">
        <xsl:with-param name="notes" select="$notes"/>
      </xsl:call-template>
      <xsl:call-template name="h:cite">
        <xsl:with-param name="id" select="$id"/>
      </xsl:call-template>
    </article>
  </xsl:template>

  <!-- The metadata list: only the facts the header has. -->
  <xsl:template name="h:metadata">
    <xsl:variable name="rows" as="array(xs:string)*" select="(
      ['Date', tk:date-label(.)],
      ['Archive', string-join((tk:archive(.), tk:pages(.)[.] ! ('pp. ' || .)), ', ')],
      ['Original language', tk:original-language(.)],
      ['Translated by', h:and(tk:resp-names(., 'translated'))],
      ['Obtained by', h:and(tk:resp-names(., 'obtained'))],
      ['Transcribed by', h:and(tk:resp-names(., 'transcribed'))],
      ['Contributed by', h:and(tk:resp-names(., 'contributed'))],
      ['Funded by', h:and(tk:funders(.))],
      ['Source citation', tk:citation(.)])[normalize-space(?2)]"/>
    <xsl:variable name="uri" select="tk:source-uri(.)"/>
    <xsl:variable name="when" select="tk:date-when(.)"/>
    <xsl:if test="exists($rows) or $uri">
      <dl class="metadata">
        <xsl:for-each select="$rows">
          <div>
            <dt><xsl:value-of select="?1"/></dt>
            <dd>
              <xsl:if test="?1 = 'Date' and matches($when, '^\d{4}-\d\d-\d\d$')">
                <xsl:attribute name="data-when" select="$when"/>
              </xsl:if>
              <xsl:value-of select="?2"/>
            </dd>
          </div>
        </xsl:for-each>
        <xsl:if test="matches($uri, '^https?://[^\s&lt;&gt;&quot;]+$')">
          <div>
            <dt>Source</dt>
            <dd><a href="{$uri}" rel="noopener noreferrer"><xsl:value-of select="$uri"/></a></dd>
          </div>
        </xsl:if>
      </dl>
    </xsl:if>
  </xsl:template>

  <!-- "Cite this document": a plain-text reference and the same as BibTeX. -->
  <xsl:template name="h:cite">
    <xsl:param name="id" as="xs:string"/>
    <xsl:variable name="title" select="tk:title(.)"/>
    <xsl:variable name="archive" select="string-join((tk:archive(.), tk:pages(.)[.]), ', ')"/>
    <xsl:variable name="translators" select="tk:resp-names(., 'translated')"/>
    <xsl:variable name="editors" select="tokenize($edition-editors, '\s*;\s*')[.]"/>
    <xsl:variable name="url" select="if ($base-url) then $base-url || 'documents/' || $id || '.html' else ''"/>
    <xsl:variable name="plain" select="string-join((
      '&#8220;' || $title || '&#8221;',
      tk:date-label(.)[.],
      $archive[.],
      (if (exists($translators)) then 'translated by ' || h:and($translators) else ()),
      'in ' || $edition-title || (if (exists($editors)) then ', edited by ' || h:and($editors) else ''),
      $url[.]), ', ') || '.'"/>
    <section class="cite" aria-labelledby="cite-heading">
      <h2 id="cite-heading">Cite this document</h2>
      <p class="cite-plain"><xsl:value-of select="$plain"/></p>
      <details>
        <summary>BibTeX</summary>
        <pre class="cite-bibtex"><xsl:value-of select="h:bibtex($id, (
          ['title', '{' || $title || '}'],
          ['date', tk:date-when(.)],
          ['howpublished', $archive],
          ['note', if (exists($translators)) then 'Translated by ' || string-join($translators, ' and ') else ''],
          ['booktitle', $edition-title],
          ['editor', string-join($editors, ' and ')],
          ['publisher', $publisher],
          ['url', $url]))"/></pre>
      </details>
    </section>
  </xsl:template>

  <!-- A BibTeX @misc entry from (field, value) pairs, empty fields left out, braces balanced. -->
  <xsl:function name="h:bibtex" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="fields" as="array(xs:string)*"/>
    <xsl:sequence select="'@misc{' || replace($key, '[^A-Za-z0-9_:\-]', '_') || ',&#10;'
      || string-join(for $f in $fields[normalize-space(?2)]
           return '  ' || $f?1 || ' = {' || h:bibtex-value($f?2) || '}', ',&#10;')
      || '&#10;}'"/>
  </xsl:function>

  <xsl:function name="h:bibtex-value" as="xs:string">
    <xsl:param name="value" as="xs:string"/>
    <!-- Keep one outer brace pair (title case protection); drop any other brace so the entry stays balanced. -->
    <xsl:sequence select="if (starts-with($value, '{') and ends-with($value, '}'))
      then '{' || translate(substring($value, 2, string-length($value) - 2), '{}', '') || '}'
      else translate($value, '{}', '')"/>
  </xsl:function>

</xsl:stylesheet>
