<?xml version="1.0" encoding="UTF-8"?>
<!--
  teikit print view: one HTML document for CSS paged media (Chromium's
  print-to-PDF). A title page with the edition's metadata, then each text on
  named pages whose running head is that text's title, its notes, and the
  register. Page size, margins and page numbers live in print.css, passed in
  as $print-css and inlined so the file prints on its own.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:tk="urn:teikit"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <xsl:param name="print-css" as="xs:string" select="''"/>

  <xsl:template name="tk:print-page">
    <xsl:param name="docs" as="document-node()*"/>
    <xsl:variable name="title" select="string(($edition/*/@title, tk:title($docs[1]))[1])"/>
    <xsl:variable name="many" select="xs:integer(($edition/*/@letters, 1)[1]) gt 1"/>
    <html lang="{tk:html-lang($docs[1])}">
      <head>
        <meta charset="utf-8"/>
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; base-uri 'none'"/>
        <meta name="generator" content="teikit"/>
        <title><xsl:value-of select="$title"/></title>
        <style><xsl:value-of select="$print-css"/></style>
        <style>
          <xsl:for-each select="$docs">
            <xsl:variable name="i" select="position()"/>
            <xsl:value-of select="concat('@page text', $i, ' { @top-center { content: ', tk:css-string(tk:title(.)), '; } }&#10;',
              '.print-text-', $i, ' { page: text', $i, '; }&#10;')"/>
          </xsl:for-each>
        </style>
      </head>
      <body class="print">
        <header class="title-page">
          <h1><xsl:call-template name="tk:title-lang"/><xsl:value-of select="$title"/></h1>
          <xsl:choose>
            <xsl:when test="$many">
              <!-- many letters: what they share (editors, publisher, licence); each text says what it is -->
              <p class="letter-count"><xsl:value-of select="concat(count($docs), ' texts in ', $edition/*/@letters, ' letters')"/></p>
              <xsl:for-each select="($docs[1]/*/self::TEI, $docs[1]/*/self::teiCorpus)[teiHeader]">
                <xsl:call-template name="tk:metadata"><xsl:with-param name="tei" select="."/><xsl:with-param name="scope" select="'edition'"/></xsl:call-template>
              </xsl:for-each>
            </xsl:when>
            <xsl:otherwise>
          <xsl:for-each select="$docs">
            <xsl:variable name="i" select="position()"/>
            <section class="source">
              <xsl:if test="count($docs) gt 1">
                <h2><xsl:value-of select="($edition/*/Q{}doc[$i]/@label, tk:title(.))[1]"/></h2>
              </xsl:if>
              <xsl:for-each select="(*/self::TEI, */self::teiCorpus)[teiHeader]">
                <xsl:call-template name="tk:metadata"><xsl:with-param name="tei" select="."/></xsl:call-template>
              </xsl:for-each>
            </section>
          </xsl:for-each>
            </xsl:otherwise>
          </xsl:choose>
        </header>
        <main>
          <xsl:for-each select="$docs">
            <xsl:variable name="i" select="position()"/>
            <article class="print-text print-text-{$i}" lang="{tk:html-lang(.)}">
              <!-- the document's title, unless the text opens with a head saying the same -->
              <xsl:variable name="first-head" select="normalize-space(string-join((tk:texts(.)//head)[1]//text()[not(ancestor::note)], ''))"/>
              <xsl:if test="$many or $first-head != normalize-space(tk:title(.))">
                <h1 class="text-title"><xsl:value-of select="tk:title(.)"/></h1>
              </xsl:if>
              <xsl:if test="$many">
                <p class="text-label"><xsl:value-of select="$edition/*/Q{}doc[$i]/@label"/></p>
              </xsl:if>
              <xsl:apply-templates select="tk:texts(.)"/>
              <xsl:call-template name="tk:notes"><xsl:with-param name="scope" select="tk:texts(.)"/></xsl:call-template>
            </article>
          </xsl:for-each>
          <!-- the index of names of every text, its occurrences linked within this document -->
          <xsl:if test="exists($docs//(listPerson | listOrg | listPlace))">
            <div class="print-register">
              <h1>Index of names</h1>
              <xsl:call-template name="tk:register-sections">
                <xsl:with-param name="docs" select="$docs"/>
                <xsl:with-param name="lang" select="tk:html-lang($docs[last()])"/>
                <xsl:with-param name="in-page" select="true()"/>
              </xsl:call-template>
            </div>
          </xsl:if>
        </main>
      </body>
    </html>
  </xsl:template>

</xsl:stylesheet>
