// Static evaluation of a command expression: constants, `process.env.X ?? 'default'`, consts and config properties followed to where they are set.
import { Node, SyntaxKind, type BinaryExpression, type Symbol as MorphSymbol, type TemplateExpression } from 'ts-morph';

export type Value =
  | { kind: 'literal'; value: string }
  /** `at` is the `process.env` access, for the report's file:line. */
  | { kind: 'env'; name: string; default: string | null; at: Node }
  /** Not known statically; `default` when a `?? 'python3'` still tells what it falls back to. */
  | { kind: 'unknown'; default: string | null };

const UNKNOWN: Value = { kind: 'unknown', default: null };
const MAX_DEPTH = 24;

/** Drops wrappers that do not change the value: parens, `as`, `satisfies`, `!`, `<T>x`, `await`. */
export function unwrap(node: Node): Node {
  let n = node;
  while (
    Node.isParenthesizedExpression(n) || Node.isAsExpression(n) || Node.isSatisfiesExpression(n) ||
    Node.isNonNullExpression(n) || Node.isTypeAssertion(n) || Node.isAwaitExpression(n)
  ) n = n.getExpression();
  return n;
}

/** `process.env`, or a const set to it (`const env = process.env`). */
function isProcessEnv(node: Node, depth = 0): boolean {
  const n = unwrap(node);
  if (Node.isPropertyAccessExpression(n)) return n.getName() === 'env' && unwrap(n.getExpression()).getText() === 'process';
  if (!Node.isIdentifier(n) || depth > 2) return false;
  const decl = n.getSymbol()?.getDeclarations()[0];
  if (Node.isVariableDeclaration(decl)) {
    const init = decl.getInitializer();
    return Boolean(init && isProcessEnv(init, depth + 1));
  }
  // `const { env } = process`
  return Node.isBindingElement(decl) && decl.getName() === 'env' && !decl.getPropertyNameNode() &&
    decl.getFirstAncestorByKind(SyntaxKind.VariableDeclaration)?.getInitializer()?.getText() === 'process';
}

/** `process.env.X` / `process.env['X']` -> X. */
function envName(n: Node): string | null {
  if (Node.isPropertyAccessExpression(n) && isProcessEnv(n.getExpression())) return n.getName();
  if (Node.isElementAccessExpression(n) && isProcessEnv(n.getExpression())) {
    const arg = n.getArgumentExpression();
    if (arg && (Node.isStringLiteral(arg) || Node.isNoSubstitutionTemplateLiteral(arg))) return arg.getLiteralValue();
  }
  return null;
}

// A const used at many sites is evaluated once; the placeholder also ends cycles (`const a = b; const b = a`).
const memo = new WeakMap<Node, Value>();

export function resolveValue(node: Node, depth = 0): Value {
  const known = memo.get(node);
  if (known) return known;
  if (depth > MAX_DEPTH) return UNKNOWN;
  memo.set(node, UNKNOWN);
  const value = evaluate(node, depth);
  memo.set(node, value);
  return value;
}

function evaluate(node: Node, depth: number): Value {
  const n = unwrap(node);
  if (Node.isStringLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n)) return { kind: 'literal', value: n.getLiteralValue() };
  const env = envName(n);
  if (env) return { kind: 'env', name: env, default: null, at: n };
  if (Node.isTemplateExpression(n)) return template(n, depth);
  if (Node.isBinaryExpression(n)) return fallback(n, depth);
  if (Node.isIdentifier(n)) return fromSymbol(n.getSymbol(), depth);
  if (Node.isPropertyAccessExpression(n)) return fromSymbol(n.getNameNode().getSymbol(), depth);
  if (Node.isElementAccessExpression(n)) {
    const arg = n.getArgumentExpression();
    return arg ? fromSymbol(arg.getSymbol() ?? n.getSymbol(), depth) : UNKNOWN;
  }
  if (Node.isCallExpression(n) && n.getArguments().length === 0) return returned(unwrap(n.getExpression()), depth);
  return UNKNOWN;
}

function template(n: TemplateExpression, depth: number): Value {
  const head = n.getHead().getLiteralText();
  const spans = n.getTemplateSpans();
  const values = spans.map((s) => resolveValue(s.getExpression(), depth + 1));
  // `${python}` alone is the variable itself.
  if (spans.length === 1 && !head && !spans[0]!.getLiteral().getLiteralText()) return values[0]!;
  let text = head;
  for (const [i, s] of spans.entries()) {
    const v = values[i]!;
    if (v.kind !== 'literal') return UNKNOWN;
    text += v.value + s.getLiteral().getLiteralText();
  }
  return { kind: 'literal', value: text };
}

