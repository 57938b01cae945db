// A record's fields from a plan (field-plan.ts) are what walking its template gives (fields.ts, template.ts): the
// same fields in the same key order, the same data, the same work spent and the same failure past the budget, on
// generated templates and values and on written files.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { recordFields, type RecordFields } from '../../../src/parsers/evtx/field-plan.js';
import { FieldCollector } from '../../../src/parsers/evtx/fields.js';
import { walk } from '../../../src/parsers/evtx/template.js';
import { readEvtxBytes } from '../../../src/parsers/evtx/reader.js';
import { WorkBudget } from '../../../src/parsers/evtx/work.js';
import {
  CHAR_REF, ELEMENT, ENTITY_REF, INSTANCE, SUBSTITUTION, TEXT,
  type AttributeNode, type ElementNode, type TemplateDefinition, type Value, type XmlNode,
} from '../../../src/parsers/evtx/nodes.js';
import { parseEvtx, spec, writeEvtx } from './read.js';

interface Outcome {
  fields?: Record<string, string>;
  keys?: string[];
  timeCreated?: string | undefined;
  levelValue?: string | undefined;
  names?: string[];
  values?: string[];
  positional?: boolean[];
  error?: string;
  units: number;
  chars: number;
}

function outcome(get: (budget: WorkBudget) => RecordFields, budget: WorkBudget): Outcome {
  try {
    const r = get(budget);
    return {
      fields: { ...r.fields },
      keys: Object.keys(r.fields),
      timeCreated: r.timeCreated,
      levelValue: r.levelValue,
      names: [...r.names],
      values: [...r.values],
      positional: [...r.positional],
      units: budget.spentUnits,
      chars: budget.spentChars,
    };
  } catch (error) {
    return { error: String(error), units: budget.spentUnits, chars: budget.spentChars };
  }
}

/** The walk, and the record's fields as the parser has always made them: System values, recordId, then data. */
function byWalking(nodes: XmlNode[]) {
  return (budget: WorkBudget): RecordFields => {
    const c = new FieldCollector();
    c.reset();
    walk(nodes, null, c, budget);
    const fields: Record<string, string> = { ...c.fields };
    if (fields.recordId === undefined) fields.recordId = '';
    c.names.forEach((name, i) => {
      const key = `data.${name}`;
      fields[key] = fields[key] === undefined ? c.values[i]! : `${fields[key]}, ${c.values[i]!}`;
    });
    return { ...c, fields, timeCreated: c.timeCreated, levelValue: c.levelValue, names: c.names, values: c.values, positional: c.positional };
  };
}

const byPlan = (nodes: XmlNode[]) => (budget: WorkBudget): RecordFields => recordFields(nodes, budget);

function expectSame(nodes: XmlNode[], budget: () => WorkBudget = () => new WorkBudget()): void {
  expect(outcome(byPlan(nodes), budget())).toEqual(outcome(byWalking(nodes), budget()));
}

const sub = (index: number, optional = false): XmlNode => ({ k: SUBSTITUTION, index, optional, type: 1 });
const text = (t: string): XmlNode => ({ k: TEXT, text: t });
function el(name: string, attrs: AttributeNode[], children: XmlNode[]): ElementNode {
  const subs = children.filter((c) => c.k === SUBSTITUTION);
  return { k: ELEMENT, name, attrs, children, subs: subs.length > 0 ? (subs as ElementNode['subs']) : null };
}
let offsets = 0;
const template = (body: XmlNode[], guid = '{00000000-0000-0000-0000-000000000001}'): TemplateDefinition => ({ offset: 512 + offsets++, guid, body });
const instance = (def: TemplateDefinition, values: Value[]): XmlNode[] => [{ k: INSTANCE, template: def, values }];

/** A usual event template: System from values, EventData named and unnamed, text around a value in an attribute. */
function eventTemplate(): TemplateDefinition {
  return template([
    el('Event', [{ name: 'xmlns', parts: [text('http://schemas.microsoft.com/win/2004/08/events/event')] }], [
      el('System', [], [
        el('Provider', [{ name: 'Name', parts: [sub(0)] }, { name: 'Guid', parts: [text('{'), sub(1, true), text('}')] }], []),
        el('EventID', [{ name: 'Qualifiers', parts: [sub(2, true)] }], [sub(3)]),
        el('Level', [], [sub(4)]),
        el('TimeCreated', [{ name: 'SystemTime', parts: [sub(5)] }], []),
        el('Channel', [], [sub(6)]),
        el('Computer', [], [text('vm-'), sub(7), { k: ENTITY_REF, name: 'amp' }, { k: CHAR_REF, code: 0x41 }]),
      ]),
      el('EventData', [], [
        el('Data', [{ name: 'Name', parts: [text('param1')] }], [sub(8)]),
        el('Data', [], [sub(9, true)]),
        el('Data', [{ name: 'Name', parts: [text('both')] }], [sub(8), text(' and '), sub(8)]),
      ]),
    ]),
  ]);
}

