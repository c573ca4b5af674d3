'use strict';
/**
 * Generated configs for the bench and for output-equality checks.
 *
 * `benchConfig(n)`: n domains in one Route 53 environment, zones spread over 10 parent
 * domains: per domain the SES identity, MAIL FROM, 3 DKIM CNAMEs, MX, MAIL FROM SPF and DMARC,
 * the resources the hand-written peer (`bench/peer/main.js`) also builds.
 * `mixedConfig(n)`: the same n domains spread over Route 53 and Cloudflare, with BYODKIM,
 * tracking and a domain in another region, to check that optimizations change no byte.
 */

/** The i-th generated domain name: `d0001.example-0.com`, zones spread over 10 parents. */
function domainName(i) {
  return `d${String(i).padStart(4, '0')}.example-${i % 10}.com`;
}

function benchConfig(n) {
  const domains = [];
  for (let i = 0; i < n; i++) domains.push({ name: domainName(i), zone: `example-${i % 10}.com` });
  return {
    defaults: {
      region: 'eu-west-1',
      ttl: 600,
      dkim: { type: 'easy', keyLength: 2048 },
      mailFrom: { subdomain: 'mail', onMxFailure: 'use-default' },
      dmarc: { policy: 'reject', rua: ['dmarc-reports@example.com'], alignment: { dkim: 'relaxed', spf: 'relaxed' } },
    },
    environments: { production: { dns: { provider: 'route53' }, domains } },
  };
}

const PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAujLBImfZxLln1Py7KyMD7SS58WvkBdkQpFv9tcVEsKWAKcx2Ih2SwPt8/EQB1O3zbvfql+V1oP0VZH6wxdwCNJjyVPjZbakZuw3Tzh68WkArSFXce3S8nVP2VItNujoX3JvHQJoUnIR6ZTET6jaMF87imxm4H6kXTYVVBvgRJp/EdNRwnOQ5w49x5NL/WlXZuzjX5b7ohFcuKwQVjuSxWVDlCyRwQITn+gMmS5SbDku4yQj5Toj37t9Weks1c3tkmhEIJOodJ6KaoivWVFnV5SGZaHoMT26ozAAWoIHb/TLRRNl/Zrq4sTyOdOda8cFAYQz163nvUmK6A/25gqKg0QIDAQAB';

function mixedConfig(n) {
  const envs = {};
  for (const [env, provider] of [
    ['production', 'route53'],
    ['staging', 'cloudflare'],
  ]) {
    const domains = [];
    for (let i = 0; i < n; i++) {
      const d = { name: domainName(i), zone: `example-${i % 10}.com` };
      if (i % 7 === 1) d.dkim = { type: 'byodkim', selector: 's1', publicKey: PUBLIC_KEY };
      if (i % 5 === 2) d.tracking = { subdomain: 'track', httpsPolicy: 'optional' };
      if (i % 11 === 3) d.region = 'eu-south-1';
      if (i % 13 === 4)
        d.zone = { id: provider === 'route53' ? 'Z0123456789ABCDEF' : '0123456789abcdef0123456789abcdef' };
      if (i % 3 === 0) d.spf = { include: ['_spf.google.com'] };
      if (i % 17 === 5) d.dmarc = false;
      if (i % 19 === 6) d.configurationSet = { name: `cs-${i}` };
      domains.push(d);
    }
    envs[env] = { dns: { provider }, domains };
  }
  envs.production.backend = { type: 's3', bucket: 'acme-tfstate', key: 'ses/production.tfstate', region: 'eu-west-1' };
  envs.staging.ttl = 'auto';
  return {
    defaults: {
      region: 'eu-west-1',
      dmarc: { policy: 'none', rua: ['dmarc-reports@example.com'] },
    },
    environments: envs,
  };
}

module.exports = { benchConfig, mixedConfig, domainName };
