/**
 * Decides whether a test file can run: it needs BIND. Locally a missing `named` skips the
 * suite with a clear message; in CI (`CI=true`) it is a failure, never a skip, so a runner
 * without BIND cannot pass the end-to-end proof by not running it.
 */
import { it } from 'vitest';
import { findBindTools, type BindTools } from './named';

const INSTALL_HINT = 'apt-get install -y bind9 bind9-utils';

/** What a test file does about BIND: run, skip with a message, or fail with one. */
export type BindDecision =
  | { readonly action: 'run'; readonly tools: Required<BindTools> }
  | { readonly action: 'skip' | 'fail'; readonly message: string };

/** Decides from the tools found and the environment; pure, so it is unit-tested. */
export function decideBind(suite: string, tools: BindTools, env: NodeJS.ProcessEnv): BindDecision {
  if (tools.named && tools.checkzone)
    return { action: 'run', tools: { named: tools.named, checkzone: tools.checkzone } };
  const missing = [!tools.named && 'named', !tools.checkzone && 'named-checkzone'].filter(Boolean).join(' and ');
  return env.CI === 'true'
    ? { action: 'fail', message: `${missing} not found; CI must install BIND (${INSTALL_HINT}) so the e2e suite runs` }
    : { action: 'skip', message: `skipping "${suite}": ${missing} not found (install with: ${INSTALL_HINT})` };
}

/**
 * The BIND tools when both are installed. Otherwise registers a failing test in CI, or logs
 * why the suite is skipped, and returns undefined.
 */
export function requireBind(suite: string): Required<BindTools> | undefined {
  const decision = decideBind(suite, findBindTools(), process.env);
  if (decision.action === 'run') return decision.tools;
  if (decision.action === 'fail') {
    it(`${suite}: needs BIND`, () => {
      throw new Error(decision.message);
    });
  } else {
    console.warn(`[e2e] ${decision.message}`);
  }
  return undefined;
}
