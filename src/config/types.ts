/**
 * The shape of an `ses-dns` config file, as users write it.
 *
 * Three layers override each other: `defaults` < `environments.<env>` < one entry of
 * `environments.<env>.domains`. Every key of {@link DomainSettings} may appear at each layer.
 * Objects merge key by key, lists and scalars replace, and `false` switches a feature off.
 */

import type { IMPORT_ROLES } from './safety-schema';

/** DNS providers a stack can write records to. */
export type DnsProviderName = 'route53' | 'cloudflare';

/** A TTL in seconds; Cloudflare also accepts `auto` (its TTL 1). */
export type TtlSetting = number | 'auto';

/** Easy DKIM: SES generates and rotates the key; three CNAMEs publish it. */
export interface EasyDkimSettings {
  readonly type: 'easy';
  /** @default 2048 */
  readonly keyLength?: 1024 | 2048;
  /**
   * The host the CNAMEs point at, when the built-in region table is wrong or new.
   * @default from the region: `dkim.amazonses.com` or `dkim.<region>.amazonses.com`
   */
  readonly host?: string;
}

/** Bring your own DKIM key: the public key is published as one TXT record. */
export interface ByoDkimSettings {
  readonly type: 'byodkim';
  /** 1-63 characters of `[A-Za-z0-9-]`, no leading or trailing hyphen. */
  readonly selector: string;
  /** Base64 of the DER public key (SubjectPublicKeyInfo), without PEM header lines. */
  readonly publicKey: string;
}

/** How SES signs mail from a domain. */
export type DkimSettings = EasyDkimSettings | ByoDkimSettings;

/** Custom MAIL FROM: what makes SPF align for DMARC. */
export interface MailFromSettings {
  /** Labels in front of the domain: `mail` gives `mail.example.com`. @default "mail" */
  readonly subdomain?: string;
  /** What SES does when the MX is missing. @default "use-default" */
  readonly onMxFailure?: 'use-default' | 'reject-message';
  /**
   * How the MAIL FROM SPF ends: `softfail` writes `~all`, as SES documents it; `fail` writes
   * `-all`, which existing setups often publish (nothing but SES sends with this name).
   * @default "softfail"
   * @see https://docs.aws.amazon.com/ses/latest/dg/mail-from.html
   */
  readonly spfAll?: MailFromSpfAll;
}

/** The `all` of the MAIL FROM SPF: `~all` or `-all`. */
export type MailFromSpfAll = 'softfail' | 'fail';

/** A DMARC policy. */
export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

/** DMARC identifier alignment mode. */
export type AlignmentMode = 'relaxed' | 'strict';

/** The `_dmarc` record of a domain. @see https://www.rfc-editor.org/rfc/rfc7489#section-6.3 */
export interface DmarcSettings {
  /** `p` @default "none" */
  readonly policy?: DmarcPolicy;
  /** `sp`: the policy for subdomains. */
  readonly subdomainPolicy?: DmarcPolicy;
  /** `np` (DMARCbis): the policy for non-existent subdomains. */
  readonly nonexistentPolicy?: DmarcPolicy;
  /** `rua`: addresses for aggregate reports (`a@b.com` or `mailto:a@b.com`). */
  readonly rua?: readonly string[];
  /** `ruf`: addresses for failure reports. */
  readonly ruf?: readonly string[];
  /** `adkim` and `aspf`. @default relaxed for both */
  readonly alignment?: { readonly dkim?: AlignmentMode; readonly spf?: AlignmentMode };
  /** `pct` (removed by DMARCbis). */
  readonly pct?: number;
  /** `fo`: any of `0`, `1`, `d`, `s`. */
  readonly failureOptions?: readonly ('0' | '1' | 'd' | 's')[];
  /** `ri`: seconds between aggregate reports (removed by DMARCbis). */
  readonly reportInterval?: number;
}

/** What an SPF record ends with. */
export type SpfAll = 'fail' | 'softfail' | 'neutral';

/** A root SPF record at the domain itself (`include:amazonses.com` first, unless switched off). */
export interface SpfSettings {
  /**
   * Whether the record includes `include:amazonses.com` (first). SES's own mail never needs
   * it (its envelope sender is the MAIL FROM domain or amazonses.com), but AWS and the seed
   * guide recommend it; `false` keeps a live root SPF that authorizes other senders only.
   * @default true
   */
  readonly includeAmazonSes?: boolean;
  /** Extra `include:` domains. */
  readonly include?: readonly string[];
  /** Extra mechanisms, written as in SPF: `ip4:192.0.2.0/24`, `a`, `mx`. */
  readonly mechanisms?: readonly string[];
  /** @default "softfail" */
  readonly all?: SpfAll;
}

