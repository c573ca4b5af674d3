/**
 * What `validate`, `synth` and every other command say about a config: one builder per
 * problem, each message saying what is wrong, the value received, what is allowed and the
 * fix. The caller puts the message at the config path where the value is written (a
 * {@link ConfigIssue} of src/config/issues.ts); errors stop every command (exit 2),
 * warnings only `validate --strict`.
 *
 * Grouped by the pass that finds them: the file, its structure (the JSON Schema), the
 * resolver and its helpers, the plan (record sets, stacks), and advice (warnings).
 */
import { notOneOf, percent, show, unknownKey } from './words';

// ---------------------------------------------------------------------------------------
// The file (src/config/load.ts, cycles.ts; src/stacks/stack-assignment.ts)
// ---------------------------------------------------------------------------------------

/** The default config names, the code ones as one: `ses-dns.yaml, ..., ses-dns.config.{ts,mts,...}`. */
function configNames(looked: readonly string[]): string {
  const CODE = 'ses-dns.config.';
  const code = looked.filter((name) => name.startsWith(CODE)).map((name) => name.slice(CODE.length));
  const others = looked.filter((name) => !name.startsWith(CODE));
  return [...others, ...(code.length > 1 ? [`${CODE}{${code.join(',')}}`] : code.map((ext) => CODE + ext))].join(', ');
}

export const noConfigFile = (cwd: string, looked: readonly string[]) =>
  `no config file found in ${cwd} (looked for ${configNames(looked)}): pass one with -c FILE, or create one with ses-dns init`;

export const configFileMissing = (file: string) => `config file ${file} does not exist`;

/** `-c FOLDER`: the config in it, when there is one. */
export const folderGiven = (shown: string, inside: string | undefined, looked: readonly string[], join: string) =>
  inside
    ? `${shown} is a folder, not a config file: pass the config in it, -c ${join}`
    : `${shown} is a folder, not a config file, and holds none of ${configNames(looked)}: pass a config file with -c FILE`;

/** A config file too large or not text; `why` is the input-file reason. */
export const unreadableConfig = (why: string) =>
  `${why}; ${
    why.includes('limit')
      ? 'ses-dns reads configs of up to 8 MiB (some 100,000 domains): check that -c names the config'
      : 'a config is YAML, JSON or TypeScript text: check that -c names the config'
  }`;

export const invalidJson = (why: string) => `is not valid JSON: ${why}`;
/** A key written twice in one JSON object (src/config/json-syntax.ts). */
export const duplicateJsonKey = (key: string, firstLine: number, line: number, column: number) =>
  `${JSON.stringify(key)} is written twice in this object, at line ${firstLine} and again at line ${line}, column ${column}: JSON would keep only the last value, so keep one of them`;
/** A JSON syntax error with its place (src/config/json-syntax.ts); the quoted line follows as the excerpt. */
export const invalidJsonAt = (reason: string, line: number, column: number) =>
  `is not valid JSON: ${reason} at line ${line}, column ${column}; fix the syntax there (a missing or extra comma, a quote, a bracket)`;
export const emptyConfig =
  'the file holds no config (it is empty, or only comments): a config needs at least environments with their domains; ses-dns init writes a commented one to start from';

/**
 * A YAML syntax error: the parser's first line without its trailing colon, and the line it
 * points at (the parser's code frame follows that colon).
 */
export const invalidYaml = (why: string) => {
  const [first = '', ...frame] = why.split('\n');
  // The frame is a line of context, the line at fault, then a caret line under it.
  const caret = frame.findIndex((line) => /^\s*\^+\s*$/.test(line));
  const source = caret > 0 ? frame[caret - 1] : undefined;
  const where = source === undefined || source.trim() === '' ? '' : ` (${JSON.stringify(source.trimEnd())})`;
  return `is not valid YAML: ${first.replace(/:\s*$/, '')}${where}; fix the syntax there (indentation, quotes, a missing colon)`;
};
/** Alias bombs and the like parse, but refuse to expand (yaml's maxAliasCount). */
export const unusableYaml = (why: string) => `is not usable YAML: ${firstLine(why)}`;

// Code configs (src/config/code-config-errors.ts): each message names the place in the file
// where the loader or the stack gives one; the excerpt under it quotes that line.

/** Where in a code config: a line, its column when known, and the file when it is another one the config imports. */
export interface CodePlace {
  readonly line: number;
  readonly column?: number;
  /** The imported file, as `./shared.ts`, when the place is not in the config itself. */
  readonly file?: string;
  /** Nothing but blank lines from this line on: the file ended too soon. */
  readonly atEnd?: boolean;
}

/** `at line 3, column 7` (`of ./shared.ts`); loaders count the line of a file's end differently, so that is said in words. */
const placeWords = (place: CodePlace) =>
  `${place.atEnd ? 'at the end of the file' : `at line ${place.line}${place.column === undefined ? '' : `, column ${place.column}`}`}${place.file ? ` of ${place.file}` : ''}`;

