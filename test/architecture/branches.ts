/**
 * Questions only the strategies, the provider data and the record model may answer, found
 * where anything else asks them, with the TypeScript compiler's parser (#18):
 *
 * - `dkim-type`: a comparison or `switch` on a config's DKIM type (`domain.dkim.type === ...`):
 *   the DKIM strategy (src/records/dkim.ts `DkimMethod`) answers instead;
 * - `provider`: a comparison or `switch` on a DNS provider's name (`env.dns.provider`, or any
 *   value against `'route53'` / `'cloudflare'`): the provider's data
 *   (src/providers/<name>/supports.ts `ProviderSupport`) answers instead;
 * - `token-placeholder`: a DKIM token placeholder matched, replaced or built by hand (a regular
 *   expression or a literal holding `dkim-token`, a template that writes `{dkim-token-`), or
 *   `fillTokens` called: records are filled with `withTokens` and matched with
 *   `tokenPattern` / `hasTokenPlaceholder` (src/records/model.ts).
 */
import ts from 'typescript';

/** What kind of question was asked outside its owner. */
export type BranchKind = 'dkim-type' | 'provider' | 'token-placeholder';

/** One place that asks it. */
export interface Branch {
  readonly kind: BranchKind;
  /** 1-based line in the file. */
  readonly line: number;
  /** The code, as written. */
  readonly text: string;
}

const PROVIDER_NAMES = new Set(['route53', 'cloudflare']);
const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

/** `x.name` or `x?.name`, with the name of the object it is read from (`dkim` of `d.dkim.type`). */
function property(node: ts.Node): { name: string; of: string | undefined } | undefined {
  if (!ts.isPropertyAccessExpression(node)) return undefined;
  const object = node.expression;
  const of = ts.isIdentifier(object)
    ? object.text
    : ts.isPropertyAccessExpression(object)
      ? object.name.text
      : undefined;
  return { name: node.name.text, of };
}

/** What a compared value is about, or undefined when it is about neither. */
function subject(node: ts.Node): BranchKind | undefined {
  const inner = ts.isParenthesizedExpression(node) ? node.expression : node;
  const access = property(inner);
  if (access?.name === 'type' && access.of === 'dkim') return 'dkim-type';
  if (access?.name === 'provider' && access.of === 'dns') return 'provider';
  if (ts.isStringLiteralLike(inner) && PROVIDER_NAMES.has(inner.text)) return 'provider';
  return undefined;
}

/** Whether a literal's text writes or matches a placeholder: `{dkim-token-0}`, `/\{dkim-token-(\d)\}/`. */
const placeholderText = (text: string) => /dkim-token-(?!N\})/.test(text);

/** The branches of `text` (the source of `file`) outside their owners. */
export function findBranches(file: string, text: string): Branch[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Branch[] = [];
  const add = (kind: BranchKind, node: ts.Node) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ kind, line, text: node.getText(source) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind)) {
      const kind = subject(node.left) ?? subject(node.right);
      if (kind) add(kind, node);
    } else if (ts.isSwitchStatement(node)) {
      const kind =
        subject(node.expression) ??
        node.caseBlock.clauses.map((c) => (ts.isCaseClause(c) ? subject(c.expression) : undefined)).find(Boolean);
      if (kind) add(kind, node.expression);
    } else if (ts.isRegularExpressionLiteral(node) && /dkim-token/.test(node.text)) {
      add('token-placeholder', node);
    } else if (
      (ts.isStringLiteralLike(node) || ts.isTemplateExpression(node)) &&
      placeholderText(node.getText(source)) &&
      (ts.isTemplateExpression(node) ||
        ts.isTemplateLiteral(node) ||
        ts.isCallExpression(node.parent) ||
        ts.isNewExpression(node.parent))
    ) {
      add('token-placeholder', node);
    } else if (ts.isIdentifier(node) && node.text === 'fillTokens') {
      add('token-placeholder', node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
