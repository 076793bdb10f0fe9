<?xml version="1.0" encoding="UTF-8"?>
<!--
  common.xsl: the TEI matching shared by every output format (HTML site, print/PDF).

  Both formats produce HTML5 (the site, and the HTML that WeasyPrint typesets), so the rules
  here emit plain structural HTML with `tei-<element>` classes and leave everything that
  differs between screen and paper to named hooks. A format imports this file
  (xsl:import, so its own templates win) and overrides the hooks it needs; the defaults below
  keep the text and add no format-specific markup.

  Rules of the road
  - Every element renders: unknown elements fall back to a <div>/<span class="tei-NAME">,
    so no text is ever lost. Comments and processing instructions are dropped.
  - An element renders as a block (<p>, <div>, <section>, <ul>...) only when all its
    ancestors are block containers (see $tk:containers); inside phrase-level content
    (p, head, l, speaker...) everything becomes a <span>, so the HTML stays well nested.
  - Attribute values never reach the output as markup: hrefs go through tk:safe-href
    (http/https, mailto, or '#id' of an element of the same document), classes through
    tk:tokens, ids through tk:anchor.
  - Editorial interventions carry class "ed" on the characters the editor added (brackets,
    "sic;", the regularised form...), so a format can show or hide them with CSS: the
    reading view hides .ed and .sic, the diplomatic view shows them.

  Hooks (named templates; the context item is the TEI element named)
  - tk:hook-note     context a footnote (a tei:note of the text that is not inline, see
                     tk:inline-note); param $number (xs:integer, 1-based, counting the
                     footnotes of tei:text in document order). Default: the note's content
                     inline in brackets. HTML: a popover button; print: a footnote.
  - tk:hook-inline-note  context an inline note: the translator's bracket that identifies,
                     glosses, explains or describes (tk:inline-note is true); param $number
                     (xs:integer, counting inline notes). It never leaves its sentence (no
                     footnote): default, the content in brackets marked class "ed". HTML: the
                     brackets as published, a popover in the clean reading text.
  - tk:hook-apparatus  context tei:app with two readings or more; param $readings (the
                     lem and rdg elements, the reading text first). Default: the other
                     readings after the text, each in brackets with its witnesses ("ed").
  - tk:hook-name     context a name (persName, placeName, orgName, name, rs...) whose @ref
                     points into a register; params $register ('persons' | 'organizations' |
                     'places'),
                     $key (register id), $anchor (a stable id for this mention, "m{N}",
                     N counting register-linked names of tei:text in document order).
                     Default: the content in a span with id $anchor. HTML: a link to
                     {root}persons/{key}.html.
  - tk:hook-page-break  context tei:pb; param $n (xs:string, the page number or '').
                     Default: an empty span.tei-pb with data-n.
  - tk:hook-link     context tei:ref or tei:ptr; param $href (already safe, never empty).
                     Default: <a href="$href"> with the content (ptr: the target text).
  - tk:hook-graphic  context tei:graphic or tei:media; param $alt (xs:string). Default: a
                     span with the description (no image is loaded: nothing external).
  - tk:hook-id       context any element with @xml:id, called by tk:attributes inside the
                     output element; param $id (xs:string, tk:anchor of @xml:id). Default:
                     the attribute id="$id". Print: prefixed by the document's id, as a
                     volume holds many documents whose xml:ids repeat.

  Page breaks inside a note are moved out of it: the hook is called right after the note (or
  its reference), never inside its content. A line, column or page break with break="no" joins
  the word it splits: the white space around it is dropped (tk:joined-text).

  Numbering uses accumulators (tk:notes, tk:inline-notes, tk:mentions), so common.xsl declares the unnamed
  mode with use-accumulators="#all": start a format's transformation in the unnamed mode.

  Functions for metadata (format-neutral, take the TEI root element): tk:title, tk:date-when,
  tk:date-label, tk:archive, tk:pages, tk:original-language, tk:resp-names, tk:funders,
  tk:citation, tk:source-uri, tk:doc-id; and tk:plain mode, which renders content
  without ids, links or notes (for popovers, tooltips and running heads).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tk="urn:teikit"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all">

  <xsl:include href="common_params.xsl"/>
  <xsl:include href="common_meta.xsl"/>
  <xsl:include href="common_editorial.xsl"/>

  <!-- Elements inside which a child may still be a block; anything else is phrase level. -->
  <xsl:variable name="tk:containers" as="xs:string*" select="(
    'TEI', 'teiCorpus', 'text', 'group', 'front', 'back', 'body', 'div', 'div1', 'div2',
    'div3', 'div4', 'div5', 'div6', 'div7', 'sp', 'spGrp', 'lg', 'list', 'item', 'table',
    'row', 'cell', 'figure', 'castList', 'castGroup', 'opener', 'closer', 'postscript',
    'titlePage', 'floatingText', 'note', 'listBibl', 'set', 'performance', 'prologue',
    'epilogue', 'argument', 'epigraph', 'teiHeader', 'profileDesc', 'abstract', 'quote',
    'cit', 'letter', 'app', 'lem', 'rdg', 'listWit', 'listPerson', 'listPlace', 'listOrg',
    'person', 'place', 'org', 'event', 'listEvent', 'div', 'msDesc', 'sourceDesc')"/>

  <xsl:variable name="tk:container-set" as="map(xs:string, xs:boolean)"
    select="map:merge($tk:containers ! map:entry(., true()), map {'duplicates': 'use-first'})"/>

  <!-- Block-level elements and the HTML element they become when they are in flow. -->
  <xsl:variable name="tk:blocks" as="map(xs:string, xs:string)" select="map {
    'p': 'p', 'ab': 'p', 'div': 'section', 'div1': 'section', 'div2': 'section',
    'div3': 'section', 'div4': 'section', 'div5': 'section', 'div6': 'section',
    'div7': 'section', 'quote': 'blockquote', 'figure': 'figure', 'trailer': 'p'}"/>

  <xsl:key name="tk:id" match="*[@xml:id]" use="string(@xml:id)"/>

  <!-- Counters of notes and register-linked names in document order (N in fn{N} and m{N});
       accumulators make numbering linear where xsl:number would rescan the document. -->
  <xsl:mode use-accumulators="#all"/>
  <xsl:accumulator name="tk:notes" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:note[ancestor::tei:text][not(tk:inline-note(.))]" select="$value + 1"/>
  </xsl:accumulator>
  <xsl:accumulator name="tk:inline-notes" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:note[ancestor::tei:text][tk:inline-note(.)]" select="$value + 1"/>
  </xsl:accumulator>

  <!-- Notes that are part of the sentence as published: the translator's brackets that identify,
       gloss, explain or describe (and any note placed inline). Other notes are footnotes. -->
  <xsl:variable name="tk:inline-note-types" as="xs:string*"
    select="('identification', 'gloss', 'editorial', 'physical', 'source', 'translation', 'clarification')"/>

  <xsl:function name="tk:inline-note" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="$note/@place = 'inline'
      or (not($note/@place) and tokenize(normalize-space($note/@type), ' ') = $tk:inline-note-types)"/>
  </xsl:function>

  <!-- A milestone that splits a word (break="no"): no space is to be made around it. -->
  <xsl:function name="tk:word-break" as="xs:boolean">
    <xsl:param name="node" as="node()?"/>
    <xsl:sequence select="exists($node[self::tei:lb or self::tei:pb or self::tei:cb][@break = 'no'])"/>
  </xsl:function>

  <!-- A text node's value with the white space next to a word-splitting milestone removed. -->
  <xsl:function name="tk:joined-text" as="xs:string">
    <xsl:param name="text" as="text()"/>
    <xsl:variable name="before" select="tk:word-break($text/following-sibling::node()[1])"/>
    <xsl:variable name="after" select="tk:word-break($text/preceding-sibling::node()[1])"/>
    <xsl:variable name="trimmed" select="if ($before) then replace(string($text), '\s+$', '') else string($text)"/>
    <xsl:sequence select="if ($after) then replace($trimmed, '^\s+', '') else $trimmed"/>
  </xsl:function>
  <xsl:accumulator name="tk:mentions" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="*[@ref][ancestor::tei:text][exists(tk:register(@ref))]" select="$value + 1"/>
  </xsl:accumulator>

  <!-- Whether an element sits where a block may appear: all ancestors are containers and it is
       not among words (a hi or stamp in a list item or a note between words is phrase level). -->
  <xsl:function name="tk:in-flow" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <!-- The parent's text first: it settles most elements without walking up every ancestor. -->
    <xsl:sequence select="not($e/../text()[normalize-space()])
      and (every $a in $e/ancestor::* satisfies map:contains($tk:container-set, local-name($a)))"/>
  </xsl:function>

  <!-- An HTML id derived from an xml:id: prefixed so it cannot clash with the page's own ids. -->
  <xsl:function name="tk:anchor" as="xs:string">
    <xsl:param name="id" as="xs:string"/>
    <xsl:sequence select="'t-' || replace($id, '[^A-Za-z0-9_.\-]', '_')"/>
  </xsl:function>

  <!-- Space-separated class tokens made from an attribute, keeping only harmless ones. -->
  <xsl:function name="tk:tokens" as="xs:string">
    <xsl:param name="prefix" as="xs:string"/>
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="string-join(
      for $t in tokenize(normalize-space($value), '\s+')[matches(., '^[A-Za-z][A-Za-z0-9\-]{0,40}$')]
      return $prefix || lower-case($t), ' ')"/>
  </xsl:function>

  <!-- A link target that is safe to emit, or the empty sequence: http(s), mailto, or '#id' of this document. -->
  <xsl:function name="tk:safe-href" as="xs:string?">
    <xsl:param name="target" as="xs:string?"/>
    <xsl:param name="context" as="node()"/>
    <xsl:variable name="t" select="normalize-space(tokenize(normalize-space($target), ' ')[1])"/>
    <xsl:choose>
      <xsl:when test="matches($t, '^(https?://|mailto:)[^\s&lt;&gt;&quot;]+$', 'i')">
        <xsl:sequence select="$t"/>
      </xsl:when>
      <xsl:when test="starts-with($t, '#') and exists(key('tk:id', substring($t, 2), root($context)))">
        <xsl:sequence select="'#' || tk:anchor(substring($t, 2))"/>
      </xsl:when>
    </xsl:choose>
  </xsl:function>

  <!-- ('persons' | 'organizations' | 'places', key) for a register pointer such as per:kim-il-sung, or (). -->
  <!-- The register folder of each pointer prefix (tk:register): one look-up, as names are many. -->
  <xsl:variable name="tk:registers" as="map(xs:string, xs:string)"
    select="map {'per:': 'persons', 'org:': 'organizations', 'pla:': 'places'}"/>
  <xsl:function name="tk:register" as="xs:string*">
    <xsl:param name="ref" as="xs:string?"/>
    <xsl:variable name="r" select="normalize-space($ref)"/>
    <xsl:variable name="register" select="$tk:registers(substring($r, 1, 4))"/>
    <xsl:sequence select="if (exists($register) and matches(substring($r, 5), '^[A-Za-z0-9_.\-]+$'))
      then ($register, substring($r, 5)) else ()"/>
  </xsl:function>

  <!-- id (from xml:id) and lang attributes every rendered element carries over. -->
  <xsl:template name="tk:attributes">
    <xsl:if test="@xml:id">
      <xsl:call-template name="tk:hook-id">
        <xsl:with-param name="id" select="tk:anchor(@xml:id)"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="@xml:lang and matches(@xml:lang, '^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$')">
      <xsl:attribute name="lang" select="@xml:lang"/>
    </xsl:if>
    <xsl:if test="@n and string-length(@n) lt 40">
      <xsl:attribute name="data-n" select="@n"/>
    </xsl:if>
  </xsl:template>

  <!-- The generic rendering: a div in flow, a span in phrase content, class tei-NAME. -->
  <xsl:template name="tk:generic">
    <xsl:param name="class" as="xs:string" select="''"/>
    <!-- Most elements have neither: their class is their name, without tokenising anything. -->
    <xsl:variable name="classes" select="if (not(@rend) and not($class)) then 'tei-' || local-name()
      else normalize-space('tei-' || local-name() || ' ' || $class || ' ' || tk:tokens('r-', @rend))"/>
    <xsl:choose>
      <xsl:when test="tk:in-flow(.)">
        <xsl:element name="{($tk:blocks(local-name()), 'div')[1]}">
          <xsl:attribute name="class" select="$classes"/>
          <xsl:call-template name="tk:attributes"/>
          <xsl:apply-templates/>
        </xsl:element>
      </xsl:when>
      <xsl:otherwise>
        <span class="{$classes}">
          <xsl:call-template name="tk:attributes"/>
          <xsl:apply-templates/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="*">
    <xsl:call-template name="tk:generic"/>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction()"/>

  <xsl:template match="tei:teiHeader | tei:facsimile | tei:standOff | tei:sourceDoc"/>

  <xsl:template match="tei:text">
    <xsl:call-template name="tk:generic"/>
  </xsl:template>

  <!-- Headings: h2 for the body's own heads, one level deeper per div, h6 at most. -->
  <xsl:template match="tei:head">
    <xsl:choose>
      <xsl:when test="tk:in-flow(.) and parent::*[self::tei:div or self::tei:div1 or self::tei:div2
                      or self::tei:div3 or self::tei:div4 or self::tei:div5 or self::tei:div6
                      or self::tei:div7 or self::tei:body or self::tei:front or self::tei:back]">
        <xsl:element name="h{min((count(ancestor::*[starts-with(local-name(), 'div')]) + 2, 6))}">
          <xsl:attribute name="class" select="normalize-space('tei-head ' || tk:tokens('r-', @rend))"/>
          <xsl:call-template name="tk:attributes"/>
          <xsl:apply-templates/>
        </xsl:element>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="tk:generic"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Speech: a turn is a block with the speaker set off; the format's CSS lays it out. -->
  <xsl:template match="tei:sp">
    <xsl:call-template name="tk:generic">
      <xsl:with-param name="class" select="'turn'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:speaker">
    <xsl:call-template name="tk:generic">
      <xsl:with-param name="class" select="'speaker'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- "unbracketed": the source's parentheses were not kept, so a format may supply them. -->
  <xsl:template match="tei:stage">
    <xsl:call-template name="tk:spaced">
      <xsl:with-param name="class" select="if (matches(string(.), '^\s*[(\[]')) then 'stage' else 'stage unbracketed'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The generic rendering of a separate run of words (a stage direction inside a speech): in
       phrase content it gets a space from a word it would otherwise run into. -->
  <xsl:template name="tk:spaced">
    <xsl:param name="class" as="xs:string" select="''"/>
    <xsl:variable name="phrase" select="not(tk:in-flow(.))"/>
    <xsl:if test="$phrase and matches(string(preceding-sibling::node()[1]), '[^\s(\[{„“‘«¿¡]$')">
      <xsl:text> </xsl:text>
    </xsl:if>
    <xsl:call-template name="tk:generic">
      <xsl:with-param name="class" select="$class"/>
    </xsl:call-template>
    <xsl:if test="$phrase and matches(string(following-sibling::node()[1]), '^[\w(\[„“‘«]')">
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:said | tei:q">
    <xsl:call-template name="tk:generic">
      <xsl:with-param name="class" select="'said'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Lists: ul/ol/dl in flow; other children of a list are wrapped so the HTML stays valid. -->
  <xsl:template match="tei:list">
    <xsl:choose>
      <xsl:when test="tk:in-flow(.)">
        <xsl:variable name="name" select="if (tei:label) then 'dl'
          else if (matches(@type || ' ' || @rend, 'ordered|numbered|decimal')) then 'ol' else 'ul'"/>
        <div class="{normalize-space('tei-list ' || tk:tokens('list-', @type))}">
          <xsl:call-template name="tk:attributes"/>
          <xsl:apply-templates select="tei:head"/>
          <xsl:element name="{$name}">
            <xsl:for-each select="node()[not(self::tei:head)][self::* or normalize-space()]">
              <xsl:choose>
                <xsl:when test="$name = 'dl' and self::tei:label">
                  <dt><xsl:apply-templates select="."/></dt>
                </xsl:when>
                <xsl:when test="$name = 'dl'">
                  <dd><xsl:apply-templates select="."/></dd>
                </xsl:when>
                <xsl:otherwise>
                  <li class="{if (self::tei:item) then 'tei-item' else 'tei-list-extra'}">
                    <xsl:apply-templates select="if (self::tei:item) then node() else ."/>
                  </li>
                </xsl:otherwise>
              </xsl:choose>
            </xsl:for-each>
          </xsl:element>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="tk:generic"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:table">
    <xsl:choose>
      <xsl:when test="tk:in-flow(.)">
        <table class="tei-table">
          <xsl:call-template name="tk:attributes"/>
          <xsl:if test="tei:head">
            <caption><xsl:apply-templates select="tei:head/node()"/></caption>
          </xsl:if>
          <tbody>
            <xsl:apply-templates select="tei:row"/>
          </tbody>
        </table>
        <xsl:apply-templates select="* except (tei:head, tei:row)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="tk:generic"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:row">
    <xsl:choose>
      <xsl:when test="tk:in-flow(.)">
        <tr>
          <xsl:for-each select="node()[self::* or normalize-space()]">
            <xsl:element name="{if (@role = 'label' or ../@role = 'label') then 'th' else 'td'}">
              <xsl:if test="matches(@cols, '^[1-9][0-9]?$')">
                <xsl:attribute name="colspan" select="@cols"/>
              </xsl:if>
              <xsl:if test="matches(@rows, '^[1-9][0-9]?$')">
                <xsl:attribute name="rowspan" select="@rows"/>
              </xsl:if>
              <xsl:apply-templates select="if (self::tei:cell) then node() else ."/>
            </xsl:element>
          </xsl:for-each>
        </tr>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="tk:generic"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- White space next to a word-splitting milestone is dropped, so the word stays whole. The pattern is
       tried on every text node: tk:word-break's test is written out, as a call per node costs more. -->
  <xsl:template match="text()[following-sibling::node()[1][self::tei:lb or self::tei:pb or self::tei:cb][@break = 'no']
                      or preceding-sibling::node()[1][self::tei:lb or self::tei:pb or self::tei:cb][@break = 'no']]">
    <xsl:value-of select="tk:joined-text(.)"/>
  </xsl:template>

  <xsl:template match="tei:lb">
    <br/>
  </xsl:template>

  <!-- A line break inside a word: the word reads whole; the break is marked only where a format
       shows the source's lines (class "dipl": the diplomatic view). -->
  <xsl:template match="tei:lb[@break = 'no']">
    <span class="tei-lb break-no dipl" aria-hidden="true">-<br/></span>
  </xsl:template>

  <xsl:template match="tei:hi | tei:emph | tei:title[ancestor::tei:text] | tei:foreign | tei:term | tei:mentioned | tei:soCalled">
    <xsl:call-template name="tk:generic">
      <xsl:with-param name="class" select="if (self::tei:hi and not(@rend)) then 'r-italic' else ''"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Dates and times: <time> with a machine-readable value when @when is ISO. -->
  <xsl:template match="tei:date | tei:time">
    <xsl:variable name="when" select="string(@when)"/>
    <xsl:choose>
      <xsl:when test="not(tk:in-flow(.)) and matches($when, '^-?\d{4}(-\d\d(-\d\d(T[\d:.]+(Z|[+\-]\d\d:\d\d)?)?)?)?$')">
        <time class="tei-{local-name()}" datetime="{$when}">
          <xsl:call-template name="tk:attributes"/>
          <xsl:apply-templates/>
          <!-- An empty date stands for its @when: shown as people write dates. -->
          <xsl:if test="not(normalize-space())">
            <xsl:value-of select="tk:format-date($when)"/>
          </xsl:if>
        </time>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="tk:generic"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Names pointing into a register go through the format's hook; others are plain spans. -->
  <xsl:template match="*[@ref][ancestor::tei:text][exists(tk:register(@ref))]">
    <xsl:variable name="target" select="tk:register(@ref)"/>
    <xsl:call-template name="tk:hook-name">
      <xsl:with-param name="register" select="$target[1]"/>
      <xsl:with-param name="key" select="$target[2]"/>
      <xsl:with-param name="anchor" select="'m' || accumulator-before('tk:mentions')"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:note[ancestor::tei:text]">
    <xsl:choose>
      <xsl:when test="tk:inline-note(.)">
        <xsl:call-template name="tk:hook-inline-note">
          <xsl:with-param name="number" select="accumulator-before('tk:inline-notes')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="tk:hook-note">
          <xsl:with-param name="number" select="accumulator-before('tk:notes')"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
    <!-- The page breaks of the note's words, after it: a page number is never inside a note. -->
    <xsl:for-each select=".//tei:pb[ancestor::tei:note[1] is current()]">
      <xsl:call-template name="tk:hook-page-break">
        <xsl:with-param name="n" select="string(@n)"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="tei:pb">
    <xsl:call-template name="tk:hook-page-break">
      <xsl:with-param name="n" select="string(@n)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Inside a note a page break shows nothing: the note's own template puts it after the note. -->
  <xsl:template match="tei:pb[ancestor::tei:note[ancestor::tei:text]]" priority="1"/>

  <!-- A critical apparatus with several readings goes through the format's hook. -->
  <xsl:template match="tei:app[count(tei:lem | tei:rdg | tei:rdgGrp//tei:rdg) gt 1]" priority="1">
    <xsl:call-template name="tk:hook-apparatus">
      <xsl:with-param name="readings" select="tk:readings(.)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:ref | tei:ptr">
    <xsl:variable name="href" select="tk:safe-href(@target, .)"/>
    <xsl:choose>
      <xsl:when test="exists($href)">
        <xsl:call-template name="tk:hook-link">
          <xsl:with-param name="href" select="$href"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="tk:generic"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:graphic | tei:media">
    <xsl:call-template name="tk:hook-graphic">
      <xsl:with-param name="alt" select="(../tei:figDesc ! tk:text(.), tei:desc ! tk:text(.), 'image')[.][1]"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ===== Default hooks: keep the text, add nothing format-specific. ===== -->

  <xsl:template name="tk:hook-note">
    <xsl:param name="number" as="xs:integer"/>
    <span class="tei-note" data-n="{$number}">
      <xsl:text> [</xsl:text>
      <xsl:apply-templates mode="tk:plain"/>
      <xsl:text>]</xsl:text>
    </span>
  </xsl:template>

  <xsl:template name="tk:hook-inline-note">
    <xsl:param name="number" as="xs:integer"/>
    <xsl:call-template name="tk:bracketed">
      <xsl:with-param name="class" select="normalize-space('tei-note inline ' || tk:tokens('note-', @type))"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="tk:hook-apparatus">
    <xsl:param name="readings" as="element()*"/>
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
      <xsl:apply-templates select="* except (tei:lem, tei:rdg, tei:rdgGrp)"/>
    </span>
  </xsl:template>

  <xsl:template name="tk:hook-name">
    <xsl:param name="register" as="xs:string"/>
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="anchor" as="xs:string"/>
    <span class="tei-{local-name()}" id="{$anchor}">
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template name="tk:hook-page-break">
    <xsl:param name="n" as="xs:string"/>
    <span class="tei-pb" data-n="{$n}"/>
  </xsl:template>

  <xsl:template name="tk:hook-link">
    <xsl:param name="href" as="xs:string"/>
    <a class="tei-{local-name()}" href="{$href}">
      <xsl:apply-templates/>
      <xsl:if test="self::tei:ptr">
        <xsl:value-of select="@target"/>
      </xsl:if>
    </a>
  </xsl:template>

  <xsl:template name="tk:hook-id">
    <xsl:param name="id" as="xs:string"/>
    <xsl:attribute name="id" select="$id"/>
  </xsl:template>

  <xsl:template name="tk:hook-graphic">
    <xsl:param name="alt" as="xs:string"/>
    <span class="tei-graphic" role="img" aria-label="{$alt}">[<xsl:value-of select="$alt"/>]</span>
  </xsl:template>

  <!-- ===== tk:plain: content without ids, links, notes or blocks (popovers, tooltips). ===== -->

  <xsl:template match="*" mode="tk:plain">
    <xsl:apply-templates mode="tk:plain"/>
  </xsl:template>

  <xsl:template match="tei:p | tei:l | tei:item | tei:head | tei:lg" mode="tk:plain">
    <span class="tei-{local-name()} block"><xsl:apply-templates mode="tk:plain"/></span>
  </xsl:template>

  <xsl:template match="tei:hi | tei:emph | tei:title | tei:foreign" mode="tk:plain">
    <span class="{normalize-space('tei-' || local-name() || ' ' || tk:tokens('r-', @rend))}">
      <xsl:if test="@xml:lang and matches(@xml:lang, '^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$')">
        <xsl:attribute name="lang" select="@xml:lang"/>
      </xsl:if>
      <xsl:apply-templates mode="tk:plain"/>
    </span>
  </xsl:template>

  <xsl:template match="tei:lb" mode="tk:plain">
    <xsl:text> </xsl:text>
  </xsl:template>

  <xsl:template match="tei:lb[@break = 'no'] | tei:del | tei:surplus" mode="tk:plain"/>

  <xsl:template match="text()[following-sibling::node()[1][self::tei:lb or self::tei:pb or self::tei:cb][@break = 'no']
                      or preceding-sibling::node()[1][self::tei:lb or self::tei:pb or self::tei:cb][@break = 'no']]" mode="tk:plain">
    <xsl:value-of select="tk:joined-text(.)"/>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction()" mode="tk:plain"/>

</xsl:stylesheet>
