/**
 * `ses-dns schema`: the JSON Schema of the config, the same one the validator uses. The
 * package also ships it as `schema/ses-dns.schema.json` for editors.
 */
import { CONFIG_SCHEMA } from '../../config/schema';

/** The JSON Schema of the config as pretty JSON, ending with a newline. */
export function schemaText(): string {
  return `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`;
}
