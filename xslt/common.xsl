<?xml version="1.0" encoding="UTF-8"?>
<!--
  teikit common templates: TEI text → HTML fragments, shared by every view
  (reading, parallel, print, index). One template per TEI concern; any
  element without its own template falls back to its content in a span or
  div carrying the element's name as a class. Nothing from the TEI is copied
  as markup: every URL goes through tk:safe-url / tk:safe-img-url, text is
  written as text.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:tk="urn:teikit"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <!-- Where entity mentions link to: '' = a register on the same page, 'index.html' in an edition. -->
  <xsl:param name="index-page" as="xs:string" select="''"/>
  <!-- Register documents (TEI with standOff/list*) consulted for entity information besides the text's own document. -->
  <xsl:param name="register-docs" as="document-node()*" select="()"/>

  <!-- ===================================================== functions -->

  <!-- A URL safe to put in href: http(s), mailto, relative or fragment; anything else (javascript:, vbscript:, data:, file:…) gives ''. -->
  <xsl:function name="tk:safe-url" as="xs:string">
    <xsl:param name="u" as="xs:string?"/>
    <xsl:variable name="clean" select="if (empty($u) or $u = '') then '' else replace(normalize-space($u), '[\p{Cc}\p{Cf}\s]', '')"/>
    <!-- the scheme is what precedes the first ':' (its characters include no ':', and $clean has no line ends) -->
    <xsl:sequence select="
      if ($clean = '') then ''
      else if (matches($clean, '^[A-Za-z][A-Za-z0-9+.\-]*:')) then
        (if (lower-case(substring-before($clean, ':')) = ('http', 'https', 'mailto')) then $clean else '')
      else if (matches($clean, '^[\\/]{2}')) then ''
      else if (contains(substring-before(concat($clean, '/'), '/'), ':')) then ''
      else $clean"/>
  </xsl:function>

  <!-- An image source that fetches nothing from another host: a relative URL or a data:image/ of a raster type. -->
  <xsl:function name="tk:safe-img-url" as="xs:string">
    <xsl:param name="u" as="xs:string?"/>
    <xsl:variable name="clean" select="replace(normalize-space(string($u)), '[\p{Cc}\p{Cf}\s]', '')"/>
    <xsl:sequence select="
      if (matches($clean, '^data:image/(png|jpeg|jpg|gif|webp|avif);', 'i')) then $clean
      else if (matches($clean, '^[A-Za-z][A-Za-z0-9+.\-]*:') or matches($clean, '^[\\/]{2}')) then ''
      else $clean"/>
  </xsl:function>

  <!-- A stable HTML id for an element: its xml:id, else a path of sibling positions (no generate-id: output must be deterministic). -->
  <xsl:function name="tk:id" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:choose>
      <xsl:when test="$e/@xml:id"><xsl:sequence select="string($e/@xml:id)"/></xsl:when>
      <xsl:otherwise>
        <!-- paths are told apart by the document's own id (a page may hold many documents); the same in every view -->
        <xsl:variable name="doc-id" select="string(root($e)/*/@xml:id[tk:valid-id(.)] ! concat(., '-'))"/>
        <!-- 1 + the number of preceding sibling elements, for every ancestor-or-self, joined by '-' -->
        <xsl:variable name="path" as="xs:string"><xsl:number select="$e" level="multiple" count="*" format="1-1"/></xsl:variable>
        <xsl:sequence select="concat('tk-', $doc-id, $path)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- The tokens of a whitespace-separated list: tokenize(normalize-space($s), ' '), without building a regular
       expression for the common case of one token (XSLT run by SaxonJS translates the pattern at every call). -->
  <xsl:function name="tk:tokens" as="xs:string*">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:variable name="n" select="normalize-space($s)"/>
    <xsl:sequence select="if ($n = '') then () else if (contains($n, ' ')) then tokenize($n, ' ') else $n"/>
  </xsl:function>

  <!-- Can this value go into an HTML id and a URL fragment as it is? -->
  <xsl:function name="tk:valid-id" as="xs:boolean">
    <xsl:param name="v" as="xs:string?"/>
    <xsl:sequence select="matches(string($v), '^[A-Za-z0-9][A-Za-z0-9._\-]*$')"/>
  </xsl:function>

  <!-- The language in force at a node. -->
  <xsl:function name="tk:lang" as="xs:string">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="string($n/ancestor-or-self::*[@xml:lang][1]/@xml:lang)"/>
  </xsl:function>

  <!-- Is this a BCP 47-shaped language tag (safe and meaningful as an HTML lang attribute)? -->
  <xsl:function name="tk:valid-lang" as="xs:boolean">
    <xsl:param name="l" as="xs:string?"/>
    <xsl:sequence select="matches(string($l), '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$')"/>
  </xsl:function>

  <!-- Class tokens from @rend/@type, restricted to safe characters. -->
  <xsl:function name="tk:classes" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if (not($e/@rend or $e/@type)) then concat('tei-', local-name($e)) else string-join((
      concat('tei-', local-name($e)),
      for $t in tokenize(normalize-space(string-join(($e/@rend, $e/@type), ' ')), ' ')[. != '']
        return concat('rend-', replace($t, '[^A-Za-z0-9_\-]', '_'))), ' ')"/>
  </xsl:function>

  <!-- Sets of TEI element names (map keys): [map:contains($set, local-name()) and namespace-uri() eq TEI] is
       self::a or self::b…, with one look at the element's name (in SaxonJS every name test builds its QName). -->
  <xsl:function name="tk:name-set" as="map(xs:string, xs:boolean)">
    <xsl:param name="names" as="xs:string*"/>
    <xsl:sequence select="map:merge($names ! map { .: true() })"/>
  </xsl:function>

  <xsl:variable name="tk:running-text" select="tk:name-set(('p', 'ab', 'l', 'head', 'hi', 'seg', 's', 'salute', 'signed', 'dateline',
    'speaker', 'stage', 'label', 'title', 'persName', 'placeName', 'orgName', 'name', 'rs', 'date', 'bibl', 'item', 'cell', 'note', 'q',
    'said', 'byline', 'docAuthor', 'trailer'))"/>
  <xsl:variable name="tk:anchor-blocks" select="tk:name-set(('note', 'p', 'head', 'ab', 'l', 'sp', 'salute', 'signed', 'dateline', 'opener',
    'closer', 'item', 'cell'))"/>
  <xsl:variable name="tk:link-elements" select="tk:name-set(('ref', 'ptr', 'persName', 'orgName', 'placeName', 'name', 'rs', 'geogName',
    'settlement', 'country'))"/>
  <xsl:variable name="tk:name-set" select="tk:name-set(('persName', 'orgName', 'placeName', 'name', 'rs', 'geogName', 'settlement', 'country'))"/>

  <!-- Does this element sit in running text (so it becomes a span rather than a div)? -->
  <xsl:function name="tk:inline" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/ancestor::*[map:contains($tk:running-text, local-name()) and namespace-uri() eq 'http://www.tei-c.org/ns/1.0'])
      or exists($e/preceding-sibling::text()[normalize-space()] | $e/following-sibling::text()[normalize-space()])"/>
  </xsl:function>

  <!-- A CSS string literal for generated content (running heads): escapes quotes, backslashes and '<'. -->
  <xsl:function name="tk:css-string" as="xs:string">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:variable name="t" select="normalize-space(string($s))"/>
    <xsl:sequence select="concat('&quot;', replace(replace(replace($t, '\\', '\\5C '), '&quot;', '\\22 '), '&lt;', '\\3C '), '&quot;')"/>
  </xsl:function>

  <!-- The register entry (person, org, place…) an entity reference points to, looked up in the text's own document and the register documents. -->
  <xsl:function name="tk:entry" as="element()?">
    <xsl:param name="mention" as="element()"/>
    <xsl:variable name="ref" select="tk:tokens(string(($mention/@ref, $mention/@key)[1]))[1]"/>
    <xsl:variable name="id" select="if ($ref) then tk:fragment($ref) else ''"/>
    <xsl:choose>
      <xsl:when test="$id = ''"/>
      <xsl:otherwise>
        <xsl:variable name="own" select="key('tk:entries', $id, root($mention))"/>
        <xsl:sequence select="if (exists($own)) then $own[1] else $tk:register-entries($id)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- The entries of the register documents by id (built once per transformation: a lookup costs the same for 2 or 2,000 documents). -->
  <xsl:variable name="tk:register-entries" as="map(xs:string, element())" select="map:merge(
    for $d in $register-docs return $d/descendant::*[@xml:id][self::person or self::personGrp or self::org or self::place or self::event or self::object] ! map { string(@xml:id): . },
    map { 'duplicates': 'use-first' })"/>

  <xsl:key name="tk:entries" match="person | personGrp | org | place | event | object" use="@xml:id"/>

  <!-- Mentions in running text by the register id they point to. -->
  <xsl:key name="tk:mentions" match="*[@ref or @key][ancestor::text]" use="tk:tokens(string((@ref, @key)[1]))[1] ! tk:fragment(.)"/>

  <xsl:function name="tk:mentions" as="element()*">
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="key('tk:mentions', $id, root($doc))"/>
  </xsl:function>

  <!-- The fragment of a pointer: "a.xml#x" and "#x" give "x"; a bare name is kept. -->
  <xsl:function name="tk:fragment" as="xs:string">
    <xsl:param name="p" as="xs:string"/>
    <xsl:sequence select="if (not(contains($p, '#'))) then $p
      else if (not(contains(substring-after($p, '#'), '#') or contains($p, '&#10;') or contains($p, '&#13;'))) then substring-after($p, '#')
      else replace($p, '^.*#', '')"/>
  </xsl:function>

  <!-- The name of a register entry in a language (falls back to the first name). -->
  <xsl:function name="tk:entry-name" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:param name="lang" as="xs:string"/>
    <xsl:variable name="names" select="$entry/*[self::persName or self::orgName or self::placeName or self::name or self::label or self::eventName or self::objectName or self::settlement or self::country]"/>
    <xsl:variable name="in-lang" select="if ($lang = '') then () else $names[starts-with(tk:lang(.), $lang)]"/>
    <xsl:sequence select="normalize-space(string(($in-lang, $names, $entry/@xml:id)[1]))"/>
  </xsl:function>

  <!-- One line of register information for a tooltip and an accessible description. -->
  <xsl:function name="tk:entry-summary" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:param name="lang" as="xs:string"/>
    <xsl:sequence select="if ($tk:summaries-kept) then (let $k := concat(generate-id($entry), ' ', $lang) return
      if (map:contains($tk:summaries, $k)) then $tk:summaries($k) else tk:entry-summary-made($entry, $lang))
      else tk:entry-summary-made($entry, $lang)"/>
  </xsl:function>

  <!-- The letter view asks for the summary of an entry many times (each mention, each page's descriptions): the
       summaries of the entries of each of its documents in that document's language are made once (a mention
       finds its entry in its own document first; one in another language is summarised when asked for). -->
  <xsl:variable name="tk:summaries-kept" as="xs:boolean" select="$view = 'letter' and exists($docs)"/>
  <xsl:variable name="tk:summaries" as="map(xs:string, xs:string)" select="if (not($tk:summaries-kept)) then map { } else
    map:merge(
      for $d in $docs
      return let $l := tk:lang($d/*)
      return for $e in $d/descendant::*[@xml:id][self::person or self::personGrp or self::org or self::place or self::event or self::object]
      return map { concat(generate-id($e), ' ', $l): tk:entry-summary-made($e, $l) },
      map { 'duplicates': 'use-first' })"/>

  <xsl:function name="tk:entry-summary-made" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:param name="lang" as="xs:string"/>
    <xsl:variable name="name" select="tk:entry-name($entry, $lang)"/>
    <xsl:variable name="others" select="distinct-values($entry/*[self::persName or self::orgName or self::placeName][position() le 4] ! normalize-space(.))[. != $name]"/>
    <xsl:variable name="life" select="string-join(($entry/birth, $entry/death) ! normalize-space(string-join((@when, @notBefore, @from, .)[normalize-space(.)][1], '')), '–')"/>
    <xsl:variable name="note-in-lang" select="if ($lang = '') then () else $entry/note[starts-with(tk:lang(.), $lang)]"/>
    <xsl:variable name="note" select="normalize-space(string(($note-in-lang, $entry/note, $entry/desc, $entry/occupation)[1]))"/>
    <xsl:variable name="short-note" select="if (string-length($note) gt 240) then concat(substring($note, 1, 239), '…') else $note"/>
    <xsl:variable name="kind" select="if ($entry/self::person or $entry/self::personGrp) then 'person' else if ($entry/self::org) then 'organisation' else if ($entry/self::place) then 'place' else local-name($entry)"/>
    <xsl:sequence select="string-join((concat($name, if (exists($others)) then concat(' (', string-join($others, '; '), ')') else ''),
      $kind, $life[. != ''], $short-note[. != '']), ' · ')"/>
  </xsl:function>

  <!-- The paragraph-like block an occurrence belongs to (for permalinks from the index). -->
  <xsl:function name="tk:anchor-block" as="element()">
    <xsl:param name="n" as="element()"/>
    <xsl:sequence select="($n/ancestor-or-self::*[map:contains($tk:anchor-blocks, local-name()) and namespace-uri() eq 'http://www.tei-c.org/ns/1.0'][1], $n)[1]"/>
  </xsl:function>

  <!-- The label of a note: its @n, else its number among the notes of its text. -->
  <xsl:function name="tk:note-label" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <!-- the notes without @n in texts that precede it: those before it in document order but its ancestors -->
    <xsl:sequence select="if (normalize-space($note/@n)) then normalize-space($note/@n)
      else string(count(key('tk:unnumbered-notes', 1, root($note))[. &lt;&lt; $note]) - count($note/ancestor::note[not(@n)][ancestor::text]) + 1)"/>
  </xsl:function>

  <xsl:key name="tk:unnumbered-notes" match="note[not(@n)][ancestor::text]" use="1"/>

  <!-- The element whose text is the edition text: <text> elements, or the root when there are none (a TEI fragment). -->
  <xsl:function name="tk:texts" as="element()*">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="texts" select="root($doc)//text[not(ancestor::text)]"/>
    <xsl:sequence select="if (exists($texts)) then $texts else root($doc)/*"/>
  </xsl:function>

  <!-- ===================================================== text content -->

  <xsl:template match="text() | processing-instruction() | comment()" mode="#all" priority="-2">
    <xsl:if test="self::text()"><xsl:value-of select="."/></xsl:if>
  </xsl:template>

  <!-- Fallback for elements without a template: keep the content, name the element in a class. -->
  <xsl:template match="*" priority="-1">
    <xsl:element name="{if (tk:inline(.)) then 'span' else 'div'}">
      <xsl:attribute name="class" select="tk:classes(.)"/>
      <xsl:call-template name="tk:lang-attr"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template name="tk:lang-attr">
    <xsl:if test="@xml:lang and tk:valid-lang(@xml:lang)">
      <xsl:attribute name="lang" select="@xml:lang"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="tk:id-attr">
    <xsl:attribute name="id" select="tk:id(.)"/>
  </xsl:template>

  <!-- the header is rendered by tk:metadata, never inline -->
  <xsl:template match="teiHeader | standOff | facsimile | sourceDoc"/>

  <xsl:template match="text | front | body | back | group">
    <div class="{tk:classes(.)}">
      <xsl:call-template name="tk:lang-attr"/>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="div | div1 | div2 | div3 | div4 | div5 | div6 | div7">
    <section class="{tk:classes(.)}" id="{tk:id(.)}">
      <xsl:call-template name="tk:lang-attr"/>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <xsl:template match="head">
    <xsl:choose>
      <xsl:when test="parent::div or parent::div1 or parent::div2 or parent::div3 or parent::div4 or parent::div5 or parent::body or parent::front or parent::back or parent::group or parent::lg[not(ancestor::p)]">
        <xsl:variable name="depth" select="count(ancestor::*[self::div or starts-with(local-name(), 'div') or self::lg]) + 1"/>
        <xsl:element name="h{min((max((2, $depth)), 6))}">
          <xsl:attribute name="class" select="tk:classes(.)"/>
          <xsl:call-template name="tk:id-attr"/>
          <xsl:call-template name="tk:lang-attr"/>
          <xsl:apply-templates/>
          <xsl:call-template name="tk:permalink"/>
        </xsl:element>
      </xsl:when>
      <xsl:otherwise>
        <span class="{tk:classes(.)}"><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="tk:permalink">
    <xsl:text> </xsl:text>
    <a class="permalink" href="#{tk:id(.)}" aria-label="Link to this passage ({tk:id(.)})">¶</a>
  </xsl:template>

  <xsl:template match="p | ab">
    <xsl:choose>
      <xsl:when test="tk:inline(.) and not(parent::note or parent::item or parent::cell or parent::sp)">
        <span class="{tk:classes(.)}"><xsl:apply-templates/></span>
      </xsl:when>
      <xsl:when test="ancestor::note">
        <p class="{tk:classes(.)}"><xsl:call-template name="tk:lang-attr"/><xsl:apply-templates/></p>
      </xsl:when>
      <xsl:otherwise>
        <p class="{tk:classes(.)}">
          <xsl:call-template name="tk:id-attr"/>
          <xsl:call-template name="tk:lang-attr"/>
          <xsl:apply-templates/>
          <xsl:call-template name="tk:permalink"/>
        </p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- sentences: in the parallel view (tunnel parameter tk:parallel) focusable and highlighted with their counterpart -->
  <xsl:template match="s">
    <xsl:param name="tk:parallel" as="xs:boolean" select="false()" tunnel="yes"/>
    <span class="{tk:classes(.)}">
      <xsl:if test="@xml:id">
        <xsl:attribute name="id" select="@xml:id"/>
      </xsl:if>
      <xsl:if test="@corresp">
        <xsl:attribute name="data-corresp" select="string-join(tk:tokens(@corresp) ! tk:fragment(.), ' ')"/>
        <xsl:if test="$tk:parallel">
          <xsl:attribute name="tabindex" select="'0'"/>
        </xsl:if>
      </xsl:if>
      <xsl:call-template name="tk:lang-attr"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="hi | emph | foreign | term | mentioned | soCalled | title[ancestor::text] | gloss">
    <xsl:variable name="rend" select="lower-case(string(@rend))"/>
    <xsl:variable name="name" select="
      if (self::emph or contains($rend, 'italic') or self::foreign or self::mentioned or self::title) then 'em'
      else if (contains($rend, 'bold')) then 'strong'
      else if (contains($rend, 'sup')) then 'sup'
      else if (contains($rend, 'sub')) then 'sub'
      else 'span'"/>
    <xsl:element name="{$name}">
      <xsl:attribute name="class" select="tk:classes(.)"/>
      <xsl:call-template name="tk:lang-attr"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="q | said | quote[tk:inline(.)] | soCalled">
    <q class="{tk:classes(.)}"><xsl:call-template name="tk:lang-attr"/><xsl:apply-templates/></q>
  </xsl:template>

  <xsl:template match="quote | cit | epigraph">
    <blockquote class="{tk:classes(.)}"><xsl:call-template name="tk:lang-attr"/><xsl:apply-templates/></blockquote>
  </xsl:template>

  <xsl:template match="lb">
    <br class="tei-lb"/>
  </xsl:template>

  <xsl:template match="pb">
    <span class="tei-pb">
      <xsl:if test="normalize-space(@n)">
        <xsl:attribute name="data-n" select="normalize-space(@n)"/>
      </xsl:if>
    </span>
  </xsl:template>

  <xsl:template match="cb | milestone | anchor | gb">
    <span class="{tk:classes(.)}"/>
  </xsl:template>

  <xsl:template match="gap">
    <span class="tei-gap" title="gap in the text"><span class="bracket">[…]</span><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="del">
    <del class="{tk:classes(.)}"><xsl:apply-templates/></del>
  </xsl:template>

  <xsl:template match="add">
    <ins class="{tk:classes(.)}"><xsl:apply-templates/></ins>
  </xsl:template>

  <xsl:template match="supplied">
    <span class="{tk:classes(.)}"><span class="bracket">[</span><xsl:apply-templates/><span class="bracket">]</span></span>
  </xsl:template>

  <!-- ===================================================== names, dates, links -->

  <xsl:variable name="tk:name-elements" select="('persName', 'orgName', 'placeName', 'name', 'rs', 'geogName', 'settlement', 'country')"/>

  <!-- Will this element be rendered as a link (<a>)? Links cannot nest, so names inside one become marked spans. -->
  <xsl:function name="tk:is-link" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
      if ($e/self::ref or $e/self::ptr) then tk:safe-url(tk:tokens(string(($e/@target, $e/@url)[1]))[1]) != ''
      else if (local-name($e) = $tk:name-elements and namespace-uri($e) = 'http://www.tei-c.org/ns/1.0') then
        exists(tk:entry($e)) or tk:safe-url(tk:tokens($e/@ref)[1]) != ''
      else false()"/>
  </xsl:function>

  <xsl:function name="tk:inside-link" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="some $a in $e/ancestor::*[map:contains($tk:link-elements, local-name()) and namespace-uri() eq 'http://www.tei-c.org/ns/1.0'] satisfies tk:is-link($a)"/>
  </xsl:function>

  <!-- Names: marked by kind; with a register entry they link to the index entry and carry its information
       (data-tip for the hover/focus tooltip, aria-describedby for assistive technology). A name inside a
       link is a marked span with its own tooltip, and the enclosing link's description names it too. -->
  <xsl:template match="persName | orgName | placeName | name | rs | geogName | settlement[ancestor::text] | country[ancestor::text]">
    <xsl:param name="tk:index-page" as="xs:string" select="$index-page" tunnel="yes"/>
    <xsl:variable name="entry" select="tk:entry(.)"/>
    <xsl:variable name="kind" select="if (self::persName or (self::rs or self::name) and @type = 'person') then 'pers'
      else if (self::orgName or (self::rs or self::name) and @type = 'org') then 'org'
      else if (self::placeName or self::geogName or self::settlement or self::country or (self::rs or self::name) and @type = 'place') then 'place'
      else 'name'"/>
    <xsl:variable name="nested" select="tk:inside-link(.)"/>
    <xsl:variable name="ext" select="if (exists($entry)) then '' else tk:safe-url(tk:tokens(@ref)[1])"/>
    <xsl:choose>
      <xsl:when test="exists($entry) and not($nested)">
        <xsl:variable name="inner" select="distinct-values(.//*[local-name() = $tk:name-elements][@ref or @key] ! tk:entry(.) ! string(@xml:id))"/>
        <a class="ent ent-{$kind} {tk:classes(.)}" href="{$tk:index-page}#reg-{$entry/@xml:id}" data-tip="{tk:entry-summary($entry, tk:lang(.))}"
           aria-describedby="{string-join(distinct-values((string($entry/@xml:id), $inner)) ! concat('desc-', .), ' ')}">
          <xsl:call-template name="tk:lang-attr"/>
          <xsl:apply-templates/>
        </a>
      </xsl:when>
      <xsl:when test="exists($entry)">
        <span class="ent ent-{$kind} {tk:classes(.)}" data-tip="{tk:entry-summary($entry, tk:lang(.))}" data-ref="reg-{$entry/@xml:id}">
          <xsl:call-template name="tk:lang-attr"/>
          <xsl:apply-templates/>
        </span>
      </xsl:when>
      <xsl:when test="$ext != '' and not($nested)">
        <a class="ent ent-{$kind} {tk:classes(.)}" href="{$ext}">
          <xsl:call-template name="tk:lang-attr"/>
          <xsl:apply-templates/>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="ent ent-{$kind} {tk:classes(.)}">
          <xsl:call-template name="tk:lang-attr"/>
          <xsl:apply-templates/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="date[ancestor::text] | time[ancestor::text]">
    <xsl:variable name="iso" select="string((@when, @when-iso, @from, @notBefore)[1])"/>
    <xsl:variable name="span" select="if (@from and @to) then concat(@from, '/', @to) else $iso"/>
    <time class="ent ent-date {tk:classes(.)}">
      <xsl:if test="matches($iso, '^-?\d{4}(-\d{2}(-\d{2})?)?$')">
        <xsl:attribute name="datetime" select="$iso"/>
      </xsl:if>
      <xsl:if test="$span != ''">
        <xsl:attribute name="data-tip" select="$span"/>
        <xsl:attribute name="title" select="$span"/>
      </xsl:if>
      <xsl:call-template name="tk:lang-attr"/>
      <xsl:apply-templates/>
    </time>
  </xsl:template>

  <xsl:template match="ref | ptr">
    <xsl:variable name="target" select="string((@target, @url)[1])"/>
    <xsl:variable name="first" select="tokenize(normalize-space($target), ' ')[1]"/>
    <xsl:variable name="href" select="tk:safe-url($first)"/>
    <xsl:choose>
      <xsl:when test="$href != '' and not(tk:inside-link(.))">
        <a class="{tk:classes(.)}" href="{$href}">
          <xsl:apply-templates/>
          <xsl:if test="self::ptr or not(normalize-space(.))"><xsl:value-of select="$first"/></xsl:if>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="{tk:classes(.)}"><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="graphic | media">
    <xsl:variable name="src" select="tk:safe-img-url(@url)"/>
    <xsl:variable name="alt" select="normalize-space(string-join((desc, ../figDesc, ../head), ' '))"/>
    <xsl:choose>
      <xsl:when test="$src != ''">
        <img class="{tk:classes(.)}" src="{$src}" alt="{$alt}"/>
      </xsl:when>
      <xsl:when test="tk:safe-url(@url) != ''">
        <a class="{tk:classes(.)}" href="{tk:safe-url(@url)}">[image: <xsl:value-of select="if ($alt) then $alt else @url"/>]</a>
      </xsl:when>
      <xsl:otherwise>
        <span class="{tk:classes(.)}">[image]</span>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:apply-templates/>
  </xsl:template>

  <!-- ===================================================== notes -->

  <!-- A note in the text becomes a numbered marker; its body goes to the notes list (tk:notes). -->
  <xsl:template match="note[ancestor::text or not(ancestor::teiHeader or ancestor::standOff)]">
    <xsl:variable name="id" select="tk:id(.)"/>
    <xsl:variable name="label" select="tk:note-label(.)"/>
    <a class="noteref" href="#{$id}" id="{$id}-ref" role="doc-noteref" aria-label="Note {$label}"><sup><xsl:value-of select="$label"/></sup></a>
  </xsl:template>

  <xsl:template name="tk:notes">
    <xsl:param name="scope" as="element()*"/>
    <xsl:param name="heading" as="xs:string" select="'Notes'"/>
    <xsl:variable name="notes" select="$scope//note"/>
    <xsl:if test="exists($notes)">
      <section class="notes">
        <h2><xsl:value-of select="$heading"/></h2>
        <ol class="notes-list">
          <xsl:for-each select="$notes">
            <xsl:variable name="id" select="tk:id(.)"/>
            <xsl:variable name="label" select="tk:note-label(.)"/>
            <li id="{$id}" value="{if (matches($label, '^\d+$')) then $label else position()}">
              <xsl:call-template name="tk:lang-attr"/>
              <span class="note-label"><xsl:value-of select="$label"/>. </span>
              <xsl:apply-templates mode="note-body" select="."/>
              <xsl:text> </xsl:text>
              <a class="backlink" href="#{$id}-ref" role="doc-backlink" aria-label="Back to the text of note {$label}">↩</a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template match="note" mode="note-body">
    <span class="note-body"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="bibl[@type = 'pageRef']">
    <span class="{tk:classes(.)}"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="biblScope[@unit = 'page']">
    <span class="{tk:classes(.)}">
      <xsl:choose>
        <xsl:when test="contains(@rend, 'italic')"><em><xsl:apply-templates/></em></xsl:when>
        <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- ===================================================== letters, verse, drama, lists, tables -->

  <xsl:template match="opener | closer | postscript | salute[not(tk:inline(.))] | signed[not(tk:inline(.))] | dateline[not(tk:inline(.))] | byline | argument | trailer">
    <div class="{tk:classes(.)}">
      <xsl:call-template name="tk:id-attr"/>
      <xsl:call-template name="tk:lang-attr"/>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="closer/bibl | opener/bibl | div/bibl">
    <p class="{tk:classes(.)}"><xsl:call-template name="tk:id-attr"/><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="lg">
    <div class="{tk:classes(.)}"><xsl:call-template name="tk:id-attr"/><xsl:call-template name="tk:lang-attr"/><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="l">
    <span class="{tk:classes(.)}"><xsl:call-template name="tk:id-attr"/><xsl:apply-templates/></span>
    <xsl:if test="not(tk:inline(.))"><br class="tei-l-end"/></xsl:if>
  </xsl:template>

  <xsl:template match="sp">
    <div class="{tk:classes(.)}"><xsl:call-template name="tk:id-attr"/><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="speaker">
    <span class="{tk:classes(.)}"><strong><xsl:apply-templates/></strong></span>
  </xsl:template>

  <xsl:template match="stage">
    <xsl:element name="{if (tk:inline(.)) then 'span' else 'div'}">
      <xsl:attribute name="class" select="tk:classes(.)"/>
      <em><xsl:apply-templates/></em>
    </xsl:element>
  </xsl:template>

  <xsl:template match="list | listBibl[ancestor::text]">
    <ul class="{tk:classes(.)}">
      <xsl:for-each select="head"><li class="tei-head"><xsl:apply-templates/></li></xsl:for-each>
      <xsl:for-each select="* except head">
        <li><xsl:apply-templates select="."/></li>
      </xsl:for-each>
    </ul>
  </xsl:template>

  <xsl:template match="item">
    <span class="{tk:classes(.)}"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="table">
    <table class="{tk:classes(.)}">
      <xsl:if test="head"><caption><xsl:apply-templates select="head/node()"/></caption></xsl:if>
      <tbody>
        <xsl:for-each select="row">
          <tr>
            <xsl:for-each select="cell">
              <td><xsl:apply-templates/></td>
            </xsl:for-each>
            <xsl:for-each select="* except cell"><td><xsl:apply-templates select="."/></td></xsl:for-each>
          </tr>
        </xsl:for-each>
        <xsl:for-each select="* except (row | head)"><tr><td><xsl:apply-templates select="."/></td></tr></xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template match="figure">
    <figure class="{tk:classes(.)}"><xsl:apply-templates/></figure>
  </xsl:template>

  <!-- ===================================================== header metadata -->

  <!-- Source editions, first publication, responsibility, licence: one <dl> from a teiHeader. -->
  <xsl:template name="tk:metadata">
    <xsl:param name="tei" as="element()"/>
    <!-- 'all', or 'edition': only what the texts of an edition share (editors, publisher, licence) -->
    <xsl:param name="scope" as="xs:string" select="'all'"/>
    <xsl:variable name="h" select="$tei/teiHeader"/>
    <xsl:variable name="fd" select="$h/fileDesc"/>
    <xsl:variable name="whole" select="$scope = 'all'"/>
    <dl class="metadata">
      <xsl:for-each select="$fd/titleStmt/author[$whole]">
        <dt>Author</dt><dd><xsl:value-of select="normalize-space(.)"/></dd>
      </xsl:for-each>
      <xsl:for-each select="$fd/titleStmt/editor">
        <dt>Editor</dt><dd><xsl:value-of select="normalize-space(.)"/></dd>
      </xsl:for-each>
      <xsl:for-each select="($fd/titleStmt/respStmt | $fd/editionStmt/respStmt)[$whole]">
        <dt><xsl:value-of select="normalize-space(string-join(resp, '; '))"/></dt>
        <dd><xsl:value-of select="normalize-space(string-join((name, persName, orgName), '; '))"/></dd>
      </xsl:for-each>
      <xsl:for-each select="$fd/sourceDesc/(bibl | biblStruct | biblFull | msDesc/msIdentifier | listBibl/bibl)[$whole]">
        <dt><xsl:value-of select="if (@type = 'firstPublication') then 'First publication' else if (self::msIdentifier) then 'Manuscript' else 'Source'"/></dt>
        <dd><xsl:value-of select="normalize-space(string-join(.//text(), ''))"/></dd>
      </xsl:for-each>
      <xsl:for-each select="$fd/publicationStmt/(publisher | distributor | authority)">
        <dt>Published by</dt><dd><xsl:value-of select="normalize-space(.)"/></dd>
      </xsl:for-each>
      <xsl:for-each select="$fd/publicationStmt/availability">
        <dt>Licence</dt>
        <dd>
          <xsl:for-each select="licence">
            <xsl:variable name="href" select="tk:safe-url(@target)"/>
            <xsl:choose>
              <xsl:when test="$href != ''"><a rel="license" href="{$href}"><xsl:value-of select="if (normalize-space(.)) then normalize-space(.) else $href"/></a></xsl:when>
              <xsl:otherwise><xsl:value-of select="normalize-space(.)"/></xsl:otherwise>
            </xsl:choose>
            <xsl:text> </xsl:text>
          </xsl:for-each>
          <xsl:for-each select="p"><xsl:value-of select="normalize-space(.)"/><xsl:text> </xsl:text></xsl:for-each>
        </dd>
      </xsl:for-each>
      <xsl:for-each select="$h/profileDesc/correspDesc/correspAction[$whole]">
        <dt><xsl:value-of select="if (@type = 'sent') then 'Sent' else if (@type = 'received') then 'Received' else 'Correspondence'"/></dt>
        <dd><xsl:value-of select="string-join(* ! normalize-space(.), ', ')"/></dd>
      </xsl:for-each>
    </dl>
  </xsl:template>

  <!-- ===================================================== legend -->

  <!-- How names and dates are marked, shown when the scope has any. -->
  <xsl:template name="tk:legend">
    <xsl:param name="scope" as="element()*"/>
    <xsl:variable name="kinds" select="(
      'pers'[exists($scope/descendant::persName)], 'org'[exists($scope/descendant::orgName)],
      'place'[exists($scope/descendant::*[self::placeName or self::geogName or self::settlement or self::country])], 'date'[exists($scope/descendant::date)])"/>
    <xsl:if test="exists($kinds)">
      <p class="legend">
        <xsl:text>Marked in the text: </xsl:text>
        <xsl:for-each select="$kinds">
          <span class="ent ent-{.}"><xsl:value-of select="if (. = 'pers') then 'persons' else if (. = 'org') then 'organisations' else if (. = 'place') then 'places' else 'dates'"/></span>
          <xsl:if test="position() != last()">, </xsl:if>
        </xsl:for-each>
        <xsl:text>. Hover over or focus a name for the register's information; follow it to the index.</xsl:text>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- ===================================================== register -->

  <!-- Hidden accessible descriptions for every register entry mentioned in a scope (targets of aria-describedby). -->
  <xsl:template name="tk:descriptions">
    <xsl:param name="scope" as="element()*"/>
    <xsl:variable name="entries" as="element()*">
      <xsl:for-each select="$scope/descendant::*[@ref or @key][map:contains($tk:name-set, local-name()) and namespace-uri() eq 'http://www.tei-c.org/ns/1.0']">
        <xsl:sequence select="tk:entry(.)"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="lang" select="tk:lang(($scope, $scope)[1])"/>
    <xsl:if test="exists($entries)">
      <div class="descriptions" hidden="hidden">
        <xsl:for-each-group select="$entries" group-by="string(@xml:id)">
          <span id="desc-{current-grouping-key()}"><xsl:value-of select="tk:entry-summary(current-group()[1], $lang)"/></span>
        </xsl:for-each-group>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- One register entry: names, dates, note; occurrences are added by the caller. -->
  <xsl:template name="tk:register-entry">
    <xsl:param name="entry" as="element()"/>
    <xsl:param name="lang" as="xs:string" select="''"/>
    <xsl:variable name="names" select="distinct-values($entry/*[self::persName or self::orgName or self::placeName or self::name] ! normalize-space(.))"/>
    <h3><xsl:value-of select="tk:entry-name($entry, $lang)"/></h3>
    <xsl:if test="count($names) gt 1">
      <p class="names"><xsl:value-of select="string-join($names, ' · ')"/></p>
    </xsl:if>
    <xsl:for-each select="$entry/idno">
      <xsl:variable name="v" select="normalize-space(.)"/>
      <xsl:variable name="href" select="
        if (@type = 'wikidata' and matches($v, '^Q\d+$')) then concat('https://www.wikidata.org/wiki/', $v)
        else if (@type = 'viaf' and matches($v, '^\d+$')) then concat('https://viaf.org/viaf/', $v)
        else if (@type = 'gnd' and matches($v, '^[0-9X\-]+$')) then concat('https://d-nb.info/gnd/', $v)
        else tk:safe-url($v)[matches(., '^https?:')]"/>
      <p class="reg-idno">
        <span class="reg-label"><xsl:value-of select="if (@type) then @type else 'identifier'"/>: </span>
        <xsl:choose>
          <xsl:when test="$href != ''"><a href="{$href}"><xsl:value-of select="$v"/></a></xsl:when>
          <xsl:otherwise><xsl:value-of select="$v"/></xsl:otherwise>
        </xsl:choose>
      </p>
    </xsl:for-each>
    <xsl:for-each select="$entry/*[self::birth or self::death or self::floruit or self::occupation or self::affiliation or self::location]">
      <p class="reg-{local-name()}"><span class="reg-label"><xsl:value-of select="local-name()"/>: </span><xsl:value-of select="normalize-space(string-join(((@when, @from)[1], .), ' '))"/></p>
    </xsl:for-each>
    <xsl:for-each select="$entry/*[self::note or self::desc]">
      <p class="reg-note"><xsl:call-template name="tk:lang-attr"/><xsl:value-of select="normalize-space(.)"/></p>
    </xsl:for-each>
  </xsl:template>

  <!-- A register on the page itself (single-document rendering): entries of the document's lists with their occurrences. -->
  <xsl:template name="tk:inline-register">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="entries" select="root($doc)/descendant::*[@xml:id][(self::person or self::personGrp) and parent::listPerson or self::org and parent::listOrg or self::place and parent::listPlace]"/>
    <xsl:if test="exists($entries)">
      <xsl:variable name="lang" select="tk:lang(root($doc)/*)"/>
      <section class="register" aria-labelledby="register-heading">
        <h2 id="register-heading">Register</h2>
        <xsl:for-each select="$entries">
          <xsl:variable name="id" select="string(@xml:id)"/>
          <section class="reg-entry" id="reg-{$id}">
            <xsl:call-template name="tk:register-entry">
              <xsl:with-param name="entry" select="."/>
              <xsl:with-param name="lang" select="$lang"/>
            </xsl:call-template>
            <xsl:variable name="mentions" select="tk:mentions($id, $doc)"/>
            <xsl:if test="exists($mentions)">
              <ul class="occurrences">
                <xsl:for-each select="$mentions">
                  <li><a href="#{tk:id(tk:anchor-block(.))}"><xsl:value-of select="normalize-space(.)"/></a></li>
                </xsl:for-each>
              </ul>
            </xsl:if>
          </section>
        </xsl:for-each>
      </section>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
