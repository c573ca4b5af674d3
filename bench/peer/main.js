'use strict';
/**
 * The peer: the CDKTF app a user would write by hand for the bench config, plain compiled
 * JavaScript with library defaults (`new App()`, so cdktf's stack traces stay on).
 *
 * Provider classes are deep-imported (`@cdktf/provider-aws/lib/...`). Many users import the
 * package index instead, which loads every one of the provider's ~1,500 resource classes
 * and costs seconds more; deep imports make the peer as fast as a careful user can make it.
 *
 * Usage: node bench/peer/main.js CONFIG.json OUTDIR (the config is the bench's generated
 * ses-dns config; only its domain names and zones are read).
 */
const { readFileSync } = require('node:fs');
const { App, Fn, TerraformOutput, TerraformStack } = require('cdktf');
const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
const { DataAwsRoute53Zone } = require('@cdktf/provider-aws/lib/data-aws-route53-zone');
const { Route53Record } = require('@cdktf/provider-aws/lib/route53-record');
const { Sesv2EmailIdentity } = require('@cdktf/provider-aws/lib/sesv2-email-identity');
const {
  Sesv2EmailIdentityMailFromAttributes,
} = require('@cdktf/provider-aws/lib/sesv2-email-identity-mail-from-attributes');

const [configFile, outdir] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configFile, 'utf8'));
const [envName, env] = Object.entries(config.environments)[0];
const region = 'eu-west-1';

class SesStack extends TerraformStack {
  constructor(scope, id, domains) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region });
    const zones = new Map();
    const zoneId = (name) => {
      if (!zones.has(name)) zones.set(name, new DataAwsRoute53Zone(this, `zone-${name}`, { name }));
      return zones.get(name).zoneId;
    };
    for (const { name, zone } of domains) {
      const zid = zoneId(zone);
      const identity = new Sesv2EmailIdentity(this, `${name}-identity`, {
        emailIdentity: name,
        dkimSigningAttributes: { nextSigningKeyLength: 'RSA_2048_BIT' },
        lifecycle: { preventDestroy: true },
      });
      const mailFrom = `mail.${name}`;
      new Sesv2EmailIdentityMailFromAttributes(this, `${name}-mail-from`, {
        emailIdentity: identity.emailIdentity,
        mailFromDomain: mailFrom,
        behaviorOnMxFailure: 'USE_DEFAULT_VALUE',
      });
      for (let i = 0; i < 3; i++) {
        const token = Fn.element(identity.dkimSigningAttributes.tokens, i);
        new Route53Record(this, `${name}-dkim-${i}`, {
          zoneId: zid,
          name: `${token}._domainkey.${name}`,
          type: 'CNAME',
          ttl: 600,
          records: [`${token}.dkim.amazonses.com`],
        });
      }
      const record = (id, recordName, type, value) =>
        new Route53Record(this, `${name}-${id}`, { zoneId: zid, name: recordName, type, ttl: 600, records: [value] });
      record('mail-from-mx', mailFrom, 'MX', `10 feedback-smtp.${region}.amazonses.com`);
      record('mail-from-spf', mailFrom, 'TXT', 'v=spf1 include:amazonses.com ~all');
      record(
        'dmarc',
        `_dmarc.${name}`,
        'TXT',
        'v=DMARC1; p=reject; adkim=r; aspf=r; rua=mailto:dmarc-reports@example.com',
      );
      new TerraformOutput(this, `${name}-identity-arn`, { value: identity.arn });
      new TerraformOutput(this, `${name}-dkim-tokens`, { value: identity.dkimSigningAttributes.tokens });
      new TerraformOutput(this, `${name}-mail-from-domain`, { value: mailFrom });
    }
  }
}

const app = new App({ outdir });
new SesStack(app, envName, env.domains);
app.synth();
