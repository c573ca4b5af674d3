/**
 * The config after validation and layer merging: every value known, every default applied.
 * This is what the record plan and the stacks read; they never see raw config.
 */
import type {
  AlignmentMode,
  DimensionSource,
  DkimKeyLength,
  DmarcPolicy,
  DnsProviderName,
  HttpsPolicy,
  MailFromSpfAll,
  MxFailureAction,
  SesEventType,
  SpfAll,
  SuppressionReason,
  TlsPolicy,
} from './vocabulary';

/** A TTL in seconds, or Cloudflare's automatic TTL. */
export type Ttl = number | 'auto';

/** Where a domain's records live. */
export type ZoneRef = { readonly kind: 'name'; readonly name: string } | { readonly kind: 'id'; readonly id: string };

/** DKIM of one identity, resolved. */
export type ResolvedDkim =
  | {
      readonly type: 'easy';
      readonly keyLength: DkimKeyLength;
      readonly host: string;
      /**
       * Whether `host` was written in the config (it then serves every region of the domain)
       * rather than read from the region table (each region then has its own).
       * @default false
       */
      readonly hostGiven?: boolean;
    }
  | { readonly type: 'byodkim'; readonly selector: string; readonly publicKey: string };

/**
 * Custom MAIL FROM, resolved: `domain` is the full MAIL FROM name (of the home region, for a
 * domain in several regions: `subdomain` may hold `{region}`, src/config/domain-regions.ts).
 */
export interface ResolvedMailFrom {
  readonly subdomain: string;
  readonly domain: string;
  readonly onMxFailure: MxFailureAction;
  /**
   * How the MAIL FROM SPF ends (`~all` or `-all`); optional so that hand-built models stay valid.
   * @default "softfail"
   */
  readonly spfAll?: MailFromSpfAll;
}

/** DMARC of one domain, resolved. Optional tags stay undefined unless configured. */
export interface ResolvedDmarc {
  readonly policy: DmarcPolicy;
  readonly subdomainPolicy?: DmarcPolicy;
  readonly nonexistentPolicy?: DmarcPolicy;
  readonly alignment: { readonly dkim: AlignmentMode; readonly spf: AlignmentMode };
  readonly pct?: number;
  readonly failureOptions?: readonly string[];
  readonly reportInterval?: number;
  readonly rua: readonly string[];
  readonly ruf: readonly string[];
}

/** Root SPF of one domain, resolved. */
export interface ResolvedSpf {
  /**
   * Whether `include:amazonses.com` comes first; optional so that hand-built models stay valid.
   * @default true
   */
  readonly includeAmazonSes?: boolean;
  readonly include: readonly string[];
  readonly mechanisms: readonly string[];
  readonly all: SpfAll;
}

/**
 * Tracking of one domain, resolved: `domain` is the full tracking name (of the home region,
 * for a domain in several regions: `subdomain` may hold `{region}`).
 */
export interface ResolvedTracking {
  readonly subdomain: string;
  readonly domain: string;
  readonly httpsPolicy: HttpsPolicy;
}

/** The target of one event destination, resolved. */
export type ResolvedEventTarget =
  | { readonly kind: 'sns'; readonly topicArn: string }
  /** A topic created by the stack. */
  | { readonly kind: 'sns-create' }
  | {
      readonly kind: 'cloudwatch';
      readonly dimensions: readonly {
        readonly name: string;
        readonly source: DimensionSource;
        readonly default: string;
      }[];
    }
  | { readonly kind: 'eventBridge'; readonly busArn: string }
  | { readonly kind: 'firehose'; readonly deliveryStreamArn: string; readonly iamRoleArn: string };

/** One event destination of a configuration set, resolved. */
export interface ResolvedEventDestination {
  readonly name: string;
  readonly types: readonly SesEventType[];
  readonly target: ResolvedEventTarget;
}

/**
 * The configuration set of one domain, resolved. Optional settings stay undefined unless
 * configured, so a set given only a name synthesizes as before.
 */
export interface ResolvedConfigurationSet {
  readonly name: string;
  /** Sorted by name. @default [] */
  readonly events?: readonly ResolvedEventDestination[];
  readonly suppression?: readonly SuppressionReason[];
  readonly reputationMetrics?: boolean;
  readonly tls?: TlsPolicy;
  readonly sendingPool?: string;
}

