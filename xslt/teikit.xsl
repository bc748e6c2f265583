<?xml version="1.0" encoding="UTF-8"?>
<!--
  teikit: the one entry stylesheet compiled to SEF (src/render/sef.ts). It
  includes the modules and dispatches on $view:
    reading   the source document as a reading page (html.xsl)
    print     $docs (or the source document) as print HTML (print.xsl)
    parallel  $docs[1] and $docs[2] side by side (parallel.xsl)
    register  the index of names of $docs (index.xsl)
    landing   the landing page of the edition described by $edition (landing.xsl)
    letter    every page and part of the edition-wide pages that come from one letter, $docs (letter.xsl)
  With $slot-token set, register, print and landing are frames whose slots the caller fills (letter.xsl).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:tk="urn:teikit"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <xsl:include href="common.xsl"/>
  <xsl:include href="html.xsl"/>
  <xsl:include href="parallel.xsl"/>
  <xsl:include href="index.xsl"/>
  <xsl:include href="landing.xsl"/>
  <xsl:include href="print.xsl"/>
  <xsl:include href="letter.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no" include-content-type="no"/>

  <xsl:param name="view" as="xs:string" select="'reading'"/>
  <xsl:param name="docs" as="document-node()*" select="()"/>
  <!-- The file name of the page being written (marks the current navigation item). -->
  <xsl:param name="page" as="xs:string" select="''"/>

  <xsl:template match="/">
    <xsl:variable name="all" select="if (exists($docs)) then $docs else ."/>
    <xsl:choose>
      <xsl:when test="$view = 'reading'">
        <xsl:call-template name="tk:reading-page">
          <xsl:with-param name="doc" select="."/>
          <xsl:with-param name="page" select="$page"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$view = 'print'">
        <xsl:call-template name="tk:print-page"><xsl:with-param name="docs" select="$all"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$view = 'parallel'">
        <xsl:call-template name="tk:parallel-page">
          <xsl:with-param name="orig" select="$all[1]"/>
          <xsl:with-param name="trans" select="($all[2], $all[1])[1]"/>
          <xsl:with-param name="page" select="$page"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$view = 'register'">
        <xsl:call-template name="tk:register-page">
          <xsl:with-param name="docs" select="$all"/>
          <xsl:with-param name="page" select="$page"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$view = 'landing'">
        <xsl:call-template name="tk:landing-page">
          <xsl:with-param name="docs" select="$all"/>
          <xsl:with-param name="page" select="$page"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$view = 'letter'">
        <xsl:call-template name="tk:letter"><xsl:with-param name="docs" select="$all"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:message terminate="yes">teikit: unknown view '<xsl:value-of select="$view"/>' (expected reading, print, parallel, register, landing or letter)</xsl:message>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
