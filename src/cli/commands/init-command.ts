/**
 * `ses-dns init`: its flags, its help, and how what it did is printed. The work is
 * ./init.ts.
 */
import * as say from '../../messages/cli';
import { HELP_FLAG } from '../command';
import type { Command } from '../command';
import { EXIT, UsageError } from '../errors';

export const initCommand: Command = {
  name: 'init',
  summary: 'create a project (package.json, cdktf.json, ses-dns.yaml, .gitignore, README.md), or add to one',
  usage: 'ses-dns init [DIR] [--provider route53|cloudflare] [--domain NAME]',
  details: [
    'Arguments:',
    '  DIR                the project folder, created if missing (default: the working folder)',
    'Options:',
    '  --provider NAME    route53 (default) or cloudflare',
    '  --domain NAME      the first sending domain (default: example.com)',
    'In a folder with files init never replaces one: it adds the dependency and scripts to package.json,',
    'appends to .gitignore and README.md, and keeps an existing config and cdktf.json.',
    'The config it writes shows how a domain sends from several SES regions: region: [eu-west-1, eu-central-1]',
    "makes it an SES identity in each, with a MAIL FROM name per region (mailFrom: { subdomain: 'mail-{region}' }).",
  ].join('\n'),
  allowPositionals: true,
  writes: true,
  options: {
    ...HELP_FLAG,
    provider: { type: 'string' },
    domain: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new UsageError(say.initTakesOneFolder(positionals));
    if (values.force) throw new UsageError(say.initForceIsGone);
    const { init } = await import('./init.js');
    const result = init({
      dir: positionals[0],
      provider: values.provider as string | undefined,
      domain: values.domain as string | undefined,
    });
    if (result.created.length > 0) io.out(`created ${result.created.join(', ')} in ${result.dir}`);
    for (const { file, added } of result.updated) io.out(`added to ${file}: ${added}`);
    if (result.kept.length > 0) io.out(`kept ${result.kept.join(', ')} as they were`);
    for (const note of result.notes) io.err(`note: ${note}`);
    io.out('next: npm install && npx ses-dns validate && npx ses-dns synth');
    return EXIT.ok;
  },
};
