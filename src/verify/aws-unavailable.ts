/**
 * An AWS API that could not be asked at all (no credentials, no permission, throttled,
 * unreachable): the check that needed it did not run. `verify --aws` and `adopt --aws` stop
 * with exit 2 ("could not check") and say what to fix; only an answer of the API (an
 * identity or zone that does not exist) is a finding about the domain.
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html
 */

/** An AWS API could not be asked; the message names the fix. */
export class AwsUnavailableError extends Error {
  /** The SDK's error name, such as CredentialsProviderError. */
  readonly code: string;

  constructor(message: string, code: string) {
    super(message);
    this.name = 'AwsUnavailableError';
    this.code = code;
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

/** What was asked, for {@link awsUnavailableMessage}. */
export interface AwsCall {
  /** The service as the message names it: `SES in eu-west-1`, `Route 53`. */
  readonly service: string;
  /** The IAM action and where: `ses:GetEmailIdentity in eu-west-1`. */
  readonly action: string;
  /** What the user can do without this call, starting with `or`. */
  readonly instead: string;
  /** Whose credentials were used, when not the default chain: `(profile dns, role arn:...)`. */
  readonly credentials?: string;
}

/** Why `call` failed with the SDK error `cause`, and the fix, starting with `--aws:`. */
export function awsUnavailableMessage(call: AwsCall, cause: { name?: string; message?: string }): string {
  const name = cause.name ?? 'Error';
  const said = `${name}: ${(cause.message ?? '').split('\n')[0]}`;
  const whose = call.credentials ? ` ${call.credentials}` : '';
  if (CREDENTIAL_ERRORS.has(name)) {
    return `--aws: no usable AWS credentials${whose} (${said}); sign in (aws sso login, or set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), ${call.instead}`;
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied') {
    return `--aws: the AWS credentials${whose} may not call ${call.action} (${said}); allow it, ${call.instead}`;
  }
  if (name === 'TooManyRequestsException' || name === 'ThrottlingException' || name === 'Throttling') {
    return `--aws: ${call.service} throttled the requests (${said}); try again in a minute`;
  }
  return `--aws: ${call.service} could not be asked (${said}); check the network and the region, ${call.instead}`;
}
