/**
 * The layered merge: `defaults` < environment < domain entry.
 *
 * Objects merge key by key, lists and scalars replace, `false` switches a feature off, and
 * an object whose `type` differs from the one above it (Easy DKIM below BYODKIM) replaces
 * it whole, since the keys of one kind mean nothing to the other. Every merged value
 * remembers the config path it was written at, so a problem is reported where it can be
 * fixed: a bad default once, at `defaults.…`.
 */

/** One layer: the settings written there and where they were written. */
export interface Layer {
  readonly values: Readonly<Record<string, unknown>>;
  /** Config path of the layer, such as `defaults` or `environments.prod.domains[0]`. */
  readonly path: string;
}

/** The merged settings and where each of their values came from. */
export class MergedSettings {
  constructor(
    readonly values: Readonly<Record<string, unknown>>,
    private readonly origins: ReadonlyMap<string, string>,
    private readonly fallbackPath: string,
  ) {}

  /**
   * The config path where the value at `key` (dotted: `dmarc.policy`) was written; for a
   * value nobody wrote, the path where the innermost layer would write it.
   */
  originOf(key: string): string {
    for (let k = key; k; k = k.includes('.') ? k.slice(0, k.lastIndexOf('.')) : '') {
      const origin = this.origins.get(k);
      if (origin !== undefined) return origin + key.slice(k.length);
    }
    return `${this.fallbackPath}.${key}`;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindChanges(above: Record<string, unknown>, below: Record<string, unknown>): boolean {
  return 'type' in above && 'type' in below && above.type !== below.type;
}

/** Merges `layers` from the outermost (first) to the innermost (last). */
export function mergeLayers(layers: readonly Layer[]): MergedSettings {
  const origins = new Map<string, string>();
  let merged: Record<string, unknown> = {};
  for (const layer of layers) {
    merged = mergeObject(merged, layer.values, '', layer.path, origins);
  }
  return new MergedSettings(merged, origins, layers[layers.length - 1]?.path ?? '');
}

function mergeObject(
  target: Record<string, unknown>,
  source: Readonly<Record<string, unknown>>,
  relative: string,
  absolute: string,
  origins: Map<string, string>,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const rel = relative ? `${relative}.${key}` : key;
    const abs = absolute ? `${absolute}.${key}` : key;
    const existing = result[key];
    if (isPlainObject(value) && isPlainObject(existing) && !kindChanges(existing, value)) {
      result[key] = mergeObject(existing, value, rel, abs, origins);
    } else {
      for (const k of [...origins.keys()]) if (k.startsWith(`${rel}.`)) origins.delete(k);
      result[key] = value;
      // Keys below a value taken whole were written here too: a later layer that merges
      // into this object must not claim them.
      if (isPlainObject(value)) recordOrigins(value, rel, abs, origins);
    }
    origins.set(rel, abs);
  }
  return result;
}

function recordOrigins(
  value: Record<string, unknown>,
  relative: string,
  absolute: string,
  origins: Map<string, string>,
) {
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue;
    origins.set(`${relative}.${key}`, `${absolute}.${key}`);
    if (isPlainObject(child)) recordOrigins(child, `${relative}.${key}`, `${absolute}.${key}`, origins);
  }
}