/** How a config file exports its value, as its kind of file writes it. */
export const configExport = (commonJs: boolean) =>
  commonJs ? 'module.exports = defineConfig({ ... })' : 'export default defineConfig({ ... })';

/**
 * A syntax error the loader located; `reason` is the loader's words (what it expected, what
 * it found).
 */
export const codeSyntaxError = (language: string, reason: string, place: CodePlace | undefined) => {
  const subject = place?.file ? `imports ${place.file}, which is` : 'is';
  const fix = place?.atEnd
    ? 'a bracket, brace, string or comment opened above is never closed: close it'
    : /\bexpected\b|\bunexpected\b/i.test(reason)
      ? 'fix the syntax there (a missing comma, bracket or quote is the usual cause)'
      : 'fix it there';
  // The file is named once, as the one imported.
  return `${subject} not valid ${language}: ${reason}${place ? ` ${placeWords({ ...place, file: undefined })}` : ''}; ${fix}`;
};

/** `import` or `export` in a file Node reads as CommonJS whatever it holds (`.cjs`, `.cts`). */
export const moduleSyntaxInCommonJs = (extension: string, reason: string, place: CodePlace) =>
  `uses import or export, which Node does not take in a ${extension} file (it is CommonJS): ${reason} ${placeWords(place)}; write module.exports = { ... } and require(), or rename the file to .ts to keep import and export`;

/** The config threw while it ran; `thrown` is `TypeError: x is not a function`. */
export const codeConfigThrew = (thrown: string, place: CodePlace | undefined, fix?: string) =>
  `failed while it ran${place ? `, ${placeWords(place)}` : ''}: ${thrown}; ${fix ?? (place ? 'fix the code there' : 'fix the code that throws it')}`;

/** A `ReferenceError`: a name used but never declared or imported. */
export const undefinedName = (name: string) => `declare or import ${name}, or correct its spelling`;
/**
 * `__dirname`, `require` and the like in a config Node runs as an ES module (a `.ts` config
 * on Node 22.18 and later, an `.mjs`): it worked on Node 20, where jiti runs it as CommonJS.
 */
export const commonJsInEsModule = (name: string) =>
  `${name} is CommonJS, but Node runs this config as an ES module (a .ts config on Node 22.18 and later; Node 20 runs it as CommonJS): ${
    name === 'require'
      ? 'import what it loads instead'
      : "read a file beside the config with new URL('./file.json', import.meta.url), which works on every Node"
  }`;

/** An import of a package that cannot be found from the config's folder. */
export const packageNotInstalled = (specifier: string, name: string, place: CodePlace | undefined) =>
  `imports ${show(specifier)}${place ? ` ${placeWords(place)}` : ''}, which is not installed in the config's folder or a folder above it: run npm install --save-dev ${name} there${
    name === 'ses-dns'
      ? ', or remove the import and export the object itself (defineConfig only adds types)'
      : ', or remove the import'
  }`;

/** An import of a file that does not exist. */
export const importedFileMissing = (specifier: string, place: CodePlace | undefined) =>
  `imports ${show(specifier)}${place ? ` ${placeWords(place)}` : ''}, which does not exist: correct the path (relative to the importing file's folder)`;

/** An ES module import of a name its module does not export. */
export const missingExport = (name: string, specifier: string, place: CodePlace | undefined) =>
  `imports ${name} from ${show(specifier)}${place ? ` ${placeWords(place)}` : ''}, which exports no such name: correct the name, or import it from the module that exports it`;

/** Top-level `await`: ses-dns loads a config synchronously. */
export const topLevelAwait = (place: CodePlace | undefined) =>
  `uses await at the top level${place ? ` ${placeWords(place)}` : ''}, which ses-dns cannot wait for: it reads the config synchronously; compute the values without await (readFileSync rather than readFile, for example)`;

/** What a code config exports when it is not a config object. */
export type FoundExport =
  | { readonly kind: 'nothing' }
  | { readonly kind: 'named'; readonly names: readonly string[] }
  | { readonly kind: 'function'; readonly name: string }
  | { readonly kind: 'promise' }
  | { readonly kind: 'value'; readonly value: unknown };

/** The config ran, but exports no config object: what it exports, and what it should. */
export function notAConfigExport(found: FoundExport, commonJs: boolean): string {
  const expected = configExport(commonJs);
  switch (found.kind) {
    case 'nothing':
      return `exports nothing: a config file ends with ${expected}`;
    case 'named':
      return `has no default export (it exports ${found.names.join(', ')}): export the config as the default, ${expected}`;
    case 'function':
      return `exports a function${found.name ? ` (${found.name})` : ''} instead of a config object: export the object, ${expected}`;
    case 'promise':
      return `exports a Promise instead of a config object: ses-dns reads a config synchronously, without await; ${expected}`;
    case 'value':
      return `exports ${found.value === undefined ? 'undefined' : show(found.value)} instead of a config object: ${expected}`;
  }
}

