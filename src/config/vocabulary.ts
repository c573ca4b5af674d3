/**
 * The words a config may use: each list of allowed values is written once, here, and is
 * the source of its TypeScript union, of its `enum` in the JSON Schema (schema.ts) and of
 * the resolver's reading (resolve.ts). Plain data: loading it costs nothing.
 */

/** DNS providers a stack can write records to. */
export const DNS_PROVIDERS = ['route53', 'cloudflare'] as const;
/** DNS providers a stack can write records to. */
export type DnsProviderName = (typeof DNS_PROVIDERS)[number];

/** How SES signs: Easy DKIM (SES's key) or BYODKIM (yours). */
export const DKIM_TYPES = ['easy', 'byodkim'] as const;
/** How SES signs: Easy DKIM (SES's key) or BYODKIM (yours). */
export type DkimType = (typeof DKIM_TYPES)[number];

/** Easy DKIM key lengths SES offers. */
export const DKIM_KEY_LENGTHS = [1024, 2048] as const;
/** Easy DKIM key lengths SES offers. */
export type DkimKeyLength = (typeof DKIM_KEY_LENGTHS)[number];

/** What SES does when the MAIL FROM MX is missing. */
export const MX_FAILURE_ACTIONS = ['use-default', 'reject-message'] as const;
/** What SES does when the MAIL FROM MX is missing. */
export type MxFailureAction = (typeof MX_FAILURE_ACTIONS)[number];

/** The `all` of the MAIL FROM SPF: `~all` or `-all`. */
export const MAIL_FROM_SPF_ALLS = ['softfail', 'fail'] as const;
/** The `all` of the MAIL FROM SPF: `~all` or `-all`. */
export type MailFromSpfAll = (typeof MAIL_FROM_SPF_ALLS)[number];

/** DMARC policies, from the mildest. */
export const DMARC_POLICIES = ['none', 'quarantine', 'reject'] as const;
/** A DMARC policy. */
export type DmarcPolicy = (typeof DMARC_POLICIES)[number];

/** DMARC identifier alignment modes. */
export const ALIGNMENT_MODES = ['relaxed', 'strict'] as const;
/** DMARC identifier alignment mode. */
export type AlignmentMode = (typeof ALIGNMENT_MODES)[number];

/** DMARC failure reporting options (`fo`). */
export const DMARC_FAILURE_OPTIONS = ['0', '1', 'd', 's'] as const;
/** A DMARC failure reporting option (`fo`). */
export type DmarcFailureOption = (typeof DMARC_FAILURE_OPTIONS)[number];

/** What a root SPF record ends with. */
export const SPF_ALLS = ['fail', 'softfail', 'neutral'] as const;
/** What an SPF record ends with. */
export type SpfAll = (typeof SPF_ALLS)[number];

/** Whether tracking links use HTTPS. */
export const HTTPS_POLICIES = ['optional', 'require', 'require-open-only'] as const;
/** Whether tracking links use HTTPS. */
export type HttpsPolicy = (typeof HTTPS_POLICIES)[number];

/**
 * SES event types an event destination can publish, in the order of the SES API reference.
 * @see https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_EventDestinationDefinition.html
 */
export const SES_EVENT_TYPES = [
  'SEND',
  'REJECT',
  'BOUNCE',
  'COMPLAINT',
  'DELIVERY',
  'OPEN',
  'CLICK',
  'RENDERING_FAILURE',
  'DELIVERY_DELAY',
  'SUBSCRIPTION',
] as const;
/** SES event types an event destination can publish. */
export type SesEventType = (typeof SES_EVENT_TYPES)[number];

/** Reasons an address goes on the suppression list. */
export const SUPPRESSION_REASONS = ['BOUNCE', 'COMPLAINT'] as const;
/** Reasons an address goes on the suppression list. */
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** Where SES reads the value of a CloudWatch dimension. */
export const DIMENSION_SOURCES = ['messageTag', 'emailHeader', 'linkTag'] as const;
/** Where SES reads the value of a CloudWatch dimension. */
export type DimensionSource = (typeof DIMENSION_SOURCES)[number];

/** Whether a configuration set delivers only over TLS. */
export const TLS_POLICIES = ['require', 'optional'] as const;
/** Whether a configuration set delivers only over TLS. */
export type TlsPolicy = (typeof TLS_POLICIES)[number];

/** The keys of an event destination that name its target; exactly one per event. */
export const EVENT_TARGET_KEYS = ['sns', 'cloudwatch', 'eventBridge', 'firehose'] as const;

/** Where Terraform keeps an environment's state. */
export const BACKEND_TYPES = ['local', 's3', 'cloud'] as const;

/**
 * Roles an `import` entry may name: the record roles of the plan and the SES resources of
 * the domain. They are the suffixes of Terraform addresses (`example_com__spf`).
 * `dmarc-report-auth` is the DMARC report authorization that another domain's zone holds
 * for this domain (`<domain>._report._dmarc.<report domain>`), written under the domain
 * whose reports go there; it exists only when the environment manages that zone, so it is
 * checked per environment (src/checks/report-auth-import.ts).
 */
export const IMPORT_ROLES = [
  'identity',
  'mail-from',
  'configuration-set',
  'dkim-0',
  'dkim-1',
  'dkim-2',
  'dkim',
  'mail-from-mx',
  'mail-from-spf',
  'dmarc',
  'spf',
  'tracking',
  'dmarc-report-auth',
] as const;
/** What an `import` entry can adopt: a record role, or an SES resource of the domain. */
export type ImportRole = (typeof IMPORT_ROLES)[number];

/**
 * The roles of a further SES region of a domain (issue #16), written under the region in
 * `import:` (`import: { us-east-2: { identity: example.com } }`): what each region has of its
 * own. The BYODKIM key, DMARC and the root SPF are the domain's, adopted once at the top.
 */
export const REGIONAL_IMPORT_ROLES = [
  'identity',
  'mail-from',
  'configuration-set',
  'dkim-0',
  'dkim-1',
  'dkim-2',
  'mail-from-mx',
  'mail-from-spf',
  'tracking',
] as const satisfies readonly ImportRole[];
/** What an `import` entry of a further region can adopt. */
export type RegionalImportRole = (typeof REGIONAL_IMPORT_ROLES)[number];

const SETTINGS = ['region', 'ttl', 'dkim', 'mailFrom', 'dmarc', 'spf', 'tracking', 'configurationSet'] as const;
/** A key allowed at every layer. */
export type SettingsKey = (typeof SETTINGS)[number];
/** The keys allowed at every layer (defaults, environment, domain): the ones that merge. */
export const SETTINGS_KEYS: readonly string[] = SETTINGS;

/** `value` when it is one of `allowed`, else undefined: how the resolver reads a raw word. */
export function oneOf<T extends string | number>(allowed: readonly T[], value: unknown): T | undefined {
  return (allowed as readonly unknown[]).includes(value) ? (value as T) : undefined;
}

/** The items of `values` that are among `allowed`, in their order. */
export function onlyOf<T extends string | number>(allowed: readonly T[], values: readonly unknown[]): T[] {
  return values.filter((v): v is T => (allowed as readonly unknown[]).includes(v));
}
