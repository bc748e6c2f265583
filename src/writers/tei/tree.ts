/**
 * What the TEI header and body writers need of a builder: the part of
 * xmlbuilder2's builder API they use (ele, att, txt, node.childNodes).
 * xmlbuilder2 writes teikit's TEI (see index.ts); the writers are typed
 * against this subset only.
 */

/** What the header and body writers need of a builder: xmlbuilder2's XMLBuilder has it. */
export interface TeiBuilder {
  ele(name: string, attributes?: Record<string, string | undefined>): TeiBuilder;
  att(namespace: string | null, name: string, value: string): TeiBuilder;
  att(name: string, value: string | undefined): TeiBuilder;
  txt(content: string): TeiBuilder;
  readonly node: { readonly childNodes: { readonly length: number } };
}
