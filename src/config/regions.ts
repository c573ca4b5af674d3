/**
 * Facts about the AWS regions where Amazon SES sends mail.
 *
 * The AWS provider does not expose SES's `SigningHostedZone` (terraform-provider-aws#48568),
 * so the DKIM host of each region is kept here, in a table with its source. A config can
 * override it with `dkim.host` should AWS add a region before this table learns of it.
 */

/**
 * Regions where the SESv2 API is offered.
 * @see https://docs.aws.amazon.com/general/latest/gr/ses.html
 */
export const SES_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-5',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-gov-east-1',
  'us-gov-west-1',
  'us-west-1',
  'us-west-2',
];

/**
 * Regions whose Easy DKIM CNAMEs point at `<token>.dkim.<region>.amazonses.com` instead of
 * the global `<token>.dkim.amazonses.com`.
 * @see https://docs.aws.amazon.com/general/latest/gr/ses.html ("Easy DKIM domains" table;
 *   public zone files confirm eu-south-1)
 */
const REGIONAL_DKIM_REGIONS: ReadonlySet<string> = new Set([
  'af-south-1',
  'ap-northeast-3',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-5',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'il-central-1',
  'me-central-1',
  'us-gov-east-1',
]);

/**
 * Regions where SES offers its API but no SMTP endpoint (`email-smtp.<region>.amazonaws.com`):
 * mail can only be sent through the API there.
 *
 * The authority is the "SMTP endpoints" table of AWS's "Amazon SES endpoints and quotas". The
 * seed guide named Milan and Zurich; Milan (eu-south-1) is wrong: AWS's own SMTP-credentials
 * example (AWS Code Library, "Generate credentials to connect to an Amazon SES SMTP
 * endpoint") lists eu-south-1 among its SMTP regions, and public configs send through
 * `email-smtp.eu-south-1.amazonaws.com`. Zurich (eu-central-2) stays: the host does not
 * resolve (users report `ENOTFOUND email-smtp.eu-central-2.amazonaws.com` and send through
 * the API instead). Issue #13 could not read the whole table (see docs/cli.md): other
 * regions are not warned about.
 * @see https://docs.aws.amazon.com/general/latest/gr/ses.html
 * @see https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html
 */
export const REGIONS_WITHOUT_SMTP: ReadonlySet<string> = new Set(['eu-central-2']);

/**
 * The AWS partition of an SES region: GovCloud (`us-gov-*`) is a partition of its own, with
 * its own accounts and credentials; every other region of the table is in the commercial one.
 * @see https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-arns.html
 */
export function partitionOf(region: string): 'aws' | 'aws-us-gov' {
  return region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

/** Whether SES offers its API in `region`. */
export function isSesRegion(region: string): boolean {
  return SES_REGIONS.includes(region);
}

/**
 * The host that Easy DKIM CNAMEs of an identity in `region` point at.
 * @example dkimHostFor('eu-west-1') // 'dkim.amazonses.com'
 * @example dkimHostFor('eu-south-1') // 'dkim.eu-south-1.amazonses.com'
 */
export function dkimHostFor(region: string): string {
  return REGIONAL_DKIM_REGIONS.has(region) ? `dkim.${region}.amazonses.com` : 'dkim.amazonses.com';
}

/**
 * The single MX host of a custom MAIL FROM domain: SES's feedback endpoint in the
 * identity's own region.
 * @see https://docs.aws.amazon.com/ses/latest/dg/mail-from.html
 */
export function feedbackMxHostFor(region: string): string {
  return `feedback-smtp.${region}.amazonses.com`;
}

/**
 * The click- and open-tracking host a custom tracking domain points at.
 * @see https://docs.aws.amazon.com/ses/latest/dg/configure-custom-open-click-domains.html
 */
export function trackingHostFor(region: string): string {
  return `r.${region}.awstrack.me`;
}