const values = (over: Partial<Record<number, Value>> = {}): Value[] => {
  const v: Value[] = ['Service Control Manager', '555908d1-a6d7-4695-8e1e-26931d2012f4', '16384', '7036', '4', '2024-05-01T10:00:00.0000000Z', 'System', 'one', 'Windows Update', 'running'];
  for (const [i, value] of Object.entries(over)) v[Number(i)] = value ?? null;
  return v;
};

describe('EVTX fields from a plan', () => {
  it('are what walking the template gives, for values and NULLs in every place, and again from the plan', () => {
    const def = eventTemplate();
    for (const over of [{}, { 1: null }, { 2: null }, { 9: null }, { 1: null, 2: null, 9: null }, { 8: '' }, { 0: 'Other', 3: '1' }, {}]) {
      expectSame(instance(def, values(over)));
    }
  });

  it('tell an empty value from another: an empty UserData leaf with attributes is dropped, a filled one kept', () => {
    const def = template([el('Event', [], [el('UserData', [], [el('Wrapper', [], [el('Result', [{ name: 'code', parts: [sub(0)] }], [sub(1)])])])])], '{user-leaf}');
    for (const v of [['5', 'text'], ['5', ''], ['5', 'again'], ['', ''], [null, '']]) expectSame(instance(def, v));
  });

  it('serve another copy of the same template (another chunk), and not a template that differs', () => {
    const first = eventTemplate();
    expectSame(instance(first, values()));
    const copy = eventTemplate();
    expectSame(instance(copy, values({ 0: 'From the copy' })));
    // Same GUID, another body: a Data element renamed.
    const other = eventTemplate();
    (((other.body[0] as ElementNode).children[1] as ElementNode).children[0] as ElementNode).attrs[0]!.parts = [text('renamed')];
    expectSame(instance(other, values()));
  });

  it('leave arrays and nested Binary XML elsewhere than right inside the root to the walk', () => {
    const def = eventTemplate();
    expectSame(instance(def, values({ 8: ['a', 'b', 'c'] })));
    expectSame(instance(def, values({ 9: { nodes: [el('Inner', [], [text('nested')])] } })));
  });

  it('fill a real record: System from one template, EventData from the nested fragment instantiating another', () => {
    // As Windows writes them: the System template's last value is a fragment (type 0x21) right inside <Event>.
    const system = (): TemplateDefinition =>
      template([
        el('Event', [], [
          el('System', [], [
            el('Provider', [{ name: 'Name', parts: [sub(0)] }], []),
            el('EventID', [], [sub(1)]),
            el('Level', [], [sub(2)]),
            el('TimeCreated', [{ name: 'SystemTime', parts: [sub(3)] }], []),
          ]),
          sub(4, true),
        ]),
      ]);
    const eventData = (): TemplateDefinition =>
      template([el('EventData', [], [el('Data', [{ name: 'Name', parts: [text('param1')] }], [sub(0)]), el('Data', [], [sub(1)])])], '{data}');
    const userData = (): TemplateDefinition => template([el('UserData', [], [el('Result', [{ name: 'value', parts: [sub(0)] }], [])])], '{user}');
    const record = (inner: TemplateDefinition | null, v: Value[], provider = 'VSS'): XmlNode[] =>
      instance(system(), [provider, '8224', '4', '2024-05-01T10:00:00.0000000Z', inner === null ? null : { nodes: instance(inner, v) }]);
    for (const nodes of [
      record(eventData(), ['idle', 'timeout']),
      record(eventData(), ['second', null], 'Other'),
      record(eventData(), [null, 'x'.repeat(300)]),
      record(userData(), ['0']),
      record(null, []),
      record(eventData(), [['an', 'array'], 'x']),
    ]) {
      expectSame(nodes);
      const walked = outcome(byWalking(nodes), new WorkBudget());
      for (const [units, chars] of [[walked.units - 1, walked.chars], [walked.units, walked.chars - 1], [walked.units, walked.chars]]) {
        expectSame(nodes, () => new WorkBudget(units, chars, true));
      }
    }
  });

  it('leave a template whose own text holds the placeholder characters to the walk', () => {
    const def = template([el('Event', [], [el('EventData', [], [el('Data', [], [text('\uFDD00\uFDD1'), sub(0)])])])]);
    expectSame(instance(def, ['value']));
    expectSame(instance(def, ['again']));
  });

  it('spend what the walk spends, and fail where it fails, on budgets around the exact need', () => {
    const nodes = instance(eventTemplate(), values({ 8: 'x'.repeat(500) }));
    const need = outcome(byWalking(nodes), new WorkBudget());
    for (const units of [need.units - 1, need.units, need.units + 1]) {
      for (const chars of [need.chars - 1, need.chars, need.chars + 1]) {
        expectSame(nodes, () => new WorkBudget(units, chars, true));
      }
    }
  });

  it('are what walking gives on generated templates and values', () => {
    const name = fc.constantFrom('Event', 'System', 'EventData', 'UserData', 'Data', 'Provider', 'EventID', 'Level', 'TimeCreated', 'Channel', 'Name', 'Binary', 'Leaf', 'Result');
    const attrName = fc.constantFrom('Name', 'Guid', 'SystemTime', 'Qualifiers', 'value', 'xmlns', 'ProcessID');
    const index = fc.integer({ min: 0, max: 5 });
    const leaf = fc.oneof(
      fc.string({ maxLength: 6 }).map(text),
      fc.tuple(index, fc.boolean()).map(([i, o]) => sub(i, o)),
      fc.constantFrom<XmlNode>({ k: ENTITY_REF, name: 'lt' }, { k: ENTITY_REF, name: 'nbsp' }, { k: CHAR_REF, code: 0x263a }),
    );
    const attr = fc.record({ name: attrName, parts: fc.array(leaf, { maxLength: 3 }) }) as fc.Arbitrary<AttributeNode>;
    const { tree } = fc.letrec<{ tree: XmlNode; node: XmlNode }>((tie) => ({
      tree: fc.tuple(name, fc.array(attr, { maxLength: 2 }), fc.array(tie('node'), { maxLength: 4 })).map(([n, a, c]) => el(n, a, c)),
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('tree')),
    }));
    const scalar: fc.Arbitrary<Value> = fc.oneof(fc.constant(null), fc.string({ maxLength: 8 }), fc.constant(['p', 'q'] as string[]));
    // A nested fragment (type 0x21): an instance of a template of its own, or plain elements.
    const fragment = fc.tuple(fc.array(tree, { minLength: 1, maxLength: 2 }), fc.array(scalar, { minLength: 6, maxLength: 6 }), fc.boolean()).map(
      ([body, v, plain]): Value => ({ nodes: plain ? body : instance(template(body, '{inner}'), v) }),
    );
    const value = fc.oneof({ weight: 3, arbitrary: scalar }, { weight: 1, arbitrary: fragment });
    fc.assert(
      fc.property(fc.array(tree, { minLength: 1, maxLength: 2 }), fc.array(fc.array(value, { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 4 }), (body, records) => {
        const guid = `{${body.length}}`;
        for (const v of records) {
          // A fresh copy each time, as chunks hold theirs: the plan made for the first serves the others.
          const nodes = instance(template(structuredClone(body), guid), structuredClone(v));
          expect(outcome(byPlan(nodes), new WorkBudget())).toEqual(outcome(byWalking(nodes), new WorkBudget()));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('are what walking gives on every record of written files', () => {
    const events = [
      spec({ data: { ProcessName: 'WaAppAgent.exe', Code: 42 } }),
      spec({ data: ['unnamed', 7, null] }),
      spec({ system: { provider: 'Microsoft-Windows-Kernel-Power', eventId: 41, level: 1 } }),
      spec({ userData: { name: 'EventXML', xmlns: 'Event_NS', values: { Param1: 'a', Param2: 3 } } }),
      spec({ userData: { name: 'EventXML', values: { Param1: 'nested' }, nested: 'template' } }),
      spec({ data: { ProcessName: 'other.exe', Code: 7 } }),
      spec({ binary: new Uint8Array([1, 2, 3]) }),
    ];
    // Inline in the event's template, and as Windows writes them: in a nested fragment with a template of its own.
    const inFragments = events.map((e) => ({ ...e, dataInFragment: true }));
    const bytes = writeEvtx([...events, ...inFragments, ...events, ...inFragments, ...events, ...inFragments], { recordsPerChunk: 4 });
    let records = 0;
    readEvtxBytes(bytes, {
      record: (r) => {
        records++;
        expect(outcome(byPlan(r.nodes), new WorkBudget())).toEqual(outcome(byWalking(r.nodes), new WorkBudget()));
      },
      problem: (message) => {
        throw new Error(message);
      },
    });
    expect(records).toBe(42);
  });

  it('make the same events of data inline and in a nested fragment', async () => {
    const events = [spec({ data: { ProcessName: 'WaAppAgent.exe', Code: 42 } }), spec({ data: ['unnamed', 7] }), spec({ userData: { name: 'EventXML', values: { Param1: 'a' } } })];
    const inline = await parseEvtx(writeEvtx(events));
    const nested = await parseEvtx(writeEvtx(events.map((e) => ({ ...e, dataInFragment: true }))));
    expect(nested.problems).toEqual([]);
    expect(nested.events.map((e) => [e.message, e.fields])).toEqual(inline.events.map((e) => [e.message, e.fields]));
  });
});
