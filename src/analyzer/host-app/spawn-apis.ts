// Which calls in a file start a process: child_process and execa functions, however they were imported or required.
import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import { unwrap } from './resolve-value.js';

export type ProcessModule = 'child_process' | 'execa';

/** How a call passes its command: `file` (command, args[], options), `shell` (one command string), `fork` (module, args, {execPath}), `template` ($`cmd ...`). */
export type CallShape = 'file' | 'shell' | 'fork' | 'template';

export interface ProcessApi {
  module: ProcessModule;
  name: string;
}

const MODULES: Record<string, ProcessModule> = { child_process: 'child_process', 'node:child_process': 'child_process', execa: 'execa' };

const SHAPES: Record<ProcessModule, Record<string, CallShape>> = {
  child_process: { spawn: 'file', spawnSync: 'file', execFile: 'file', execFileSync: 'file', exec: 'shell', execSync: 'shell', fork: 'fork' },
  execa: { execa: 'file', execaSync: 'file', $: 'file', execaCommand: 'shell', execaCommandSync: 'shell' },
};

export function callShape(api: ProcessApi): CallShape | undefined {
  return SHAPES[api.module][api.name];
}

type Binding = ProcessApi | { module: ProcessModule; namespace: true };

/** Local names bound to process APIs in one file: imports, `import x = require()`, `require()`, `await import()`, promisify. */
export function processBindings(sf: SourceFile): Map<string, Binding> {
  const bindings = new Map<string, Binding>();
  for (const imp of sf.getImportDeclarations()) {
    const module = MODULES[imp.getModuleSpecifierValue()];
    if (!module) continue;
    const def = imp.getDefaultImport();
    // child_process's default export is the module; execa 5's default export was the execa function.
    if (def) bindings.set(def.getText(), module === 'execa' ? { module, name: 'execa' } : { module, namespace: true });
    const ns = imp.getNamespaceImport();
    if (ns) bindings.set(ns.getText(), { module, namespace: true });
    for (const named of imp.getNamedImports()) bindings.set(named.getAliasNode()?.getText() ?? named.getName(), { module, name: named.getName() });
  }
  for (const eq of sf.getDescendantsOfKind(SyntaxKind.ImportEqualsDeclaration)) {
    const ref = eq.getModuleReference();
    const module = Node.isExternalModuleReference(ref) ? MODULES[ref.getExpression()?.getText().slice(1, -1) ?? ''] : undefined;
    if (module) bindings.set(eq.getName(), { module, namespace: true });
  }
  const declarations = sf.getDescendantsOfKind(SyntaxKind.VariableDeclaration);
  for (const decl of declarations) {
    const init = decl.getInitializer();
    const module = init ? requiredModule(unwrap(init)) : undefined;
    if (module) bind(bindings, decl.getNameNode(), { module, namespace: true });
  }
  // Second pass: names derived from the first (`promisify(execFile)`, `const { spawn } = cp`).
  for (const decl of declarations) {
    const init = decl.getInitializer();
    if (!init) continue;
    const n = unwrap(init);
    const promisified = Node.isCallExpression(n) && /(^|\.)promisify$/.test(n.getExpression().getText()) ? n.getArguments()[0] : undefined;
    const api = promisified ? apiOf(promisified, bindings) : undefined;
    if (api) bindings.set(decl.getName(), api);
    const ns = Node.isIdentifier(n) ? bindings.get(n.getText()) : undefined;
    if (ns && 'namespace' in ns) bind(bindings, decl.getNameNode(), ns);
  }
  return bindings;
}

/** `require('child_process')` / `import('execa')` -> the module. */
function requiredModule(n: Node): ProcessModule | undefined {
  if (!Node.isCallExpression(n)) return undefined;
  const callee = n.getExpression();
  const isRequire = Node.isIdentifier(callee) && callee.getText() === 'require';
  if (!isRequire && callee.getKind() !== SyntaxKind.ImportKeyword) return undefined;
  const arg = n.getArguments()[0];
  return arg && Node.isStringLiteral(arg) ? MODULES[arg.getLiteralValue()] : undefined;
}

function bind(bindings: Map<string, Binding>, name: Node, ns: { module: ProcessModule; namespace: true }): void {
  if (Node.isIdentifier(name)) bindings.set(name.getText(), ns);
  else if (Node.isObjectBindingPattern(name)) {
    for (const el of name.getElements()) {
      const local = el.getNameNode();
      if (Node.isIdentifier(local)) bindings.set(local.getText(), { module: ns.module, name: el.getPropertyNameNode()?.getText() ?? local.getText() });
    }
  }
}

/** The process API a callee names (`spawn`, `cp.spawn`, `$`, `$({cwd})`), if any. */
export function apiOf(callee: Node, bindings: Map<string, Binding>): ProcessApi | undefined {
  const n = unwrap(callee);
  if (Node.isIdentifier(n)) {
    const b = bindings.get(n.getText());
    return b && !('namespace' in b) ? b : undefined;
  }
  if (Node.isPropertyAccessExpression(n)) {
    const b = bindings.get(unwrap(n.getExpression()).getText());
    return b && 'namespace' in b ? { module: b.module, name: n.getName() } : undefined;
  }
  return undefined;
}