/** `a ?? b` and `a || b`: the app's variable with its default. */
function fallback(n: BinaryExpression, depth: number): Value {
  const op = n.getOperatorToken().getKind();
  if (op !== SyntaxKind.QuestionQuestionToken && op !== SyntaxKind.BarBarToken) return UNKNOWN;
  const left = resolveValue(n.getLeft(), depth + 1);
  if (left.kind === 'literal' && (op === SyntaxKind.QuestionQuestionToken || left.value)) return left;
  const right = resolveValue(n.getRight(), depth + 1);
  const dflt = right.kind === 'literal' ? right.value : right.default;
  if (left.kind === 'env') return left.default === null ? { ...left, default: dflt } : left;
  if (left.kind === 'unknown') return left.default !== null ? left : { kind: 'unknown', default: dflt };
  return right;
}

/** Follows an identifier or property to its declaration (through imports) and evaluates what it is set to. */
function fromSymbol(symbol: MorphSymbol | undefined, depth: number): Value {
  if (!symbol) return UNKNOWN;
  const target = symbol.isAlias() ? symbol.getAliasedSymbol() ?? symbol : symbol;
  for (const decl of target.getDeclarations()) {
    const v = fromDeclaration(decl, depth + 1);
    if (v.kind !== 'unknown' || v.default !== null) return v;
  }
  return UNKNOWN;
}

function fromDeclaration(decl: Node, depth: number): Value {
  if (Node.isVariableDeclaration(decl) || Node.isParameterDeclaration(decl) || Node.isPropertyDeclaration(decl) ||
      Node.isPropertyAssignment(decl) || Node.isBindingElement(decl) || Node.isEnumMember(decl)) {
    const init = decl.getInitializer();
    if (init) return resolveValue(init, depth);
    if (Node.isBindingElement(decl)) return fromSymbol(decl.getPropertyNameNode()?.getSymbol() ?? decl.getNameNode().getSymbol(), depth);
    return UNKNOWN;
  }
  if (Node.isShorthandPropertyAssignment(decl)) return fromSymbol(decl.getValueSymbol(), depth);
  if (Node.isExportAssignment(decl)) return resolveValue(decl.getExpression(), depth);
  if (Node.isGetAccessorDeclaration(decl) || Node.isFunctionDeclaration(decl) || Node.isMethodDeclaration(decl)) return bodyReturn(decl, depth);
  return UNKNOWN;
}

/** `pythonBin()`: a function whose body is one `return <expr>` (or an arrow's expression body). */
function returned(callee: Node, depth: number): Value {
  if (Node.isArrowFunction(callee) || Node.isFunctionExpression(callee)) return bodyReturn(callee, depth);
  const symbol = Node.isIdentifier(callee) ? callee.getSymbol() : Node.isPropertyAccessExpression(callee) ? callee.getNameNode().getSymbol() : undefined;
  const target = symbol?.isAlias() ? symbol.getAliasedSymbol() ?? symbol : symbol;
  for (const decl of target?.getDeclarations() ?? []) {
    const fn = Node.isVariableDeclaration(decl) || Node.isPropertyAssignment(decl) ? decl.getInitializer() : decl;
    if (fn) {
      const v = bodyReturn(unwrap(fn), depth + 1);
      if (v.kind !== 'unknown' || v.default !== null) return v;
    }
  }
  return UNKNOWN;
}

function bodyReturn(fn: Node, depth: number): Value {
  if (!Node.isArrowFunction(fn) && !Node.isFunctionExpression(fn) && !Node.isFunctionDeclaration(fn) &&
      !Node.isMethodDeclaration(fn) && !Node.isGetAccessorDeclaration(fn)) return UNKNOWN;
  const body = fn.getBody();
  if (!body) return UNKNOWN;
  if (!Node.isBlock(body)) return resolveValue(body, depth);
  const statements = body.getStatements();
  const only = statements.length === 1 ? statements[0] : undefined;
  const expr = only && Node.isReturnStatement(only) ? only.getExpression() : undefined;
  return expr ? resolveValue(expr, depth) : UNKNOWN;
}

/** An array literal (or a const set to one), each element evaluated; null when it is not one. */
export function resolveArray(node: Node, depth = 0): Value[] | null {
  if (depth > MAX_DEPTH) return null;
  const n = unwrap(node);
  if (Node.isArrayLiteralExpression(n)) {
    return n.getElements().map((e) => (Node.isSpreadElement(e) || Node.isOmittedExpression(e) ? UNKNOWN : resolveValue(e, depth + 1)));
  }
  if (Node.isIdentifier(n) || Node.isPropertyAccessExpression(n)) {
    const symbol = Node.isIdentifier(n) ? n.getSymbol() : n.getNameNode().getSymbol();
    const target = symbol?.isAlias() ? symbol.getAliasedSymbol() ?? symbol : symbol;
    for (const decl of target?.getDeclarations() ?? []) {
      const init = Node.isVariableDeclaration(decl) || Node.isPropertyAssignment(decl) ? decl.getInitializer() : undefined;
      if (init) return resolveArray(init, depth + 1);
    }
  }
  return null;
}