/** A custom domain for open and click tracking. */
export interface TrackingSettings {
  /** @default "track" */
  readonly subdomain?: string;
  /** @default "optional" */
  readonly httpsPolicy?: 'optional' | 'require' | 'require-open-only';
}

/**
 * SES event types an event destination can publish.
 * @see https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_EventDestinationDefinition.html
 */
export type SesEventType =
  | 'SEND'
  | 'REJECT'
  | 'BOUNCE'
  | 'COMPLAINT'
  | 'DELIVERY'
  | 'OPEN'
  | 'CLICK'
  | 'RENDERING_FAILURE'
  | 'DELIVERY_DELAY'
  | 'SUBSCRIPTION';

/** Reasons an address goes on the suppression list. */
export type SuppressionReason = 'BOUNCE' | 'COMPLAINT';

/** One CloudWatch dimension of an event destination. */
export interface CloudWatchDimensionSettings {
  /** The dimension name, such as `ses:from-domain` or a message tag of yours. */
  readonly name: string;
  /** Where SES reads the value. @default "messageTag" */
  readonly source?: 'messageTag' | 'emailHeader' | 'linkTag';
  /** The value when the mail carries none. */
  readonly default: string;
}

/**
 * One event destination: a name, the event types, and exactly one target.
 * @see https://docs.aws.amazon.com/ses/latest/dg/event-publishing-add-event-destination.html
 */
export interface EventDestinationSettings {
  /** Names the destination and its Terraform address `<domain>__event_<name>`. */
  readonly name: string;
  readonly types: readonly SesEventType[];
  /** An existing topic (`topicArn`), or `create: true` for a topic made by the stack. */
  readonly sns?: { readonly topicArn: string } | { readonly create: true };
  readonly cloudwatch?: { readonly dimensions: readonly CloudWatchDimensionSettings[] };
  /** SES publishes to the default event bus only. */
  readonly eventBridge?: { readonly busArn: string };
  readonly firehose?: { readonly deliveryStreamArn: string; readonly iamRoleArn: string };
}

/** A configuration set attached to the identity as its default. */
export interface ConfigurationSetSettings {
  /** @default derived from the domain: `example-com` */
  readonly name?: string;
  /** Where SES publishes sending events (bounces, complaints, ...). @default none */
  readonly events?: readonly EventDestinationSettings[];
  /** Suppression reasons of this set; `[]` turns suppression off for it. @default the account's */
  readonly suppression?: readonly SuppressionReason[];
  /** Publish this set's bounce and complaint rates to CloudWatch. @default false */
  readonly reputationMetrics?: boolean;
  /** `require`: deliver only over TLS. @default "optional" */
  readonly tls?: 'require' | 'optional';
  /** A dedicated IP pool. @default the shared pool */
  readonly sendingPool?: string;
}

/**
 * Account-level SES settings of one environment (they exist once per account and region).
 * @see https://docs.aws.amazon.com/ses/latest/dg/monitor-sender-reputation.html
 */
export interface AccountSettings {
  /** The 12-digit AWS account: pins the AWS provider to it and tells two environments apart. */
  readonly id?: string;
  /** Account-level suppression reasons. @default ["BOUNCE", "COMPLAINT"] */
  readonly suppression?: readonly SuppressionReason[];
  /** CloudWatch alarms on the account's reputation rates. @default none */
  readonly alarms?:
    | {
        /** A fraction: 0.05 is 5%. @default 0.05 */
        readonly bounceRate?: number;
        /** A fraction: 0.001 is 0.1%. @default 0.001 */
        readonly complaintRate?: number;
        /** @default a topic made by the stack, its ARN an output */
        readonly snsTopicArn?: string;
      }
    | false;
  /** Virtual Deliverability Manager (billed per 1,000 mails). @default off */
  readonly vdm?: { readonly dashboard?: boolean; readonly guardian?: boolean } | false;
}

