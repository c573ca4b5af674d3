export { auditEnvironments } from './audit';
export { recordSetOverlaps } from './overlap';
export { configAdvice, configWarnings } from './warnings';
export type { ConfigAdvice, ConfigNote } from './warnings';
export { loadConfig, validateConfig } from './validate';
