/**
 * `ses-dns init`: a new project from the handlebars templates in `templates/init/`:
 * `package.json`, `cdktf.json`, a commented `ses-dns.yaml`, `.gitignore` and a README.
 * In a folder that already holds a project it adds to what is there and never replaces a
 * user's file (src/cli/project-files.ts says how each file is added to).
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InputFileError, readTextFile } from '../../config/input-file';
import { DEFAULT_CONFIG_FILES } from '../../config/load';
import { DOMAIN_NAME } from '../../config/patterns';
import { DNS_PROVIDERS } from '../../config/vocabulary';
import * as say from '../../messages/cli';
import { writeFileAtomic } from '../../output/atomic';
import { renderTemplate } from '../../report/templates';
import { UsageError } from '../errors';
import { appendReadmeSection, mergeGitignore, mergePackageJson } from '../project-files';

/** Options of {@link init}. */
export interface InitOptions {
  /** @default the working folder */
  readonly dir?: string;
  /** @default "route53" */
  readonly provider?: string;
  /** @default "example.com" */
  readonly domain?: string;
}

/** What {@link init} did, file by file. */
export interface InitResult {
  readonly dir: string;
  /** Files that did not exist. */
  readonly created: readonly string[];
  /** Files of the user's that init added to, each with what it added. */
  readonly updated: readonly { readonly file: string; readonly added: string }[];
  /** Files left exactly as they were. */
  readonly kept: readonly string[];
  /** What the user should look at: a line of theirs that ignores the stacks, a cdktf.json for another app. */
  readonly notes: readonly string[];
}

/** Every file init looks after, in the order it reports them. */
const FILES = ['package.json', 'cdktf.json', 'ses-dns.yaml', '.gitignore', 'README.md'] as const;

/** A file of the user's larger than this is not one init should read and add to. */
const MAX_PROJECT_FILE = 8 * 1024 * 1024;

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

/** The text of a file of the user's, or undefined when there is none. @throws UsageError */
function readExisting(dir: string, file: string): string | undefined {
  const path = join(dir, file);
  if (!existsSync(path)) return undefined;
  try {
    return readTextFile(path, MAX_PROJECT_FILE);
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    throw new UsageError(say.initCannotRead(path, error.message));
  }
}

/** What to write: path -> text, planned whole before any file is written. */
type Plan = Map<(typeof FILES)[number], string>;

/**
 * Writes a new project into `options.dir`, or adds to the project there.
 * @throws UsageError on bad options or a file init cannot read; nothing is written then
 */
export function init(options: InitOptions = {}): InitResult {
  const provider = options.provider ?? 'route53';
  if (!(DNS_PROVIDERS as readonly string[]).includes(provider)) {
    throw new UsageError(say.notAProvider(DNS_PROVIDERS, provider));
  }
  const domain = options.domain ?? 'example.com';
  if (!new RegExp(DOMAIN_NAME).test(domain)) throw new UsageError(say.notADomainName(domain));
  const dir = resolve(options.dir ?? '.');
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new UsageError(say.initDirIsAFile(dir));
  }
  // A config already there (any format) is the one cdktf.json's app names.
  const existingConfig = DEFAULT_CONFIG_FILES.find((f) => existsSync(join(dir, f)));
  const context = {
    config: existingConfig ?? 'ses-dns.yaml',
    name: packageName(dir),
    version: version(),
    domain,
    route53: provider === 'route53',
    cloudflare: provider === 'cloudflare',
    provider,
  };
  const section = renderTemplate('init/README-section.md.hbs', context);
  const fresh: Record<(typeof FILES)[number], () => string> = {
    'package.json': () => renderTemplate('init/package.json.hbs', context),
    'cdktf.json': () => renderTemplate('init/cdktf.json.hbs', context),
    'ses-dns.yaml': () => renderTemplate('init/ses-dns.yaml.hbs', context),
    // `.gitignore` has another name in the package: npm drops that one.
    '.gitignore': () => renderTemplate('init/gitignore.hbs', context),
    'README.md': () => `${renderTemplate('init/README.md.hbs', context)}\n${section}`,
  };

  // Everything is read and planned before anything is written: a file init cannot read
  // (not JSON, binary) stops it with no half project.
  const plan: Plan = new Map();
  const created: string[] = [];
  const updated: { file: string; added: string }[] = [];
  const kept: string[] = [];
  const notes: string[] = [];
  for (const file of FILES) {
    if (file === 'ses-dns.yaml') {
      if (existingConfig) kept.push(existingConfig);
      else {
        plan.set(file, fresh[file]());
        created.push(file);
      }
      continue;
    }
    const existing = readExisting(dir, file);
    if (existing === undefined) {
      plan.set(file, fresh[file]());
      created.push(file);
      continue;
    }
    switch (file) {
      case 'package.json': {
        let merged;
        try {
          merged = mergePackageJson(existing, JSON.parse(fresh[file]()) as Record<string, unknown>);
        } catch (error) {
          throw new UsageError(say.initCannotAddTo(join(dir, file), (error as Error).message));
        }
        if (merged.text === undefined) kept.push(file);
        else {
          plan.set(file, merged.text);
          updated.push({ file, added: merged.added.join(', ') });
        }
        for (const [ours, as] of merged.renamed) {
          notes.push(`package.json already has a script "${ours}": kept, and ses-dns's is "${as}"`);
        }
        break;
      }
      case '.gitignore': {
        const merged = mergeGitignore(existing, fresh[file]());
        if (merged.text === undefined) kept.push(file);
        else {
          plan.set(file, merged.text);
          updated.push({ file, added: merged.added.join(' ') });
        }
        for (const line of merged.conflicts) {
          notes.push(
            `.gitignore ignores "${line.trim()}", which holds what you commit and review (the generated stacks, RECORDS.md, .terraform.lock.hcl): remove that line`,
          );
        }
        break;
      }
      case 'README.md': {
        const text = appendReadmeSection(existing, section);
        if (text === undefined) kept.push(file);
        else {
          plan.set(file, text);
          updated.push({ file, added: 'a section "Email sending domains (ses-dns)" at the end' });
        }
        break;
      }
      case 'cdktf.json': {
        kept.push(file);
        if (!existing.includes('ses-dns synth')) {
          notes.push(
            `cdktf.json exists and was kept: to let cdktf synth and cdktf deploy run ses-dns, set its "app" to "npx ses-dns synth -c ${context.config}" (or keep your app and use the ses-dns constructs in it)`,
          );
        }
        break;
      }
    }
  }
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of plan) writeFileAtomic(join(dir, file), text);
  return { dir, created, updated, kept, notes };
}
