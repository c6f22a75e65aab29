#!/usr/bin/env node
// Entry point of the `debug-tts` command: hands over to the compiled CLI.
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
