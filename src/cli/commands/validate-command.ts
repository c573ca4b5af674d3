/**
 * `ses-dns validate`: its flags, its help, and how its result is printed. The work is
 * ./validate.ts.
 */
import { formatIssues } from '../../config/issues';
import { plural } from '../../messages/words';
import { CONFIG_FLAGS } from '../command';
import type { Command } from '../command';
import { EXIT } from '../errors';
import { paintSeverities } from '../output';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a config: every error (exit 2) and warning (exit 0, or 1 with --strict) with its path',
  usage: 'ses-dns validate [-c FILE] [--strict] [--json]',
  details: [
    'Options:',
    '  -c, --config FILE  the config (default: ses-dns.yaml, .yml, .json or ses-dns.config.ts here)',
    '  --strict           a warning fails too (exit 1)',
    '  --json             print {file, valid, errors, warnings, notes} as JSON on stdout',
  ].join('\n'),
  options: { ...CONFIG_FLAGS, strict: { type: 'boolean' }, json: { type: 'boolean' } },
  async run(values, _positionals, io) {
    const { validate, validateJson } = await import('./validate.js');
    const result = await validate({ config: values.config as string | undefined });
    const failed = result.errors.length > 0 || (values.strict === true && result.warnings.length > 0);
    if (values.json) {
      io.out(JSON.stringify(validateJson(result), null, 2));
    } else {
      const problems = [...result.errors, ...result.warnings];
      if (problems.length > 0) io.err(paintSeverities(formatIssues(problems, result.file), io));
      for (const note of result.notes) io.out(`note    ${result.file}: ${note.path}: ${note.message}`);
      const counts = `${plural(result.errors.length, 'error')}, ${plural(result.warnings.length, 'warning')}`;
      if (result.errors.length > 0) io.err(`${result.file}: ${counts}`);
      else if (failed) io.err(`${result.file}: ${counts} (--strict: warnings fail)`);
      else {
        io.out(
          `${result.file}: valid, ${plural(result.environments, 'environment')}, ${plural(result.domains, 'domain')}, ${plural(result.warnings.length, 'warning')}`,
        );
      }
    }
    if (result.errors.length > 0) return EXIT.badInput;
    return failed ? EXIT.checkFailed : EXIT.ok;
  },
};
