// A record's fields without walking its template: most records of a file instantiate a few templates, and which
// value lands in which field depends only on the template and on which values are NULL or nested. So the first record
// of a template and such a pattern is walked once with placeholder values, and what the FieldCollector made of it is
// kept as a plan: for each field, the template's text and the value indexes it is made of. Later records, in this
// chunk or another holding a copy of the template, fill the plan in. Real records put their System values in one
// template and their EventData or UserData in a nested fragment (a value of type 0x21) instantiating another: the
// outer plan marks where the fragment goes and the fragment's template has a plan of its own. The walk (fields.ts,
// template.ts) stays the reference: a record whose values hold arrays, fragments nested elsewhere or deeper, a
// template with names made of values or holding the placeholder characters, or a record that would spend past its
// budget is walked as before. test/parsers/evtx/field-plan.test.ts checks both give the same on generated
// templates and written files; test/corpus/evtx.test.ts on every real record.
import {
  ELEMENT, INSTANCE, SUBSTITUTION, TEXT, CDATA, PI, CHAR_REF, ENTITY_REF,
  type InstanceNode, type NestedXml, type TemplateDefinition, type Value, type XmlNode,
} from './nodes.js';
import { FieldCollector } from './fields.js';
import { ENTITIES, walk, type XmlSink } from './template.js';
import { WorkBudget } from './work.js';
import { MAX_INTERNED_NAME_CHARS } from './binxml.js';

/**
 * A record's fields: `fields` holds the System values, a `recordId` key (empty when the record has none: the caller
 * sets it from the record header) and the event data as `data.<Name>` (repeated names joined by ', '), in that order;
 * `names`, `values` and `positional` list the data in order, for the record's summary.
 */
export interface RecordFields {
  fields: Record<string, string>;
  timeCreated: string | undefined;
  levelValue: string | undefined;
  names: readonly string[];
  values: readonly string[];
  positional: readonly boolean[];
}

/** Text made of the template's own text (strings) and values (their indexes), in order. */
type Parts = readonly (string | number)[];

interface FieldPlan {
  /** The System fields in order: their keys, how each is set, and the text they are made of. */
  fieldKeys: readonly string[];
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
  /** The shape of the records' fields, by the plan of their fragment (this plan's own data: null). */
  shapes: Map<FieldPlan | null, FieldsShape>;
}

/** Where a record's data goes in its fields. */
interface FieldsShape {
  /** The System fields lack `recordId`: it is added, empty, before the data. */
  addRecordId: boolean;
  /** The key of each data item, and whether it is the first of its name (later ones are joined to it). */
  dataKeys: readonly string[];
  firstOfName: readonly boolean[];
}
/** Shapes kept per plan: a template's records can nest many fragment templates. */
const MAX_SHAPES_PER_PLAN = 64;

/** A template's plans by NULL pattern (undefined: that pattern cannot be planned). */
type Plans = Map<number, FieldPlan | undefined>;

/** Values past this many are not planned for (the pattern of NULL and nested values is kept as one exact number). */
const MAX_PLANNED_VALUES = 33;
/** Patterns planned per template: a crafted chunk could use a template with ever new patterns. */
const MAX_PLANS_PER_TEMPLATE = 16;
/** Templates nested deeper are walked: a plan must not meet the walk's depth limit (template.ts). */
const MAX_PLANNED_DEPTH = 24;
const OPEN = '\uFDD0';
const CLOSE = '\uFDD1';
const PLACEHOLDER = /\uFDD0(\d+)\uFDD1/g;
const PLACEHOLDER_CHAR = /[\uFDD0\uFDD1]/;
/** Where the nested fragment of value i goes, as the walk meets it: a fragment of one text, `OPEN f i CLOSE`. */
const FRAGMENT_MARK = /^\uFDD0f(\d+)\uFDD1$/;
const fragmentStandIn = (index: number): NestedXml => ({ nodes: [{ k: TEXT, text: OPEN + 'f' + index + CLOSE }] });

