/**
 * `ses-dns dmarc`: its flags (the thresholds among them), its help, and how the outcome is
 * printed and ends. The work, and the text of the outcome, is ./dmarc.ts.
 */
import { existsSync } from 'node:fs';
import * as say from '../../messages/cli';
import type { Thresholds } from '../../dmarc/recommend';
import { CONFIG_FLAGS, positiveInteger } from '../command';
import type { Command } from '../command';
import { EXIT, UsageError } from '../errors';
import { processOutput, useColor } from '../output';

export const dmarcCommand: Command = {
  name: 'dmarc',
  summary: 'read DMARC aggregate reports: per domain, what passes and whether the policy can move a step',
  usage: 'ses-dns dmarc [-c FILE] [--env NAME]... PATH... [--json] [--apply]',
  details: [
    'Arguments:',
    '  PATH                 report files (.xml, .xml.gz, .zip, .eml, mbox) or folders of them, read recursively',
    'Options:',
    '  -c, --config FILE    the config (default: ses-dns.yaml, .yml, .json or ses-dns.config.ts here)',
    '  --env NAME           only this environment (repeatable; default: all)',
    '  --min-messages N     messages needed under the current policy (default 100)',
    '  --min-days N         days of reports needed under the current policy (default 14)',
    '  --min-pass PERCENT   share of messages that must pass DMARC (default 99)',
    '  --allow-mixed-sources  do not hold a domain back for an IP that sends both passing and failing mail',
    '  --apply              raise dmarc.policy one step for the ready domains, in the config, in place',
    '  --json               print {config, thresholds, domains, files, applied?} as JSON on stdout',
    'Exit codes: 0 all files read, 1 a file could not be read, 2 bad input or a config --apply cannot edit',
  ].join('\n'),
  allowPositionals: true,
  options: {
    ...CONFIG_FLAGS,
    env: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    apply: { type: 'boolean' },
    'min-messages': { type: 'string' },
    'min-days': { type: 'string' },
    'min-pass': { type: 'string' },
    'allow-mixed-sources': { type: 'boolean' },
  },
  async run(values, paths, io) {
    if (paths.length === 0) throw new UsageError(say.noReportPaths);
    // A path typed on the command line that is not there is a mistake in the command, not a
    // report that failed to read: say so before any analysis, which would read as a verdict.
    const missing = paths.filter((path) => !existsSync(path));
    if (missing.length > 0) throw new UsageError(say.reportPathsMissing(missing));
    const thresholds: { -readonly [K in keyof Thresholds]?: Thresholds[K] } = {};
    const minMessages = positiveInteger(values['min-messages'], '--min-messages');
    if (minMessages !== undefined) thresholds.minMessages = minMessages;
    const minDays = positiveInteger(values['min-days'], '--min-days');
    if (minDays !== undefined) thresholds.minDays = minDays;
    if (values['min-pass'] !== undefined) {
      const n = Number(values['min-pass']);
      if (!(n >= 0 && n <= 100)) throw new UsageError(say.notPercentage('--min-pass', values['min-pass']));
      thresholds.minPassPercent = n;
    }
    if (values['allow-mixed-sources'] === true) thresholds.allowMixedSources = true;
    const { dmarc, dmarcJson, renderDmarcErrors, renderDmarcText } = await import('./dmarc.js');
    const outcome = await dmarc({
      config: values.config as string | undefined,
      environments: values.env as string[] | undefined,
      paths,
      apply: values.apply === true,
      thresholds,
    });
    io.out(values.json ? JSON.stringify(dmarcJson(outcome), null, 2) : renderDmarcText(outcome));
    const problems = renderDmarcErrors(outcome);
    if (problems) {
      const colored = io === processOutput && useColor(process.stderr);
      io.err(colored ? problems.replace(/^error/gm, '\x1b[31merror\x1b[0m') : problems);
    }
    if (outcome.applied?.refusal === 'usage') return EXIT.badInput;
    return outcome.files.some((f) => f.error !== undefined) ? EXIT.checkFailed : EXIT.ok;
  },
};
