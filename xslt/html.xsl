<?xml version="1.0" encoding="UTF-8"?>
<!--
  teikit HTML pages: the page frame (head, landmarks, navigation, footer)
  and the reading page of one TEI document.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:tk="urn:teikit"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <!-- The edition description (from src/render/render.ts):
       <edition id= title= title-lang= pdf= register= parallel= landing= date= letters=>
         <doc id= lang= role= page= tei= label= letter= nav=/>*  the documents in scope, in the order of $docs
         <pair page= original= translation= label= letter= nav=/>*  original/translation pairs in scope
         <description lang=/>*
       </edition>
       nav="yes" marks what the page's navigation offers (the page's own letter). Empty for a single rendered file. -->
  <xsl:param name="edition" as="document-node()?" select="()"/>
  <xsl:param name="css-href" as="xs:string" select="'teikit.css'"/>
  <xsl:param name="js-href" as="xs:string" select="''"/>
  <!-- Link to the TEI file of a single rendered document ('' = none). -->
  <xsl:param name="tei-href" as="xs:string" select="''"/>

  <xsl:variable name="tk:csp" select="&quot;default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'none'&quot;"/>

  <!-- The main title of a TEI document (or of a teiCorpus, or a fragment's first head). -->
  <xsl:function name="tk:title" as="xs:string">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="r" select="root($doc)/*"/>
    <xsl:variable name="t" select="($r/teiHeader/fileDesc/titleStmt/title[@type = 'main'], $r/teiHeader/fileDesc/titleStmt/title, $r//head)[normalize-space()][1]"/>
    <xsl:sequence select="if ($t) then normalize-space($t) else 'Untitled TEI document'"/>
  </xsl:function>

  <xsl:function name="tk:html-lang" as="xs:string">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="l" select="(root($doc)/*/@xml:lang, (root($doc)//text)[1]/@xml:lang, (root($doc)//langUsage/language)[1]/@ident)[tk:valid-lang(.)][1]"/>
    <xsl:sequence select="if ($l) then string($l) else 'und'"/>
  </xsl:function>

  <!-- The frame every HTML page shares. -->
  <xsl:template name="tk:page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="lang" as="xs:string"/>
    <xsl:param name="page-class" as="xs:string"/>
    <xsl:param name="current" as="xs:string" select="''"/>
    <xsl:param name="content" as="node()*"/>
    <xsl:param name="after-main" as="node()*" select="()"/>
    <html lang="{$lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta http-equiv="Content-Security-Policy" content="{$tk:csp}"/>
        <meta name="generator" content="teikit"/>
        <title><xsl:value-of select="$title"/></title>
        <link rel="icon" href="data:,"/>
        <link rel="stylesheet" href="{$css-href}"/>
        <xsl:if test="$js-href != ''">
          <script src="{$js-href}" defer="defer"></script>
        </xsl:if>
      </head>
      <body class="{$page-class}">
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="site-header">
          <p class="site-title">
            <xsl:choose>
              <xsl:when test="exists($edition)"><a href="{$edition/*/@landing}"><xsl:call-template name="tk:title-lang"/><xsl:value-of select="$edition/*/@title"/></a></xsl:when>
              <xsl:otherwise><xsl:value-of select="$title"/></xsl:otherwise>
            </xsl:choose>
          </p>
          <xsl:if test="exists($edition)">
            <nav aria-label="Edition">
              <ul>
                <xsl:call-template name="tk:nav-item"><xsl:with-param name="href" select="string($edition/*/@landing)"/><xsl:with-param name="label" select="'About'"/><xsl:with-param name="current" select="$current"/></xsl:call-template>
                <xsl:for-each select="$edition/*/Q{}doc[@nav = 'yes']">
                  <li>
                    <a href="{@page}" lang="{@lang}" hreflang="{@lang}">
                      <xsl:if test="@page = $current"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
                      <xsl:value-of select="@label"/>
                    </a>
                  </li>
                </xsl:for-each>
                <xsl:variable name="pairs" select="$edition/*/Q{}pair[@nav = 'yes']"/>
                <xsl:for-each select="$pairs">
                  <xsl:call-template name="tk:nav-item"><xsl:with-param name="href" select="string(@page)"/><xsl:with-param name="label" select="if (count($pairs) gt 1) then concat('Side by side (', @label, ')') else 'Side by side'"/><xsl:with-param name="current" select="$current"/></xsl:call-template>
                </xsl:for-each>
                <xsl:call-template name="tk:nav-item"><xsl:with-param name="href" select="string($edition/*/@register)"/><xsl:with-param name="label" select="'Index of names'"/><xsl:with-param name="current" select="$current"/></xsl:call-template>
                <xsl:if test="$edition/*/@pdf != ''">
                  <li><a href="{$edition/*/@pdf}">PDF</a></li>
                </xsl:if>
              </ul>
            </nav>
          </xsl:if>
        </header>
        <main id="main">
          <xsl:sequence select="$content"/>
        </main>
        <xsl:sequence select="$after-main"/>
        <footer class="site-footer">
          <xsl:choose>
            <xsl:when test="exists($edition/*/Q{}doc[@nav = 'yes'])">
              <p>TEI P5 sources:
                <xsl:for-each select="$edition/*/Q{}doc[@nav = 'yes']">
                  <a href="{@tei}" type="application/tei+xml"><xsl:value-of select="tokenize(@tei, '/')[last()]"/></a>
                  <xsl:if test="position() != last()">, </xsl:if>
                </xsl:for-each>
              </p>
            </xsl:when>
            <xsl:when test="$tei-href != ''">
              <p>TEI P5 source: <a href="{tk:safe-url($tei-href)}" type="application/tei+xml"><xsl:value-of select="tokenize($tei-href, '/')[last()]"/></a></p>
            </xsl:when>
          </xsl:choose>
          <p>Rendered by teikit.</p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- lang attribute for the edition title, when it is known to differ from the page's -->
  <xsl:template name="tk:title-lang">
    <xsl:if test="tk:valid-lang($edition/*/@title-lang)">
      <xsl:attribute name="lang" select="$edition/*/@title-lang"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="tk:nav-item">
    <xsl:param name="href" as="xs:string"/>
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="current" as="xs:string"/>
    <li>
      <a href="{$href}">
        <xsl:if test="$href = $current"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
        <xsl:value-of select="$label"/>
      </a>
    </li>
  </xsl:template>

  <!-- A document's texts and their notes as HTML: what its reading page, its print view text and its
       side-by-side page share (rendered once per document by the letter view). -->
  <xsl:function name="tk:rendered-texts" as="document-node()">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="tk:rendered-texts($doc, tk:texts($doc))"/>
  </xsl:function>

  <!-- The same, given the document's texts (tk:texts) -->
  <xsl:function name="tk:rendered-texts" as="document-node()">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="texts" as="element()*"/>
    <xsl:document>
      <xsl:for-each select="$texts">
        <xsl:apply-templates select="."/>
      </xsl:for-each>
      <xsl:call-template name="tk:notes"><xsl:with-param name="scope" select="$texts"/></xsl:call-template>
    </xsl:document>
  </xsl:function>

  <!-- Where a document's serialized texts go in a serialized page or part (tk:fill-texts). Comments never come
       from a TEI document, and the HTML serialization writes every other '<' escaped (in text and attribute values
       alike), so the slot is the only '<!-' in its page. -->
  <xsl:function name="tk:texts-slot" as="comment()">
    <xsl:comment>tk-texts</xsl:comment>
  </xsl:function>

  <xsl:function name="tk:fill-texts" as="xs:string">
    <xsl:param name="serialized" as="xs:string"/>
    <xsl:param name="texts" as="xs:string"/>
    <xsl:sequence select="concat(substring-before($serialized, '&lt;!--tk-texts--&gt;'), $texts, substring-after($serialized, '&lt;!--tk-texts--&gt;'))"/>
  </xsl:function>

  <!-- Can serialized rendered HTML be relinked as a string (tk:relink-string)? When $index-page is plain (its
       serialization in an href is itself). -->
  <xsl:variable name="tk:relink-as-string" as="xs:boolean" select="matches($index-page, '^[A-Za-z0-9._\-]*$')"/>

  <!-- The mode tk:relink on serialized HTML: every href attribute starting with "$index-page#" loses $index-page.
       In serialized HTML '<' and '>' are markup only (they are escaped in text and attribute values) and '"' ends
       an attribute value (it is escaped within one), so the pattern finds exactly the href attributes. (Saxon-HE,
       whose regular expressions backtrack from every '<' of the text, does it in one walk instead: saxon-he.xsl.) -->
  <xsl:function name="tk:relink-string" as="xs:string">
    <xsl:param name="html" as="xs:string"/>
    <xsl:sequence select="if ($index-page = '') then $html
      else replace($html, concat('(&lt;[^&lt;&gt;]*? href=&quot;)', replace($index-page, '\.', '\\.'), '#'), '$1#')"/>
  </xsl:function>

  <!-- Rendered HTML by id: a block of a document is found in its rendered texts. -->
  <xsl:key name="tk:rendered" match="*[@id]" use="string(@id)"/>

  <!-- Copying rendered HTML for the print view: links into the index of names ($index-page#reg-…) point within the page. -->
  <xsl:template match="@href[$index-page != ''][starts-with(., concat($index-page, '#'))]" mode="tk:relink">
    <xsl:attribute name="href" select="substring(., string-length($index-page) + 1)"/>
  </xsl:template>
  <xsl:template match="node() | @*" mode="tk:relink">
    <xsl:copy><xsl:apply-templates select="@* | node()" mode="tk:relink"/></xsl:copy>
  </xsl:template>

  <!-- The reading page of one document: metadata, text, notes, (register when rendered alone). -->
  <xsl:template name="tk:reading-page">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="page" as="xs:string" select="''"/>
    <!-- the texts and their notes, when rendered already (tk:rendered-texts) -->
    <xsl:param name="rendered" as="document-node()?" select="()"/>
    <!-- true: the texts are left as a slot (tk:texts-slot) that the caller fills with their serialization -->
    <xsl:param name="texts-slot" as="xs:boolean" select="false()"/>
    <!-- the document's texts (tk:texts), when found already -->
    <xsl:param name="texts" as="element()*" select="tk:texts($doc)"/>
    <xsl:variable name="r" select="$doc/*"/>
    <xsl:call-template name="tk:page">
      <xsl:with-param name="title" select="tk:title($doc)"/>
      <xsl:with-param name="lang" select="tk:html-lang($doc)"/>
      <xsl:with-param name="page-class" select="'reading'"/>
      <xsl:with-param name="current" select="$page"/>
      <xsl:with-param name="content">
        <article class="edition-text">
          <h1><xsl:value-of select="tk:title($doc)"/></h1>
          <xsl:for-each select="($r/self::TEI, $r/self::teiCorpus)[teiHeader]">
            <details class="about">
              <summary>About this text</summary>
              <xsl:call-template name="tk:metadata"><xsl:with-param name="tei" select="."/></xsl:call-template>
            </details>
          </xsl:for-each>
          <xsl:call-template name="tk:legend"><xsl:with-param name="scope" select="$texts"/></xsl:call-template>
          <xsl:sequence select="if ($texts-slot) then tk:texts-slot() else if (exists($rendered)) then $rendered/node() else tk:rendered-texts($doc, $texts)/node()"/>
        </article>
        <xsl:if test="empty($edition)">
          <xsl:call-template name="tk:inline-register"><xsl:with-param name="doc" select="$doc"/></xsl:call-template>
        </xsl:if>
        <xsl:call-template name="tk:descriptions"><xsl:with-param name="scope" select="$texts"/></xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
