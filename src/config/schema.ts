/**
 * The one definition of an `ses-dns` config's shape, in TypeBox: each key once, with its
 * JSON Schema (what ajv checks and editors complete) and its TypeScript type (what a
 * `ses-dns.config.ts` is checked against), and the TSDoc an editor shows for it.
 *
 * `npm run schema:update` writes {@link CONFIG_SCHEMA} to `schema/ses-dns.schema.json`; at run
 * time commands read that file (schema-file.ts), so none of them loads TypeBox. A test keeps
 * the file equal to this definition. The parts a config repeats (an environment, a domain,
 * each setting of the three layers...) are `definitions` of the schema, used by `$ref`
 * ({@link ref}): the validator compiles each part once.
 *
 * Two annotation keywords carry our messages: `x-allowed` says in words what a pattern
 * accepts, `x-fix` says how to mend a value that breaks it. Defaults are applied by
 * resolve.ts and documented here with `@default`.
 *
 * Three layers override each other: `defaults` < `environments.<env>` < one entry of
 * `environments.<env>.domains`. Every key of {@link DomainSettings} may appear at each layer.
 * Objects merge key by key, lists and scalars replace, and `false` switches a feature off.
 */
import { Type } from '@sinclair/typebox';
import type {
  ObjectOptions,
  SchemaOptions,
  Static,
  TLiteral,
  TObject,
  TProperties,
  TReadonly,
  TSchema,
} from '@sinclair/typebox';
import { SES_REGIONS } from './regions';
import { percent } from '../messages/words';
import { SES_WARNING_RATES } from './account';
import * as P from './patterns';
import {
  ALIGNMENT_MODES,
  DIMENSION_SOURCES,
  DKIM_KEY_LENGTHS,
  DMARC_FAILURE_OPTIONS,
  DMARC_POLICIES,
  DNS_PROVIDERS,
  HTTPS_POLICIES,
  IMPORT_ROLES,
  MAIL_FROM_SPF_ALLS,
  REGIONAL_IMPORT_ROLES,
  MX_FAILURE_ACTIONS,
  SES_EVENT_TYPES,
  SPF_ALLS,
  SUPPRESSION_REASONS,
  TLS_POLICIES,
} from './vocabulary';
import type { ImportRole, RegionalImportRole, SettingsKey } from './vocabulary';

// ---------------------------------------------------------------------------------------
// Builders: TypeBox's own, with the forms this schema needs.
// ---------------------------------------------------------------------------------------

type ReadonlyProperties<T extends TProperties> = { [K in keyof T]: TReadonly<T[K]> };

/** An object of these keys and no other, each read-only (a config is never changed). */
function closed<T extends TProperties>(properties: T, options: ObjectOptions = {}): TObject<ReadonlyProperties<T>> {
  const readonly = Object.fromEntries(Object.entries(properties).map(([key, schema]) => [key, Type.Readonly(schema)]));
  return Type.Object(readonly as ReadonlyProperties<T>, { ...options, additionalProperties: false });
}

/** A list of `items`, typed read-only. */
const list = <T extends TSchema>(items: T, options: SchemaOptions = {}) =>
  Type.Unsafe<readonly Static<T>[]>(Type.Array(items, options));

