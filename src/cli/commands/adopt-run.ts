/**
 * The `adopt` command line: flags in, the proposal printed, the exit code out (kept apart
 * from main.ts so that its entry stays one line).
 */
import { adoptJson, renderAdoptText } from '../../adopt/render';
import { ConfigEditError } from '../../config/edit';
import { EXIT } from '../errors';
import { checkResolverFlag, couldNotCheck } from '../live-check';
import type { Output } from '../output';
import { adopt } from './adopt';

/** Runs `ses-dns adopt` with parsed flags and returns the exit code. */
export async function runAdopt(values: Record<string, unknown>, io: Output): Promise<number> {
  const resolver = values.resolver as string | undefined;
  checkResolverFlag(resolver);
  try {
    const outcome = await adopt({
      config: values.config as string | undefined,
      environments: values.env as string[] | undefined,
      resolver,
      tokens: values.tokens as string | undefined,
      aws: values.aws === true,
      write: values.write === true,
    });
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
      io.err(`error: cannot write the proposal: ${error.message}; nothing was written`);
      return EXIT.badInput;
    }
    // The check itself could not run: exit 2, with what to fix.
    const message = couldNotCheck(error, resolver);
    if (message === undefined) throw error;
    io.err(message);
    return EXIT.badInput;
  }
}