export const nestsTooDeep = (max: number) =>
  `nests deeper than ${max} levels: no ses-dns key takes values this deep; remove the nesting`;
export const containsItself =
  'refers to a value that contains it (a YAML alias *name used inside its own &name anchor): a config must be a tree; copy the values instead';

/** `ses-dns.stacks.json` problems (src/stacks/stack-assignment.ts). */
export const stacksFileNotJson = (why: string) => `is not valid JSON: ${why}; restore it from version control`;
export const stacksFileNoEnvironments = 'has no "environments" object; restore it from version control';
export const stacksFileNotAMap = (env: string) => `environments.${env} must map domain names to stack numbers`;
export const stacksFileNotANumber = (env: string, domain: string, got: unknown) =>
  `environments.${env}.${domain} must be a stack number 1, 2, ..., got ${JSON.stringify(got)}`;

function firstLine(text: string): string {
  return text.split('\n')[0]!;
}

// ---------------------------------------------------------------------------------------
// Structure: one message per JSON Schema keyword (src/config/structure.ts)
// ---------------------------------------------------------------------------------------

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object (key: value pairs)',
  array: 'a list',
};

/** `type`: `types` as ajv gives them, `string,integer`. */
export const wrongType = (types: string, got: unknown, domainEntry = false) => {
  const expected = types.split(',');
  const words = `must be ${expected.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}, got ${show(got)}`;
  // The two slips seen most: one value where a list is wanted, a bare name for a domain entry.
  if (expected.length === 1 && expected[0] === 'array' && typeof got !== 'object') {
    return `${words}: write it as a list, [${show(got)}]`;
  }
  if (domainEntry && typeof got === 'string') {
    return `${words}: a domain is an entry with its own keys, such as { name: ${show(got)} } (in block YAML: - name: ${String(got)})`;
  }
  return words;
};

/** `enum`. */
export const notAllowedValue = (allowed: readonly unknown[], got: unknown) => notOneOf(allowed, got);

/** `const`: `allowed` is the schema's `x-allowed`. */
export const notTheConstant = (allowed: string | undefined, constant: unknown, got: unknown) =>
  `must be ${allowed ?? show(constant)}, got ${show(got)}`;

/** `additionalProperties`. */
export const unknownConfigKey = (key: string, allowed: readonly string[]) =>
  key === '<<'
    ? 'YAML merge keys (<<: *anchor) are not supported: the config has layers for shared values (defaults < environment < domain); move what the anchor holds to defaults or the environment, or write the keys out'
    : unknownKey(key, allowed);

/** `pattern`: `allowed` and `fix` are the schema's `x-allowed` and `x-fix`. */
export const notMatching = (got: unknown, pattern: string, allowed?: string, fix?: string) =>
  `${show(got)} is not allowed: must be ${allowed ?? `like ${pattern}`}` + (fix ? `; ${fix}` : '');

export const tooSmall = (limit: unknown, got: unknown) => `must be at least ${limit}, got ${show(got)}`;
export const tooLarge = (limit: unknown, got: unknown) => `must be at most ${limit}, got ${show(got)}`;
export const tooFewEntries = (limit: number) => `must have at least ${limit} entr${limit === 1 ? 'y' : 'ies'}`;
export const tooShort = (limit: number, got: unknown) =>
  limit === 1 ? 'must not be empty' : `must be at least ${limit} characters, got ${show(got)}`;
export const noEnvironment = 'must define at least one environment';
export const emptyObject = 'must not be empty';
export const zoneNameAndId = 'give either name or id, not both';
export const listedTwice = (later: unknown, earlier: unknown, value?: unknown) =>
  `must not list the same value twice (entries ${later} and ${earlier} are equal${value === undefined ? '' : `: ${show(value)}`}); remove entry ${later}`;
export const badEnvironmentName = (name: unknown, allowed: unknown) =>
  `environment name ${show(name)} is not allowed: must be ${allowed ?? 'a simple name'}`;
export const notValid = (ajvMessage: string | undefined) => ajvMessage ?? 'is not valid';

const REQUIRED_HINTS: Record<string, string> = {
  environments: ': add an environments: map with at least one environment',
  dns: ': add dns: { provider: route53 } or dns: { provider: cloudflare }',
  domains: ': add domains: with at least one { name: example.com }',
  name: ': every domain needs a name such as example.com',
  provider: ': route53 or cloudflare',
  type: '',
};

