// Remediation fits the platform: a Windows finding never tells the reader to edit /etc/waagent.conf, a Linux one
// never to run PowerShell; each platform's page is linked only from its own findings.
import { describe, expect, it } from 'vitest';
import { detectors } from '../../src/detectors/index.js';
import { stepsFor } from '../../src/detectors/engine.js';
import type { DocLink, EvidenceFix, Platform, Steps } from '../../src/detectors/types.js';
import { LINUX_ONLY, WINDOWS_ONLY } from '../helpers/platform-words.js';

const LINUX_PAGE = /\/linux\//i;
const WINDOWS_PAGE = /\/windows\//i;

function wrong(platform: Platform): RegExp {
  return platform === 'linux' ? WINDOWS_ONLY : LINUX_ONLY;
}

function docsOf(docs: DocLink, platform: Platform): string {
  return typeof docs === 'string' ? docs : docs[platform];
}

/** Which platforms a variant's steps are read on: its own when declared, else both. */
function platformsOf(declared: Platform | undefined): Platform[] {
  return declared ? [declared] : ['linux', 'windows'];
}

describe('remediation fits the platform', () => {
  for (const d of detectors) {
    for (const [name, v] of Object.entries(d.meta.variants)) {
      const declared = v.platform ?? d.meta.platform;
      const fixes: readonly EvidenceFix[] = [...(v.fixes ?? []), ...(d.meta.fixes ?? [])];
      for (const platform of platformsOf(declared)) {
        it(`${d.meta.id}.${name} on ${platform}`, () => {
          const lists: [string, Steps][] = [['remediation', v.remediation ?? d.meta.remediation], ...fixes.map((f): [string, Steps] => [`fix ${f.when}`, f.steps])];
          for (const [what, steps] of lists) {
            for (const step of stepsFor(steps, platform)) {
              expect(step, `${what} of ${d.meta.id}.${name} read on ${platform}`).not.toMatch(wrong(platform));
            }
          }
          const page = docsOf(v.docs ?? d.meta.docs, platform);
          expect(page, `docs of ${d.meta.id}.${name} on ${platform}`).not.toMatch(platform === 'linux' ? WINDOWS_PAGE : LINUX_PAGE);
        });
      }
    }
  }
});
