/**
 * Helpers of the safety tests: validate a raw config, or synthesize it into a temporary
 * folder and read every stack back as JSON.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { ConfigIssue } from '../../src/config/issues';
import { app, load_ } from './dist';

const { validateConfig } = load_;
const { synthesizeApp } = app;

/** The issues (errors and warnings) of a raw config. */
export function issuesOf(raw: unknown): ConfigIssue[] {
  return validateConfig(raw).issues;
}

/** Only the errors of a raw config, as `path: message` lines. */
export function errorsOf(raw: unknown): string[] {
  return issuesOf(raw)
    .filter((i) => i.severity === 'error')
    .map((i) => `${i.path}: ${i.message}`);
}

/** A synthesized stack, parsed. */
export type StackJson = Record<string, Record<string, Record<string, Record<string, unknown>>>> & {
  import?: { id: string; to: string; provider?: string }[];
};

/** Synthesizes a valid raw config; returns each stack's cdk.tf.json, parsed, by name. */
export function synthStacks(raw: unknown): Record<string, StackJson> {
  const { config, issues } = validateConfig(raw);
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0)
    throw new Error(`config has errors:\n${errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`);
  const dir = mkdtempSync(join(tmpdir(), 'ses-dns-safety-'));
  try {
    synthesizeApp(config, dir);
    return Object.fromEntries(
      config.environments.map((env) => [
        env.name,
        JSON.parse(readFileSync(join(dir, 'stacks', env.name, 'cdk.tf.json'), 'utf8')) as StackJson,
      ]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every file under `dir`, as path relative to `dir` -> contents. */
export function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const full = join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(dir, full), readFileSync(full));
    }
  };
  walk(dir);
  return files;
}

/** A one-environment config with the given DNS provider and domain entries. */
export function oneEnv(provider: 'route53' | 'cloudflare', domains: unknown[], env: Record<string, unknown> = {}) {
  return {
    defaults: { region: 'eu-west-1' },
    environments: { production: { dns: { provider }, domains, ...env } },
  };
}
