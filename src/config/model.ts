/**
 * The config after validation and layer merging: every value known, every default applied.
 * This is what the record plan and the stacks read; they never see raw config.
 */
import type { AlignmentMode, DmarcPolicy, DnsProviderName, SpfAll } from './types';

/** A TTL in seconds, or Cloudflare's automatic TTL. */
export type Ttl = number | 'auto';

/** Where a domain's records live. */
export type ZoneRef = { readonly kind: 'name'; readonly name: string } | { readonly kind: 'id'; readonly id: string };

/** DKIM of one identity, resolved. */
export type ResolvedDkim =
  | { readonly type: 'easy'; readonly keyLength: 1024 | 2048; readonly host: string }
  | { readonly type: 'byodkim'; readonly selector: string; readonly publicKey: string };

/** Custom MAIL FROM, resolved: `domain` is the full MAIL FROM name. */
export interface ResolvedMailFrom {
  readonly subdomain: string;
  readonly domain: string;
  readonly onMxFailure: 'use-default' | 'reject-message';
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
  readonly include: readonly string[];
  readonly mechanisms: readonly string[];
  readonly all: SpfAll;
}

/** Tracking of one domain, resolved: `domain` is the full tracking name. */
export interface ResolvedTracking {
  readonly subdomain: string;
  readonly domain: string;
  readonly httpsPolicy: 'optional' | 'require' | 'require-open-only';
}

/** The configuration set of one domain, resolved. */
export interface ResolvedConfigurationSet {
  readonly name: string;
}

/** One sending domain with every setting known. */
export interface ResolvedDomain {
  readonly name: string;
  readonly environment: string;
  /** Config path of the domain's entry: `environments.production.domains[1]`. */
  readonly path: string;
  readonly region: string;
  readonly ttl: Ttl;
  readonly zone: ZoneRef;
  readonly dkim: ResolvedDkim;
  readonly mailFrom: ResolvedMailFrom | false;
  readonly dmarc: ResolvedDmarc | false;
  readonly spf: ResolvedSpf | false;
  readonly tracking: ResolvedTracking | false;
  readonly configurationSet: ResolvedConfigurationSet | false;
}

/** DNS provider settings of one environment, resolved. */
export interface ResolvedDns {
  readonly provider: DnsProviderName;
  readonly profile?: string;
  readonly assumeRoleArn?: string;
}

/** Terraform state location of one environment, resolved. */
export type ResolvedBackend =
  | { readonly type: 'local'; readonly path: string }
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
  readonly region: string;
  readonly dns: ResolvedDns;
  readonly backend: ResolvedBackend;
  readonly domains: readonly ResolvedDomain[];
  /**
   * At most this many domains per stack: the environment is split into stacks `<env>-1`,
   * `<env>-2`, ... (src/stacks/sharding.ts).
   * @default one stack for the whole environment
   */
  readonly maxDomainsPerStack?: number;
}

/** A whole config, resolved. Environments are sorted by name. */
export interface ResolvedConfig {
  readonly environments: readonly ResolvedEnvironment[];
}
