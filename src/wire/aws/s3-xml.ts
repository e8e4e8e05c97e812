/**
 * Just enough XML for S3's fixed request and response shapes: an escaping builder and a small
 * parser (elements and text; attributes, comments, processing instructions and DOCTYPE are
 * skipped; namespace prefixes are ignored). No entity expansion beyond the five predefined
 * entities and character references, so no XML bombs.
 */

export const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** `<name>value</name>`, or '' when value is undefined. Strings are escaped; use `raw` for nested XML. */
export function tag(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function raw(name: string, inner: string): string {
  return `<${name}>${inner}</${name}>`;
}

export function xmlDocument(root: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_NS}">${inner}</${root}>`;
}

export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

export class XmlError extends Error {}

export function parseXml(text: string): XmlNode {
  const root: XmlNode = { name: '#document', children: [], text: '' };
  const stack: XmlNode[] = [root];
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt < 0 ? text.length : lt);
    if (chunk.length > 0) stack[stack.length - 1]!.text += decodeEntities(chunk);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) i = after(text, '-->', lt);
    else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt);
      if (end < 0) throw new XmlError('unterminated CDATA');
      stack[stack.length - 1]!.text += text.slice(lt + 9, end);
      i = end + 3;
    } else if (text.startsWith('<?', lt)) i = after(text, '?>', lt);
    else if (text.startsWith('<!', lt)) i = after(text, '>', lt);
    else {
      const gt = text.indexOf('>', lt);
      if (gt < 0) throw new XmlError('unterminated tag');
      const body = text.slice(lt + 1, gt);
      i = gt + 1;
      if (body.startsWith('/')) {
        const name = localName(body.slice(1).trim());
        const open = stack.pop();
        if (!open || open === root || open.name !== name) throw new XmlError(`unexpected </${name}>`);
      } else {
        const selfClosing = body.endsWith('/');
        const name = localName((selfClosing ? body.slice(0, -1) : body).trim().split(/\s+/)[0] ?? '');
        if (!/^[A-Za-z_][\w.-]*$/.test(name)) throw new XmlError(`bad element name "${name}"`);
        const node: XmlNode = { name, children: [], text: '' };
        stack[stack.length - 1]!.children.push(node);
        if (!selfClosing) stack.push(node);
      }
    }
  }
  if (stack.length !== 1) throw new XmlError(`unclosed <${stack[stack.length - 1]!.name}>`);
  const top = root.children;
  if (top.length !== 1 || root.text.trim() !== '') throw new XmlError('a document needs exactly one root element');
  return top[0]!;
}

function after(text: string, end: string, from: number): number {
  const at = text.indexOf(end, from);
  if (at < 0) throw new XmlError(`unterminated markup, expected ${end}`);
  return at + end.length;
}

function localName(qname: string): string {
  const c = qname.indexOf(':');
  return c < 0 ? qname : qname.slice(c + 1);
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[e]!;
  });
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

export function childText(node: XmlNode | undefined, name: string): string | undefined {
  const c = node ? child(node, name) : undefined;
  // Leaf text is kept verbatim: pretty-printing whitespace only lands in parents' text.
  return c ? c.text : undefined;
}
