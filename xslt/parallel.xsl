<?xml version="1.0" encoding="UTF-8"?>
<!--
  teikit parallel page: original and translation side by side, block by
  block. Paragraphs pair through @corresp when either document carries it,
  otherwise by position; heads, openers and closers pair by position among
  blocks of their kind. A block without a counterpart gets a row of its own
  after the row of its nearest paired predecessor.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:tk="urn:teikit"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <!-- The block-level children of the body and its divisions, in document order (divisions themselves are flattened). -->
  <xsl:function name="tk:blocks" as="element()*">
    <xsl:param name="texts" as="element()*"/>
    <xsl:sequence select="$texts//*[not(self::div or tk:is-numbered-div(local-name()))]
      [parent::body or parent::front or parent::back or parent::div or tk:is-numbered-div(local-name(parent::*))]"/>
  </xsl:function>

  <!-- matches($name, '^div\d$'), the regular expression tried only on names that can match it -->
  <xsl:function name="tk:is-numbered-div" as="xs:boolean">
    <xsl:param name="name" as="xs:string"/>
    <xsl:sequence select="string-length($name) = 4 and starts-with($name, 'div') and matches($name, '^div\d$')"/>
  </xsl:function>

  <!-- For every block of $tb, the position in $ob of its counterpart (0 when it has none). -->
  <xsl:function name="tk:partners" as="xs:integer*">
    <xsl:param name="ob" as="element()*"/>
    <xsl:param name="tb" as="element()*"/>
    <xsl:variable name="use-corresp" select="exists(($ob, $tb)[self::p][@corresp])"/>
    <xsl:variable name="orig-by-id" as="map(xs:string, xs:integer)" select="map:merge(
      for $i in 1 to count($ob) return (if ($ob[$i]/@xml:id) then map { string($ob[$i]/@xml:id): $i } else ()),
      map { 'duplicates': 'use-first' })"/>
    <xsl:variable name="orig-by-target" as="map(xs:string, xs:integer)" select="map:merge(
      for $i in 1 to count($ob) return (for $t in tk:tokens($ob[$i]/@corresp) return map { tk:fragment($t): $i }),
      map { 'duplicates': 'use-first' })"/>
    <xsl:sequence select="
      for $j in 1 to count($tb) return
        let $t := $tb[$j] return
        if ($use-corresp and $t/self::p) then
          (( for $c in tk:tokens($t/@corresp) return $orig-by-id(tk:fragment($c)) ),
           ( if ($t/@xml:id) then $orig-by-target(string($t/@xml:id)) else () ), 0)[1]
        else
          let $name := local-name($t),
              $k := count($tb[position() lt $j][local-name() = $name][not($use-corresp and self::p)]) + 1,
              $same := (for $i in 1 to count($ob) return $i[local-name($ob[$i]) = $name][not($use-corresp and $ob[$i]/self::p)])
          return ($same[$k], 0)[1]"/>
  </xsl:function>

  <xsl:template name="tk:parallel-page">
    <xsl:param name="orig" as="document-node()"/>
    <xsl:param name="trans" as="document-node()"/>
    <xsl:param name="page" as="xs:string" select="''"/>
    <!-- the documents' texts as rendered for their reading pages (tk:rendered-texts), when at hand: blocks are copied from them -->
    <xsl:param name="orig-rendered" as="document-node()?" select="()"/>
    <xsl:param name="trans-rendered" as="document-node()?" select="()"/>
    <!-- the documents' texts (tk:texts), when found already -->
    <xsl:param name="orig-texts" as="element()*" select="tk:texts($orig)"/>
    <xsl:param name="trans-texts" as="element()*" select="tk:texts($trans)"/>
    <!-- their blocks (tk:blocks), when found already -->
    <xsl:param name="ob" as="element()*" select="tk:blocks($orig-texts)"/>
    <xsl:param name="tb" as="element()*" select="tk:blocks($trans-texts)"/>
    <!-- for a page the caller serializes and fills (tk:fill-par): the blocks serialized (tk:par-blocks-html), and the
         notes (tk:par-notes-html); a block or notes with a string here become a slot, those with '' are rendered here -->
    <xsl:param name="ob-html" as="xs:string*" select="()"/>
    <xsl:param name="tb-html" as="xs:string*" select="()"/>
    <xsl:param name="notes-html" as="xs:string*" select="()"/>
    <xsl:variable name="partners" select="tk:partners($ob, $tb)"/>
    <xsl:variable name="anchors" as="xs:integer*" select="
      for $j in 1 to count($tb) return
        if ($partners[$j] gt 0) then $partners[$j]
        else ((for $k in reverse(1 to $j - 1) return $partners[$k][. gt 0]), 0)[1]"/>
    <xsl:variable name="ol" select="tk:html-lang($orig)"/>
    <xsl:variable name="tl" select="tk:html-lang($trans)"/>
    <xsl:call-template name="tk:page">
      <xsl:with-param name="title" select="concat(tk:title($orig), ' — ', tk:title($trans))"/>
      <xsl:with-param name="lang" select="$tl"/>
      <xsl:with-param name="page-class" select="'parallel'"/>
      <xsl:with-param name="current" select="$page"/>
      <xsl:with-param name="content">
        <h1>Original and translation side by side</h1>
        <xsl:call-template name="tk:legend"><xsl:with-param name="scope" select="($orig-texts, $trans-texts)"/></xsl:call-template>
        <div class="par-table">
          <div class="par-row par-titles">
            <div class="par-cell par-orig" lang="{$ol}"><p class="par-doc-title"><xsl:value-of select="tk:title($orig)"/></p></div>
            <div class="par-cell par-trans" lang="{$tl}"><p class="par-doc-title"><xsl:value-of select="tk:title($trans)"/></p></div>
          </div>
          <!-- translation blocks before any paired block -->
          <xsl:for-each select="for $j in 1 to count($tb) return $j[$anchors[$j] = 0]">
            <xsl:call-template name="tk:par-row">
              <xsl:with-param name="left" select="()"/><xsl:with-param name="right" select="."/>
              <xsl:with-param name="ob" select="$ob"/><xsl:with-param name="tb" select="$tb"/>
              <xsl:with-param name="ob-html" select="$ob-html"/><xsl:with-param name="tb-html" select="$tb-html"/>
              <xsl:with-param name="ol" select="$ol"/><xsl:with-param name="tl" select="$tl"/>
              <xsl:with-param name="orig-rendered" select="$orig-rendered"/><xsl:with-param name="trans-rendered" select="$trans-rendered"/>
            </xsl:call-template>
          </xsl:for-each>
          <xsl:for-each select="1 to count($ob)">
            <xsl:variable name="i" select="."/>
            <xsl:call-template name="tk:par-row">
              <xsl:with-param name="left" select="$i"/>
              <xsl:with-param name="right" select="for $j in 1 to count($tb) return $j[$partners[$j] = $i]"/>
              <xsl:with-param name="ob" select="$ob"/><xsl:with-param name="tb" select="$tb"/>
              <xsl:with-param name="ob-html" select="$ob-html"/><xsl:with-param name="tb-html" select="$tb-html"/>
              <xsl:with-param name="ol" select="$ol"/><xsl:with-param name="tl" select="$tl"/>
              <xsl:with-param name="orig-rendered" select="$orig-rendered"/><xsl:with-param name="trans-rendered" select="$trans-rendered"/>
            </xsl:call-template>
            <xsl:for-each select="for $j in 1 to count($tb) return $j[$partners[$j] = 0 and $anchors[$j] = $i]">
              <xsl:call-template name="tk:par-row">
                <xsl:with-param name="left" select="()"/><xsl:with-param name="right" select="."/>
                <xsl:with-param name="ob" select="$ob"/><xsl:with-param name="tb" select="$tb"/>
                <xsl:with-param name="ob-html" select="$ob-html"/><xsl:with-param name="tb-html" select="$tb-html"/>
                <xsl:with-param name="ol" select="$ol"/><xsl:with-param name="tl" select="$tl"/>
                <xsl:with-param name="orig-rendered" select="$orig-rendered"/><xsl:with-param name="trans-rendered" select="$trans-rendered"/>
              </xsl:call-template>
            </xsl:for-each>
          </xsl:for-each>
          <div class="par-row par-notes">
            <div class="par-cell par-orig" lang="{$ol}">
              <xsl:sequence select="if ($notes-html[1] != '') then tk:par-slot('n', 1) else tk:par-notes($orig, $orig-rendered, 'Notes (original)')"/>
            </div>
            <div class="par-cell par-trans" lang="{$tl}">
              <xsl:sequence select="if ($notes-html[2] != '') then tk:par-slot('n', 2) else tk:par-notes($trans, $trans-rendered, 'Notes (translation)')"/>
            </div>
          </div>
        </div>
        <xsl:call-template name="tk:descriptions"><xsl:with-param name="scope" select="($trans-texts, $orig-texts)"/></xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- A row: the blocks $ob[$left] beside $tb[$right] -->
  <xsl:template name="tk:par-row">
    <xsl:param name="left" as="xs:integer*"/>
    <xsl:param name="right" as="xs:integer*"/>
    <xsl:param name="ob" as="element()*"/>
    <xsl:param name="tb" as="element()*"/>
    <xsl:param name="ob-html" as="xs:string*"/>
    <xsl:param name="tb-html" as="xs:string*"/>
    <xsl:param name="ol" as="xs:string"/>
    <xsl:param name="tl" as="xs:string"/>
    <xsl:param name="orig-rendered" as="document-node()?"/>
    <xsl:param name="trans-rendered" as="document-node()?"/>
    <div class="par-row">
      <div class="par-cell par-orig" lang="{$ol}"><xsl:sequence select="for $k in $left return (if ($ob-html[$k] != '') then tk:par-slot('o', $k) else tk:par-blocks($ob[$k], $orig-rendered))"/></div>
      <div class="par-cell par-trans" lang="{$tl}"><xsl:sequence select="for $k in $right return (if ($tb-html[$k] != '') then tk:par-slot('t', $k) else tk:par-blocks($tb[$k], $trans-rendered))"/></div>
    </div>
  </xsl:template>

  <!-- A slot of a side-by-side page that is serialized and filled (tk:fill-par): block $k of the original ('o') or
       the translation ('t'), or the notes ('n' 1 or 2). As in tk:texts-slot, the slots are the only '<!-' in the page. -->
  <xsl:function name="tk:par-slot" as="comment()">
    <xsl:param name="side" as="xs:string"/>
    <xsl:param name="k" as="xs:integer"/>
    <xsl:comment select="concat('tk ', $side, $k)"/>
  </xsl:function>

  <xsl:function name="tk:fill-par" as="xs:string">
    <xsl:param name="page" as="xs:string"/>
    <xsl:param name="ob-html" as="xs:string*"/>
    <xsl:param name="tb-html" as="xs:string*"/>
    <xsl:param name="notes-html" as="xs:string*"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:analyze-string select="$page" regex="&lt;!--tk ([otn])([0-9]+)--&gt;">
        <xsl:matching-substring>
          <xsl:variable name="k" select="xs:integer(regex-group(2))"/>
          <xsl:sequence select="if (regex-group(1) = 'o') then $ob-html[$k] else if (regex-group(1) = 't') then $tb-html[$k] else $notes-html[$k]"/>
        </xsl:matching-substring>
        <xsl:non-matching-substring><xsl:sequence select="."/></xsl:non-matching-substring>
      </xsl:analyze-string>
    </xsl:variable>
    <xsl:sequence select="string-join($parts, '')"/>
  </xsl:function>

  <!-- Blocks serialized as tk:par-blocks copies them from the rendered texts (their sentences focusable); '' for a
       block that is not found once there (tk:par-blocks renders it). In serialized HTML '<' and '>' are markup only and
       '"' ends an attribute value; data-corresp is written only on sentences (the s template), after their class and
       id and before their lang: the tabindex goes right after it, where the tk:focusable copy puts it. -->
  <xsl:function name="tk:par-blocks-html" as="xs:string*">
    <xsl:param name="blocks" as="element()*"/>
    <xsl:param name="rendered" as="document-node()"/>
    <xsl:sequence select="for $b in $blocks return
      let $done := key('tk:rendered', tk:id($b), $rendered)
      return if (count($done) = 1) then tk:focusable-html(tk:html($done)) else ''"/>
  </xsl:function>

  <!-- Serialized sentences made focusable: tabindex="0" after their data-corresp. (Saxon-HE, whose regular expressions
       backtrack from every '<' of the text, does it in one walk instead: saxon-he.xsl.) -->
  <xsl:function name="tk:focusable-html" as="xs:string">
    <xsl:param name="html" as="xs:string"/>
    <xsl:sequence select="replace($html, '(&lt;span [^&lt;&gt;]*? data-corresp=&quot;[^&quot;]*&quot;)', '$1 tabindex=&quot;0&quot;')"/>
  </xsl:function>

  <!-- A document's notes serialized as tk:par-notes copies them under $heading; '' when it has none (or they are not as tk:notes writes them) -->
  <xsl:function name="tk:par-notes-html" as="xs:string">
    <xsl:param name="rendered" as="document-node()"/>
    <xsl:param name="heading" as="xs:string"/>
    <xsl:variable name="head" select="'&lt;section class=&quot;notes&quot;&gt;&lt;h2&gt;Notes&lt;/h2&gt;'"/>
    <xsl:variable name="sections" select="$rendered/Q{}section[@class = 'notes'] ! tk:html(.)"/>
    <xsl:sequence select="if (exists($sections) and (every $s in $sections satisfies starts-with($s, $head)) and not(matches($heading, '[&amp;&lt;&gt;]')))
      then string-join($sections ! concat('&lt;section class=&quot;notes&quot;&gt;&lt;h2&gt;', $heading, '&lt;/h2&gt;', substring-after(., $head)), '')
      else ''"/>
  </xsl:function>

  <!-- Blocks in a side-by-side cell: copied from the rendered texts when there (their sentences made focusable), else rendered here. -->
  <xsl:function name="tk:par-blocks" as="node()*">
    <xsl:param name="blocks" as="element()*"/>
    <xsl:param name="rendered" as="document-node()?"/>
    <xsl:for-each select="$blocks">
      <xsl:variable name="done" select="if (exists($rendered)) then key('tk:rendered', tk:id(.), $rendered) else ()"/>
      <xsl:choose>
        <xsl:when test="count($done) = 1"><xsl:apply-templates select="$done" mode="tk:focusable"/></xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="."><xsl:with-param name="tk:parallel" select="true()" tunnel="yes"/></xsl:apply-templates>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:function>

  <!-- A document's notes under a heading of their own: copied from its rendered texts when there, else rendered here. -->
  <xsl:function name="tk:par-notes" as="node()*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="rendered" as="document-node()?"/>
    <xsl:param name="heading" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="exists($rendered)">
        <xsl:for-each select="$rendered/Q{}section[@class = 'notes']">
          <xsl:copy>
            <xsl:copy-of select="@*"/>
            <xsl:for-each select="Q{}h2"><xsl:copy><xsl:copy-of select="@*"/><xsl:value-of select="$heading"/></xsl:copy></xsl:for-each>
            <xsl:copy-of select="node() except Q{}h2"/>
          </xsl:copy>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="tk:notes"><xsl:with-param name="scope" select="tk:texts($doc)"/><xsl:with-param name="heading" select="$heading"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- Copying a rendered block into the side-by-side page: its aligned sentences become reachable by keyboard (as the s template does there). -->
  <xsl:template match="Q{}span[@data-corresp][tokenize(@class, ' ') = 'tei-s']" mode="tk:focusable">
    <xsl:copy>
      <xsl:copy-of select="@* except @lang"/>
      <xsl:attribute name="tabindex" select="'0'"/>
      <xsl:copy-of select="@lang"/>
      <xsl:apply-templates mode="tk:focusable"/>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="node() | @*" mode="tk:focusable">
    <xsl:copy><xsl:apply-templates select="@* | node()" mode="tk:focusable"/></xsl:copy>
  </xsl:template>

</xsl:stylesheet>