/** `required`: `parent` is the path of the object that lacks `key`. */
export function missingKey(key: string, parent: string): string {
  // `name` is also required of event destinations and CloudWatch dimensions (issue #8).
  const hint = key === 'name' && !/domains\[\d+\]$/.test(parent) ? '' : (REQUIRED_HINTS[key] ?? '');
  return `is required${hint}`;
}

// ---------------------------------------------------------------------------------------
// Resolution: values that need more than one value at a time (src/config/resolve.ts)
// ---------------------------------------------------------------------------------------

export const noRegion = (environment: string, path: string) =>
  `no SES region is set for environment "${environment}": set defaults.region or ${path}.region (for example eu-west-1)`;

export const domainListedTwice = (name: string, earlier: string) =>
  `"${name}" is already configured at ${earlier}; list each domain once per environment and put its settings in that one entry`;

export const route53OnlyKey =
  'applies to Route 53 only, but this environment uses Cloudflare: remove it (the Cloudflare token comes from the CLOUDFLARE_API_TOKEN environment variable)';

export const absoluteStatePath = (statePath: string, environment: string) =>
  `${show(statePath)} is an absolute path: generated files must not depend on one machine; use a path relative to the stack folder, such as terraform.${environment}.tfstate`;

export const autoTtlOnRoute53 = (environment: string) =>
  `"auto" is a Cloudflare TTL, but environment "${environment}" uses Route 53: give a number of seconds, such as 300`;

/** Cloudflare: 1 means automatic, otherwise 60-86400 (Cloudflare API, DNS record ttl). */
export const cloudflareTtl = (environment: string, ttl: number) =>
  `must be 1 (automatic), "auto" or 60-86400 seconds on Cloudflare (environment "${environment}"), got ${ttl}`;

export const badZoneId = (id: string, provider: 'route53' | 'cloudflare') =>
  `${show(id)} is not ${
    provider === 'route53'
      ? 'a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ'
      : 'a Cloudflare zone id of 32 hexadecimal characters'
  }`;

/** `zones`: the zones that could hold the domain's records. */
export const zoneCannotHold = (zone: string, domain: string, zones: readonly string[]) =>
  `zone "${zone}" cannot hold records of "${domain}": the zone must be the domain itself or one of its parents: ${zones.map((c) => `"${c}"`).join(' or ')}`;

export const easyDkimOnly = 'applies to Easy DKIM only, but dkim.type is byodkim: remove it';
export const byoDkimOnly = 'applies to BYODKIM only: set dkim.type to byodkim, or remove it';
export const selectorRequired = 'is required with dkim.type byodkim: a selector such as s1';
export const publicKeyRequired =
  'is required with dkim.type byodkim: the base64 DER public key (never the private key)';
export const publicKeyNotRsa = (keyType: string | undefined) =>
  `is a ${keyType} key; SES BYODKIM takes RSA keys of 1024 to 2048 bits`;
export const publicKeyBits = (bits: number) => `is a ${bits}-bit RSA key; SES BYODKIM takes 1024 to 2048 bits`;
export const publicKeyNotDer =
  'is not a DER public key (SubjectPublicKeyInfo) in base64: export it with `openssl rsa -in key.pem -pubout -outform der | base64 -w0`';

export const mailFromIsIdentity = (mailFrom: string, other: string) =>
  `MAIL FROM domain "${mailFrom}" is also an identity (${other}); SES needs a MAIL FROM name that receives no other mail: choose another subdomain, such as "bounce"`;
export const trackingIsMailFrom = (tracking: string) =>
  `tracking domain "${tracking}" is the MAIL FROM domain; a CNAME there would hide its MX and SPF: choose another subdomain, such as "track"`;
export const trackingIsIdentity = (tracking: string, other: string | undefined) =>
  `tracking domain "${tracking}" is also an identity (${other}); a CNAME cannot share its name with other records: choose another subdomain`;
export const configurationSetTaken = (name: string, other: string) =>
  `configuration set "${name}" is already used by ${other}; give each domain its own name`;

// ---------------------------------------------------------------------------------------
// Several SES regions (src/config/regional.ts, account.ts, safety.ts)
// ---------------------------------------------------------------------------------------

const listed = (regions: readonly string[]) => regions.join(', ');

export const regionsAcrossPartitions = (
  regions: readonly string[],
  partition: string,
  home: string,
  homePartition: string,
) =>
  `${regions.join(', ')} ${regions.length === 1 ? 'is' : 'are'} in AWS partition ${partition}, but this environment's region ${home} is in ${homePartition}: one environment's stack uses one set of AWS credentials, and an account lives in one partition; put the domains of ${partition} in an environment of their own (with region: ${regions[0]})`;

