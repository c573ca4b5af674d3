/**
 * The compiled package (`npm run build` writes `dist/`; `npm test` builds first).
 *
 * Tests that synthesize load `dist/`, not `src/`: the providers and commands are loaded
 * lazily with `require`, which Node resolves to `.js` files only, so under vitest the `src/`
 * graph cannot load them.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const load = createRequire(join(ROOT, 'package.json'));

function fromDist<T>(path: string): T {
  const file = join(ROOT, 'dist', `${path}.js`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first (npm test does)`);
  return load(file) as T;
}

/** `dist/cli/main`. */
export const cli = fromDist<typeof import('../../src/cli/main')>('cli/main');
/** `dist/config/load`. */
export const load_ = fromDist<typeof import('../../src/config/load')>('config/load');
/** `dist/stacks/app`. */
export const app = fromDist<typeof import('../../src/stacks/app')>('stacks/app');
/** `dist/report/records-report`. */
export const report = fromDist<typeof import('../../src/report/records-report')>('report/records-report');
/** The repository root. */
export const REPO_ROOT = ROOT;
