<?xml version="1.0" encoding="UTF-8"?>
<!--
  teikit: serialized HTML edited in one walk, for Saxon-HE (saxon-he.xsl includes this module).

  teikit.xsl edits serialized HTML with regular expressions that look back from an attribute for its tag's '<'
  (tk:relink-string in html.xsl, tk:focusable-html in parallel.xsl). Saxon-HE 9.9's regular expressions backtrack from
  every '<' of the text: about 2 ms for a letter's texts, a quarter of a letter's time in its profile (-TP), where
  SaxonJS's (JavaScript's) take a fraction of that and this walk more. So Saxon-HE does the same edits by
  tk:edit-in-tags, and SaxonJS keeps the regular expressions; test/fixtures/xslt/edit-in-tags.xsl compares the two
  under both processors.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tk="urn:teikit" exclude-result-prefixes="#all">

  <!-- Serialized HTML with $attribute (the start of an attribute: ' name="' and maybe the start of its value) edited
       where it stands in a start tag beginning with '<$tag-start' ('' for any tag); in text it stays as it is.
       In serialized HTML '<' and '>' are markup only (they are escaped in text and attribute values) and '"' ends an
       attribute value (it is escaped within one), so $attribute is in a tag when the last '<' or '>' before it is a
       '<'. $edit says how:
       - 'relink': $attribute becomes ' href="#' (tk:relink-string: replace($html, '(<[^<>]*? href=")$index-page#', '$1#'));
       - 'focusable': ' tabindex="0"' is put after the attribute's value
         (tk:focusable-html: replace($html, '(<span [^<>]*? data-corresp="[^"]*")', '$1 tabindex="0"')).
       The text is cut at each $attribute and walked once. (The edit is named, not passed as a function: Saxon-HE 9.9
       has no function items.) -->
  <xsl:function name="tk:edit-in-tags" as="xs:string">
    <xsl:param name="html" as="xs:string"/>
    <xsl:param name="attribute" as="xs:string"/>
    <xsl:param name="tag-start" as="xs:string"/>
    <xsl:param name="edit" as="xs:string"/>
    <xsl:sequence select="if (not(contains($html, $attribute))) then $html
      else tk:edit-pieces(tokenize($html, replace($attribute, '[.\\?*+{}()|^$\[\]]', '\\$0')), $attribute, $tag-start, $edit)"/>
  </xsl:function>

  <xsl:function name="tk:edit-pieces" as="xs:string">
    <xsl:param name="pieces" as="xs:string+"/>
    <xsl:param name="attribute" as="xs:string"/>
    <xsl:param name="tag-start" as="xs:string"/>
    <xsl:param name="edit" as="xs:string"/>
    <xsl:variable name="joined" as="xs:string*">
      <xsl:iterate select="$pieces">
        <!-- the start tag the text so far ends in (after its '<'), or () when it ends outside a tag -->
        <xsl:param name="open" as="xs:string?" select="()"/>
        <xsl:choose>
          <xsl:when test="position() = 1 or empty($open) or not(starts-with($open, $tag-start))">
            <xsl:sequence select="if (position() = 1) then . else ($attribute, .)"/>
          </xsl:when>
          <xsl:when test="$edit = 'relink'">
            <xsl:sequence select="' href=&quot;#', ."/>
          </xsl:when>
          <xsl:when test="contains(., '&quot;')">
            <xsl:sequence select="$attribute, substring-before(., '&quot;'), '&quot; tabindex=&quot;0&quot;', substring-after(., '&quot;')"/>
          </xsl:when>
          <xsl:otherwise><xsl:sequence select="$attribute, ."/></xsl:otherwise>
        </xsl:choose>
        <xsl:next-iteration>
          <xsl:with-param name="open" select="tk:open-tag($open, if (position() = 1) then . else concat($attribute, .))"/>
        </xsl:next-iteration>
      </xsl:iterate>
    </xsl:variable>
    <xsl:sequence select="string-join($joined)"/>
  </xsl:function>

  <!-- The start tag serialized HTML ends in after $text (the text after its '<'), given the one it ended in before
       ($open); () when $text ends outside a tag. Looked for in the text's last 256 characters first. -->
  <xsl:function name="tk:open-tag" as="xs:string?">
    <xsl:param name="open" as="xs:string?"/>
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="tail" select="substring($text, string-length($text) - 255)"/>
    <xsl:variable name="t" select="if (contains($tail, '&lt;') or contains($tail, '&gt;')) then $tail else $text"/>
    <xsl:variable name="after-gt" select="if (contains($t, '&gt;')) then tokenize($t, '&gt;')[last()] else $t"/>
    <xsl:sequence select="if (contains($after-gt, '&lt;')) then tokenize($after-gt, '&lt;')[last()]
      else if (contains($t, '&gt;')) then ()
      else if (exists($open)) then concat($open, $text) else ()"/>
  </xsl:function>

</xsl:stylesheet>
