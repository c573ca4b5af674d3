/**
 * The proposal of `ses-dns adopt` in words (one block per domain) and as stable JSON.
 */
import { providerSupport } from '../providers/supports';
import { importKey } from '../records/regional';
import type { RecordCheck } from '../verify/check';
import type { DomainProposal } from './model';
import { isAdoptable } from './model';
import { ttlWords } from './ttl';

/** What the command hands to the renderers. */
export interface AdoptReport {
  readonly file: string;
  readonly proposals: readonly DomainProposal[];
  readonly after: ReadonlyMap<string, readonly RecordCheck[]>;
  readonly changes: number;
  readonly written: boolean;
  readonly writeAsked: boolean;
}

const key = (p: DomainProposal) => `${p.environment}\n${p.domain}`;

/** A domain's state in one word. */
function stateOf(p: DomainProposal): string {
  if (p.people.length > 0) return 'needs a person';
  if (p.missing.length > 0) return 'ids missing';
  return 'adoptable';
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The proposal as text. */
export function renderAdoptText(report: AdoptReport): string {
  const lines: string[] = [];
  let environment = '';
  for (const p of report.proposals) {
    if (p.environment !== environment) {
      if (environment) lines.push('');
      environment = p.environment;
      lines.push(`environment ${p.environment} (${providerSupport(p.provider).title})`);
    }
    lines.push(`  ${p.domain}: ${stateOf(p)} (${p.path})`);
    const section = (title: string, rows: string[]) => {
      if (rows.length === 0) return;
      lines.push(`    ${title}:`);
      for (const row of rows) lines.push(`      ${row}`);
    };
    const role = (i: DomainProposal['imports'][number]) => importKey(i.role, i.region);
    const width = Math.max(0, ...p.imports.map((i) => role(i).length));
    section(
      'import',
      p.imports.map((i) => `${role(i).padEnd(width)}  ${i.id}  (${i.why})`),
    );
    section(
      'keepTxt',
      p.keepTxt.map((k) => `${k.name === '@' ? '' : `{ name: ${k.name} } `}${JSON.stringify(k.value)}  (${k.why})`),
    );
    // Settings that share a reason (the DMARC tags of one record) are listed under it once.
    section(
      'settings',
      p.settings.flatMap((s, i) => [
        ...(i === 0 || p.settings[i - 1]!.why !== s.why ? [`# ${s.why}`] : []),
        `${s.key}: ${shown(s.value)}  (was ${s.was === undefined ? 'unset' : shown(s.was)}${s.wasAt ? `, at ${s.wasAt}` : ''})`,
      ]),
    );
    section(
      'needs a person',
      p.people.flatMap((x) => [`- ${x.what}`, `  fix: ${x.fix}`]),
    );
    section(
      'ids still missing',
      p.missing.map((m) => `- ${m.what}: ${m.how}`),
    );
    section('the first apply creates', p.creates.length ? [p.creates.join(', ')] : []);
    // A TTL that differs is changed in place by the apply: worth knowing, never a failure.
    section('TTL the first apply changes in place (live -> plan)', [
      ...p.ttl.changes.map((c) => `${c.type} ${c.name}  ${ttlWords(c.live)} -> ${ttlWords(c.planned)}  (${c.from})`),
      ...(p.ttl.advice ? [`# ${p.ttl.advice}`] : []),
    ]);
    section(
      'notes',
      p.notes.map((n) => `- ${n}`),
    );
    const checks = report.after.get(key(p));
    if (checks && checks.length > 0) lines.push(`    verify once written: ${summarize(checks)}`);
  }
  const adoptable = report.proposals.filter(isAdoptable).length;
  const total = report.proposals.length;
  const people = report.proposals.filter((p) => p.people.length > 0).length;
  const missing = total - adoptable - people;
  const ttls = report.proposals.reduce((n, p) => n + p.ttl.changes.length, 0);
  const parts = [
    `${adoptable} adoptable`,
    ...(people ? [`${people} need a person`] : []),
    ...(missing ? [`${missing} with ids missing`] : []),
    ...(ttls ? [`${ttls} live TTL${ttls === 1 ? '' : 's'} the first apply changes`] : []),
  ];
  const action = report.written
    ? `wrote ${report.changes} change${report.changes === 1 ? '' : 's'} into ${report.file}`
    : report.changes === 0
      ? `nothing to write: ${report.file} already says all of it`
      : report.writeAsked
        ? `nothing was written to ${report.file}`
        : `nothing written: run with --write to put ${report.changes} change${report.changes === 1 ? '' : 's'} into ${report.file}`;
  lines.push('', `${total} domain${total === 1 ? '' : 's'}: ${parts.join(', ')}; ${action}`);
  return lines.join('\n');
}

function summarize(checks: readonly RecordCheck[]): string {
  const counts = new Map<string, number>();
  for (const c of checks) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  const words = [...counts.entries()].map(([status, n]) =>
    status === 'missing' ? `${n} missing (created by the first apply)` : `${n} ${status}`,
  );
  const odd = checks.filter((c) => c.status !== 'ok' && c.status !== 'missing' && c.status !== 'skipped');
  return [
    words.join(', '),
    ...odd.map((c) => `${c.status} ${c.type} ${c.name}${c.detail ? `: ${c.detail}` : ''}`),
  ].join('\n      ');
}

/** The proposal as stable JSON. */
export function adoptJson(report: AdoptReport) {
  return {
    file: report.file,
    adoptable: report.proposals.every(isAdoptable),
    written: report.written,
    changes: report.changes,
    domains: report.proposals.map((p) => ({
      ...p,
      state: stateOf(p),
      afterWrite: (report.after.get(key(p)) ?? []).map((c) => ({
        role: c.role,
        type: c.type,
        name: c.name,
        status: c.status,
        ...(c.detail ? { detail: c.detail } : {}),
      })),
    })),
  };
}
