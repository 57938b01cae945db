// Windows provisioning evidence (bundles.md §2, IID Windows `agents` manifest):
// - `Windows/Setup/State/state.ini`: `[State]` `ImageState=IMAGE_STATE_COMPLETE` once setup (specialize + OOBE) has
//   finished; any other state (`IMAGE_STATE_UNDEPLOYABLE`, `..._RESEAL_TO_OOBE`, `..._RESEAL_TO_AUDIT`) means setup did
//   not complete: the guest agent waits for OOBE ("Waiting for OOBE to Complete ...") and no extension runs.
//   Fact `windows-image-state`; a warning event when not complete.
// - `Windows/Panther/WaSetup.xml` (the Windows provisioning agent's log) and `Windows/Panther/VmAgentInstaller.xml`:
//   read as a sequence of timed elements, e.g. `<Event time="2019-05-16T21:32:58.660Z" category="ERROR"
//   source="Unattend"><UnhandledError><Message>…</Message><Number>…</Number><Description>…</Description>…` (a public
//   troubleshooting article quotes this shape); the files are logs and may be cut, so they are scanned, not required to
//   be well-formed. One event per element (level from `category`/`level`/`type`); fact `windows-setup-error` per error.
import type { Level, LogEvent } from '../../model.js';
import type { DocumentParser, ParseContext } from '../types.js';
import { KiB, MiB, TextIndex, attrs, cut, emit, fact } from '../state/util.js';
import type { DocTime } from '../state/util.js';
import { inferLevel, levelWord, readTime } from './stamp.js';

export const IMAGE_STATE_ID = 'windows-image-state';
export const SETUP_LOG_ID = 'windows-setup-log';

const IMAGE_STATES: Record<string, string> = {
  IMAGE_STATE_COMPLETE: 'setup complete: the image is deployed and past OOBE',
  IMAGE_STATE_UNDEPLOYABLE: 'setup has not completed (default state during setup, or sysprep/setup failed): the image is not deployable',
  IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE: 'the image was generalized (sysprep) and boots to OOBE: setup not run yet',
  IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE: 'the specialize pass finished but OOBE has not completed',
  IMAGE_STATE_GENERALIZE_RESEAL_TO_AUDIT: 'the image was generalized and boots to audit mode',
  IMAGE_STATE_SPECIALIZE_RESEAL_TO_AUDIT: 'the specialize pass finished and the image boots to audit mode',
};

function mtimeOf(ctx: ParseContext): DocTime {
  const t = ctx.mtime?.getTime();
  return t !== undefined && Number.isFinite(t) ? { time: t, timeText: new Date(t).toISOString(), timeSource: 'utc' } : { time: null, timeText: '', timeSource: 'none' };
}

export const imageStateParser: DocumentParser = {
  kind: 'document',
  id: IMAGE_STATE_ID,
  description: 'Windows setup image state (Windows/Setup/State/state.ini)',
  globs: ['**/Windows/Setup/State/state.ini', '**/Setup/State/state.ini'],
  maxBytes: 64 * KiB,
  samples: [
    {
      path: 'Windows/Setup/State/state.ini',
      text: '[State]\r\nImageState=IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE\r\n',
      expectFacts: [{ kind: IMAGE_STATE_ID, value: 'IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE', line: 2, attrs: { complete: 'false' } }],
      expectEvents: [{ level: 'warning', source: IMAGE_STATE_ID, line: 2, raw: 'ImageState=IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE', fields: { imageState: 'IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE' } }],
    },
    {
      path: 'device_0/Windows/Setup/State/State.ini',
      text: '[State]\nImageState=IMAGE_STATE_COMPLETE\n',
      expectFacts: [{ kind: IMAGE_STATE_ID, value: 'IMAGE_STATE_COMPLETE', attrs: { complete: 'true' } }],
      expectEvents: [],
    },
  ],
  parse(source, ctx) {
    const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
    let section = '';
    for (let i = 0; i < lines.length; i++) {
      const s = lines[i]!.replace(/\0/g, '').trim();
      const sec = /^\[([^\]]*)\]$/.exec(s);
      if (sec) {
        section = sec[1]!.trim();
        continue;
      }
      const m = /^ImageState\s*=\s*"?([A-Za-z_]+)"?\s*$/i.exec(s);
      if (!m) continue;
      const state = m[1]!.toUpperCase();
      const complete = state === 'IMAGE_STATE_COMPLETE';
      const meaning = IMAGE_STATES[state] ?? 'unknown image state';
      const t = mtimeOf(ctx);
      fact(ctx, IMAGE_STATE_ID, state, { line: i + 1, time: t.time, text: s, attrs: attrs({ complete: complete ? 'true' : 'false', meaning, section: section || undefined }) });
      if (!complete) {
        emit(ctx, IMAGE_STATE_ID, {
          ...t,
          level: 'warning',
          line: i + 1,
          raw: cut(s, 300),
          message: `Windows setup has not completed: ImageState=${state} (${meaning})`,
          fields: { imageState: state },
          format: 'state.ini',
        });
      }
      return;
    }
    ctx.problem('state.ini has no ImageState line');
  },
};

