/**
 * What each DNS provider supports is data (src/providers/supports.ts): the docs table is
 * made from it, the audit of the check stage refuses what it excludes, and the config's TTL
 * rules agree with it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { auditRecords, takesTtl } from '../../src/checks/audit';
import { validateConfig } from '../../src/checks/validate';
import type { ResolvedEnvironment } from '../../src/config/model';
import type { PlannedRecord } from '../../src/records/model';
import { dnsProvider } from '../../src/providers/registry';
import { PROVIDER_SUPPORT } from '../../src/providers/supports';
import { supportTable, TABLE_END, TABLE_START } from './support-table';

const DOC = resolve(__dirname, '..', '..', 'docs', 'providers.md');

/** A Markdown table as rows of cells, whatever padding prettier gives it. */
function cells(table: string): string[][] {
  return table
    .trim()
    .split('\n')
    .map((line) =>
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split(' | ')
        .map((cell) => cell.trim().replace(/^-+$/, '---')),
    );
}

describe('docs/providers.md', () => {
  test('holds the table made from the providers data', () => {
    const text = readFileSync(DOC, 'utf8');
    const start = text.indexOf(TABLE_START);
    const end = text.indexOf(TABLE_END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const table = text.slice(start + TABLE_START.length, end).trim();
    // When this fails, put the expected table between the markers.
    expect(cells(table)).toEqual(cells(supportTable()));
  });
});

describe.each(Object.keys(PROVIDER_SUPPORT) as (keyof typeof PROVIDER_SUPPORT)[])('%s', (name) => {
  const support = PROVIDER_SUPPORT[name];

  test('the registered provider carries the same data', () => {
    expect(dnsProvider(name).supports).toBe(support);
    expect(dnsProvider(name).name).toBe(name);
  });

  const environment: ResolvedEnvironment = {
    name: 'production',
    path: 'environments.production',
    region: 'eu-west-1',
    dns: { provider: name },
    backend: { type: 'local', path: 'terraform.production.tfstate', relativeTo: 'config' },
    domains: [],
    preventDestroy: true,
  } as unknown as ResolvedEnvironment;
  const record = (over: Partial<PlannedRecord>): PlannedRecord => ({
    domain: 'example.com',
    role: 'dmarc',
    name: '_dmarc.example.com',
    type: 'TXT',
    value: 'v=DMARC1; p=none',
    ttl: 600,
    zone: { kind: 'name', name: 'example.com' },
    purpose: 'test',
    required: true,
    ...over,
  });

  test('the audit passes a record within the data, and refuses a TTL outside it', () => {
    expect(auditRecords(environment, [record({})])).toEqual([]);
    const tooLong = support.ttl.max + 1;
    expect(auditRecords(environment, [record({ ttl: tooLong })])).toEqual([
      {
        severity: 'error',
        path: 'environments.production.ttl',
        message: `the dmarc TXT record of example.com at _dmarc.example.com has TTL ${tooLong}, but ${support.title} takes ${
          support.ttl.auto === false ? '' : `${support.ttl.auto} (automatic), "auto" or `
        }${support.ttl.min}-${support.ttl.max} seconds: change ttl`,
      },
    ]);
    expect(auditRecords(environment, [record({ ttl: 'auto' })]).length).toBe(support.ttl.auto === false ? 1 : 0);
  });

  test('the audit refuses a record type the data leaves out', () => {
    const narrowed = { ...support, recordTypes: support.recordTypes.filter((t) => t !== 'MX') };
    const issues = auditRecords(environment, [record({ type: 'MX', role: 'mail-from-mx' })], narrowed);
    expect(issues.map((i) => i.message)).toEqual([
      `the mail-from-mx MX record of example.com at _dmarc.example.com cannot be written: ${support.title} takes ${narrowed.recordTypes.join(', ')} records only`,
    ]);
  });

  test('the import id adopt makes is one its own rule accepts', () => {
    const zoneId = name === 'route53' ? 'Z0123456789ABCDEFGHIJ' : '023e105f4ecef8ad9ca31a8372d0c353';
    const dmarc = record({ zone: { kind: 'id', id: zoneId } });
    const recordId = support.importIdFrom === 'record' ? '372e67954025e0ba6aaa6d586b9e0b59' : undefined;
    const id = support.importIdOf(zoneId, dmarc, recordId);
    expect(support.importIdProblem(id, dmarc)).toBeUndefined();
    expect(id).toBe(
      support.importIdFrom === 'set'
        ? `${zoneId}__dmarc.example.com_TXT`
        : `${zoneId}/372e67954025e0ba6aaa6d586b9e0b59`,
    );
  });

  test('the config refuses exactly the TTLs the data refuses', () => {
    const config = (ttl: number | string) => ({
      defaults: { region: 'eu-west-1', ttl },
      environments: { production: { dns: { provider: name }, domains: [{ name: 'example.com' }] } },
    });
    for (const ttl of [1, 30, 59, 60, 600, 86400, 86401, 2147483647, 'auto'] as const) {
      const refused = validateConfig(config(ttl)).issues.some((i) => i.severity === 'error');
      const taken = takesTtl(support, ttl === 'auto' ? 'auto' : ttl);
      expect([ttl, refused]).toEqual([ttl, !taken]);
    }
  });
});
