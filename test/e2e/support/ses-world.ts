/**
 * The harness's own model of the parts of Amazon SES that live in DNS outside the user's
 * zones: where SES publishes Easy DKIM public keys, the hosts a MAIL FROM MX points at,
 * SES's sending IP ranges and the open/click tracking redirect hosts.
 *
 * Deliberately independent of `src/records`: this is the world the generated records are
 * checked against, written from AWS documentation, so a wrong table in the generator shows
 * up as a failed lookup here instead of agreeing with itself.
 */

/**
 * Regions whose Easy DKIM keys live under `dkim.<region>.amazonses.com` instead of the
 * global `dkim.amazonses.com`.
 * @see https://docs.aws.amazon.com/general/latest/gr/ses.html ("DKIM domains")
 */
export const REGIONAL_DKIM_REGIONS: ReadonlySet<string> = new Set([
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
 * Regions the simulated SES answers for (MX feedback host and tracking host). A region
 * outside this list has no `feedback-smtp` or `r.<region>.awstrack.me` host, so a typo in
 * a generated region fails to resolve, as it would on the internet.
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

/** The zone SES serves DKIM keys, feedback hosts and its own SPF record from. */
export const SES_ZONE = 'amazonses.com';

/** The zone of SES's open/click tracking redirect hosts. */
export const TRACKING_ZONE = 'awstrack.me';

/**
 * SES's SPF record, which a custom MAIL FROM's `include:amazonses.com` pulls in.
 * @see https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-spf.html
 */
export const SES_SPF =
  'v=spf1 ip4:199.255.192.0/22 ip4:199.127.232.0/22 ip4:54.240.0.0/18 ip4:69.169.224.0/20 ' +
  'ip4:23.249.208.0/20 ip4:23.251.224.0/19 ip4:76.223.176.0/20 ip4:54.240.64.0/19 ' +
  'ip4:54.240.96.0/19 -all';

/** A client address inside `54.240.0.0/18`: mail SES itself delivers. */
export const SES_CLIENT_IP = '54.240.8.25';

/**
 * A client address outside every SES range: a spoofer. Shared address space (RFC 6598),
 * which no real sender has and, unlike the documentation ranges, no example SPF lists.
 */
export const FOREIGN_CLIENT_IP = '100.64.7.7';

/** The HELO name SES's outbound MTAs use in `region`. */
export function sesHelo(region: string): string {
  return `e226-8.smtp-out.${region}.amazonses.com`;
}

/** The host Easy DKIM CNAMEs of an identity in `region` must point under. */
export function dkimHost(region: string): string {
  return REGIONAL_DKIM_REGIONS.has(region) ? `dkim.${region}.amazonses.com` : 'dkim.amazonses.com';
}

/**
 * The MX exchange of a custom MAIL FROM domain for an identity in `region`.
 * @see https://docs.aws.amazon.com/ses/latest/dg/mail-from.html
 */
export function feedbackHost(region: string): string {
  return `feedback-smtp.${region}.amazonses.com`;
}

/**
 * The redirect host a custom tracking domain's CNAME must name for `region`.
 * @see https://docs.aws.amazon.com/ses/latest/dg/configure-custom-open-click-domains.html
 */
export function trackingHost(region: string): string {
  return `r.${region}.awstrack.me`;
}
