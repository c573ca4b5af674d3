/**
 * `ses-dns verify`: its flags, its help, the progress line, and how the outcome is printed
 * and ends (exit 0, 1 a finding, 2 could not check). The work is ./verify.ts.
 */
import type { Command } from '../command';
import { EXIT } from '../errors';
import { liveLookupFlags, liveLookupHelp } from '../live-lookup-flags';
import { processOutput } from '../output';
import type { Output } from '../output';

export const verifyCommand: Command = {
  name: 'verify',
  summary:
    'look the planned records up in live DNS: ok, missing, different, conflicting, misplaced, would-remove or would-duplicate',
  usage:
    'ses-dns verify [-c FILE] [--env NAME]... [--resolver HOST[:PORT]] [--tokens FILE] [--aws] [--timeout MS] [--concurrency N] [--strict] [--json]',
  details: [
    ...liveLookupHelp({
      aws: 'ask SES (GetEmailIdentity) for identity, DKIM and MAIL FROM status and the tokens',
      own: ['  --strict             a skipped row fails too (exit 1)', '  --json               the result as JSON'],
    }),
    'Exit codes: 0 nothing failed; 1 a record missing, different, conflicting or misplaced, a live value the',
    'first apply would remove (would-remove: Route 53 replaces the whole record set) or a record it would add',
    'beside one of others (would-duplicate: Cloudflare), an identity not ready in SES, or (--strict) a row',
    'skipped; 2 could not check: bad input, a resolver that does not answer, SES not reachable with the',
    'credentials at hand, or no DKIM record checkable (no tokens)',
  ].join('\n'),
  options: liveLookupFlags({ strict: { type: 'boolean' }, json: { type: 'boolean' } }),
  async run(values, _positionals, io) {
    const { verify, renderVerifyText, verifyJson, verifyExitCode, incompleteReason } = await import('./verify.js');
    const { readLiveLookupFlags, endCouldNotCheck } = await import('../live-check.js');
    const live = readLiveLookupFlags(values);
    const strict = values.strict === true;
    const progress = progressLine(io);
    try {
      const outcome = await verify({ ...live, onProgress: progress.update });
      progress.clear();
      io.out(values.json ? JSON.stringify(verifyJson(outcome), null, 2) : renderVerifyText(outcome));
      const code = verifyExitCode(outcome, strict);
      const reason = incompleteReason(outcome, strict);
      if (reason) io.err(`${code === EXIT.badInput ? 'could not check' : 'verify failed'}: ${reason}`);
      return code;
    } catch (error) {
      progress.clear();
      // The check itself could not run: exit 2, with what to fix.
      return endCouldNotCheck(error, live.resolver, io);
    }
  },
};

/** A `verifying 120/400` line on stderr, only on a terminal and only for long runs. */
function progressLine(io: Output) {
  const tty = io === processOutput && process.stderr.isTTY;
  let shown = false;
  return {
    update: (done: number, total: number) => {
      if (!tty || total < 60) return;
      shown = true;
      process.stderr.write(`\rverifying ${done}/${total}`);
    },
    clear: () => {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
