/**
 * DKIM, the DNS providers and the token placeholders act through their owners (#18): no
 * module of `src/` but those below compares a config's DKIM type or a provider's name, or
 * fills, matches or builds a `{dkim-token-N}` placeholder by hand. The scan
 * (./branches.ts) is tested on the code it must catch and on the code it must let be.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { findBranches } from './branches';
import type { BranchKind } from './branches';
import { sourceFiles } from './imports';

const ROOT = resolve(__dirname, '..', '..');

/** The owners: where the question is the module's own business, with why. A folder ends in `/`. */
const OWNERS: Readonly<Record<string, string>> = {
  'src/config/': 'the config model: its own rules read the unions it defines (dkim.type, dns.provider)',
  'src/messages/config.ts': "the words of the config's rules, a layer beneath the providers' data",
  'src/providers/': 'each provider, its data and the registry',
  'src/records/dkim.ts': 'the DKIM strategies: dkimMethodFor picks one',
  'src/ses/dkim-signing.ts': 'the SES signing strategies: dkimSigningFor picks one',
  'src/records/model.ts': 'the token placeholders: withTokens, tokenPattern, hasTokenPlaceholder',
  'src/cli/commands/init.ts': "the scaffold: its templates' sections per provider the user picks",
};

const owned = (file: string) =>
  Object.keys(OWNERS).some((owner) => (owner.endsWith('/') ? file.startsWith(owner) : file === owner));

describe('src/ asks its owners', () => {
  test('no DKIM-type or provider branch, no hand-made token placeholder, outside the owners', () => {
    const found = sourceFiles(ROOT, 'src')
      .filter((file) => !owned(file))
      .flatMap((file) =>
        findBranches(file, readFileSync(join(ROOT, file), 'utf8')).map((b) => `${file}:${b.line} ${b.kind}: ${b.text}`),
      );
    expect(found).toEqual([]);
  });

  test('every owner exists, and each owning file still asks (else it leaves the list)', () => {
    for (const owner of Object.keys(OWNERS)) {
      expect(existsSync(join(ROOT, owner)), owner).toBe(true);
      if (owner.endsWith('/')) continue;
      expect(findBranches(owner, readFileSync(join(ROOT, owner), 'utf8')).length, owner).toBeGreaterThan(0);
    }
  });
});

describe('the scan', () => {
  const kinds = (code: string) => findBranches('x.ts', code).map((b) => b.kind);

  test.each<[string, BranchKind]>([
    ["if (domain.dkim.type === 'easy') x();", 'dkim-type'],
    ["const b = d.dkim.type !== 'byodkim';", 'dkim-type'],
    ['switch (domain.dkim.type) { default: }', 'dkim-type'],
    ["const t = environment.dns.provider === 'route53' ? 'Route 53' : 'Cloudflare';", 'provider'],
    ["if (this.provider === 'route53') {}", 'provider'],
    ["if ('cloudflare' == provider) {}", 'provider'],
    ["switch (name) { case 'route53': break; }", 'provider'],
    ['const n = name.replace(/\\{dkim-token-(\\d)\\}/g, (_, i) => t[i]);', 'token-placeholder'],
    ["const n = name.replaceAll('{dkim-token-0}', t);", 'token-placeholder'],
    ['const p = `{dkim-token-${i}}`;', 'token-placeholder'],
    ['const n = fillTokens(record.name, tokens);', 'token-placeholder'],
  ])('catches %s', (code, kind) => {
    expect(kinds(code)).toEqual([kind]);
  });

  test.each([
    "if (ses.dkim.method === 'byodkim') {}",
    "if (fromSes?.dkim?.method === 'easy') {}",
    'const r = withTokens(record, tokens);',
    "if (support.recordSet === 'set') {}",
    "const help = ['  --tokens FILE   Easy DKIM tokens, else shown as {dkim-token-N}'];",
    "const address = resourceAddress(domain, 'dkim-tokens');",
    "if (record.type === 'TXT') {}",
  ])('lets %s be', (code) => {
    expect(kinds(code)).toEqual([]);
  });
});