export const mailFromNeedsRegion = (domain: string, subdomain: string, regions: readonly string[]) =>
  `${show(subdomain)} would give ${domain} one MAIL FROM name for its ${regions.length} regions (${listed(regions)}), but a MAIL FROM name takes exactly one MX, the feedback host of one region, and ses-dns gives each region its own so that bounces go straight back to the region that sent: put {region} in it, such as "feedback-smtp-{region}-amazonses" or "${subdomain}-{region}"`;

export const regionalNameTooLong = (name: string, region: string) =>
  `gives ${name} in ${region}, which is not a valid DNS name (a label holds at most 63 characters, a name 253): shorten it`;

export const targetInOneRegion = (
  arn: string,
  region: string | undefined,
  domain: string,
  regions: readonly string[],
) =>
  `${show(arn)} is in ${region}, but the configuration set of ${domain} is created in each of its regions (${listed(regions)}) and SES publishes its events only to a target of the set's own region: write {region} for the region, such as ${show(
    arn
      .split(':')
      .map((part, i) => (i === 3 ? '{region}' : part))
      .join(':'),
  )}, with a target of that name in each region${arn.includes(':sns:') ? ', or sns: { create: true } to have a topic made in each' : ''}`;

export const alarmTopicInOneRegion = (arn: string, region: string | undefined, regions: readonly string[]) =>
  `${show(arn)} is in ${region}, but the account settings of this environment are managed in each of its regions (${listed(regions)}) and an alarm notifies a topic of its own region: write {region} for the region, such as ${show(
    arn
      .split(':')
      .map((part, i) => (i === 3 ? '{region}' : part))
      .join(':'),
  )}, with a topic of that name in each region, or leave snsTopicArn out to have a topic made in each`;

/** An `import:` key that is not a further region of the domain; `home` when it is the home region. */
export function importRegionUnknown(region: string, domain: string, home: string, further: readonly string[]): string {
  if (region === home) {
    return `${region} is the home region of ${domain} (the first listed): its ids go at the top of import, as import.identity, not under the region`;
  }
  return `${domain} is not in ${region}${further.length ? `: the ids of its further regions go under ${listed(further)}` : ', and has no region but its home region'}; remove this entry or add the region to region`;
}

export const trackingHomeOnly = (domain: string, tracking: string, home: string, further: readonly string[]) =>
  `the tracking name ${tracking} points at ${home}, the home region of ${domain}, only: the configuration sets of ${listed(further)} use SES's own tracking domain; put {region} in tracking.subdomain (such as "track-{region}") for a tracking name per region`;

// ---------------------------------------------------------------------------------------
// Configuration sets (src/config/configuration-set.ts)
// ---------------------------------------------------------------------------------------

export const eventNameTaken = (name: string, earlier: string) =>
  `event destination name ${show(name)} is already used at ${earlier} (names that differ only in - and _ count as the same): give each event destination its own name`;

export const eventWithoutTarget = (name: unknown, targets: readonly string[]) =>
  `event destination ${show(name)} has no target: add exactly one of ${targets.join(', ')}, such as sns: { topicArn: arn:aws:sns:eu-west-1:123456789012:ses-events }`;

export const eventWithTargets = (name: unknown, given: readonly string[]) =>
  `event destination ${show(name)} has ${given.length} targets (${given.join(', ')}); an SES event destination publishes to exactly one: split it into one event destination per target, each with its own name`;

export const snsTopicAndCreate =
  'gives both topicArn and create: publish to the existing topic (keep topicArn) or let the stack create one (keep create: true), not both';
export const snsNeedsTopic =
  'needs a topic: give topicArn (an existing topic) or create: true (the stack creates one and outputs its ARN)';

/** The same set in one region from two environments; `sameAccount` when both declare that account. */
export function configurationSetShared(
  name: string,
  region: string,
  other: { environment: string; path: string },
  environment: string,
  sameAccount: string | undefined,
): string {
  const where = `configuration set "${name}" in ${region} is also created by environment "${other.environment}" (${other.path})`;
  return sameAccount !== undefined
    ? `${where}, and both environments declare account ${sameAccount}: a name is unique per account and region, so the second apply fails; give the sets different names (for example "${name}-${environment}")`
    : `${where}; if both environments deploy to one AWS account the second apply fails: give the sets different names (for example "${name}-${environment}"), or declare account.id on both environments if they use different accounts`;
}

// ---------------------------------------------------------------------------------------
// Account settings (src/config/account.ts)
// ---------------------------------------------------------------------------------------

export const accountRegionOnly = (regions: readonly string[], environment: string, others: readonly string[]) =>
  `applies to ${regions.join(', ')}, the ${regions.length === 1 ? 'region' : 'regions'} of environment "${environment}", only; its domains also send from ${others.join(', ')}, whose account settings stay as they are: add ${others.length === 1 ? 'that region' : 'those regions'} to the environment's region list, or manage ${others.length === 1 ? 'it' : 'them'} in an environment of their own`;

