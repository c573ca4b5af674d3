/**
 * DKIM as strategies: each way SES can sign plans its own records, so nothing downstream
 * asks which kind it is (the shape of aws-cdk's `DkimIdentity.easyDkim()` / `byoDkim()`).
 */
import type { ResolvedDkim, ResolvedDomain } from '../config/model';
import { dkimTokenPlaceholder } from './model';
import type { PlannedRecord } from './model';

/** A way of DKIM signing that knows the records it needs. */
export interface DkimMethod {
  /**
   * Whether each SES region's identity of a domain has DKIM records of its own: Easy DKIM
   * tokens are made per identity, while one BYODKIM key serves every region and is
   * published once, by the home region.
   */
  readonly perRegion: boolean;
  /**
   * Whether its records are named by tokens SES makes (Easy DKIM), known only once the
   * identity exists: planned with placeholders (src/records/model.ts), given by `--tokens`
   * or SES.
   */
  readonly usesTokens: boolean;
  /**
   * The selector of the user's own key (BYODKIM), which names its record; undefined when
   * SES chooses the names.
   */
  readonly selector?: string;
  /** How it signs, in words for reports: `Easy DKIM (2048-bit)`, `BYODKIM (selector s1)`. */
  readonly summary: string;
  /** The DKIM records of `domain`. */
  plan(domain: ResolvedDomain): PlannedRecord[];
}

/** Number of CNAMEs Easy DKIM publishes: SES rotates between three keys. */
export const EASY_DKIM_TOKEN_COUNT = 3;

/**
 * Easy DKIM: three CNAMEs `<token>._domainkey.<domain>` -> `<token>.<dkim host>`. The tokens
 * are only known after the identity exists, so the records are planned by fixed index
 * 0..2 with placeholders; a loop over the token list would fail at plan time
 * (hashicorp/terraform#30246).
 * @see https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html
 */
export class EasyDkim implements DkimMethod {
  readonly perRegion = true;
  readonly usesTokens = true;
  readonly summary: string;

  /**
   * @param host where the tokens' keys are published (`dkim.amazonses.com`, or a region's)
   * @param keyLength the RSA key length SES signs with, for {@link summary}
   */
  constructor(
    private readonly host: string,
    keyLength: number,
  ) {
    this.summary = `Easy DKIM (${keyLength}-bit)`;
  }

  plan(domain: ResolvedDomain): PlannedRecord[] {
    return Array.from({ length: EASY_DKIM_TOKEN_COUNT }, (_, index) => {
      const token = dkimTokenPlaceholder(index);
      return {
        domain: domain.name,
        role: `dkim-${index}` as PlannedRecord['role'],
        name: `${token}._domainkey.${domain.name}`,
        type: 'CNAME' as const,
        value: `${token}.${this.host}`,
        ttl: domain.ttl,
        zone: domain.zone,
        purpose: `Easy DKIM key ${index + 1} of 3: verifies the domain and signs its mail`,
        required: true,
      };
    });
  }
}

/**
 * BYODKIM: the public key of the user's own key pair as one TXT record at
 * `<selector>._domainkey.<domain>`.
 * @see https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-bring-your-own.html
 */
export class ByoDkim implements DkimMethod {
  readonly perRegion = false;
  readonly usesTokens = false;
  readonly summary: string;

  constructor(
    readonly selector: string,
    private readonly publicKey: string,
  ) {
    this.summary = `BYODKIM (selector ${selector})`;
  }

  plan(domain: ResolvedDomain): PlannedRecord[] {
    return [
      {
        domain: domain.name,
        role: 'dkim',
        name: `${this.selector}._domainkey.${domain.name}`,
        type: 'TXT',
        value: `v=DKIM1; k=rsa; p=${this.publicKey}`,
        ttl: domain.ttl,
        zone: domain.zone,
        purpose: `BYODKIM public key (selector ${this.selector}): verifies the domain and its signatures`,
        required: true,
      },
    ];
  }
}

/** The DKIM method a resolved config asks for. */
export function dkimMethodFor(dkim: ResolvedDkim): DkimMethod {
  return dkim.type === 'easy' ? new EasyDkim(dkim.host, dkim.keyLength) : new ByoDkim(dkim.selector, dkim.publicKey);
}
