<?xml version="1.0" encoding="UTF-8"?>
<!--
  teikit landing page: title, the sources and their editions, editors,
  licence, how to cite, and the ways into the edition.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:tk="urn:teikit"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <xsl:template name="tk:landing-page">
    <xsl:param name="docs" as="document-node()*"/>
    <xsl:param name="page" as="xs:string" select="''"/>
    <xsl:variable name="e" select="$edition/*"/>
    <xsl:variable name="first" select="$docs[1]/*"/>
    <xsl:variable name="fd" select="$first/teiHeader/fileDesc"/>
    <xsl:call-template name="tk:page">
      <xsl:with-param name="title" select="string($e/@title)"/>
      <xsl:with-param name="lang" select="string(($e/@lang, 'en')[1])"/>
      <xsl:with-param name="page-class" select="'landing'"/>
      <xsl:with-param name="current" select="$page"/>
      <xsl:with-param name="content">
        <h1><xsl:call-template name="tk:title-lang"/><xsl:value-of select="$e/@title"/></h1>
        <xsl:for-each select="$fd/titleStmt/author">
          <p class="author"><xsl:value-of select="normalize-space(.)"/></p>
        </xsl:for-each>
        <xsl:for-each select="$e/Q{}description">
          <p class="description">
            <xsl:if test="tk:valid-lang(@lang)"><xsl:attribute name="lang" select="@lang"/></xsl:if>
            <xsl:value-of select="."/>
          </p>
        </xsl:for-each>
        <section aria-labelledby="h-read">
          <h2 id="h-read">Read the edition</h2>
          <ul class="ways-in">
            <xsl:for-each select="$e/Q{}doc">
              <xsl:variable name="i" select="position()"/>
              <li><a href="{@page}"><xsl:value-of select="@label"/></a>: <span lang="{@lang}"><xsl:value-of select="tk:title($docs[$i])"/></span></li>
            </xsl:for-each>
            <xsl:if test="$e/@parallel != ''"><li><a href="{$e/@parallel}">Original and translation side by side</a></li></xsl:if>
            <li><a href="{$e/@register}">Index of persons, organisations and places</a></li>
            <xsl:if test="$e/@pdf != ''"><li><a href="{$e/@pdf}">The whole edition as PDF</a></li></xsl:if>
            <xsl:for-each select="$e/Q{}doc"><li><a href="{@tei}" type="application/tei+xml">TEI P5 source (<xsl:value-of select="@label"/>)</a></li></xsl:for-each>
          </ul>
        </section>
        <section aria-labelledby="h-sources">
          <h2 id="h-sources">Sources and editions</h2>
          <xsl:for-each select="$docs">
            <xsl:variable name="i" select="position()"/>
            <section class="source">
              <h3><xsl:value-of select="$e/Q{}doc[$i]/@label"/></h3>
              <xsl:call-template name="tk:metadata"><xsl:with-param name="tei" select="*"/></xsl:call-template>
            </section>
          </xsl:for-each>
        </section>
        <section aria-labelledby="h-cite">
          <h2 id="h-cite">How to cite</h2>
          <p class="citation">
            <xsl:variable name="editors" select="string-join($fd/titleStmt/editor ! normalize-space(.), ', ')"/>
            <xsl:value-of select="string-join((
              string-join($fd/titleStmt/author ! normalize-space(.), ', ')[. != ''] ! (if (ends-with(., '.')) then . else concat(., '.')),
              concat($e/@title, '.'),
              (if ($editors != '') then concat('Edited by ', $editors, '.') else ()),
              (($fd/publicationStmt/publisher)[1] ! concat(normalize-space(.), ($fd/publicationStmt/date[1]/normalize-space(.), $e/@date[. != ''])[1] ! concat(', ', .), '.')),
              (if ($e/@id != '') then concat('teikit edition ', $e/@id, '.') else ())), ' ')"/>
          </p>
        </section>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
