/**
 * The brownfield corpus end to end: for each real-shaped zone (test/adopt/corpus/README.md),
 * BIND serves it, aws-sdk-client-mock answers SES and Route 53, a local server answers
 * Cloudflare's v4 API, and:
 *
 * - `adopt --aws --write` exits as the case says;
 * - adoptable cases: `synth` then writes an import block for every object that exists, in
 *   the id format its provider documents, the Route 53 TXT sets it writes hold every value
 *   of others that is live, and `verify --aws` finds nothing different and nothing it would
 *   remove or duplicate (only the records adopt said the first apply creates are missing);
 *   a second `adopt` has nothing left to write;
 * - the others exit 1, naming the reason and the fix.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { synth } from '../../src/cli/commands/synth';
import { requireBind } from '../e2e/support/bind-gate';
import type { CorpusCase, CorpusWorld, ZoneLine } from './support/corpus';
import { cli } from './support/cli';
import type { Run } from './support/cli';
import {
  CLOUDFLARE_TOKEN,
  cloudflareRecordId,
  loadCorpus,
  mockAws,
  readZone,
  startWorld,
  txtStrings,
} from './support/corpus';

const cases = loadCorpus();
const bind = requireBind('adopt corpus against BIND');

type Stack = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  import?: { id: string; to: string }[];
};

/** `cloudflare/{name TYPE}` in a case file stands for that record's id in the fake API. */
function expectedId(kase: CorpusCase, lines: readonly ZoneLine[], id: string): string {
  return id.replace(/\{(\S+) (\S+)\}/, (_, name: string, type: string) => {
    const line = lines.find((l) => l.name.toLowerCase() === name && l.type === type);
    if (!line) throw new Error(`${kase.name}: no ${type} ${name} in the zone`);
    return cloudflareRecordId(line);
  });
}

const ROLE_OF_ADDRESS = /__([a-z0-9_]+)$/;

