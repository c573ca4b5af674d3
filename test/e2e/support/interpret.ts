/**
 * Reads a synthesized `cdk.tf.json` as Route 53, Cloudflare and SES would apply it, into
 * plain records and identities. An independent reading written from vendor documentation:
 * it imports nothing from `src/`, so it cannot share a mistake with the generator.
 */
import type { AppliedStack, PlainRecord, Problem, SesIdentity, TokenSource } from './model';
import { isWithin, normalizeName } from './dns-text';
import { StackReader, block, type ResourceInstance } from './stack-reader';
import { readCloudflareRecords } from './vendors/cloudflare';
import { readRoute53Records } from './vendors/route53';

/** What the harness knows beyond the JSON. */
export interface InterpretOptions {
  /** Stack name, for messages and results. */
  readonly stack: string;
  /** The Easy DKIM tokens SES would return after apply. */
  readonly tokens: TokenSource;
  /** Names of zones that a stack addresses by a literal id. */
  readonly zoneNamesById?: Readonly<Record<string, string>>;
}

/** Interprets one stack's `cdk.tf.json` (already parsed). */
export function interpretStack(json: unknown, options: InterpretOptions): AppliedStack {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`${options.stack}: cdk.tf.json is not a JSON object`);
  }
  const reader = new StackReader(json as Record<string, unknown>, options.tokens);
  const zoneNamesById = options.zoneNamesById ?? {};
  const identities = readIdentities(reader);
  const { kept, problems } = separateCnameConflicts([
    ...readRoute53Records(reader, zoneNamesById),
    ...readCloudflareRecords(reader, zoneNamesById),
  ]);
  return { stack: options.stack, identities, records: kept, problems: [...reader.problems, ...problems] };
}

const MX_FAILURE_BEHAVIORS = ['USE_DEFAULT_VALUE', 'REJECT_MESSAGE'];

function readIdentities(reader: StackReader): SesIdentity[] {
  const identities: SesIdentity[] = [];
  for (const at of reader.instances('aws_sesv2_email_identity')) {
    const raw = reader.string(at.body.email_identity, at, 'email_identity');
    if (raw === undefined || raw.includes('@')) continue; // an address identity publishes no DNS
    const region = reader.awsRegion(at.body.provider, at);
    if (region === undefined) continue;
    const attributes = block(at.body.dkim_signing_attributes);
    let dkim: SesIdentity['dkim'];
    if (attributes?.domain_signing_selector !== undefined) {
      const selector = reader.string(attributes.domain_signing_selector, at, 'domain_signing_selector');
      if (selector === undefined) continue;
      if (attributes.domain_signing_private_key === undefined) {
        reader.report('error', at.address, 'BYODKIM needs domain_signing_private_key beside the selector');
      }
      dkim = { type: 'byodkim', selector };
    } else {
      const keyLength = attributes?.next_signing_key_length;
      dkim = { type: 'easy', keyLength: typeof keyLength === 'string' ? keyLength : undefined };
    }
    const trackingDomain = trackingDomainOf(reader, at, region);
    const domain = normalizeName(raw);
    // SES: an identity is regional, and a region holds one identity of a name; a domain in
    // several regions is one identity in each (https://docs.aws.amazon.com/ses/latest/dg/regions.html).
    const twin = identities.find((i) => i.domain === domain && i.region === region);
    if (twin) {
      reader.report('error', at.address, `SES already has identity ${domain} in ${region} (${twin.address})`);
      continue;
    }
    identities.push({ address: at.address, name: at.name, domain, region, dkim, trackingDomain });
  }

  for (const at of reader.instances('aws_sesv2_email_identity_mail_from_attributes')) {
    const identityDomain = reader.string(at.body.email_identity, at, 'email_identity');
    const mailFromDomain = reader.string(at.body.mail_from_domain, at, 'mail_from_domain');
    if (identityDomain === undefined || mailFromDomain === undefined) continue;
    // The identity of that name in the attributes' own region, else any of that name (then
    // the region mismatch is reported below).
    const attributesRegion = reader.awsRegion(at.body.provider, at);
    const sameName = (i: SesIdentity) => i.domain === normalizeName(identityDomain);
    const inRegion = identities.findIndex((i) => sameName(i) && i.region === attributesRegion);
    const index = inRegion >= 0 ? inRegion : identities.findIndex(sameName);
    if (index < 0) {
      reader.report('error', at.address, `no identity ${identityDomain} in this stack`);
      continue;
    }
    const identity = identities[index];
    const domain = normalizeName(mailFromDomain);
    // SES: "The MAIL FROM domain must be a subdomain of the verified identity."
    // https://docs.aws.amazon.com/ses/latest/dg/mail-from.html
    if (domain === identity.domain || !isWithin(domain, identity.domain)) {
      reader.report(
        'error',
        at.address,
        `SES rejects MAIL FROM domain ${domain}: not a subdomain of ${identity.domain}`,
      );
      continue;
    }
    const behavior = typeof at.body.behavior_on_mx_failure === 'string' ? at.body.behavior_on_mx_failure : undefined;
    if (behavior !== undefined && !MX_FAILURE_BEHAVIORS.includes(behavior)) {
      reader.report(
        'error',
        at.address,
        `behavior_on_mx_failure ${behavior} is not one of ${MX_FAILURE_BEHAVIORS.join(', ')}`,
      );
    }
    const region = attributesRegion;
    if (region !== undefined && region !== identity.region) {
      reader.report(
        'error',
        at.address,
        `is applied in ${region}, but ${identity.address} lives in ${identity.region}`,
      );
    }
    if (identity.mailFrom) {
      reader.report('error', at.address, `${identity.address} has MAIL FROM attributes already`);
      continue;
    }
    identities[index] = { ...identity, mailFrom: { domain, behaviorOnMxFailure: behavior } };
  }
  return identities;
}

