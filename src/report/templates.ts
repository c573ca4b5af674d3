/**
 * Handlebars templates from `templates/`, compiled once. Text output (Markdown, zone
 * files), so nothing is HTML-escaped; cells are escaped by the helpers that need it.
 *
 * `npm run build` precompiles every template (scripts/precompile-templates.js) into
 * `dist/report/templates-precompiled.js`, which keeps each template's source beside its
 * code: a template that still reads the same is run by the small Handlebars runtime, and
 * the compiler (about twice the runtime's loading time, and each template's compilation)
 * is loaded only for a template without current precompiled code (from `src/`, or edited
 * after the build).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HelperDelegate, RuntimeOptions, TemplateDelegate } from 'handlebars';

/** The `templates/` folder of the package (the same from `src/` and from `dist/`). */
export const TEMPLATES_DIR = join(__dirname, '..', '..', 'templates');

/** Compiler options of every template: shared by the build-time precompilation. */
export const TEMPLATE_OPTIONS = { noEscape: true, strict: true } as const;

/** The helpers the templates use. */
export const TEMPLATE_HELPERS: Record<string, HelperDelegate> = {
  cell: (value: unknown) => String(value ?? '').replace(/\|/g, '\\|'),
  eq: (a: unknown, b: unknown) => a === b,
};

/** What the build wrote for one template: its source, and the code Handlebars made of it. */
interface PrecompiledTemplate {
  readonly source: string;
  readonly spec: unknown;
}

interface Engine {
  registerHelper(name: string, helper: HelperDelegate): void;
  compile(source: string, options: object): TemplateDelegate;
  template(spec: unknown): (context: object, options?: RuntimeOptions) => string;
}

let runtime: Engine | undefined;
let compiler: Engine | undefined;

function withHelpers(engine: Engine): Engine {
  for (const [name, helper] of Object.entries(TEMPLATE_HELPERS)) engine.registerHelper(name, helper);
  return engine;
}

/** The Handlebars runtime, for precompiled templates. */
function runtimeEngine(): Engine {
  runtime ??= withHelpers((require('handlebars/runtime') as { create(): Engine }).create());
  return runtime;
}

/** Handlebars with its compiler, for templates without current precompiled code. */
function compilerEngine(): Engine {
  compiler ??= withHelpers((require('handlebars') as { create(): Engine }).create());
  return compiler;
}

function precompiled(name: string): PrecompiledTemplate | undefined {
  try {
    return (require('./templates-precompiled') as Record<string, PrecompiledTemplate | undefined>)[name];
  } catch {
    return undefined;
  }
}

const cache = new Map<string, (context: object) => string>();

/** Renders `templates/<name>` with `context`. */
export function renderTemplate(name: string, context: object): string {
  let template = cache.get(name);
  if (!template) {
    const source = readFileSync(join(TEMPLATES_DIR, name), 'utf8');
    const built = precompiled(name);
    template =
      built && built.source === source
        ? runtimeEngine().template(built.spec)
        : compilerEngine().compile(source, TEMPLATE_OPTIONS);
    cache.set(name, template);
  }
  return template(context);
}
