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
    <xsl:variable name="many" select="xs:integer(($e/@letters, 1)[1]) gt 1"/>
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
            <xsl:choose>
              <xsl:when test="$many">
                <li><a href="#h-letters">The letters</a> (<xsl:value-of select="$e/@letters"/>)</li>
              </xsl:when>
              <xsl:otherwise>
                <xsl:for-each select="$e/Q{}doc">
                  <xsl:variable name="i" select="position()"/>
                  <li><a href="{@page}"><xsl:value-of select="@label"/></a>: <span lang="{@lang}"><xsl:value-of select="tk:title($docs[$i])"/></span></li>
                </xsl:for-each>
                <xsl:if test="$e/@parallel != ''"><li><a href="{$e/@parallel}">Original and translation side by side</a></li></xsl:if>
              </xsl:otherwise>
            </xsl:choose>
            <li><a href="{$e/@register}">Index of persons, organisations and places</a></li>
            <xsl:if test="$e/@pdf != ''"><li><a href="{$e/@pdf}">The whole edition as PDF</a></li></xsl:if>
            <xsl:if test="not($many)">
              <xsl:for-each select="$e/Q{}doc"><li><a href="{@tei}" type="application/tei+xml">TEI P5 source (<xsl:value-of select="@label"/>)</a></li></xsl:for-each>
            </xsl:if>
          </ul>
        </section>
        <xsl:choose>
          <xsl:when test="$many">
            <xsl:call-template name="tk:letter-list"><xsl:with-param name="docs" select="$docs"/></xsl:call-template>
            <section aria-labelledby="h-sources">
              <h2 id="h-sources">Editors, publisher and licence</h2>
              <xsl:call-template name="tk:metadata"><xsl:with-param name="tei" select="$first"/><xsl:with-param name="scope" select="'edition'"/></xsl:call-template>
              <p>Each letter's sources and first publication are given on its reading page (“About this text”).</p>
            </section>
          </xsl:when>
          <xsl:otherwise>
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
          </xsl:otherwise>
        </xsl:choose>
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

  <xsl:key name="tk:pairs-of-letter" match="Q{}pair" use="@letter"/>

  <!-- The letters of an edition: each with its title (from the first document's titleStmt), its reading pages, side-by-side pages and TEI files.
       In an assembled landing page (tk:slots) the list is a slot filled with the items the letter view rendered. -->
  <xsl:template name="tk:letter-list">
    <xsl:param name="docs" as="document-node()*"/>
    <xsl:variable name="descs" select="$edition/*/Q{}doc"/>
    <section aria-labelledby="h-letters">
      <h2 id="h-letters">Letters</h2>
      <ol class="letters">
        <xsl:choose>
          <xsl:when test="$tk:slots"><xsl:sequence select="tk:slot('letters')"/></xsl:when>
          <xsl:otherwise>
            <xsl:for-each-group select="1 to count($descs)" group-adjacent="let $k := . return string($descs[$k]/@letter)">
              <xsl:call-template name="tk:letter-item">
                <xsl:with-param name="first-doc" select="$docs[current-group()[1]]"/>
                <xsl:with-param name="descs" select="$descs[position() = current-group()]"/>
              </xsl:call-template>
            </xsl:for-each-group>
          </xsl:otherwise>
        </xsl:choose>
      </ol>
    </section>
  </xsl:template>

  <!-- One letter of the list: $descs are its documents' descriptions, $first-doc its first document. -->
  <xsl:template name="tk:letter-item">
    <xsl:param name="first-doc" as="document-node()"/>
    <xsl:param name="descs" as="element()+"/>
    <xsl:variable name="letter" select="string($descs[1]/@letter)"/>
    <li class="letter" id="letter-{$letter}">
      <span class="letter-title" lang="{tk:html-lang($first-doc)}"><xsl:value-of select="tk:title($first-doc)"/></span>
      <ul class="letter-links">
        <xsl:for-each select="$descs">
          <li><a href="{@page}" hreflang="{@lang}"><xsl:value-of select="@label"/></a></li>
        </xsl:for-each>
        <xsl:variable name="pairs" select="key('tk:pairs-of-letter', $letter, root($descs[1]))"/>
        <xsl:for-each select="$pairs">
          <li><a href="{@page}"><xsl:value-of select="if (count($pairs) gt 1) then concat('Side by side (', @label, ')') else 'Side by side'"/></a></li>
        </xsl:for-each>
        <xsl:for-each select="$descs">
          <li><a href="{@tei}" type="application/tei+xml">TEI (<xsl:value-of select="@lang"/>)</a></li>
        </xsl:for-each>
      </ul>
    </li>
  </xsl:template>

</xsl:stylesheet>
