// `logscan timeline <bundle>`: every event of the bundle in time order, one a line (JSONL for Timesketch, or CSV).
import { createWriteStream, openSync } from 'node:fs';
import { analyze, settleBundleYears } from '../analyze.js';
import type { Report } from '../model.js';
import { TIMELINE_CSV_HEADER, TimelineLines } from '../report/timeline-lines.js';
import { openBundle } from '../ingest/index.js';
import type { YearShifts } from '../time/bundle-year.js';
import { checkBundlePath, checkOutputPath, describeWriteError, ingestOptions, outputFormat, TIMELINE_EXTENSIONS, tzOption, UsageError, type CommonOptions } from './options.js';
import { TimelineSorter } from './timeline-sort.js';
import { terminalLine } from '../report/output-escape.js';

/** `read`, when given, gets the report of the pass that made the timeline and its format (the CLI notes the kind of run). */
export async function runTimeline(
  bundlePath: string,
  opts: CommonOptions & { format?: string; output?: string },
  read?: (report: Report, format: string) => void,
): Promise<number> {
  const format = outputFormat(opts.format, opts.output, TIMELINE_EXTENSIONS, 'jsonl');
  tzOption(opts.tz); // a zone it does not know is a usage error before the bundle is opened
  const ingest = ingestOptions(opts);
  checkBundlePath(bundlePath);
  if (opts.output !== undefined) checkOutputPath(opts.output);
  // Every line in time order: held rendered, written to sorted run files past a memory budget, merged at the end.
  // One renderer (and redactor) for the run: a second pass keeps the first one's token numbers, as before.
  const lines = new TimelineLines(format === 'csv' ? 'csv' : 'jsonl');
  let sorter = new TimelineSorter();
  let untimed = 0;
  // A second pass (a syslog file took a wrong year) starts the timeline afresh.
  const pass = async (yearShifts?: YearShifts): Promise<Report> => {
    sorter.close();
    sorter = new TimelineSorter();
    untimed = 0;
    const bundle = await openBundle(bundlePath, ingest);
    return analyze(
      { name: bundle.name, kind: bundle.kind, sizeBytes: () => bundle.sizeBytes, entries: bundle.entries, problems: bundle.problems },
      {
        ...(opts.tz !== undefined ? { tz: opts.tz } : {}),
        detectors: [],
        ...(yearShifts ? { yearShifts } : {}),
        onEvent: (event) => {
          if (event.time === null) untimed++;
          else sorter.add(event.time, lines.line(event));
        },
      },
    );
  };
  try {
    const report = await settleBundleYears(pass, bundlePath !== '-', (problems) => {
      for (const p of problems) process.stderr.write(`logscan: ${terminalLine(`${p.path}: ${p.message}`)}\n`);
    });
    read?.(report, format);
    if (opts.output === undefined) {
      await writeTimeline(process.stdout, format, sorter);
    } else {
      const path = opts.output;
      let fd: number;
      try {
        fd = openSync(path, 'w');
      } catch (error) {
        throw new UsageError(`-o ${path}: ${describeWriteError(error)}`);
      }
      const out = createWriteStream(path, { fd });
      // A write that fails half way (a full disk) ends the command with one line, not an unhandled 'error' event.
      const failed = new Promise<never>((_, reject) => out.once('error', (error) => reject(new UsageError(`-o ${path}: ${describeWriteError(error)}`))));
      await Promise.race([writeTimeline(out, format, sorter).then(() => new Promise<void>((r) => out.end(() => r()))), failed]);
    }
  } finally {
    sorter.close();
  }
  if (untimed > 0) process.stderr.write(`logscan: ${untimed} event${untimed === 1 ? '' : 's'} without a time ${untimed === 1 ? 'was' : 'were'} left out of the timeline\n`);
  return 0;
}

async function writeTimeline(out: NodeJS.WritableStream, format: string, sorter: TimelineSorter): Promise<void> {
  if (format === 'csv') out.write(TIMELINE_CSV_HEADER + '\n');
  await sorter.writeTo(out);
}

