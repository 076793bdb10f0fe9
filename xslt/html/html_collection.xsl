<?xml version="1.0" encoding="UTF-8"?>
<!--
  Collection pages, from the page descriptions teikit.render.collection builds out of the
  per-document summaries (<s:page kind="index|persons|places|person|place|search">). A long
  list is split into pages: <s:pages current="N" count="M"> holds an <s:go href label> per page.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="urn:teikit"
    xmlns:s="urn:teikit:site"
    xmlns:h="urn:teikit:html"
    exclude-result-prefixes="#all">

  <!-- Only relative links into the site and http(s) links leave this stylesheet ('~N' only in page N of a list).
       Most are a plain file of the site, told without the regular expression (which would cost more than
       the rest of a register page). -->
  <xsl:function name="h:href" as="xs:string?">
    <xsl:param name="href" as="xs:string?"/>
    <xsl:sequence select="$href[h:site-file(.) or matches(., '^(https?://[^\s&lt;&gt;&quot;]+|[A-Za-z0-9_.\-/]+(\.html|\.xml|\.pdf)(#[A-Za-z0-9_.\-]+)?|[A-Za-z0-9_.\-/]*[A-Za-z0-9_.\-]~[1-9][0-9]*\.html(#[A-Za-z0-9_.\-]+)?)$')]"/>
  </xsl:function>

  <!-- Whether a link is a file of the site: [A-Za-z0-9_.\-/]+ ending .html, .xml or .pdf, then maybe #[A-Za-z0-9_.\-]+
       (the second branch of h:href's expression). -->
  <xsl:variable name="h:file-chars" as="xs:string"
    select="'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-/'"/>

  <xsl:function name="h:site-file" as="xs:boolean">
    <xsl:param name="href" as="xs:string"/>
    <xsl:variable name="file" select="if (contains($href, '#')) then substring-before($href, '#') else $href"/>
    <xsl:variable name="fragment" select="substring-after($href, '#')"/>
    <xsl:sequence select="translate($file, $h:file-chars, '') = ''
      and (some $end in ('.html', '.xml', '.pdf')
           satisfies ends-with($file, $end) and string-length($file) gt string-length($end))
      and (not(contains($href, '#'))
           or ($fragment and not(contains($fragment, '/')) and translate($fragment, $h:file-chars, '') = ''))"/>
  </xsl:function>

  <!-- Each page of a split list has a title of its own. -->
  <xsl:template match="s:page" mode="h:title" as="xs:string">
    <xsl:sequence select="string(@title) || (s:pages[xs:integer(@count) gt 1] ! (' (page ' || @current || ' of ' || @count || ')'))"/>
  </xsl:template>

  <xsl:template match="s:page" mode="h:kind" as="xs:string">
    <xsl:sequence select="string(@kind)"/>
  </xsl:template>

  <xsl:template match="s:page[@kind = 'search']" mode="h:head-extra">
    <script src="{$root}assets/search-index.js" defer="defer"></script>
    <script src="{$root}assets/facets/manifest.js" defer="defer"></script>
    <script src="{$root}assets/facets.js" defer="defer"></script>
    <script src="{$root}assets/search.js" defer="defer"></script>
  </xsl:template>

  <xsl:template match="s:page[@kind = 'index']" mode="h:head-extra">
    <script src="{$root}assets/facets/manifest.js" defer="defer"></script>
    <script src="{$root}assets/facets.js" defer="defer"></script>
  </xsl:template>

  <!-- The filters (facets.js fills them in from assets/facets/; hidden until it does, so a page
       without script shows no dead controls): a timeline, a date range and one list per facet. -->
  <xsl:template name="h:browse">
    <section id="browse" class="browse" aria-labelledby="browse-heading" hidden="hidden">
      <h2 id="browse-heading">Filter the documents</h2>
      <div id="timeline" class="timeline"></div>
      <form class="facets" role="search" aria-label="Filters">
        <fieldset class="dates">
          <legend>Date</legend>
          <label for="date-from">From</label>
          <input type="text" id="date-from" name="from" inputmode="numeric" autocomplete="off" size="10"
              placeholder="YYYY-MM-DD" aria-describedby="date-hint"/>
          <label for="date-to">to</label>
          <input type="text" id="date-to" name="to" inputmode="numeric" autocomplete="off" size="10"
              placeholder="YYYY-MM-DD" aria-describedby="date-hint"/>
          <button type="submit">Apply</button>
          <p id="date-hint" class="hint">A year, a month (1957-11) or a day (1957-11-12).</p>
        </fieldset>
        <div id="facet-list" class="facet-list"></div>
        <button type="button" class="clear">Clear all filters</button>
      </form>
      <p id="facet-status" role="status" aria-live="polite"></p>
    </section>
  </xsl:template>

  <xsl:template match="s:page" mode="h:main">
    <h1><xsl:value-of select="@title"/></h1>
    <xsl:for-each select="s:intro">
      <p class="intro"><xsl:value-of select="."/></p>
    </xsl:for-each>
    <xsl:apply-templates select="." mode="h:collection"/>
  </xsl:template>

  <!-- Links to every page of a list split over several (nothing when it fits on one). -->
  <xsl:template match="s:pages" mode="h:pages">
    <xsl:if test="xs:integer(@count) gt 1">
      <nav class="pages" aria-label="Pages">
        <ol>
          <xsl:for-each select="s:go">
            <li>
              <a href="{h:href(@href)}">
                <xsl:if test="position() = xs:integer(../@current)">
                  <xsl:attribute name="aria-current" select="'page'"/>
                </xsl:if>
                <xsl:value-of select="@label"/>
              </a>
            </li>
          </xsl:for-each>
        </ol>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- The chronological table of documents, after the filters; the documents that match the
       filters take its place while any is set. -->
  <xsl:template match="s:page[@kind = 'index']" mode="h:collection">
    <xsl:call-template name="h:browse"/>
    <div id="facet-results" class="facet-results" hidden="hidden">
      <table class="documents">
        <caption>Documents matching the filters, in chronological order</caption>
        <thead>
          <tr><th scope="col">Date</th><th scope="col">Title</th><th scope="col">Original language</th><th scope="col">Archive</th></tr>
        </thead>
        <tbody></tbody>
      </table>
      <button type="button" class="more">Show more</button>
    </div>
    <xsl:apply-templates select="s:pages" mode="h:pages"/>
    <table class="documents" id="all-documents">
      <caption>Documents in chronological order</caption>
      <thead>
        <tr><th scope="col">Date</th><th scope="col">Title</th><th scope="col">Original language</th><th scope="col">Archive</th></tr>
      </thead>
      <tbody>
        <xsl:for-each select="s:doc">
          <tr>
            <td class="date">
              <xsl:choose>
                <xsl:when test="matches(@when, '^\d{4}(-\d\d(-\d\d)?)?$')">
                  <time datetime="{@when}"><xsl:value-of select="(@date[.], @when)[1]"/></time>
                </xsl:when>
                <xsl:otherwise><xsl:value-of select="@date"/></xsl:otherwise>
              </xsl:choose>
            </td>
            <td class="title"><a href="{h:href(@href)}"><xsl:value-of select="@title"/></a></td>
            <td class="lang"><xsl:value-of select="@lang"/></td>
            <td class="archive"><xsl:value-of select="@archive"/></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <!-- A register index: every entry under its letter (persons by surname), with how often it is
       mentioned and what it did in the documents (translated, edited...). -->
  <xsl:template match="s:page[@kind = ('persons', 'organizations', 'places')]" mode="h:collection">
    <xsl:apply-templates select="s:pages" mode="h:pages"/>
    <xsl:variable name="letters" select="distinct-values(s:entry/@letter)"/>
    <xsl:if test="count($letters) gt 1">
      <nav class="letters" aria-label="Letters">
        <ul>
          <xsl:for-each select="$letters">
            <li><a href="#letter-{if (. = '#') then 'other' else .}"><xsl:value-of select="."/></a></li>
          </xsl:for-each>
        </ul>
      </nav>
    </xsl:if>
    <xsl:for-each-group select="s:entry" group-adjacent="string(@letter)">
      <h2 id="letter-{if (current-grouping-key() = '#') then 'other' else current-grouping-key()}" class="letter">
        <xsl:value-of select="current-grouping-key()"/>
      </h2>
      <ul class="register-index">
        <xsl:for-each select="current-group()">
          <li>
            <a href="{h:href(@href)}"><xsl:value-of select="@name"/></a>
            <xsl:text> </xsl:text>
            <span class="count"><xsl:value-of select="h:entry-counts(.)"/></span>
          </li>
        </xsl:for-each>
      </ul>
    </xsl:for-each-group>
  </xsl:template>

  <!-- "12 mentions in 3 documents; translated 2 documents" (each part only when there is one). -->
  <xsl:function name="h:entry-counts" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="(string-join((
      if (xs:integer($entry/@count) gt 0) then $entry/@count || (if ($entry/@count = '1') then ' mention' else ' mentions')
        || ' in ' || $entry/@documents || (if ($entry/@documents = '1') then ' document' else ' documents') else (),
      tokenize($entry/@roles, '; ')[.]), '; ')[.], 'not named in the documents')[1]"/>
  </xsl:function>

  <!-- A person, organization or place: forms of the name, facts, authority links, what it did in
       the documents, and every mention with its sentence, by document (date and title). -->
  <xsl:template match="s:page[@kind = ('person', 'organization', 'place')]" mode="h:collection">
    <xsl:if test="s:form or s:fact or s:link or s:roles">
      <dl class="metadata">
        <xsl:if test="s:form">
          <div><dt>Also written</dt><dd><xsl:value-of select="string-join(s:form, '; ')"/></dd></div>
        </xsl:if>
        <xsl:for-each select="s:fact">
          <div><dt><xsl:value-of select="@label"/></dt><dd><xsl:value-of select="."/></dd></div>
        </xsl:for-each>
        <xsl:for-each select="s:link[exists(h:href(@href))]">
          <div><dt><xsl:value-of select="@label"/></dt><dd><a href="{@href}" rel="noopener noreferrer"><xsl:value-of select="."/></a></dd></div>
        </xsl:for-each>
        <xsl:for-each select="s:roles">
          <div><dt>In this edition</dt><dd><xsl:value-of select="upper-case(substring(., 1, 1)) || substring(., 2)"/></dd></div>
        </xsl:for-each>
      </dl>
    </xsl:if>
    <h2>In the documents</h2>
    <xsl:apply-templates select="s:pages" mode="h:pages"/>
    <xsl:choose>
      <xsl:when test="s:doc">
        <ol class="mentions">
          <xsl:for-each select="s:doc">
            <li>
              <h3 class="doc-heading">
                <a class="doc" href="{h:href(@href)}"><xsl:value-of select="@title"/></a>
              </h3>
              <xsl:if test="@date[.]">
                <p class="date">
                  <xsl:choose>
                    <xsl:when test="matches(@when, '^\d{4}(-\d\d(-\d\d)?)?$')">
                      <time datetime="{@when}"><xsl:value-of select="@date"/></time>
                    </xsl:when>
                    <xsl:otherwise><xsl:value-of select="@date"/></xsl:otherwise>
                  </xsl:choose>
                </p>
              </xsl:if>
              <xsl:if test="s:role">
                <p class="roles">
                  <xsl:value-of select="string-join(s:role ! (upper-case(substring(., 1, 1)) || substring(., 2)), '; ') || ' this document.'"/>
                </p>
              </xsl:if>
              <xsl:if test="s:mention">
                <ul class="kwic">
                  <xsl:for-each select="s:mention">
                    <li>
                      <span class="before"><xsl:value-of select="s:before"/></span>
                      <a class="keyword" href="{h:href(@href)}"><xsl:value-of select="s:keyword"/></a>
                      <span class="after"><xsl:value-of select="s:after"/></span>
                    </li>
                  </xsl:for-each>
                </ul>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ol>
      </xsl:when>
      <xsl:otherwise>
        <p>Not mentioned in any document of this edition.</p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Search: a form that works from the address bar (?q=) and results filled in by search.js. -->
  <xsl:template match="s:page[@kind = 'search']" mode="h:collection">
    <form class="search" role="search" aria-label="Search the texts" action="search.html" method="get">
      <label for="q">Words or a "quoted phrase"</label>
      <input type="search" id="q" name="q" autocomplete="off"/>
      <button type="submit">Search</button>
    </form>
    <xsl:call-template name="h:browse"/>
    <p id="search-status" role="status" aria-live="polite"></p>
    <ol id="search-results" class="search-results"></ol>
    <noscript><p>Search needs JavaScript; the <a href="index.html">list of documents</a> works without it.</p></noscript>
  </xsl:template>

</xsl:stylesheet>
