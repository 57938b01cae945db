// Reads ../shared/corpus/evtx in place (never copied into the project): every sample gives the record count of
// expected-counts.json without crashing, damaged samples report problems, and a few records per sample agree with
// the evtxexport reference dumps (../shared/docs/evtx.md §3). Skipped when the corpus is not beside the project.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/model.js';
import { evtxParser, renderRecordXml } from '../../src/parsers/evtx/index.js';
import { ASSUME_UTC } from '../../src/time/zone.js';
import { readEvtxBytes } from '../../src/parsers/evtx/reader.js';
import { recordFields, type RecordFields } from '../../src/parsers/evtx/field-plan.js';
import { FieldCollector } from '../../src/parsers/evtx/fields.js';
import { walk } from '../../src/parsers/evtx/template.js';
import { WorkBudget } from '../../src/parsers/evtx/work.js';

const corpus = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'corpus', 'evtx');
const present = existsSync(corpus);

/** Samples whose damage must show up as problems (SOURCES.md, expected-counts.json notes), with what is reported. */
const DAMAGED: Record<string, RegExp> = {
  'omer-HelloForBusiness-Operational.evtx': /event records checksum mismatch/,
  'omer-sample-with-zero-data-size-event.evtx': /invalid record size 0/,
  'omer-sample_with_a_bad_chunk_magic.evtx': /no ElfChnk signature/,
  'omer-security_bad_string_cache.evtx': /header checksum mismatch/,
  'omer-sysmon.evtx': /no ElfChnk signature/,
  'plaso-System2-truncated.evtx': /truncated \(64832 of 65536 bytes\)/,
};

async function parseFile(bytes: Uint8Array): Promise<{ events: LogEvent[]; problems: string[] }> {
  // Pieces that do not line up with chunks, as a decompressor or archive reader delivers them.
  const piece = 50_000;
  const rest = (async function* () {
    for (let p = piece; p < bytes.length; p += piece) yield bytes.subarray(p, p + piece);
  })();
  const events: LogEvent[] = [];
  const problems: string[] = [];
  await evtxParser.parse(bytes.subarray(0, piece), rest, {
    path: 'x.evtx',
    tz: ASSUME_UTC,
    emit: (e) => events.push(e),
    fact: () => {},
    problem: (m) => problems.push(m),
  });
  return { events, problems };
}

interface Reference {
  provider: string;
  eventId: string;
  time: string;
  record: number;
  data: [string, string][];
}

const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The records of an evtxexport XML dump, with what the spot checks compare. */
function reference(file: string): Reference[] {
  const text = gunzipSync(readFileSync(join(corpus, 'reference', file.replace(/\.evtx$/, '.items.xml.gz')))).toString('utf8');
  return text
    .split(/\n(?=<Event xmlns)/)
    .filter((block) => block.startsWith('<Event'))
    .map((block) => {
      const data: [string, string][] = [];
      let unnamed = 0;
      for (const m of block.matchAll(/<Data(?: Name="([^"]*)")?(?:\/>|>([\s\S]*?)<\/Data>)/g)) data.push([m[1] ?? String(unnamed++), unescape(m[2] ?? '')]);
      return {
        provider: unescape(/<Provider Name="([^"]*)"/.exec(block)?.[1] ?? ''),
        eventId: /<EventID[^>]*>(\d+)</.exec(block)?.[1] ?? '',
        time: /<TimeCreated SystemTime="([^"]+)"/.exec(block)?.[1] ?? '',
        record: Number(/<EventRecordID>(\d+)</.exec(block)?.[1]),
        data,
      };
    });
}

const sevenDigits = (time: string): string => time.replace(/(\.\d{7})\d*Z$/, '$1Z');

