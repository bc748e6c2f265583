<?xml version="1.0" encoding="UTF-8"?>
<!--
  teikit index of names: the registers (persons, organisations, places) of
  the edition's standOff, each entry with every occurrence in every language,
  linked back to the paragraph (or note) on the reading page.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:tk="urn:teikit"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <xsl:template name="tk:register-page">
    <xsl:param name="docs" as="document-node()*"/>
    <xsl:param name="page" as="xs:string" select="''"/>
    <xsl:variable name="entries" select="$docs//(listPerson/person | listPerson/personGrp | listOrg/org | listPlace/place)[@xml:id]"/>
    <xsl:variable name="lang" select="tk:html-lang($docs[last()])"/>
    <xsl:call-template name="tk:page">
      <xsl:with-param name="title" select="concat('Index of names — ', ($edition/*/@title, tk:title($docs[1]))[1])"/>
      <xsl:with-param name="lang" select="$lang"/>
      <xsl:with-param name="page-class" select="'register-page'"/>
      <xsl:with-param name="current" select="$page"/>
      <xsl:with-param name="content">
        <h1>Index of names</h1>
        <xsl:if test="empty($entries)">
          <p>This edition has no register of names.</p>
        </xsl:if>
        <xsl:for-each select="('person', 'org', 'place')">
          <xsl:variable name="kind" select="."/>
          <xsl:variable name="group" as="element()*">
            <xsl:for-each-group select="$entries[if ($kind = 'person') then (self::person or self::personGrp) else local-name() = $kind]" group-by="string(@xml:id)">
              <xsl:sequence select="current-group()[1]"/>
            </xsl:for-each-group>
          </xsl:variable>
          <xsl:if test="exists($group)">
            <section class="register reg-{$kind}" aria-labelledby="reg-h-{$kind}">
              <h2 id="reg-h-{$kind}"><xsl:value-of select="if ($kind = 'person') then 'Persons' else if ($kind = 'org') then 'Organisations' else 'Places'"/></h2>
              <xsl:for-each select="$group">
                <xsl:sort select="lower-case(tk:entry-name(., $lang))" lang="{$lang}"/>
                <xsl:variable name="id" select="string(@xml:id)"/>
                <section class="reg-entry" id="reg-{$id}">
                  <xsl:call-template name="tk:register-entry">
                    <xsl:with-param name="entry" select="."/>
                    <xsl:with-param name="lang" select="$lang"/>
                  </xsl:call-template>
                  <xsl:call-template name="tk:occurrences">
                    <xsl:with-param name="id" select="$id"/>
                    <xsl:with-param name="docs" select="$docs"/>
                  </xsl:call-template>
                </section>
              </xsl:for-each>
            </section>
          </xsl:if>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Every mention of a register id, per document, linked to its paragraph on that document's reading page. -->
  <xsl:template name="tk:occurrences">
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="docs" as="document-node()*"/>
    <xsl:variable name="descs" select="$edition/*/Q{}doc"/>
    <xsl:variable name="all" select="$docs ! tk:mentions($id, .)"/>
    <xsl:choose>
      <xsl:when test="empty($all)">
        <p class="occurrences-none">Not mentioned in the text.</p>
      </xsl:when>
      <xsl:otherwise>
        <dl class="occurrences">
          <xsl:for-each select="1 to count($docs)">
            <xsl:variable name="d" select="$docs[current()]"/>
            <xsl:variable name="desc" select="$descs[current()]"/>
            <xsl:variable name="mentions" select="tk:mentions($id, $d)"/>
            <xsl:if test="exists($mentions)">
              <dt><xsl:value-of select="($desc/@label, tk:html-lang($d))[1]"/></dt>
              <dd>
                <ul>
                  <xsl:for-each select="$mentions">
                    <xsl:variable name="block" select="tk:anchor-block(.)"/>
                    <li>
                      <a href="{$desc/@page}#{tk:id($block)}" lang="{tk:html-lang($d)}"><xsl:value-of select="normalize-space(.)"/></a>
                      <xsl:text> </xsl:text>
                      <span class="where">(<xsl:value-of select="if ($block/self::note) then concat('note ', tk:note-label($block)) else if ($block/self::p) then concat('¶ ', count($block/preceding::p[ancestor::text][not(ancestor::note)]) + 1) else local-name($block)"/>)</span>
                    </li>
                  </xsl:for-each>
                </ul>
              </dd>
            </xsl:if>
          </xsl:for-each>
        </dl>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
