// Every analyzer check, sorted by id; test/analyzer/registry.test.ts keeps it in step with checks/.
import type { Check } from './check.js';
import { check as appInterpreterEnvMismatch } from './checks/app-interpreter-env-mismatch.js';
import { check as checkpointExecutesCode } from './checks/checkpoint-executes-code.js';
import { check as checkpointRejectedByWeightsOnly } from './checks/checkpoint-rejected-by-weights-only.js';
import { check as checkpointUnreadable } from './checks/checkpoint-unreadable.js';
import { check as distributionShadowed } from './checks/distribution-shadowed.js';
import { check as espeakLibraryMissing } from './checks/espeak-library-missing.js';
import { check as interpreterBroken } from './checks/interpreter-broken.js';
import { check as interpreterNotFound } from './checks/interpreter-not-found.js';
import { check as jsonConfigUnreadable } from './checks/json-config-unreadable.js';
import { check as knownConstraintViolated } from './checks/known-constraint-violated.js';
import { check as kokoroAssetsMissing } from './checks/kokoro-assets-missing.js';
import { check as modelConfigInvalid } from './checks/model-config-invalid.js';
import { check as pipUnavailable } from './checks/pip-unavailable.js';
import { check as piperVoiceConfigMissing } from './checks/piper-voice-config-missing.js';
import { check as requiresPythonViolated } from './checks/requires-python-violated.js';
import { check as targetPathMissing } from './checks/target-path-missing.js';
import { check as torchImportFailed } from './checks/torch-import-failed.js';
import { check as transformersWeightsMissing } from './checks/transformers-weights-missing.js';
import { check as xttsAssetsMissing } from './checks/xtts-assets-missing.js';

export const CHECKS: readonly Check[] = [
  appInterpreterEnvMismatch,
  checkpointExecutesCode,
  checkpointRejectedByWeightsOnly,
  checkpointUnreadable,
  distributionShadowed,
  espeakLibraryMissing,
  interpreterBroken,
  interpreterNotFound,
  jsonConfigUnreadable,
  knownConstraintViolated,
  kokoroAssetsMissing,
  modelConfigInvalid,
  pipUnavailable,
  piperVoiceConfigMissing,
  requiresPythonViolated,
  targetPathMissing,
  torchImportFailed,
  transformersWeightsMissing,
  xttsAssetsMissing,
];
