/**
 * `ses-dns records`: its flags and its help. The work, and the text it prints, is
 * ./records.ts.
 */
import { CONFIG_FLAGS } from '../command';
import type { Command } from '../command';
import { EXIT } from '../errors';

export const recordsCommand: Command = {
  name: 'records',
  summary: 'print the planned DNS records as a table, Markdown, JSON or BIND zone files',
  usage: 'ses-dns records [-c FILE] [--env NAME]... [--format table|markdown|json|bind] [--tokens FILE]',
  details: [
    'Options:',
    '  -c, --config FILE  the config (default: ses-dns.yaml, .yml, .json or ses-dns.config.ts here)',
    '  --env NAME         only this environment (repeatable; default: all)',
    '  --format FORMAT    table (default), markdown, json, or bind (one zone file section per zone)',
    '  --tokens FILE      Easy DKIM tokens, else shown as {dkim-token-N}: a JSON map',
    '                     { "example.com": ["t1", "t2", "t3"] }, or `terraform output -json` of a stack',
  ].join('\n'),
  options: {
    ...CONFIG_FLAGS,
    env: { type: 'string', multiple: true },
    format: { type: 'string', short: 'f' },
    tokens: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const { records } = await import('./records.js');
    io.out(
      records({
        config: values.config as string | undefined,
        environments: values.env as string[] | undefined,
        format: values.format as string | undefined,
        tokens: values.tokens as string | undefined,
      }),
    );
    return EXIT.ok;
  },
};
