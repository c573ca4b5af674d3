/**
 * DKIM on the SES side, as strategies: how an identity is told to sign, and whether SES
 * makes tokens for it. The record side of the same two ways is src/records/dkim.ts; nothing
 * else asks which kind a domain uses.
 * @see https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_DkimSigningAttributes.html
 */
import type { ResolvedDkim } from '../config/model';
import type { TerraformAttributes } from '../terraform/elements';

/** How an SES identity signs. */
export interface DkimSigning {
  /**
   * Whether SES makes the DKIM tokens (Easy DKIM): the identity then outputs them, and the
   * records take them by index.
   */
  readonly makesTokens: boolean;
  /**
   * The identity's `dkim_signing_attributes`.
   * @param privateKey the expression of the BYODKIM private key signing with `selector`,
   *   declared on first use (only BYODKIM asks for it)
   */
  attributes(privateKey: (selector: string) => string): TerraformAttributes;
}

const KEY_LENGTH = { 1024: 'RSA_1024_BIT', 2048: 'RSA_2048_BIT' } as const;

/**
 * Easy DKIM: SES makes the key pair (of `keyLength` bits) and three tokens.
 * @see https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html
 */
class EasyDkimSigning implements DkimSigning {
  readonly makesTokens = true;

  constructor(private readonly keyLength: keyof typeof KEY_LENGTH) {}

  attributes(): TerraformAttributes {
    return { next_signing_key_length: KEY_LENGTH[this.keyLength] };
  }
}

/**
 * BYODKIM: the user's own key, from a sensitive variable, with its selector.
 * @see https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-bring-your-own.html
 */
class ByoDkimSigning implements DkimSigning {
  readonly makesTokens = false;

  constructor(private readonly selector: string) {}

  attributes(privateKey: (selector: string) => string): TerraformAttributes {
    return { domain_signing_private_key: privateKey(this.selector), domain_signing_selector: this.selector };
  }
}

/** The signing strategy a resolved config asks for. */
export function dkimSigningFor(dkim: ResolvedDkim): DkimSigning {
  return dkim.type === 'easy' ? new EasyDkimSigning(dkim.keyLength) : new ByoDkimSigning(dkim.selector);
}
