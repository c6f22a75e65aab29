// JSON as Python reads it: json.load accepts Infinity/NaN, and transformers 5's @strict configs tell an int literal from a float one.
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { schemaDocument } from '../core/schemas.js';

// Same-length stand-ins keep every offset, so line/column found in the stand-in text hold for the file.
const STAND_IN: Record<string, string> = { Infinity: '1e999999', '-Infinity': '-1e999999', NaN: '0.0' };

/** The text with Python's non-standard number literals replaced by JSON of the same length (strings untouched). */
export function strictJsonText(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|-?Infinity\b|\bNaN\b/g, (m) => STAND_IN[m] ?? m);
}

/** JSON.parse that accepts what Python's json.load accepts (coqui-tts writes `"max_audio_len": Infinity`). */
export function parsePythonJson(text: string): unknown {
  return JSON.parse(strictJsonText(text));
}

export interface LiteralIssue {
  pointer: string;
  message: string;
  expected: string;
  found: string;
}

type Schema = Record<string, unknown>;

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

function follow(root: Schema, fragment: string): Schema | undefined {
  let node: unknown = root;
  for (const seg of fragment.split('/').filter(Boolean)) node = isSchema(node) ? node[seg.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return isSchema(node) ? node : undefined;
}

function resolveRef(ref: string, root: Schema): { schema: Schema; root: Schema } | undefined {
  const [uri, fragment = ''] = ref.split('#');
  const target = uri ? (schemaDocument(uri)) : root;
  const schema = target && follow(target, fragment);
  return schema && target ? { schema, root: target } : undefined;
}

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function visit(schema: Schema, node: JsonNode, pointer: string, root: Schema, text: string, out: LiteralIssue[]): void {
  if (typeof schema.$ref === 'string') {
    const r = resolveRef(schema.$ref, root);
    if (r) visit(r.schema, node, pointer, r.root, text, out);
  }
  if (node.type === 'number') {
    const literal = text.slice(node.offset, node.offset + node.length);
    const floatLiteral = /[.eE]|Infinity|NaN/.test(literal);
    const types = [schema.type].flat();
    if (schema.format === 'float' && !floatLiteral) {
      out.push({ pointer, message: `must be a float: transformers' @strict config rejects the int ${literal} (write ${literal}.0)`, expected: 'float', found: `int ${literal}` });
    } else if (types.includes('integer') && !types.includes('number') && floatLiteral && Number.isInteger(node.value)) {
      out.push({ pointer, message: `must be an int: transformers' @strict config rejects the float ${literal} (write ${String(node.value)})`, expected: 'int', found: `float ${literal}` });
    }
  } else if (node.type === 'object') {
    const props = isSchema(schema.properties) ? schema.properties : {};
    for (const prop of node.children ?? []) {
      const [keyNode, valueNode] = prop.children ?? [];
      if (!keyNode || !valueNode) continue;
      const key = String(keyNode.value);
      const sub = props[key] ?? schema.additionalProperties;
      if (isSchema(sub)) visit(sub, valueNode, `${pointer}/${escape(key)}`, root, text, out);
    }
  } else if (node.type === 'array' && isSchema(schema.items)) {
    const items = schema.items;
    (node.children ?? []).forEach((child, i) => visit(items, child, `${pointer}/${i}`, root, text, out));
  }
}

/**
 * Numbers whose literal is the wrong Python type for the schema: `1` where it says format "float", `192.0` where
 * it says integer. JSON Schema cannot see this (1 and 1.0 are the same number), transformers 5 can.
 */
export function numberLiteralIssues(schemaId: string, text: string): LiteralIssue[] {
  const root = schemaDocument(schemaId);
  const standIn = strictJsonText(text);
  const tree = parseTree(standIn);
  if (!isSchema(root) || !tree) return [];
  const out: LiteralIssue[] = [];
  // The tree comes from the stand-in text; literals are sliced from the file's own text (same offsets).
  visit(root, tree, '', root, text, out);
  return out;
}
