/**
 * The modules the safety tests drive, loaded from `src/` (command modules are loaded with
 * dynamic `import()`, which vitest serves from the TypeScript sources).
 */
import { resolve } from 'node:path';
import * as cliModule from '../../src/cli/main';
import * as loadModule from '../../src/checks/validate';
import * as reportModule from '../../src/report/records-report';
import * as appModule from '../../src/stacks/app';

/** `src/cli/main`. */
export const cli = cliModule;
/** `src/checks/validate`: loadConfig and validateConfig. */
export const load_ = loadModule;
/** `src/stacks/app`. */
export const app = appModule;
/** `src/report/records-report`. */
export const report = reportModule;
/** The repository root. */
export const REPO_ROOT = resolve(__dirname, '..', '..');
