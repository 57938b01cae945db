// Display width and word wrapping for the terminal report.
import { describe, expect, it } from 'vitest';
import { displayWidth, wrapSpans, wrapText } from '../../src/report/terminal-layout.js';

const red = (s: string): string => `\x1b[31m${s}\x1b[39m`;

describe('displayWidth: the columns a terminal gives a string', () => {
  it.each([
    ['plain ASCII', 'logscan 0.1.0', 13],
    ['colour codes count 0', red('ERROR'), 5],
    ['a hyperlink escape counts 0', '\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\', 4],
    ['CJK characters count 2', '日本語', 6],
    ['Hangul counts 2', '한국어', 6],
    ['fullwidth forms count 2', 'ＡＢ', 4],
    ['an emoji counts 2', '👍', 2],
    ['a combining accent counts 0', 'e\u0301', 1],
    ['arrows and box lines count 1', '↳ │ → …', 7],
    ['accented Latin counts 1', 'Überwachung', 11],
  ])('%s', (_, text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});

describe('wrapText: lines within the width, broken at spaces', () => {
  const within = (lines: string[], width: number): void => {
    for (const l of lines) expect(displayWidth(l), JSON.stringify(l)).toBeLessThanOrEqual(width);
  };

  it('breaks at word boundaries with the hanging indent, keeping every word', () => {
    const text = 'Enable failed with error: freeze took longer than timeout StatusCode.FailedRetryable';
    const lines = wrapText(text, 40, { indent: '  │ ', hanging: '  │   ' });
    within(lines, 40);
    expect(lines).toEqual(['  │ Enable failed with error: freeze', '  │   took longer than timeout', '  │   StatusCode.FailedRetryable']);
    expect(lines.map((l) => l.replace(/^ {2}│ +/, '')).join(' ')).toBe(text);
  });

  it('breaks a path longer than a line after a slash, a URL after a slash or a hyphen', () => {
    const lines = wrapText('collect /var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log now', 50);
    within(lines, 50);
    expect(lines).toEqual(['collect /var/log/azure/', 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux/', 'extension.log now']);
    const url = 'https://learn.microsoft.com/azure/backup/backup-azure-vms-troubleshoot#usererrorfsfreezefailed---failed-to-freeze';
    const parts = wrapText(url, 40);
    within(parts, 40);
    expect(parts.join('')).toBe(url);
  });

  it('keeps the leading spaces of an indented line and the spaces that align columns', () => {
    expect(wrapText('   at System.IO.__Error.WinIOError()\n[INFO]  Beginning', 60, { indent: '| ' })).toEqual(['|    at System.IO.__Error.WinIOError()', '| [INFO]  Beginning']);
  });

  it('counts wide characters as two columns', () => {
    const lines = wrapText('日本語のテキストはとても長いのでここで折り返す必要があります', 20, { indent: '  ' });
    within(lines, 20);
    expect(lines.length).toBeGreaterThan(2);
  });

  it('paints each line on its own: a colour never runs across a line break', () => {
    const lines = wrapSpans([{ text: 'Root cause: #1 No space left on device ' }, { text: 'ERROR', paint: red }, { text: ' — explains #2, #3, #4', paint: red }], 30, { indent: '  ', hanging: '    ' });
    within(lines, 30);
    for (const l of lines) expect((l.match(/\x1b\[31m/g) ?? []).length).toBe((l.match(/\x1b\[39m/g) ?? []).length);
  });

  it('keeps the spaces that end one span and start the next', () => {
    expect(wrapSpans([{ text: 'WARNING  ' }, { text: '  ↳ title' }], 40)).toEqual(['WARNING    ↳ title']);
  });

  it('turns tabs into spaces and shows other control characters as escapes, counted in the width', () => {
    expect(wrapText('a\tb\x07c', 40)).toEqual(['a    b\\x07c']);
    expect(wrapText('\x1b]0;title\x07\x1b[2J\rback\b\u202e', 40)).toEqual(['\\x1b]0;title\\x07\\x1b[2J\\rback\\x08\\u202e']);
    const lines = wrapText('x'.repeat(30) + '\x1b'.repeat(10), 40);
    within(lines, 40);
    expect(lines.join('')).toBe('x'.repeat(30) + '\\x1b'.repeat(10));
  });
});
