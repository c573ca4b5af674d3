/**
 * Readers for raw config values of unknown shape. The resolver reads around values of the
 * wrong type (the schema already reported them), so these never throw.
 */

/** A raw config object. */
export type Obj = Record<string, unknown>;

/** Whether `v` is a plain object (not null, not a list). */
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `v` if it is a string. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The strings of `v` if it is a list; [] otherwise. */
export const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
