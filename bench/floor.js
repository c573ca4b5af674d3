'use strict';
/**
 * The floor: writes the same `cdk.tf.json` as `ses-dns synth` for the bench config, with
 * plain objects and JSON.stringify, no CDKTF, no validation, no RECORDS.md. Nothing real
 * can be faster than this for the same bytes; it bounds what an optimization can reach.
 * The bench checks that its output equals ses-dns's byte for byte.
 *
 * Usage: node bench/floor.js CONFIG.json OUTDIR
 */
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const [configFile, outdir] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configFile, 'utf8'));
const [envName, env] = Object.entries(config.environments)[0];
const region = config.defaults.region;
const ttl = config.defaults.ttl;
const dmarc = 'v=DMARC1; p=reject; adkim=r; aspf=r; rua=mailto:dmarc-reports@example.com';

const ident = (name) => name.replace(/\./g, '_');
const meta = (path, id) => ({ '//': { metadata: { path: `${envName}/${path}`, uniqueId: id } } });

const outputsMeta = {};
const output = {};
const zones = {};
const records = {};
const identities = {};
const mailFroms = {};

for (const { name, zone } of env.domains) {
  const id = ident(name);
  const zoneKey = `zone_${ident(zone)}`;
  zones[zoneKey] ??= { ...meta(zoneKey, zoneKey), name: zone, private_zone: false };
  const zoneId = `\${data.aws_route53_zone.${zoneKey}.zone_id}`;
  const identity = `aws_sesv2_email_identity.${id}__identity`;
  const tokens = `${identity}.dkim_signing_attributes[0].tokens`;
  const mailFrom = `mail.${name}`;
  const record = (role, recordName, type, value) => {
    const key = `${id}__${role}`;
    records[key] = { ...meta(key, key), name: recordName, records: [value], ttl, type, zone_id: zoneId };
  };
  for (let i = 0; i < 3; i++) {
    const token = `\${element(${tokens}, ${i})}`;
    record(`dkim_${i}`, `${token}._domainkey.${name}`, 'CNAME', `${token}.dkim.amazonses.com`);
  }
  record('mail_from_mx', mailFrom, 'MX', `10 feedback-smtp.${region}.amazonses.com`);
  record('mail_from_spf', mailFrom, 'TXT', 'v=spf1 include:amazonses.com ~all');
  record('dmarc', `_dmarc.${name}`, 'TXT', dmarc);
  identities[`${id}__identity`] = {
    ...meta(`${name}/identity`, `${id}__identity`),
    dkim_signing_attributes: { next_signing_key_length: 'RSA_2048_BIT' },
    email_identity: name,
    lifecycle: { prevent_destroy: true },
  };
  mailFroms[`${id}__mail_from`] = {
    ...meta(`${name}/mail_from`, `${id}__mail_from`),
    behavior_on_mx_failure: 'USE_DEFAULT_VALUE',
    email_identity: `\${${identity}.email_identity}`,
    mail_from_domain: mailFrom,
  };
  outputsMeta[name] = {
    'dkim-tokens': `${id}__dkim_tokens`,
    'identity-arn': `${id}__identity_arn`,
    'mail-from-domain': `${id}__mail_from_domain`,
  };
  output[`${id}__dkim_tokens`] = {
    description: `Easy DKIM tokens of ${name} (ses-dns records/verify --tokens take this output)`,
    value: `\${${tokens}}`,
  };
  output[`${id}__identity_arn`] = { description: `ARN of the SES identity ${name}`, value: `\${${identity}.arn}` };
  output[`${id}__mail_from_domain`] = { description: `Custom MAIL FROM domain of ${name}`, value: mailFrom };
}

const tf = {
  '//': {
    metadata: { backend: 'local', stackName: envName, version: '0.21.0' },
    outputs: { [envName]: outputsMeta },
  },
  data: { aws_route53_zone: zones },
  output,
  provider: { aws: [{ region }] },
  resource: {
    aws_route53_record: records,
    aws_sesv2_email_identity: identities,
    aws_sesv2_email_identity_mail_from_attributes: mailFroms,
  },
  terraform: {
    backend: { local: { path: `terraform.${envName}.tfstate` } },
    required_providers: { aws: { source: 'aws', version: '6.25.0' } },
  },
};

/** Keys in code-unit order at every level, as cdktf's json-stable-stringify writes them. */
function sorted(value) {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const key of Object.keys(value).sort()) out[key] = sorted(value[key]);
  return out;
}

const folder = join(outdir, 'stacks', envName);
mkdirSync(folder, { recursive: true });
writeFileSync(join(folder, 'cdk.tf.json'), JSON.stringify(sorted(tf), null, 2));
