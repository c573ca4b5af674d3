/**
 * Just enough of Terraform's template syntax to read what CDKTF writes into `cdk.tf.json`:
 * string templates with `${...}` interpolations, `$${` escapes, and references of the form
 * `[data.]<type>.<name>.<attribute>`.
 *
 * @see https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping
 * @see https://developer.hashicorp.com/terraform/language/expressions/strings#interpolation
 */

/** One piece of a string template: literal text or the source of one interpolation. */
export type TemplatePart = { readonly literal: string } | { readonly expression: string };

/**
 * Splits a JSON string value into literal text and `${...}` interpolations. Braces inside an
 * interpolation nest (an object constructor), and `$${` stands for a literal `${`.
 *
 * @throws when an interpolation is not closed.
 */
export function parseTemplate(value: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < value.length) {
    if (value.startsWith('$${', i)) {
      literal += '${';
      i += 3;
      continue;
    }
    if (!value.startsWith('${', i)) {
      literal += value[i++];
      continue;
    }
    let depth = 1;
    let j = i + 2;
    let inString = false;
    for (; j < value.length && depth > 0; j++) {
      const ch = value[j];
      if (inString) {
        if (ch === '\\') j++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === '{') depth++;
      else if (ch === '}') depth--;
    }
    if (depth !== 0) throw new Error(`unclosed interpolation in ${JSON.stringify(value)}`);
    if (literal) parts.push({ literal });
    literal = '';
    parts.push({ expression: value.slice(i + 2, j - 1).trim() });
    i = j;
  }
  if (literal) parts.push({ literal });
  return parts;
}

/** A reference to an attribute of a resource or data source. */
export interface Reference {
  /** `resource` or `data`. */
  readonly mode: 'resource' | 'data';
  /** Terraform type, such as `aws_route53_zone`. */
  readonly type: string;
  /** The logical name (CDKTF construct id). */
  readonly name: string;
  /** The attribute path after the name, such as `zone_id`. */
  readonly attribute: string;
}

/** Reads `expression` as a bare reference (`data.aws_route53_zone.main.zone_id`), or undefined. */
export function parseReference(expression: string): Reference | undefined {
  const match = /^(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)\.([A-Za-z0-9_.[\]]+)$/.exec(expression.trim());
  if (!match) return undefined;
  return {
    mode: match[1] ? 'data' : 'resource',
    type: match[2],
    name: match[3],
    attribute: match[4],
  };
}

/** When the whole string is one interpolation, its expression; otherwise undefined. */
export function soleExpression(value: string): string | undefined {
  const parts = parseTemplate(value);
  return parts.length === 1 && 'expression' in parts[0] ? parts[0].expression : undefined;
}

/** An Easy DKIM token expression: which identity's token list, and which element of it. */
export interface DkimTokenRef {
  /** Logical name of the `aws_sesv2_email_identity`. */
  readonly identity: string;
  /** Position in the identity's token list (0..2), or the text of an index expression. */
  readonly index: number | string;
}

/**
 * Recognises an expression that picks one Easy DKIM token from an identity, whatever the
 * spelling CDKTF chose: `element(aws_sesv2_email_identity.x.dkim_signing_attributes[0].tokens, 1)`,
 * `...dkim_signing_attributes.tokens[1]`, `...dkim_signing_attributes.0.tokens.1`, and the
 * same with `count.index` as the index. The tokens are only known after apply, so the
 * harness substitutes its own.
 */
export function parseDkimTokenRef(expression: string): DkimTokenRef | undefined {
  const identity = /aws_sesv2_email_identity\.([A-Za-z_][A-Za-z0-9_-]*)\.dkim_signing_attributes\b/.exec(expression);
  if (!identity || !/\btokens\b/.test(expression)) return undefined;
  const after = expression.slice(expression.search(/\btokens\b/) + 'tokens'.length);
  const index =
    /^\s*\[\s*([^\]]+?)\s*\]/.exec(after)?.[1] ?? // tokens[1]
    /^\.(\d+)/.exec(after)?.[1] ?? // tokens.1
    /^[^,]*,\s*([^)]+?)\s*\)\s*$/.exec(after)?.[1]; // element(...tokens, 1)
  if (index === undefined) return undefined;
  return { identity: identity[1], index: /^\d+$/.test(index) ? Number(index) : index };
}
