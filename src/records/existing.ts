/**
 * What a domain's plan must respect of what already exists (issue #6): TXT values of others
 * that share a record set with ours (`keepTxt`), and import ids of records to adopt.
 */
import type { ResolvedDomain } from '../config/model';
import type { PlannedRecord } from './model';
import { addressRegionOf, importKey } from './regional';

/** `records` with the kept TXT values and import ids of `domain` attached. */
export function withExisting(domain: ResolvedDomain, records: readonly PlannedRecord[]): PlannedRecord[] {
  const keepTxt = domain.keepTxt ?? [];
  const imports = domain.imports ?? {};
  // Most domains keep nothing and import nothing: their records are returned as planned.
  if (keepTxt.length === 0 && Object.keys(imports).length === 0) return [...records];
  return records.map((record) => {
    const kept = record.type === 'TXT' ? keepTxt.filter((k) => k.name === record.name).map((k) => k.value) : [];
    const importId = imports[importKey(record.role, addressRegionOf(record))];
    return Object.assign(
      {},
      record,
      kept.length > 0 ? { kept } : {},
      importId !== undefined ? { importId } : {},
    ) as PlannedRecord;
  });
}
