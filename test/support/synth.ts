/**
 * Test helpers: synthesize a config given as YAML text or an object, and read the stacks.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ConfigError } from '../../src/config/issues';
import { validateConfig } from '../../src/checks/validate';
import type { ConfigIssue } from '../../src/config/issues';
import { synthesizeApp } from '../../src/stacks/app';

/** A synthesized stack as parsed JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StackJson = Record<string, any>;

/** Validates a config object and returns its issues (errors and warnings). */
export function issuesOf(config: unknown): ConfigIssue[] {
  return validateConfig(config).issues;
}

/** Synthesizes `config` and returns each stack's parsed `cdk.tf.json` by stack name. */
export function synthStacks(config: unknown): Record<string, StackJson> {
  const { config: resolved, issues } = validateConfig(config);
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) throw new ConfigError(errors);
  const outdir = mkdtempSync(join(tmpdir(), 'ses-dns-test-'));
  try {
    synthesizeApp(resolved, outdir);
    const stacks: Record<string, StackJson> = {};
    for (const name of readdirSync(join(outdir, 'stacks'))) {
      stacks[name] = JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as StackJson;
    }
    return stacks;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Resources of one type in a stack, by address. */
export function resourcesOf(stack: StackJson, type: string): Record<string, StackJson> {
  return (stack.resource?.[type] ?? {}) as Record<string, StackJson>;
}

/** Number of resources of each type in a stack (aws-cdk's resourceCountIs, for all types). */
export function resourceCounts(stack: StackJson): Record<string, number> {
  return Object.fromEntries(
    Object.entries((stack.resource ?? {}) as Record<string, object>).map(([type, byAddress]) => [
      type,
      Object.keys(byAddress).length,
    ]),
  );
}

/** Config as YAML text, for tests that write files. */
export function toYaml(config: unknown): string {
  return stringify(config);
}

/** A fresh 2048-bit public key in the form a BYODKIM config takes. */
export { publicKeyBase64 } from './keys';

/** Every resource, data source, output and variable of a stack, by "kind.type.address". */
export function addressed(stack: StackJson): Map<string, string> {
  const all = new Map<string, string>();
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byAddress] of Object.entries((stack[kind] ?? {}) as Record<string, Record<string, unknown>>)) {
      for (const [address, body] of Object.entries(byAddress))
        all.set(`${kind}.${type}.${address}`, JSON.stringify(body));
    }
  }
  for (const kind of ['output', 'variable'] as const) {
    for (const [address, body] of Object.entries((stack[kind] ?? {}) as Record<string, unknown>)) {
      all.set(`${kind}.${address}`, JSON.stringify(body));
    }
  }
  return all;
}
