// The vitest side of the hostile suite: one test per case of the given classes, each through the built CLI.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileCases, type HostileClass } from '../cases.js';
import { requireBuild } from './cli.js';
import { runCase } from './run-case.js';

export function describeCases(title: string, classes: HostileClass[]): void {
  describe(title, () => {
    let tmp = '';
    beforeAll(() => {
      requireBuild();
      tmp = mkdtempSync(join(tmpdir(), 'logscan-hostile-'));
    });
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    for (const c of hostileCases().filter((x) => classes.includes(x.cls))) {
      const runs = 1 + (c.outputs?.length ?? 0);
      it(`${c.cls} / ${c.name}: ${c.what}`, async () => {
        const dir = mkdtempSync(join(tmp, `${c.name}-`));
        try {
          const result = await runCase(c, 'small', dir);
          expect(result.failures).toEqual([]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }, runs * c.budgetMs.small * 2 + 60_000);
    }
  });
}
