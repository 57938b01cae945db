// Reads ../shared/corpus/real-logs/backup in place (never copied into the project): every Linux extension-log,
// serial-console or safefreeze excerpt must parse with the VMSnapshotLinux parser with no unparsed header line.
// Excerpts whose `# source:` header says they are waagent.log lines, a status JSON or a Windows log are not this
// parser's and are skipped. Skipped altogether when the corpus is not beside the project.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { vmSnapshotLogParser } from '../../src/parsers/extension-logs/index.js';
import { parseText } from '../../src/parsers/run.js';

const corpus = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'corpus', 'real-logs', 'backup');
const present = existsSync(corpus);
const EXTENSION_LOG = 'var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log';

/** The excerpt split into its `# ` header lines and the log after them. */
function read(file: string): { header: string; log: string } {
  const lines = readFileSync(join(corpus, file), 'utf8').split('\n');
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith('# ')) i++;
  return { header: lines.slice(0, i).join('\n'), log: lines.slice(i).join('\n') };
}

/** Which of this parser's inputs the header names, or why the file is someone else's. */
function kindOf(header: string): 'extension-log' | 'serial-console' | { skip: string } {
  if (/WaAppAgent|Windows/i.test(header)) return { skip: 'Windows guest agent log' };
  if (/status JSON|status file/i.test(header)) return { skip: 'status file' };
  if (/waagent\.log/i.test(header)) return { skip: 'waagent.log lines' };
  if (/serial console|\/dev\/console/i.test(header)) return 'serial-console';
  // Like real-logs/expected.json: a backup excerpt is the VMSnapshotLinux extension.log unless its header says otherwise.
  return 'extension-log';
}

describe.skipIf(!present)('corpus: real VMSnapshotLinux excerpts', () => {
  const files = present ? readdirSync(corpus).filter((f) => f.endsWith('.log')).sort() : [];
  const mine = files.filter((f) => typeof kindOf(read(f).header) === 'string');

  it('has excerpts of this parser to read, and skips the others', () => {
    expect(mine.length).toBeGreaterThanOrEqual(6);
    const skipped = files.filter((f) => !mine.includes(f)).map((f) => f.slice(0, 2));
    expect(skipped).toEqual(['02', '11', '12', '13', '15']);
  });

  for (const file of files) {
    const kind = present ? kindOf(read(file).header) : { skip: 'no corpus' };
    if (typeof kind !== 'string') {
      it.skip(`${file}: ${kind.skip}`, () => {});
      continue;
    }
    // A serial-console capture is read both as such and as extension.log (a bundle may hold it either way).
    const paths = kind === 'serial-console' ? ['serialconsole.log', EXTENSION_LOG] : [EXTENSION_LOG];
    for (const path of paths) {
      it(`${file} as ${path}: every timestamped line parses`, () => {
        const r = parseText(vmSnapshotLogParser, read(file).log, { path });
        expect(r.stats.unparsed).toBe(0);
        expect(r.events.length).toBeGreaterThan(0);
        expect(r.events.every((e) => e.time !== null && Number.isFinite(e.time))).toBe(true);
        expect(r.events.every((e) => e.source === 'vmsnapshot-log')).toBe(true);
      });
    }
  }
});
