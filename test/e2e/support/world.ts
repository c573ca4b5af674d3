/**
 * A world is the stacks of one config as they would stand once applied: their SES
 * identities, the records in each zone, and what the vendors would have refused. The
 * harness serves every world from one named, each in its own view.
 */
import type { DomainExpectation } from './config';
import type { AppliedStack, PlainRecord, Problem, SesIdentity } from './model';
import type { DkimKey } from './keys';
import type { Signer } from './mail';
import type { DkimPublication } from './sim-zones';
import { easyDkimToken } from './keys';
import { interpretStack } from './interpret';
import { isWithin, normalizeName } from './dns-text';
import { SES_ZONE, TRACKING_ZONE, dkimHost } from './ses-world';

/** What the harness needs to build one world. */
export interface WorldSpec {
  /** A short name, unique among the worlds of one test file. */
  readonly name: string;
  /** The configured domains: known before anything is synthesized. */
  readonly expectations: readonly DomainExpectation[];
  /** BYODKIM private keys (PEM) by the public key (base64) the config publishes. */
  readonly privateKeys: ReadonlyMap<string, string>;
  /** The synthesized stacks: `stacks/<name>/cdk.tf.json`, parsed. */
  readonly stacks: () => Promise<readonly { readonly stack: string; readonly json: unknown }[]>;
}

/** One configured domain with what the applied stacks made of it. */
export interface DomainCase {
  readonly expectation: DomainExpectation;
  /** The SES identity for the domain, when a stack of its environment creates one. */
  readonly identity?: SesIdentity;
  /** The stack holding that identity. */
  readonly stack?: string;
  /** The Easy DKIM tokens SES would return for the identity (empty for BYODKIM). */
  readonly tokens: readonly string[];
  /** The keys SES would sign the domain's mail with. */
  readonly signers: readonly Signer[];
}

/** One world, interpreted and ready to be served. */
export interface World {
  readonly spec: WorldSpec;
  readonly stacks: readonly AppliedStack[];
  /** Records by zone, after dropping what a vendor would refuse. */
  readonly zones: ReadonlyMap<string, readonly PlainRecord[]>;
  /** Every problem of every stack, plus conflicts between stacks. */
  readonly problems: readonly Problem[];
  readonly cases: readonly DomainCase[];
  /** The Easy DKIM keys SES publishes for this world's identities. */
  readonly dkimPublications: readonly DkimPublication[];
}

/** Keys SES signs with, one per token position. */
export type SesKeys = readonly [DkimKey, DkimKey, DkimKey];

/**
 * The keys SES signs with in the `n`-th region of a domain: set 0 is shared by every
 * domain's first (or only) region, as before; a domain's further regions sign with keys of
 * their own, as SES's identities in different regions do, so a message signed in one
 * region cannot pass with another region's key.
 */
export type SesKeySets = (n: number) => Promise<SesKeys>;

/** What tells one identity's tokens from another's: its domain and its Terraform name. */
function identityScope(identity: { readonly name: string; readonly domain: string }): string {
  return `${identity.domain}\0${identity.name}`;
}

function stackBelongsTo(stack: string, environment: string): boolean {
  // ses-dns shards a large environment into <env>-1, <env>-2, ...
  return (
    stack === environment || new RegExp(`^${environment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+$`).test(stack)
  );
}

