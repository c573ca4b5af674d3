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
  /** Why the identity is not usable as SES sees it (it does not exist). */
  readonly error?: string;
}

/** SES could not be asked at all: no credentials, no permission, throttled, unreachable. */
export class SesUnavailableError extends Error {
  /** The SDK's error name, such as CredentialsProviderError. */
  readonly code: string;

  constructor(region: string, cause: { name?: string; message?: string }) {
    super(sesUnavailableMessage(region, cause));
    this.name = 'SesUnavailableError';
    this.code = cause.name ?? 'Error';
  }
}

/** Names of SDK errors meaning the credentials are missing, wrong or expired. */
const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'TokenRefreshRequired',
]);

function sesUnavailableMessage(region: string, cause: { name?: string; message?: string }): string {
  const name = cause.name ?? 'Error';
  const said = `${name}: ${(cause.message ?? '').split('\n')[0]}`;
  const instead = 'or leave out --aws and pass the tokens with --tokens FILE';
  if (CREDENTIAL_ERRORS.has(name)) {
    return `--aws: no usable AWS credentials (${said}); sign in (aws sso login, or set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), ${instead}`;
  }
  if (name === 'AccessDeniedException') {
    return `--aws: the AWS credentials may not call ses:GetEmailIdentity in ${region} (${said}); allow it, ${instead}`;
  }
  if (name === 'TooManyRequestsException' || name === 'ThrottlingException') {
    return `--aws: SES in ${region} throttled the requests (${said}); try again in a minute`;
  }
  return `--aws: SES in ${region} could not be asked (${said}); check the network and the region, ${instead}`;
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
 * Asks SES about every domain, a few at a time (GetEmailIdentity is rate limited).
 * @throws SesUnavailableError when SES cannot be asked (credentials, permission, network)
 */
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
        // Only "no such identity" is a finding about the domain; anything else means SES
        // could not be asked, and verify stops and says what to fix.
        if (e.name !== 'NotFoundException') throw new SesUnavailableError(domain.region, e);
        return {
          domain: domain.name,
          region: domain.region,
          dkimTokens: [],
          error: `no such identity in SES in ${domain.region} (NotFoundException): apply the stack, or check the region`,
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
