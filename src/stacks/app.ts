/**
 * The CDKTF app: one {@link EnvironmentStack} per environment of a resolved config.
 */
import { App } from '../cdktf';
import { ConfigError } from '../config/issues';
import type { ConfigIssue } from '../config/issues';
import type { ResolvedConfig, ResolvedEnvironment } from '../config/model';
import { planEnvironment } from '../records/plan';
import { dnsProvider } from '../providers/provider';
import { EnvironmentStack } from './environment-stack';

/** What every vendor says it cannot take from the plan of `environments`. */
export function auditEnvironments(environments: readonly ResolvedEnvironment[]): ConfigIssue[] {
  return environments.flatMap((env) => dnsProvider(env.dns.provider).audit(env, planEnvironment(env)));
}

/**
 * Builds the app for `config` (optionally only some environments) and synthesizes it into
 * `outdir`: `manifest.json` and `stacks/<env>/cdk.tf.json`, as `cdktf synth` lays them out.
 *
 * One stack at a time: each is built, synthesized and removed from the app before the next
 * is built, so peak memory follows the largest stack, not the config (a split environment
 * of 100,000 domains is a hundred stacks of 1,000). cdktf's manifest keeps every stack
 * synthesized, so `manifest.json` lists them all, as for one synthesis of the whole app.
 * @returns the app, whose stacks are released once written
 * @throws ConfigError when a provider audit refuses the plan
 */
export function synthesizeApp(config: ResolvedConfig, outdir: string): App {
  const issues = auditEnvironments(config.environments);
  if (issues.length > 0) throw new ConfigError(issues);
  // No stack traces in construct metadata: they only serve error messages of cdktf's own.
  const app = new App({ outdir, stackTraces: false });
  for (const environment of config.environments) {
    const stack = new EnvironmentStack(app, { environment, standalone: true });
    app.synth();
    app.node.tryRemoveChild(stack.node.id);
  }
  return app;
}
