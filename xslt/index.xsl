<?xml version="1.0" encoding="UTF-8"?>
<!--
  teikit index of names: the registers (persons, organisations, places) of
  the edition's standOff, each entry with every occurrence in every document,
  linked back to the paragraph (or note) on the document's reading page (or,
  in the print view, to the paragraph on the same page).
  Linear in the documents: the mentions of all documents are grouped by the
  register id once, and each entry looks its group up in a map.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:tk="urn:teikit"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <xsl:template name="tk:register-page">
    <xsl:param name="docs" as="document-node()*"/>
    <xsl:param name="page" as="xs:string" select="''"/>
    <xsl:variable name="docs" select="if ($tk:slots) then $register-doc else $docs"/>
    <xsl:variable name="lang" select="tk:html-lang($docs[last()])"/>
    <xsl:call-template name="tk:page">
      <xsl:with-param name="title" select="concat('Index of names — ', ($edition/*/@title, tk:title($docs[1]))[1])"/>
      <xsl:with-param name="lang" select="$lang"/>
      <xsl:with-param name="page-class" select="'register-page'"/>
      <xsl:with-param name="current" select="$page"/>
      <xsl:with-param name="content">
        <h1>Index of names</h1>
        <xsl:call-template name="tk:register-sections">
          <xsl:with-param name="docs" select="$docs"/>
          <xsl:with-param name="lang" select="$lang"/>
          <xsl:with-param name="in-page" select="false()"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The register id a mention points to ('' when none). -->
  <xsl:function name="tk:mention-id" as="xs:string">
    <xsl:param name="m" as="element()"/>
    <xsl:sequence select="string((tk:tokens(string(($m/@ref, $m/@key)[1]))[1] ! tk:fragment(.), '')[1])"/>
  </xsl:function>

  <!-- The registers of persons, organisations and places of $docs, each entry with its occurrences.
       $in-page: occurrences link to the paragraph on this page (print) rather than on the reading pages. -->
  <xsl:template name="tk:register-sections">
    <xsl:param name="docs" as="document-node()*"/>
    <xsl:param name="lang" as="xs:string"/>
    <xsl:param name="in-page" as="xs:boolean"/>
    <xsl:variable name="entries" select="for $d in $docs return $d//(listPerson/person | listPerson/personGrp | listOrg/org | listPlace/place)[@xml:id]"/>
    <xsl:variable name="doc-pos" as="map(xs:string, xs:integer)" select="map:merge(for $i in 1 to count($docs) return map { generate-id($docs[$i]): $i })"/>
    <!-- per document, found once (not for every entry it mentions): language, title, paragraph numbers -->
    <xsl:variable name="doc-langs" as="xs:string*" select="$docs ! tk:html-lang(.)"/>
    <xsl:variable name="doc-titles" as="xs:string*" select="if (xs:integer(($edition/*/@letters, 1)[1]) gt 1) then $docs ! tk:title(.) else ()"/>
    <xsl:variable name="para-number" as="map(xs:string, xs:integer)" select="map:merge(
      for $d in $docs return
        let $paras := $d//text[not(ancestor::text)]//p[not(ancestor::note)]
        return for $i in 1 to count($paras) return map { generate-id($paras[$i]): $i })"/>
    <!-- register id → its mentions, in document order, document by document -->
    <xsl:variable name="occurrences" as="map(xs:string, element()*)">
      <xsl:map>
        <xsl:for-each-group select="for $d in $docs return $d//text[not(ancestor::text)]//*[@ref or @key]" group-by="tk:mention-id(.)">
          <xsl:if test="current-grouping-key() != ''">
            <xsl:map-entry key="current-grouping-key()" select="current-group()"/>
          </xsl:if>
        </xsl:for-each-group>
      </xsl:map>
    </xsl:variable>
    <xsl:if test="empty($entries)">
      <p>This edition has no register of names.</p>
    </xsl:if>
    <xsl:for-each select="('person', 'org', 'place')">
      <xsl:variable name="kind" select="."/>
      <xsl:variable name="group" as="element()*">
        <xsl:for-each-group select="$entries[if ($kind = 'person') then (self::person or self::personGrp) else local-name() = $kind]" group-by="string(@xml:id)">
          <xsl:sequence select="current-group()[1]"/>
        </xsl:for-each-group>
      </xsl:variable>
      <xsl:if test="exists($group)">
        <section class="register reg-{$kind}" aria-labelledby="reg-h-{$kind}">
          <h2 id="reg-h-{$kind}"><xsl:value-of select="if ($kind = 'person') then 'Persons' else if ($kind = 'org') then 'Organisations' else 'Places'"/></h2>
          <xsl:for-each select="$group">
            <xsl:sort select="lower-case(tk:entry-name(., $lang))" lang="{$lang}"/>
            <xsl:variable name="id" select="string(@xml:id)"/>
            <section class="reg-entry" id="reg-{$id}">
              <xsl:call-template name="tk:register-entry">
                <xsl:with-param name="entry" select="."/>
                <xsl:with-param name="lang" select="$lang"/>
              </xsl:call-template>
              <xsl:call-template name="tk:occurrences">
                <xsl:with-param name="id" select="$id"/>
                <xsl:with-param name="mentions" select="($occurrences($id), ())"/>
                <xsl:with-param name="doc-pos" select="$doc-pos"/>
                <xsl:with-param name="in-page" select="$in-page"/>
                <xsl:with-param name="para-number" select="$para-number"/>
                <xsl:with-param name="doc-langs" select="$doc-langs"/>
                <xsl:with-param name="doc-titles" select="$doc-titles"/>
              </xsl:call-template>
            </section>
          </xsl:for-each>
        </section>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- The mentions of one register id, per document, linked to their paragraph (or note).
       In an assembled page (tk:slots) the occurrences are a slot, filled per document with tk:doc-occurrences
       rendered by the letter view: 'occ <id>' on the index of names, 'pocc <id>' in the print view. -->
  <xsl:template name="tk:occurrences">
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="mentions" as="element()*"/>
    <xsl:param name="doc-pos" as="map(xs:string, xs:integer)"/>
    <xsl:param name="in-page" as="xs:boolean"/>
    <xsl:param name="para-number" as="map(xs:string, xs:integer)"/>
    <xsl:param name="doc-langs" as="xs:string*"/>
    <xsl:param name="doc-titles" as="xs:string*"/>
    <xsl:choose>
      <xsl:when test="$tk:slots and $id = $mentioned">
        <dl class="occurrences"><xsl:sequence select="tk:slot(concat(if ($in-page) then 'pocc ' else 'occ ', $id))"/></dl>
      </xsl:when>
      <xsl:when test="empty($mentions)">
        <p class="occurrences-none">Not mentioned in the text.</p>
      </xsl:when>
      <xsl:otherwise>
        <dl class="occurrences">
          <xsl:for-each-group select="$mentions" group-adjacent="$doc-pos(generate-id(root(.)))">
            <xsl:call-template name="tk:doc-occurrences">
              <xsl:with-param name="mentions" select="current-group()"/>
              <xsl:with-param name="desc" select="$edition/*/Q{}doc[current-grouping-key()]"/>
              <xsl:with-param name="doc-lang" select="$doc-langs[current-grouping-key()]"/>
              <xsl:with-param name="doc-title" select="$doc-titles[current-grouping-key()]"/>
              <xsl:with-param name="in-page" select="$in-page"/>
              <xsl:with-param name="para-number" select="$para-number"/>
            </xsl:call-template>
          </xsl:for-each-group>
        </dl>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The mentions of one register id in one document: which document (with several letters: the letter's
       number and title, then the version), and a link to each mention's paragraph (or note). -->
  <xsl:template name="tk:doc-occurrences">
    <xsl:param name="mentions" as="element()+"/>
    <xsl:param name="desc" as="element()?"/>
    <xsl:param name="doc-lang" as="xs:string"/>
    <xsl:param name="doc-title" as="xs:string?"/>
    <xsl:param name="in-page" as="xs:boolean"/>
    <xsl:param name="para-number" as="map(xs:string, xs:integer)"/>
    <xsl:variable name="many" select="xs:integer(($edition/*/@letters, 1)[1]) gt 1"/>
    <xsl:variable name="label" select="($desc/@label, $doc-lang)[1]"/>
    <dt>
      <xsl:choose>
        <!-- several letters: which letter (its number on the landing page and its title), then which version -->
        <xsl:when test="$many"><xsl:value-of select="concat($desc/@letter, '. ')"/><span lang="{$doc-lang}"><xsl:value-of select="$doc-title"/></span><xsl:value-of select="concat(' — ', $label)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$label"/></xsl:otherwise>
      </xsl:choose>
    </dt>
    <dd>
      <ul>
        <xsl:for-each select="$mentions">
          <xsl:variable name="block" select="tk:anchor-block(.)"/>
          <li>
            <a href="{if ($in-page) then '' else $desc/@page}#{tk:id($block)}" lang="{$doc-lang}"><xsl:value-of select="normalize-space(.)"/></a>
            <xsl:text> </xsl:text>
            <span class="where">(<xsl:value-of select="if ($block/self::note) then concat('note ', tk:note-label($block)) else if ($block/self::p) then concat('¶ ', let $k := generate-id($block) return if (map:contains($para-number, $k)) then $para-number($k) else count($block/preceding::p[ancestor::text][not(ancestor::note)]) + 1) else local-name($block)"/>)</span>
          </li>
        </xsl:for-each>
      </ul>
    </dd>
  </xsl:template>

</xsl:stylesheet>
