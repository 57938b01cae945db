// Payloads that act on whoever reads a report (issue 11, point 4): terminal escape sequences, Markdown and HTML that
// would render live, spreadsheet formulas. Planted in log lines that become evidence, in a generic log whose lines
// start with them, in member names, in extension names (log lines, the handler's folder, its status file) and in
// the bundle's own file name.
import type { FixtureFile } from '../../helpers/archives.js';

/** Escape sequences and control characters a terminal acts on. */
export const TERMINAL = {
  title: '\x1b]0;PWNED-TITLE\x07',
  clear: '\x1b[2J\x1b[H',
  hyperlink: '\x1b]8;;http://evil.example/\x1b\\click-here\x1b]8;;\x1b\\',
  carriageReturn: 'visible-part\rHIDDEN-OVERWRITE',
  backspace: 'abc\b\b\bXYZ',
  bell: 'ding\x07',
  c1: 'c1-csi\u009b31mred',
  del: 'rub\x7fout',
} as const;

/** Markdown and HTML that would render as links, images or markup. */
export const MARKUP = {
  jsLink: '[click me](javascript:alert(1))',
  image: '![pixel](http://evil.example/p.png)',
  img: '<img src=x onerror=alert(1)>',
  script: '<script>alert(1)</script>',
  anchor: '<a href="http://evil.example/">here</a>',
  autolink: '<http://evil.example/auto>',
  breakout: 'line\r\n# INJECTED HEADING',
} as const;

/** Cells a spreadsheet would run as formulas. */
export const FORMULAS = ['=HYPERLINK("http://evil.example/","x")', "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", '@SUM(1+1)*cmd|\' /C calc\'!A0', '\t=1+1', '\r=2+2'] as const;

const T = '2024-05-02T07:10:';
const all = [...Object.values(TERMINAL), ...Object.values(MARKUP)];

/** waagent.log: network failures (evidence of a finding) and extension failures whose name and message carry payloads. */
function waagentLog(ext: string): string {
  const lines: string[] = ['2024-05-02T06:00:01.178802Z INFO Daemon Daemon Azure Linux Agent Version: 2.10.0.8'];
  all.forEach((p, i) => {
    const s = String(10 + i).padStart(2, '0');
    lines.push(
      `${T}${s}.421905Z ERROR ExtHandler ExtHandler Error fetching the goal state: [ProtocolError] ${p} [HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- IOError [Errno 110] Connection timed out -- 6 attempts made`,
    );
  });
  lines.push(`${T}50.100000Z INFO ExtHandler [${ext}-1.0.0] Target handler state: enabled [incarnation_2]`);
  lines.push(`${T}50.200000Z INFO ExtHandler [${ext}-1.0.0] Enable extension: [bin/enable.sh ${MARKUP.img}]`);
  lines.push(`${T}51.300000Z ERROR ExtHandler ExtHandler Event: name=${ext}, op=Enable, message=[ExtensionOperationError] Non-zero exit code: 1, bin/enable.sh ${TERMINAL.title}${MARKUP.jsLink}`);
  lines.push('[stdout]', `${TERMINAL.clear} ${MARKUP.script}`, '', '[stderr]', `${TERMINAL.hyperlink}`, ', duration=1000');
  return lines.join('\n') + '\n';
}

/** A plain log whose lines start with formulas (the timeline's message cell starts with them). */
function formulaLog(): string {
  const lines: string[] = [];
  FORMULAS.forEach((f, i) => {
    lines.push(f);
    lines.push(`2024-05-02T07:20:${String(i).padStart(2, '0')}Z ${f}`);
    lines.push(`2024-05-02T07:21:${String(i).padStart(2, '0')}Z ERROR ${f} failed`);
  });
  return lines.join('\n') + '\n';
}

/** The extension name used in the payload bundle: it carries markup and an escape sequence. */
export const PAYLOAD_EXTENSION = `Microsoft.Evil${'<img src=x onerror=alert(1)>'}${'\x1b]0;EXT-TITLE\x07'}[x](javascript:alert(2))`;

/** Member names that carry payloads. */
export const PAYLOAD_NAMES = [
  `var/log/${TERMINAL.title}title.log`,
  `var/log/[link](javascript:alert(3)).log`,
  `var/log/<img src=x onerror=alert(4)>.log`,
  `=cmd|' /C calc'!A0.log`,
  `var/log/${TERMINAL.clear}broken.log.gz`,
];

/** The payload bundle's files (as tar or zip members). */
export function payloadFiles(): FixtureFile[] {
  const status = JSON.stringify([
    {
      version: 1,
      timestampUTC: '2024-05-02T07:10:52Z',
      status: {
        name: PAYLOAD_EXTENSION,
        operation: 'Enable',
        status: 'error',
        code: 1,
        formattedMessage: { lang: 'en-US', message: `Enable failed ${MARKUP.image} ${TERMINAL.bell} ${FORMULAS[0]}` },
      },
    },
  ]);
  return [
    { path: 'var/log/waagent.log', content: waagentLog(PAYLOAD_EXTENSION) },
    { path: 'var/log/custom/formulas.log', content: formulaLog() },
    { path: `var/lib/waagent/${PAYLOAD_EXTENSION}-1.0.0/status/0.status`, content: status },
    { path: `var/log/azure/${PAYLOAD_EXTENSION}/extension.log`, content: `2024-05-02 07:10:51 [ERROR] enable failed ${TERMINAL.title} ${MARKUP.anchor} ${FORMULAS[1]}\n` },
    { path: PAYLOAD_NAMES[0]!, content: `2024-05-02T07:30:00Z ERROR title member\n` },
    { path: PAYLOAD_NAMES[1]!, content: `2024-05-02T07:30:01Z ERROR link member\n` },
    { path: PAYLOAD_NAMES[2]!, content: `2024-05-02T07:30:02Z ERROR img member\n` },
    { path: PAYLOAD_NAMES[3]!, content: `2024-05-02T07:30:03Z ERROR formula member\n` },
    // A damaged member: listed as a problem under its hostile name.
    { path: PAYLOAD_NAMES[4]!, content: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3]) },
  ];
}

/** The payload bundle's own file name. */
export const PAYLOAD_BUNDLE_NAME = `hostile-${TERMINAL.title}[b](javascript:alert(5))<b>.tgz`;

/** C0 controls other than tab and line feed, DEL, and C1 controls: none may reach a text, Markdown or CSV output. */
export const CONTROL = /[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]/;
