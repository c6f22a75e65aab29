// Asserts a value against one of the project's schemas, with ajv's complaints in the failure message.
import { expect } from 'vitest';
import { schemaIssues, validator } from '../../src/core/schemas.js';

export function expectValid(id: string, value: unknown): void {
  const validate = validator(id);
  const ok = validate(value);
  expect(ok ? [] : schemaIssues(validate.errors)).toEqual([]);
}
