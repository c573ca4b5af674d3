/**
 * `--tokens FILE`: the Easy DKIM tokens SES made for each identity, given as a map
 * `{ "<domain>": ["t1", "t2", "t3"] }`, per region for a domain in several
 * (`{ "<domain>": { "us-east-2": ["t1", "t2", "t3"] } }`; a list without a region is the
 * home region's), or as `terraform output -json` of a generated stack (outputs
 * `<domain identifier>__dkim_tokens`, and `<domain identifier>__<region>__dkim_tokens` for a
 * further region, with the tokens in `value`). The map it gives is keyed by
 * src/records/regional.ts `tokensKey`.
 */
import type { ResolvedConfig, ResolvedDomain } from '../config/model';
import * as say from '../messages/cli';
import { resourceAddress } from '../records/address';
import { dkimMethodFor, EASY_DKIM_TOKEN_COUNT } from '../records/dkim';
import { domainRegions, tokensKey } from '../records/regional';
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
  const easyDomains = domains.filter((d) => dkimMethodFor(d.dkim).usesTokens);
  const outputs = tokenOutputs(easyDomains);
  const regionsOf = easyRegions(easyDomains);
  const inConfig = new Set(domains.map((d) => d.name));
  const isTerraformOutput = Object.values(raw).some((v) => isObj(v) && 'value' in v);
  const tokens = new Map<string, string[]>();
  const take = (key: string, what: string, list: unknown) => tokens.set(key, checkedTokens(list, what, fail));
  for (const [key, entry] of Object.entries(raw)) {
    if (isTerraformOutput) {
      // Other outputs of the stack (identity ARNs, MAIL FROM domains) are not ours to read.
      if (!key.endsWith('__dkim_tokens')) continue;
      const output = outputs.get(key);
      if (output === undefined) throw fail(say.tokensOutputUnknown(key, named([...outputs.keys()])));
      take(output.key, output.what, isObj(entry) ? entry.value : undefined);
      continue;
    }
    const regions = regionsOf.get(key);
    if (regions === undefined) {
      throw fail(
        inConfig.has(key) ? say.tokensForByoDkim(key) : say.tokensDomainUnknown(key, named([...regionsOf.keys()])),
      );
    }
    if (!isObj(entry)) {
      // A list without a region: the home region's tokens (a file from before regions were lists).
      take(tokensKey(key), key, entry);
      continue;
    }
    // `{ "<domain>": { "<region>": [t1, t2, t3], ... } }`: the tokens of each region's identity.
    for (const [region, list] of Object.entries(entry)) {
      if (!regions.has(region)) throw fail(say.tokensRegionUnknown(key, region, [...regions].sort()));
      take(tokensKey(key, region), `${key} in ${region}`, list);
    }
  }
  return tokens;
}

/** `list` when it is three DNS labels. @throws UsageError */
function checkedTokens(list: unknown, what: string, fail: (problem: string) => UsageError): string[] {
  if (
    !Array.isArray(list) ||
    list.length !== EASY_DKIM_TOKEN_COUNT ||
    !list.every((t) => typeof t === 'string' && TOKEN.test(t))
  ) {
    throw fail(say.badTokens(what, EASY_DKIM_TOKEN_COUNT, list));
  }
  return list as string[];
}

/**
 * The `terraform output -json` keys of the Easy DKIM tokens of `domains`, with the key each
 * gives in the tokens map: `<domain>__dkim_tokens` are the home region's (or the only
 * region's), `<domain>__<region>__dkim_tokens` a further region's.
 */
function tokenOutputs(domains: readonly ResolvedDomain[]): Map<string, { key: string; what: string }> {
  const outputs = new Map<string, { key: string; what: string }>();
  for (const domain of domains) {
    outputs.set(resourceAddress(domain.name, 'dkim-tokens'), { key: tokensKey(domain.name), what: domain.name });
    for (const region of domainRegions(domain).slice(1)) {
      outputs.set(resourceAddress(domain.name, 'dkim-tokens', region), {
        key: tokensKey(domain.name, region),
        what: `${domain.name} in ${region}`,
      });
    }
  }
  return outputs;
}

/** Every region each Easy DKIM domain is an identity in, over all environments. */
function easyRegions(domains: readonly ResolvedDomain[]): Map<string, Set<string>> {
  const regions = new Map<string, Set<string>>();
  for (const domain of domains) {
    const known = regions.get(domain.name) ?? new Set<string>();
    for (const region of domainRegions(domain)) known.add(region);
    regions.set(domain.name, known);
  }
  return regions;
}