// ---------------------------------------------------------------------------------------------------------------
// WaSetup.xml / VmAgentInstaller.xml

const MAX_EVENTS = 5000;
const RE_TIMED_START = /<([A-Za-z][\w:.-]*)\b([^<>]*?\b(?:time|timestamp|datetime|date)\s*=\s*(?:"[^"]*"|'[^']*')[^<>]*?)(\/?)>/gi;
const RE_ATTR = /([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function decode(s: string): string {
  return s
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => safeChar(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => safeChar(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function safeChar(code: number): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}

function attrsOf(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(RE_ATTR)) out[m[1]!.toLowerCase()] = decode(m[2] ?? m[3] ?? '');
  return out;
}

/** The opening and closing tags of each child element read (`child`), any case. */
const CHILD_TAGS = new Map<string, { open: RegExp; close: RegExp }>();

/**
 * Text of the first child element named `tag` (any case) in `body`: the first `<tag ...>`, up to the first `</tag>`
 * after it. Only the first opening can match (a closing after a later one is after the first one too), so the
 * closing is looked for once: linear in the body, where one pattern over all of it retried at every opening without
 * a closing (a cut or crafted megabyte of them).
 */
function child(body: string, tag: string): string | undefined {
  let tags = CHILD_TAGS.get(tag);
  if (!tags) CHILD_TAGS.set(tag, (tags = { open: new RegExp(`<${tag}\\b`, 'i'), close: new RegExp(`</${tag}\\s*>`, 'gi') }));
  const open = tags.open.exec(body);
  if (!open) return undefined;
  const gt = body.indexOf('>', open.index + open[0].length);
  if (gt < 0) return undefined;
  tags.close.lastIndex = gt + 1;
  const close = tags.close.exec(body);
  if (!close) return undefined;
  const s = squash(decode(stripTags(body.slice(gt + 1, close.index))));
  return s || undefined;
}

/**
 * `s.replace(/<[^>]*>/g, ' ')` in linear time: each `<` up to the next `>` becomes a blank, and from a `<` with no
 * `>` after it on, nothing changes (the pattern, retried at every such `<`, read to the end each time).
 */
function stripTags(s: string): string {
  let out = '';
  let at = 0;
  for (let lt = s.indexOf('<'); lt >= 0; lt = s.indexOf('<', at)) {
    const gt = s.indexOf('>', lt + 1);
    if (gt < 0) break;
    out += s.slice(at, lt) + ' ';
    at = gt + 1;
  }
  return at === 0 ? s : out + s.slice(at);
}

function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function levelOfAttrs(a: Record<string, string>): Level | undefined {
  for (const k of ['category', 'level', 'type', 'severity', 'result']) {
    const v = a[k];
    if (!v) continue;
    const lv = levelWord(v, true);
    if (lv) return lv;
    if (/^(?:fail|failed|failure)$/i.test(v)) return 'error';
    if (/^(?:success|succeeded|ok)$/i.test(v)) return 'info';
  }
  return undefined;
}

export const setupXmlParser: DocumentParser = {
  kind: 'document',
  id: SETUP_LOG_ID,
  description: 'Windows provisioning logs (Windows/Panther/WaSetup.xml, Windows/Panther/VmAgentInstaller.xml)',
  globs: ['**/Panther/WaSetup.xml', '**/Panther/VmAgentInstaller.xml', '**/WaSetup.xml', '**/VmAgentInstaller.xml'],
  maxBytes: 16 * MiB,
  samples: [
    {
      path: 'Windows/Panther/WaSetup.xml',
      text: [
        '<Events>',
        '<Event time="2019-05-16T21:32:58.660Z" category="ERROR" source="Unattend">',
        '    <UnhandledError>',
        "        <Message>InstrumentProcedure: Failed to execute 'Call ConfigureLicensing()'. Will raise error to caller</Message>",
        '        <Number>-2147221500</Number>',
        '        <Description>Could not find the VOLUME_KMSCLIENT product</Description>',
        '        <Source>Licensing.wsf</Source>',
        '    </UnhandledError>',
        '</Event>',
      ].join('\n'),
      expectFacts: [{ kind: 'windows-setup-error', line: 2, attrs: { file: 'WaSetup.xml', source: 'Unattend', number: '-2147221500', description: 'Could not find the VOLUME_KMSCLIENT product' } }],
      expectEvents: [
        {
          level: 'error',
          source: SETUP_LOG_ID,
          line: 2,
          endLine: 9,
          time: Date.UTC(2019, 4, 16, 21, 32, 58, 660),
          timeSource: 'utc',
          prefix: 'Unattend',
          message: "InstrumentProcedure: Failed to execute 'Call ConfigureLicensing()'. Will raise error to caller - Could not find the VOLUME_KMSCLIENT product (-2147221500, Licensing.wsf)",
        },
      ],
    },
  ],
  parse(source, ctx) {
    const text = source.replace(/^\uFEFF/, '');
    const file = ctx.path.slice(ctx.path.lastIndexOf('/') + 1);
    const index = new TextIndex(text);
    let count = 0;
    const re = new RegExp(RE_TIMED_START.source, 'gi');
    for (let m = re.exec(text); m && count < MAX_EVENTS; m = re.exec(text)) {
      const tag = m[1]!;
      const a = attrsOf(m[2]!);
      const start = m.index;
      let body = '';
      let end = start + m[0].length;
      if (m[3] !== '/') {
        // Up to the closing tag, else the next timed element (a cut log), else the end of the text: the closing tag
        // is looked for only before the next timed element, so a file of unclosed elements stays linear.
        re.lastIndex = end;
        const next = re.exec(text);
        const limit = next ? next.index : text.length;
        const closeAt = text.slice(end, limit).search(new RegExp(`</${tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*>`, 'i'));
        const stop = closeAt >= 0 ? end + closeAt : limit;
        body = text.slice(end, stop);
        if (closeAt >= 0) {
          const gt = text.indexOf('>', stop);
          end = gt >= 0 && gt < limit ? gt + 1 : stop;
        } else end = stop;
        re.lastIndex = end;
      }
      const timeAttr = a['time'] ?? a['timestamp'] ?? a['datetime'] ?? a['date'] ?? '';
      const stamp = readTime(timeAttr.trim(), ctx.tz);
      const t: DocTime = stamp ? { time: stamp.time, timeText: timeAttr, timeSource: stamp.timeSource } : { time: null, timeText: timeAttr, timeSource: 'none' };
      const messageText = child(body, 'Message') ?? a['message'] ?? a['msg'] ?? a['text'];
      const description = child(body, 'Description');
      const number = child(body, 'Number') ?? a['code'] ?? a['hresult'];
      const src = child(body, 'Source');
      let message = messageText ?? squash(decode(stripTags(body)));
      if (description && description !== message) message += `${message ? ' - ' : ''}${description}`;
      const extra = [number, src].filter(Boolean).join(', ');
      if (extra) message += ` (${extra})`;
      if (!message) message = `<${tag}>`;
      message = cut(message, 2000);
      const level = levelOfAttrs(a) ?? inferLevel(message);
      const line = index.lineAt(start);
      const endLine = index.lineAt(Math.max(start, end - 1));
      const raw = index.lineText(line, start);
      const ev: LogEvent = { ...t, level, source: SETUP_LOG_ID, path: ctx.path, line, message, raw, format: `${file.toLowerCase()}-${tag.toLowerCase()}` };
      if (endLine > line) ev.endLine = endLine;
      if (a['source']) ev.prefix = a['source'];
      const fields = attrs({ file, category: a['category'] ?? a['level'] ?? a['type'], source: a['source'], number, description: description ? cut(description, 300) : undefined });
      if (fields) ev.fields = fields;
      ctx.emit(ev);
      count++;
      if (level === 'error') {
        fact(ctx, 'windows-setup-error', cut(messageText ?? message, 300), {
          time: t.time,
          line,
          text: raw,
          attrs: attrs({ file, source: a['source'], number, description: description ? cut(description, 300) : undefined }),
        });
      }
    }
    if (count === 0) {
      if (text.trim() === '') ctx.problem(`empty ${file}`);
      else ctx.problem(`${file} has no timed elements (<Event time="...">): unknown format`);
    }
  },
};
