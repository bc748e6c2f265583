<?xml version="1.0" encoding="UTF-8"?>
<!--
  teikit letter view: everything an edition needs from one letter (an
  original and its translations), rendered in one transformation so each
  document is parsed once: its reading pages, its side-by-side pages, and the
  parts of the edition-wide pages that come from it (its texts in the print
  view, its occurrences in the index of names, its item in the list of
  letters). The result is a map of serialized HTML strings (destination
  'raw'), read by src/render/letters.ts:

    map {
      'pages':  map { page file name: HTML page },
      'docs':   map { doc id: map {
                  'html': its parts of the edition-wide pages, each in a <tk-part k="…">:
                          'print' its text in the print view, 'occ <id>' its occurrences of a
                          register id on the index of names (dt/dd; the print view links them
                          within the page, letters.ts inPage),
                  'xml':  its register entries, each in a <tk-part k="<id>">,
                  'style': its named page rules in the print view (CSS),
                  'lang':  its HTML language } },
      'letter': the letter's item in the landing page's list of letters
    }

  Edition-wide pages (landing, register, print) are frames with slots,
  rendered with $slot-token set: tk:slot marks where the parts go. The token
  is chosen by the caller for each run, so text in a TEI document can never
  pose as a slot.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:tk="urn:teikit"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <!-- Non-empty: this page is a frame whose slots the caller fills (see src/render/slots.ts). -->
  <xsl:param name="slot-token" as="xs:string" select="''"/>
  <!-- In a frame: the register ids that have occurrences (their slots are filled; the others are "not mentioned"). -->
  <xsl:param name="mentioned" as="xs:string*" select="()"/>
  <!-- In a frame: the register entries of the whole edition (a TEI document whose root's xml:lang is the index's language). -->
  <xsl:param name="register-doc" as="document-node()?" select="()"/>

  <xsl:variable name="tk:slots" as="xs:boolean" select="$slot-token != ''"/>

  <!-- A slot: a comment carrying the run's token and the slot's name. -->
  <xsl:function name="tk:slot" as="comment()">
    <xsl:param name="name" as="xs:string"/>
    <xsl:comment select="concat(' ', $slot-token, ' ', $name, ' ')"/>
  </xsl:function>

  <xsl:variable name="tk:html-output" select="map { 'method': 'html', 'html-version': 5.0, 'indent': false(), 'include-content-type': false(), 'encoding': 'UTF-8' }"/>
  <xsl:variable name="tk:xml-output" select="map { 'method': 'xml', 'indent': false(), 'omit-xml-declaration': true() }"/>

  <xsl:function name="tk:html" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:sequence select="serialize($nodes, $tk:html-output)"/>
  </xsl:function>

  <xsl:template name="tk:letter">
    <xsl:param name="docs" as="document-node()*"/>
    <xsl:variable name="descs" select="$edition/*/Q{}doc"/>
    <xsl:variable name="many" select="xs:integer(($edition/*/@letters, 1)[1]) gt 1"/>
    <!-- each document's texts rendered once, shared by its reading page, print text and side-by-side pages -->
    <!-- each document's texts (tk:texts), found once: finding them walks the whole document -->
    <xsl:variable name="texts" as="map(xs:integer, element()*)" select="map:merge(for $i in 1 to count($docs) return map { $i: tk:texts($docs[$i]) })"/>
    <xsl:variable name="rendered" as="document-node()*" select="for $i in 1 to count($docs) return tk:rendered-texts($docs[$i], $texts($i))"/>
    <!-- and serialized once: the reading page and the print text take the string (copying the nodes into each costs more) -->
    <xsl:variable name="rendered-html" as="xs:string*" select="$rendered ! tk:html(.)"/>
    <xsl:variable name="reading" as="map(*)*">
      <xsl:for-each select="$docs">
        <xsl:variable name="i" select="position()"/>
        <xsl:variable name="page" as="document-node()">
          <xsl:document>
            <xsl:call-template name="tk:reading-page">
              <xsl:with-param name="doc" select="."/>
              <xsl:with-param name="page" select="string($descs[$i]/@page)"/>
              <xsl:with-param name="rendered" select="$rendered[$i]"/>
              <xsl:with-param name="texts-slot" select="true()"/>
              <xsl:with-param name="texts" select="$texts($i)"/>
            </xsl:call-template>
          </xsl:document>
        </xsl:variable>
        <xsl:sequence select="map { string($descs[$i]/@page): tk:fill-texts(tk:html($page), $rendered-html[$i]) }"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="parallel" as="map(*)*">
      <xsl:for-each select="$edition/*/Q{}pair">
        <xsl:variable name="o" select="index-of($descs/@id ! string(.), string(@original))[1]"/>
        <xsl:variable name="t" select="index-of($descs/@id ! string(.), string(@translation))[1]"/>
        <xsl:variable name="ob" select="tk:blocks($texts($o))"/>
        <xsl:variable name="tb" select="tk:blocks($texts($t))"/>
        <!-- blocks and notes serialized from the rendered texts, filled into the serialized page (cheaper than copying nodes) -->
        <xsl:variable name="ob-html" select="tk:par-blocks-html($ob, $rendered[$o])"/>
        <xsl:variable name="tb-html" select="tk:par-blocks-html($tb, $rendered[$t])"/>
        <xsl:variable name="notes-html" select="(tk:par-notes-html($rendered[$o], 'Notes (original)'), tk:par-notes-html($rendered[$t], 'Notes (translation)'))"/>
        <xsl:variable name="page" as="document-node()">
          <xsl:document>
            <xsl:call-template name="tk:parallel-page">
              <xsl:with-param name="ob" select="$ob"/>
              <xsl:with-param name="tb" select="$tb"/>
              <xsl:with-param name="ob-html" select="$ob-html"/>
              <xsl:with-param name="tb-html" select="$tb-html"/>
              <xsl:with-param name="notes-html" select="$notes-html"/>
              <xsl:with-param name="orig" select="$docs[$o]"/>
              <xsl:with-param name="trans" select="$docs[$t]"/>
              <xsl:with-param name="page" select="string(@page)"/>
              <xsl:with-param name="orig-rendered" select="$rendered[$o]"/>
              <xsl:with-param name="trans-rendered" select="$rendered[$t]"/>
              <xsl:with-param name="orig-texts" select="$texts($o)"/>
              <xsl:with-param name="trans-texts" select="$texts($t)"/>
            </xsl:call-template>
          </xsl:document>
        </xsl:variable>
        <xsl:sequence select="map { string(@page): tk:fill-par(tk:html($page), $ob-html, $tb-html, $notes-html) }"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="parts" as="map(*)*">
      <xsl:for-each select="$docs">
        <xsl:variable name="i" select="position()"/>
        <xsl:sequence select="map { string($descs[$i]/@id): tk:letter-doc-parts(., $descs[$i], $many, $rendered[$i], $rendered-html[$i], $texts($i)) }"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="item" as="element()">
      <xsl:call-template name="tk:letter-item">
        <xsl:with-param name="first-doc" select="$docs[1]"/>
        <xsl:with-param name="descs" select="$descs"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:sequence select="map {
      'pages': map:merge(($reading, $parallel)),
      'docs': map:merge($parts),
      'letter': tk:html($item)
    }"/>
  </xsl:template>

  <!-- What one document gives the edition-wide pages (see the header of this module). -->
  <xsl:function name="tk:letter-doc-parts" as="map(*)">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="desc" as="element()"/>
    <xsl:param name="many" as="xs:boolean"/>
    <xsl:param name="rendered" as="document-node()"/>
    <xsl:param name="rendered-html" as="xs:string"/>
    <xsl:param name="texts" as="element()*"/>
    <!-- its text elements: its texts unless it has none (tk:texts then gives its root, which is no text element) -->
    <xsl:variable name="text-elements" select="$texts[self::text]"/>
    <xsl:variable name="lang" select="tk:html-lang($doc)"/>
    <xsl:variable name="title" select="if ($many) then tk:title($doc) else ()"/>
    <xsl:variable name="paras" select="$text-elements//p[not(ancestor::note)]"/>
    <xsl:variable name="para-number" as="map(xs:string, xs:integer)" select="map:merge(for $i in 1 to count($paras) return map { generate-id($paras[$i]): $i })"/>
    <xsl:variable name="article" as="element()">
      <xsl:call-template name="tk:print-article">
        <xsl:with-param name="doc" select="$doc"/>
        <xsl:with-param name="i" select="xs:integer($desc/@pos)"/>
        <xsl:with-param name="label" select="string($desc/@label)"/>
        <xsl:with-param name="rendered" select="$rendered"/>
        <xsl:with-param name="texts-slot" select="$tk:relink-as-string"/>
        <xsl:with-param name="texts" select="$texts"/>
      </xsl:call-template>
    </xsl:variable>
    <!-- serialize() has a fixed cost: the parts of a document are serialized in one call each for HTML and
         XML, every part in a <tk-part k="…"> wrapper that letters.ts takes apart (text and attribute values
         are written escaped, so no content can close a wrapper) -->
    <xsl:variable name="html-parts" as="element()*">
      <tk-part k="print"><xsl:sequence select="$article"/></tk-part>
      <xsl:for-each-group select="$text-elements//*[@ref or @key]" group-by="tk:mention-id(.)">
        <xsl:if test="current-grouping-key() != ''">
          <xsl:variable name="on-index" select="tk:doc-occurrences-nodes(current-group(), $desc, $lang, $title, false(), $para-number)"/>
          <tk-part k="occ {current-grouping-key()}"><xsl:sequence select="$on-index"/></tk-part>
        </xsl:if>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:sequence select="map {
      'html': if ($tk:relink-as-string) then tk:fill-texts(tk:html($html-parts), tk:relink-string($rendered-html)) else tk:html($html-parts),
      'xml': tk:entries-xml($doc),
      'style': tk:print-style($doc, xs:integer($desc/@pos)),
      'lang': $lang
    }"/>
  </xsl:function>

  <!-- A document's register entries: listPerson/person | listPerson/personGrp | listOrg/org | listPlace/place with an
       xml:id, the first of each id, in one walk. -->
  <xsl:function name="tk:doc-entries" as="element()*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:for-each-group select="$doc/descendant::*[@xml:id][(self::person or self::personGrp) and parent::listPerson or self::org and parent::listOrg or self::place and parent::listPlace]" group-by="string(@xml:id)">
      <xsl:sequence select="current-group()[1]"/>
    </xsl:for-each-group>
  </xsl:function>

  <!-- Those entries, each in a <tk-part k="<id>">, serialized as XML (the TEI namespace declared on each entry). -->
  <xsl:function name="tk:entries-xml" as="xs:string">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:variable name="entries" as="element()*">
      <xsl:for-each select="tk:doc-entries($doc)">
        <tk-part k="{@xml:id}"><xsl:copy-of select="."/></tk-part>
      </xsl:for-each>
    </xsl:variable>
    <xsl:sequence select="serialize($entries, $tk:xml-output)"/>
  </xsl:function>

  <xsl:function name="tk:doc-occurrences-nodes" as="node()*">
    <xsl:param name="mentions" as="element()+"/>
    <xsl:param name="desc" as="element()"/>
    <xsl:param name="lang" as="xs:string"/>
    <xsl:param name="title" as="xs:string?"/>
    <xsl:param name="in-page" as="xs:boolean"/>
    <xsl:param name="para-number" as="map(xs:string, xs:integer)"/>
    <xsl:call-template name="tk:doc-occurrences">
      <xsl:with-param name="mentions" select="$mentions"/>
      <xsl:with-param name="desc" select="$desc"/>
      <xsl:with-param name="doc-lang" select="$lang"/>
      <xsl:with-param name="doc-title" select="$title"/>
      <xsl:with-param name="in-page" select="$in-page"/>
      <xsl:with-param name="para-number" select="$para-number"/>
    </xsl:call-template>
  </xsl:function>

</xsl:stylesheet>
