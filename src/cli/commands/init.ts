/**
 * `ses-dns init`: a new project from the handlebars templates in `templates/init/`:
 * `package.json`, `cdktf.json`, a commented `ses-dns.yaml`, `.gitignore` and a README.
 * It never overwrites a file unless asked to with `--force`.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { notOneOf, show } from '../../config/issues';
import { DOMAIN_NAME } from '../../config/patterns';
import type { DnsProviderName } from '../../config/types';
import { renderTemplate } from '../../report/templates';
import { UsageError } from '../errors';

/** Options of {@link init}. */
export interface InitOptions {
  /** @default the working folder */
  readonly dir?: string;
  /** @default "route53" */
  readonly provider?: string;
  /** @default "example.com" */
  readonly domain?: string;
  /** Replace files that exist. @default false */
  readonly force?: boolean;
}

/** What {@link init} wrote. */
export interface InitResult {
  readonly dir: string;
  readonly files: readonly string[];
}

/** Files of a new project and their templates. `.gitignore` has another name in the package: npm drops that one. */
const FILES: readonly (readonly [file: string, template: string])[] = [
  ['package.json', 'init/package.json.hbs'],
  ['cdktf.json', 'init/cdktf.json.hbs'],
  ['ses-dns.yaml', 'init/ses-dns.yaml.hbs'],
  ['.gitignore', 'init/gitignore.hbs'],
  ['README.md', 'init/README.md.hbs'],
];

const PROVIDERS: readonly DnsProviderName[] = ['route53', 'cloudflare'];

/** An npm package name made from a folder name. */
function packageName(dir: string): string {
  const name = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[._-]+$/g, '');
  return name || 'ses-dns-project';
}

function version(): string {
  return (require('../../../package.json') as { version: string }).version;
}

/** Writes a new project into `options.dir`. @throws UsageError on bad options or existing files */
export function init(options: InitOptions = {}): InitResult {
  const provider = options.provider ?? 'route53';
  if (!(PROVIDERS as readonly string[]).includes(provider)) {
    throw new UsageError(`--provider ${notOneOf(PROVIDERS, provider)}`);
  }
  const domain = options.domain ?? 'example.com';
  if (!new RegExp(DOMAIN_NAME).test(domain)) {
    throw new UsageError(
      `--domain ${show(domain)} is not a domain name: give a lowercase name such as example.com, without a trailing dot`,
    );
  }
  const dir = resolve(options.dir ?? '.');
  const existing = FILES.map(([file]) => file).filter((file) => existsSync(join(dir, file)));
  if (existing.length > 0 && !options.force) {
    throw new UsageError(
      `${dir} already has ${existing.join(', ')}; nothing was written: choose an empty folder, or pass --force to replace ${existing.length === 1 ? 'it' : 'them'}`,
    );
  }
  const context = {
    name: packageName(dir),
    version: version(),
    domain,
    route53: provider === 'route53',
    cloudflare: provider === 'cloudflare',
    provider,
  };
  // Render everything before writing anything, so a template error leaves no half project.
  const contents = FILES.map(([file, template]) => [file, renderTemplate(template, context)] as const);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of contents) writeFileSync(join(dir, file), text);
  return { dir, files: FILES.map(([file]) => file) };
}
