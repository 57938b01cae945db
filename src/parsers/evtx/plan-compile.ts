// Making an EVTX field plan (./field-plan.ts): a template is walked once with a placeholder for each value, and what
// the FieldCollector made of the placeholders says which value goes where in every record of that template and
// pattern of NULL and nested values. Also how a template is written out, to know its copies in other chunks by.
import {
  ELEMENT, INSTANCE, SUBSTITUTION, TEXT, CDATA, PI, CHAR_REF, ENTITY_REF,
  type NestedXml, type TemplateDefinition, type Value, type XmlNode,
} from './nodes.js';
import { FieldCollector } from './fields.js';
import { ENTITIES, walk, type XmlSink } from './template.js';
import { WorkBudget } from './work.js';

/** Text made of the template's own text (strings) and values (their indexes), in order. */
export type Parts = readonly (string | number)[];

/** Where a record's data goes in its fields. */
export interface FieldsShape {
  /** The key of each data item, and whether it is the first of its name (later ones are joined to it). */
  dataKeys: readonly string[];
  firstOfName: readonly boolean[];
}

/** What a template and pattern of values make of a record's fields (see field-plan.ts). */
export interface FieldPlan {
  /** The System fields in order: how each is set, and the text it is made of. */
  fieldSetters: readonly Setter[];
  fieldParts: readonly Parts[];
  timeCreated: Parts | undefined;
  levelValue: Parts | undefined;
  names: readonly string[];
  valueParts: readonly Parts[];
  positional: readonly boolean[];
  /** What the walk spends: units, characters of the template's own text, and how often each value's text is spent. */
  units: number;
  chars: number;
  refIndexes: readonly number[];
  refTimes: readonly number[];
  /** The value holding the nested fragment whose fields are the record's data, or -1. */
  fragment: number;
  /** The System fields lack `recordId`: it is added, empty, before the data. */
  addRecordId: boolean;
  /** Where the records' data goes in their fields, by the plan of their fragment (this plan's own data: null). */
  shapes: Map<FieldPlan | null, FieldsShape>;
}

/** Where a template is instantiated: the record's root, or a fragment inside the root element. */
export const AT_ROOT = 0;
export const IN_ROOT = 1;
export type Place = typeof AT_ROOT | typeof IN_ROOT;

/** Templates nested deeper are walked: a plan must not meet the walk's depth limit (template.ts). */
const MAX_PLANNED_DEPTH = 24;
const OPEN = '\uFDD0';
const CLOSE = '\uFDD1';
const PLACEHOLDER = /\uFDD0(\d+)\uFDD1/g;
const PLACEHOLDER_CHAR = /[\uFDD0\uFDD1]/;
/** Where the nested fragment of value i goes, as the walk meets it: a fragment of one text, `OPEN f i CLOSE`. */
const FRAGMENT_MARK = /^\uFDD0f(\d+)\uFDD1$/;
const fragmentStandIn = (index: number): NestedXml => ({ nodes: [{ k: TEXT, text: OPEN + 'f' + index + CLOSE }] });

const collector = new FieldCollector();

type Setter = (fields: Record<string, string>, value: string) => void;

/**
 * Each System field set by a store of its own name, as FieldCollector sets them: records' objects then go through
 * the same few shapes. Built by copying a base object or by stores of computed keys, they took about as long as the
 * walk this plan saves.
 */
const SETTERS: Readonly<Record<string, Setter>> = {
  provider: (f, v) => void (f.provider = v),
  providerGuid: (f, v) => void (f.providerGuid = v),
  eventSourceName: (f, v) => void (f.eventSourceName = v),
  eventId: (f, v) => void (f.eventId = v),
  qualifiers: (f, v) => void (f.qualifiers = v),
  version: (f, v) => void (f.version = v),
  levelValue: (f, v) => void (f.levelValue = v),
  task: (f, v) => void (f.task = v),
  opcode: (f, v) => void (f.opcode = v),
  keywords: (f, v) => void (f.keywords = v),
  recordId: (f, v) => void (f.recordId = v),
  activityId: (f, v) => void (f.activityId = v),
  relatedActivityId: (f, v) => void (f.relatedActivityId = v),
  processId: (f, v) => void (f.processId = v),
  threadId: (f, v) => void (f.threadId = v),
  channel: (f, v) => void (f.channel = v),
  computer: (f, v) => void (f.computer = v),
  userId: (f, v) => void (f.userId = v),
};

