/**
 * The templates that `npm run build` precompiles (scripts/precompile-templates.js) must
 * render what the Handlebars compiler renders, and must be ignored once their template
 * file changed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { validateConfig } from '../src/checks/validate';
import { renderAccountMarkdown } from '../src/report/account-report';
import { RECORDS_FORMATS, renderRecords } from '../src/report/records-format';
import { TEMPLATES_DIR } from '../src/report/templates';
import { publicKeyBase64 } from './support/synth';

const PUBLIC_KEY = publicKeyBase64();
const DIST = join(__dirname, '..', 'dist', 'report');
const PRECOMPILED = join(DIST, 'templates-precompiled.js');

interface Built {
  readonly source: string;
  readonly spec: unknown;
}

describe('precompiled templates', () => {
  test('cover every template of templates/, each with its current source', () => {
    expect(existsSync(PRECOMPILED), 'run npm run build first').toBe(true);
    const built = require(PRECOMPILED) as Record<string, Built>;
    const names = readdirSync(TEMPLATES_DIR, { recursive: true, encoding: 'utf8' })
      .filter((n) => n.endsWith('.hbs'))
      .map((n) => n.split('\\').join('/'))
      .sort();
    expect(Object.keys(built).sort()).toEqual(names);
    for (const name of names) expect(built[name]!.source).toBe(readFileSync(join(TEMPLATES_DIR, name), 'utf8'));
  });

  test('RECORDS.md, ACCOUNT.md, record tables and zone files render as the compiler renders them', () => {
    // dist/ runs the precompiled templates; src/ (as vitest runs it) compiles them.
    const dist = {
      records: require(join(DIST, 'records-format.js')) as typeof import('../src/report/records-format'),
      account: require(join(DIST, 'account-report.js')) as typeof import('../src/report/account-report'),
    };
    const { config } = validateConfig({
      defaults: { dmarc: { policy: 'none', rua: ['dmarc@example.com'] } },
      environments: {
        production: {
          dns: { provider: 'route53' },
          account: { suppression: ['BOUNCE'], alarms: {}, vdm: { dashboard: true, guardian: false } },
          domains: [
            { name: 'example.com', spf: {}, tracking: { subdomain: 'track' }, keepTxt: ['a|b=1'] },
            {
              name: 'news.example.com',
              zone: 'example.com',
              dkim: { type: 'byodkim', selector: 's1', publicKey: PUBLIC_KEY },
            },
          ],
        },
        staging: { dns: { provider: 'cloudflare' }, ttl: 'auto', domains: [{ name: 'example.dev' }] },
      },
    });
    const tokens = new Map([['example.com', ['t0', 't1', 't2']]]);
    for (const format of RECORDS_FORMATS) {
      const rendered = dist.records.renderRecords(config.environments, format, tokens);
      expect(rendered).toBe(renderRecords(config.environments, format, tokens));
    }
    for (const environment of config.environments) {
      expect(dist.account.renderAccountMarkdown(environment)).toBe(renderAccountMarkdown(environment));
    }
    expect(renderAccountMarkdown(config.environments[0]!)).toContain('ses-production-bounce-rate');
  });
});
