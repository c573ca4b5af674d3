/**
 * The JSON Schema of the safety keys (issue #6): per domain `keepTxt` and `import`, per
 * environment `preventDestroy`. Kept apart from `schema.ts` so the shared schema only
 * spreads them in.
 */
import * as P from './patterns';

type Schema = Record<string, unknown>;

/**
 * Roles an `import` entry may name: the record roles of the plan and the SES resources of
 * the domain. They are the suffixes of Terraform addresses (`example_com__spf`).
 */
export const IMPORT_ROLES = [
  'identity',
  'mail-from',
  'configuration-set',
  'dkim-0',
  'dkim-1',
  'dkim-2',
  'dkim',
  'mail-from-mx',
  'mail-from-spf',
  'dmarc',
  'spf',
  'tracking',
] as const;

const txtValue: Schema = {
  type: 'string',
  pattern: P.TXT_VALUE,
  'x-allowed': '1 to 2048 printable ASCII characters without " or \\',
  'x-fix': 'write the value as it is published, without the surrounding quotes',
};

const keepTxt: Schema = {
  description:
    'TXT values that share a name with a TXT set ses-dns manages and must stay: a string (kept at the apex) or { name, value } with a name relative to the domain (@, _dmarc, mail).',
  type: 'array',
  items: {
    if: { type: 'string' },
    then: txtValue,
    else: {
      type: 'object',
      additionalProperties: false,
      required: ['value'],
      properties: {
        name: {
          type: 'string',
          pattern: P.RELATIVE_NAME,
          'x-allowed': '"@" for the domain itself, or a name relative to it such as "_dmarc" or "mail"',
          'x-fix': 'write it relative to the domain: "mail", not "mail.example.com"',
        },
        value: txtValue,
      },
    },
  },
};

const importIds: Schema = {
  description:
    'Existing objects to adopt on the first apply, by role: Route 53 <zone id>_<name>_<type>, Cloudflare <zone id>/<record id>, identity and mail-from the domain name.',
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(IMPORT_ROLES.map((role) => [role, { type: 'string', minLength: 1 }])),
};

/** Keys of one domain entry. */
export const SAFETY_DOMAIN_PROPERTIES: Record<string, Schema> = { keepTxt, import: importIds };

/** Keys of one environment. */
export const SAFETY_ENVIRONMENT_PROPERTIES: Record<string, Schema> = {
  preventDestroy: {
    type: 'boolean',
    description: 'lifecycle.prevent_destroy on every SES identity of the environment (default true).',
  },
};
