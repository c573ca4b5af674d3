/**
 * The check stage, after planning: every rule that spans records, domains or environments,
 * run once (see validate.ts).
 */
export { auditEnvironments } from './audit';
export { recordSetOverlaps } from './overlap';
export { configAdvice, configWarnings } from './warnings';
export type { ConfigAdvice, ConfigNote } from './warnings';
export { loadConfig, validateConfig } from './validate';
