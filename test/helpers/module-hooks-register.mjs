// `node --import this-file ...` records the modules a command really loads (see module-hooks.mjs).
import { register } from 'node:module';

register('./module-hooks.mjs', import.meta.url);
