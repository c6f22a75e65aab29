// Line and column of a JSON pointer inside a JSON or YAML text, for error messages people can act on.
import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';

export interface Position {
  line: number;
  column: number;
}

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

export function jsonPointerPosition(text: string, pointer: string): Position | undefined {
  const tree = parseTree(text);
  if (!tree) return undefined;
  const node = deepest<JsonNode>(pointerSegments(pointer), (segs) => findNodeAtLocation(tree, segs));
  // A property's value sits after its key: point at the key, where people look.
  const target = node?.parent?.type === 'property' ? node.parent : node;
  return target ? offsetToPosition(text, target.offset) : undefined;
}

export function yamlPointerPosition(doc: Document, counter: LineCounter, pointer: string): Position | undefined {
  const node = deepest(pointerSegments(pointer), (segs) => {
    const n = segs.length === 0 ? doc.contents : doc.getIn(segs, true);
    return isNode(n) ? n : undefined;
  });
  const offset = node?.range?.[0];
  if (offset === undefined) return undefined;
  const pos = counter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

export function parseYamlWithPositions(text: string): { doc: Document; counter: LineCounter } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  return { doc, counter };
}
