// Run in a child process with a small heap by work.test.ts: parses the crafted file whose expansion once took the
// process past 4 GB and prints what it read.
import { parseEvtxBytes } from '../../../src/parsers/evtx/index.js';
import { craftedFile, siblingsOnOneArray } from './crafted.js';

const { events, problems } = parseEvtxBytes(craftedFile(siblingsOnOneArray(2000, 25_000)));
for (const event of events) void event.raw;
process.stdout.write(JSON.stringify({ records: events.map((e) => e.record), problems: problems.length, peakMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
