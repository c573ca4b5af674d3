/**
 * Configs the output tests synthesize: the bundled example, every example under
 * `examples/`, and one config that uses every safety key on both providers.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { REPO_ROOT } from './dist';

/** A BYODKIM public key (2048-bit RSA, test only). */
export const PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAujLBImfZxLln1Py7KyMD7SS58WvkBdkQpFv9tcVEsKWAKcx2Ih2SwPt8/EQB1O3zbvfql+V1oP0VZH6wxdwCNJjyVPjZbakZuw3Tzh68WkArSFXce3S8nVP2VItNujoX3JvHQJoUnIR6ZTET6jaMF87imxm4H6kXTYVVBvgRJp/EdNRwnOQ5w49x5NL/WlXZuzjX5b7ohFcuKwQVjuSxWVDlCyRwQITn+gMmS5SbDku4yQj5Toj37t9Weks1c3tkmhEIJOodJ6KaoivWVFnV5SGZaHoMT26ozAAWoIHb/TLRRNl/Zrq4sTyOdOda8cFAYQz163nvUmK6A/25gqKg0QIDAQAB';

/** A config using every safety key, BYODKIM, tracking and a DNS account of its own. */
export const RICH_CONFIG = {
  defaults: { region: 'eu-west-1', dmarc: { rua: ['dmarc@example.com'] } },
  environments: {
    production: {
      region: 'eu-central-1',
      dns: { provider: 'route53', assumeRoleArn: 'arn:aws:iam::123456789012:role/dns' },
      backend: { type: 's3', bucket: 'acme-tfstate', key: 'ses/production.tfstate', region: 'eu-central-1' },
      domains: [
        {
          name: 'example.com',
          spf: { include: ['_spf.google.com'] },
          keepTxt: ['google-site-verification=abc', { name: '_dmarc', value: 'other=1' }],
          import: { spf: 'Z0123456789ABCDEFGHIJ_example.com_TXT', identity: 'example.com' },
          tracking: {},
        },
        {
          name: 'notify.example.com',
          zone: 'example.com',
          region: 'eu-south-1',
          dkim: { type: 'byodkim', selector: 's1', publicKey: PUBLIC_KEY },
        },
      ],
    },
    staging: {
      dns: { provider: 'cloudflare' },
      ttl: 'auto',
      preventDestroy: false,
      domains: [{ name: 'example.dev', spf: {}, keepTxt: ['ms=12345'], configurationSet: {} }],
    },
  },
};

/** Every config file to synthesize: the bundled example and each `examples/**` config. */
export function exampleConfigFiles(): string[] {
  const files = [join(REPO_ROOT, 'ses-dns.yaml')];
  const examples = join(REPO_ROOT, 'examples');
  if (existsSync(examples)) {
    for (const entry of readdirSync(examples, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && /^ses-dns\.(ya?ml|json)$/.test(entry.name)) files.push(join(entry.parentPath, entry.name));
    }
  }
  return files.sort();
}

/** `config` as YAML text. */
export function yamlOf(config: unknown): string {
  return stringify(config);
}
