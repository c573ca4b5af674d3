/**
 * `ses-dns schema`: the JSON Schema of the config, the same one the validator uses. The
 * package also ships it as `schema/ses-dns.schema.json` for editors.
 */
export { schemaText } from '../../config/schema-file';
