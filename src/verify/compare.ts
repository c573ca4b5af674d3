/**
 * Comparing published records with planned ones by meaning, not bytes: TXT strings joined,
 * DMARC tag by tag, SPF term by term, names without case or trailing dot.
 */

/** A name as DNS compares it: lowercase, no trailing dot. */
export function canonicalName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/**
 * Tags of a `tag=value; tag=value` record (DMARC, RFC 7489 section 6.4; DKIM key records,
 * RFC 6376 section 3.6.1). Tag names are case-insensitive; white space around is ignored.
 */
export function parseTags(text: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    tags.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  return tags;
}

/** DMARC tag values whose case does not matter (RFC 7489 section 6.3). */
const CASELESS_DMARC_TAGS = new Set(['v', 'p', 'sp', 'np', 'adkim', 'aspf', 'fo', 'rf']);

/** Defaults a receiver assumes for an absent DMARC tag (RFC 7489 section 6.3). */
const DMARC_DEFAULTS: Record<string, string> = {
  adkim: 'r',
  aspf: 'r',
  pct: '100',
  fo: '0',
  ri: '86400',
  rf: 'afrf',
};

/**
 * The differences between two DMARC records, tag by tag, as `tag: expected X, found Y`;
 * empty when they mean the same. Absent tags count as their RFC default.
 */
export function diffDmarc(expected: string, found: string): string[] {
  // Tags compared are those written on either side; an absent sp or np stands for the
  // policy it implies.
  const keys = [...new Set([...parseTags(expected).keys(), ...parseTags(found).keys()])];
  const want = withImpliedPolicies(parseTags(expected));
  const have = withImpliedPolicies(parseTags(found));
  const differences: string[] = [];
  for (const key of keys) {
    const normalize = (v: string | undefined) => {
      const value = v ?? DMARC_DEFAULTS[key];
      if (value === undefined) return undefined;
      if (key === 'rua' || key === 'ruf') {
        return value
          .split(',')
          .map((u) => u.trim().toLowerCase())
          .sort()
          .join(',');
      }
      return CASELESS_DMARC_TAGS.has(key) ? value.toLowerCase() : value;
    };
    const a = normalize(want.get(key));
    const b = normalize(have.get(key));
    if (a !== b) differences.push(`${key}: expected ${a ?? '(absent)'}, found ${b ?? '(absent)'}`);
  }
  return differences;
}

/**
 * Tags with the policies an absent `sp` and `np` stand for: `sp` is `p` (RFC 7489 section
 * 6.3), `np` is `sp` (RFC 9989, DMARCbis).
 */
function withImpliedPolicies(tags: Map<string, string>): Map<string, string> {
  const p = tags.get('p');
  if (p !== undefined && !tags.has('sp')) tags.set('sp', p);
  const sp = tags.get('sp');
  if (sp !== undefined && !tags.has('np')) tags.set('np', sp);
  return tags;
}

/**
 * SPF terms of a record, the version dropped, qualifiers `+` made explicit-free. A record
 * without `all` and without `redirect=` ends in `?all` for a verifier (RFC 7208 section 4.7).
 */
function spfTerms(record: string): string[] {
  const terms = record
    .trim()
    .split(/\s+/)
    .slice(1)
    .map((t) => t.toLowerCase().replace(/^\+/, ''));
  const ends = terms.some((t) => /^[?~-]?all$/.test(t) || t.startsWith('redirect='));
  return ends ? terms : [...terms, '?all'];
}

/**
 * The differences between two SPF records, term by term (order of mechanisms before `all`
 * does not change who is authorized for our includes), empty when they mean the same.
 */
export function diffSpf(expected: string, found: string): string[] {
  const want = spfTerms(expected);
  const have = spfTerms(found);
  const missing = want.filter((t) => !have.includes(t)).map((t) => `missing ${t}`);
  const extra = have.filter((t) => !want.includes(t)).map((t) => `unexpected ${t}`);
  return [...missing, ...extra];
}

/** Whether a TXT value is an SPF record (RFC 7208 section 4.5: exactly `v=spf1` then space or end). */
export function isSpf(value: string): boolean {
  return /^v=spf1(\s|$)/i.test(value);
}

/** Whether a TXT value is a DMARC record. */
export function isDmarc(value: string): boolean {
  return /^v=DMARC1\s*(;|$)/i.test(value);
}
