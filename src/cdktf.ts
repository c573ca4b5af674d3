/**
 * The one door to the CDK for Terraform core library.
 *
 * Every other module imports CDKTF classes from here, never from `cdktf` directly, so that
 * a move to the community fork (`cdktn`) or another major version is a change to this file
 * alone. Provider classes (`@cdktf/provider-*`) are deep-imported where they are used.
 */
export {
  App,
  CloudBackend,
  Fn,
  LocalBackend,
  NamedCloudWorkspace,
  S3Backend,
  TerraformOutput,
  TerraformStack,
  TerraformVariable,
} from 'cdktf';
export type { TerraformProvider } from 'cdktf';

/**
 * cdktf's private stack-trace helper: every token (each `Fn` call, each attribute reference,
 * each of the many output references a generated resource class builds in its constructor)
 * captures a full stack trace at creation, whatever `App({ stackTraces })` says. The traces
 * only decorate error messages of tokens that fail to resolve. The module has no `exports`
 * map and its callers read the function from the module object at each call, so swapping
 * the property switches the capture off.
 */
interface StackTraceModule {
  captureStackTrace: (below?: unknown) => string[];
}

const NO_TRACE: string[] = [];

/**
 * Runs `work` with cdktf's per-token stack traces switched off, and restores them after, so
 * hand-written apps in the same process keep cdktf's defaults. Halves synth time at scale
 * (bench/PROFILE.md); the synthesized JSON does not change.
 */
export function withoutTokenStackTraces<T>(work: () => T): T {
  const traces = require('cdktf/lib/tokens/private/stack-trace') as StackTraceModule;
  const capture = traces.captureStackTrace;
  traces.captureStackTrace = () => NO_TRACE;
  try {
    return work();
  } finally {
    traces.captureStackTrace = capture;
  }
}
