/**
 * A `TerraformStack` whose synthesis leaves plain values alone.
 *
 * cdktf's `TerraformStack.toTerraform()` resolves every element's JSON through its token
 * resolver, then resolves the merged stack once more: for each key and value a fresh
 * resolution context, several pattern tests, and a copy. For a value without a token that
 * work returns the value itself (without its `undefined` entries), and it is most of the
 * time of a large synthesis (bench/PROFILE.md). {@link PlainStack} does what cdktf's
 * `toTerraform` does, with one difference: an element's JSON that holds no token is copied
 * as is, and only JSON with a token (or anything unusual) goes to cdktf's resolver, whole.
 * The stacks that ses-dns builds hold no token, so their synthesis never needs it; a
 * hand-written app that adds its own resources, with tokens, to such a stack gets them
 * resolved by cdktf as before. `test/plain-stack.test.ts` holds the result against
 * cdktf's own `toTerraform`.
 */
import {
  DefaultTokenResolver,
  StringConcat,
  TerraformElement,
  TerraformOutput,
  TerraformStack,
  Tokenization,
} from '../cdktf';
import { hasPlainJson, NOT_PLAIN, plainCopy } from './plain-json';
import type { Json } from './plain-json';

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/**
 * cdktf's merge of element JSON into the stack's (`deepMerge` of its `util`, not exported):
 * objects merge key by key, arrays concatenate, `undefined` deletes, anything else replaces.
 * With `fresh`, `source` is a copy of its own without `undefined` (resolved JSON): an object
 * the target lacks is then taken as it is rather than copied key by key.
 */
function deepMerge(target: Json, source: Json, fresh = false): Json {
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const existing = target[key];
      if (fresh && existing === undefined) target[key] = value;
      else if (Tokenization.isResolvable(value)) target[key] = value;
      else {
        if (typeof existing !== 'object' || existing === null) target[key] = {};
        deepMerge(target[key] as Json, value as Json, fresh);
      }
    } else if (Array.isArray(value)) {
      const existing = target[key];
      target[key] = Array.isArray(existing) ? [...(existing as unknown[]), ...value] : value;
    } else if (value === undefined) {
      delete target[key];
    } else {
      target[key] = value;
    }
  }
  return target;
}

/** Sets `value` at a dotted `path` of `target`, as `addOverride` does. */
function setPath(target: Json, path: string, value: unknown): void {
  const parts = path.split('.');
  let current = target;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) current[part] = {};
    current = current[part] as Json;
  }
  current[parts[parts.length - 1]!] = value;
}

/** The Terraform elements of `scope` and its descendants, in construct order, not entering nested stacks. */
function terraformElements(scope: TerraformStack): TerraformElement[] {
  const elements: TerraformElement[] = [];
  const visit = (node: TerraformStack | TerraformElement | { node: TerraformStack['node'] }): void => {
    if (TerraformElement.isTerraformElement(node)) elements.push(node);
    for (const child of node.node.children) {
      if (!TerraformStack.isStack(child)) visit(child);
    }
  };
  visit(scope);
  return elements;
}

/** A stack that copies token-free element JSON instead of resolving it (see the module comment). */
export class PlainStack extends TerraformStack {
  /** The stack-level overrides, which cdktf keeps private. */
  private readonly stackOverrides: Json = {};

  override addOverride(path: string, value: unknown): void {
    super.addOverride(path, value);
    setPath(this.stackOverrides, path, value);
  }

  /** cdktf's `toTerraform`, with token-free element JSON copied instead of resolved. */
  override toTerraform(): Json {
    return this.terraformJson(terraformElements(this));
  }

  /**
   * {@link toTerraform} of the given elements: the stack's own, in construct order, found
   * by the caller (the synthesizer walks the tree once for its checks and for them).
   */
  terraformJson(elements: readonly TerraformElement[]): Json {
    const overrideKeys = Object.keys(this.stackOverrides);
    const metadata: Json = {
      version: this.node.tryGetContext('cdktfVersion') as unknown,
      stackName: this.node.id,
      backend: 'local',
      ...(overrideKeys.length > 0 ? { overrides: { stack: overrideKeys } } : {}),
    };
    for (const element of elements) deepMerge(metadata, this.resolveJson(element.toMetadata()), true);
    const outputs: Json = {};
    for (const element of elements) {
      if (!TerraformOutput.isTerraformOutput(element)) continue;
      const nested = element.node.path
        .split('/')
        .reduceRight<unknown>((inner, part) => ({ [part]: inner }), element.friendlyUniqueId);
      deepMerge(outputs, nested as Json);
    }
    const tf: Json = { '//': this.resolveJson({ metadata, outputs }) };
    for (const element of elements) {
      const json = (hasPlainJson(element) ? element.plainJson() : undefined) ?? this.resolveJson(element.toTerraform());
      deepMerge(tf, json, true);
    }
    if (overrideKeys.length === 0) return tf;
    // As cdktf: overrides merged unresolved (an undefined value deletes), then resolved.
    deepMerge(tf, this.stackOverrides);
    return this.resolveJson(tf);
  }

  /** `value` resolved as cdktf's `toTerraform` resolves it, without its resolver when it holds no token. */
  private resolveJson(value: unknown): Json {
    const copy = plainCopy(value);
    if (copy !== NOT_PLAIN) return copy as Json;
    return Tokenization.resolve(value, { scope: this, preparing: false, resolver: RESOLVER }) as Json;
  }
}
