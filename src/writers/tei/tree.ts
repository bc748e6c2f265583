/**
 * A small XML tree for writing TEI: the part of xmlbuilder2's builder API the
 * TEI writers use (ele, att, txt, ins, node.childNodes), with the same
 * results, at a fraction of the cost. xmlbuilder2 builds a full DOM (every
 * node with its event-target and live-list machinery), which made writing a
 * letter's TEI cost more than tagging it. The nodes have the shape
 * serializeXml reads, so both trees serialise through the same code.
 */

/** What the header and body writers need of a builder: xmlbuilder2's XMLBuilder has it, so has XmlTree. */
export interface TeiBuilder {
  ele(name: string, attributes?: Record<string, string | undefined>): TeiBuilder;
  att(namespace: string | null, name: string, value: string): TeiBuilder;
  att(name: string, value: string | undefined): TeiBuilder;
  txt(content: string): TeiBuilder;
  readonly node: { readonly childNodes: { readonly length: number } };
}

const ELEMENT = 1;
const TEXT = 3;
const PI = 7;

/** A node as serializeXml reads it. */
export interface TreeNode {
  nodeType: number;
  nodeName: string;
  data?: string;
  target?: string;
  childNodes: TreeNode[];
  namespaceURI?: string | null;
  prefix?: string | null;
  attributes?: Array<{ name: string; value: string }>;
}

const NO_CHILDREN: TreeNode[] = [];

function textNode(data: string): TreeNode {
  return { nodeType: TEXT, nodeName: '#text', data, childNodes: NO_CHILDREN };
}

/**
 * A document or element under construction. As with xmlbuilder2: an element
 * made without a namespace takes its parent's; null and undefined attribute
 * values are skipped, setting an attribute again replaces its value in place;
 * null and undefined text is skipped, empty text is kept as a node.
 */
export class XmlTree implements TeiBuilder {
  readonly node: TreeNode;

  private constructor(node: TreeNode) {
    this.node = node;
  }

  /** An empty document (xmlbuilder2's create()). */
  static document(): XmlTree {
    return new XmlTree({ nodeType: 9, nodeName: '#document', childNodes: [], namespaceURI: null, prefix: null });
  }

  ele(name: string, attributes?: Record<string, string | undefined>): XmlTree;
  ele(namespace: string | null, name: string): XmlTree;
  ele(p1: string | null, p2?: string | Record<string, string | undefined>): XmlTree {
    let namespace: string | null;
    let name: string;
    let attributes: Record<string, string | undefined> | undefined;
    if (typeof p2 === 'string') {
      namespace = p1;
      name = p2;
    } else {
      if (p1 === null) throw new Error('Element name cannot be null.');
      name = p1;
      attributes = p2;
      namespace = this.node.nodeType === ELEMENT ? (this.node.namespaceURI ?? null) : null;
    }
    checkName(name);
    const colon = name.indexOf(':');
    const el: TreeNode = {
      nodeType: ELEMENT,
      nodeName: name,
      childNodes: [],
      namespaceURI: namespace,
      prefix: colon > 0 ? name.slice(0, colon) : null,
      attributes: [],
    };
    this.node.childNodes.push(el);
    const b = new XmlTree(el);
    if (attributes) for (const key of Object.keys(attributes)) b.att(key, attributes[key]);
    return b;
  }

  att(namespace: string | null, name: string, value: string): XmlTree;
  att(name: string, value: string | undefined): XmlTree;
  att(p1: string | null, p2: string | undefined, p3?: string): XmlTree {
    let name: string;
    let value: string | undefined;
    if (p3 !== undefined) {
      name = p2 as string;
      value = p3;
    } else {
      name = p1 as string;
      value = p2;
    }
    if (value === undefined || value === null) return this;
    if (this.node.nodeType !== ELEMENT) throw new Error('An attribute can only be assigned to an element node.');
    if (name === 'xmlns' || name.startsWith('xmlns:')) throw new Error(`XmlTree does not declare namespaces by attribute (${name})`);
    checkName(name);
    const attrs = this.node.attributes!;
    const v = String(value);
    for (const a of attrs) {
      if (a.name === name) {
        a.value = v;
        return this;
      }
    }
    attrs.push({ name, value: v });
    return this;
  }

  txt(content: string): XmlTree {
    if (content === undefined || content === null) return this;
    this.node.childNodes.push(textNode(String(content)));
    return this;
  }

  /** A processing instruction. */
  ins(target: string, content = ''): XmlTree {
    this.node.childNodes.push({ nodeType: PI, nodeName: target, target, data: content, childNodes: NO_CHILDREN });
    return this;
  }
}

/** The writers' names are fixed; anything else would be a bug (xmlbuilder2's DOM rejects bad names too). */
function checkName(name: string): void {
  if (!/^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/.test(name)) throw new Error(`not an XML name: "${name}"`);
}
