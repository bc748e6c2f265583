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
    <!-- an edition's print view is assembled (src/render/edition-pages.ts): this frame holds slots for the
         texts, their page rules and the occurrences, filled with what the letter view rendered for each text;
         $docs are then the documents whose metadata the title page shows (see tk:frame-docs) -->
    <xsl:variable name="descs" select="$edition/*/Q{}doc"/>
    <xsl:variable name="title" select="string(($edition/*/@title, tk:title($docs[1]))[1])"/>
    <xsl:variable name="many" select="xs:integer(($edition/*/@letters, 1)[1]) gt 1"/>
    <xsl:variable name="count" select="if ($tk:slots) then count($descs) else count($docs)"/>
    <html lang="{tk:html-lang($docs[1])}">
      <head>
        <meta charset="utf-8"/>
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; base-uri 'none'"/>
        <meta name="generator" content="teikit"/>
        <title><xsl:value-of select="$title"/></title>
        <style><xsl:value-of select="$print-css"/></style>
        <style>
          <xsl:choose>
            <xsl:when test="$tk:slots"><xsl:sequence select="tk:slot('print-styles')"/></xsl:when>
            <xsl:otherwise>
              <xsl:for-each select="$docs">
                <xsl:value-of select="tk:print-style(., position())"/>
              </xsl:for-each>
            </xsl:otherwise>
          </xsl:choose>
        </style>
      </head>
      <body class="print">
        <header class="title-page">
          <h1><xsl:call-template name="tk:title-lang"/><xsl:value-of select="$title"/></h1>
          <xsl:choose>
            <xsl:when test="$many">
              <!-- many letters: what they share (editors, publisher, licence); each text says what it is -->
              <p class="letter-count"><xsl:value-of select="concat($count, ' texts in ', $edition/*/@letters, ' letters')"/></p>
              <xsl:for-each select="($docs[1]/*/self::TEI, $docs[1]/*/self::teiCorpus)[teiHeader]">
                <xsl:call-template name="tk:metadata"><xsl:with-param name="tei" select="."/><xsl:with-param name="scope" select="'edition'"/></xsl:call-template>
              </xsl:for-each>
            </xsl:when>
            <xsl:otherwise>
          <xsl:for-each select="$docs">
            <xsl:variable name="i" select="position()"/>
            <section class="source">
              <xsl:if test="count($docs) gt 1">
                <h2><xsl:value-of select="($descs[$i]/@label, tk:title(.))[1]"/></h2>
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
          <xsl:choose>
            <xsl:when test="$tk:slots"><xsl:sequence select="tk:slot('print-texts')"/></xsl:when>
            <xsl:otherwise>
              <xsl:for-each select="$docs">
                <xsl:variable name="i" select="position()"/>
                <xsl:call-template name="tk:print-article">
                  <xsl:with-param name="doc" select="."/>
                  <xsl:with-param name="i" select="$i"/>
                  <xsl:with-param name="label" select="string($descs[$i]/@label)"/>
                </xsl:call-template>
              </xsl:for-each>
            </xsl:otherwise>
          </xsl:choose>
          <!-- the index of names of every text, its occurrences linked within this document -->
          <xsl:variable name="reg-docs" select="if ($tk:slots) then $register-doc else $docs"/>
          <xsl:if test="exists($reg-docs//(listPerson | listOrg | listPlace))">
            <div class="print-register">
              <h1>Index of names</h1>
              <xsl:call-template name="tk:register-sections">
                <xsl:with-param name="docs" select="$reg-docs"/>
                <xsl:with-param name="lang" select="tk:html-lang($reg-docs[last()])"/>
                <xsl:with-param name="in-page" select="true()"/>
              </xsl:call-template>
            </div>
          </xsl:if>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- The named page of the $i-th text of the print view, whose running head is the text's title. -->
  <xsl:function name="tk:print-style" as="xs:string">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="i" as="xs:integer"/>
    <xsl:sequence select="concat('@page text', $i, ' { @top-center { content: ', tk:css-string(tk:title($doc)), '; } }&#10;',
      '.print-text-', $i, ' { page: text', $i, '; }&#10;')"/>
  </xsl:function>

  <!-- One text of the print view: its title, label (several letters), text and notes; names link to the register on the same page. -->
  <xsl:template name="tk:print-article">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="i" as="xs:integer"/>
    <xsl:param name="label" as="xs:string"/>
    <!-- the texts and their notes as rendered for the reading page (tk:rendered-texts), when at hand -->
    <xsl:param name="rendered" as="document-node()?" select="()"/>
    <!-- true: the texts are left as a slot (tk:texts-slot) that the caller fills with their serialization, relinked (tk:relink-string) -->
    <xsl:param name="texts-slot" as="xs:boolean" select="false()"/>
    <!-- the document's texts (tk:texts), when found already -->
    <xsl:param name="texts" as="element()*" select="tk:texts($doc)"/>
    <xsl:variable name="many" select="xs:integer(($edition/*/@letters, 1)[1]) gt 1"/>
    <article class="print-text print-text-{$i}" lang="{tk:html-lang($doc)}">
      <!-- the document's title, unless the text opens with a head saying the same -->
      <xsl:variable name="first-head" select="normalize-space(string-join(($texts//head)[1]//text()[not(ancestor::note)], ''))"/>
      <xsl:if test="$many or $first-head != normalize-space(tk:title($doc))">
        <h1 class="text-title"><xsl:value-of select="tk:title($doc)"/></h1>
      </xsl:if>
      <xsl:if test="$many">
        <p class="text-label"><xsl:value-of select="$label"/></p>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="$texts-slot"><xsl:sequence select="tk:texts-slot()"/></xsl:when>
        <xsl:when test="exists($rendered)"><xsl:apply-templates select="$rendered/node()" mode="tk:relink"/></xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="$texts">
            <xsl:with-param name="tk:index-page" select="''" tunnel="yes"/>
          </xsl:apply-templates>
          <xsl:call-template name="tk:notes">
            <xsl:with-param name="scope" select="$texts"/>
            <xsl:with-param name="tk:index-page" select="''" tunnel="yes"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </article>
  </xsl:template>

</xsl:stylesheet>