function setterOf(key: string): Setter {
  return Object.hasOwn(SETTERS, key) ? SETTERS[key]! : (f, v) => void (f[key] = v);
}

/**
 * Walks the template with a placeholder for each string value but empty ones (and, at the root, a stand-in for a
 * nested fragment) and keeps what became of them. A fragment is planned for only where the walk meets it right inside the root
 * element (where real records put EventData and UserData), once, in a template whose own walk gives no data: its
 * fields are then the fragment's own.
 */
export function compile(template: TemplateDefinition, values: Value[], place: Place): FieldPlan | undefined {
  // Empty text stays empty: what the collector makes of it can differ from any other text's (a UserData leaf).
  const placeholders = values.map((v, i) => (v === null || v === '' ? v : typeof v === 'string' ? OPEN + i + CLOSE : fragmentStandIn(i)));
  const counter = new SpendCounter(collector);
  const budget = new WorkBudget();
  collector.reset();
  // A fragment's template is walked inside the root element.
  if (place === IN_ROOT) collector.open('Event');
  try {
    walk(template.body, placeholders, new Tee(collector, counter), budget);
  } catch {
    return undefined;
  }
  const c = collector;
  if (c.names.some((name) => PLACEHOLDER_CHAR.test(name))) return undefined;
  if (counter.fragments > 1 || counter.fragmentMisplaced || (counter.fragments === 1 && c.names.length > 0)) return undefined;
  if (place === IN_ROOT && (Object.keys(c.fields).length > 0 || c.timeCreated !== undefined || c.levelValue !== undefined)) return undefined;
  // A stand-in's text: OPEN, 'f', the index, CLOSE.
  let placeholderChars = counter.fragments === 1 ? String(counter.fragmentIndex).length + 3 : 0;
  for (const [index, times] of counter.refs) placeholderChars += times * (placeholders[index] as string).length;
  const fieldKeys = Object.keys(c.fields);
  return {
    fieldSetters: fieldKeys.map(setterOf),
    fieldParts: Object.values(c.fields).map(partsOf),
    timeCreated: c.timeCreated === undefined ? undefined : partsOf(c.timeCreated),
    levelValue: c.levelValue === undefined ? undefined : partsOf(c.levelValue),
    names: [...c.names],
    valueParts: c.values.map(partsOf),
    positional: [...c.positional],
    // The stand-in's text is the fragment's walk, spent by the fragment's plan.
    units: budget.spentUnits - counter.fragments,
    chars: budget.spentChars - placeholderChars,
    refIndexes: [...counter.refs.keys()],
    refTimes: [...counter.refs.values()],
    fragment: counter.fragments === 1 ? counter.fragmentIndex : -1,
    addRecordId: !fieldKeys.includes('recordId'),
    shapes: new Map(),
  };
}

function partsOf(text: string): Parts {
  const parts: (string | number)[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(Number(m[1]));
    last = m.index + m[0].length;
  }
  if (last < text.length || parts.length === 0) parts.push(text.slice(last));
  return parts;
}

/** Counts the placeholders in what the walk spends on (substituted text, attribute values) and where fragments go. */
class SpendCounter {
  readonly refs = new Map<number, number>();
  fragments = 0;
  fragmentIndex = -1;
  /** A fragment met anywhere but right inside the root element. */
  fragmentMisplaced = false;

  constructor(private readonly collector: FieldCollector) {}

