/**
 * `ses-dns records`: the planned records of some environments as a text table, Markdown,
 * JSON or BIND zone files, with Easy DKIM tokens filled in when they are known.
 */
import type { ResolvedEnvironment, Ttl, ZoneRef } from '../config/model';
import { recordAddress } from '../records/address';
import { withTokens } from '../records/model';
import type { PlannedRecord } from '../records/model';
import { planEnvironment } from '../records/plan';
import { providerSupport } from '../providers/supports';
import { tokensFor } from '../records/regional';
import type { DkimTokens } from '../records/regional';
import { chunkTxt } from '../records/txt';
import { keptPurpose, renderRecordsMarkdown } from './records-report';
import { renderTemplate } from './templates';

/** Output formats of `ses-dns records`. */
export const RECORDS_FORMATS = ['table', 'markdown', 'json', 'bind'] as const;

/** One output format of `ses-dns records`. */
export type RecordsFormat = (typeof RECORDS_FORMATS)[number];

/** Easy DKIM tokens by identity: the three tokens SES made for each (src/records/regional.ts). */
export type { DkimTokens } from '../records/regional';

/** The TTL written into a zone file for Cloudflare's automatic TTL. */
export const AUTO_TTL_SECONDS = 300;

/** The records of `environment`, with the tokens of `tokens` in place of placeholders. */
export function environmentRecords(environment: ResolvedEnvironment, tokens: DkimTokens = new Map()): PlannedRecord[] {
  if (tokens.size === 0) return planEnvironment(environment);
  const homeRegions = new Map(environment.domains.map((d) => [d.name, d.region]));
  return planEnvironment(environment).map((record) => {
    const known = tokensFor(tokens, record, homeRegions.get(record.domain) ?? environment.region);
    return known ? withTokens(record, known) : record;
  });
}

/** Renders the records of `environments` in `format`. */
export function renderRecords(
  environments: readonly ResolvedEnvironment[],
  format: RecordsFormat,
  tokens: DkimTokens = new Map(),
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(recordsJson(environments, tokens), null, 2)}\n`;
    case 'markdown':
      return environments.map((env) => renderRecordsMarkdown(env, tokens)).join('\n');
    case 'bind':
      return renderZoneFiles(environments, tokens);
    case 'table':
      return renderTable(environments, tokens);
  }
}

const zoneJson = (zone: ZoneRef) => (zone.kind === 'name' ? { name: zone.name } : { id: zone.id });

/** The JSON of `ses-dns records --format json`: stable keys, records in plan order. */
export function recordsJson(environments: readonly ResolvedEnvironment[], tokens: DkimTokens = new Map()) {
  return {
    environments: environments.map((env) => ({
      name: env.name,
      provider: env.dns.provider,
      records: environmentRecords(env, tokens).map((r) => ({
        domain: r.domain,
        // The SES region a record of a domain in several serves (its DKIM, MAIL FROM).
        ...(r.region === undefined ? {} : { region: r.region }),
        role: r.role,
        address: recordAddress(r),
        zone: zoneJson(r.zone),
        name: r.name,
        type: r.type,
        value: r.value,
        ...(r.priority === undefined ? {} : { priority: r.priority }),
        ttl: r.ttl,
        required: r.required,
        purpose: r.purpose,
        // TXT values of others in the same set (keepTxt), only when there are some.
        ...(r.kept?.length ? { kept: [...r.kept] } : {}),
      })),
    })),
  };
}

/** Records a domain has once, whatever its SES regions. */
const WHOLE_DOMAIN_ROLES: ReadonlySet<string> = new Set(['dmarc', 'spf', 'dmarc-report-auth']);

const displayValue = (r: PlannedRecord) => (r.type === 'MX' ? `${r.priority ?? 10} ${r.value}` : r.value);

function renderTable(environments: readonly ResolvedEnvironment[], tokens: DkimTokens): string {
  return withNewline(
    renderTemplate('records-table.hbs', {
      environments: environments.map((env) => {
        const records = environmentRecords(env, tokens);
        // A REGION column only where a domain has several SES regions (its rows would look alike).
        const regional = records.some((r) => r.region !== undefined);
        // A domain in one region: its DKIM, MAIL FROM and tracking rows are that region's;
        // only what a domain has once whatever its regions (DMARC, root SPF) reads "all".
        const homeRegion = new Map(env.domains.map((d) => [d.name, d.region]));
        const region = (r: PlannedRecord) =>
          regional ? [r.region ?? (WHOLE_DOMAIN_ROLES.has(r.role) ? 'all' : (homeRegion.get(r.domain) ?? 'all'))] : [];
        const header = [...(regional ? ['REGION'] : []), 'TYPE', 'NAME', 'VALUE', 'TTL', 'REQUIRED'];
        const rows = records.flatMap((r) => [
          [...region(r), r.type, r.name, displayValue(r), String(r.ttl), r.required ? 'yes' : 'no'],
          ...(r.kept ?? []).map((value) => [...region(r), 'TXT', r.name, value, String(r.ttl), 'kept']),
        ]);
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
        const line = (cells: string[]) =>
          cells
            .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
            .join('  ')
            .trimEnd();
        const kept = rows.filter((row) => row[row.length - 1] === 'kept').length;
        return {
          name: env.name,
          provider: providerSupport(env.dns.provider).title,
          count: rows.length - kept,
          kept,
          header: line(header),
          rows: rows.map(line),
        };
      }),
    }),
  );
}

const withNewline = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);

/** A TXT value as zone file character-strings: quoted, escaped, at most 255 bytes each. */
export function zoneTxt(value: string): string {
  return chunkTxt(value)
    .map((chunk) => `"${chunk.replace(/[\\"]/g, (c) => `\\${c}`)}"`)
    .join(' ');
}

