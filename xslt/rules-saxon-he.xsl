<?xml version="1.0" encoding="UTF-8"?>
<!--
  A compiled Schematron (schema/teikit.sch made XSLT by src/validate/schematron.ts)
  run by Saxon-HE (Java) over many documents in one JVM (src/validate/schematron-he.ts):
  for each line of the $files list (a document's URI), its SVRL as one line of JSON,
  in the order of the list:
    {"n": "<line number, from 0>", "svrl": "<the SVRL, serialized>"}
  or, when the Schematron cannot run on it,
    {"n": "<n>", "error": "<message>", "code": "<error code>"}
  The Schematron is compiled once (fn:transform keeps it); each document is parsed
  once, for itself only (parse-xml, not doc(), which keeps every document it reads).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:err="http://www.w3.org/2005/xqt-errors"
  exclude-result-prefixes="#all">

  <xsl:output method="text" encoding="UTF-8"/>

  <!-- The URI of the list of documents (one URI a line). -->
  <xsl:param name="files" as="xs:string"/>
  <!-- The URI of the compiled Schematron. -->
  <xsl:param name="rules" as="xs:string"/>

  <xsl:variable name="json" select="map { 'method': 'json', 'indent': false() }"/>

  <xsl:template name="xsl:initial-template">
    <xsl:for-each select="unparsed-text-lines($files)[. != '']">
      <xsl:variable name="n" select="string(position() - 1)"/>
      <xsl:try>
        <xsl:variable name="result" select="transform(map {
          'stylesheet-location': $rules,
          'source-node': parse-xml(unparsed-text(., 'UTF-8')),
          'delivery-format': 'serialized' })"/>
        <xsl:value-of select="serialize(map { 'n': $n, 'svrl': string($result?output) }, $json)"/>
        <xsl:catch>
          <xsl:value-of select="serialize(map { 'n': $n, 'error': string($err:description), 'code': string($err:code) }, $json)"/>
        </xsl:catch>
      </xsl:try>
      <xsl:text>&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
