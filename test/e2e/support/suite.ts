/**
 * The end-to-end proof for a set of worlds, as vitest suites: every stack applies cleanly,
 * every configured domain gets its identity and records, named serves well-formed zones,
 * and mail SES would send passes SPF, DKIM and DMARC while forgeries fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spf as checkSpf } from 'mailauth/lib/spf';
import type { DomainExpectation, DmarcPolicy } from './config';
import type { DomainCase, WorldSpec } from './world';
import type { Verdict } from './mail';
import { Harness, type ServedWorld } from './harness';
import { requireBind } from './bind-gate';
import { composeMessage, signMessage, verify } from './mail';
import { forMailauth } from './resolver';
import { DMARC_RECORD, isSpfRecord, lookup, servedZoneViolations } from './served-checks';
import { FOREIGN_CLIENT_IP, SES_CLIENT_IP, dkimHost, feedbackHost, sesHelo, trackingHost } from './ses-world';
import { THIRD_PARTY_SPF, regionAddress } from './sim-zones';

/**
 * `it` for a case that applies to this domain, nothing otherwise: a case that does not apply
 * (DMARC off, no root SPF) is not declared at all, so a run reports no skipped tests.
 */
function itWhen(applies: unknown): typeof it {
  const declareNothing = () => undefined;
  return applies ? it : (declareNothing as unknown as typeof it);
}
import { isWithin } from './dns-text';

/** The DMARC policy a receiver applies to a domain's mail, and the alignment modes. */
interface EffectiveDmarc {
  readonly policy: DmarcPolicy;
  readonly spfRelaxed: boolean;
}

/**
 * A domain's own DMARC record, or else its configured parent's (RFC 7489 section 6.6.3
 * falls back to the organizational domain, whose `sp` then applies).
 */
function effectiveDmarc(e: DomainExpectation, all: readonly DomainExpectation[]): EffectiveDmarc | undefined {
  if (e.dmarc) return { policy: e.dmarc.policy, spfRelaxed: e.dmarc.alignment.spf === 'relaxed' };
  const parent = all
    .filter((o) => o.dmarc && o.domain !== e.domain && isWithin(e.domain, o.domain))
    .sort((a, b) => b.domain.length - a.domain.length)[0];
  if (!parent?.dmarc) return undefined;
  return {
    policy: parent.dmarc.subdomainPolicy ?? parent.dmarc.policy,
    spfRelaxed: parent.dmarc.alignment.spf === 'relaxed',
  };
}

/** SES's `behavior_on_mx_failure` for each `mailFrom.onMxFailure`. */
const MX_FAILURE_BEHAVIOR = { 'use-default': 'USE_DEFAULT_VALUE', 'reject-message': 'REJECT_MESSAGE' } as const;

