<?xml version="1.0" encoding="UTF-8"?>
<!-- The page frame every HTML page shares: head, banner with site navigation, main, footer. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tk="urn:teikit"
    xmlns:s="urn:teikit:site"
    xmlns:h="urn:teikit:html"
    exclude-result-prefixes="#all">

  <!-- The site's sections, in navigation order: (kind, href, label). -->
  <xsl:variable name="h:sections" as="array(xs:string)*" select="(
    ['index', 'index.html', 'Documents'], ['persons', 'persons/index.html', 'Persons'],
    ['organizations', 'organizations/index.html', 'Organizations'], ['places', 'places/index.html', 'Places'],
    ['search', 'search.html', 'Search'])"/>

  <xsl:template match="*" mode="h:page">
    <xsl:variable name="title" as="xs:string">
      <xsl:apply-templates select="." mode="h:title"/>
    </xsl:variable>
    <xsl:variable name="kind" as="xs:string">
      <xsl:apply-templates select="." mode="h:kind"/>
    </xsl:variable>
    <html lang="{$lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title || ' · ' || $edition-title"/></title>
        <link rel="stylesheet" href="{$root}assets/teikit.css"/>
        <link rel="icon" href="{$root}assets/favicon.svg" type="image/svg+xml"/>
        <script src="{$root}assets/teikit.js" defer="defer"></script>
        <xsl:apply-templates select="." mode="h:head-extra"/>
      </head>
      <body class="page-{$kind}">
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="site-header">
          <p class="site-title"><a href="{$root}index.html"><xsl:value-of select="$edition-title"/></a></p>
          <nav class="site-nav" aria-label="Site">
            <ul>
              <xsl:for-each select="$h:sections">
                <li>
                  <a href="{$root}{?2}">
                    <xsl:if test="?1 = $kind or ?1 || 's' = $kind">
                      <xsl:attribute name="aria-current" select="'page'"/>
                    </xsl:if>
                    <xsl:value-of select="?3"/>
                  </a>
                </li>
              </xsl:for-each>
            </ul>
          </nav>
        </header>
        <main id="main">
          <xsl:apply-templates select="." mode="h:main"/>
        </main>
        <footer class="site-footer">
          <p>
            <xsl:value-of select="$edition-title"/>
            <xsl:if test="$edition-editors">
              <xsl:text>, edited by </xsl:text>
              <xsl:value-of select="h:and(tokenize($edition-editors, '\s*;\s*')[.])"/>
            </xsl:if>
            <xsl:if test="$publisher">
              <xsl:text>. </xsl:text>
              <xsl:value-of select="$publisher"/>
            </xsl:if>
            <xsl:text>.</xsl:text>
          </p>
          <xsl:if test="$licence">
            <p>
              <xsl:choose>
                <xsl:when test="matches($licence-url, '^https?://[^\s&lt;&gt;&quot;]+$')">
                  <a href="{$licence-url}" rel="license"><xsl:value-of select="$licence"/></a>
                </xsl:when>
                <xsl:otherwise>
                  <xsl:value-of select="$licence"/>
                </xsl:otherwise>
              </xsl:choose>
            </p>
          </xsl:if>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- Names joined the English way: "A", "A and B", "A, B and C". -->
  <xsl:function name="h:and" as="xs:string">
    <xsl:param name="names" as="xs:string*"/>
    <xsl:sequence select="if (count($names) le 1) then string($names[1])
      else string-join($names[position() lt last()], ', ') || ' and ' || $names[last()]"/>
  </xsl:function>

  <xsl:template match="*" mode="h:head-extra"/>

</xsl:stylesheet>