/** Account-level SES settings of one environment, resolved. */
export interface ResolvedAccount {
  /** Config path of the `account` block. */
  readonly path: string;
  readonly id?: string;
  readonly suppression: readonly SuppressionReason[];
  readonly alarms:
    | false
    | {
        readonly bounceRate: number;
        readonly complaintRate: number;
        /** Undefined: the stack creates the topic. */
        readonly snsTopicArn?: string;
      };
  readonly vdm: false | { readonly dashboard: boolean; readonly guardian: boolean };
}

/** One sending domain with every setting known. */
export interface ResolvedDomain {
  readonly name: string;
  readonly environment: string;
  /** Config path of the domain's entry: `environments.production.domains[1]`. */
  readonly path: string;
  /** The SES region; of a domain in several, the first listed: its home region. */
  readonly region: string;
  /**
   * Every SES region of a domain in more than one, the home region first: the domain is an
   * SES identity in each (src/config/domain-regions.ts).
   * @default [region]
   */
  readonly regions?: readonly string[];
  readonly ttl: Ttl;
  readonly zone: ZoneRef;
  readonly dkim: ResolvedDkim;
  readonly mailFrom: ResolvedMailFrom | false;
  readonly dmarc: ResolvedDmarc | false;
  readonly spf: ResolvedSpf | false;
  readonly tracking: ResolvedTracking | false;
  readonly configurationSet: ResolvedConfigurationSet | false;
  /**
   * TXT values that are not ours but share a name with a TXT set we manage, and must stay.
   * @default none
   */
  readonly keepTxt?: readonly KeptTxt[];
  /**
   * Import ids of existing objects to adopt, by role (`spf`, `identity`, ...); a further
   * region's by region and role (`us-east-2.identity`, src/config/domain-regions.ts `importKey`).
   * @default none
   */
  readonly imports?: Readonly<Record<string, string>>;
}

/** A TXT value to keep in a record set we manage: `name` is the full record name. */
export interface KeptTxt {
  readonly name: string;
  readonly value: string;
  /** Config path of the entry: `environments.production.domains[0].keepTxt[1]`. */
  readonly path: string;
}

/** DNS provider settings of one environment, resolved. */
export interface ResolvedDns {
  readonly provider: DnsProviderName;
  readonly profile?: string;
  readonly assumeRoleArn?: string;
}

/** Terraform state location of one environment, resolved. */
export type ResolvedBackend =
  | {
      readonly type: 'local';
      /** The state file. */
      readonly path: string;
      /**
       * What `path` is relative to: the config's folder for the default state (beside the
       * config, where cdktf's own default puts it, never in the output folder), or the stack
       * folder for a `path` written in the config (Terraform reads it from there).
       */
      readonly relativeTo: 'config' | 'stack';
    }
  | {
      readonly type: 's3';
      readonly bucket: string;
      readonly key: string;
      readonly region: string;
      readonly profile?: string;
      readonly roleArn?: string;
      readonly encrypt: boolean;
    }
  | {
      readonly type: 'cloud';
      readonly organization: string;
      readonly workspace: string;
      readonly hostname?: string;
    };

/** One environment: one stack. Domains are sorted by name, so input order never matters. */
export interface ResolvedEnvironment {
  readonly name: string;
  readonly path: string;
  /** The stack's region (its default AWS provider); of a list, the first. */
  readonly region: string;
  /**
   * Every region of an environment whose `region` is a list of several, the first first:
   * its account settings are managed in each (src/config/account.ts).
   * @default [region]
   */
  readonly regions?: readonly string[];
  readonly dns: ResolvedDns;
  readonly backend: ResolvedBackend;
  /** Account-level SES settings, when the environment has an `account` block. */
  readonly account?: ResolvedAccount;
  readonly domains: readonly ResolvedDomain[];
  /**
   * Whether SES identities carry `lifecycle { prevent_destroy = true }`.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * At most this many domains per stack: the environment is split into stacks `<env>-1`,
   * `<env>-2`, ... (src/stacks/sharding.ts).
   * @default one stack for the whole environment
   */
  readonly maxDomainsPerStack?: number;
  /**
   * Every domain of the environment, when this is one stack of a split environment: the
   * zones that its domains manage are the whole environment's.
   * @default `domains`
   */
  readonly zoneDomains?: readonly ResolvedDomain[];
}

/** A whole config, resolved. Environments are sorted by name. */
export interface ResolvedConfig {
  readonly environments: readonly ResolvedEnvironment[];
}
