/**
 * Regular expressions for the strings a config holds, shared by the JSON Schema (so editors
 * flag the same mistakes) and the validator.
 */

const LABEL = '(?!-)[a-z0-9-]{1,63}(?<!-)';

/** A lowercase domain name with at least two labels: `example.com`, `xn--bcher-kva.de`. */
export const DOMAIN_NAME = `^(?=.{1,253}$)${LABEL}(\\.${LABEL})+$`;

/** One or more lowercase labels put in front of a domain: `mail`, `bounce.mail`. */
export const SUBDOMAIN = `^(?=.{1,200}$)${LABEL}(\\.${LABEL})*$`;

/** A label that may hold the `{region}` placeholder (src/config/domain-regions.ts). */
const REGIONAL_LABEL = '(?!-)(?:[a-z0-9-]|\\{region\\}){1,63}(?<!-)';

/**
 * {@link SUBDOMAIN}, whose labels may hold `{region}`: `feedback-smtp-{region}-amazonses`
 * (issue #16). The length of each name it gives is checked once the region is in.
 */
export const REGIONAL_SUBDOMAIN = `^(?=.{1,200}$)${REGIONAL_LABEL}(\\.${REGIONAL_LABEL})*$`;

/** The region field of an ARN: a region, or `{region}` for the region of each identity. */
const ARN_REGION = '(?:[a-z0-9-]+|\\{region\\})';

/** The key of a further region's `import:` ids: the shape of a region name, checked by the resolver. */
export const REGION_KEY = '^[a-z]{2}(?:-[a-z]+)+-[0-9]+$';

/** A DKIM selector: 1-63 of `[A-Za-z0-9-]`, no hyphen at either end (SES BYODKIM rule). */
export const DKIM_SELECTOR = '^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$';

/** Base64 text, no PEM header lines or white space. */
export const BASE64 = '^[A-Za-z0-9+/]+={0,2}$';

const MAIL_HOST = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+';

/**
 * A DMARC report address: a plain `user@example.com` (ses-dns writes the `mailto:` and
 * percent-encodes `!` and `,`), or a `mailto:` URI with an optional size limit (`!10m`).
 * @see https://www.rfc-editor.org/rfc/rfc7489#section-6.2
 */
export const DMARC_REPORT_ADDRESS = `^(mailto:[^\\s@;,!]+@${MAIL_HOST}(![0-9]+[kmgt]?)?|[^\\s@;:]+@${MAIL_HOST})$`;

/** A name SPF may `include:`; underscores are allowed (`_spf.google.com`). */
export const SPF_DOMAIN = '^(?=.{1,253}$)[A-Za-z0-9_][A-Za-z0-9_-]{0,62}(\\.[A-Za-z0-9_][A-Za-z0-9_-]{0,62})+$';

/** An SPF mechanism other than `all`, with an optional qualifier. @see RFC 7208 section 5 */
export const SPF_MECHANISM = '^[+?~-]?(a|mx|ptr|exists|include|ip4|ip6)([:/][^\\s]+)?$';

/** An environment name: it becomes a stack name, a folder name and a state file name. */
export const ENVIRONMENT_NAME = '^[a-z][a-z0-9-]{0,62}$';

/** An IAM role ARN (any partition). */
export const ROLE_ARN = '^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}$';

/** An SES configuration set name. */
export const CONFIGURATION_SET_NAME = '^[A-Za-z0-9_-]{1,64}$';

/** A Route 53 hosted zone id. */
export const ROUTE53_ZONE_ID = '^Z[A-Z0-9]{1,32}$';

/** A Cloudflare zone id: 32 hex characters. */
export const CLOUDFLARE_ZONE_ID = '^[0-9a-f]{32}$';

/** An SES event destination name (issue #8); it also names the Terraform address. */
export const EVENT_DESTINATION_NAME = '^[A-Za-z0-9_-]{1,64}$';

/** A dedicated IP pool name. */
export const SENDING_POOL_NAME = '^[A-Za-z0-9_-]{1,64}$';

/** An SNS topic ARN (any partition); its region may be `{region}`. */
export const SNS_TOPIC_ARN = `^arn:aws[a-z-]*:sns:${ARN_REGION}:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?$`;

/** An EventBridge event bus ARN; its region may be `{region}`. */
export const EVENT_BUS_ARN = `^arn:aws[a-z-]*:events:${ARN_REGION}:[0-9]{12}:event-bus/[A-Za-z0-9._/-]{1,256}$`;

/** A Kinesis Data Firehose delivery stream ARN; its region may be `{region}`. */
export const FIREHOSE_STREAM_ARN = `^arn:aws[a-z-]*:firehose:${ARN_REGION}:[0-9]{12}:deliverystream/[A-Za-z0-9._-]{1,64}$`;

/** A 12-digit AWS account id. */
export const AWS_ACCOUNT_ID = '^[0-9]{12}$';

/**
 * A CloudWatch dimension name of an SES event destination (colons allow SES auto-tags such
 * as `ses:from-domain`).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ses-configurationseteventdestination-dimensionconfiguration.html
 */
export const CLOUDWATCH_DIMENSION_NAME = '^[A-Za-z0-9_:-]{1,256}$';

/** The default value of such a dimension (same source). */
export const CLOUDWATCH_DIMENSION_DEFAULT = '^[A-Za-z0-9_.@-]{1,256}$';

/**
 * A TXT value we write as given: printable ASCII without `"` or `\` (each provider quotes
 * values itself; an escape would be written twice), 1 to 2048 characters (Cloudflare's
 * limit on TXT content; longer values are split into 255-byte strings when written).
 */
export const TXT_VALUE = '^[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]{1,2048}$';

/** A record name relative to a domain: `@` for the domain itself, or labels (`_dmarc`, `mail`). */
export const RELATIVE_NAME = '^(@|(?=.{1,200}$)[a-z0-9_](?:[a-z0-9_-]{0,62})(\\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*)$';
