// `node --import this-file ...` records the modules a command really loads: ES modules through the
// resolve hook (module-hooks.mjs), CommonJS ones (require, createRequire) through the CommonJS resolver.
import Module, { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('./module-hooks.mjs', import.meta.url);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (...args) {
  const file = resolveFilename.apply(this, args);
  if (file.startsWith('/')) process.stderr.write(`[module] ${pathToFileURL(file).href}\n`);
  return file;
};
