// A pasted Windows event (details.ts) or a description-only paragraph, in the field shape every Windows event source
// shares (`provider`, `eventId`, `channel`, `computer`, `data.*`: detectors/windows-events.ts reads them). The XML
// part, when pasted, is the reference (canonical provider name, UTC time, event data); the block's labels fill in
// what it lacks. The message catalog names the provider and id of a description whose labels did not, and puts the
// provider under its canonical name when the block wrote a translated display name.
import type { Level } from '../../model.js';
import type { CatalogHit } from './catalog.js';
import { recogniseDescription } from './catalog.js';
import type { TimeValue } from './common.js';
import { isNothing, levelFromName, messageOf, put } from './common.js';
import type { PastedEvent } from './details.js';
import { clean } from './details.js';

export interface PastedParts {
  fields: Record<string, string>;
  level: Level;
  message: string;
  /** The XML's `TimeCreated` (UTC); otherwise the block's date text, for the caller to place. */
  time: TimeValue | undefined;
  dateText: string | undefined;
}

const BLOCK_FIELDS = ['provider', 'eventId', 'channel', 'computer', 'userId', 'levelName', 'taskName', 'keywordNames', 'opcodeName'] as const;

export function pastedParts(event: PastedEvent): PastedParts {
  const fields: Record<string, string> = {};
  const xml = event.xml;
  if (xml) Object.assign(fields, xml.fields);
  for (const key of BLOCK_FIELDS) {
    const v = event.values[key]?.trim();
    if (v === undefined || isNothing(v) || fields[key] !== undefined) continue;
    put(fields, key, v);
  }
  const written = event.values.provider?.trim();
  if (xml && written && written !== fields.provider) put(fields, 'sourceName', written);
  const description = event.description !== '' ? event.description : undefined;
  let level = xml?.level ?? levelFromName(fields.levelName);
  const hit = description !== undefined ? recogniseDescription(description) : undefined;
  if (hit) {
    const hitLevel = applyHit(fields, hit, xml === undefined);
    if (level === undefined) level = hitLevel;
  }
  const message = description !== undefined ? messageOf(description, fields) : (xml?.message ?? messageOf(undefined, fields));
  const dateText = event.values.date !== undefined && !isNothing(clean(event.values.date)) ? clean(event.values.date) : undefined;
  return { fields, level: level ?? 'info', message, time: xml?.time.time !== null && xml ? xml.time : undefined, dateText };
}

/**
 * Fills provider, id and data from a catalog hit: always when the text named none; the provider's canonical name
 * when the id agrees (a block's `Source:` may be a display name: `DNS Client Events`). Returns the hit's level, or
 * undefined when the ids disagree.
 */
export function applyHit(fields: Record<string, string>, hit: CatalogHit, fromLabels: boolean): Level | undefined {
  const sameId = fields.eventId === undefined || fields.eventId === hit.eventId;
  if (!sameId) return undefined;
  if (fields.provider !== undefined && fields.provider !== hit.provider && fromLabels) put(fields, 'sourceName', fields.provider);
  if (fromLabels || fields.provider === undefined) fields.provider = hit.provider;
  fields.eventId = hit.eventId;
  fields.channel ??= hit.channel;
  for (const [k, v] of Object.entries(hit.data)) if (fields[`data.${k}`] === undefined) put(fields, `data.${k}`, v);
  fields.catalog = hit.lang;
  return hit.level;
}
