<?xml version="1.0" encoding="UTF-8"?>
<!--
  teikit on Saxon-HE (Java): the entry stylesheet (teikit.xsl) with what
  Saxon-HE 9.9 serializes differently from SaxonJS made the same, so that
  both engines write the same bytes (src/render/saxon-he.ts; a test compares
  every file of an edition rendered by each):
  - its HTML5 serializer writes "<!DOCTYPE HTML>" and a newline before every
    serialized fragment; SaxonJS writes "<!DOCTYPE html>" and a newline before
    an <html> element only;
  - its HTML serializer writes a no-break space as "&nbsp;"; SaxonJS writes
    the character (a character map of the character to itself writes it as it is);
  - serializing an element copied into a new one (a register entry in its
    <tk-part>) loses the TEI namespace declaration; serialized on its own it
    keeps it.
  Run per letter by letters-saxon-he.xsl.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tk="urn:teikit"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <xsl:import href="teikit.xsl"/>

  <xsl:variable name="tk:he-html-output" select="map:put($tk:html-output, 'use-character-maps', map { '&#xA0;': '&#xA0;' })"/>

  <xsl:function name="tk:html" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:variable name="serialized" select="serialize($nodes, $tk:he-html-output)"/>
    <xsl:variable name="body" select="replace($serialized, '^&lt;!DOCTYPE [Hh][Tt][Mm][Ll]>\n', '')"/>
    <xsl:variable name="first" select="($nodes/descendant-or-self::node()[not(self::document-node())])[1]"/>
    <xsl:sequence select="if ($first[self::*][local-name() = 'html' and namespace-uri() = '']) then concat('&lt;!DOCTYPE html>&#10;', $body) else $body"/>
  </xsl:function>

  <xsl:function name="tk:entries-xml" as="xs:string">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="string-join(tk:doc-entries($doc) ! concat('&lt;tk-part k=&quot;', @xml:id, '&quot;>', serialize(., $tk:xml-output), '&lt;/tk-part>'))"/>
  </xsl:function>

</xsl:stylesheet>