/** `name` relative to `origin` (`@` for the origin itself), or absolute with its dot. */
export function ownerName(name: string, origin: string): string {
  if (name === origin) return '@';
  if (name.endsWith(`.${origin}`)) return name.slice(0, -origin.length - 1);
  return `${name}.`;
}

function zoneTtl(ttl: Ttl): number {
  return ttl === 'auto' ? AUTO_TTL_SECONDS : ttl;
}

/** The longest label suffix shared by `names`: the origin of a zone known only by its id. */
function commonSuffix(names: readonly string[]): string {
  const split = names.map((n) => n.split('.').reverse());
  const common: string[] = [];
  for (let i = 0; split.every((labels) => i < labels.length && labels[i] === split[0]![i]); i++) {
    common.push(split[0]![i]!);
  }
  return common.reverse().join('.');
}

/**
 * The domains whose own records are in `records`: a DMARC report authorization
 * (`<domain>._report._dmarc.<report domain>`) sits in another domain's zone and says nothing
 * of this zone's name.
 */
function ownDomains(records: readonly PlannedRecord[]): string[] {
  const own = records.filter((r) => r.name === r.domain || r.name.endsWith(`.${r.domain}`)).map((r) => r.domain);
  return own.length > 0 ? own : records.map((r) => r.domain);
}

interface ZoneSection {
  readonly origin: string;
  readonly zone: ZoneRef;
  readonly records: PlannedRecord[];
}

function zoneSections(records: readonly PlannedRecord[]): ZoneSection[] {
  const byZone = new Map<string, { zone: ZoneRef; records: PlannedRecord[] }>();
  for (const record of records) {
    const key = record.zone.kind === 'name' ? `name:${record.zone.name}` : `id:${record.zone.id}`;
    const group = byZone.get(key) ?? { zone: record.zone, records: [] };
    group.records.push(record);
    byZone.set(key, group);
  }
  return [...byZone.values()]
    .map((g) => ({
      ...g,
      // A zone given by id has no name in the config: its records share the domain's name.
      origin: g.zone.kind === 'name' ? g.zone.name : commonSuffix(ownDomains(g.records)),
    }))
    .sort((a, b) => (a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0));
}

/**
 * BIND zone file text: per environment, one section per zone, each starting with
 * `$ORIGIN <zone>.` and complete enough (placeholder SOA and NS) for `named-checkzone`.
 */
export function renderZoneFiles(environments: readonly ResolvedEnvironment[], tokens: DkimTokens = new Map()): string {
  const zones = environments.flatMap((env) =>
    zoneSections(environmentRecords(env, tokens)).map((section) => ({
      origin: section.origin,
      environment: env.name,
      provider: providerSupport(env.dns.provider).title,
      zoneNote:
        section.zone.kind === 'id'
          ? `zone id ${section.zone.id}; its name is not in the config, so names are relative to ${section.origin}`
          : undefined,
      records: section.records.flatMap((r) => {
        const line = (purpose: string, type: string, rdata: string) => ({
          purpose,
          owner: ownerName(r.name, section.origin),
          ttl: zoneTtl(r.ttl),
          type,
          rdata,
          ttlNote:
            r.ttl === 'auto' ? `TTL auto, Cloudflare's automatic TTL, written as ${AUTO_TTL_SECONDS}` : undefined,
        });
        const rdata =
          r.type === 'TXT' ? zoneTxt(r.value) : r.type === 'MX' ? `${r.priority ?? 10} ${r.value}.` : `${r.value}.`;
        return [
          line(r.purpose, r.type, rdata),
          ...(r.kept ?? []).map((value) => line(keptPurpose(env, r), 'TXT', zoneTxt(value))),
        ];
      }),
    })),
  );
  return withNewline(renderTemplate('zone.hbs', { zones }));
}
