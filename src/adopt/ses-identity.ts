/**
 * What SES holds for a domain, for `ses-dns adopt --aws`: whether the identity exists in the
 * domain's region, how it signs (Easy DKIM with its tokens in SES's order, or BYODKIM with
 * its selector), its custom MAIL FROM and its default configuration set. One
 * `GetEmailIdentity` per domain; the SDK is loaded only when this is asked for.
 * @see https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailIdentity.html
 */
import type { GetEmailIdentityCommandOutput, SESv2Client } from '@aws-sdk/client-sesv2';
import type { ResolvedDomain } from '../config/model';
import { runBounded } from '../verify/verify';

/** SES's Easy DKIM or BYODKIM setup of an identity. */
export interface SesDkimFacts {
  /** `easy` for AWS_SES and AWS_SES_<REGION> (Deterministic Easy DKIM), `byodkim` for EXTERNAL. */
  readonly method: 'easy' | 'byodkim';
  /** Easy DKIM: the three tokens in SES's order (dkim-0, dkim-1, dkim-2); BYODKIM: the selector. */
  readonly tokens: readonly string[];
  readonly status?: string;
  /** The zone SES publishes the keys in (`dkim.amazonses.com`, or a regional one). */
  readonly signingHostedZone?: string;
  /** `RSA_1024_BIT` or `RSA_2048_BIT`. */
  readonly nextKeyLength?: string;
}

/** SES's custom MAIL FROM of an identity. */
export interface SesMailFromFacts {
  readonly domain: string;
  /** `USE_DEFAULT_VALUE` or `REJECT_MESSAGE`. */
  readonly behaviorOnMxFailure?: string;
  readonly status?: string;
}

/** What SES said of one domain's identity. */
export interface SesIdentityFacts {
  readonly domain: string;
  readonly region: string;
  /** `unknown` when SES could not be asked (no credentials, access denied, ...). */
  readonly state: 'exists' | 'absent' | 'unknown';
  readonly dkim?: SesDkimFacts;
  readonly mailFrom?: SesMailFromFacts;
  readonly configurationSet?: string;
  /** Why the state is unknown, as SES said it. */
  readonly error?: string;
}

/** Builds an SESv2 client for a region; tests pass one backed by aws-sdk-client-mock. */
export type SesClientFactory = (region: string) => SESv2Client;

/** A real client per region, credentials from the standard AWS chain. */
export async function defaultSesClientFactory(): Promise<SesClientFactory> {
  const { SESv2Client } = await import('@aws-sdk/client-sesv2');
  const clients = new Map<string, SESv2Client>();
  return (region) => {
    let client = clients.get(region);
    if (!client) clients.set(region, (client = new SESv2Client({ region })));
    return client;
  };
}

/** Asks SES about each domain, a few at a time (GetEmailIdentity is rate limited). */
export async function fetchSesIdentities(
  domains: readonly ResolvedDomain[],
  clientFor: SesClientFactory,
): Promise<Map<string, SesIdentityFacts>> {
  const { GetEmailIdentityCommand } = await import('@aws-sdk/client-sesv2');
  const facts = await runBounded(
    domains.map((domain) => async (): Promise<SesIdentityFacts> => {
      const base = { domain: domain.name, region: domain.region };
      try {
        const answer = await clientFor(domain.region).send(new GetEmailIdentityCommand({ EmailIdentity: domain.name }));
        return { ...base, state: 'exists', ...identityFacts(answer) };
      } catch (error) {
        const e = error as { name?: string; message?: string };
        if (e.name === 'NotFoundException') return { ...base, state: 'absent' };
        return { ...base, state: 'unknown', error: `${e.name ?? 'Error'}: ${e.message ?? ''}`.trim() };
      }
    }),
    4,
  );
  return new Map(facts.map((f) => [f.domain, f]));
}

function identityFacts(answer: GetEmailIdentityCommandOutput): Partial<SesIdentityFacts> {
  const dkim = answer.DkimAttributes;
  const mailFrom = answer.MailFromAttributes;
  return {
    ...(dkim
      ? {
          dkim: {
            method: dkim.SigningAttributesOrigin === 'EXTERNAL' ? 'byodkim' : 'easy',
            tokens: dkim.Tokens ?? [],
            status: dkim.Status,
            signingHostedZone: dkim.SigningHostedZone,
            nextKeyLength: dkim.NextSigningKeyLength,
          },
        }
      : {}),
    ...(mailFrom?.MailFromDomain
      ? {
          mailFrom: {
            domain: mailFrom.MailFromDomain.toLowerCase().replace(/\.$/, ''),
            behaviorOnMxFailure: mailFrom.BehaviorOnMxFailure,
            status: mailFrom.MailFromDomainStatus,
          },
        }
      : {}),
    ...(answer.ConfigurationSetName ? { configurationSet: answer.ConfigurationSetName } : {}),
  };
}