/**
 * Plans by template, shared by every chunk: a file's chunks each hold their own copy of the same few templates, so
 * plans are keyed by what a template is (its GUID and its body written out), not by the copy. Bounded: a crafted
 * file can hold any number of templates.
 */
const plansByTemplate = new Map<string, Plans>();
/** The written-out templates those plans are for, in characters; past the bound they start over. */
let sharedChars = 0;
const MAX_SHARED_CHARS = 1_000_000;
/** A template written out longer than this gets plans of its own copy (only crafted files hold such templates). */
const MAX_SHARED_TEMPLATE_CHARS = 16_384;
/** Each copy's plans (null: not plannable), found once per copy. */
const rootCopies = new WeakMap<TemplateDefinition, Plans | null>();
const innerCopies = new WeakMap<TemplateDefinition, Plans | null>();
const collector = new FieldCollector();

/** The fields of a record's nodes: from plans when there are, else by walking them. */
export function recordFields(nodes: XmlNode[], budget: WorkBudget): RecordFields {
  const filled = nodes.length === 1 && nodes[0]!.k === INSTANCE ? fromPlans(nodes[0]!, budget) : undefined;
  if (filled !== undefined) return filled;
  collector.reset();
  walk(nodes, null, collector, budget);
  const fields = collector.fields;
  fields.recordId ??= '';
  const { names, values } = collector;
  for (let i = 0; i < names.length; i++) {
    const key = dataKey(names[i]!);
    const before = fields[key];
    fields[key] = before === undefined ? values[i]! : before + ', ' + values[i]!;
  }
  return collector;
}

/** `data.<name>` keys, made once per name rather than once per record. */
const DATA_KEYS = new Map<string, string>();

function dataKey(name: string): string {
  let key = DATA_KEYS.get(name);
  if (key === undefined) {
    key = 'data.' + name;
    // Bounded like the interned names (binxml.ts): a crafted file may hold any number of names, each up to 32K long.
    if (DATA_KEYS.size < 10000 && name.length <= MAX_INTERNED_NAME_CHARS) DATA_KEYS.set(name, key);
  }
  return key;
}

/** Where a template is instantiated: the record's root, or a fragment inside the root element. */
const AT_ROOT = 0;
const IN_ROOT = 1;
type Place = typeof AT_ROOT | typeof IN_ROOT;

function fromPlans(record: InstanceNode, budget: WorkBudget): RecordFields | undefined {
  const plan = planFor(record, AT_ROOT);
  if (plan === undefined) return undefined;
  const values = record.values as (string | null)[];
  let units = plan.units;
  let chars = charsOf(plan, values);
  let inner: FieldPlan | undefined;
  let innerValues: (string | null)[] = [];
  if (plan.fragment >= 0) {
    const nodes = (record.values[plan.fragment] as NestedXml).nodes;
    if (nodes.length !== 1 || nodes[0]!.k !== INSTANCE) return undefined;
    inner = planFor(nodes[0]!, IN_ROOT);
    if (inner === undefined) return undefined;
    innerValues = nodes[0]!.values as (string | null)[];
    units += inner.units;
    chars += charsOf(inner, innerValues);
  }
  // Past the budget, the walk fails at the exact point it runs out (what the file's allowance is charged).
  if (units > budget.units || chars > budget.chars) return undefined;
  budget.spend(units, chars);
  const data = inner ?? plan;
  const shape = shapeOf(plan, inner ?? null);
  const fields: Record<string, string> = {};
  const { fieldSetters, fieldParts } = plan;
  for (let i = 0; i < fieldSetters.length; i++) fieldSetters[i]!(fields, fill(fieldParts[i]!, values));
  if (shape.addRecordId) fields.recordId = '';
  const dataValues = inner ? innerValues : values;
  const filled = new Array<string>(data.valueParts.length);
  const { dataKeys, firstOfName } = shape;
  for (let i = 0; i < filled.length; i++) {
    const value = (filled[i] = fill(data.valueParts[i]!, dataValues));
    const key = dataKeys[i]!;
    fields[key] = firstOfName[i] ? value : fields[key] + ', ' + value;
  }
  return {
    fields,
    timeCreated: plan.timeCreated && fill(plan.timeCreated, values),
    levelValue: plan.levelValue && fill(plan.levelValue, values),
    names: data.names,
    values: filled,
    positional: data.positional,
  };
}

