// Windows events known by their message text alone, for pastes that carry only the description (no labels, or labels
// nobody can map): the events the detectors rely on, keyed on the parts Windows does not translate (program and
// service names, API names, `hr = 0x…`, `.exe, …: 0x…`) and on the message words where a real text in that language
// was found. Texts per language and where each was checked are in the table below (`langs`); a language missing
// from an entry had no public text to check against, so it is left out rather than guessed.
//
// Cost: `catalogStart` is a few `indexOf`s on one line; `recogniseDescription` first checks each entry's hint words
// (plain substring tests) and runs an entry's regex only when one is there, on the first 2000 characters.
import type { Level } from '../../model.js';

export interface CatalogHit {
  provider: string;
  eventId: string;
  channel: string;
  level: Level;
  /** Values read from the text, named as the event's XML names them (`param1`) or by position (`0`). */
  data: Record<string, string>;
  /** Languages whose text matched (`*` for the language-neutral shapes). */
  lang: string;
}

interface Entry {
  provider: string;
  eventId: string;
  channel: 'Application' | 'System';
  level: Level;
  /** Any of these must occur in the text before `pattern` is tried. */
  hints: string[];
  /** The text's start, per language; groups are mapped to data keys by `keys`. */
  langs: Record<string, RegExp>;
  keys: string[];
}

const HEAD = 2000;

// Application Error 1000: `<label>: <program>.exe, <label>: <version>, <label>: 0x<hex>` in every language (checked:
// en, de, fr, es, zh-CN); the labels are translated, the shape is not.
// .NET Runtime 1026: `<label>: <program>.exe` then `<label>: v4.0.30319` (checked: en, fr).
const ENTRIES: Entry[] = [
  {
    provider: 'Application Error',
    eventId: '1000',
    channel: 'Application',
    level: 'error',
    hints: ['.exe'],
    langs: { '*': /^[^\n:：]{3,80}?\s?[:：]\s?([^\s,，、:：]+\.exe)\s?[,，、]\s?[^\n:：,，]{1,30}?\s?[:：]\s?([0-9][0-9.]*)\s?[,，、]\s?[^\n:：,，]{1,30}?\s?[:：]\s?(0x[0-9a-fA-F]+)/ },
    keys: ['0', '1', '2'],
  },
  {
    provider: '.NET Runtime',
    eventId: '1026',
    channel: 'Application',
    level: 'error',
    hints: ['.exe'],
    langs: { '*': /^[^\n:：]{2,40}?\s?[:：]\s?([^\s:：]+\.exe)\s*\n[^\n:：]{2,60}?\s?[:：]\s?(v?\d+\.\d+\.\d+[\w.]*)/ },
    keys: ['0', 'frameworkVersion'],
  },
  // Service Control Manager (checked: en from Event Viewer pastes; ja from a Microsoft Japan support blog).
  {
    provider: 'Service Control Manager',
    eventId: '7031',
    channel: 'System',
    level: 'error',
    hints: ['terminated unexpectedly', '予期せぬ原因により終了しました'],
    langs: {
      en: /^The (.+?) service terminated unexpectedly\.\s+It has done this (\d+) time\(s\)\.\s+The following corrective action will be taken in (\d+) milliseconds: ([^\n]*)/,
      ja: /^(.+?) サービスは予期せぬ原因により終了しました。\s*このサービスの(?:強制)?終了は (\d+) 回目です。\s*次の修正操作が (\d+) ミリ秒(?:以内に|後に)実行されます: ([^\n]*)/,
    },
    keys: ['param1', 'param2', 'param3', 'param5'],
  },
  {
    provider: 'Service Control Manager',
    eventId: '7034',
    channel: 'System',
    level: 'error',
    hints: ['terminated unexpectedly'],
    langs: { en: /^The (.+?) service terminated unexpectedly\.\s+It has done this (\d+) time\(s\)\.?\s*$/m },
    keys: ['param1', 'param2'],
  },
  {
    provider: 'Service Control Manager',
    eventId: '7036',
    channel: 'System',
    level: 'info',
    hints: ['service entered the', '状態に移行しました'],
    langs: {
      en: /^The (.+?) service entered the (.+?) state\./,
      ja: /^(.+?) サービスは (.+?) 状態に移行しました。/,
    },
    keys: ['param1', 'param2'],
  },
  // VSS (checked: en from the VSS message table and Event Viewer pastes; de 8194 from pasted German events).
  {
    provider: 'VSS',
    eventId: '8194',
    channel: 'Application',
    level: 'error',
    hints: ['IVssWriterCallback'],
    langs: {
      en: /^Volume Shadow Copy Service error: Unexpected error querying for the IVssWriterCallback interface\.\s+hr = (0x[0-9a-fA-F]{8})/,
      de: /^Volumeschattenkopie-Dienstfehler: [^\n]*?"IVssWriterCallback"[^\n]*?hr = (0x[0-9a-fA-F]{8})/,
    },
    keys: ['hr'],
  },
  {
    provider: 'VSS',
    eventId: '8193',
    channel: 'Application',
    level: 'error',
    hints: ['Unexpected error calling routine'],
    langs: { en: /^Volume Shadow Copy Service error: Unexpected error calling routine ([^\n]+?)\.\s+hr = (0x[0-9a-fA-F]{8})/ },
    keys: ['0', 'hr'],
  },
  {
    provider: 'VSS',
    eventId: '12293',
    channel: 'Application',
    level: 'error',
    hints: ['Error calling a routine on a Shadow Copy Provider'],
    langs: { en: /^Volume Shadow Copy Service error: Error calling a routine on a Shadow Copy Provider (\{[0-9a-fA-F-]{36}\})\. Routine details ([^\n]*)/ },
    keys: ['0', '1'],
  },
  {
    provider: 'VSS',
    eventId: '12289',
    channel: 'Application',
    level: 'error',
    hints: ['Volume Shadow Copy Service error: Unexpected error'],
    langs: { en: /^Volume Shadow Copy Service error: Unexpected error (\w+\([^\n]*?\))\.\s+hr = (0x[0-9a-fA-F]{8})/ },
    keys: ['0', 'hr'],
  },
  // Shutdowns (checked: en from Event Viewer pastes and Microsoft docs samples).
  {
    provider: 'Microsoft-Windows-Kernel-Power',
    eventId: '41',
    channel: 'System',
    level: 'error',
    hints: ['rebooted without cleanly shutting down'],
    langs: { en: /^The system has rebooted without cleanly shutting down first\./ },
    keys: [],
  },
  {
    provider: 'EventLog',
    eventId: '6008',
    channel: 'System',
    level: 'error',
    hints: ['previous system shutdown at'],
    langs: { en: /^The previous system shutdown at (.+?) on (.+?) was unexpected\./ },
    keys: ['0', '1'],
  },
  {
    provider: 'User32',
    eventId: '1074',
    channel: 'System',
    level: 'info',
    hints: ['has initiated the'],
    langs: { en: /^The process (.+?) has initiated the (restart|shutdown|power off) of computer (\S+) on behalf of user (.+?) for the following reason: ([^\n]*)/ },
    keys: ['param1', 'param5', 'param2', 'param7', 'param3'],
  },
  // DNS Client 1014 (checked: en from pasted warnings).
  {
    provider: 'Microsoft-Windows-DNS-Client',
    eventId: '1014',
    channel: 'System',
    level: 'warning',
    hints: ['Name resolution for the name'],
    langs: { en: /^Name resolution for the name (\S+?)\.? timed out after none of the configured DNS servers responded\./ },
    keys: ['QueryName'],
  },
];