/** evtxexport prints FILETIME with 9 digits, HexInt64 zero-padded and SizeT in decimal (§3): compare the values. */
function sameValue(ours: string | undefined, theirs: string): boolean {
  if (ours === undefined) return false;
  const a = ours.trim();
  const b = sevenDigits(theirs.trim());
  if (a === b) return true;
  if (/^0x[0-9a-f]+$/i.test(a) && /^(0x)?[0-9a-f]+$/i.test(b)) return BigInt(a) === BigInt(/^\d+$/.test(b) ? b : b.startsWith('0x') ? b : '0x' + b);
  return a.toUpperCase() === b.toUpperCase() && /^\{[0-9A-F-]+\}$/i.test(a);
}

describe.skipIf(!present)('corpus: EVTX samples', () => {
  const expected: Record<string, { records: number; notes: string }> = present ? JSON.parse(readFileSync(join(corpus, 'expected-counts.json'), 'utf8')) : {};
  const files = present ? readdirSync(corpus).filter((f) => f.endsWith('.evtx')).sort() : [];

  it('has an expected count for every sample', () => {
    expect(files.length).toBeGreaterThanOrEqual(19);
    for (const file of files) expect(expected[file], file).toBeDefined();
  });

  for (const file of files) {
    it(`${file}: ${expected[file]?.records} records${DAMAGED[file] ? ', damage reported' : ''}; spot checks agree with evtxexport`, async () => {
      const { events, problems } = await parseFile(readFileSync(join(corpus, file)));
      expect(events).toHaveLength(expected[file]!.records);
      const damage = DAMAGED[file];
      if (damage) expect(problems.join('\n')).toMatch(damage);
      else expect(problems).toEqual([]);

      const byRecord = new Map(events.map((e) => [e.record, e]));
      const refs = reference(file);
      const picks = [...new Set([0, 1, Math.floor(refs.length / 3), Math.floor(refs.length / 2), refs.length - 1])].filter((i) => i >= 0 && i < refs.length);
      for (const i of picks) {
        const ref = refs[i]!;
        const event = byRecord.get(ref.record);
        const what = `${file} record ${ref.record}`;
        expect(event, what).toBeDefined();
        expect(event!.fields?.provider, what).toBe(ref.provider);
        expect(event!.fields?.eventId, what).toBe(ref.eventId);
        expect(event!.timeText, what).toBe(sevenDigits(ref.time));
        expect(event!.time, what).toBe(Date.parse(sevenDigits(ref.time).slice(0, 23) + 'Z'));
        const names = ref.data.map(([name]) => name);
        for (const [name, value] of ref.data) {
          if (names.indexOf(name) !== names.lastIndexOf(name)) continue; // repeated names are joined in fields
          expect(sameValue(event!.fields?.[`data.${name}`], value), `${what} data.${name}: ${event!.fields?.[`data.${name}`]} vs ${value}`).toBe(true);
        }
      }
    });
  }

  it('reads the samples both reference tools fail on (WEC-forwarded plain elements; nested Binary XML in every record)', async () => {
    if (!files.includes('omer-MSExchange_Management_wec.evtx') || !files.includes('omer-CAPI2-Operational.evtx')) return;
    // Values as in omerbenamram/evtx's snapshot of this record (event_json_with_multiple_data_elements).
    const [wec] = (await parseFile(readFileSync(join(corpus, 'omer-MSExchange_Management_wec.evtx')))).events;
    // The forwarded record stores its time as text, kept as written.
    expect(wec).toMatchObject({ record: 3229, timeText: '2021-11-19T16:52:33.833733500Z', time: Date.UTC(2021, 10, 19, 16, 52, 33, 833) });
    expect(wec!.fields).toMatchObject({
      provider: 'MSExchange CmdletLogs',
      eventId: '1',
      qualifiers: '16384',
      computer: 'WEC.ave.local',
      'data.0': 'Set-Mailbox',
      'data.7': '',
      'data.26': 'fr-FR',
    });
    expect(wec!.fields?.['data.10']).toMatch(/^Afficher la forêt entière : 'False'/);
    expect(renderRecordXml(readFileSync(join(corpus, 'omer-MSExchange_Management_wec.evtx')), 3229)).toBe(wec!.raw);
    const capi = (await parseFile(readFileSync(join(corpus, 'omer-CAPI2-Operational.evtx')))).events;
    expect(capi.every((e) => e.fields?.provider === 'Microsoft-Windows-CAPI2' && e.raw!.includes('<UserData><'))).toBe(true);
    expect(capi.filter((e) => e.fields?.['data.URL'] !== undefined).length).toBeGreaterThan(0);
  });

  it('renders XML that matches evtxexport for every record it exported (value formats aside)', async () => {
    // One whole-file comparison on a clean sample: structure, names, attribute order and values.
    const file = 'plaso-System.evtx';
    if (!files.includes(file)) return;
    const { events } = await parseFile(readFileSync(join(corpus, file)));
    const text = gunzipSync(readFileSync(join(corpus, 'reference', 'plaso-System.items.xml.gz'))).toString('utf8');
    const compact = (xml: string): string =>
      xml
        .replace(/\n\s*/g, '')
        .replace(/(T\d\d:\d\d:\d\d\.\d{7})\d*Z/g, '$1Z')
        .replace(/0x0+([0-9a-f])/g, '0x$1');
    const refs = new Map(
      text
        .split(/\n(?=<Event xmlns)/)
        .filter((b) => b.startsWith('<Event'))
        .map((b) => [Number(/<EventRecordID>(\d+)</.exec(b)?.[1]), compact(b.trim())] as const),
    );
    let same = 0;
    for (const event of events) if (compact(event.raw!) === refs.get(event.record!)) same++;
    // One record holds a lone line break as a value, which evtxexport prints as an empty element.
    expect(same).toBeGreaterThanOrEqual(events.length - 1);
  });
});

