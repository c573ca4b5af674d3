/**
 * `ses-dns verify --aws`: what SES itself says of each identity (verification, DKIM and
 * MAIL FROM status) and its Easy DKIM tokens, through `GetEmailIdentity`. Credentials come
 * from the standard AWS chain; the SDK is loaded only when this is asked for.
 * `adopt --aws` reads the same answers ({@link getEmailIdentities}) for what it imports.
 * @see https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailIdentity.html
 */
import type { GetEmailIdentityCommandOutput, SESv2Client } from '@aws-sdk/client-sesv2';
import type { ResolvedDomain } from '../config/model';
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

/**
 * SES's answer to GetEmailIdentity for every domain, or `absent` where SES has no such
 * identity; a few requests at a time (GetEmailIdentity is rate limited).
 * @throws SesUnavailableError when SES cannot be asked (credentials, permission, network)
 */
export async function getEmailIdentities(
  domains: readonly ResolvedDomain[],
  clientFor: Sesv2ClientFactory,
): Promise<Map<string, GetEmailIdentityCommandOutput | 'absent'>> {
  const { GetEmailIdentityCommand } = await import('@aws-sdk/client-sesv2');
  const answers = await runBounded(
    domains.map((domain) => async () => {
      try {
        const answer = await clientFor(domain.region).send(new GetEmailIdentityCommand({ EmailIdentity: domain.name }));
        return [domain.name, answer] as const;
      } catch (error) {
        const e = error as { name?: string; message?: string };
        // Only "no such identity" is a finding about the domain; anything else means SES
        // could not be asked, and the command stops and says what to fix.
        if (e.name !== 'NotFoundException') throw new SesUnavailableError(domain.region, e);
        return [domain.name, 'absent'] as const;
      }
    }),
    4,
  );
  return new Map<string, GetEmailIdentityCommandOutput | 'absent'>(answers);
}

/**
 * Asks SES about every domain (see {@link getEmailIdentities}).
 * @throws SesUnavailableError when SES cannot be asked (credentials, permission, network)
 */
export async function fetchIdentityStatuses(
  domains: readonly ResolvedDomain[],
  clientFor: Sesv2ClientFactory,
): Promise<Map<string, IdentityStatus>> {
  const answers = await getEmailIdentities(domains, clientFor);
  return new Map(
    domains.map((domain): [string, IdentityStatus] => {
      const answer = answers.get(domain.name)!;
      if (answer === 'absent') {
        return [
          domain.name,
          {
            domain: domain.name,
            region: domain.region,
            dkimTokens: [],
            error: `no such identity in SES in ${domain.region} (NotFoundException): apply the stack, or check the region`,
          },
        ];
      }
      return [
        domain.name,
        {
          domain: domain.name,
          region: domain.region,
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