/** Interprets the stacks of `spec` into a world. */
export async function buildWorld(spec: WorldSpec, sesKeySets: SesKeySets): Promise<World> {
  const zoneNamesById: Record<string, string> = {};
  for (const e of spec.expectations) {
    // A zone given only by id: the harness decides its name is the domain's own, which
    // serves the same names as long as every record is written with its full name.
    if ('id' in e.zone) zoneNamesById[e.zone.id] ??= e.domain;
  }
  const tokenScope = (stack: string) => `${spec.name}/${stack}`;
  const stacks = (await spec.stacks()).map(({ stack, json }) =>
    interpretStack(json, {
      stack,
      // SES gives each identity (a domain in one region) its own tokens: keyed by the identity.
      tokens: (identity, index) => easyDkimToken(tokenScope(stack), identityScope(identity), index),
      zoneNamesById,
    }),
  );

  const problems = stacks.flatMap((s) => s.problems.map((p) => ({ ...p, address: `${s.stack}: ${p.address}` })));
  const zones = new Map<string, PlainRecord[]>();
  const nodeOwner = new Map<string, string>();
  for (const stack of stacks) {
    for (const record of stack.records) {
      // Two stacks writing the same name would overwrite or refuse each other on apply.
      const node = `${record.zone}|${record.name}`;
      const owner = nodeOwner.get(node);
      if (owner !== undefined && owner !== stack.stack) {
        problems.push({
          severity: 'error',
          address: `${stack.stack}: ${record.source}`,
          message: `${record.name} is also written by stack ${owner}`,
        });
        continue;
      }
      nodeOwner.set(node, stack.stack);
      zones.set(record.zone, [...(zones.get(record.zone) ?? []), record]);
    }
  }

  const dkimPublications: DkimPublication[] = [];
  const keySets = await Promise.all(
    [...new Set(spec.expectations.map((e) => e.regions.indexOf(e.region)))].map(
      async (n) => [n, await sesKeySets(n)] as const,
    ),
  );
  const keysOfSet = new Map(keySets);
  const cases = spec.expectations.map((expectation): DomainCase => {
    // The identity of the domain in the expectation's region; for a domain in one region,
    // any identity of the domain, so a region mismatch is reported as such.
    const ofDomain = (s: AppliedStack) => s.identities.filter((i) => i.domain === expectation.domain);
    const pick = (s: AppliedStack) =>
      expectation.regions.length > 1
        ? ofDomain(s).find((i) => i.region === expectation.region)
        : (ofDomain(s).find((i) => i.region === expectation.region) ?? ofDomain(s)[0]);
    const owner = stacks.find((s) => stackBelongsTo(s.stack, expectation.environment) && pick(s) !== undefined);
    const identity = owner && pick(owner);
    if (!owner || !identity) return { expectation, tokens: [], signers: [] };
    const sesKeys = keysOfSet.get(expectation.regions.indexOf(expectation.region))!;
    if (identity.dkim.type === 'byodkim') {
      const publicKey = expectation.dkim.type === 'byodkim' ? expectation.dkim.publicKey : undefined;
      const privateKeyPem = publicKey === undefined ? undefined : spec.privateKeys.get(publicKey);
      const signers = privateKeyPem
        ? [{ domain: identity.domain, selector: identity.dkim.selector, privateKeyPem }]
        : [];
      return { expectation, identity, stack: owner.stack, tokens: [], signers };
    }
    // SES publishes each token's key under the DKIM host of the identity's own region
    // (or the host the config names), and signs with any of the three.
    const host = (expectation.dkim.type === 'easy' && expectation.dkim.host) || dkimHost(identity.region);
    const tokens = [0, 1, 2].map((i) => easyDkimToken(tokenScope(owner.stack), identityScope(identity), i));
    tokens.forEach((token, i) => dkimPublications.push({ token, host, publicKeyBase64: sesKeys[i].publicKeyBase64 }));
    const signers = tokens.map((token, i) => ({
      domain: identity.domain,
      selector: token,
      privateKeyPem: sesKeys[i].privateKeyPem,
    }));
    return { expectation, identity, stack: owner.stack, tokens, signers };
  });

  return { spec, stacks, zones, problems, cases, dkimPublications };
}

/**
 * Targets of `include:` and `redirect=` in the world's SPF records that no served zone
 * holds: each needs a stand-in so SPF evaluation stays inside the machine.
 */
export function foreignSpfTargets(world: World): string[] {
  const served = [...world.zones.keys(), SES_ZONE, TRACKING_ZONE];
  const targets = new Set<string>();
  for (const records of world.zones.values()) {
    for (const r of records) {
      if (r.data.type !== 'TXT') continue;
      const text = r.data.strings.join('');
      if (!/^v=spf1(\s|$)/i.test(text)) continue;
      for (const m of text.matchAll(/(?:^|\s)[+\-~?]?(?:include:|redirect=)(\S+)/gi)) {
        const target = normalizeName(m[1]);
        if (!target.includes('%') && !served.some((z) => isWithin(target, z))) targets.add(target);
      }
    }
  }
  return [...targets].sort();
}
