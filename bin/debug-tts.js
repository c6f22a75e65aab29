#!/usr/bin/env node
// Entry point of the `debug-tts` command: hands over to the bundled CLI (dist/bundle, made by
// `npm run build`). `--version` alone is answered here, without loading the command line at all:
// start-up is what a user feels, and there is nothing to parse.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { TOOL_VERSION } = await import('../dist/core/version.js');
  process.stdout.write(`${TOOL_VERSION}\n`);
} else {
  const { main } = await import('../dist/bundle/main.js');
  process.exitCode = await main(args);
}
