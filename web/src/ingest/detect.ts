// What a byte stream is, from its first bytes (magic first) and its name (second): the rules shared
// with the CLI, on plain bytes (src/ingest/shared/detect.ts).
export { SNIFF_BYTES, archiveKind, isZeroBlock, nameHint, sniff, tarChecksumOk } from '../../../src/ingest/shared/detect.js';
export type { Magic, NameHint, TopKind } from '../../../src/ingest/shared/detect.js';
