// Archives inside archives, opened in place; gzip members inside archives.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openBundle } from '../../src/ingest/index.js';
import { gzip, makeTar, makeTgz, makeZip } from '../helpers/archives.js';
import { byPath, collect, tempFiles } from './collect.js';

const tmp = tempFiles();

const goalState = async (): Promise<Buffer> =>
  makeZip([
    { path: 'GoalState.xml', content: '<GoalState><Incarnation>3</Incarnation></GoalState>' },
    { path: 'ExtensionsConfig.xml', content: '<Extensions/>' },
  ]);

describe('nested archives', () => {
  it('opens a history zip inside a tgz under the member path', async () => {
    const bundle = await openBundle(
      await tmp.write(
        'b.tgz',
        await makeTgz([
          { path: 'var/log/waagent.log', content: 'log\n' },
          { path: 'var/lib/waagent/history/2024-05-01T10-00-00__3.zip', content: await goalState() },
          { path: 'var/lib/waagent/after.json', content: '{}' },
        ]),
      ),
    );
    expect(byPath(await collect(bundle))).toEqual({
      'var/log/waagent.log': 'log\n',
      'var/lib/waagent/history/2024-05-01T10-00-00__3.zip/GoalState.xml': '<GoalState><Incarnation>3</Incarnation></GoalState>',
      'var/lib/waagent/history/2024-05-01T10-00-00__3.zip/ExtensionsConfig.xml': '<Extensions/>',
      'var/lib/waagent/after.json': '{}',
    });
    expect(bundle.problems).toEqual([]);
  });

  it('opens a tgz, a tar.gz and a tar inside a zip, and gz members inside each', async () => {
    const inner = [
      { path: 'waagent.log', content: 'inner\n' },
      { path: 'waagent.log.1.gz', content: gzip('inner rotated\n') },
    ];
    const bundle = await openBundle(
      await tmp.write(
        'logs.zip',
        await makeZip([
          { path: 'a.tgz', content: await makeTgz(inner) },
          { path: 'b.tar.gz', content: await makeTgz(inner) },
          { path: 'c.tar', content: await makeTar(inner) },
          { path: 'syslog.2.gz', content: gzip('outer rotated\n') },
        ]),
      ),
    );
    expect(byPath(await collect(bundle))).toEqual({
      'a.tgz/waagent.log': 'inner\n',
      'a.tgz/waagent.log.1.gz': 'inner rotated\n',
      'b.tar.gz/waagent.log': 'inner\n',
      'b.tar.gz/waagent.log.1.gz': 'inner rotated\n',
      'c.tar/waagent.log': 'inner\n',
      'c.tar/waagent.log.1.gz': 'inner rotated\n',
      'syslog.2.gz': 'outer rotated\n',
    });
  });

  it('knows a nested archive by its magic when the name does not say', async () => {
    const bundle = await openBundle(
      await tmp.write(
        'magic.tgz',
        await makeTgz([
          { path: 'history/2024-05-01T10-00-00__3', content: await goalState() },
          { path: 'collected.gz', content: await makeTgz([{ path: 'x.log', content: 'X' }]) },
          { path: 'var/log/lastlog', content: Buffer.alloc(4096) }, // zeros: not an empty tar
        ]),
      ),
    );
    const entries = byPath(await collect(bundle));
    expect(Object.keys(entries)).toEqual([
      'history/2024-05-01T10-00-00__3/GoalState.xml',
      'history/2024-05-01T10-00-00__3/ExtensionsConfig.xml',
      'collected.gz/x.log',
      'var/log/lastlog',
    ]);
    expect(entries['var/log/lastlog']).toHaveLength(4096);
  });

  it('streams a zip inside a zip inside a tgz (three levels)', async () => {
    const level2 = await makeZip([{ path: 'deep/GoalState.xml', content: '<deep/>' }]);
    const level1 = await makeZip([{ path: 'history.zip', content: level2 }, { path: 'mid.log', content: 'mid' }]);
    const bundle = await openBundle(await tmp.write('deep.tgz', await makeTgz([{ path: 'outer.zip', content: level1 }])));
    expect(byPath(await collect(bundle))).toEqual({
      'outer.zip/history.zip/deep/GoalState.xml': '<deep/>',
      'outer.zip/mid.log': 'mid',
    });
  });

  it('opens nested archives on stdin too', async () => {
    const bundle = await openBundle('-', {
      stdin: Readable.from([await makeZip([{ path: 'history/h.zip', content: await goalState() }, { path: 'z.log', content: 'z' }], { streaming: true })]),
    });
    expect(Object.keys(byPath(await collect(bundle)))).toEqual(['history/h.zip/GoalState.xml', 'history/h.zip/ExtensionsConfig.xml', 'z.log']);
  });

  it('does not open archives deeper than maxDepth, and says so', async () => {
    const level2 = await makeTgz([{ path: 'too-deep.log', content: 'no' }]);
    const level1 = await makeZip([{ path: 'level2.tgz', content: level2 }, { path: 'level1.log', content: 'yes' }]);
    const file = await tmp.write('depth.tgz', await makeTgz([{ path: 'level1.zip', content: level1 }, { path: 'top.log', content: 'top' }]));

    const limited = await openBundle(file, { maxDepth: 1 });
    expect(byPath(await collect(limited))).toEqual({ 'level1.zip/level1.log': 'yes', 'top.log': 'top' });
    expect(limited.problems).toEqual([{ path: 'level1.zip/level2.tgz', message: 'nested archive too deep, not opened (limit --max-depth 1)' }]);

    const none = await openBundle(file, { maxDepth: 0 });
    expect(byPath(await collect(none))).toEqual({ 'top.log': 'top' });
    expect(none.problems).toHaveLength(1);

    const all = await openBundle(file);
    expect(byPath(await collect(all))).toEqual({ 'level1.zip/level2.tgz/too-deep.log': 'no', 'level1.zip/level1.log': 'yes', 'top.log': 'top' });
  });

  it('reads empty nested archives as nothing', async () => {
    const bundle = await openBundle(
      await tmp.write(
        'empties.zip',
        await makeZip([
          { path: 'e.zip', content: await makeZip([]) },
          { path: 'e.tgz', content: await makeTgz([]) },
          { path: 'e.tar', content: await makeTar([]) },
          { path: 'last.log', content: 'L' },
        ]),
      ),
    );
    expect(byPath(await collect(bundle))).toEqual({ 'last.log': 'L' });
    expect(bundle.problems).toEqual([]);
  });
});
