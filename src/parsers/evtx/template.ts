// Template instantiation (../shared/docs/evtx.md §1.6): walks nodes with their substitution values and reports
// the resulting XML to a sink, SAX-style, without building the instantiated tree. Optional substitutions with a
// NULL value drop their element or attribute; array values repeat the element once per item; nested Binary XML
// is spliced in place.
import {
  CDATA, CHAR_REF, ELEMENT, ENTITY_REF, INSTANCE, PI, SUBSTITUTION, TEXT,
  type ElementNode, type NestedXml, type Value, type XmlNode,
} from './nodes.js';

export interface XmlSink {
  open(name: string): void;
  attribute(name: string, value: string): void;
  /** After the attributes of the element last opened. */
  openEnd(): void;
  text(text: string): void;
  entity(name: string): void;
  charRef(code: number): void;
  cdata(text: string): void;
  pi(target: string, data: string): void;
  close(name: string): void;
}

const MAX_WALK_DEPTH = 64;

export const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function walk(nodes: XmlNode[], values: Value[] | null, sink: XmlSink, depth = 0): void {
  if (depth > MAX_WALK_DEPTH) return;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    switch (node.k) {
      case ELEMENT:
        element(node, values, sink, depth);
        break;
      case INSTANCE:
        walk(node.template.body, node.values, sink, depth + 1);
        break;
      case PI:
        sink.pi(node.target, node.data);
        break;
      default:
        content(node, values, sink, -1, depth);
    }
  }
}

function element(el: ElementNode, values: Value[] | null, sink: XmlSink, depth: number): void {
  let repeat = -1;
  const subs = el.subs;
  if (subs !== null) {
    for (let i = 0; i < subs.length; i++) {
      const sub = subs[i]!;
      const value = values === null ? null : (values[sub.index] ?? null);
      if (value === null) {
        // A NULL optional value drops the element it fills; an element with other content stays.
        if (sub.optional && subs.length === el.children.length) return;
      } else if (Array.isArray(value)) repeat = Math.max(repeat, value.length);
    }
  }
  if (repeat < 0) emit(el, values, sink, -1, depth);
  else if (repeat === 0) emit(el, values, sink, 0, depth);
  else for (let item = 0; item < repeat; item++) emit(el, values, sink, item, depth);
}

/** One copy of the element; `item` picks the array item of array-valued substitutions (-1: no array). */
function emit(el: ElementNode, values: Value[] | null, sink: XmlSink, item: number, depth: number): void {
  sink.open(el.name);
  const attrs = el.attrs;
  for (let i = 0; i < attrs.length; i++) {
    const attr = attrs[i]!;
    const value = attributeText(attr.parts, values, item);
    if (value !== undefined) sink.attribute(attr.name, value);
  }
  sink.openEnd();
  const children = el.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child.k === ELEMENT) element(child, values, sink, depth + 1);
    else if (child.k === INSTANCE) walk(child.template.body, child.values, sink, depth + 1);
    else content(child, values, sink, item, depth);
  }
  sink.close(el.name);
}

function content(node: XmlNode, values: Value[] | null, sink: XmlSink, item: number, depth: number): void {
  switch (node.k) {
    case TEXT:
      sink.text(node.text);
      break;
    case SUBSTITUTION: {
      const value = values === null ? null : (values[node.index] ?? null);
      if (value === null) return;
      if (typeof value === 'string') sink.text(value);
      else if (Array.isArray(value)) sink.text(item >= 0 ? (value[item] ?? '') : value.join(' '));
      else walk((value as NestedXml).nodes, null, sink, depth + 1);
      break;
    }
    case CHAR_REF:
      sink.charRef(node.code);
      break;
    case ENTITY_REF:
      sink.entity(node.name);
      break;
    case CDATA:
      sink.cdata(node.text);
      break;
    case PI:
      sink.pi(node.target, node.data);
      break;
    case ELEMENT:
    case INSTANCE:
      walk([node], values, sink, depth + 1);
  }
}

/** The attribute's text, or undefined when an optional substitution in it is NULL (the attribute is dropped). */
function attributeText(parts: XmlNode[], values: Value[] | null, item: number): string | undefined {
  let text = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.k === TEXT) text += part.text;
    else if (part.k === SUBSTITUTION) {
      const value = values === null ? null : (values[part.index] ?? null);
      if (value === null) {
        if (part.optional) return undefined;
      } else if (typeof value === 'string') text += value;
      else if (Array.isArray(value)) text += item >= 0 ? (value[item] ?? '') : value.join(' ');
    } else if (part.k === CHAR_REF) text += String.fromCodePoint(part.code);
    else if (part.k === ENTITY_REF) text += ENTITIES[part.name] ?? `&${part.name};`;
  }
  return text;
}
