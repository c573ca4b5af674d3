/**
 * What a domain's plan must respect of what already exists (issue #6): TXT values of others
 * that share a record set with ours (`keepTxt`), and import ids of records to adopt.
 */
import type { ResolvedDomain } from '../config/model';
import type { PlannedRecord } from './model';

/** `records` with the kept TXT values and import ids of `domain` attached. */
export function withExisting(domain: ResolvedDomain, records: readonly PlannedRecord[]): PlannedRecord[] {
  return records.map((record) => {
    const kept =
      record.type === 'TXT' ? (domain.keepTxt ?? []).filter((k) => k.name === record.name).map((k) => k.value) : [];
    const importId = domain.imports?.[record.role];
    return {
      ...record,
      ...(kept.length > 0 ? { kept } : {}),
      ...(importId !== undefined ? { importId } : {}),
    };
  });
}
