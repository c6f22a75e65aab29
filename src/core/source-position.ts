// Line and column of a JSON pointer inside a JSON or YAML text, for error messages people can act on.
import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Document, LineCounter } from 'yaml';
import { lineStarts, positionFromStarts, type Position } from './line-starts.js';

export { lineStarts, positionFromStarts, type Position } from './line-starts.js';

export function pointerSegments(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** 1-based line/column of a character offset. */
export function offsetToPosition(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The deepest existing node on the pointer's path: a missing property points at its parent. */
function deepest<T>(segments: (string | number)[], find: (segs: (string | number)[]) => T | undefined): T | undefined {
  for (let n = segments.length; n >= 0; n--) {
    const node = find(segments.slice(0, n));
    if (node !== undefined) return node;
  }
  return undefined;
}

/**
 * A function from pointer to position that parses the text once and finds lines by binary search:
 * a config with thousands of problems is located in linear time, not one parse per problem.
 */
export function jsonLocator(text: string): (pointer: string) => Position | undefined {
  let tree: JsonNode | undefined;
  let parsed = false;
  let starts: number[] | null = null;
  return (pointer) => {
    if (!parsed) {
      parsed = true;
      try {
        tree = parseTree(text);
      } catch {
        tree = undefined; // nested too deep for the parser: positions are a courtesy
      }
    }
    if (!tree) return undefined;
    starts ??= lineStarts(text);
    const node = deepest<JsonNode>(pointerSegments(pointer), (segs) => findNodeAtLocation(tree!, segs));
    const target = node?.parent?.type === 'property' ? node.parent : node;
    return target ? positionFromStarts(starts, target.offset) : undefined;
  };
}

export function jsonPointerPosition(text: string, pointer: string): Position | undefined {
  const tree = parseTree(text);
  if (!tree) return undefined;
  const node = deepest<JsonNode>(pointerSegments(pointer), (segs) => findNodeAtLocation(tree, segs));
  // A property's value sits after its key: point at the key, where people look.
  const target = node?.parent?.type === 'property' ? node.parent : node;
  return target ? offsetToPosition(text, target.offset) : undefined;
}

/** yaml is loaded on the first YAML file: a JSON config (and explain) never pays for it. */
let yamlModule: typeof Yaml | undefined;
const yaml = (): typeof Yaml => (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml);

export function yamlPointerPosition(doc: Document, counter: LineCounter, pointer: string, atKey = false): Position | undefined {
  const { isMap, isNode, isScalar } = yaml();
  // An unknown key points at the key itself; anything else at the offending value.
  const segs = pointerSegments(pointer);
  const last = segs[segs.length - 1];
  if (atKey && typeof last === 'string') {
    const parent = segs.length === 1 ? doc.contents : doc.getIn(segs.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === last);
      const keyOffset = isNode(pair?.key) ? pair.key.range?.[0] : undefined;
      if (keyOffset !== undefined) {
        const pos = counter.linePos(keyOffset);
        return { line: pos.line, column: pos.col };
      }
    }
  }
  const node = deepest(segs, (segs) => {
    const n = segs.length === 0 ? doc.contents : doc.getIn(segs, true);
    return isNode(n) ? n : undefined;
  });
  const offset = node?.range?.[0];
  if (offset === undefined) return undefined;
  const pos = counter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

export function parseYamlWithPositions(text: string): { doc: Document; counter: LineCounter } {
  const { LineCounter, parseDocument } = yaml();
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  return { doc, counter };
}
