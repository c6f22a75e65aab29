// A compiled extension crashed the process (SIGSEGV, SIGILL, SIGBUS, SIGABRT): faulthandler printed
// the Python stack of the crashing thread, and its innermost frame under site-packages names the
// extension being loaded; the probe says which distribution and version installed it.
import type { Fix } from '../../core/report-types.js';
import type { Signature, SignatureMatch } from '../signature.js';
import { advice, command, distributionFor, installedDistribution, pyRun, quotedPython, shellQuote } from '../fix-kit.js';
import { faulthandlerFrames } from '../frames.js';
import { evidenceOf, firstHit } from '../text-scan.js';

const NATIVE_SIGNALS = /^SIG(?:SEGV|ILL|BUS|ABRT)$/;
/** What faulthandler (or a shell) prints for such a crash when only the log is at hand. */
const CRASH_LINE = /Fatal Python error: (Segmentation fault|Illegal instruction|Bus error|Aborted)/;
const SIGNAL_OF: Record<string, string> = { 'Segmentation fault': 'SIGSEGV', 'Illegal instruction': 'SIGILL', 'Bus error': 'SIGBUS', Aborted: 'SIGABRT' };


export const signature: Signature = {
  meta: {
    id: 'native-crash',
    category: 'abi-break',
    severity: 'error',
    title: 'A compiled extension crashed the process',
    sources: ['https://docs.python.org/3/library/faulthandler.html', 'https://github.com/microsoft/onnxruntime/issues/10165', 'https://github.com/pytorch/pytorch/issues/78490'],
  },

  match(input): SignatureMatch | null {
    const died = input.death?.status === 'crashed' && NATIVE_SIGNALS.test(input.death.signal ?? '') ? input.death.signal! : null;
    const line = died ? null : firstHit(input, CRASH_LINE);
    if (!died && !line) return null;
    const signal = died ?? SIGNAL_OF[line!.match[1]!]!;
    // The innermost frame in an installed package: the extension being loaded or called (ctypes or
    // importlib frames under it are only how it was called).
    const frame = faulthandlerFrames(input.text).find((f) => f.pkg) ?? null;
    const dist = frame?.pkg ? installedDistribution(input, frame.pkg) : null;
    const evidence = [...(line ? evidenceOf([line]) : [{ label: 'signal', value: signal }])];
    if (frame) evidence.push({ label: 'crashed in', value: `${frame.file}:${frame.line} (${frame.fn})` });
    if (dist) evidence.push({ label: 'installed', value: `${dist.name} ${dist.version}` });
    return {
      // A fact of the run when the process died by the signal; below a specific signature that reads why.
      confidence: died ? 0.75 : 0.7,
      title: frame?.pkg ? `${frame.pkg} crashed the process with ${signal}` : `The process crashed with ${signal} inside compiled code`,
      evidence,
      captures: { signal, ...(frame ? { file: frame.file, line: String(frame.line), pkg: frame.pkg ?? '' } : {}), ...(dist ? { dist: dist.name, version: dist.version } : {}) },
    };
  },

  fixes(m, input): Fix[] {
    const { signal, pkg, file, line, dist, version } = m.captures;
    const out: Fix[] = [];
    if (pkg) {
      const spec = dist ? `${dist}==${version}` : distributionFor(pkg);
      out.push(command(
        `Reinstall ${spec} from a wheel built for this platform and Python (the crash is in ${file}:${line})`,
        pyRun(input, ['-m', 'pip', 'install', '--force-reinstall', '--no-deps', '--no-cache-dir', '--only-binary', ':all:', spec]),
        { runnable: false },
      ));
      out.push(advice(
        `Or pin ${dist ?? pkg} to a release built against the installed numpy / torch`,
        `A ${signal} while importing or calling a compiled extension means it was built for another ABI (another numpy or torch major, another CPU or glibc). Install the ${dist ?? pkg} release whose wheel matches them, or the numpy/torch it was built for.`,
      ));
    }
    out.push(command('Get the native backtrace of the crash', `gdb -batch -ex run -ex bt --args ${quotedPython(input)} -X faulthandler -c ${shellQuote(pkg ? `import ${pkg}` : 'import torch')}`, { runnable: false }));
    return out;
  },
};