// Fields from a template's plan (src/parsers/evtx/field-plan.ts) are what walking the template gives, on real files.
describe.skipIf(!present)('corpus: EVTX fields from plans', () => {
  const files = present ? readdirSync(corpus).filter((f) => f.endsWith('.evtx')).sort() : [];
  it('give every record of every sample the fields, data and work that walking gives', () => {
    let records = 0;
    for (const file of files) {
      readEvtxBytes(readFileSync(join(corpus, file)), {
        record: (r) => {
          records++;
          const walked = new FieldCollector();
          walked.reset();
          const walkBudget = new WorkBudget();
          let walkedError = '';
          try {
            walk(r.nodes, null, walked, walkBudget);
          } catch (error) {
            walkedError = String(error);
          }
          const planBudget = new WorkBudget();
          let planned: RecordFields | undefined;
          let plannedError = '';
          try {
            planned = recordFields(r.nodes, planBudget);
          } catch (error) {
            plannedError = String(error);
          }
          expect(plannedError, `${file} record ${r.id}`).toBe(walkedError);
          if (planned === undefined) return;
          expect([planBudget.spentUnits, planBudget.spentChars]).toEqual([walkBudget.spentUnits, walkBudget.spentChars]);
          // The fields as the parser has always made them: System values, recordId, then data.
          const fields: Record<string, string> = { ...walked.fields };
          if (fields.recordId === undefined) fields.recordId = '';
          walked.names.forEach((name, i) => {
            const key = `data.${name}`;
            fields[key] = fields[key] === undefined ? walked.values[i]! : `${fields[key]}, ${walked.values[i]!}`;
          });
          expect(Object.entries(planned.fields), `${file} record ${r.id}`).toEqual(Object.entries(fields));
          expect([planned.timeCreated, planned.levelValue, [...planned.names], [...planned.values], [...planned.positional]]).toEqual([
            walked.timeCreated, walked.levelValue, walked.names, walked.values, walked.positional,
          ]);
        },
        problem: () => {},
      });
    }
    expect(records).toBeGreaterThan(1000);
  });
});