describe.skipIf(!bind)('adopt: the brownfield corpus', () => {
  test('at least eight adoptable zones, Route 53 and Cloudflare, several regions; and failing ones', () => {
    const adoptable = cases.filter((c) => c.expect.exit === 0);
    expect(adoptable.length).toBeGreaterThanOrEqual(8);
    expect(new Set(adoptable.map((c) => c.provider))).toEqual(new Set(['route53', 'cloudflare']));
    expect(cases.filter((c) => c.expect.exit === 1).length).toBeGreaterThanOrEqual(3);
  });

  describe.each(cases)('$name', (kase) => {
    let world: CorpusWorld;
    let aws: ReturnType<typeof mockAws>;
    let lines: ZoneLine[];
    const work = mkdtempSync(join(tmpdir(), `ses-dns-adopt-${kase.name}-`));
    const config = join(work, 'ses-dns.yaml');
    let adopted: Run;

    beforeAll(async () => {
      copyFileSync(join(kase.dir, 'ses-dns.yaml'), config);
      lines = readZone(bind!.checkzone, kase);
      world = await startWorld(bind!.named, bind!.checkzone, kase);
      aws = mockAws(bind!.checkzone, kase);
      adopted = await cli(world.env, 'adopt', '-c', config, '--resolver', world.resolver, '--aws', '--write', '--json');
    }, 60_000);
    afterAll(async () => {
      aws.restore();
      await world.stop();
      rmSync(work, { recursive: true, force: true });
    });

    test(`adopt --aws --write exits ${kase.expect.exit}`, () => {
      expect(adopted.stderr.replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*$/, '')).toBe('');
      expect(adopted.code, adopted.stdout).toBe(kase.expect.exit);
      expect(adopted.stdout).not.toContain(CLOUDFLARE_TOKEN);
      if (kase.provider === 'cloudflare') {
        expect(world.requests.some((r) => r.startsWith('GET /client/v4/zones?'))).toBe(true);
        // The fake API returns five records a page: adopt must have read every page.
        const records = lines.filter((l) => l.type !== 'SOA' && l.type !== 'NS').length;
        const pages = world.requests.filter((r) => r.includes('/dns_records?')).length;
        expect(pages).toBe(Math.ceil(records / 5));
      }
    });

    test("each adopted record set whose zone TTL is not the plan's is reported with it, and no other", () => {
      type Domain = {
        imports: { role: string }[];
        afterWrite: { role: string; type: string; name: string }[];
        ttl: { changes: { role: string; type: string; name: string; live: unknown; planned: unknown }[] };
      };
      const domains = (JSON.parse(adopted.stdout) as { domains: Domain[] }).domains;
      const planned =
        (parse(readFileSync(join(kase.dir, 'ses-dns.yaml'), 'utf8')) as { defaults?: { ttl?: number } }).defaults
          ?.ttl ?? 600;
      const zoneTtl = (name: string, type: string) =>
        lines.find((l) => l.name.toLowerCase() === name && l.type === type)?.ttl;
      for (const domain of domains) {
        for (const change of domain.ttl.changes) {
          expect(change.live, `${change.type} ${change.name}`).toBe(zoneTtl(change.name, change.type));
          expect(change.planned).toBe(planned);
        }
        // Every record adopted with an id, its zone TTL not the plan's, is among the changes.
        const records = domain.imports.flatMap((i) => domain.afterWrite.filter((r) => r.role === i.role));
        const differing = records.filter((r) => zoneTtl(r.name, r.type) !== planned).map((r) => r.role);
        expect(domain.ttl.changes.map((c) => c.role).filter((role) => records.some((r) => r.role === role))).toEqual(
          differing,
        );
      }
    });

    if (kase.expect.exit !== 0) {
      test('each reason for a person is named, with its fix', () => {
        const json = JSON.parse(adopted.stdout) as { domains: { people: { what: string; fix: string }[] }[] };
        const people = json.domains.flatMap((d) => d.people);
        for (const expected of kase.expect.people ?? []) {
          const said = people.map((p) => p.what);
          expect(
            said.some((what) => what.includes(expected)),
            `${expected}\nnot in\n${said.join('\n')}`,
          ).toBe(true);
        }
        for (const person of people) expect(person.fix.length).toBeGreaterThan(10);
      });
      test('what was written still validates', async () => {
        expect((await cli({}, 'validate', '-c', config)).code).toBe(0);
      });
      return;
    }

    test('the config now holds the expected import ids, keepTxt values and settings', () => {
      const written = parse(readFileSync(config, 'utf8')) as {
        environments: Record<string, { domains: Record<string, unknown>[] }>;
      };
      const entry = Object.values(written.environments)[0]!.domains[0]!;
      const imports = Object.fromEntries(
        Object.entries(kase.expect.imports ?? {}).map(([role, id]) => [role, expectedId(kase, lines, id)]),
      );
      expect(entry.import).toEqual(imports);
      expect(entry.keepTxt ?? []).toEqual(kase.expect.keepTxt ?? []);
      const settings = kase.expect.settings ?? {};
      for (const [key, value] of Object.entries(settings)) {
        const got = key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], entry);
        expect(got, key).toEqual(value);
      }
    });

    test('synth: an import block for every object that exists, ids in the documented formats', async () => {
      const out = join(work, 'out');
      const result = await synth({ config, outdir: out });
      const stack = JSON.parse(readFileSync(result.stacks[0]!.file, 'utf8')) as Stack;
      const imports = new Map((stack.import ?? []).map((i) => [i.to, i.id]));
      const recordType = kase.provider === 'route53' ? 'aws_route53_record' : 'cloudflare_dns_record';
      const records = Object.entries(stack.resource?.[recordType] ?? {});
      expect(records.length).toBeGreaterThan(0);
      // DKIM names are Terraform expressions over the identity's tokens: SES's tokens fill them.
      const tokens = Object.values(kase.ses)[0]?.dkim?.tokens ?? [];
      for (const [address, resource] of records) {
        const name = String(resource.name).replace(
          /\$\{element\([^)]*tokens, (\d)\)\}/,
          (_, i: string) => tokens[Number(i)]!,
        );
        const type = String(resource.type);
        const live = lines.filter((l) => l.name.toLowerCase() === name && l.type === type);
        const id = imports.get(`${recordType}.${address}`);
        const role = ROLE_OF_ADDRESS.exec(address)![1]!;
        const ours = live.filter((l) => type !== 'TXT' || ofOurKind(role, txtStrings(l.rdata).join('')));
        const exists = kase.provider === 'route53' ? live.length > 0 : ours.length > 0;
        expect(id !== undefined, `${address} (${type} ${name}) exists: ${exists}`).toBe(exists);
        if (id === undefined) continue;
        if (kase.provider === 'route53') {
          // terraform-provider-aws: "<zone id>_<record name>_<type>", e.g. Z4KAPRWWNC7JR_dev.example.com_NS
          expect(id).toBe(`${kase.zoneId}_${name}_${type}`);
          expect(id).toMatch(/^Z[A-Z0-9]+_[a-z0-9_.-]+_(CNAME|MX|TXT)$/);
        } else {
          // cloudflare_dns_record: "<zone_id>/<record_id>"
          expect(id).toBe(`${kase.zoneId}/${cloudflareRecordId(ours[0]!)}`);
          expect(id).toMatch(/^[0-9a-f]{32}\/[0-9a-f]{32}$/);
        }
      }
      const domain = Object.keys(kase.ses)[0]!;
      const identity = [...imports].find(([to]) => to.startsWith('aws_sesv2_email_identity.'));
      expect(identity?.[1]).toBe(domain);
      const mailFrom = [...imports].find(([to]) => to.startsWith('aws_sesv2_email_identity_mail_from_attributes.'));
      expect(mailFrom?.[1]).toBe(kase.ses[domain]?.mailFrom ? domain : undefined);
    });

    if (kase.provider === 'route53') {
      test('every Route 53 TXT set written holds each live value of others (keepTxt)', async () => {
        const out = join(work, 'out-keep');
        const result = await synth({ config, outdir: out });
        const stack = JSON.parse(readFileSync(result.stacks[0]!.file, 'utf8')) as Stack;
        for (const [address, resource] of Object.entries(stack.resource?.aws_route53_record ?? {})) {
          if (resource.type !== 'TXT') continue;
          const role = ROLE_OF_ADDRESS.exec(address)![1]!;
          const written = (resource.records as string[]).map((r) => r.split('""').join(''));
          const others = lines
            .filter((l) => l.name.toLowerCase() === resource.name && l.type === 'TXT')
            .map((l) => txtStrings(l.rdata).join(''))
            .filter((v) => !ofOurKind(role, v));
          for (const value of others) expect(written, `${resource.name}`).toContain(value);
        }
      });
    }

    test('verify --aws: nothing different, nothing removed or duplicated; only the creations missing', async () => {
      const run = await cli(world.env, 'verify', '-c', config, '--resolver', world.resolver, '--aws', '--json');
      const json = JSON.parse(run.stdout) as { records: { status: string; type: string; name: string }[] };
      const odd = json.records.filter((r) => r.status !== 'ok' && r.status !== 'missing');
      expect(odd).toEqual([]);
      const missing = json.records.filter((r) => r.status === 'missing').map((r) => `${r.type} ${r.name}`);
      expect(missing.sort()).toEqual([...(kase.expect.creates ?? [])].sort());
      // What adopt said the first apply creates is what verify finds missing.
      const said = (JSON.parse(adopted.stdout) as { domains: { creates: string[] }[] }).domains
        .flatMap((d) => d.creates)
        .filter((c) => /^(CNAME|MX|TXT) /.test(c))
        .map((c) => c.replace(/ \(.*\)$/, ''));
      expect(said.sort()).toEqual(missing);
    });

    test('a second adopt has nothing left to write', async () => {
      const before = readFileSync(config, 'utf8');
      const again = await cli(
        world.env,
        'adopt',
        '-c',
        config,
        '--resolver',
        world.resolver,
        '--aws',
        '--write',
        '--json',
      );
      expect(again.code).toBe(0);
      expect((JSON.parse(again.stdout) as { changes: number }).changes).toBe(0);
      expect(readFileSync(config, 'utf8')).toBe(before);
    });
  });
});

/** Whether a live TXT value is of the kind the record with `role` holds (the apply replaces it). */
function ofOurKind(role: string, value: string): boolean {
  if (role === 'spf' || role === 'mail_from_spf') return /^v=spf1(\s|$)/i.test(value);
  if (role === 'dmarc') return /^v=DMARC1\s*(;|$)/i.test(value);
  if (role === 'dkim') return /(^|;)\s*p=/.test(value);
  return false;
}