const RE_PROGRAM_LINE = /^[^:：]{2,40}?\s?[:：]\s?\S+\.exe\s*$/;

/** Every hint, for the one-line check. */
const START_HINTS = [...new Set(ENTRIES.flatMap((e) => e.hints))];

/**
 * True when a line may open a description the catalog knows (a paste of description texts starts a new event
 * there). A few substring tests: callers use it only on lines that are not already part of a timestamped entry.
 */
export function catalogStart(line: string): boolean {
  if (line.length < 12 || !START_HINTS.some((h) => line.includes(h))) return false;
  // .NET Runtime 1026 needs its second line: its first (`<label>: <program>.exe`) alone opens an event too.
  return recogniseDescription(line) !== undefined || RE_PROGRAM_LINE.test(line);
}

/** The event a description text is, by its first lines; undefined when no entry knows it. */
export function recogniseDescription(text: string): CatalogHit | undefined {
  const head = (text.length > HEAD ? text.slice(0, HEAD) : text).replace(/\r\n?/g, '\n').replace(/^[\s\u200e\u200f]+/, '');
  for (const entry of ENTRIES) {
    if (!entry.hints.some((h) => head.includes(h))) continue;
    for (const [lang, pattern] of Object.entries(entry.langs)) {
      const m = pattern.exec(head);
      if (!m) continue;
      const data: Record<string, string> = {};
      entry.keys.forEach((key, i) => {
        const v = m[i + 1]?.trim();
        if (v) data[key] = v;
      });
      return { provider: entry.provider, eventId: entry.eventId, channel: entry.channel, level: entry.level, data, lang };
    }
  }
  return undefined;
}
