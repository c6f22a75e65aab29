// Run by `npm run build` after tsc and precompile: bundles what `bin/debug-tts.js` runs into
// dist/bundle/, one entry per command with shared chunks (esbuild code splitting:
// https://esbuild.github.io/api/#splitting). Node then resolves, reads and links a dozen files
// instead of about 740 modules (execa alone is 263), which is most of a run's start-up.
// - Entries sit one level below dist/, as in the tsc output, so `import.meta.url`-relative paths
//   (src/core/paths.ts, src/reporter/html.ts, src/core/schemas.ts) resolve the same from both.
// - Packages loaded lazily with createRequire (typescript, ts-morph, handlebars, ajv, yaml) stay
//   external: they load from node_modules, and only when used. The rest is bundled, CommonJS ones
//   too: an ES module importing a CommonJS file makes node lex its source for exports first.
// - dist/bundle/meta.json maps every output file to the modules inside it: the module-graph test
//   reads it to say which source modules a command really loaded.
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = path.join(ROOT, 'dist', 'bundle');

// Chunk names carry content hashes: last build's chunks would pile up beside the new ones.
rmSync(OUT, { recursive: true, force: true });
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: ['dist/cli/main.js', 'dist/cli/explain.js', 'dist/cli/run.js', 'dist/cli/gate-commands.js', 'dist/cli/init.js'],
  entryNames: '[name]',
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['typescript', 'ts-morph', 'handlebars', 'ajv', 'ajv-formats', 'yaml'],
  // jsonc-parser's "main" is a UMD build with dynamic requires; its "module" build bundles.
  mainFields: ['module', 'main'],
  // execa's CommonJS dependencies (cross-spawn) call require(): give the ES module one.
  banner: { js: "import { createRequire as __debugTtsRequire } from 'node:module'; const require = __debugTtsRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(path.join(OUT, 'meta.json'), JSON.stringify(result.metafile));
const files = Object.keys(result.metafile.outputs);
console.log(`bundled ${Object.keys(result.metafile.inputs).length} modules into ${files.length} files in dist/bundle`);
