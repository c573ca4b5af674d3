/**
 * `ses-dns records`: the planned DNS records, as a table, Markdown, JSON or BIND zone files.
 */
import { loadConfig } from '../../checks/validate';
import * as say from '../../messages/cli';
import { RECORDS_FORMATS, renderRecords } from '../../report/records-format';
import type { RecordsFormat } from '../../report/records-format';
import { UsageError } from '../errors';
import { readTokensFile } from '../tokens';
import { selectEnvironments } from './synth';

/** Options of {@link records}. */
export interface RecordsOptions {
  /** @default the first of ses-dns.yaml, ses-dns.yml, ses-dns.json, ses-dns.config.ts */
  readonly config?: string;
  /** @default every environment */
  readonly environments?: readonly string[];
  /** @default "table" */
  readonly format?: string;
  /** A tokens file: `{ "<domain>": [t1, t2, t3] }` or `terraform output -json`. */
  readonly tokens?: string;
}

/** The records text. @throws ConfigError on a bad config, UsageError on a bad flag or tokens file */
export function records(options: RecordsOptions = {}): string {
  const format = options.format ?? 'table';
  if (!(RECORDS_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(say.notAFormat(RECORDS_FORMATS, format));
  }
  const loaded = loadConfig(options.config);
  const config = selectEnvironments(loaded.config, options.environments);
  const tokens = options.tokens ? readTokensFile(options.tokens, loaded.config) : new Map<string, string[]>();
  return renderRecords(config.environments, format as RecordsFormat, tokens);
}
