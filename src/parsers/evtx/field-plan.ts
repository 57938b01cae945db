// A record's fields without walking its template: most records of a file instantiate a few templates, and which
// value lands in which field depends only on the template and on which values are NULL or nested. So the first record
// of a template and such a pattern is walked once with placeholder values, and what the FieldCollector made of it is
// kept as a plan: for each field, the template's text and the value indexes it is made of. Later records, in this
// chunk or another holding a copy of the template, fill the plan in. Real records put their System values in one
// template and their EventData or UserData in a nested fragment (a value of type 0x21) instantiating another: the
// outer plan marks where the fragment goes and the fragment's template has a plan of its own. Plans are made in
// plan-compile.ts; here they are found, kept and filled in. The walk (fields.ts, template.ts) stays the reference:
// a record whose values hold arrays, fragments nested elsewhere or deeper, a template with names made of values or
// holding the placeholder characters, or a record that would spend past its budget is walked as before. test/parsers/evtx/field-plan.test.ts checks both give the same on generated
// templates and written files; test/corpus/evtx.test.ts on every real record.
import { INSTANCE, type InstanceNode, type NestedXml, type TemplateDefinition, type XmlNode } from './nodes.js';
import { FieldCollector } from './fields.js';
import { walk } from './template.js';
import { WorkBudget } from './work.js';
import { MAX_INTERNED_NAME_CHARS } from './binxml.js';
import { AT_ROOT, IN_ROOT, compile, writeOut, type FieldPlan, type FieldsShape, type Parts, type Place } from './plan-compile.js';

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

/** Shapes kept per plan: a template's records can nest many fragment templates. */
const MAX_SHAPES_PER_PLAN = 64;

/** A template's plans by pattern of values (undefined: that pattern cannot be planned). */
type Plans = Map<number, FieldPlan | undefined>;

/** Values past this many are not planned for (the pattern of empty, NULL and nested values is one exact number). */
const MAX_PLANNED_VALUES = 26;
/** Patterns planned per template: a crafted chunk could use a template with ever new patterns. */
const MAX_PLANS_PER_TEMPLATE = 16;
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
  if (plan.addRecordId) fields.recordId = '';
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
  shape = { dataKeys, firstOfName };
  if (plan.shapes.size < MAX_SHAPES_PER_PLAN) plan.shapes.set(inner, shape);
  return shape;
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
  // One base-4 digit per value: text, empty text (the collector drops an empty UserData leaf that has attributes),
  // NULL, or (at the root only) a nested fragment.
  let pattern = 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'string') pattern = pattern * 4 + (v === '' ? 1 : 0);
    else if (v === null) pattern = pattern * 4 + 2;
    else if (place === AT_ROOT && !Array.isArray(v)) pattern = pattern * 4 + 3;
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

