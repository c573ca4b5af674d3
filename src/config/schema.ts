/**
 * The JSON Schema of an `ses-dns` config: the one source for structural validation
 * (through ajv) and for `ses-dns schema` (editor completion and checks).
 *
 * Two annotation keywords carry our messages: `x-allowed` says in words what a pattern
 * accepts, `x-fix` says how to mend a value that breaks it.
 */
import { SES_REGIONS } from '../records/regions';
import { ACCOUNT_SCHEMA } from './account';
import { CONFIGURATION_SET_SCHEMA } from './configuration-set';
import * as P from './patterns';
import { SAFETY_DOMAIN_PROPERTIES, SAFETY_ENVIRONMENT_PROPERTIES } from './safety-schema';

type Schema = Record<string, unknown>;

/** `schema`, or `false` to switch the feature off at this layer. */
function objectOrFalse(schema: Schema): Schema {
  return {
    if: { type: 'object' },
    then: schema,
    else: { const: false, 'x-allowed': 'an object, or false to switch it off' },
  };
}

const policy = { type: 'string', enum: ['none', 'quarantine', 'reject'] };
const alignmentMode = { type: 'string', enum: ['relaxed', 'strict'] };

const ttl: Schema = {
  description: 'Record TTL in seconds; Cloudflare also accepts "auto".',
  if: { type: 'string' },
  then: { const: 'auto', 'x-allowed': 'a number of seconds, or "auto" (Cloudflare only)' },
  else: { type: 'integer', minimum: 1, maximum: 2147483647 },
};

const dkim: Schema = {
  description: 'Easy DKIM ({ type: easy, keyLength }) or BYODKIM ({ type: byodkim, selector, publicKey }).',
  type: 'object',
  additionalProperties: false,
  properties: {
    type: { type: 'string', enum: ['easy', 'byodkim'] },
    keyLength: { type: 'integer', enum: [1024, 2048], description: 'Easy DKIM key length.' },
    host: {
      type: 'string',
      pattern: P.DOMAIN_NAME,
      'x-allowed': 'a lowercase host name such as dkim.amazonses.com',
      description: 'Easy DKIM: override the CNAME target host of the region table.',
    },
    selector: {
      type: 'string',
      pattern: P.DKIM_SELECTOR,
      'x-allowed': '1-63 letters, digits or hyphens, with no hyphen at either end',
      description: 'BYODKIM selector.',
    },
    publicKey: {
      type: 'string',
      pattern: P.BASE64,
      'x-allowed': 'base64 of the DER public key, on one line',
      'x-fix': 'remove the "-----BEGIN PUBLIC KEY-----" lines and all line breaks',
      description: 'BYODKIM public key (base64 SubjectPublicKeyInfo). The private key is never in the config.',
    },
  },
};

const mailFrom: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    subdomain: {
      type: 'string',
      pattern: P.SUBDOMAIN,
      'x-allowed': 'lowercase labels put in front of the domain, such as "mail"',
      'x-fix': 'write only the labels: "mail", not "mail.example.com."',
    },
    onMxFailure: { type: 'string', enum: ['use-default', 'reject-message'] },
    spfAll: {
      type: 'string',
      enum: ['softfail', 'fail'],
      description: 'How the MAIL FROM SPF ends: softfail (~all, the default, as SES documents it) or fail (-all).',
    },
  },
};

const reportAddresses: Schema = {
  type: 'array',
  items: {
    type: 'string',
    pattern: P.DMARC_REPORT_ADDRESS,
    'x-allowed': 'an address such as dmarc@example.com, or a mailto: URI',
  },
};

const dmarc: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    policy,
    subdomainPolicy: policy,
    nonexistentPolicy: policy,
    rua: reportAddresses,
    ruf: reportAddresses,
    alignment: {
      type: 'object',
      additionalProperties: false,
      properties: { dkim: alignmentMode, spf: alignmentMode },
    },
    pct: { type: 'integer', minimum: 0, maximum: 100 },
    failureOptions: { type: 'array', items: { type: 'string', enum: ['0', '1', 'd', 's'] }, uniqueItems: true },
    reportInterval: { type: 'integer', minimum: 3600, maximum: 2147483647 },
  },
};

const spf: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    includeAmazonSes: {
      type: 'boolean',
      description: 'Whether the root SPF starts with include:amazonses.com (default true).',
    },
    include: {
      type: 'array',
      items: { type: 'string', pattern: P.SPF_DOMAIN, 'x-allowed': 'a domain name such as _spf.google.com' },
    },
    mechanisms: {
      type: 'array',
      items: {
        type: 'string',
        pattern: P.SPF_MECHANISM,
        'x-allowed': 'an SPF mechanism such as ip4:192.0.2.0/24, a, mx',
        'x-fix': 'set the final "all" with the all key, and includes with the include key',
      },
    },
    all: { type: 'string', enum: ['fail', 'softfail', 'neutral'] },
  },
};

