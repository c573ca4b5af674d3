/**
 * The table of docs/providers.md, made from what each provider supports
 * (src/providers/supports.ts): the docs say what the checks enforce.
 */
import { PROVIDER_SUPPORT } from '../../src/providers/supports';
import type { ProviderSupport } from '../../src/providers/provider';

/** Where the table stands in docs/providers.md. */
export const TABLE_START = '<!-- provider-support: start (test/providers/supports.test.ts) -->';
export const TABLE_END = '<!-- provider-support: end -->';

function ttlWords({ ttl }: ProviderSupport): string {
  const seconds = `${ttl.min}-${ttl.max} seconds`;
  return ttl.auto === false ? `${seconds}, no automatic TTL` : `${seconds}, or \`auto\` (written as ${ttl.auto})`;
}

/** The rows of the table: a feature, then its words per provider. */
const ROWS: readonly [string, (support: ProviderSupport) => string][] = [
  ['Terraform resource', (s) => `\`${s.resource}\``],
  ['Record types', (s) => s.recordTypes.join(', ')],
  [
    'Values of one name and type',
    (s) => (s.recordSet === 'set' ? 'one resource owns the set' : 'one resource per value'),
  ],
  ['TTL', ttlWords],
  ['Proxy', (s) => (s.proxied ? 'offered; ses-dns writes `proxied = false`' : 'none')],
  ['TXT longer than 255 characters', (s) => s.longTxt],
  [
    'Kept TXT values (`keepTxt`)',
    (s) => (s.keptTxt === 'in-set' ? 'written into our record set' : 'left alone, records of their own'),
  ],
  ['Zone looked up by name with', (s) => `\`${s.zoneLookup}\``],
  ['Import id of a record', (s) => s.importId],
  [
    'Import id found by `adopt` from',
    (s) => (s.importIdFrom === 'set' ? 'the zone id alone' : "the zone id and the record's id in the API"),
  ],
];

/** The Markdown table, one column per provider in registry order. */
export function supportTable(): string {
  const providers = Object.values(PROVIDER_SUPPORT);
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(['', ...providers.map((p) => p.title)]),
    line(['---', ...providers.map(() => '---')]),
    ...ROWS.map(([feature, words]) => line([feature, ...providers.map(words)])),
  ].join('\n');
}
