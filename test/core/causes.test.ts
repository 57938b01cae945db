// The causal model stays readable and true to the detectors: every pattern names a finding that exists, every
// link says why with a reference a reviewer can check, and the verdict's clauses name real findings.
import { describe, expect, it } from 'vitest';
import { detectors } from '../../src/detectors/index.js';
import { CAUSAL_LINKS, MINOR_WARNINGS, SAME_EVIDENCE_PRECEDENCE, SYMPTOMS } from '../../src/detectors/causes.js';
import { CATEGORY_SOURCES } from '../../src/detectors/coverage.js';
import { BECAUSE_CLAUSES } from '../../src/report/verdict-phrases.js';
import { CATEGORIES } from '../../src/model.js';
import { parsers } from '../../src/parsers/index.js';

const ids = new Set(detectors.flatMap((d) => Object.keys(d.meta.variants).map((v) => `${d.meta.id}.${v}`)));
const detectorIds = new Set(detectors.map((d) => d.meta.id));

function exists(pattern: string): boolean {
  return pattern.endsWith('.*') ? detectorIds.has(pattern.slice(0, -2)) : ids.has(pattern);
}

describe('the causal model', () => {
  it('names only findings the detectors raise', () => {
    const unknown = [...CAUSAL_LINKS.flatMap((l) => [...l.cause, ...l.effect]), ...SYMPTOMS, ...MINOR_WARNINGS, ...SAME_EVIDENCE_PRECEDENCE.flat()].filter((p) => !exists(p));
    expect(unknown).toEqual([]);
  });

  it('gives each link a reason that cites the docs', () => {
    for (const link of CAUSAL_LINKS) {
      expect(link.why.length, link.cause.join()).toBeGreaterThan(30);
      expect(link.why, link.cause.join()).toMatch(/\.md §|seed cause|MicrosoftDocs/);
      expect(link.within).toBeGreaterThan(0);
    }
  });

  it('has a clause for every finding it names in the verdict, and only for real ones', () => {
    expect(Object.keys(BECAUSE_CLAUSES).filter((id) => !ids.has(id))).toEqual([]);
    const missing = [...ids].filter((id) => !id.startsWith('bundle.') && !(id in BECAUSE_CLAUSES));
    expect(missing).toEqual([]);
  });

  it('knows which sources can show each category a detector raises', () => {
    for (const d of detectors) {
      if (d.meta.category === 'bundle' || d.meta.category === 'other') continue;
      expect(CATEGORY_SOURCES[d.meta.category], d.meta.category).toBeDefined();
    }
    for (const c of Object.keys(CATEGORY_SOURCES)) expect(CATEGORIES).toContain(c);
    const parserIds = new Set(parsers.map((p) => p.id));
    const unknown = Object.values(CATEGORY_SOURCES).flatMap((set) => [...set!].filter((id) => !parserIds.has(id)));
    expect(unknown).toEqual([]);
  });
});
