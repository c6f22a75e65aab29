// A ts-morph Project over the app's files only: no tsconfig, no lib, no node_modules, so a scan stays fast.
import { Project, ts, type SourceFile } from 'ts-morph';

const COMPILER_OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: false,
  noEmit: true,
  // The scan reads symbols, not types: lib.d.ts and @types would only cost parse time.
  noLib: true,
  types: [],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  resolveJsonModule: true,
  jsx: ts.JsxEmit.Preserve,
  skipLibCheck: true,
};

/** Relative imports resolve (so a const can be followed into another app file); packages never do. */
function appOnlyResolution(host: ts.ModuleResolutionHost, options: () => ts.CompilerOptions) {
  return {
    resolveModuleNames(names: string[], containingFile: string): (ts.ResolvedModule | undefined)[] {
      return names.map((name) => {
        if (!name.startsWith('.') && !name.startsWith('/')) return undefined;
        const resolved = ts.resolveModuleName(name, containingFile, options(), host).resolvedModule;
        return resolved && !/[\\/]node_modules[\\/]/.test(resolved.resolvedFileName) ? resolved : undefined;
      });
    },
  };
}

/** The given files (path and text) plus the app files they import, so a const can be followed into its module. */
export function appProject(files: { path: string; text: string }[]): { project: Project; sourceFiles: SourceFile[] } {
  const project = new Project({
    compilerOptions: COMPILER_OPTIONS,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    resolutionHost: appOnlyResolution,
  });
  const sourceFiles = files.map((f) => project.createSourceFile(f.path, f.text, { overwrite: true }));
  project.resolveSourceFileDependencies();
  return { project, sourceFiles };
}

/** The first syntax error of a file, if any: TypeScript recovers, so the rest of the file is still read. */
export function syntaxError(project: Project, sf: SourceFile): { line: number; message: string } | null {
  const d = project.getProgram().compilerObject.getSyntacticDiagnostics(sf.compilerNode)[0];
  if (!d) return null;
  const line = d.start === undefined ? 0 : sf.getLineAndColumnAtPos(d.start).line;
  return { line, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') };
}
