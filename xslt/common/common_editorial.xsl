<?xml version="1.0" encoding="UTF-8"?>
<!--
  Editorial interventions (supplied, choice, sic/corr, orig/reg, abbr/expan, gap, unclear,
  add/del, app): each keeps the editor's characters in class "ed" and the source form that
  a reading text replaces in class "dip", so one CSS switch gives the reading or the
  diplomatic view. Part of common.xsl (format-neutral).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tk="urn:teikit"
    exclude-result-prefixes="#all">

  <!-- Opening and closing editorial brackets around some content. -->
  <xsl:template name="tk:bracketed">
    <xsl:param name="class" as="xs:string"/>
    <xsl:param name="open" as="xs:string" select="'['"/>
    <xsl:param name="close" as="xs:string" select="']'"/>
    <span class="{$class}">
      <xsl:call-template name="tk:attributes"/>
      <span class="ed"><xsl:value-of select="$open"/></span>
      <xsl:apply-templates/>
      <span class="ed"><xsl:value-of select="$close"/></span>
    </span>
  </xsl:template>

  <xsl:template match="tei:supplied">
    <xsl:call-template name="tk:bracketed">
      <xsl:with-param name="class" select="'tei-supplied'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:choice[tei:sic and tei:corr]">
    <span class="tei-choice sic-corr">
      <xsl:call-template name="tk:attributes"/>
      <span class="tei-sic dip"><xsl:apply-templates select="tei:sic/node()"/></span>
      <span class="tei-corr">
        <span class="ed"> [sic; </span>
        <xsl:apply-templates select="tei:corr/node()"/>
        <span class="ed">]</span>
      </span>
    </span>
  </xsl:template>

  <xsl:template match="tei:choice[tei:orig and tei:reg]">
    <span class="tei-choice orig-reg">
      <xsl:call-template name="tk:attributes"/>
      <span class="tei-orig"><xsl:apply-templates select="tei:orig/node()"/></span>
      <span class="tei-reg ed"> [<xsl:apply-templates select="tei:reg/node()"/>]</span>
    </span>
  </xsl:template>

  <xsl:template match="tei:choice[tei:abbr and tei:expan]">
    <span class="tei-choice abbr-expan">
      <xsl:call-template name="tk:attributes"/>
      <span class="tei-abbr dip"><xsl:apply-templates select="tei:abbr/node()"/></span>
      <span class="tei-expan">
        <span class="ed"> [</span>
        <xsl:apply-templates select="tei:expan/node()"/>
        <span class="ed">]</span>
      </span>
    </span>
  </xsl:template>

  <!-- Any other choice: the first alternative reads, the others are editorial. -->
  <xsl:template match="tei:choice">
    <span class="tei-choice">
      <xsl:call-template name="tk:attributes"/>
      <xsl:for-each select="*">
        <xsl:choose>
          <xsl:when test="position() = 1">
            <span class="tei-{local-name()}"><xsl:apply-templates/></span>
          </xsl:when>
          <xsl:otherwise>
            <span class="tei-{local-name()} ed"> [<xsl:apply-templates/>]</span>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </span>
  </xsl:template>

  <xsl:template match="tei:sic">
    <span class="tei-sic">
      <xsl:call-template name="tk:attributes"/>
      <xsl:apply-templates/>
      <span class="ed"> [sic]</span>
    </span>
  </xsl:template>

  <xsl:template match="tei:corr | tei:ex | tei:expan">
    <xsl:call-template name="tk:bracketed">
      <xsl:with-param name="class" select="'tei-' || local-name()"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:gap">
    <xsl:variable name="why" select="normalize-space(string-join((@reason, @extent, @quantity ! string(), @unit), ' '))"/>
    <span class="tei-gap" title="{if ($why) then 'gap: ' || $why else 'gap'}">
      <xsl:call-template name="tk:attributes"/>
      <span class="ed">[…]</span>
      <span class="rd">…</span>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="tei:unclear">
    <span class="tei-unclear">
      <xsl:call-template name="tk:attributes"/>
      <xsl:apply-templates/>
      <span class="ed">[?]</span>
    </span>
  </xsl:template>

  <!-- Deleted words are the source's, struck through where a format shows the source as written
       (class "dipl": the diplomatic view); words judged superfluous are the source's too. -->
  <xsl:template match="tei:del">
    <span class="tei-del dipl">
      <xsl:call-template name="tk:attributes"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="tei:surplus">
    <span class="tei-{local-name()} dip">
      <xsl:call-template name="tk:attributes"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="tei:add">
    <xsl:call-template name="tk:bracketed">
      <xsl:with-param name="class" select="'tei-add'"/>
      <xsl:with-param name="open" select="'⟨'"/>
      <xsl:with-param name="close" select="'⟩'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Critical apparatus: the lemma reads (without one, the first reading does); an app of
       several readings goes through tk:hook-apparatus (common.xsl), one of a single reading
       shows it. -->
  <xsl:template match="tei:app">
    <span class="tei-app">
      <xsl:call-template name="tk:attributes"/>
      <span class="tei-lem"><xsl:apply-templates select="tk:readings(.)[1]/node()"/></span>
      <xsl:apply-templates select="* except (tei:lem, tei:rdg, tei:rdgGrp)"/>
    </span>
  </xsl:template>

  <!-- The readings of an app, the reading text first: the lemma, else the first reading. -->
  <xsl:function name="tk:readings" as="element()*">
    <xsl:param name="app" as="element()"/>
    <xsl:variable name="readings" select="$app/(tei:rdg | tei:rdgGrp//tei:rdg)"/>
    <xsl:sequence select="if ($app/tei:lem) then ($app/tei:lem[1], $readings) else $readings"/>
  </xsl:function>

  <!-- The sigla of a @wit: each pointer's witness @n (or its id) when the document lists it, else the pointer without '#'. -->
  <xsl:function name="tk:witnesses" as="xs:string">
    <xsl:param name="wit" as="attribute()?"/>
    <xsl:param name="context" as="node()"/>
    <xsl:sequence select="string-join(
      for $w in tokenize(normalize-space($wit), ' ')
      return (let $id := replace($w, '^#', ''),
                  $witness := key('tk:id', $id, root($context))[self::tei:witness]
              return (string($witness/@n)[.], $id)[1]), ' ')"/>
  </xsl:function>

  <xsl:template match="tei:lem">
    <span class="tei-lem"><xsl:apply-templates/></span>
  </xsl:template>

</xsl:stylesheet>
