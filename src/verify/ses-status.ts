/**
 * `ses-dns verify --aws`: what SES itself says of each identity (verification, DKIM and
 * MAIL FROM status) and its Easy DKIM tokens, through `GetEmailIdentity` in each SES region
 * of the domain. Credentials come
 * from the standard AWS chain; the SDK is loaded only when this is asked for.
 * `adopt --aws` reads the same answers ({@link getEmailIdentities}) for what it imports.
 * @see https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailIdentity.html
 */
import type { GetEmailIdentityCommandOutput, SESv2Client } from '@aws-sdk/client-sesv2';
import type { ResolvedDomain } from '../config/model';
import { domainRegions, tokensKey } from '../records/regional';
import { AwsUnavailableError, awsUnavailableMessage } from './aws-unavailable';
import { runBounded } from './verify';

/** SES's view of one identity. */
export interface IdentityStatus {
  readonly domain: string;
  readonly region: string;
  /** Whether SES will send from it. */
  readonly verifiedForSending?: boolean;
  /** PENDING, SUCCESS, FAILED, TEMPORARY_FAILURE or NOT_STARTED. */
  readonly verificationStatus?: string;
  readonly dkimStatus?: string;
  readonly dkimTokens: readonly string[];
  readonly mailFromDomain?: string;
  readonly mailFromStatus?: string;
  /** Why the identity is not usable as SES sees it (it does not exist). */
  readonly error?: string;
}

/** SES could not be asked at all: no credentials, no permission, throttled, unreachable. */
export class SesUnavailableError extends AwsUnavailableError {
  constructor(region: string, cause: { name?: string; message?: string }) {
    super(
      awsUnavailableMessage(
        {
          service: `SES in ${region}`,
          action: `ses:GetEmailIdentity in ${region}`,
          instead: 'or leave out --aws and pass the tokens with --tokens FILE',
        },
        cause,
      ),
      cause.name ?? 'Error',
    );
    this.name = 'SesUnavailableError';
  }
}

/** Builds an SESv2 client for a region; tests pass one backed by a mock. */
export type Sesv2ClientFactory = (region: string) => SESv2Client;

/** The default factory: a real client per region, credentials from the AWS chain. */
export async function defaultClientFactory(): Promise<Sesv2ClientFactory> {
  const { SESv2Client } = await import('@aws-sdk/client-sesv2');
  const clients = new Map<string, SESv2Client>();
  return (region) => {
    let client = clients.get(region);
    if (!client) clients.set(region, (client = new SESv2Client({ region })));
    return client;
  };
}

/** One SES identity to ask about: a domain in one of its regions, and its key in the answers. */
export interface IdentityQuestion {
  readonly domain: string;
  readonly region: string;
  /** src/records/regional.ts `tokensKey`: the domain for its home region, `<domain> <region>` for another. */
  readonly key: string;
}

/** Every identity of `domains`: each in each of its SES regions. */
export function questionsOf(domains: readonly ResolvedDomain[]): IdentityQuestion[] {
  return domains.flatMap((domain) =>
    domainRegions(domain).map((region, i) => ({
      domain: domain.name,
      region,
      key: i === 0 ? domain.name : tokensKey(domain.name, region),
    })),
  );
}

/**
 * SES's answer to GetEmailIdentity for every domain, in each of its regions, or `absent`
 * where SES has no such identity; a few requests at a time (GetEmailIdentity is rate
 * limited). Keyed by domain for the home region, `<domain> <region>` for a further one
 * (src/records/regional.ts `tokensKey`).
 * @throws SesUnavailableError when SES cannot be asked (credentials, permission, network)
 */
export async function getEmailIdentities(
  domains: readonly ResolvedDomain[],
  clientFor: Sesv2ClientFactory,
): Promise<Map<string, GetEmailIdentityCommandOutput | 'absent'>> {
  const { GetEmailIdentityCommand } = await import('@aws-sdk/client-sesv2');
  const answers = await runBounded(
    questionsOf(domains).map((question) => async () => {
      try {
        const answer = await clientFor(question.region).send(
          new GetEmailIdentityCommand({ EmailIdentity: question.domain }),
        );
        return [question.key, answer] as const;
      } catch (error) {
        const e = error as { name?: string; message?: string };
        // Only "no such identity" is a finding about the domain; anything else means SES
        // could not be asked, and the command stops and says what to fix.
        if (e.name !== 'NotFoundException') throw new SesUnavailableError(question.region, e);
        return [question.key, 'absent'] as const;
      }
    }),
    4,
  );
  return new Map<string, GetEmailIdentityCommandOutput | 'absent'>(answers);
}

/**
 * Asks SES about every domain in each of its regions (see {@link getEmailIdentities}),
 * keyed as it keys them.
 * @throws SesUnavailableError when SES cannot be asked (credentials, permission, network)
 */
export async function fetchIdentityStatuses(
  domains: readonly ResolvedDomain[],
  clientFor: Sesv2ClientFactory,
): Promise<Map<string, IdentityStatus>> {
  const answers = await getEmailIdentities(domains, clientFor);
  return new Map(
    questionsOf(domains).map(({ domain, region, key }): [string, IdentityStatus] => {
      const answer = answers.get(key)!;
      if (answer === 'absent') {
        return [
          key,
          {
            domain,
            region,
            dkimTokens: [],
            error: `no such identity in SES in ${region} (NotFoundException): apply the stack, or check the region`,
          },
        ];
      }
      return [
        key,
        {
          domain,
          region,
          verifiedForSending: answer.VerifiedForSendingStatus,
          verificationStatus: answer.VerificationStatus,
          dkimStatus: answer.DkimAttributes?.Status,
          dkimTokens: answer.DkimAttributes?.Tokens ?? [],
          mailFromDomain: answer.MailFromAttributes?.MailFromDomain,
          mailFromStatus: answer.MailFromAttributes?.MailFromDomainStatus,
        },
      ];
    }),
  );
}

/** Whether SES reports the identity ready: verified, DKIM and MAIL FROM successful. */
export function isHealthy(status: IdentityStatus): boolean {
  return (
    !status.error &&
    status.verifiedForSending === true &&
    status.dkimStatus === 'SUCCESS' &&
    (status.mailFromDomain === undefined || status.mailFromStatus === 'SUCCESS')
  );
}
