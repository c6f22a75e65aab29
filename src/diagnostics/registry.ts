// Every failure signature, sorted by id; test/diagnostics/registry.test.ts keeps it in step with signatures/.
import type { Signature } from './signature.js';
import { signature as checkpointNotACheckpoint } from './signatures/checkpoint-not-a-checkpoint.js';
import { signature as configKeyMissing } from './signatures/config-key-missing.js';
import { signature as containerPlatformMismatch } from './signatures/container-platform-mismatch.js';
import { signature as cudaArchUnsupported } from './signatures/cuda-arch-unsupported.js';
import { signature as cudaDriverTooOld } from './signatures/cuda-driver-too-old.js';
import { signature as cudaOutOfMemory } from './signatures/cuda-out-of-memory.js';
import { signature as espeakDataMissing } from './signatures/espeak-data-missing.js';
import { signature as espeakFallbackDisabled } from './signatures/espeak-fallback-disabled.js';
import { signature as espeakLibraryMissing } from './signatures/espeak-library-missing.js';
import { signature as externallyManagedEnvironment } from './signatures/externally-managed-environment.js';
import { signature as glibcTooOld } from './signatures/glibc-too-old.js';
import { signature as hostAllocationFailed } from './signatures/host-allocation-failed.js';
import { signature as hubEntryNotFound } from './signatures/hub-entry-not-found.js';
import { signature as hubOffline } from './signatures/hub-offline.js';
import { signature as importFromNamespacePackage } from './signatures/import-from-namespace-package.js';
import { signature as importNameMissing } from './signatures/import-name-missing.js';
import { signature as libstdcxxTooOld } from './signatures/libstdcxx-too-old.js';
import { signature as missingRequiredArgument } from './signatures/missing-required-argument.js';
import { signature as modelFileMissing } from './signatures/model-file-missing.js';
import { signature as moduleNotFound } from './signatures/module-not-found.js';
import { signature as mpsUnavailable } from './signatures/mps-unavailable.js';
import { signature as nativeCrash } from './signatures/native-crash.js';
import { signature as nativeSymbolMismatch } from './signatures/native-symbol-mismatch.js';
import { signature as noMatchingDistribution } from './signatures/no-matching-distribution.js';
import { signature as numpy2AbiBreak } from './signatures/numpy2-abi-break.js';
import { signature as onnxruntimeCudaLibrariesMissing } from './signatures/onnxruntime-cuda-libraries-missing.js';
import { signature as onnxruntimeProviderUnavailable } from './signatures/onnxruntime-provider-unavailable.js';
import { signature as phonemizerForkReplaced } from './signatures/phonemizer-fork-replaced.js';
import { signature as pipDependencyConflict } from './signatures/pip-dependency-conflict.js';
import { signature as pipInterpreterMismatch } from './signatures/pip-interpreter-mismatch.js';
import { signature as pipLauncherStaleInterpreter } from './signatures/pip-launcher-stale-interpreter.js';
import { signature as piperPhonemizeUnavailable } from './signatures/piper-phonemize-unavailable.js';
import { signature as platformPackageUnavailable } from './signatures/platform-package-unavailable.js';
import { signature as positionalArgumentsMismatch } from './signatures/positional-arguments-mismatch.js';
import { signature as processKilledOom } from './signatures/process-killed-oom.js';
import { signature as requiresPythonMismatch } from './signatures/requires-python-mismatch.js';
import { signature as sharedLibraryMissing } from './signatures/shared-library-missing.js';
import { signature as spacyModelMissing } from './signatures/spacy-model-missing.js';
import { signature as stageTimedOut } from './signatures/stage-timed-out.js';
import { signature as stateDictKeysMismatch } from './signatures/state-dict-keys-mismatch.js';
import { signature as stateDictSizeMismatch } from './signatures/state-dict-size-mismatch.js';
import { signature as torchCudaUnavailable } from './signatures/torch-cuda-unavailable.js';
import { signature as transformersNameRemoved } from './signatures/transformers-name-removed.js';
import { signature as unexpectedKeywordArgument } from './signatures/unexpected-keyword-argument.js';
import { signature as voiceFileMissing } from './signatures/voice-file-missing.js';
import { signature as weightsOnlyUnsupportedGlobal } from './signatures/weights-only-unsupported-global.js';

export const SIGNATURES: readonly Signature[] = [
  checkpointNotACheckpoint,
  configKeyMissing,
  containerPlatformMismatch,
  cudaArchUnsupported,
  cudaDriverTooOld,
  cudaOutOfMemory,
  espeakDataMissing,
  espeakFallbackDisabled,
  espeakLibraryMissing,
  externallyManagedEnvironment,
  glibcTooOld,
  hostAllocationFailed,
  hubEntryNotFound,
  hubOffline,
  importFromNamespacePackage,
  importNameMissing,
  libstdcxxTooOld,
  missingRequiredArgument,
  modelFileMissing,
  moduleNotFound,
  mpsUnavailable,
  nativeCrash,
  nativeSymbolMismatch,
  noMatchingDistribution,
  numpy2AbiBreak,
  onnxruntimeCudaLibrariesMissing,
  onnxruntimeProviderUnavailable,
  phonemizerForkReplaced,
  pipDependencyConflict,
  pipInterpreterMismatch,
  pipLauncherStaleInterpreter,
  piperPhonemizeUnavailable,
  platformPackageUnavailable,
  positionalArgumentsMismatch,
  processKilledOom,
  requiresPythonMismatch,
  sharedLibraryMissing,
  spacyModelMissing,
  stageTimedOut,
  stateDictKeysMismatch,
  stateDictSizeMismatch,
  torchCudaUnavailable,
  transformersNameRemoved,
  unexpectedKeywordArgument,
  voiceFileMissing,
  weightsOnlyUnsupportedGlobal,
];
