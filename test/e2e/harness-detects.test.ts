/**
 * The harness must fail when the generator is wrong. Each world here is the hand-made good
 * fixture with one realistic generator bug planted, served like any other world; each test
 * shows the bug surfacing where the suite looks for it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spf as checkSpf } from 'mailauth/lib/spf';
import type { WorldSpec } from './support/world';
import { Harness } from './support/harness';
import { requireBind } from './support/bind-gate';
import { expectationsOf, parseConfig } from './support/config';
import { publicKeyOf } from './support/keys';
import { composeMessage, signMessage, verify } from './support/mail';
import { forMailauth } from './support/resolver';
import { servedZoneViolations } from './support/served-checks';
import { FOREIGN_CLIENT_IP, SES_CLIENT_IP, sesHelo } from './support/ses-world';
import { readStacks } from './support/synth';

/** A resource body, with the attributes the planted bugs touch. */
type Body = Record<string, unknown> & { records?: string[]; content?: string; proxied?: boolean };
/** `resource` of one stack: type -> name -> body. */
type Resources = Record<string, Record<string, Body>>;

const GOOD = join(__dirname, 'fixtures', 'good');
const TEST_KEY = readFileSync(join(__dirname, 'fixtures', 'byodkim-test.key.pem'), 'utf8');
const expectations = expectationsOf(parseConfig(readFileSync(join(GOOD, 'ses-dns.yaml'), 'utf8')));

/** The good stacks with `plant` applied to a fresh copy. */
function planted(name: string, plant: (resources: Record<string, Resources>) => void): WorldSpec {
  return {
    name,
    expectations,
    privateKeys: new Map([[publicKeyOf(TEST_KEY), TEST_KEY]]),
    stacks: async () => {
      const stacks = readStacks(GOOD);
      plant(Object.fromEntries(stacks.map((s) => [s.stack, (s.json as { resource: Resources }).resource])));
      return stacks;
    },
  };
}

const BUGS: WorldSpec[] = [
  planted('global DKIM host in eu-south-1', (r) => {
    for (const rec of Object.values(r.staging.cloudflare_dns_record)) {
      rec.content = rec.content?.replace('.dkim.eu-south-1.', '.dkim.');
    }
  }),
  planted('unsplit 2048-bit key on Route 53', (r) => {
    const rec = r.production.aws_route53_record['notify_fixture-r53_example_dkim'];
    rec.records = rec.records?.map((value) => value.replace('""', ''));
  }),
  planted('second root SPF record', (r) => {
    r.staging.cloudflare_dns_record.extra_spf = {
      ...r.staging.cloudflare_dns_record['fixture-cf-byo_example_spf'],
      content: '"v=spf1 include:amazonses.com -all"',
    };
  }),
  planted('no DMARC record', (r) => {
    delete r.production.aws_route53_record['fixture-r53_example_dmarc'];
  }),
  planted('proxied tracking CNAME', (r) => {
    r.staging.cloudflare_dns_record['fixture-cf_example_tracking'].proxied = true;
  }),
];

const tools = requireBind('harness detects planted generator bugs');
describe.skipIf(!tools)('harness detects planted generator bugs', () => {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await Harness.start(tools!, BUGS);
  }, 120_000);
  afterAll(async () => {
    await harness?.stop();
  });
  const world = (name: string) => harness!.world(name);
  const sesMail = async (name: string, domain: string) => {
    const c = world(name).cases.find((x) => x.expectation.domain === domain)!;
    const message = await signMessage(composeMessage(`sender@${domain}`, `planted ${domain}`), c.signers);
    const mailFrom = c.expectation.mailFrom ? `bounce@${c.expectation.mailFrom.domain}` : undefined;
    return verify(
      message,
      { ip: SES_CLIENT_IP, helo: sesHelo(c.expectation.region), mailFrom: mailFrom! },
      world(name).resolve,
    );
  };

  it('a DKIM CNAME to the wrong regional host leaves no key to verify with', async () => {
    const v = await sesMail('global DKIM host in eu-south-1', 'fixture-cf.example');
    expect(v.dkim).toHaveLength(3);
    expect(v.dkim.filter((d) => d.result === 'pass')).toEqual([]);
  });

  it('an unsplit 2048-bit key is refused by Route 53, so BYODKIM fails', async () => {
    expect(world('unsplit 2048-bit key on Route 53').problems).toContainEqual(
      expect.objectContaining({ severity: 'error', message: expect.stringMatching(/CharacterStringTooLong/) }),
    );
    const v = await sesMail('unsplit 2048-bit key on Route 53', 'notify.fixture-r53.example');
    expect(v.dkim.map((d) => d.result)).not.toContain('pass');
  });

  it('two v=spf1 records at one name are served, flagged, and make SPF a permerror', async () => {
    const w = world('second root SPF record');
    expect(await servedZoneViolations(w, w.resolve)).toEqual([
      'fixture-cf-byo.example: 2 v=spf1 records (RFC 7208 permerror)',
    ]);
    const result = await checkSpf({
      sender: 'postmaster@fixture-cf-byo.example',
      ip: SES_CLIENT_IP,
      helo: 'mta.example',
      mta: 'mx.receiver.example',
      resolver: forMailauth(w.resolve),
    });
    expect(result.status.result).toBe('permerror');
  });

  it('without a DMARC record a forgery is not failed, and the served check says why', async () => {
    const w = world('no DMARC record');
    expect(await servedZoneViolations(w, w.resolve)).toEqual([
      '_dmarc.fixture-r53.example: expected one "v=DMARC1; p=..." record, got []',
    ]);
    const v = await verify(
      composeMessage('sender@fixture-r53.example', 'forgery'),
      { ip: FOREIGN_CLIENT_IP, helo: 'mta.forger.example', mailFrom: 'x@mail.fixture-r53.example' },
      w.resolve,
    );
    expect(v.dmarc.result).toBe('none');
  });

  it('a proxied record is refused as the vendor would serve it', () => {
    expect(world('proxied tracking CNAME').problems).toContainEqual(
      expect.objectContaining({ severity: 'error', message: expect.stringMatching(/proxied: false/) }),
    );
  });
});
