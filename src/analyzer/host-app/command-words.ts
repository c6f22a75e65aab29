// The command and arguments of a call, whatever its shape: (file, args[]), one shell string, fork's execPath, or a $`...` template.
import { Node, type ObjectLiteralExpression } from 'ts-morph';
import type { CallShape } from './spawn-apis.js';
import { resolveArray, resolveValue, unwrap, type Value } from './resolve-value.js';
import { splitShellWords } from './python-command.js';

export interface CommandWords {
  /** The command as written (source text). */
  text: string;
  command: Value;
  /** Each argument's constant value, null where it is not constant. */
  args: (string | null)[];
}

const asString = (v: Value): string | null => (v.kind === 'literal' ? v.value : null);

/** `args` holds a call's arguments, or for a tagged template its template. */
export function commandWords(shape: CallShape, args: Node[]): CommandWords | null {
  const first = args[0];
  if (!first) return null;
  if (shape === 'template') return templateWords(first);
  if (shape === 'shell') return shellWords(first);
  if (shape === 'fork') return forkWords(args);
  // execa's `$(options)` without a template only binds options; it starts nothing.
  if (Node.isObjectLiteralExpression(unwrap(first))) return null;
  const second = args[1];
  const list = second && !Node.isObjectLiteralExpression(unwrap(second)) ? resolveArray(second) : [];
  return { text: first.getText(), command: resolveValue(first), args: list ? list.map(asString) : [null] };
}

function forkWords(args: Node[]): CommandWords | null {
  const options = [args[2], args[1]].map((a) => (a ? unwrap(a) : undefined)).find((a): a is ObjectLiteralExpression => Node.isObjectLiteralExpression(a));
  const execPath = options?.getProperty('execPath');
  // Without execPath, fork runs Node.
  if (!execPath) return null;
  const valueNode = Node.isPropertyAssignment(execPath) ? execPath.getInitializer() : Node.isShorthandPropertyAssignment(execPath) ? execPath.getNameNode() : undefined;
  if (!valueNode) return null;
  const second = args[1] && Node.isArrayLiteralExpression(unwrap(args[1])) ? resolveArray(args[1]) : [];
  const script = asString(resolveValue(args[0]!));
  const rest = second ? second.map(asString) : [null];
  // fork's module path comes first: it is what the forked interpreter runs.
  return { text: valueNode.getText(), command: resolveValue(valueNode), args: [script, ...rest] };
}

function shellWords(node: Node): CommandWords | null {
  const n = unwrap(node);
  if (Node.isTemplateExpression(n)) return templateWords(n);
  const v = resolveValue(n);
  if (v.kind !== 'literal') return { text: n.getText(), command: v, args: [] };
  const [cmd, ...rest] = splitShellWords(v.value);
  return cmd ? { text: cmd, command: { kind: 'literal', value: cmd }, args: rest } : null;
}

/** Words of a template: literal text splits on whitespace, `${expr}` is part of the word it touches. */
function templateWords(node: Node): CommandWords | null {
  const n = unwrap(node);
  const pieces: (string | Node)[] = [];
  if (Node.isNoSubstitutionTemplateLiteral(n)) pieces.push(n.getLiteralText());
  else if (Node.isTemplateExpression(n)) {
    pieces.push(n.getHead().getLiteralText());
    for (const span of n.getTemplateSpans()) pieces.push(span.getExpression(), span.getLiteral().getLiteralText());
  } else return shellWords(n);
  const words: (string | Node)[][] = [[]];
  for (const piece of pieces) {
    if (typeof piece !== 'string') {
      words[words.length - 1]!.push(piece);
      continue;
    }
    const parts = piece.split(/\s+/);
    parts.forEach((part, i) => {
      if (i > 0) words.push([]);
      if (part) words[words.length - 1]!.push(part);
    });
  }
  const nonEmpty = words.filter((w) => w.length);
  const [cmd, ...rest] = nonEmpty;
  if (!cmd) return null;
  const text = cmd.map((p) => (typeof p === 'string' ? p : `\${${p.getText()}}`)).join('');
  return { text, command: wordValue(cmd), args: rest.map((w) => asString(wordValue(w))) };
}

function wordValue(word: (string | Node)[]): Value {
  if (word.length === 1 && typeof word[0] !== 'string') return resolveValue(word[0]!);
  let text = '';
  for (const part of word) {
    const v = typeof part === 'string' ? { kind: 'literal' as const, value: part } : resolveValue(part);
    if (v.kind !== 'literal') return { kind: 'unknown', default: null };
    text += v.value;
  }
  return { kind: 'literal', value: text };
}
