/**
 * `ses-dns synth`: its flags, its help, and how what it wrote (or, with `--check`, what
 * differs) is printed. The work is ./synth.ts.
 */
import { plural } from '../../messages/words';
import { CONFIG_FLAGS } from '../command';
import type { Command } from '../command';
import { EXIT } from '../errors';

export const synthCommand: Command = {
  name: 'synth',
  summary: 'write cdktf.out/stacks/<env>/cdk.tf.json and RECORDS.md for each environment',
  usage: 'ses-dns synth [-c FILE] [-o DIR] [--env NAME]... [--check]',
  details: [
    'Options:',
    '  -c, --config FILE  the config (default: ses-dns.yaml, .yml, .json or ses-dns.config.ts here)',
    '  -o, --output DIR   where stacks/<env>/ go (default: cdktf.out, or CDKTF_OUTDIR under cdktf)',
    '  --env NAME         only this environment (repeatable; default: all); other stacks stay as they are',
    '  --check            write nothing; exit 1 naming each generated file that differs, is missing or is stale',
    'synth replaces only the files it generates (manifest.json; cdk.tf.json, RECORDS.md, ACCOUNT.md per stack):',
    'Terraform state, .terraform/, .terraform.lock.hcl and your own files are never touched (docs/safety.md).',
  ].join('\n'),
  writes: true,
  options: {
    ...CONFIG_FLAGS,
    output: { type: 'string', short: 'o' },
    env: { type: 'string', multiple: true },
    check: { type: 'boolean' },
  },
  async run(values, _positionals, io) {
    const { synth, synthCheck } = await import('./synth.js');
    const options = {
      config: values.config as string | undefined,
      outdir: values.output as string | undefined,
      environments: values.env as string[] | undefined,
    };
    if (values.check) {
      const result = await synthCheck(options);
      for (const warning of result.warnings) io.err(`warning: ${warning}`);
      for (const d of result.differences) io.out(`${d.kind.padEnd(8)} ${d.file}${d.why ? ` (${d.why})` : ''}`);
      if (result.differences.length === 0) {
        io.out(`up to date: ${plural(result.stacks, 'stack')} as synth would write them`);
        return EXIT.ok;
      }
      const n = result.differences.length;
      io.err(
        `${plural(n, 'generated file')} ${n === 1 ? 'differs' : 'differ'} from what synth writes: run ses-dns synth and commit the result`,
      );
      return EXIT.checkFailed;
    }
    const result = await synth(options);
    for (const stack of result.stacks) {
      io.out(`${stack.name}: ${stack.domains} domain${stack.domains === 1 ? '' : 's'} -> ${stack.file}`);
    }
    for (const { file, why } of result.removed) io.out(`removed ${file} (${why})`);
    for (const warning of result.warnings) io.err(`warning: ${warning}`);
    return EXIT.ok;
  },
};
