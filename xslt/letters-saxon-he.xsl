<?xml version="1.0" encoding="UTF-8"?>
<!--
  teikit's letter views on Saxon-HE (Java), many letters in one JVM
  (src/render/saxon-he.ts): for each <job> of the $jobs file, the letter view
  of saxon-he.xsl (view 'letter', letter.xsl) on its documents, written as
  one line of JSON, in the order of the jobs:
    {"n": "<the job's n>", "view": <the letter view: pages, docs, letter>}
  or, when the letter's transformation fails,
    {"n": "<n>", "error": "<message>", "code": "<error code>"}
  The jobs file:
    <jobs>
      <job n="…">
        <param name="…" value="…"/>…   the stylesheet's string parameters
        <edition …>…</edition>          the letter's edition description ($edition)
        <doc href="file:…"/>…           its TEI documents, in order ($docs)
      </job>…
    </jobs>
  The stylesheet is compiled once (fn:transform keeps it) and each document
  parsed once, for its letter only (parse-xml, not doc(): a transformation
  keeps every document doc() has read).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:err="http://www.w3.org/2005/xqt-errors"
  exclude-result-prefixes="#all">

  <xsl:output method="text" encoding="UTF-8"/>

  <!-- The URI of the jobs file. -->
  <xsl:param name="jobs" as="xs:string"/>

  <xsl:variable name="letter-stylesheet" select="resolve-uri('saxon-he.xsl', static-base-uri())"/>
  <xsl:variable name="json" select="map { 'method': 'json', 'indent': false() }"/>

  <xsl:template name="xsl:initial-template">
    <xsl:for-each select="doc($jobs)/jobs/job">
      <xsl:try>
        <xsl:variable name="docs" as="document-node()+" select="doc/@href ! parse-xml(unparsed-text(string(.), 'UTF-8'))"/>
        <xsl:variable name="edition" as="document-node()">
          <xsl:document><xsl:copy-of select="edition"/></xsl:document>
        </xsl:variable>
        <xsl:variable name="params" select="map:merge((
          param ! map { QName('', string(@name)): string(@value) },
          map { QName('', 'edition'): $edition, QName('', 'docs'): $docs, QName('', 'register-docs'): $docs, QName('', 'view'): 'letter' }))"/>
        <xsl:variable name="result" select="transform(map {
          'stylesheet-location': $letter-stylesheet,
          'source-node': $docs[1],
          'delivery-format': 'raw',
          'stylesheet-params': $params })"/>
        <xsl:value-of select="serialize(map { 'n': string(@n), 'view': $result?output }, $json)"/>
        <xsl:catch>
          <xsl:value-of select="serialize(map { 'n': string(@n), 'error': string($err:description), 'code': string($err:code) }, $json)"/>
        </xsl:catch>
      </xsl:try>
      <xsl:text>&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
