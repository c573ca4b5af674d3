/**
 * `--tokens FILE`: the Easy DKIM tokens SES made for each identity, given either as a map
 * `{ "<domain>": ["t1", "t2", "t3"] }` or as `terraform output -json` of a generated stack
 * (outputs `<domain identifier>__dkim_tokens`, with the tokens in `value`).
 */
import type { ResolvedConfig } from '../config/model';
import * as say from '../messages/cli';
import { resourceAddress } from '../records/address';
import { EASY_DKIM_TOKEN_COUNT } from '../records/dkim';
import { UsageError } from './errors';
import { isObj } from '../config/read';
import { InputFileError, readTextFile } from '../config/input-file';

/**
 * The largest tokens file read: 32 MiB, well above `terraform output -json` of a stack of
 * 10,000 domains (some 4 MiB: three outputs a domain).
 */
export const MAX_TOKENS_BYTES = 32 * 1024 * 1024;

/** How many names a message lists before it counts the rest. */
const NAMED = 10;

function named(names: readonly string[]): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, NAMED).join(', ');
  return names.length > NAMED ? `${shown} and ${names.length - NAMED} more` : shown;
}

/** A DKIM token is one DNS label (SES makes 32 lowercase letters and digits). */
const TOKEN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * Reads and checks a tokens file against the domains of `config`, the whole config: a
 * tokens file may hold the domains of every environment, whichever `--env` picks.
 * @throws UsageError
 */
export function readTokensFile(file: string, config: ResolvedConfig): Map<string, string[]> {
  let text: string;
  try {
    text = readTextFile(file, MAX_TOKENS_BYTES);
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    throw new UsageError(say.tokensFileUnreadable(file, error.message));
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(say.tokensFileNotJson(file, (error as Error).message));
  }
  return parseTokens(raw, config, file);
}

/** Checks a parsed tokens value; see {@link readTokensFile}. @throws UsageError */
export function parseTokens(raw: unknown, config: ResolvedConfig, file = 'tokens'): Map<string, string[]> {
  const fail = (problem: string) => new UsageError(say.badTokensFile(file, problem));
  if (!isObj(raw)) throw fail(say.tokensNotAnObject);
  const domains = config.environments.flatMap((e) => e.domains);
  const easyDomains = domains.filter((d) => d.dkim.type === 'easy');
  const byAddress = new Map(easyDomains.map((d) => [resourceAddress(d.name, 'dkim-tokens'), d.name]));
  const known = new Set(easyDomains.map((d) => d.name));
  const inConfig = new Set(domains.map((d) => d.name));
  const isTerraformOutput = Object.values(raw).some((v) => isObj(v) && 'value' in v);
  const tokens = new Map<string, string[]>();
  for (const [key, entry] of Object.entries(raw)) {
    let domain: string | undefined;
    let list: unknown;
    if (isTerraformOutput) {
      // Other outputs of the stack (identity ARNs, MAIL FROM domains) are not ours to read.
      if (!key.endsWith('__dkim_tokens')) continue;
      domain = byAddress.get(key);
      if (domain === undefined) {
        throw fail(say.tokensOutputUnknown(key, named([...byAddress.keys()])));
      }
      list = isObj(entry) ? entry.value : undefined;
    } else {
      if (!known.has(key)) {
        throw fail(inConfig.has(key) ? say.tokensForByoDkim(key) : say.tokensDomainUnknown(key, named([...known])));
      }
      domain = key;
      list = entry;
    }
    if (
      !Array.isArray(list) ||
      list.length !== EASY_DKIM_TOKEN_COUNT ||
      !list.every((t) => typeof t === 'string' && TOKEN.test(t))
    ) {
      throw fail(say.badTokens(domain, EASY_DKIM_TOKEN_COUNT, list));
    }
    tokens.set(domain, list as string[]);
  }
  return tokens;
}