/** A rate written as a percentage or out of range; `warnAt` is the SES warning level and default. */
export function rateNotFraction(value: number, warnAt: number): string {
  const hint =
    value > 1 && value <= 100
      ? `; did you mean ${Number((value / 100).toPrecision(12))} (${value}%)?`
      : `; SES warns at ${warnAt} (${percent(warnAt)}), the default`;
  return `must be a fraction greater than 0 and at most 1 (${warnAt} means ${percent(warnAt)}), got ${show(value)}${hint}`;
}

export const rateAtReview = (value: number, rate: 'bounce' | 'complaint', review: number, warnAt: number) =>
  `${value} (${percent(value)}) is at or above the ${rate} rate at which SES puts the account under review (${review}, ${percent(review)}): the alarm would fire only once the review has begun; use ${warnAt} (${percent(warnAt)}, the SES warning level) or lower`;

/** Two environments managing one account's settings; `sameAccount` when both declare that account. */
export function accountSettingsShared(
  other: { environment: string; path: string | undefined },
  region: string,
  sameAccount: string | undefined,
): string {
  const where = `environment "${other.environment}" (${other.path}) also manages the SES account settings of ${region}`;
  return sameAccount !== undefined
    ? `${where} in account ${sameAccount}: two stacks would overwrite each other's suppression and VDM settings; keep the account block in one of them`
    : `${where}; if both deploy to one AWS account their applies overwrite each other: keep the account block in one of them, or declare account.id on both if they use different accounts`;
}

// ---------------------------------------------------------------------------------------
// Safety keys: keepTxt and import (src/checks/safety.ts)
// ---------------------------------------------------------------------------------------

/** A kept value at a name where ses-dns writes no TXT set; `ours` words the names it does. */
export function keepTxtNowhere(
  relative: string,
  name: string,
  domain: string,
  ours: readonly string[],
  apexWithoutSpf: boolean,
): string {
  const apexHint = apexWithoutSpf ? ' (the apex holds one only with spf switched on)' : '';
  return `${show(relative)} (${name}) holds no TXT record set of ses-dns${apexHint}; keepTxt applies only where ses-dns manages one, which for ${domain} is ${ours.length ? ours.join(', ') : 'nowhere'}. ses-dns never touches TXT records at other names: remove this entry`;
}

export const keepTxtIsSpf = (value: string, name: string, rootSpf: boolean) =>
  `${show(value)} is an SPF record, and ses-dns writes the SPF record at ${name}; two SPF records are a permanent error (RFC 7208 section 4.5): ${
    rootSpf
      ? 'merge its terms into spf.include or spf.mechanisms and remove this entry'
      : 'the MAIL FROM SPF is fixed by SES: remove this entry'
  }`;

export const keepTxtIsDmarc = (value: string, name: string) =>
  `${show(value)} is a DMARC record, and ses-dns writes the DMARC record at ${name}; with two, receivers apply neither (RFC 7489 section 6.6.3): set its tags under dmarc and remove this entry`;

export const keepTxtTwice = (value: string, earlier: string) =>
  `${show(value)} is already kept at ${earlier}; a record set holds each value once (Route 53 refuses duplicates): remove one of them`;

export const nothingToImport = (domain: string, role: string, produced: readonly string[]) =>
  `${domain} has no ${role} to adopt with this config; it produces ${produced.join(', ')}: remove this entry, or switch the feature on`;

export const notTheImportId = (id: string, role: string, domain: string, expected: string) =>
  `${show(id)} is not the import id of the ${role} of ${domain}: it is ${show(expected)}`;

/**
 * `import.dmarc-report-auth` of a domain whose environment writes no report authorization
 * for it: `reportDomains` are the report domains of other organizations its DMARC names
 * (each unmanaged in `environment`), empty when it names none.
 */
export function nothingToImportReportAuth(
  domain: string,
  environment: string,
  reportDomains: readonly string[],
): string {
  const why =
    reportDomains.length === 0
      ? `its DMARC reports go to no other organization's domain`
      : `its DMARC reports go to ${reportDomains.join(', ')}, whose zone environment ${environment} does not manage`;
  return `${domain} has no dmarc-report-auth to adopt in environment ${environment}: ses-dns writes the report authorization <domain>._report._dmarc.<report domain> only when rua or ruf names another organization's domain whose zone the same environment manages, and ${why}; remove this entry`;
}

export const notCloudflareImportId = (id: string, role: string, example: string) =>
  `${show(id)} is not a Cloudflare import id of the ${role} record: it is the zone id and the record id (32 hexadecimal characters each) joined by "/" (${example}); the record id is in the dashboard or the API`;

export const notRoute53ImportId = (id: string, role: string, example: string) =>
  `${show(id)} is not the Route 53 import id of the ${role} record: it is the hosted zone id, the record name and its type joined by "_", such as ${show(example)}`;

