/**
 * Decides whether a test file can run: it needs BIND. Locally a missing `named` skips the
 * suite with a clear message; in CI (`CI=true`) it is a failure, never a skip, so a runner
 * without BIND cannot pass the end-to-end proof by not running it.
 */
import { it } from 'vitest';
import { findBindTools, type BindTools } from './named';

const INSTALL_HINT = 'apt-get install -y bind9 bind9-utils';

/**
 * The BIND tools when both are installed. Otherwise registers a failing test in CI, or logs
 * why the suite is skipped, and returns undefined.
 */
export function requireBind(suite: string): Required<BindTools> | undefined {
  const tools = findBindTools();
  if (tools.named && tools.checkzone) return { named: tools.named, checkzone: tools.checkzone };
  const missing = [!tools.named && 'named', !tools.checkzone && 'named-checkzone'].filter(Boolean).join(' and ');
  if (process.env.CI === 'true') {
    it(`${suite}: needs BIND (${missing})`, () => {
      throw new Error(`${missing} not found; CI must install BIND (${INSTALL_HINT}) so the e2e suite runs`);
    });
  } else {
    console.warn(`[e2e] skipping "${suite}": ${missing} not found (install with: ${INSTALL_HINT})`);
  }
  return undefined;
}
