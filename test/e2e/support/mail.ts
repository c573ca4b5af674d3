/**
 * Mail as SES would send it, and a receiving MTA's verdict on it through mailauth.
 */
import { authenticate } from 'mailauth';
import { dkimSign } from 'mailauth/lib/dkim/sign';
import type { DnsResolve } from './resolver';
import { forMailauth } from './resolver';

/** A DKIM key a message is signed with: `d=`, `s=` and the private key (RFC 6376 section 3.5). */
export interface Signer {
  readonly domain: string;
  readonly selector: string;
  readonly privateKeyPem: string;
}

/** A plain RFC 5322 message from `from`, with CRLF line ends. */
export function composeMessage(from: string, subject: string): string {
  const domain = from.slice(from.indexOf('@') + 1);
  return [
    `From: ses-dns e2e <${from}>`,
    'To: recipient@receiver.example',
    `Subject: ${subject}`,
    'Date: Thu, 01 Jan 2026 12:00:00 +0000',
    `Message-ID: <${subject.replace(/[^A-Za-z0-9.-]/g, '-')}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Sent through the ses-dns end-to-end harness.',
    '',
  ].join('\r\n');
}

/** Prepends one DKIM-Signature per signer, as SES does with relaxed/relaxed rsa-sha256. */
export async function signMessage(message: string, signers: readonly Signer[]): Promise<string> {
  if (signers.length === 0) return message;
  const result = await dkimSign(message, {
    canonicalization: 'relaxed/relaxed',
    algorithm: 'rsa-sha256',
    // Always pass signTime: without it mailauth 4 computes t= twice, once for the signed
    // header and once for the emitted one, with Math.round(Date.now() / 1000); about one
    // signature in 500 straddles a half second and fails verification as "bad signature".
    signTime: new Date(),
    signatureData: signers.map((s) => ({ signingDomain: s.domain, selector: s.selector, privateKey: s.privateKeyPem })),
    // mailauth's typings require a top-level signingDomain/selector/privateKey even when
    // signatureData carries them, as its own code allows.
  } as Parameters<typeof dkimSign>[1]);
  if (result.errors?.length) throw new Error(`DKIM signing failed: ${result.errors.map(String).join('; ')}`);
  return result.signatures + message;
}

/** The SMTP session a message arrives in. */
export interface Envelope {
  /** Client IP of the sending MTA. */
  readonly ip: string;
  readonly helo: string;
  /** MAIL FROM address (RFC 5321), whose domain SPF checks (RFC 7208 section 2.4). */
  readonly mailFrom: string;
}

/** A receiving MTA's SPF, DKIM and DMARC verdict, reduced to what the tests assert. */
export interface Verdict {
  readonly spf: { readonly result: string; readonly domain?: string };
  readonly dkim: readonly {
    readonly result: string;
    readonly domain?: string;
    readonly selector?: string;
    readonly aligned?: unknown;
  }[];
  readonly dmarc: {
    readonly result: string;
    readonly policy?: string;
    readonly p?: string;
    readonly spfAligned?: string;
    readonly dkimAligned?: string;
  };
  /** The Authentication-Results header, for failure messages. */
  readonly header: string;
}

/** Runs mailauth's SPF, DKIM and DMARC checks the way a receiving MTA would. */
export async function verify(message: string, envelope: Envelope, resolve: DnsResolve): Promise<Verdict> {
  const res = await authenticate(message, {
    ip: envelope.ip,
    helo: envelope.helo,
    sender: envelope.mailFrom,
    mta: 'mx.receiver.example',
    resolver: forMailauth(resolve),
    disableArc: true,
    disableBimi: true,
  });
  const dmarc = res.dmarc || undefined;
  return {
    spf: { result: res.spf ? res.spf.status.result : 'none', domain: res.spf ? res.spf.domain : undefined },
    dkim: (res.dkim.results ?? []).map((r) => ({
      result: r.status.result,
      domain: r.signingDomain,
      selector: r.selector,
      aligned: r.status.aligned,
    })),
    dmarc: {
      result: dmarc?.status.result ?? 'none',
      policy: dmarc?.policy,
      p: dmarc?.p,
      spfAligned: dmarc?.alignment?.spf?.result || undefined,
      dkimAligned: dmarc?.alignment?.dkim?.result || undefined,
    },
    header: res.headers,
  };
}