  note(text: string): void {
    const fragment = FRAGMENT_MARK.exec(text);
    if (fragment !== null) {
      this.fragments++;
      this.fragmentIndex = Number(fragment[1]);
      if (this.collector.elementDepth !== 1) this.fragmentMisplaced = true;
      return;
    }
    // A stand-in's text joined to other text (an attribute) is not where a fragment goes.
    if (text.includes(OPEN + 'f')) this.fragmentMisplaced = true;
    for (const m of text.matchAll(PLACEHOLDER)) {
      const index = Number(m[1]);
      this.refs.set(index, (this.refs.get(index) ?? 0) + 1);
    }
  }
}

class Tee implements XmlSink {
  constructor(
    private readonly sink: XmlSink,
    private readonly counter: SpendCounter,
  ) {}
  open(name: string): void {
    this.sink.open(name);
  }
  attribute(name: string, value: string): void {
    this.counter.note(value);
    this.sink.attribute(name, value);
  }
  openEnd(): void {
    this.sink.openEnd();
  }
  text(text: string): void {
    this.counter.note(text);
    this.sink.text(text);
  }
  entity(name: string): void {
    this.sink.entity(name);
  }
  charRef(code: number): void {
    this.sink.charRef(code);
  }
  cdata(text: string): void {
    this.sink.cdata(text);
  }
  pi(target: string, data: string): void {
    this.sink.pi(target, data);
  }
  close(name: string): void {
    this.sink.close(name);
  }
}

/**
 * A template body written out whole (names, text, substitutions), to know copies of one template by; null when it
 * cannot be planned: it holds an instance (only crafted files nest one in a definition), elements nested past
 * MAX_PLANNED_DEPTH, or own text, names or character references holding a placeholder character (every placeholder
 * in what the walk made must be a value).
 */
export function writeOut(nodes: readonly XmlNode[]): string | null {
  let out = '';
  // Depth first, in order; a node's end is written when its marker comes off the stack.
  const stack: (XmlNode | typeof END)[] = nodes.slice().reverse();
  let depth = 0;
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === END) {
      out += '>';
      depth--;
      continue;
    }
    switch (node.k) {
      case ELEMENT:
        if (PLACEHOLDER_CHAR.test(node.name) || ++depth > MAX_PLANNED_DEPTH) return null;
        out += '<' + node.name.length + ':' + node.name;
        for (const attr of node.attrs) {
          if (PLACEHOLDER_CHAR.test(attr.name)) return null;
          out += '@' + attr.name.length + ':' + attr.name;
          for (const part of attr.parts) {
            const text = partText(part);
            if (text === null) return null;
            out += text;
          }
        }
        out += '|';
        stack.push(END);
        for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
        break;
      case INSTANCE:
        return null;
      default: {
        const text = partText(node);
        if (text === null) return null;
        out += text;
      }
    }
  }
  return out;
}

const END = Symbol('end');

/** A leaf node written out, or null when it holds a placeholder character. */
function partText(node: XmlNode): string | null {
  switch (node.k) {
    case TEXT:
    case CDATA:
      return PLACEHOLDER_CHAR.test(node.text) ? null : (node.k === TEXT ? 't' : 'c') + node.text.length + ':' + node.text;
    case PI:
      return PLACEHOLDER_CHAR.test(node.target) || PLACEHOLDER_CHAR.test(node.data) ? null : `?${node.target.length}:${node.target}${node.data.length}:${node.data}`;
    case CHAR_REF:
      return PLACEHOLDER_CHAR.test(String.fromCharCode(node.code)) ? null : `#${node.code};`;
    case ENTITY_REF:
      return PLACEHOLDER_CHAR.test(ENTITIES[node.name] ?? node.name) ? null : `&${node.name.length}:${node.name}`;
    case SUBSTITUTION:
      return `$${node.index}${node.optional ? '?' : ''};`;
    default:
      return null;
  }
}
