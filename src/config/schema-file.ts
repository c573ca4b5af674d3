/**
 * The config's JSON Schema as the package ships it: `schema/ses-dns.schema.json`, written
 * from the definition in schema.ts by `npm run schema:update` and kept equal to it by a
 * test. Commands read this file rather than build the schema, so none of them loads
 * TypeBox (some 700 modules) to start.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `schema/ses-dns.schema.json` of the package (the same from `src/` and from `dist/`). */
export const SCHEMA_FILE = join(__dirname, '..', '..', 'schema', 'ses-dns.schema.json');

let text: string | undefined;

/** The file's text: pretty JSON, ending with a newline, as `ses-dns schema` prints it. */
export function schemaText(): string {
  text ??= readFileSync(SCHEMA_FILE, 'utf8');
  return text;
}

/** The JSON Schema of the config, parsed from the shipped file. */
export function shippedSchema(): Record<string, unknown> {
  return JSON.parse(schemaText()) as Record<string, unknown>;
}