const tracking: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    subdomain: {
      type: 'string',
      pattern: P.SUBDOMAIN,
      'x-allowed': 'lowercase labels put in front of the domain, such as "track"',
    },
    httpsPolicy: { type: 'string', enum: ['optional', 'require', 'require-open-only'] },
  },
};

/**
 * Keys allowed at every layer: defaults, environment, domain. Each is a definition that the
 * three layers refer to, so the schema states it once and the validator compiles it once.
 */
const settingsDefinitions: Record<string, Schema> = {
  region: { type: 'string', enum: [...SES_REGIONS], description: 'The SES region.' },
  ttl,
  dkim,
  mailFrom: objectOrFalse(mailFrom),
  dmarc: objectOrFalse(dmarc),
  spf: objectOrFalse(spf),
  tracking: objectOrFalse(tracking),
  configurationSet: objectOrFalse(CONFIGURATION_SET_SCHEMA),
};

const settingsProperties: Record<string, Schema> = Object.fromEntries(
  Object.keys(settingsDefinitions).map((key) => [key, { $ref: `#/definitions/${key}` }]),
);

const zone: Schema = {
  description: 'The hosted zone holding the records: a name, { name }, or { id }.',
  if: { type: 'string' },
  then: { pattern: P.DOMAIN_NAME, 'x-allowed': 'a lowercase zone name such as example.com' },
  else: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    maxProperties: 1,
    properties: {
      id: { type: 'string', minLength: 1 },
      name: { type: 'string', pattern: P.DOMAIN_NAME, 'x-allowed': 'a lowercase zone name such as example.com' },
    },
  },
};

const domainEntry: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: {
      type: 'string',
      pattern: P.DOMAIN_NAME,
      'x-allowed': 'a lowercase domain name such as example.com',
      'x-fix': 'write it in lowercase, without a trailing dot; internationalized names in punycode (xn--...)',
    },
    zone,
    ...settingsProperties,
    ...SAFETY_DOMAIN_PROPERTIES,
  },
};

const dns: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['provider'],
  properties: {
    provider: { type: 'string', enum: ['route53', 'cloudflare'] },
    profile: { type: 'string', minLength: 1, description: 'Route 53: AWS profile of the DNS account.' },
    assumeRoleArn: {
      type: 'string',
      pattern: P.ROLE_ARN,
      'x-allowed': 'an IAM role ARN such as arn:aws:iam::123456789012:role/dns',
      description: 'Route 53: role to assume in the DNS account.',
    },
  },
};

const backend: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: {
    type: { type: 'string', enum: ['local', 's3', 'cloud'] },
    path: { type: 'string', minLength: 1, description: 'local: state file path, relative.' },
    bucket: { type: 'string', minLength: 3 },
    key: { type: 'string', minLength: 1 },
    region: { type: 'string', minLength: 1 },
    profile: { type: 'string', minLength: 1 },
    roleArn: { type: 'string', pattern: P.ROLE_ARN, 'x-allowed': 'an IAM role ARN' },
    encrypt: { type: 'boolean' },
    organization: { type: 'string', minLength: 1 },
    workspace: { type: 'string', minLength: 1 },
    hostname: { type: 'string', minLength: 1 },
  },
  allOf: [
    { if: { properties: { type: { const: 's3' } } }, then: { required: ['bucket', 'key', 'region'] } },
    { if: { properties: { type: { const: 'cloud' } } }, then: { required: ['organization', 'workspace'] } },
  ],
};

const environment: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['dns', 'domains'],
  properties: {
    dns: { $ref: '#/definitions/dns' },
    backend: { $ref: '#/definitions/backend' },
    account: { $ref: '#/definitions/account' },
    domains: { type: 'array', minItems: 1, items: { $ref: '#/definitions/domain' } },
    maxDomainsPerStack: {
      type: 'integer',
      minimum: 1,
      description:
        'Split the environment into stacks <env>-1, <env>-2, ... of at most this many domains each (docs/scaling.md).',
    },
    ...settingsProperties,
    ...SAFETY_ENVIRONMENT_PROPERTIES,
  },
};

/** The JSON Schema of the config file, as `ses-dns schema` prints it. */
export const CONFIG_SCHEMA: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'ses-dns config',
  description: 'Amazon SES sending domains and their DNS records, per environment.',
  type: 'object',
  additionalProperties: false,
  required: ['environments'],
  properties: {
    $schema: { type: 'string' },
    defaults: { type: 'object', additionalProperties: false, properties: settingsProperties },
    environments: {
      type: 'object',
      minProperties: 1,
      propertyNames: {
        pattern: P.ENVIRONMENT_NAME,
        'x-allowed': 'a lowercase name of letters, digits and hyphens, starting with a letter',
      },
      additionalProperties: { $ref: '#/definitions/environment' },
    },
  },
  // Each part a function of the validator, compiled only when a config has it.
  definitions: { environment, domain: domainEntry, dns, backend, account: ACCOUNT_SCHEMA, ...settingsDefinitions },
};

/** The keys that may appear at every layer (and so merge). */
export const SETTINGS_KEYS: readonly string[] = Object.keys(settingsProperties);