/** One of `values`, as a JSON Schema `enum` (TypeBox's unions would be `anyOf`). */
const stringEnum = <T extends readonly string[]>(values: T, options: SchemaOptions = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
const integerEnum = <T extends readonly number[]>(values: T, options: SchemaOptions = {}) =>
  Type.Unsafe<T[number]>({ type: 'integer', enum: [...values], ...options });

/** Exactly `value`; `x-allowed` words the message when it is something else. */
const constant = <T extends string | boolean>(value: T, options: SchemaOptions) =>
  Type.Unsafe<T>({ const: value, ...options });

/** A string matching `pattern`; `x-allowed` (and `x-fix`) word the message when it does not. */
const matching = (pattern: string, allowed: string, options: SchemaOptions = {}) =>
  Type.String({ pattern, 'x-allowed': allowed, ...options });

/** An ARN of the shape `pattern`, shown by an example when it does not match. */
const arn = (pattern: string, example: string) => matching(pattern, `an ARN such as ${example}`);

/** A named type of ours where a schema is used: an editor then shows its name. */
const named = <T>(schema: TSchema) => Type.Unsafe<T>(schema);

/** The keys a schema's file layout puts first, where {@link houseOrder} would put others. */
const KEY_ORDER = Symbol('key order');

/**
 * `schema`, written in the file with `first` as its first keys, the others in the house
 * order. Only for the few schemas the hand-written file laid out otherwise, so that the file
 * the package ships stays the same, byte for byte.
 */
function keyOrder<T extends TSchema>(schema: T, ...first: string[]): T {
  return Object.assign(schema, { [KEY_ORDER]: first });
}

/** The parts of a config kept in the schema's `definitions` before the settings, in their order there. */
const PARTS = ['environment', 'domain', 'dns', 'backend', 'account'] as const;
/** A part of the schema kept in its `definitions`: the settings are too. */
type DefinitionName = (typeof PARTS)[number] | SettingsKey;

/** The schema of each definition, as its {@link ref} was made. */
const definitionSchemas = new Map<DefinitionName, TSchema>();

/**
 * `{ $ref: "#/definitions/<name>" }` where `schema` is used, typed as `schema`: a part written
 * once in the JSON Schema, and compiled once, into a function of the validator that every
 * layer calls (structure.ts), rather than once per layer.
 */
function ref<T extends TSchema>(name: DefinitionName, schema: T) {
  const known = definitionSchemas.get(name);
  if (known && known !== schema) throw new Error(`two schemas for definitions.${name}`);
  definitionSchemas.set(name, schema);
  return Type.Unsafe<Static<T>>({ $ref: `#/definitions/${name}` });
}

/**
 * `schema`, or `false` to switch the feature off at this layer. If/then/else rather than
 * `anyOf`: ajv then reports only the branch that applies, in our words.
 */
const orFalse = <T>(schema: TSchema) =>
  Type.Unsafe<T | false>({
    if: { type: 'object' },
    then: schema,
    else: { const: false, 'x-allowed': 'an object, or false to switch it off' },
  });

/** A string matching `then`, or anything else matching `otherwise`. */
const stringOr = <A extends TSchema, B extends TSchema>(then: A, otherwise: B, options: SchemaOptions = {}) =>
  Type.Unsafe<Static<A> | Static<B>>({ ...options, if: { type: 'string' }, then, else: otherwise });

/** The `type` of each kind of a discriminated object, in order. */
const kindsOf = (...variants: TObject[]) => variants.map((v) => (v.properties.type as TLiteral<string>).const);

/**
 * The keys of one kind but its `type`, each optional: the kinds of a discriminated object
 * share one flat object in the JSON Schema, so that a key of the wrong kind is reported in
 * words (resolve.ts) rather than as a failed `oneOf`.
 */
function keysOf(variant: TObject): TProperties {
  return Object.fromEntries(
    Object.entries(variant.properties)
      .filter(([key]) => key !== 'type')
      .map(([key, schema]) => [key, Type.Optional(schema)]),
  );
}

// ---------------------------------------------------------------------------------------
// Settings: the keys allowed at every layer.
// ---------------------------------------------------------------------------------------

/**
 * An SES region, or a list of distinct regions: the domain is an SES identity in each, the
 * first listed its home region (docs/regions.md).
 */
export type RegionSetting = string | readonly string[];

const region = Type.Unsafe<RegionSetting>({
  type: ['string', 'array'],
  description:
    'The SES region, or a list of regions: the domain is an SES identity in each, the first listed its home region.',
  if: { type: 'string' },
  then: { enum: [...SES_REGIONS] },
  else: { items: { type: 'string', enum: [...SES_REGIONS] }, minItems: 1, uniqueItems: true },
});

/** A TTL in seconds; Cloudflare also accepts `auto` (its TTL 1). */
const ttl = stringOr(
  constant('auto', { 'x-allowed': 'a number of seconds, or "auto" (Cloudflare only)' }),
  Type.Integer({ minimum: 1, maximum: 2147483647 }),
  { description: 'Record TTL in seconds; Cloudflare also accepts "auto".' },
);
/** A TTL in seconds; Cloudflare also accepts `auto` (its TTL 1). */
export type TtlSetting = Static<typeof ttl>;

const easyDkim = closed({
  /** Easy DKIM. */
  type: Type.Literal('easy'),
  /** @default 2048 */
  keyLength: Type.Optional(integerEnum(DKIM_KEY_LENGTHS, { description: 'Easy DKIM key length.' })),
  /**
   * The host the CNAMEs point at, when the built-in region table is wrong or new.
   * @default from the region: `dkim.amazonses.com` or `dkim.<region>.amazonses.com`
   */
  host: Type.Optional(
    matching(P.DOMAIN_NAME, 'a lowercase host name such as dkim.amazonses.com', {
      description: 'Easy DKIM: override the CNAME target host of the region table.',
    }),
  ),
});
/** Easy DKIM: SES generates and rotates the key; three CNAMEs publish it. */
export interface EasyDkimSettings extends Static<typeof easyDkim> {}

const byoDkim = closed({
  /** Bring your own DKIM key. */
  type: Type.Literal('byodkim'),
  /** 1-63 characters of `[A-Za-z0-9-]`, no leading or trailing hyphen. */
  selector: matching(P.DKIM_SELECTOR, '1-63 letters, digits or hyphens, with no hyphen at either end', {
    description: 'BYODKIM selector.',
  }),
  /** Base64 of the DER public key (SubjectPublicKeyInfo), without PEM header lines. */
  publicKey: matching(P.BASE64, 'base64 of the DER public key, on one line', {
    'x-fix': 'remove the "-----BEGIN PUBLIC KEY-----" lines and all line breaks',
    description: 'BYODKIM public key (base64 SubjectPublicKeyInfo). The private key is never in the config.',
  }),
});
/** Bring your own DKIM key: the public key is published as one TXT record. */
export interface ByoDkimSettings extends Static<typeof byoDkim> {}

/** How SES signs mail from a domain. */
export type DkimSettings = EasyDkimSettings | ByoDkimSettings;

/** DKIM as a layer may write it: a kind, or some keys of one (the kind comes from a layer above). */
const dkim = named<DkimSettings | Partial<EasyDkimSettings> | Partial<ByoDkimSettings>>(
  keyOrder(
    Type.Object(
      { type: Type.Optional(stringEnum(kindsOf(easyDkim, byoDkim))), ...keysOf(easyDkim), ...keysOf(byoDkim) },
      {
        description: 'Easy DKIM ({ type: easy, keyLength }) or BYODKIM ({ type: byodkim, selector, publicKey }).',
        additionalProperties: false,
      },
    ),
    'description',
  ),
);

const mailFrom = closed({
  /**
   * Labels in front of the domain: `mail` gives `mail.example.com`. `{region}` stands for the
   * region of each identity, and is required when the domain has several:
   * `feedback-smtp-{region}-amazonses` gives one MAIL FROM name per region (docs/regions.md).
   * @default "mail"
   */
  subdomain: Type.Optional(
    matching(P.REGIONAL_SUBDOMAIN, 'lowercase labels put in front of the domain, such as "mail"', {
      'x-fix':
        'write only the labels: "mail", not "mail.example.com."; {region} stands for the region, as in "feedback-smtp-{region}-amazonses"',
    }),
  ),
  /** What SES does when the MX is missing. @default "use-default" */
  onMxFailure: Type.Optional(stringEnum(MX_FAILURE_ACTIONS)),
  /**
   * How the MAIL FROM SPF ends: `softfail` writes `~all`, as SES documents it; `fail` writes
   * `-all`, which existing setups often publish (nothing but SES sends with this name).
   * @default "softfail"
   * @see https://docs.aws.amazon.com/ses/latest/dg/mail-from.html
   */
  spfAll: Type.Optional(
    stringEnum(MAIL_FROM_SPF_ALLS, {
      description: 'How the MAIL FROM SPF ends: softfail (~all, the default, as SES documents it) or fail (-all).',
    }),
  ),
});
/** Custom MAIL FROM: what makes SPF align for DMARC. */
export interface MailFromSettings extends Static<typeof mailFrom> {}

const policy = stringEnum(DMARC_POLICIES);
const alignmentMode = stringEnum(ALIGNMENT_MODES);
const reportAddresses = list(
  matching(P.DMARC_REPORT_ADDRESS, 'an address such as dmarc@example.com, or a mailto: URI'),
);

const dmarc = closed({
  /** `p` @default "none" */
  policy: Type.Optional(policy),
  /** `sp`: the policy for subdomains. */
  subdomainPolicy: Type.Optional(policy),
  /** `np` (DMARCbis): the policy for non-existent subdomains. */
  nonexistentPolicy: Type.Optional(policy),
  /** `rua`: addresses for aggregate reports (`a@b.com` or `mailto:a@b.com`). */
  rua: Type.Optional(reportAddresses),
  /** `ruf`: addresses for failure reports. */
  ruf: Type.Optional(reportAddresses),
  /** `adkim` and `aspf`. @default relaxed for both */
  alignment: Type.Optional(
    closed({
      /** `adkim`: `strict` needs the DKIM `d=` to be the From domain itself. @default "relaxed" */
      dkim: Type.Optional(alignmentMode),
      /** `aspf`: `strict` needs the MAIL FROM domain to be the From domain itself. @default "relaxed" */
      spf: Type.Optional(alignmentMode),
    }),
  ),
  /** `pct` (removed by DMARCbis). */
  pct: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  /** `fo`: any of `0`, `1`, `d`, `s`. */
  failureOptions: Type.Optional(
    keyOrder(list(stringEnum(DMARC_FAILURE_OPTIONS), { uniqueItems: true }), 'type', 'items', 'uniqueItems'),
  ),
  /** `ri`: seconds between aggregate reports (removed by DMARCbis). */
  reportInterval: Type.Optional(Type.Integer({ minimum: 3600, maximum: 2147483647 })),
});
/** The `_dmarc` record of a domain. @see https://www.rfc-editor.org/rfc/rfc7489#section-6.3 */
export interface DmarcSettings extends Static<typeof dmarc> {}

const spf = closed({
  /**
   * Whether the record includes `include:amazonses.com` (first). SES's own mail never needs
   * it (its envelope sender is the MAIL FROM domain or amazonses.com), but AWS and the seed
   * guide recommend it; `false` keeps a live root SPF that authorizes other senders only.
   * @default true
   */
  includeAmazonSes: Type.Optional(
    Type.Boolean({ description: 'Whether the root SPF starts with include:amazonses.com (default true).' }),
  ),
  /** Extra `include:` domains. */
  include: Type.Optional(list(matching(P.SPF_DOMAIN, 'a domain name such as _spf.google.com'))),
  /** Extra mechanisms, written as in SPF: `ip4:192.0.2.0/24`, `a`, `mx`. */
  mechanisms: Type.Optional(
    list(
      matching(P.SPF_MECHANISM, 'an SPF mechanism such as ip4:192.0.2.0/24, a, mx', {
        'x-fix': 'set the final "all" with the all key, and includes with the include key',
      }),
    ),
  ),
  /** @default "softfail" */
  all: Type.Optional(stringEnum(SPF_ALLS)),
});
/** A root SPF record at the domain itself (`include:amazonses.com` first, unless switched off). */
export interface SpfSettings extends Static<typeof spf> {}

const tracking = closed({
  /**
   * Labels in front of the domain. With `{region}` (`track-{region}`), a domain in several
   * regions gets a tracking name per region; without it, its tracking name serves the home
   * region only (docs/regions.md).
   * @default "track"
   */
  subdomain: Type.Optional(
    matching(P.REGIONAL_SUBDOMAIN, 'lowercase labels put in front of the domain, such as "track"'),
  ),
  /** @default "optional" */
  httpsPolicy: Type.Optional(stringEnum(HTTPS_POLICIES)),
});
/** A custom domain for open and click tracking. */
export interface TrackingSettings extends Static<typeof tracking> {}

// ---------------------------------------------------------------------------------------
// Configuration sets (issue #8) and account settings (issue #9).
// ---------------------------------------------------------------------------------------

/** A list of suppression reasons; `[]` is allowed and means "suppress nothing". */
const suppression = (description: string) =>
  keyOrder(list(stringEnum(SUPPRESSION_REASONS), { uniqueItems: true, description }), 'type', 'uniqueItems', 'items');

const dimension = closed({
  /** The dimension name, such as `ses:from-domain` or a message tag of yours. */
  name: matching(
    P.CLOUDWATCH_DIMENSION_NAME,
    'letters, digits, hyphens, underscores or colons, such as ses:from-domain',
  ),
  /** Where SES reads the value. @default "messageTag" */
  source: Type.Optional(stringEnum(DIMENSION_SOURCES)),
  /** The value when the mail carries none. */
  default: matching(
    P.CLOUDWATCH_DIMENSION_DEFAULT,
    'letters, digits, hyphens, underscores, periods or @, such as unknown',
  ),
});
/** One CloudWatch dimension of an event destination. */
export interface CloudWatchDimensionSettings extends Static<typeof dimension> {}

const eventDestination = closed({
  /** Names the destination and its Terraform address `<domain>__event_<name>`. */
  name: matching(P.EVENT_DESTINATION_NAME, '1-64 letters, digits, hyphens or underscores'),
  /** The events published: `BOUNCE`, `COMPLAINT`, `DELIVERY`, ... at least one, each once. */
  types: list(stringEnum(SES_EVENT_TYPES), { minItems: 1, uniqueItems: true }),
  /** An existing topic (`topicArn`), or `create: true` for a topic made by the stack. */
  sns: Type.Optional(
    closed({
      /** An existing SNS topic. */
      topicArn: Type.Optional(arn(P.SNS_TOPIC_ARN, 'arn:aws:sns:eu-west-1:123456789012:ses-events')),
      /** `true`: the stack creates a topic and outputs its ARN. */
      create: Type.Optional(constant(true, { 'x-allowed': 'true (or give topicArn instead)' })),
    }),
  ),
  /** CloudWatch metrics, by the dimensions given. */
  cloudwatch: Type.Optional(
    closed({
      /** At least one dimension. */
      dimensions: list(named<CloudWatchDimensionSettings>(dimension), { minItems: 1 }),
    }),
  ),
  /** SES publishes to the default event bus only. */
  eventBridge: Type.Optional(
    closed({
      /** The account's default event bus in the region. */
      busArn: arn(P.EVENT_BUS_ARN, 'arn:aws:events:eu-west-1:123456789012:event-bus/default'),
    }),
  ),
  /** A Kinesis Data Firehose delivery stream. */
  firehose: Type.Optional(
    closed({
      /** The delivery stream. */
      deliveryStreamArn: arn(
        P.FIREHOSE_STREAM_ARN,
        'arn:aws:firehose:eu-west-1:123456789012:deliverystream/ses-events',
      ),
      /** A role SES assumes to write to the stream. */
      iamRoleArn: arn(P.ROLE_ARN, 'arn:aws:iam::123456789012:role/ses-firehose'),
    }),
  ),
});
/**
 * One event destination: a name, the event types, and exactly one target.
 * @see https://docs.aws.amazon.com/ses/latest/dg/event-publishing-add-event-destination.html
 */
export interface EventDestinationSettings extends Static<typeof eventDestination> {}

const configurationSet = closed({
  /** @default derived from the domain: `example-com` */
  name: Type.Optional(matching(P.CONFIGURATION_SET_NAME, '1-64 letters, digits, hyphens or underscores')),
  /** Where SES publishes sending events (bounces, complaints, ...). @default none */
  events: Type.Optional(
    keyOrder(
      list(named<EventDestinationSettings>(eventDestination), { description: 'Where SES publishes sending events.' }),
      'type',
      'items',
    ),
  ),
  /** Suppression reasons of this set; `[]` turns suppression off for it. @default the account's */
  suppression: Type.Optional(suppression('Suppression reasons of this set; [] turns it off.')),
  /** Publish this set's bounce and complaint rates to CloudWatch. @default false */
  reputationMetrics: Type.Optional(
    Type.Boolean({ description: "Publish this set's reputation metrics to CloudWatch." }),
  ),
  /** `require`: deliver only over TLS. @default "optional" */
  tls: Type.Optional(stringEnum(TLS_POLICIES)),
  /** A dedicated IP pool. @default the shared pool */
  sendingPool: Type.Optional(
    matching(P.SENDING_POOL_NAME, 'the name of a dedicated IP pool: 1-64 letters, digits, hyphens or underscores'),
  ),
});
/** A configuration set attached to the identity as its default. */
export interface ConfigurationSetSettings extends Static<typeof configurationSet> {}

// Ranges are checked in resolveAccount, with a message that says what a fraction is.
const rate = (which: 'bounce' | 'complaint', fraction: number) =>
  Type.Number({
    description: `Alarm when the ${which} rate reaches this fraction (${fraction} = ${percent(fraction)}).`,
  });

const alarms = closed({
  /** A fraction: 0.05 is 5%. @default 0.05 */
  bounceRate: Type.Optional(rate('bounce', SES_WARNING_RATES.bounceRate)),
  /** A fraction: 0.001 is 0.1%. @default 0.001 */
  complaintRate: Type.Optional(rate('complaint', SES_WARNING_RATES.complaintRate)),
  /** @default a topic made by the stack, its ARN an output */
  snsTopicArn: Type.Optional(arn(P.SNS_TOPIC_ARN, 'arn:aws:sns:eu-west-1:123456789012:ses-alarms')),
});

const vdm = closed({
  /** Engagement metrics in the VDM dashboard. @default false */
  dashboard: Type.Optional(Type.Boolean({ description: 'Engagement metrics in the VDM dashboard.' })),
  /** Optimized shared delivery (VDM guardian). @default false */
  guardian: Type.Optional(Type.Boolean({ description: 'Optimized shared delivery (VDM guardian).' })),
});

const account = closed(
  {
    /** The 12-digit AWS account: pins the AWS provider to it and tells two environments apart. */
    id: Type.Optional(matching(P.AWS_ACCOUNT_ID, 'a 12-digit AWS account id such as 123456789012')),
    /** Account-level suppression reasons. @default ["BOUNCE", "COMPLAINT"] */
    suppression: Type.Optional(suppression('Account-level suppression reasons; [] turns it off.')),
    /** CloudWatch alarms on the account's reputation rates. @default none */
    alarms: Type.Optional(orFalse<Static<typeof alarms>>(alarms)),
    /** Virtual Deliverability Manager (billed per 1,000 mails). @default off */
    vdm: Type.Optional(orFalse<Static<typeof vdm>>(vdm)),
  },
  { description: 'SES account settings of this environment (once per AWS account and region).' },
);
/**
 * Account-level SES settings of one environment (they exist once per account and region).
 * @see https://docs.aws.amazon.com/ses/latest/dg/monitor-sender-reputation.html
 */
export interface AccountSettings extends Static<typeof account> {}

// ---------------------------------------------------------------------------------------
// Layers: the settings, a domain entry, an environment, the file.
// ---------------------------------------------------------------------------------------

/**
 * Keys allowed at every layer: defaults, environment, domain (vocabulary.ts lists them). Each
 * is a definition that the three layers refer to.
 */
const settingsProperties = {
  /**
   * The SES region: decides the MX host and the DKIM host. A list makes the domain an SES
   * identity in each region, the first listed its home region (docs/regions.md).
   */
  region: Type.Optional(ref('region', region)),
  /** @default 600 */
  ttl: Type.Optional(ref('ttl', named<TtlSetting>(ttl))),
  /** @default { type: easy, keyLength: 2048 } */
  dkim: Type.Optional(ref('dkim', dkim)),
  /** @default { subdomain: mail, onMxFailure: use-default } */
  mailFrom: Type.Optional(ref('mailFrom', orFalse<MailFromSettings>(mailFrom))),
  /** @default { policy: none, alignment: relaxed } */
  dmarc: Type.Optional(ref('dmarc', orFalse<DmarcSettings>(dmarc))),
  /** @default false */
  spf: Type.Optional(ref('spf', orFalse<SpfSettings>(spf))),
  /** @default false */
  tracking: Type.Optional(ref('tracking', orFalse<TrackingSettings>(tracking))),
  /** @default false */
  configurationSet: Type.Optional(ref('configurationSet', orFalse<ConfigurationSetSettings>(configurationSet))),
} satisfies Record<SettingsKey, TSchema>;

const domainSettings = closed(settingsProperties);
/** Keys that may appear at every layer. */
export interface DomainSettings extends Static<typeof domainSettings> {}

/**
 * The hosted zone that holds a domain's records: by name, or by the provider's id. (The
 * JSON Schema says "exactly one of id and name" with min and max properties.)
 */
export type ZoneSetting = string | { readonly id: string } | { readonly name: string };

const zoneName = { pattern: P.DOMAIN_NAME, 'x-allowed': 'a lowercase zone name such as example.com' };
const zone = named<ZoneSetting>(
  stringOr(
    Type.Unsafe<string>(zoneName),
    closed(
      { id: Type.Optional(Type.String({ minLength: 1 })), name: Type.Optional(Type.String(zoneName)) },
      { minProperties: 1, maxProperties: 1 },
    ),
    { description: 'The hosted zone holding the records: a name, { name }, or { id }.' },
  ),
);

const txtValue = matching(P.TXT_VALUE, '1 to 2048 printable ASCII characters without " or \\', {
  'x-fix': 'write the value as it is published, without the surrounding quotes',
});

const keepTxtEntry = closed({
  /** @default "@" */
  name: Type.Optional(
    matching(P.RELATIVE_NAME, '"@" for the domain itself, or a name relative to it such as "_dmarc" or "mail"', {
      'x-fix': 'write it relative to the domain: "mail", not "mail.example.com"',
    }),
  ),
  /** The TXT value as published, without quotes. */
  value: txtValue,
});
/**
 * `import:` ids by role, and a further region's by region and role
 * (`{ identity: example.com, us-east-2: { identity: example.com } }`).
 */
export type ImportSetting = Readonly<Partial<Record<ImportRole, string>>> &
  Readonly<Record<string, string | Readonly<Partial<Record<RegionalImportRole, string>>>>>;

/** A kept TXT value at a name relative to the domain (`@` is the domain itself). */
export interface KeepTxtEntry extends Static<typeof keepTxtEntry> {}

const domainEntry = closed({
  /** The domain: lowercase, no trailing dot, internationalized names in punycode. */
  name: matching(P.DOMAIN_NAME, 'a lowercase domain name such as example.com', {
    'x-fix': 'write it in lowercase, without a trailing dot; internationalized names in punycode (xn--...)',
  }),
  /** @default the domain's own name */
  zone: Type.Optional(zone),
  ...settingsProperties,
  /**
   * TXT values that are not ours but live at a name where we manage a TXT set (the apex
   * with a root SPF, the MAIL FROM name, `_dmarc`) and must stay. A plain string is kept at
   * the apex; `{ name, value }` names the record relative to the domain (`@`, `_dmarc`,
   * `mail`). Route 53 keeps them in our record set; Cloudflare leaves them as they are.
   * @default none
   * @see docs/safety.md
   */
  keepTxt: Type.Optional(
    keyOrder(
      list(stringOr(txtValue, named<KeepTxtEntry>(keepTxtEntry)), {
        description:
          'TXT values that share a name with a TXT set ses-dns manages and must stay: a string (kept at the apex) or { name, value } with a name relative to the domain (@, _dmarc, mail).',
      }),
      'description',
    ),
  ),
  /**
   * Existing objects to adopt on the first apply, by role: the provider's import id.
   * Route 53: `<zone id>_<name>_<type>`; Cloudflare: `<zone id>/<record id>`; `identity`
   * and `mail-from`: the domain name; `configuration-set`: its name. The ids of a further
   * region of a domain in several go under the region: `us-east-2: { identity: example.com }`.
   * `dmarc-report-auth`: the record `<domain>._report._dmarc.<report domain>` that ses-dns
   * writes in the report domain's zone, when that zone is managed in the same environment.
   * @default none
   * @see https://developer.hashicorp.com/terraform/language/import
   */
  import: Type.Optional(
    named<ImportSetting>(
      keyOrder(
        Type.Object(
          Object.fromEntries(IMPORT_ROLES.map((role) => [role, Type.Optional(Type.String({ minLength: 1 }))])),
          {
            description:
              "Existing objects to adopt on the first apply, by role: Route 53 <zone id>_<name>_<type>, Cloudflare <zone id>/<record id>, identity and mail-from the domain name; dmarc-report-auth the report authorization in the report domain's zone; a further region's under its name (us-east-2: { identity: example.com }).",
            additionalProperties: false,
            patternProperties: {
              [P.REGION_KEY]: Type.Object(
                Object.fromEntries(
                  REGIONAL_IMPORT_ROLES.map((role) => [role, Type.Optional(Type.String({ minLength: 1 }))]),
                ),
                { additionalProperties: false },
              ),
            },
          },
        ),
        'description',
      ),
    ),
  ),
});
/** One sending domain: an SES identity and its records. */
export interface DomainEntry extends Static<typeof domainEntry> {}

const dns = closed({
  /** `route53` or `cloudflare`. */
  provider: stringEnum(DNS_PROVIDERS),
  /** Route 53 only: an AWS profile for the DNS account. */
  profile: Type.Optional(Type.String({ minLength: 1, description: 'Route 53: AWS profile of the DNS account.' })),
  /** Route 53 only: a role to assume in the DNS account. */
  assumeRoleArn: Type.Optional(
    matching(P.ROLE_ARN, 'an IAM role ARN such as arn:aws:iam::123456789012:role/dns', {
      description: 'Route 53: role to assume in the DNS account.',
    }),
  ),
});
/** Where an environment's DNS records live. */
export interface DnsSettings extends Static<typeof dns> {}

const nonEmpty = Type.String({ minLength: 1 });
const localBackend = closed({
  /** A state file on this machine. */
  type: Type.Literal('local'),
  /** The state file, relative to the stack folder. @default `terraform.<env>.tfstate` beside the config file */
  path: Type.Optional(Type.String({ minLength: 1, description: 'local: state file path, relative.' })),
});
const s3Backend = closed({
  /** An S3 bucket, locked with its lock file. */
  type: Type.Literal('s3'),
  bucket: Type.String({ minLength: 3 }),
  /** The state's key in the bucket: `ses/production.tfstate`. */
  key: nonEmpty,
  /** The bucket's region. */
  region: nonEmpty,
  /** An AWS profile for the state. @default the AWS credential chain */
  profile: Type.Optional(nonEmpty),
  /** A role to assume for the state. */
  roleArn: Type.Optional(matching(P.ROLE_ARN, 'an IAM role ARN')),
  /** @default true */
  encrypt: Type.Optional(Type.Boolean()),
});
const cloudBackend = closed({
  /** HCP Terraform (Terraform Cloud) or Terraform Enterprise. */
  type: Type.Literal('cloud'),
  organization: nonEmpty,
  workspace: nonEmpty,
  /** @default "app.terraform.io" */
  hostname: Type.Optional(nonEmpty),
});
/** Where Terraform keeps an environment's state. */
export type BackendSettings = Static<typeof localBackend> | Static<typeof s3Backend> | Static<typeof cloudBackend>;

const backendKinds = [localBackend, s3Backend, cloudBackend];
/** The backend kinds share one flat object; each kind's required keys apply when `type` names it. */
const backend = named<BackendSettings>(
  Type.Object(
    Object.assign({ type: stringEnum(kindsOf(...backendKinds)) }, ...backendKinds.map(keysOf)) as TProperties,
    {
      additionalProperties: false,
      allOf: backendKinds
        .map((kind) => ({ kind: kindsOf(kind)[0], required: kind.required.filter((key) => key !== 'type') }))
        .filter(({ required }) => required.length > 0)
        .map(({ kind, required }) => ({ if: { properties: { type: { const: kind } } }, then: { required } })),
    },
  ),
);

const environment = closed({
  /** Where the environment's DNS records live. */
  dns: ref('dns', named<DnsSettings>(dns)),
  /** @default { type: local }: `terraform.<env>.tfstate` beside the config file, outside the output folder */
  backend: Type.Optional(ref('backend', backend)),
  /** SES account settings: suppression, reputation alarms, VDM. @default untouched */
  account: Type.Optional(ref('account', named<AccountSettings>(account))),
  /** The sending domains: at least one. */
  domains: list(ref('domain', named<DomainEntry>(domainEntry)), { minItems: 1 }),
  /**
   * Split the environment into stacks `<env>-1`, `<env>-2`, ... of at most this many domains
   * each (docs/scaling.md).
   * @default one stack for the whole environment
   */
  maxDomainsPerStack: Type.Optional(
    Type.Integer({
      minimum: 1,
      description:
        'Split the environment into stacks <env>-1, <env>-2, ... of at most this many domains each (docs/scaling.md).',
    }),
  ),
  ...settingsProperties,
  /**
   * `lifecycle { prevent_destroy }` on every SES identity: `false` lets Terraform destroy
   * them (a throwaway test environment).
   * @default true
   */
  preventDestroy: Type.Optional(
    Type.Boolean({
      description: 'lifecycle.prevent_destroy on every SES identity of the environment (default true).',
    }),
  ),
});
/** One environment: one CDKTF stack, one Terraform state. */
export interface EnvironmentConfig extends Static<typeof environment> {}

const configFile = closed(
  {
    /** For editors: `./node_modules/ses-dns/schema/ses-dns.schema.json`. */
    $schema: Type.Optional(Type.String()),
    /** Settings every environment and domain starts from. */
    defaults: Type.Optional(named<DomainSettings>(domainSettings)),
    /** The environments by name (lowercase letters, digits and hyphens): one stack each. */
    environments: Type.Unsafe<Readonly<Record<string, EnvironmentConfig>>>({
      type: 'object',
      minProperties: 1,
      propertyNames: {
        pattern: P.ENVIRONMENT_NAME,
        'x-allowed': 'a lowercase name of letters, digits and hyphens, starting with a letter',
      },
      additionalProperties: ref('environment', environment),
    }),
  },
  {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'ses-dns config',
    description: 'Amazon SES sending domains and their DNS records, per environment.',
  },
);
/** A whole `ses-dns` config file. */
export interface SesDnsConfig extends Static<typeof configFile> {}

// ---------------------------------------------------------------------------------------
// The JSON Schema, as the package ships it.
// ---------------------------------------------------------------------------------------

/**
 * The order of a schema's keys in the file, as it was written by hand: a document's
 * `$schema`, `title` and `description` open it, then `type` and `additionalProperties: false`
 * (TypeBox puts its `type` after the options), `allOf` last; the other keys as the definition
 * gives them.
 */
function houseOrder(schema: Record<string, unknown>): string[] {
  const document = '$schema' in schema ? ['$schema', 'title', 'description'] : [];
  const closedOff = schema.additionalProperties === false ? ['additionalProperties'] : [];
  const keys = [...new Set([...document, 'type', ...closedOff, ...Object.keys(schema)])];
  return [...keys.filter((key) => key !== 'allOf'), 'allOf'];
}

/** Keywords whose value maps names to schemas: the names keep their order. */
const SCHEMA_MAPS = new Set(['properties', 'definitions']);

/**
 * `schema` as plain JSON, its keys laid out as the file has them: TypeBox's markers are
 * symbols, which JSON leaves out.
 */
function asJson(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(asJson);
  if (!schema || typeof schema !== 'object') return schema;
  const node = schema as Record<string | symbol, unknown>;
  const first = (node[KEY_ORDER] as string[] | undefined) ?? [];
  const keys = [...new Set([...first, ...houseOrder(node)])].filter((key) => node[key] !== undefined);
  return Object.fromEntries(
    keys.map((key) => {
      const value = node[key];
      if (!SCHEMA_MAPS.has(key) || !value || typeof value !== 'object') return [key, asJson(value)];
      return [key, Object.fromEntries(Object.entries(value).map(([name, item]) => [name, asJson(item)]))];
    }),
  );
}

/** The schema's `definitions`: each part a {@link ref} points at, in their order there. */
function definitions(): Record<string, TSchema> {
  const names: DefinitionName[] = [...PARTS, ...(Object.keys(settingsProperties) as SettingsKey[])];
  const unused = names.filter((name) => !definitionSchemas.has(name));
  if (unused.length > 0) throw new Error(`no reference to definitions ${unused.join(', ')}`);
  return Object.fromEntries(names.map((name) => [name, definitionSchemas.get(name)!]));
}

/**
 * The JSON Schema of the config file, as `ses-dns schema` prints it: plain JSON (TypeBox's
 * own markers are symbols, which JSON leaves out). Environment, domain, DNS, backend, account
 * and each setting are definitions: ajv compiles each into one function, called wherever it
 * is used and only when a config has that part, so the precompiled validator is half the size
 * (ARCHITECTURE.md).
 */
export const CONFIG_SCHEMA = asJson({ ...configFile, definitions: definitions() }) as Record<string, unknown>;