/** Keys that may appear at every layer. */
export interface DomainSettings {
  /** The SES region: decides the MX host and the DKIM host. */
  readonly region?: string;
  /** @default 600 */
  readonly ttl?: TtlSetting;
  /** @default { type: easy, keyLength: 2048 } */
  readonly dkim?: DkimSettings | Partial<EasyDkimSettings> | Partial<ByoDkimSettings>;
  /** @default { subdomain: mail, onMxFailure: use-default } */
  readonly mailFrom?: MailFromSettings | false;
  /** @default { policy: none, alignment: relaxed } */
  readonly dmarc?: DmarcSettings | false;
  /** @default false */
  readonly spf?: SpfSettings | false;
  /** @default false */
  readonly tracking?: TrackingSettings | false;
  /** @default false */
  readonly configurationSet?: ConfigurationSetSettings | false;
}

/** The hosted zone that holds a domain's records: by name, or by the provider's id. */
export type ZoneSetting = string | { readonly id: string } | { readonly name: string };

/** One sending domain: an SES identity and its records. */
export interface DomainEntry extends DomainSettings {
  readonly name: string;
  /** @default the domain's own name */
  readonly zone?: ZoneSetting;
  /**
   * TXT values that are not ours but live at a name where we manage a TXT set (the apex
   * with a root SPF, the MAIL FROM name, `_dmarc`) and must stay. A plain string is kept at
   * the apex; `{ name, value }` names the record relative to the domain (`@`, `_dmarc`,
   * `mail`). Route 53 keeps them in our record set; Cloudflare leaves them as they are.
   * @default none
   * @see docs/safety.md
   */
  readonly keepTxt?: readonly (string | KeepTxtEntry)[];
  /**
   * Existing objects to adopt on the first apply, by role: the provider's import id.
   * Route 53: `<zone id>_<name>_<type>`; Cloudflare: `<zone id>/<record id>`; `identity`
   * and `mail-from`: the domain name; `configuration-set`: its name.
   * @default none
   * @see https://developer.hashicorp.com/terraform/language/import
   */
  readonly import?: Readonly<Partial<Record<ImportRole, string>>>;
}

/** A kept TXT value at a name relative to the domain (`@` is the domain itself). */
export interface KeepTxtEntry {
  /** @default "@" */
  readonly name?: string;
  readonly value: string;
}

/** What an `import` entry can adopt: a record role, or an SES resource of the domain. */
export type ImportRole = (typeof IMPORT_ROLES)[number];

/** Where an environment's DNS records live. */
export interface DnsSettings {
  readonly provider: DnsProviderName;
  /** Route 53 only: an AWS profile for the DNS account. */
  readonly profile?: string;
  /** Route 53 only: a role to assume in the DNS account. */
  readonly assumeRoleArn?: string;
}

/** Where Terraform keeps an environment's state. */
export type BackendSettings =
  | {
      readonly type: 'local';
      /** The state file, relative to the stack folder. @default `terraform.<env>.tfstate` beside the config file */
      readonly path?: string;
    }
  | {
      readonly type: 's3';
      readonly bucket: string;
      readonly key: string;
      readonly region: string;
      readonly profile?: string;
      readonly roleArn?: string;
      readonly encrypt?: boolean;
    }
  | {
      readonly type: 'cloud';
      readonly organization: string;
      readonly workspace: string;
      readonly hostname?: string;
    };

/** One environment: one CDKTF stack, one Terraform state. */
export interface EnvironmentConfig extends DomainSettings {
  readonly dns: DnsSettings;
  /** @default { type: local }: `terraform.<env>.tfstate` beside the config file, outside the output folder */
  readonly backend?: BackendSettings;
  /** SES account settings: suppression, reputation alarms, VDM. @default untouched */
  readonly account?: AccountSettings;
  /**
   * `lifecycle { prevent_destroy }` on every SES identity: `false` lets Terraform destroy
   * them (a throwaway test environment).
   * @default true
   */
  readonly preventDestroy?: boolean;
  readonly domains: readonly DomainEntry[];
}

/** A whole `ses-dns` config file. */
export interface SesDnsConfig {
  readonly $schema?: string;
  readonly defaults?: DomainSettings;
  readonly environments: Readonly<Record<string, EnvironmentConfig>>;
}

/**
 * Types a `ses-dns.config.ts` file: `export default defineConfig({ ... })`.
 * It returns its argument; the value is validated like a YAML file when it is loaded.
 */
export function defineConfig(config: SesDnsConfig): SesDnsConfig {
  return config;
}
