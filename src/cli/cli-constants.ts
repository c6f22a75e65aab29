// Names the command line shows in its help: kept apart so that `--help`, `--version` and `explain`
// load none of the run machinery (probes, renderers, schemas, execa).
export const DEFAULT_OUTPUT_DIR = 'debug-tts-report';
export const FORMATS = ['json', 'html', 'junit', 'markdown'] as const;
