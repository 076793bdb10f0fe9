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

  <!-- Only relative links into the site and http(s) links leave this stylesheet ('~N' only in page N of a list). -->
  <xsl:function name="h:href" as="xs:string?">
    <xsl:param name="href" as="xs:string?"/>
    <xsl:sequence select="$href[matches(., '^(https?://[^\s&lt;&gt;&quot;]+|[A-Za-z0-9_.\-/]+(\.html|\.xml|\.pdf)(#[A-Za-z0-9_.\-]+)?|[A-Za-z0-9_.\-/]*[A-Za-z0-9_.\-]~[1-9][0-9]*\.html(#[A-Za-z0-9_.\-]+)?)$')]"/>
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
    <script src="{$root}assets/search.js" defer="defer"></script>
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

  <!-- The chronological table of documents. -->
  <xsl:template match="s:page[@kind = 'index']" mode="h:collection">
    <xsl:apply-templates select="s:pages" mode="h:pages"/>
    <table class="documents">
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

  <!-- A register index: every entry with how often and where it is mentioned. -->
  <xsl:template match="s:page[@kind = ('persons', 'places')]" mode="h:collection">
    <xsl:apply-templates select="s:pages" mode="h:pages"/>
    <ul class="register-index">
      <xsl:for-each select="s:entry">
        <li>
          <a href="{h:href(@href)}"><xsl:value-of select="@name"/></a>
          <xsl:text> </xsl:text>
          <span class="count"><xsl:value-of select="@count || (if (@count = '1') then ' mention' else ' mentions')
            || ' in ' || @documents || (if (@documents = '1') then ' document' else ' documents')"/></span>
        </li>
      </xsl:for-each>
    </ul>
  </xsl:template>

  <!-- A person or place: forms of the name, facts, authority links, and every mention by document. -->
  <xsl:template match="s:page[@kind = ('person', 'place')]" mode="h:collection">
    <xsl:if test="s:form or s:fact or s:link">
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
      </dl>
    </xsl:if>
    <h2>Mentions</h2>
    <xsl:apply-templates select="s:pages" mode="h:pages"/>
    <xsl:choose>
      <xsl:when test="s:doc">
        <ol class="mentions">
          <xsl:for-each select="s:doc">
            <li>
              <a class="doc" href="{h:href(@href)}"><xsl:value-of select="@title"/></a>
              <xsl:if test="@date[.]">
                <xsl:text> </xsl:text>
                <span class="date">(<xsl:value-of select="@date"/>)</span>
              </xsl:if>
              <ul>
                <xsl:for-each select="s:mention">
                  <li><a href="{h:href(@href)}"><xsl:value-of select="."/></a></li>
                </xsl:for-each>
              </ul>
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
    <form class="search" role="search" action="search.html" method="get">
      <label for="q">Words or a "quoted phrase"</label>
      <input type="search" id="q" name="q" autocomplete="off"/>
      <button type="submit">Search</button>
    </form>
    <p id="search-status" role="status" aria-live="polite"></p>
    <ol id="search-results" class="search-results"></ol>
    <noscript><p>Search needs JavaScript; the <a href="index.html">list of documents</a> works without it.</p></noscript>
  </xsl:template>

</xsl:stylesheet>
