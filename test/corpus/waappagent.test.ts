// Reads ../shared/corpus/real-logs/backup in place (never copied into the project): the real WaAppAgent.log excerpts
// of both eras parse with no unparsed line. Skipped when the corpus is not beside the project.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { waAppAgentParser } from '../../src/parsers/windows/index.js';
import { runLines } from '../parsers/windows/helpers.js';

const PATH = 'WindowsAzure/Logs/WaAppAgent.log';
const corpus = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'corpus', 'real-logs', 'backup');
const files = existsSync(corpus) ? readdirSync(corpus).filter((f) => /^1[23]-.*\.log$/.test(f)) : [];

describe.skipIf(files.length === 0)('WaAppAgent.log: real excerpts', () => {
  it.each(files)('%s', (file) => {
    const text = readFileSync(join(corpus, file), 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('# '))
      .join('\n');
    const r = runLines(waAppAgentParser, PATH, text);
    expect(r.stats.unparsed).toBe(0);
    expect(r.events.length).toBeGreaterThan(0);
    if (file.startsWith('13-')) {
      expect(r.facts).toContainEqual(expect.objectContaining({ kind: 'agent-version', role: 'windows-agent' }));
      expect(r.events.some((e) => e.level === 'warning' && /Waiting for OOBE/.test(e.message))).toBe(true);
    } else {
      expect(r.events.some((e) => e.level === 'error' && e.fields?.['plugin'])).toBe(true);
      expect(r.events.some((e) => e.fields?.['operation'] === 'enable' && e.fields['result'] === 'started')).toBe(true);
    }
  });
});

