/**
 * Reading a YAML config: two libraries, one result.
 *
 * `js-yaml` (one file, YAML 1.2 core schema) reads a plain document about five times as
 * fast as `yaml` and loads in half the time: the YAML of 1,000 domains took `yaml` a
 * sixth of a synth (bench/PROFILE.md). It is asked to refuse what it would read otherwise
 * or cannot limit: aliases (`maxAliases: 0`), unknown tags, complex keys, and `%` directives
 * (a `%YAML 1.1` document means other scalars). A document it refuses, for any reason, is
 * read by `yaml` exactly as before: syntax errors with line and column, aliases expanded
 * within `yaml`'s alias limit. `test/config/yaml.test.ts` holds the two to one result.
 * @see https://yaml.org/spec/1.2.2/#1022-tag-resolution
 */
import { CORE_SCHEMA, load } from 'js-yaml';
import type { Document } from 'yaml';
import * as say from '../messages/config';
import { ConfigError, errorAt } from './issues';

/** A line of a YAML directive (`%YAML 1.1`, `%TAG`), which may change how scalars read. */
const DIRECTIVE = /^%/m;

/** Deeper than any config; `yaml` reads (and bounds) anything deeper. */
const MAX_DEPTH = 100;

/** `text` read by js-yaml, or `undefined` when it refuses it (see the module comment); exported for tests. */
export function readPlain(text: string): { value: unknown } | undefined {
  if (DIRECTIVE.test(text)) return undefined;
  try {
    return { value: load(text, { schema: CORE_SCHEMA, maxAliases: 0, maxDepth: MAX_DEPTH }) };
  } catch {
    return undefined;
  }
}

/** `text` read by `yaml`: every syntax error as an issue, alias expansion bounded. */
function readWithYaml(text: string, file: string): unknown {
  // Loaded only for the documents js-yaml refuses.
  const { parseDocument } = require('yaml') as typeof import('yaml');
  const doc: Document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // The first error only: those after it mostly follow from it (one bad indent, three errors).
    throw new ConfigError([errorAt('', say.invalidYaml(doc.errors[0]!.message))], file);
  }
  try {
    return doc.toJS() as unknown;
  } catch (error) {
    // Alias bombs and the like parse, but refuse to expand (yaml's maxAliasCount).
    throw new ConfigError([errorAt('', say.unusableYaml((error as Error).message))], file);
  }
}

/**
 * The value of a YAML config file's text.
 * @throws ConfigError when the text is not valid YAML, or expands beyond the alias limit
 */
export function readYaml(text: string, file: string): unknown {
  const plain = readPlain(text);
  return plain ? plain.value : readWithYaml(text, file);
}