/** Tag=value pairs of a DKIM key or DMARC record (RFC 6376 section 3.2, RFC 7489 section 6.4). */
function parseTags(text: string): Record<string, string | undefined> {
  const tags: Record<string, string> = {};
  for (const part of text.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) tags[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return tags;
}

function label(e: DomainExpectation): string {
  const dkim = e.dkim.type === 'easy' ? 'Easy DKIM' : `BYODKIM ${e.dkim.selector}`;
  return `${e.environment}: ${e.domain} (${e.provider}, ${dkim}, ${e.region})`;
}

/** The envelope SES uses: the custom MAIL FROM, or its default `<id>@<region>.amazonses.com`. */
function sesEnvelope(e: DomainExpectation, region: string, useDefault = false) {
  const mailFrom =
    e.mailFrom && !useDefault ? `bounce-0102@${e.mailFrom.domain}` : `0102019a1b2c3d4e@${region}.amazonses.com`;
  return { ip: SES_CLIENT_IP, helo: sesHelo(region), mailFrom };
}

function explain(v: Verdict): string {
  return `\n${v.header}`;
}

/** Registers the suites for `specs` under `title`; the harness starts once for all of them. */
export function describeMailWorlds(title: string, specs: () => Promise<readonly WorldSpec[]>): void {
  const tools = requireBind(title);
  describe.skipIf(!tools)(title, async () => {
    let harness: Harness | undefined;
    // Test names need the configured domains, so specs (and their keys) are made while
    // vitest collects the tests; building and serving the worlds waits for beforeAll.
    const worldSpecs = tools ? await specs() : [];
    beforeAll(async () => {
      harness = await Harness.start(tools!, worldSpecs);
    }, 180_000);
    afterAll(async () => {
      await harness?.stop();
    });
    const served = (name: string): ServedWorld => {
      if (!harness) throw new Error('the harness did not start (see the beforeAll error)');
      return harness.world(name);
    };

    for (const spec of worldSpecs) {
      describe(spec.name, () => {
        it('applies on Route 53, Cloudflare and SES without an error', () => {
          const errors = served(spec.name).problems.filter((p) => p.severity === 'error');
          expect(errors.map((p) => `${p.address}: ${p.message}`)).toEqual([]);
        });

        it("follows the vendors' recommendations (no warning)", () => {
          const warnings = served(spec.name).problems.filter((p) => p.severity === 'warning');
          expect(warnings.map((p) => `${p.address}: ${p.message}`)).toEqual([]);
        });

        it('serves well-formed zones', async () => {
          const world = served(spec.name);
          expect(await servedZoneViolations(world, world.resolve)).toEqual([]);
        });

        describe.each(spec.expectations.map((e) => [label(e), e] as const))('%s', (_, e) => {
          const dmarc = effectiveDmarc(e, spec.expectations);
          const domainCase = (): DomainCase & { world: ServedWorld } => {
            const world = served(spec.name);
            const found = world.cases.find((c) => c.expectation === e);
            if (!found) throw new Error(`no case for ${e.domain}`);
            return { ...found, world };
          };
          const signedBySes = async (subject: string) => {
            const { signers } = domainCase();
            expect(signers.length, `no key to sign ${e.domain} with`).toBeGreaterThan(0);
            return signMessage(composeMessage(`sender@${e.domain}`, `${subject} ${e.domain}`), signers);
          };

          it('has its SES identity, in its region, with the configured DKIM, MAIL FROM and tracking', () => {
            const { identity, world, stack } = domainCase();
            expect(identity, `no aws_sesv2_email_identity for ${e.domain} in stack ${e.environment}`).toBeDefined();
            expect(identity!.region).toBe(e.region);
            expect(identity!.dkim).toEqual(
              e.dkim.type === 'byodkim'
                ? { type: 'byodkim', selector: e.dkim.selector }
                : { type: 'easy', keyLength: `RSA_${e.dkim.keyLength}_BIT` },
            );
            expect(identity!.mailFrom).toEqual(
              e.mailFrom
                ? { domain: e.mailFrom.domain, behaviorOnMxFailure: MX_FAILURE_BEHAVIOR[e.mailFrom.onMxFailure] }
                : undefined,
            );
            expect(identity!.trackingDomain).toBe(e.tracking ? e.tracking.domain : undefined);
            // Every record of the domain (not of a configured subdomain identity) has its TTL.
            const ttl = e.ttl === 'auto' ? 300 : e.ttl;
            const subdomains = spec.expectations.filter((o) => o.domain !== e.domain && isWithin(o.domain, e.domain));
            const own = (world.stacks.find((s) => s.stack === stack)?.records ?? []).filter(
              (r) => isWithin(r.name, e.domain) && !subdomains.some((o) => isWithin(r.name, o.domain)),
            );
            expect(own.length).toBeGreaterThan(0);
            expect(own.filter((r) => r.ttl !== ttl).map((r) => `${r.source}: ttl ${r.ttl}`)).toEqual([]);
          });

          it('serves its DKIM, MAIL FROM, DMARC and tracking records', async () => {
            const { world, tokens } = domainCase();
            const resolve = world.resolve;
            if (e.dkim.type === 'easy') {
              const host = e.dkim.host ?? dkimHost(e.region);
              expect(tokens).toHaveLength(3);
              for (const token of tokens) {
                expect(await lookup(resolve, `${token}._domainkey.${e.domain}`, 'CNAME')).toEqual([`${token}.${host}`]);
              }
            } else {
              const txt = await lookup<string[]>(resolve, `${e.dkim.selector}._domainkey.${e.domain}`, 'TXT');
              expect(txt).toHaveLength(1);
              // RFC 6376 section 3.6.1: tag=value pairs; the key is the p= tag, whitespace ignored.
              const tags = parseTags(txt[0].join(''));
              expect(tags.p?.replace(/\s+/g, '')).toBe(e.dkim.publicKey);
              if (tags.k !== undefined) expect(tags.k).toBe('rsa');
            }
            if (e.mailFrom) {
              // Only the two MX fields: Node 24's resolve() adds `type: 'MX'` to each record.
              const mx = await lookup<{ exchange: string; priority: number }>(resolve, e.mailFrom.domain, 'MX');
              expect(mx.map(({ exchange, priority }) => ({ exchange, priority }))).toEqual([
                { exchange: feedbackHost(e.region), priority: 10 },
              ]);
              const spf = (await lookup<string[]>(resolve, e.mailFrom.domain, 'TXT'))
                .map((s) => s.join(''))
                .filter(isSpfRecord);
              expect(spf).toHaveLength(1);
              expect(spf[0]).toMatch(/ include:amazonses\.com /);
            }
            if (e.dmarc) {
              // One DMARC record; other values at the name (kept with keepTxt) are not DMARC.
              const records = (await lookup<string[]>(resolve, `_dmarc.${e.domain}`, 'TXT'))
                .map((s) => s.join(''))
                .filter((r) => /^v=DMARC1/i.test(r));
              expect(records).toHaveLength(1);
              expect(records[0]).toMatch(DMARC_RECORD);
              const tags = parseTags(records[0]);
              expect(tags.p).toBe(e.dmarc.policy);
              expect(tags.sp).toBe(e.dmarc.subdomainPolicy);
              // RFC 7489 section 6.3: adkim/aspf default to r (relaxed).
              expect(tags.adkim ?? 'r').toBe(e.dmarc.alignment.dkim[0]);
              expect(tags.aspf ?? 'r').toBe(e.dmarc.alignment.spf[0]);
            }
            if (e.tracking) {
              expect(await lookup(resolve, e.tracking.domain, 'CNAME')).toEqual([trackingHost(e.region)]);
              expect(await lookup(resolve, e.tracking.domain, 'A')).toEqual([regionAddress(e.region)]);
            }
          });

          it(`passes DKIM, SPF and DMARC${dmarc ? ` (p=${dmarc.policy})` : ''} for mail SES sends`, async () => {
            const { world, signers } = domainCase();
            const envelope = sesEnvelope(e, e.region);
            const v = await verify(await signedBySes('positive'), envelope, world.resolve);
            expect(
              v.dkim.map((d) => d.result),
              explain(v),
            ).toEqual(signers.map(() => 'pass'));
            expect(
              v.dkim.every((d) => d.domain === e.domain && d.aligned),
              explain(v),
            ).toBe(true);
            expect(v.spf, explain(v)).toEqual({ result: 'pass', domain: envelope.mailFrom.split('@')[1] });
            if (!dmarc) {
              expect(v.dmarc.result, explain(v)).toBe('none');
              return;
            }
            expect(v.dmarc.result, explain(v)).toBe('pass');
            expect(v.dmarc.policy, explain(v)).toBe(dmarc.policy);
            expect(v.dmarc.dkimAligned, explain(v)).toBeTruthy();
            // SPF aligns only through a custom MAIL FROM under relaxed aspf (RFC 7489 3.1.2).
            // mailauth 4 applies relaxed alignment even under aspf=s (its getAlignment falls
            // through to the organizational-domain match), so strict is checked on the
            // record's aspf tag instead of on its verdict.
            if (dmarc.spfRelaxed) expect(Boolean(v.dmarc.spfAligned), explain(v)).toBe(Boolean(e.mailFrom));
          });

          it('fails SPF for a client outside SES, DMARC passing through DKIM alone', async () => {
            const { world } = domainCase();
            const envelope = { ...sesEnvelope(e, e.region), ip: FOREIGN_CLIENT_IP, helo: 'mta.forger.example' };
            const v = await verify(await signedBySes('foreign-ip'), envelope, world.resolve);
            expect(['fail', 'softfail'], explain(v)).toContain(v.spf.result);
            if (!dmarc) return;
            expect(v.dmarc.result, explain(v)).toBe('pass');
            expect(v.dmarc.spfAligned, explain(v)).toBeUndefined();
            expect(v.dmarc.dkimAligned, explain(v)).toBeTruthy();
          });

          itWhen(dmarc)(
            `fails DMARC for an unsigned forgery from outside SES${dmarc ? ` (p=${dmarc.policy})` : ''}`,
            async () => {
              const { world } = domainCase();
              const envelope = { ...sesEnvelope(e, e.region), ip: FOREIGN_CLIENT_IP, helo: 'mta.forger.example' };
              const v = await verify(
                composeMessage(`sender@${e.domain}`, `forgery ${e.domain}`),
                envelope,
                world.resolve,
              );
              expect(
                v.dkim.filter((d) => d.result === 'pass'),
                explain(v),
              ).toEqual([]);
              expect(v.dmarc.result, explain(v)).toBe('fail');
              expect(v.dmarc.policy, explain(v)).toBe(dmarc!.policy);
            },
          );

          it('aligns DMARC only through DKIM when the envelope is at amazonses.com', async () => {
            const { world } = domainCase();
            const envelope = sesEnvelope(e, e.region, true);
            const v = await verify(await signedBySes('ses-envelope'), envelope, world.resolve);
            // SPF passes for SES's own domain, which shares no organizational domain with ours.
            expect(v.spf, explain(v)).toEqual({ result: 'pass', domain: `${e.region}.amazonses.com` });
            if (!dmarc) return;
            expect(v.dmarc.result, explain(v)).toBe('pass');
            expect(v.dmarc.spfAligned, explain(v)).toBeUndefined();
            expect(v.dmarc.dkimAligned, explain(v)).toBeTruthy();
          });

          itWhen(dmarc)('fails DMARC for an unsigned message with an amazonses.com envelope', async () => {
            const { world } = domainCase();
            const envelope = sesEnvelope(e, e.region, true);
            const v = await verify(
              composeMessage(`sender@${e.domain}`, `unsigned ${e.domain}`),
              envelope,
              world.resolve,
            );
            expect(v.spf.result, explain(v)).toBe('pass');
            expect(v.dmarc.result, explain(v)).toBe('fail');
          });

          // A domain in several SES regions (issue #16): each region is its own identity.
          const otherRegions = () =>
            served(spec.name).cases.filter(
              (c) =>
                c.expectation !== e && c.expectation.environment === e.environment && c.expectation.domain === e.domain,
            );

          itWhen(e.regions.length > 1)(
            "has tokens, keys and a MAIL FROM name of its own, apart from the domain's other regions",
            () => {
              const { tokens, signers } = domainCase();
              const others = otherRegions();
              expect(others.map((c) => c.expectation.region).sort()).toEqual(
                e.regions.filter((r) => r !== e.region).sort(),
              );
              for (const other of others) {
                if (e.mailFrom && other.expectation.mailFrom) {
                  expect(other.expectation.mailFrom.domain).not.toBe(e.mailFrom.domain);
                }
                for (const token of tokens) expect(other.tokens).not.toContain(token);
                if (e.dkim.type === 'easy') {
                  const keys = new Set(signers.map((s) => s.privateKeyPem));
                  expect(other.signers.filter((s) => keys.has(s.privateKeyPem))).toEqual([]);
                }
              }
            },
          );

          itWhen(e.regions.length > 1 && e.dkim.type === 'easy')(
            "fails DKIM and DMARC when its selectors are signed with another region's keys",
            async () => {
              const { world, signers } = domainCase();
              const other = otherRegions()[0]!;
              const crossed = signers.map((s, i) => ({ ...s, privateKeyPem: other.signers[i]!.privateKeyPem }));
              const envelope = sesEnvelope(e, e.region, true);
              const v = await verify(
                await signMessage(composeMessage(`sender@${e.domain}`, `crossed ${e.domain}`), crossed),
                envelope,
                world.resolve,
              );
              expect(
                v.dkim.map((d) => d.result),
                explain(v),
              ).toEqual(crossed.map(() => 'fail'));
              if (dmarc) expect(v.dmarc.result, explain(v)).toBe('fail');
            },
          );

          itWhen(e.regions.length > 1 && e.mailFrom && e.mailFrom.domain.includes(e.region))(
            'does not pass SPF from the MAIL FROM name of a region the domain is not in',
            async () => {
              const { world } = domainCase();
              const unlisted = ['eu-west-3', 'ap-southeast-2'].find((r) => !e.regions.includes(r))!;
              const mailFrom = e.mailFrom as Exclude<DomainExpectation['mailFrom'], false>;
              const envelope = {
                ...sesEnvelope(e, e.region),
                mailFrom: `bounce-0102@${mailFrom.domain.split(e.region).join(unlisted)}`,
              };
              const v = await verify(await signedBySes('unlisted-region'), envelope, world.resolve);
              expect(v.spf.result, explain(v)).toBe('none');
              if (!dmarc) return;
              // DKIM alone carries DMARC; SPF does not align without a record at that name.
              expect(v.dmarc.result, explain(v)).toBe('pass');
              expect(v.dmarc.spfAligned, explain(v)).toBeFalsy();
            },
          );

          itWhen(e.spf)(
            'serves a root SPF that authorizes SES (unless left out) and its includes and ends as configured',
            async () => {
              const { world } = domainCase();
              const evaluate = async (ip: string) => {
                const result = await checkSpf({
                  sender: `postmaster@${e.domain}`,
                  ip,
                  helo: 'mta.example',
                  mta: 'mx.receiver.example',
                  resolver: forMailauth(world.resolve),
                });
                return result.status.result;
              };
              const spf = e.spf as Exclude<DomainExpectation['spf'], false>;
              // Without includeAmazonSes, SES's addresses meet the record's all.
              expect(await evaluate(SES_CLIENT_IP)).toBe(spf.includeAmazonSes ? 'pass' : spf.all);
              for (const include of spf.include) {
                const sample = THIRD_PARTY_SPF[include]?.sampleIp;
                if (sample) expect(await evaluate(sample), `${include} authorizes ${sample}`).toBe('pass');
              }
              expect(await evaluate(FOREIGN_CLIENT_IP)).toBe(spf.all);
            },
          );
        });
      });
    }
  });
}
