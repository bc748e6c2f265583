<?xml version="1.0" encoding="UTF-8"?>
<!--
  teikit on Saxon-HE (Java): the letter view of teikit.xsl (letter.xsl) for one
  letter, its inputs read from the source document, a letter's job
  (src/render/saxon-he.ts writes one per letter and runs Saxon-HE over the
  folder of them, in threads, with -s:<folder> -o:<folder> -threads:N):
    <job>
      <param name="…" value="…"/>…   the stylesheet's string parameters
      <edition …>…</edition>          the letter's edition description ($edition)
      <doc href="file:…"/>…           its TEI documents, in order ($docs)
    </job>
  and its view written as JSON (docs, letter: see letter.xsl), its pages
  written beside it, each to a file of its own named as the page (the view's
  "pages" lists their names): the pages do not go through JSON. The
  parameters of teikit.xsl are variables here, taken from the job (a global
  variable of an importing module overrides the imported parameter).

  What Saxon-HE 9.9 serializes differently from SaxonJS is made the same, so
  that both engines write the same bytes (a test compares every file of an
  edition rendered by each):
  - its HTML5 serializer writes "<!DOCTYPE HTML>" and a newline before every
    serialized fragment; SaxonJS writes "<!DOCTYPE html>" and a newline before
    an <html> element only;
  - its HTML serializer writes a no-break space as "&nbsp;"; SaxonJS writes
    the character (a character map of the character to itself writes it as it is);
  - serializing an element copied into a new one (a register entry in its
    <tk-part>) loses the TEI namespace declaration; serialized on its own it
    keeps it.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tk="urn:teikit"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <xsl:import href="teikit.xsl"/>
  <xsl:include href="edit-in-tags.xsl"/>

  <xsl:output method="json" indent="no" encoding="UTF-8"/>

  <!-- teikit.xsl's parameters, from the job -->
  <xsl:variable name="tk:job" as="element()" select="/Q{}job"/>
  <xsl:variable name="edition" as="document-node()">
    <xsl:document><xsl:copy-of select="$tk:job/Q{}edition"/></xsl:document>
  </xsl:variable>
  <!-- parse-xml: each document parsed for this letter only -->
  <xsl:variable name="docs" as="document-node()+" select="$tk:job/Q{}doc/@href ! parse-xml(unparsed-text(string(.), 'UTF-8'))"/>
  <xsl:variable name="register-docs" as="document-node()*" select="$docs"/>
  <xsl:variable name="view" as="xs:string" select="'letter'"/>
  <xsl:variable name="index-page" as="xs:string" select="tk:job-param('index-page', '')"/>
  <xsl:variable name="css-href" as="xs:string" select="tk:job-param('css-href', 'teikit.css')"/>
  <xsl:variable name="js-href" as="xs:string" select="tk:job-param('js-href', '')"/>

  <!-- the letter view (letter.xsl), its pages written to files beside the view (see above) -->
  <xsl:template match="/">
    <xsl:variable name="letter-view" as="map(*)">
      <xsl:call-template name="tk:letter"><xsl:with-param name="docs" select="$docs"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="pages" as="map(*)" select="$letter-view?pages"/>
    <xsl:for-each select="map:keys($pages)">
      <xsl:result-document href="{encode-for-uri(.)}" method="text" encoding="UTF-8">
        <xsl:value-of select="$pages(current())"/>
      </xsl:result-document>
    </xsl:for-each>
    <xsl:sequence select="map:put($letter-view, 'pages', array { sort(map:keys($pages)) })"/>
  </xsl:template>

  <xsl:function name="tk:job-param" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="default" as="xs:string"/>
    <xsl:sequence select="string(($tk:job/Q{}param[@name = $name]/@value, $default)[1])"/>
  </xsl:function>

  <xsl:variable name="tk:he-html-output" select="map:put($tk:html-output, 'use-character-maps', map { '&#xA0;': '&#xA0;' })"/>

  <xsl:function name="tk:html" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:variable name="serialized" select="serialize($nodes, $tk:he-html-output)"/>
    <!-- the pattern tried on the first 16 characters only: Saxon-HE's regular expressions try every position of the
         string, even for a pattern anchored at its start -->
    <xsl:variable name="body" select="if (matches(substring($serialized, 1, 16), '^&lt;!DOCTYPE [Hh][Tt][Mm][Ll]>\n')) then substring($serialized, 17) else $serialized"/>
    <xsl:variable name="first" select="($nodes/descendant-or-self::node()[not(self::document-node())])[1]"/>
    <xsl:sequence select="if ($first[self::*][local-name() = 'html' and namespace-uri() = '']) then concat('&lt;!DOCTYPE html>&#10;', $body) else $body"/>
  </xsl:function>

  <xsl:function name="tk:entries-xml" as="xs:string">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="string-join(tk:doc-entries($doc) ! concat('&lt;tk-part k=&quot;', @xml:id, '&quot;>', serialize(., $tk:xml-output), '&lt;/tk-part>'))"/>
  </xsl:function>

  <!-- teikit.xsl's edits of serialized HTML, in one walk (edit-in-tags.xsl) -->
  <xsl:function name="tk:relink-string" as="xs:string">
    <xsl:param name="html" as="xs:string"/>
    <xsl:sequence select="if ($index-page = '') then $html else tk:edit-in-tags($html, concat(' href=&quot;', $index-page, '#'), '', 'relink')"/>
  </xsl:function>
  <xsl:function name="tk:focusable-html" as="xs:string">
    <xsl:param name="html" as="xs:string"/>
    <xsl:sequence select="tk:edit-in-tags($html, ' data-corresp=&quot;', 'span ', 'focusable')"/>
  </xsl:function>

</xsl:stylesheet>
