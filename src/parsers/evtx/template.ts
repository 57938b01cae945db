// Template instantiation (../shared/docs/evtx.md §1.6): walks nodes with their substitution values and reports
// the resulting XML to a sink, SAX-style, without building the instantiated tree. Optional substitutions with a
// NULL value drop their element or attribute; array values repeat the element once per item; nested Binary XML
// is spliced in place. Every walk spends from a WorkBudget (./work.ts): crafted templates can describe far more
// output than any depth limit bounds.
import {
  CDATA, CHAR_REF, ELEMENT, ENTITY_REF, INSTANCE, PI, SUBSTITUTION, TEXT,
  type ElementNode, type NestedXml, type Value, type XmlNode,
} from './nodes.js';
import { WorkBudget } from './work.js';

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

/** Walks `nodes` into `sink`; throws ExpansionLimitError when `budget` (one record's, by default) runs out. */
export function walk(nodes: XmlNode[], values: Value[] | null, sink: XmlSink, budget: WorkBudget = new WorkBudget()): void {
  walkNodes(nodes, values, sink, budget, 0);
}

function walkNodes(nodes: XmlNode[], values: Value[] | null, sink: XmlSink, budget: WorkBudget, depth: number): void {
  if (depth > MAX_WALK_DEPTH) return;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    switch (node.k) {
      case ELEMENT:
        element(node, values, sink, budget, depth);
        break;
      case INSTANCE:
        walkNodes(node.template.body, node.values, sink, budget, depth + 1);
        break;
      default:
        content(node, values, sink, budget, -1, depth);
    }
  }
}

function element(el: ElementNode, values: Value[] | null, sink: XmlSink, budget: WorkBudget, depth: number): void {
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
  if (repeat < 0) emit(el, values, sink, budget, -1, depth);
  else if (repeat === 0) emit(el, values, sink, budget, 0, depth);
  else for (let item = 0; item < repeat; item++) emit(el, values, sink, budget, item, depth);
}

/** One copy of the element; `item` picks the array item of array-valued substitutions (-1: no array). */
function emit(el: ElementNode, values: Value[] | null, sink: XmlSink, budget: WorkBudget, item: number, depth: number): void {
  budget.spend(1, el.name.length);
  sink.open(el.name);
  const attrs = el.attrs;
  for (let i = 0; i < attrs.length; i++) {
    const attr = attrs[i]!;
    const value = attributeText(attr.parts, values, item);
    if (value !== undefined) {
      budget.spend(1, attr.name.length + value.length);
      sink.attribute(attr.name, value);
    }
  }
  sink.openEnd();
  const children = el.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child.k === ELEMENT) element(child, values, sink, budget, depth + 1);
    else if (child.k === INSTANCE) walkNodes(child.template.body, child.values, sink, budget, depth + 1);
    else content(child, values, sink, budget, item, depth);
  }
  sink.close(el.name);
}

function content(node: XmlNode, values: Value[] | null, sink: XmlSink, budget: WorkBudget, item: number, depth: number): void {
  switch (node.k) {
    case TEXT:
      budget.spend(1, node.text.length);
      sink.text(node.text);
      break;
    case SUBSTITUTION: {
      const value = values === null ? null : (values[node.index] ?? null);
      if (value === null) return;
      if (typeof value === 'string') text(value, sink, budget);
      else if (Array.isArray(value)) text(item >= 0 ? (value[item] ?? '') : value.join(' '), sink, budget);
      else {
        budget.spend(1, 0);
        walkNodes((value as NestedXml).nodes, null, sink, budget, depth + 1);
      }
      break;
    }
    case CHAR_REF:
      budget.spend(1, 1);
      sink.charRef(node.code);
      break;
    case ENTITY_REF:
      budget.spend(1, node.name.length);
      sink.entity(node.name);
      break;
    case CDATA:
      budget.spend(1, node.text.length);
      sink.cdata(node.text);
      break;
    case PI:
      budget.spend(1, node.target.length + node.data.length);
      sink.pi(node.target, node.data);
      break;
    case ELEMENT:
    case INSTANCE:
      walkNodes([node], values, sink, budget, depth + 1);
  }
}

function text(value: string, sink: XmlSink, budget: WorkBudget): void {
  budget.spend(1, value.length);
  sink.text(value);
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