// ---------------------------------------------------------------------------------------
// The plan: record sets, what a DNS vendor takes, stacks (src/checks/overlap.ts,
// src/checks/audit.ts, src/stacks/sharding.ts)
// ---------------------------------------------------------------------------------------

/** Why two records of one set are a problem, per provider. */
export const ONE_SET_PER_NAME = {
  route53: 'Route 53 keeps one record set per name and type',
  cloudflare: 'a name holds one SPF record, one DMARC record and one CNAME at most',
} as const;

/** A record of the plan, as the overlap messages name it. */
interface RecordWords {
  readonly role: string;
  readonly type: string;
  readonly domain: string;
  readonly name: string;
}

export const sharedRecordSet = (record: RecordWords, owner: RecordWords, ownerPath: string, why: string) =>
  `the ${record.role} ${record.type} record of ${record.domain} at ${record.name} would share one record set with the ${owner.role} record of ${owner.domain}, set at ${ownerPath}; ${why}, so one would replace the other: change one of the two so the names differ`;

export const recordSetOfTwoStates = (record: RecordWords, zone: string, environment: string, ownerPath: string) =>
  `the ${record.role} ${record.type} record at ${record.name} (${zone}) is also written by environment "${environment}", set at ${ownerPath}; two Terraform states cannot own one record set, each apply would undo the other: keep the domain in one environment, or give the environments different zones (zone: { id }) or DNS accounts (dns.profile)`;

/**
 * One domain in two environments with different SES regions: the record sets the two would
 * share (DMARC, root SPF, a MAIL FROM name without `{region}`) belong in one state, which a
 * region list gives (issue #16).
 */
export const domainRegionsInTwoStates = (
  record: RecordWords,
  zone: string,
  environment: string,
  ownerPath: string,
  regions: { readonly here: readonly string[]; readonly there: readonly string[] },
) => {
  const mailFrom = record.role === 'mail-from-mx' || record.role === 'mail-from-spf';
  const listed = [...regions.here, ...regions.there].join(', ');
  return `the ${record.role} ${record.type} record at ${record.name} (${zone}) is also written by environment "${environment}", set at ${ownerPath}; ${record.domain} is an SES identity in ${regions.here.join(', ')} here and in ${regions.there.join(', ')} there, and two Terraform states cannot own one record set: list its regions in one entry (region: [${listed}]), which writes ${mailFrom ? `a MAIL FROM name per region (put {region} in mailFrom.subdomain)` : 'the records the regions share once'}, or give the environments different zones (zone: { id }) or DNS accounts (dns.profile)`;
};

/** What a DNS vendor takes, as its data says (src/providers/provider.ts `ProviderSupport`). */
interface SupportWords {
  readonly title: string;
  readonly recordTypes: readonly string[];
  readonly ttl: { readonly auto: number | false; readonly min: number; readonly max: number };
}

export const recordTypeUnsupported = (record: RecordWords, support: SupportWords) =>
  `the ${record.role} ${record.type} record of ${record.domain} at ${record.name} cannot be written: ${support.title} takes ${support.recordTypes.join(', ')} records only`;

export const ttlUnsupported = (record: RecordWords, ttl: number | 'auto', support: SupportWords) => {
  const { auto, min, max } = support.ttl;
  const allowed = `${auto === false ? '' : `${auto} (automatic), "auto" or `}${min}-${max} seconds`;
  return `the ${record.role} ${record.type} record of ${record.domain} at ${record.name} has TTL ${ttl === 'auto' ? '"auto"' : ttl}, but ${support.title} takes ${allowed}: change ttl`;
};

export const stackTooFull = (stack: string, count: number, max: number) =>
  `stack ${stack} holds ${count} domains, more than maxDomainsPerStack ${max}: raise maxDomainsPerStack to at least ${count}, or move domains out of it in ses-dns.stacks.json (a moved domain is destroyed and created again, with new DKIM tokens)`;

export const environmentNamedLikeStack = (environment: string) =>
  `environment "${environment}" has the name of a stack of a split environment: rename it, since both would write stacks/${environment}`;

// ---------------------------------------------------------------------------------------
// Advice: valid configs that will not do what their author wants (src/checks/warnings.ts,
// setup-warnings.ts)
// ---------------------------------------------------------------------------------------

export const mailFromOffUnderPolicy = (domain: string, policy: string, policyPath: string) =>
  `mailFrom is off for ${domain} while dmarc.policy is ${policy} (${policyPath}): only DKIM can make DMARC pass (SPF authenticates amazonses.com and never aligns), so a missing or broken DKIM signature means ${policy === 'reject' ? 'rejected' : 'quarantined'} mail; enable mailFrom: { subdomain: mail }`;

