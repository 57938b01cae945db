// The viewer counts routine info lines from their bytes once its event table drops info lines (as the CLI does
// from the start): the report and the table must be what making every event gives.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { openBlob } from '../../web/src/ingest/index.js';
import { EventCollector } from '../../web/src/timeline/events.js';
import { makeTgz } from '../helpers/archives.js';

/** waagent lines in the usual ISO header: routine info lines, with a warning, an error and a verbose line now and then. */
function waagentLog(lines: number, startMs: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const time = new Date(startMs + i * 1000).toISOString().replace('Z', '000Z');
    if (i % 97 === 5) out.push(`${time} WARNING ExtHandler ExtHandler Unable to read the state file ${i}`);
    else if (i % 211 === 7) out.push(`${time} ERROR ExtHandler ExtHandler Event: name=Microsoft.Compute.VMAccessAgent, op=Enable, message=failed ${i}`);
    else if (i % 151 === 9) out.push(`${time} VERBOSE ExtHandler ExtHandler Routine verbose detail ${i}`);
    else out.push(`${time} INFO ExtHandler ExtHandler Routine goal state step ${i} done`);
  }
  return out.join('\n') + '\n';
}

async function viewerRun(bundle: Buffer, countRoutine: boolean, tableSize: number) {
  const events = new EventCollector(tableSize);
  let counted = 0;
  const report = await analyze(await openBlob(new File([new Uint8Array(bundle)], 'bundle.tgz'), 'bundle.tgz'), {
    onEvent: (e) => events.add(e),
    countRoutine: () => countRoutine && events.dropsInfo(),
    onCounted: (time) => {
      counted++;
      events.addCounted(time);
    },
  });
  return { report: { ...report, generatedAt: '' }, table: events.table(), counted };
}

describe('viewer: routine lines counted once the table drops info lines', () => {
  it('gives the report and the table that making every event gives', async () => {
    const bundle = await makeTgz([
      { path: 'var/log/waagent.log.2', content: waagentLog(3000, Date.UTC(2024, 5, 1)) },
      { path: 'var/log/waagent.log.1', content: waagentLog(3000, Date.UTC(2024, 5, 2)) },
      { path: 'var/log/waagent.log', content: waagentLog(3000, Date.UTC(2024, 5, 3)) },
    ]);
    // The table fills within the first file: the next ones may be counted.
    const made = await viewerRun(bundle, false, 1000);
    const skimmed = await viewerRun(bundle, true, 1000);
    expect(made.counted).toBe(0);
    expect(skimmed.counted).toBeGreaterThan(4000);
    expect(skimmed.report).toEqual(made.report);
    expect(skimmed.table).toEqual(made.table);
  });

  it('never counts while the table could still keep an info line', async () => {
    const bundle = await makeTgz([
      { path: 'var/log/waagent.log.1', content: waagentLog(500, Date.UTC(2024, 5, 2)) },
      { path: 'var/log/waagent.log', content: waagentLog(500, Date.UTC(2024, 5, 3)) },
    ]);
    const roomy = await viewerRun(bundle, true, 100_000);
    expect(roomy.counted).toBe(0);
    expect(roomy.table.count).toBe(1000);
  });
});
