/**
 * `ses-dns verify --aws`: what SES itself says of each identity (verification, DKIM and
 * MAIL FROM status) and its Easy DKIM tokens, through `GetEmailIdentity`. Credentials come
 * from the standard AWS chain; the SDK is loaded only when this is asked for.
 * @see https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailIdentity.html
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { ResolvedDomain } from '../config/model';
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
  /** Why SES could not be asked (no such identity, no credentials, ...). */
  readonly error?: string;
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

/** Asks SES about every domain, a few at a time (GetEmailIdentity is rate limited). */
export async function fetchIdentityStatuses(
  domains: readonly ResolvedDomain[],
  clientFor: Sesv2ClientFactory,
): Promise<Map<string, IdentityStatus>> {
  const { GetEmailIdentityCommand } = await import('@aws-sdk/client-sesv2');
  const statuses = await runBounded(
    domains.map((domain) => async (): Promise<IdentityStatus> => {
      try {
        const answer = await clientFor(domain.region).send(new GetEmailIdentityCommand({ EmailIdentity: domain.name }));
        return {
          domain: domain.name,
          region: domain.region,
          verifiedForSending: answer.VerifiedForSendingStatus,
          verificationStatus: answer.VerificationStatus,
          dkimStatus: answer.DkimAttributes?.Status,
          dkimTokens: answer.DkimAttributes?.Tokens ?? [],
          mailFromDomain: answer.MailFromAttributes?.MailFromDomain,
          mailFromStatus: answer.MailFromAttributes?.MailFromDomainStatus,
        };
      } catch (error) {
        const e = error as { name?: string; message?: string };
        return {
          domain: domain.name,
          region: domain.region,
          dkimTokens: [],
          error: `${e.name ?? 'Error'}: ${e.message ?? ''}`,
        };
      }
    }),
    4,
  );
  return new Map(statuses.map((s) => [s.domain, s]));
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
