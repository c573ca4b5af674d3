/**
 * Structural validation: the config against its JSON Schema, every ajv error turned into a
 * {@link ConfigIssue} at the path where the value is written, in our own words
 * (src/messages/config.ts).
 */
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import * as say from '../messages/config';
import { errorAt, joinPath } from './issues';
import type { ConfigIssue } from './issues';
import { schemaText, shippedSchema } from './schema-file';

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
  return validatorAjv().compile(shippedSchema());
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
  // The text of the shipped schema file it was compiled from: one of another schema is never used.
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

function toIssue(error: ErrorObject, root: unknown): ConfigIssue | undefined {
  // Errors about a property name are reported once, by the `propertyNames` keyword.
  if ((error as { propertyName?: string }).propertyName !== undefined) return undefined;
  const path = toConfigPath(error.instancePath, root);
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  const allowed = parent['x-allowed'] as string | undefined;
  const data = error.data;
  const { params } = error;
  switch (error.keyword) {
    case 'if':
    case 'allOf':
      // The failing branch reports the actual problem.
      return undefined;
    case 'enum':
      return errorAt(path, say.notAllowedValue(params.allowedValues as unknown[], data));
    case 'const':
      return errorAt(path, say.notTheConstant(allowed, params.allowedValue, data));
    case 'type':
      return errorAt(path, say.wrongType(String(params.type), data, /\.domains\[\d+\]$/.test(path)));
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      return errorAt(
        joinPath(path, key),
        say.unknownConfigKey(key, Object.keys((parent.properties as object | undefined) ?? {})),
      );
    }
    case 'required':
      return errorAt(
        joinPath(path, String(params.missingProperty)),
        say.missingKey(String(params.missingProperty), path),
      );
    case 'pattern':
      return errorAt(path, say.notMatching(data, params.pattern, allowed, parent['x-fix'] as string | undefined));
    case 'minimum':
      return errorAt(path, say.tooSmall(params.limit, data));
    case 'maximum':
      return errorAt(path, say.tooLarge(params.limit, data));
    case 'minItems':
      return errorAt(path, say.tooFewEntries(params.limit));
    case 'minLength':
      return errorAt(path, say.tooShort(params.limit, data));
    case 'minProperties':
      return errorAt(path, path === 'environments' ? say.noEnvironment : say.emptyObject);
    case 'maxProperties':
      return errorAt(path, say.zoneNameAndId);
    case 'uniqueItems': {
      // ajv names the last equal pair it finds; the first repeat reads better in a long list.
      const repeat = firstRepeat(data);
      return repeat
        ? errorAt(path, say.listedTwice(repeat.later, repeat.earlier, repeat.value))
        : errorAt(path, say.listedTwice(params.j, params.i));
    }
    case 'propertyNames':
      return errorAt(
        joinPath(path, String(params.propertyName)),
        say.badEnvironmentName(params.propertyName, (error.schema as Record<string, unknown>)['x-allowed']),
      );
    default:
      return errorAt(path, say.notValid(error.message));
  }
}

/** The first entry of `list` equal to an earlier one (compared as JSON), with both indexes. */
function firstRepeat(list: unknown): { earlier: number; later: number; value: unknown } | undefined {
  if (!Array.isArray(list)) return undefined;
  const seen = new Map<string, number>();
  for (const [index, value] of list.entries()) {
    const key = JSON.stringify(value);
    const earlier = seen.get(key);
    if (earlier !== undefined) return { earlier, later: index, value };
    seen.set(key, index);
  }
  return undefined;
}
