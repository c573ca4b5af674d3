/**
 * What SES holds for a domain, for `ses-dns adopt --aws`: whether the identity exists in each
 * of the domain's regions, how it signs (Easy DKIM with its tokens in SES's order, or BYODKIM with
 * its selector), its custom MAIL FROM and its default configuration set. One
 * `GetEmailIdentity` per domain; the SDK is loaded only when this is asked for.
 * @see https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailIdentity.html
 */
import type { GetEmailIdentityCommandOutput } from '@aws-sdk/client-sesv2';
import type { ResolvedDomain } from '../config/model';
import { getEmailIdentities, questionsOf } from '../verify/ses-status';
import type { Sesv2ClientFactory } from '../verify/ses-status';

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
  readonly state: 'exists' | 'absent';
  readonly dkim?: SesDkimFacts;
  readonly mailFrom?: SesMailFromFacts;
  readonly configurationSet?: string;
}

/**
 * Asks SES about each domain in each of its regions (src/verify/ses-status.ts, as
 * `verify --aws` does), keyed by domain for its home region and `<domain> <region>` for a
 * further one (src/records/regional.ts `tokensKey`).
 * @throws SesUnavailableError when SES cannot be asked (credentials, permission, network):
 *   adopt then could not check, and stops with exit 2
 */
export async function fetchSesIdentities(
  domains: readonly ResolvedDomain[],
  clientFor: Sesv2ClientFactory,
): Promise<Map<string, SesIdentityFacts>> {
  const answers = await getEmailIdentities(domains, clientFor);
  return new Map(
    questionsOf(domains).map(({ domain, region, key }): [string, SesIdentityFacts] => {
      const answer = answers.get(key)!;
      const base = { domain, region };
      return [
        key,
        answer === 'absent' ? { ...base, state: 'absent' } : { ...base, state: 'exists', ...identityFacts(answer) },
      ];
    }),
  );
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
