/**
 * `ses-dns schema`: the JSON Schema of the config, the same file the validator is compiled
 * from; the package also ships it as `schema/ses-dns.schema.json` for editors.
 */
import { HELP_FLAG } from '../command';
import type { Command } from '../command';
import { EXIT } from '../errors';

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'print the JSON Schema of the config (also shipped as schema/ses-dns.schema.json)',
  usage: 'ses-dns schema',
  options: { ...HELP_FLAG },
  async run(_values, _positionals, io) {
    const { schemaText } = await import('../../config/schema-file.js');
    io.out(schemaText());
    return EXIT.ok;
  },
};
