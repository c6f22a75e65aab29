// Config `app`: resolved against the config file's folder; a path that is not there is a config error (exit 2).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ToolError } from '../../core/tool-errors.js';

export function appPath(app: string | undefined, configFile: string | null, cwd: string): string | undefined {
  if (!app) return undefined;
  const abs = path.resolve(configFile ? path.dirname(configFile) : cwd, app);
  if (!existsSync(abs)) {
    const from = configFile ? ` in ${configFile}` : '';
    throw new ToolError('E_APP_NOT_FOUND', `"app": "${app}"${from} names ${abs}, which does not exist.`);
  }
  return abs;
}
