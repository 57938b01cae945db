// XML documents read without throwing (fast-xml-parser reads broken XML without complaint, so it is validated
// first), and the goal-state documents' root element.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ParseContext } from '../types.js';
import { type Obj, obj } from './values.js';

const XML = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
});

/** The 2.8+ stand-in for goal-state files the agent no longer keeps in its lib dir. */
export function isPlaceholder(text: string): boolean {
  return /^\s*<xml>\s*empty placeholder file\s*<\/xml>\s*$/i.test(text);
}

/**
 * Parses XML after checking it is well-formed (fast-xml-parser reads broken XML without complaint); a problem
 * names the line and the parser's reason. `scrub` cleans that reason (ovf-env.xml: never quote a password).
 */
export function parseXml(text: string, ctx: ParseContext, what: string, scrub: (s: string) => string = (s) => s): Obj | undefined {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') {
    ctx.problem(`empty file: no ${what} in it`);
    return undefined;
  }
  let verdict: ReturnType<typeof XMLValidator.validate>;
  try {
    verdict = XMLValidator.validate(body);
  } catch (error) {
    ctx.problem(`${what} is not well-formed XML`);
    return undefined;
  }
  if (verdict !== true) {
    const err = verdict.err;
    ctx.problem(scrub(`${what} is not well-formed XML (line ${err.line}${err.col ? `, column ${err.col}` : ''}: ${err.msg})`));
    return undefined;
  }
  try {
    return obj(XML.parse(body)) ?? {};
  } catch (error) {
    ctx.problem(scrub(`${what} cannot be read as XML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`));
    return undefined;
  }
}

/**
 * The root element `tag` of a goal-state XML document. Undefined for the 2.8+ placeholder (no problem), and for a
 * broken document or another root (with a problem: `no <tag> element: not <expected>`).
 */
export function goalStateRoot(source: string, ctx: ParseContext, what: string, tag: string, expected: string): Obj | undefined {
  if (isPlaceholder(source)) return undefined;
  const doc = parseXml(source, ctx, what);
  if (!doc) return undefined;
  const root = obj(doc[tag]);
  if (!root) ctx.problem(`no <${tag}> element: not ${expected}`);
  return root;
}
