/**
 * A YAML anchor may be used inside its own value (`defaults: &d { dmarc: *d }`), which
 * parses into a value that contains itself. No config means that, and every pass that
 * walks the value would recurse forever: such a config is refused first (issue #6).
 */
import { joinPath } from './issues';
import type { ConfigIssue } from './issues';

/** An issue at the first place where `raw` contains itself, or undefined for a tree. */
export function selfReference(raw: unknown): ConfigIssue | undefined {
  const ancestors = new Set<object>();
  const walk = (value: unknown, path: string): ConfigIssue | undefined => {
    if (typeof value !== 'object' || value === null) return undefined;
    if (ancestors.has(value)) {
      return {
        severity: 'error',
        path,
        message:
          'refers to a value that contains it (a YAML alias *name used inside its own &name anchor): a config must be a tree; copy the values instead',
      };
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