export const strictDkimAlignment = (domain: string, policy: string) =>
  `strict DKIM alignment (adkim=s) with policy ${policy}: mail From an address at a subdomain of ${domain} that is not its own identity is signed d=${domain} and fails DMARC; use relaxed unless every From address is exactly @${domain}`;

export const strictSpfAlignment = (domain: string, mailFrom: string) =>
  `strict SPF alignment (aspf=s) can never pass for ${domain}: its MAIL FROM domain ${mailFrom} differs from the From domain; use relaxed, which aligns ${mailFrom} with ${domain}`;

export const pctRemoved = (pct: number) =>
  `pct is removed by DMARCbis (RFC 9989) and receivers may ignore it, got ${pct}; remove it and step the policy none -> quarantine -> reject instead`;

export const reportIntervalRemoved = (interval: number) =>
  `reportInterval (ri) is removed by DMARCbis (RFC 9989): receivers send aggregate reports daily whatever it says, got ${interval}; remove it`;

/** A note: the report authorization record ses-dns writes. */
export const reportAuthorizationWritten = (domain: string, reportDomain: string, environment: string, name: string) =>
  `DMARC reports of ${domain} go to ${reportDomain}, whose zone environment ${environment} manages: ses-dns writes the authorization record ${name} TXT "v=DMARC1" (RFC 7489 section 7.1)`;

export const reportAuthorizationByHand = (
  domain: string,
  reportDomain: string,
  name: string,
  written: string | undefined,
) =>
  `DMARC reports of ${domain} go to ${reportDomain}, which needs TXT ${name} "v=DMARC1" (RFC 7489 section 7.1); ses-dns writes one authorization record per domain (${written}), so add this one by hand or send all reports to one domain`;

/** Reports to a domain of another organization; `managedIn` is the environment that manages its zone, if any. */
export function reportAuthorizationMissing(
  domain: string,
  reportDomain: string,
  name: string,
  environment: string,
  managedIn: string | undefined,
): string {
  const fix = managedIn
    ? `its zone is managed in environment ${managedIn}, and ses-dns writes the record only within one environment: add it there by hand`
    : `ask its owner to add it, or manage its zone in environment ${environment} and ses-dns writes it`;
  return `DMARC reports of ${domain} go to ${reportDomain}, another domain: receivers drop them unless ${reportDomain} publishes TXT ${name} "v=DMARC1" (RFC 7489 section 7.1); ${fix}`;
}

export const noSmtpEndpoint = (region: string) =>
  `${region} has no SES SMTP endpoint: applications must send through the SES API; if yours sends over SMTP, choose a region that has one (such as eu-west-1)`;

export const tooManySpfLookups = (domain: string, lookups: number, limit: number) =>
  `the root SPF of ${domain} needs ${lookups} DNS lookups before counting nested includes, more than the ${limit} RFC 7208 section 4.6.4 allows: receivers return permerror and SPF fails; drop includes, or replace them by ip4:/ip6: ranges`;

/** The same domain in two environments that may share an SES identity: `regions` in common, `sameAccount` when both declare it. */
export function domainInTwoEnvironments(
  domain: string,
  environment: string,
  path: string,
  regions: readonly string[],
  sameAccount: string | undefined,
): string {
  const account =
    sameAccount !== undefined
      ? `in account ${sameAccount}`
      : 'unless the environments deploy to different AWS accounts (declare account.id on both to say so)';
  return `${domain} is also configured in environment ${environment} (${path}), also in ${listed(regions)}: two stacks would manage one SES identity ${account}, each apply undoing the other; keep each domain in one environment (use a subdomain such as staging.${domain} for the other), or list all its regions in one entry (region: [...])`;
}

/** The same domain in two environments whose records land at the same names of one zone. */
export const domainRecordsInTwoEnvironments = (domain: string, environment: string, path: string, names: string) =>
  `${domain} is also configured in environment ${environment} (${path}), whose records land in a zone of the same name at ${names}: if both reach one zone, each apply undoes the other; keep those records in one environment (dmarc: false, mailFrom with another subdomain), or list all the domain's regions in one entry (region: [...])`;

export const noDmarcRecord = (domain: string) =>
  `dmarc is false for ${domain}: no DMARC record is published, so receivers apply no policy (p=reject, the aim of this setup, is impossible) and nobody receives reports; remove dmarc: false (ses-dns then publishes p=none to start), or keep it only if another tool writes _dmarc.${domain}`;

export const uselessSesInclude = (domain: string) =>
  `the root SPF of ${domain} includes amazonses.com, but ${domain} has no custom MAIL FROM: SES then sends with an amazonses.com envelope sender, so receivers check SPF against amazonses.com, never against this record; the include costs one of the 10 DNS lookups and helps no SES mail: set spf.includeAmazonSes: false, or enable mailFrom (SPF then aligns through mail.${domain})`;
