/**
 * `ses-dns adopt`: its flags, its help, and how the proposal is printed and ends (exit 0
 * adoptable, 1 something left for a person, 2 bad input or could not check). The work is
 * ./adopt.ts.
 */
import * as say from '../../messages/cli';
import type { Command } from '../command';
import { EXIT } from '../errors';
import { liveLookupFlags, liveLookupHelp } from '../live-lookup-flags';

export const adoptCommand: Command = {
  name: 'adopt',
  summary:
    'find what already exists (DNS, SES, Route 53, Cloudflare) and propose or --write the import: and keepTxt entries',
  usage:
    'ses-dns adopt [-c FILE] [--env NAME]... [--resolver HOST[:PORT]] [--tokens FILE] [--aws] [--timeout MS] [--concurrency N] [--write] [--json]',
  details: [
    ...liveLookupHelp({
      aws: 'ask SES (GetEmailIdentity) and Route 53 (zone ids, record sets)',
      own: [
        '  --write              write the proposal into the config, keeping its comments and layout',
        '  --json               the proposal as JSON',
      ],
    }),
    'Cloudflare record ids come from its API when CLOUDFLARE_API_TOKEN is set (CLOUDFLARE_BASE_URL overrides the endpoint).',
    'Live TTLs that differ from the plan are listed with the ttl that keeps them; the first apply changes them in',
    'place, so they change no exit code, and --write never writes a ttl.',
    'Exit codes: 0 everything adoptable; 1 something needs a person or an id is missing; 2 bad input, a',
    '--write the config cannot take, or could not check: a resolver that does not answer, AWS not reachable',
    "with the credentials at hand, Cloudflare's API not answering or refusing the token (nothing is written)",
  ].join('\n'),
  writes: true,
  options: liveLookupFlags({ write: { type: 'boolean' }, json: { type: 'boolean' } }),
  async run(values, _positionals, io) {
    const { adopt } = await import('./adopt.js');
    const { adoptJson, renderAdoptText } = await import('../../adopt/render.js');
    const { ConfigEditError } = await import('../../config/edit.js');
    const { readLiveLookupFlags, endCouldNotCheck } = await import('../live-check.js');
    const live = readLiveLookupFlags(values);
    try {
      const outcome = await adopt({ ...live, write: values.write === true });
      const report = {
        file: outcome.file,
        proposals: outcome.proposals,
        after: outcome.after,
        changes: outcome.edits.length,
        written: outcome.written,
        writeAsked: values.write === true,
      };
      io.out(values.json ? JSON.stringify(adoptJson(report), null, 2) : renderAdoptText(report));
      return outcome.adoptable ? EXIT.ok : EXIT.checkFailed;
    } catch (error) {
      if (error instanceof ConfigEditError) {
        io.err(say.proposalNotWritten(error.message));
        return EXIT.badInput;
      }
      // The check itself could not run: exit 2, with what to fix.
      return endCouldNotCheck(error, live.resolver, io);
    }
  },
};
