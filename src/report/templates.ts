/**
 * Handlebars templates from `templates/`, compiled once. Text output (Markdown, zone
 * files), so nothing is HTML-escaped; cells are escaped by the helpers that need it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';

/** The `templates/` folder of the package (the same from `src/` and from `dist/`). */
export const TEMPLATES_DIR = join(__dirname, '..', '..', 'templates');

const engine = Handlebars.create();
engine.registerHelper('cell', (value: unknown) => String(value ?? '').replace(/\|/g, '\\|'));
engine.registerHelper('eq', (a: unknown, b: unknown) => a === b);

const cache = new Map<string, Handlebars.TemplateDelegate>();

/** Renders `templates/<name>` with `context`. */
export function renderTemplate(name: string, context: object): string {
  let template = cache.get(name);
  if (!template) {
    template = engine.compile(readFileSync(join(TEMPLATES_DIR, name), 'utf8'), { noEscape: true, strict: true });
    cache.set(name, template);
  }
  return template(context);
}
