/**
 * Structural validation: the config against its JSON Schema, every ajv error turned into a
 * {@link ConfigIssue} at the path where the value is written, in our own words.
 */
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { CONFIG_SCHEMA } from './schema';
import { joinPath, notOneOf, show, unknownKey } from './issues';
import type { ConfigIssue } from './issues';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= precompiledValidator() ?? compileValidator();
  return compiled;
}

/** The ajv options of the config validator, shared by the build-time precompilation. */
export const AJV_OPTIONS = {
  allErrors: true,
  verbose: true,
  strict: true,
  strictRequired: false,
  strictTypes: false,
  // One function per definition, called from each layer, instead of a copy in each: the
  // precompiled validator is half the size, and loads and first runs in half the time.
  inlineRefs: false,
} as const;

/** The ajv instance of the config validator; `source` keeps code for `ajv/dist/standalone`. */
export function validatorAjv(source = false): Ajv {
  // Loaded here: with the precompiled validator, a command never loads ajv's compiler.
  const { default: AjvClass } = require('ajv') as typeof import('ajv');
  const ajv = new AjvClass({ ...AJV_OPTIONS, code: { source } });
  ajv.addVocabulary(['x-allowed', 'x-fix']);
  return ajv;
}

/** Compiles the config schema at run time. */
export function compileValidator(): ValidateFunction {
  return validatorAjv().compile(CONFIG_SCHEMA);
}

/** The schema as JSON text, kept in the precompiled validator: one of another schema is never used. */
export function schemaText(): string {
  return JSON.stringify(CONFIG_SCHEMA);
}

/**
 * The validator that `npm run build` precompiled into `dist/config/schema-validator.js`
 * (scripts/precompile-schema.js): compiling the schema costs ajv a few hundred milliseconds
 * at every start, more than the rest of a one-domain synth (bench/PROFILE.md). Absent when
 * running from `src/` (tests), or stale after a schema change without a build: then undefined.
 */
function precompiledValidator(): ValidateFunction | undefined {
  let module: { default?: ValidateFunction; schemaText?: string };
  try {
    module = require('./schema-validator') as typeof module;
  } catch {
    return undefined;
  }
  return module.default && module.schemaText === schemaText() ? module.default : undefined;
}

/** Every structural problem of `raw`, or an empty list. */
export function checkStructure(raw: unknown): ConfigIssue[] {
  const validate = validator();
  if (validate(raw)) return [];
  const seen = new Set<string>();
  const issues: ConfigIssue[] = [];
  for (const error of validate.errors ?? []) {
    const issue = toIssue(error, raw);
    if (!issue) continue;
    const key = `${issue.path}\n${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

/** Turns `/environments/prod/domains/0/dmarc` into `environments.prod.domains[0].dmarc`. */
export function toConfigPath(pointer: string, root: unknown): string {
  let path = '';
  let node: unknown = root;
  for (const encoded of pointer.split('/').slice(1)) {
    const segment = encoded.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(segment);
      path = joinPath(path, index);
      node = node[index];
    } else {
      path = joinPath(path, segment);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object (key: value pairs)',
  array: 'a list',
};

function toIssue(error: ErrorObject, root: unknown): ConfigIssue | undefined {
  // Errors about a property name are reported once, by the `propertyNames` keyword.
  if ((error as { propertyName?: string }).propertyName !== undefined) return undefined;
  const path = toConfigPath(error.instancePath, root);
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  const allowed = parent['x-allowed'] as string | undefined;
  const fix = parent['x-fix'] as string | undefined;
  const data = error.data;
  const at = (p: string, message: string): ConfigIssue => ({ severity: 'error', path: p, message });
  switch (error.keyword) {
    case 'if':
    case 'allOf':
      // The failing branch reports the actual problem.
      return undefined;
    case 'enum':
      return at(path, notOneOf(error.params.allowedValues as unknown[], data));
    case 'const':
      return at(path, `must be ${allowed ?? show(error.params.allowedValue)}, got ${show(data)}`);
    case 'type': {
      const expected = String(error.params.type)
        .split(',')
        .map((t) => TYPE_WORDS[t] ?? t)
        .join(' or ');
      return at(path, `must be ${expected}, got ${show(data)}`);
    }
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const properties = Object.keys((parent.properties as object | undefined) ?? {});
      return at(joinPath(path, key), unknownKey(key, properties));
    }
    case 'required': {
      const key = String(error.params.missingProperty);
      return at(joinPath(path, key), `is required${requiredHint(key, path)}`);
    }
    case 'pattern':
      return at(
        path,
        `${show(data)} is not allowed: must be ${allowed ?? `like ${error.params.pattern}`}` + (fix ? `; ${fix}` : ''),
      );
    case 'minimum':
      return at(path, `must be at least ${error.params.limit}, got ${show(data)}`);
    case 'maximum':
      return at(path, `must be at most ${error.params.limit}, got ${show(data)}`);
    case 'minItems':
      return at(path, `must have at least ${error.params.limit} entr${error.params.limit === 1 ? 'y' : 'ies'}`);
    case 'minLength':
      return at(
        path,
        error.params.limit === 1
          ? 'must not be empty'
          : `must be at least ${error.params.limit} characters, got ${show(data)}`,
      );
    case 'minProperties':
      return at(path, path === 'environments' ? 'must define at least one environment' : 'must not be empty');
    case 'maxProperties':
      return at(path, 'give either name or id, not both');
    case 'uniqueItems':
      return at(path, `must not list the same value twice (entries ${error.params.j} and ${error.params.i} are equal)`);
    case 'propertyNames':
      return at(
        joinPath(path, String(error.params.propertyName)),
        `environment name ${show(error.params.propertyName)} is not allowed: must be ${
          (error.schema as Record<string, unknown>)['x-allowed'] ?? 'a simple name'
        }`,
      );
    default:
      return at(path, error.message ?? 'is not valid');
  }
}

const REQUIRED_HINTS: Record<string, string> = {
  environments: ': add an environments: map with at least one environment',
  dns: ': add dns: { provider: route53 } or dns: { provider: cloudflare }',
  domains: ': add domains: with at least one { name: example.com }',
  name: ': every domain needs a name such as example.com',
  provider: ': route53 or cloudflare',
  type: '',
};

function requiredHint(key: string, parent: string): string {
  // `name` is also required of event destinations and CloudWatch dimensions (issue #8).
  if (key === 'name' && !/domains\[\d+\]$/.test(parent)) return '';
  return REQUIRED_HINTS[key] ?? '';
}