/**
 * SES uses a custom redirect domain for the mail of an identity only through a
 * configuration set: the identity's default set, with `tracking_options`.
 * @see https://docs.aws.amazon.com/ses/latest/dg/configure-custom-open-click-domains.html
 */
function trackingDomainOf(reader: StackReader, at: ResourceInstance, region: string): string | undefined {
  if (at.body.configuration_set_name === undefined) return undefined;
  const setName = reader.string(at.body.configuration_set_name, at, 'configuration_set_name');
  // Configuration sets are regional too: the identity's set is the one of that name in its region.
  const set = reader
    .instances('aws_sesv2_configuration_set')
    .find((c) => c.body.configuration_set_name === setName && reader.awsRegion(c.body.provider, c) === region);
  const domain = block(set?.body.tracking_options)?.custom_redirect_domain;
  return typeof domain === 'string' ? normalizeName(domain) : undefined;
}

/**
 * A CNAME may not share its name with any other record (RFC 1034 section 3.6.2,
 * RFC 2181 section 10.1); Route 53 and Cloudflare both refuse it, and so would BIND. Such
 * CNAMEs are reported and left out, so the rest of the stack can still be served.
 */
export function separateCnameConflicts(records: readonly PlainRecord[]): { kept: PlainRecord[]; problems: Problem[] } {
  const byNode = new Map<string, PlainRecord[]>();
  for (const record of records) {
    const key = `${record.zone}|${record.name}`;
    byNode.set(key, [...(byNode.get(key) ?? []), record]);
  }
  const refused = new Set<PlainRecord>();
  const problems: Problem[] = [];
  for (const node of byNode.values()) {
    const cnames = node.filter((r) => r.data.type === 'CNAME');
    if (cnames.length === 0 || node.length === 1) continue;
    cnames.forEach((r) => refused.add(r));
    const others = node.filter((r) => r !== cnames[0]).map((r) => `${r.data.type} from ${r.source}`);
    problems.push({
      severity: 'error',
      address: cnames[0].source,
      message: `CNAME at ${cnames[0].name} beside other data (${others.join(', ')}): RFC 1034 section 3.6.2 forbids it`,
    });
  }
  return { kept: records.filter((r) => !refused.has(r)), problems };
}
