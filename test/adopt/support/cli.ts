/**
 * The command line run in-process with extra environment variables (the Cloudflare token,
 * its API's base URL), restored afterwards: how the adopt suites drive `ses-dns`.
 */
import { main } from '../../../src/cli/main';

/** What a run printed, and its exit code. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `ses-dns ARGV` with `env` added to the process environment for the run. */
export async function cli(env: Record<string, string>, ...argv: string[]): Promise<Run> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let stdout = '';
  let stderr = '';
  try {
    const code = await main(argv, { out: (t) => (stdout += `${t}\n`), err: (t) => (stderr += `${t}\n`) });
    return { code, stdout, stderr };
  } finally {
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}