/** The fields' shape of records of this plan whose data is `inner`'s (or the plan's own, for null). */
function shapeOf(plan: FieldPlan, inner: FieldPlan | null): FieldsShape {
  let shape = plan.shapes.get(inner);
  if (shape !== undefined) return shape;
  const names = (inner ?? plan).names;
  const dataKeys = names.map(dataKey);
  const seen = new Set<string>();
  const firstOfName = dataKeys.map((key) => {
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  shape = { addRecordId: !plan.fieldKeys.includes('recordId'), dataKeys, firstOfName };
  if (plan.shapes.size < MAX_SHAPES_PER_PLAN) plan.shapes.set(inner, shape);
  return shape;
}

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

/** The characters a plan spends with these values. */
function charsOf(plan: FieldPlan, values: (string | null)[]): number {
  let chars = plan.chars;
  const { refIndexes, refTimes } = plan;
  for (let i = 0; i < refIndexes.length; i++) chars += refTimes[i]! * values[refIndexes[i]!]!.length;
  return chars;
}

/** The plan for this instance's template and pattern of values, made the first time; undefined when there is none. */
function planFor(instance: InstanceNode, place: Place): FieldPlan | undefined {
  const values = instance.values;
  if (values.length > MAX_PLANNED_VALUES) return undefined;
  // One base-3 digit per value: a string, NULL, or (at the root only) a nested fragment.
  let pattern = 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'string') pattern *= 3;
    else if (v === null) pattern = pattern * 3 + 1;
    else if (place === AT_ROOT && !Array.isArray(v)) pattern = pattern * 3 + 2;
    else return undefined;
  }
  const template = instance.template;
  const copies = place === AT_ROOT ? rootCopies : innerCopies;
  let byPattern = copies.get(template);
  if (byPattern === undefined) copies.set(template, (byPattern = plansOf(template, place)));
  if (byPattern === null) return undefined;
  let plan = byPattern.get(pattern);
  if (plan === undefined && !byPattern.has(pattern)) {
    if (byPattern.size >= MAX_PLANS_PER_TEMPLATE) return undefined;
    plan = compile(template, values, place);
    byPattern.set(pattern, plan);
  }
  return plan;
}

/** The plans shared by the copies of this template at this place, or null when it cannot be planned. */
function plansOf(template: TemplateDefinition, place: Place): Plans | null {
  const written = writeOut(template.body);
  if (written === null) return null;
  if (written.length > MAX_SHARED_TEMPLATE_CHARS) return new Map();
  const key = place + template.guid + written;
  let byPattern = plansByTemplate.get(key);
  if (byPattern === undefined) {
    sharedChars += key.length;
    if (sharedChars > MAX_SHARED_CHARS) {
      plansByTemplate.clear();
      sharedChars = key.length;
    }
    plansByTemplate.set(key, (byPattern = new Map()));
  }
  return byPattern;
}

function fill(parts: Parts, values: (string | null)[]): string {
  if (parts.length === 1) {
    const only = parts[0]!;
    return typeof only === 'string' ? only : values[only]!;
  }
  let text = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    text += typeof part === 'string' ? part : values[part]!;
  }
  return text;
}

/**
 * Walks the template with a placeholder for each string value (and, at the root, a stand-in for a nested fragment)
 * and keeps what became of them. A fragment is planned for only where the walk meets it right inside the root
 * element (where real records put EventData and UserData), once, in a template whose own walk gives no data: its
 * fields are then the fragment's own.
 */
function compile(template: TemplateDefinition, values: Value[], place: Place): FieldPlan | undefined {
  const placeholders = values.map((v, i) => (v === null ? null : typeof v === 'string' ? OPEN + i + CLOSE : fragmentStandIn(i)));
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
    fieldKeys,
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
function writeOut(nodes: readonly XmlNode[]): string | null {
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
