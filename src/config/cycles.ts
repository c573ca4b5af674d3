/**
 * Values no config means, refused before any other pass walks them (issue #6): a YAML
 * anchor used inside its own value (`defaults: &d { dmarc: *d }`) parses into a value that
 * contains itself, and thousands of nested lists overflow the stack of every recursive pass.
 */
import * as say from '../messages/config';
import { errorAt, joinPath } from './issues';
import type { ConfigIssue } from './issues';

/** How deep a config may nest; real ones stay under 10 levels. */
export const MAX_CONFIG_DEPTH = 64;

/**
 * An issue at the first place where `raw` contains itself or nests deeper than
 * {@link MAX_CONFIG_DEPTH}, or undefined for a tree of sane depth.
 */
export function selfReference(raw: unknown): ConfigIssue | undefined {
  const ancestors = new Set<object>();
  const walk = (value: unknown, path: string): ConfigIssue | undefined => {
    if (typeof value !== 'object' || value === null) return undefined;
    if (ancestors.size >= MAX_CONFIG_DEPTH) {
      return errorAt(path, say.nestsTooDeep(MAX_CONFIG_DEPTH));
    }
    if (ancestors.has(value)) {
      return errorAt(path, say.containsItself);
    }
    ancestors.add(value);
    const entries: [string | number, unknown][] = Array.isArray(value) ? [...value.entries()] : Object.entries(value);
    for (const [key, child] of entries) {
      const found = walk(child, joinPath(path, key));
      if (found) return found;
    }
    ancestors.delete(value);
    return undefined;
  };
  return walk(raw, '');
}
