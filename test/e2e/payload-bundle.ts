// A payload bundle for the outputs that stay text (issue 11, item 4): terminal escape sequences, Markdown links,
// images and HTML, spreadsheet formulas, planted in member names, extension names, the OS name, log lines, a damaged
// member, a binary member and the bundle's own file name.
import { makeTgz, type FixtureFile } from '../helpers/archives.js';

const ESC = '\x1b';
/** Everything a terminal acts on: a window title, a screen clear, a hyperlink, CR, backspace, C1 CSI, bidi overrides. */
export const TERMINAL_PAYLOAD =
  `${ESC}]0;pwned${'\x07'}${ESC}[2J${ESC}[H${ESC}]8;;http:∕∕evil.example∕${ESC}\\click${ESC}]8;;${ESC}\\` + `\rover\bX\u009b31mC1\u202eevil\u2066iso\u2069\u0007`;
/** What Markdown acts on: a javascript: link, a remote image, raw HTML, a line break that leaves its item, backticks. */
export const MARKDOWN_PAYLOAD = '[x](javascript:alert(1)) ![](http://evil.example/p.png) <img src=x onerror=alert(1)> `` ` |cell| www.evil.example a@evil.example';
/** Leaves its list item or table cell and starts a heading. */
export const LINE_BREAK_PAYLOAD = '\n# injected\n- item';

/** The payloads in a name (no `/`: a folder separator in a member name). */
const NAME = `${TERMINAL_PAYLOAD}${MARKDOWN_PAYLOAD}`.replace(/\//g, '∕');
export const EXTENSION = `Microsoft.Azure.Extensions.CustomScript${ESC}]0;ext${'\x07'}[x](javascript:alert(2))<b>x</b>`;

/** Cells a spreadsheet would run as formulas. */
export const FORMULAS = ['=HYPERLINK("http://evil.example","x")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(1+1)', '\t=1+1', '\r=1+1'];

/** The bundle's file name: every payload but `/` (and NUL, which no file name holds). */
export const BUNDLE_FILE_NAME = `${TERMINAL_PAYLOAD.replace(/\//g, '∕')}${MARKDOWN_PAYLOAD.replace(/\//g, '∕')}.tgz`;

export function payloadFiles(): FixtureFile[] {
  const json = (v: unknown) => JSON.stringify(v);
  const line = (t: string, level: string, text: string) => `2024-03-14T02:${t}.000001Z ${level} ExtHandler ExtHandler ${text}`;
  const waagent = [
    line('30:00', 'INFO', 'Azure Linux Agent Version:2.9.1.1'),
    line('30:02', 'ERROR', `Event: name=${EXTENSION}, op=Enable, message=[ExtensionOperationError] Non-zero exit code: 127, ${TERMINAL_PAYLOAD} ${MARKDOWN_PAYLOAD}`),
    line(
      '31:07',
      'ERROR',
      `Error fetching the goal state: [ProtocolError] [HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- IOError [Errno 110] Connection timed out ${TERMINAL_PAYLOAD}${MARKDOWN_PAYLOAD}${LINE_BREAK_PAYLOAD} -- 6 attempts made`,
    ),
    ...FORMULAS.map((f, i) => `2024-03-14T02:32:0${i}.000001Z WARNING ${f}`),
  ].join('\n');
  return [
    { path: 'var/log/waagent.log', content: waagent + '\n' },
    {
      path: 'var/lib/waagent/waagent_status.json',
      content: json({
        agent_name: 'WALinuxAgent',
        current_version: '2.9.1.1',
        distro_details: `ubuntu${TERMINAL_PAYLOAD}${MARKDOWN_PAYLOAD}:22.04`,
        extensions_status: [{ name: EXTENSION, version: `1.0${MARKDOWN_PAYLOAD}`, status: 'Ready' }],
      }),
    },
    { path: `var/log/${NAME}.log`, content: `2024-03-14T02:33:00Z ERROR something failed ${TERMINAL_PAYLOAD}${MARKDOWN_PAYLOAD}\n` },
    { path: `var/log/${NAME}${LINE_BREAK_PAYLOAD}.dat`, content: new Uint8Array(64) },
    { path: `var/log/${NAME}.log.gz`, content: new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7]) },
    ...FORMULAS.map((f, i) => ({ path: `${f.replace(/\//g, '∕')}.log`, content: `2024-03-14T02:34:0${i}Z ERROR ${f}\n` })),
  ];
}

export async function payloadBundle(): Promise<Buffer> {
  return makeTgz(payloadFiles());
}
