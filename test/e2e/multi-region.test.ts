/**
 * One domain in several SES regions (issue #16), proven end to end beside the shipped
 * example (examples/multi-region, three regions on Route 53, in examples.test.ts): each
 * region an identity with its own Easy DKIM tokens and keys and its own MAIL FROM name, mail
 * signed in every region passing DKIM, SPF and DMARC, another region's keys and an unlisted
 * region's MAIL FROM failing (support/suite.ts); and BYODKIM, one key published once for
 * every region.
 */
import { configWorld } from './support/config-world';
import { KeyPool } from './support/keys';
import { describeMailWorlds } from './support/suite';
import { publicKeyBase64 } from '../support/keys';

const keys = new KeyPool();

/** A config of one environment whose domains are each in `region` (a list). */
function config(provider: 'route53' | 'cloudflare', domains: Record<string, unknown>[]) {
  return {
    defaults: { region: 'eu-west-1', dmarc: { policy: 'reject', rua: ['dmarc@example.net'] } },
    environments: { production: { dns: { provider }, domains } },
  };
}

describeMailWorlds('a domain in several regions', () =>
  Promise.all([
    // Cloudflare, Easy DKIM, a region whose DKIM host is regional (eu-south-1), tracking per region.
    configWorld(
      'cloudflare easy dkim',
      config('cloudflare', [
        {
          name: 'example.eu',
          region: ['eu-west-1', 'eu-central-1', 'eu-south-1'],
          mailFrom: { subdomain: 'bounce-{region}', onMxFailure: 'reject-message' },
          tracking: { subdomain: 'click-{region}' },
          spf: { include: ['_spf.google.com'] },
        },
      ]),
      keys,
    ),
    // BYODKIM: one key for every region, its TXT published once; a 1024-bit and a 2048-bit key.
    configWorld(
      'route53 byodkim',
      config('route53', [
        {
          name: 'example.org',
          region: ['us-east-1', 'us-west-2'],
          mailFrom: { subdomain: 'feedback-smtp-{region}-amazonses' },
          dkim: { type: 'byodkim', selector: 'ses2026', publicKey: publicKeyBase64(2048) },
        },
        {
          name: 'example.net',
          region: ['ap-southeast-2', 'ap-northeast-1'],
          mailFrom: { subdomain: 'mail-{region}' },
          dkim: { type: 'byodkim', selector: 's1', publicKey: publicKeyBase64(1024) },
        },
      ]),
      keys,
    ),
  ]),
);
