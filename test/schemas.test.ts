// Every schema in schemas/ compiles under ajv strict mode and carries a versioned $id.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCHEMA_IDS, schemaFiles, schemaRegistry } from '../src/core/schemas.js';

const dir = fileURLToPath(new URL('../schemas/', import.meta.url));

describe('schemas', () => {
  const files = schemaFiles();
  it('finds the schemas, nested ones included', () => {
    expect(files).toContain('model-configs/kokoro-config.schema.json');
    expect(files.length).toBe(readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.schema.json')).length);
  });
  it.each(files)('%s has a versioned $id and compiles', (file) => {
    const schema = JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as { $id: string };
    expect(schema.$id).toMatch(/^https:\/\/debug-tts\.dev\/schemas\/[a-z-]+-\d+\.json$/);
    expect(schemaRegistry().getSchema(schema.$id)).toBeTypeOf('function');
  });

  it('knows every id the code asks for', () => {
    for (const id of Object.values(SCHEMA_IDS)) expect(schemaRegistry().getSchema(id), id).toBeTypeOf('function');
  });
});
