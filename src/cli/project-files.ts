/**
 * How `ses-dns init` adds to files a project already has, without losing a byte of the
 * user's: `package.json` gains the dependency and scripts it lacks (every other key, the
 * key order and the indentation stay), `.gitignore` gains the lines it lacks in a marked
 * block at the end, `README.md` gains a marked section at the end. Pure functions: text in,
 * text out.
 */

/** Marks what init appended to a user's file, so a second init sees it is there. */
export const ADDED_BY_INIT = 'added by ses-dns init';

/** A JSON object, as `JSON.parse` returns it. */
type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The indentation a JSON text uses (its first indented line), else two spaces. */
function indentOf(text: string): string {
  return /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
}

/** What {@link mergePackageJson} did. */
export interface PackageMerge {
  /** The new text, or undefined when nothing was missing. */
  readonly text: string | undefined;
  /** What was added, in words: `dependency ses-dns`, `script synth`. */
  readonly added: readonly string[];
  /** Scripts the user already has under our names, kept, and where ours went instead. */
  readonly renamed: readonly (readonly [ours: string, as: string])[];
}

/**
 * Adds `template`'s dependencies and scripts that `existing` lacks. A script of the same
 * name that does something else stays the user's; ours goes in as `ses-dns:<name>`.
 * @throws Error when `existing` is not a JSON object (the caller words it)
 */
export function mergePackageJson(existing: string, template: Json): PackageMerge {
  const parsed = JSON.parse(existing) as unknown;
  if (!isObject(parsed)) throw new Error('it is not a JSON object');
  const pkg: Json = parsed;
  const added: string[] = [];
  const renamed: [string, string][] = [];
  const wantedDeps = (template.dependencies ?? {}) as Record<string, string>;
  for (const [name, range] of Object.entries(wantedDeps)) {
    const has = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].some(
      (field) => isObject(pkg[field]) && name in (pkg[field] as Json),
    );
    if (has) continue;
    if (pkg.dependencies !== undefined && !isObject(pkg.dependencies)) {
      throw new Error('its "dependencies" is not an object');
    }
    pkg.dependencies = { ...((pkg.dependencies as Json | undefined) ?? {}), [name]: range };
    added.push(`dependency ${name}`);
  }
  const wantedScripts = (template.scripts ?? {}) as Record<string, string>;
  if (pkg.scripts !== undefined && !isObject(pkg.scripts)) throw new Error('its "scripts" is not an object');
  const scripts: Json = { ...((pkg.scripts as Json | undefined) ?? {}) };
  for (const [name, command] of Object.entries(wantedScripts)) {
    if (Object.values(scripts).includes(command)) continue;
    let key = name;
    if (key in scripts) {
      key = `ses-dns:${name}`;
      if (key in scripts) continue;
      renamed.push([name, key]);
    }
    scripts[key] = command;
    added.push(`script ${key}`);
  }
  if (added.some((a) => a.startsWith('script '))) pkg.scripts = scripts;
  if (added.length === 0) return { text: undefined, added, renamed };
  const newline = existing.endsWith('\n') ? '\n' : '';
  return { text: `${JSON.stringify(pkg, null, indentOf(existing))}${newline}`, added, renamed };
}

/** A `.gitignore` line as git reads it: without surrounding blanks or a trailing slash. */
function pattern(line: string): string {
  return line.trim().replace(/\/$/, '').replace(/^\//, '');
}

/** What {@link mergeGitignore} did. */
export interface GitignoreMerge {
  readonly text: string | undefined;
  readonly added: readonly string[];
  /** Lines of the user's that ignore what must be committed (`cdktf.out/`), kept as they are. */
  readonly conflicts: readonly string[];
}

/** Paths the generated project commits; a `.gitignore` line that ignores one is reported. */
const MUST_COMMIT = ['cdktf.out', '.terraform.lock.hcl', '*.lock.hcl', 'RECORDS.md'];

/**
 * Appends the ignore lines of `template` that `existing` lacks, in a marked block. The
 * user's lines are never changed: one that ignores the generated stacks is reported.
 */
export function mergeGitignore(existing: string, template: string): GitignoreMerge {
  const have = new Set(existing.split(/\r?\n/).map(pattern));
  const wanted = template.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const missing = wanted.filter((line) => !have.has(pattern(line)));
  const conflicts = existing
    .split(/\r?\n/)
    .filter((line) => !line.trim().startsWith('#') && MUST_COMMIT.includes(pattern(line)));
  if (missing.length === 0) return { text: undefined, added: [], conflicts };
  const separator = existing === '' || existing.endsWith('\n\n') ? '' : existing.endsWith('\n') ? '\n' : '\n\n';
  const block = [`# ${ADDED_BY_INIT}: Terraform working files and local state stay out of git`, ...missing];
  return { text: `${existing}${separator}${block.join('\n')}\n`, added: missing, conflicts };
}

/** Appends `section` under a marked heading, unless the README already has one from init. */
export function appendReadmeSection(existing: string, section: string): string | undefined {
  if (existing.includes(ADDED_BY_INIT)) return undefined;
  const separator = existing === '' || existing.endsWith('\n\n') ? '' : existing.endsWith('\n') ? '\n' : '\n\n';
  return `${existing}${separator}<!-- ${ADDED_BY_INIT} -->\n## Email sending domains (ses-dns)\n\n${section}`;
}
