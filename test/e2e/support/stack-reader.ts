/**
 * Reads one `cdk.tf.json` the way Terraform would evaluate it at apply time, for the small
 * set of expressions ses-dns stacks use: literal values, references to literal attributes
 * of other blocks, `count.index`, variables with defaults, and Easy DKIM tokens (which only
 * exist after apply, so the harness supplies them).
 */
import type { Problem, TokenSource } from './model';
import { normalizeName } from './dns-text';
import { parseDkimTokenRef, parseReference, parseTemplate, soleExpression, type Reference } from './tf-expr';

type Json = Record<string, unknown>;

/** One instance of a resource: a `count` of N gives N instances. */
export interface ResourceInstance {
  /** Terraform address, with `[i]` for counted instances. */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly body: Json;
  /** `count.index` of this instance, when the resource is counted. */
  readonly countIndex?: number;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A nested block as CDKTF writes it: an object, or a list holding one object. */
export function block(value: unknown): Json | undefined {
  if (Array.isArray(value)) return isObject(value[0]) ? value[0] : undefined;
  return isObject(value) ? value : undefined;
}

/** Evaluates strings of one stack and collects what it cannot read as problems. */
export class StackReader {
  readonly problems: Problem[] = [];
  private readonly resources: Json;
  private readonly data: Json;

  constructor(
    readonly json: Json,
    private readonly tokens: TokenSource,
  ) {
    this.resources = isObject(json.resource) ? json.resource : {};
    this.data = isObject(json.data) ? json.data : {};
  }

  /** Records a problem against `address`. */
  report(severity: Problem['severity'], address: string, message: string): void {
    this.problems.push({ severity, address, message });
  }

  /** Every instance of resources of `type`, expanding a literal `count`. */
  instances(type: string): ResourceInstance[] {
    const byName = this.resources[type];
    if (!isObject(byName)) return [];
    const out: ResourceInstance[] = [];
    for (const [name, body] of Object.entries(byName)) {
      if (!isObject(body)) continue;
      const address = `${type}.${name}`;
      if (body.for_each !== undefined) {
        this.report(
          'error',
          address,
          'for_each is not interpreted by the harness (and over DKIM tokens fails at plan, hashicorp/terraform#30246)',
        );
        continue;
      }
      if (body.count === undefined) {
        out.push({ address, type, name, body });
        continue;
      }
      const count = typeof body.count === 'number' ? body.count : Number.NaN;
      if (!Number.isInteger(count)) {
        this.report('error', address, `count ${JSON.stringify(body.count)} is not a literal number`);
        continue;
      }
      for (let i = 0; i < count; i++) out.push({ address: `${address}[${i}]`, type, name, body, countIndex: i });
    }
    return out;
  }

  /** The body of a data source, or undefined. */
  dataSource(type: string, name: string): Json | undefined {
    const byName = this.data[type];
    return isObject(byName) && isObject(byName[name]) ? byName[name] : undefined;
  }

  /** The body of a resource, or undefined. */
  resource(type: string, name: string): Json | undefined {
    const byName = this.resources[type];
    return isObject(byName) && isObject(byName[name]) ? byName[name] : undefined;
  }

  /**
   * Evaluates a string attribute. Returns undefined (and reports why) when the value is
   * missing, not a string, or holds an expression the harness cannot evaluate.
   */
  string(value: unknown, at: ResourceInstance, attribute: string): string | undefined {
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string') {
      this.report(
        'error',
        at.address,
        `${attribute} is ${value === undefined ? 'missing' : `not a string: ${JSON.stringify(value)}`}`,
      );
      return undefined;
    }
    let parts;
    try {
      parts = parseTemplate(value);
    } catch (error) {
      this.report('error', at.address, `${attribute}: ${(error as Error).message}`);
      return undefined;
    }
    let out = '';
    for (const part of parts) {
      if ('literal' in part) {
        out += part.literal;
        continue;
      }
      const evaluated = this.expression(part.expression, at);
      if (evaluated === undefined) {
        this.report('error', at.address, `${attribute}: cannot evaluate \${${part.expression}}`);
        return undefined;
      }
      out += evaluated;
    }
    return out;
  }

  /** A number attribute written as a number or a numeric string. */
  number(value: unknown, at: ResourceInstance, attribute: string): number | undefined {
    const text = typeof value === 'number' ? String(value) : this.string(value, at, attribute);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isFinite(n)) {
      this.report('error', at.address, `${attribute} is not a number: ${JSON.stringify(value)}`);
      return undefined;
    }
    return n;
  }

  /** The reference when `value` is exactly one reference interpolation. */
  reference(value: unknown): Reference | undefined {
    if (typeof value !== 'string') return undefined;
    try {
      const expression = soleExpression(value);
      return expression === undefined ? undefined : parseReference(expression);
    } catch {
      return undefined;
    }
  }

  /** The region of the AWS provider a block names (`aws.<alias>`), or of the default one. */
  awsRegion(providerRef: unknown, at: ResourceInstance): string | undefined {
    const providers = (isObject(this.json.provider) ? this.json.provider.aws : undefined) as unknown;
    const list = (Array.isArray(providers) ? providers : [providers]).filter(isObject);
    const alias = typeof providerRef === 'string' ? /^aws\.(.+)$/.exec(providerRef)?.[1] : undefined;
    if (providerRef !== undefined && alias === undefined) {
      this.report('error', at.address, `provider ${JSON.stringify(providerRef)} is not an aws.<alias> reference`);
      return undefined;
    }
    const config = list.find((p) => (alias === undefined ? p.alias === undefined : p.alias === alias));
    if (!config) {
      this.report('error', at.address, alias ? `no AWS provider with alias "${alias}"` : 'no default AWS provider');
      return undefined;
    }
    return this.string(config.region, at, `provider region${alias ? ` (${alias})` : ''}`);
  }

  private expression(expression: string, at: ResourceInstance): string | undefined {
    if (expression === 'count.index' && at.countIndex !== undefined) return String(at.countIndex);
    const token = parseDkimTokenRef(expression);
    if (token) return this.dkimToken(token.identity, token.index, at);
    if (/^var\.[A-Za-z_][A-Za-z0-9_-]*$/.test(expression)) return this.variableDefault(expression.slice(4));
    const ref = parseReference(expression);
    if (!ref) return undefined;
    const body = ref.mode === 'data' ? this.dataSource(ref.type, ref.name) : this.resource(ref.type, ref.name);
    const value = body?.[ref.attribute];
    // Only attributes written literally in the configuration are known before apply.
    return typeof value === 'string' && !value.includes('${') ? value : undefined;
  }

  private variableDefault(name: string): string | undefined {
    const variables = isObject(this.json.variable) ? this.json.variable : {};
    const variable = variables[name];
    const value = isObject(variable) ? variable.default : undefined;
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  }

  private dkimToken(identity: string, index: number | string, at: ResourceInstance): string | undefined {
    const i = index === 'count.index' ? at.countIndex : typeof index === 'number' ? index : undefined;
    const body = this.resource('aws_sesv2_email_identity', identity);
    const domain = typeof body?.email_identity === 'string' ? normalizeName(body.email_identity) : undefined;
    if (i === undefined || domain === undefined) return undefined;
    if (i < 0 || i > 2) {
      // SES returns exactly three tokens; element() would wrap around, an index would fail.
      this.report('error', at.address, `DKIM token index ${i} is outside the three tokens SES returns`);
      return undefined;
    }
    return this.tokens({ name: identity, domain }, i);
  }
}
