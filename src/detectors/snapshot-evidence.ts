// The VMSnapshotLinux status code joins the finding its log lines raise ("one finding, all its
// evidence"): a `StatusCode.<Name>` in extension.log and a code in status/<N>.status both land in
// the variant that owns the code (../knowledge/vmsnapshot-codes.ts).
import type { LogEvent } from '../model.js';
import type { DetectorContext, Facts } from './types.js';
import { snapshotCode } from '../knowledge/vmsnapshot-codes.js';

/** The variant of `detectorId` that owns this status code or name, if any. */
export function ownedVariant(detectorId: string, code: string | number | undefined): string | undefined {
  const finding = snapshotCode(code)?.finding;
  return finding?.startsWith(`${detectorId}.`) ? finding.slice(detectorId.length + 1) : undefined;
}

/** Reports an event whose `fields.statusCode` (or `fields.code`) belongs to this detector; true if it did. */
export function reportStatusEvent(detectorId: string, event: LogEvent, context: DetectorContext): boolean {
  const variant = ownedVariant(detectorId, event.fields?.statusCode) ?? ownedVariant(detectorId, event.fields?.code);
  if (!variant) return false;
  context.report(variant, event, { detail: `status ${event.fields?.statusCode ?? event.fields?.code}` });
  return true;
}

/** Adds the extension status files' codes that belong to this detector as evidence. */
export function reportStatusFacts(detectorId: string, facts: Facts, context: DetectorContext): void {
  for (const fact of facts.of('extension-status')) {
    const code = fact.attrs?.code;
    const variant = ownedVariant(detectorId, code) ?? ownedVariant(detectorId, fact.attrs?.extErrorCode);
    if (variant) context.reportFact(variant, fact, { detail: `status file code ${code}` });
  }
}
