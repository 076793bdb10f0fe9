<?xml version="1.0" encoding="UTF-8"?>
<!-- The book: title page, imprint, contents, the documents in order; or one document on its own.
     Input: a <p:book> made by teikit.render.pdf from the documents' articles
     (print_document.xsl), already sorted and numbered; the edition's settings are parameters
     (common_params.xsl), as in the HTML edition. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:p="urn:teikit:print"
    exclude-result-prefixes="#all">

  <xsl:template match="/p:book">
    <xsl:variable name="single" select="@kind = 'document'"/>
    <xsl:variable name="article" select="p:document[1]/article"/>
    <xsl:call-template name="p:page">
      <xsl:with-param name="title" select="if ($single) then string($article/@data-title) else $edition-title"/>
      <xsl:with-param name="body-class" select="string(@kind)"/>
      <xsl:with-param name="content">
        <xsl:choose>
          <xsl:when test="$single">
            <p class="doc-edition"><xsl:value-of select="$edition-title"/></p>
            <xsl:apply-templates select="p:document"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="p:title-pages"/>
            <xsl:call-template name="p:contents"/>
            <xsl:apply-templates select="p:document"/>
            <xsl:if test="p:index">
              <!-- Holds the index's first page while the book is laid out; teikit then
                   replaces that page with the index, whose page numbers need this layout. -->
              <section class="index" id="index">
                <h1 class="index-title"><xsl:value-of select="$index-label"/></h1>
              </section>
            </xsl:if>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The HTML page around any content: metadata (PDF title, author, language), the stylesheet,
       and the page size and font size from the parameters. -->
  <xsl:template name="p:page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="body-class" as="xs:string"/>
    <xsl:param name="content"/>
    <xsl:param name="extra-css" as="xs:string" select="''"/>
    <html lang="{($lang[.], 'en')[1]}">
      <head>
        <meta charset="utf-8"/>
        <title><xsl:value-of select="$title"/></title>
        <meta name="author" content="{$edition-editors}"/>
        <meta name="generator" content="teikit"/>
        <link rel="stylesheet" href="print.css"/>
        <style>
          <xsl:text>@page { size: </xsl:text><xsl:value-of select="$page-size"/><xsl:text>; } </xsl:text>
          <xsl:text>html { font-size: </xsl:text><xsl:value-of select="$font-size"/><xsl:text>; } </xsl:text>
          <xsl:value-of select="$extra-css"/>
        </style>
      </head>
      <body class="{$body-class}" data-book-head="{($edition-short-title[.], $edition-title)[1]}">
        <xsl:sequence select="$content"/>
      </body>
    </html>
  </xsl:template>

  <!-- Title page (recto) and imprint (verso), from the edition's settings (common_params.xsl). -->
  <xsl:template name="p:title-pages">
    <xsl:variable name="parts" select="p:split-title($edition-title)"/>
    <xsl:variable name="editors" select="tokenize($edition-editors, ';\s*')[normalize-space()]"/>
    <section class="title-page">
      <h1 class="book-title" data-bookmark="{$edition-title}"><xsl:value-of select="$parts[1]"/></h1>
      <xsl:if test="$parts[2]">
        <p class="book-subtitle"><xsl:value-of select="$parts[2]"/></p>
      </xsl:if>
      <xsl:if test="exists($editors)">
        <p class="book-editors">
          <span class="label">Edited by</span>
          <xsl:for-each select="$editors"><br/><xsl:value-of select="."/></xsl:for-each>
        </p>
      </xsl:if>
      <p class="book-publisher"><xsl:value-of select="$publisher"/></p>
    </section>
    <section class="imprint">
      <p class="imprint-title"><xsl:value-of select="$edition-title"/></p>
      <xsl:if test="exists($editors)">
        <p>Edited by <xsl:value-of select="p:join-names($editors)"/>.</p>
      </xsl:if>
      <xsl:if test="$publisher"><p>Published by <xsl:value-of select="$publisher"/>.</p></xsl:if>
      <xsl:if test="$licence">
        <p class="licence">
          <xsl:text>This edition is published under the licence </xsl:text>
          <xsl:value-of select="$licence"/>
          <xsl:if test="$licence-url"><xsl:text> (</xsl:text><span class="uri"><xsl:value-of select="$licence-url"/></span>)</xsl:if>
          <xsl:text>.</xsl:text>
        </p>
      </xsl:if>
      <xsl:if test="$base-url">
        <p>Online edition: <span class="uri"><xsl:value-of select="$base-url"/></span></p>
      </xsl:if>
      <xsl:if test="$edition-identifier"><p>Identifier: <xsl:value-of select="$edition-identifier"/></p></xsl:if>
      <p class="colophon">Typeset by teikit from the TEI P5 encoding of the records, in Noto Serif.</p>
    </section>
  </xsl:template>

  <!-- "Main title: subtitle" on two lines of the title page. -->
  <xsl:function name="p:split-title" as="xs:string*">
    <xsl:param name="title" as="xs:string"/>
    <xsl:sequence select="if (contains($title, ': '))
                          then (substring-before($title, ': '), substring-after($title, ': '))
                          else $title"/>
  </xsl:function>

  <!-- Page numbers come from the CSS (target-counter) once the book is laid out. -->
  <xsl:template name="p:contents">
    <nav class="contents">
      <h1 class="contents-title"><xsl:value-of select="$contents-label"/></h1>
      <ol class="toc">
        <xsl:for-each select="p:document">
          <xsl:variable name="article" select="article"/>
          <li>
            <a href="#{$article/@id}">
              <span class="toc-number"><xsl:value-of select="@n"/>.</span>
              <span class="toc-title"><xsl:value-of select="$article/@data-title"/></span>
              <span class="toc-date"><xsl:value-of select="($article//p[@class = 'doc-date'])[1]"/></span>
            </a>
          </li>
        </xsl:for-each>
        <xsl:if test="p:index">
          <li class="toc-index"><a href="#index"><span class="toc-title"><xsl:value-of select="$index-label"/></span></a></li>
        </xsl:if>
      </ol>
    </nav>
  </xsl:template>

  <xsl:template match="p:document">
    <xsl:apply-templates select="article" mode="p:number">
      <xsl:with-param name="n" select="string(@n)" tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:template>

  <!-- Copy an article, numbering it (heading, running head, bookmark) when it has a number. -->
  <xsl:template match="node() | @*" mode="p:number">
    <xsl:copy><xsl:apply-templates select="node() | @*" mode="p:number"/></xsl:copy>
  </xsl:template>

  <xsl:template match="p[@class = 'doc-number']" mode="p:number">
    <xsl:param name="n" tunnel="yes" as="xs:string"/>
    <xsl:if test="$n">
      <p class="doc-number">Document <xsl:value-of select="$n"/></p>
    </xsl:if>
  </xsl:template>

  <xsl:template match="h1[@class = 'doc-title']/@data-running | h1[@class = 'doc-title']/@data-bookmark" mode="p:number">
    <xsl:param name="n" tunnel="yes" as="xs:string"/>
    <xsl:attribute name="{name()}" select="if ($n) then $n || '. ' || . else string(.)"/>
  </xsl:template>

</xsl:stylesheet>
