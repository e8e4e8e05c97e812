import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SCHEMA_URL, schemaValidator } from '../../src/manifest/schema.js';
import { explain } from '../../src/manifest/validate.js';

/**
 * The validator is compiled from schemas/keys.schema.json at build time. These tests keep the
 * committed module in step with the schema, and prove it explains every bad manifest exactly as
 * the run-time compiler it replaced did (same problems, same words).
 */
const REPO = join(import.meta.dirname, '..', '..');
const SCRIPT = join(REPO, 'scripts', 'gen-validator.mjs');
const CORPUS = join(REPO, 'test', 'fixtures', 'bad-manifests');
const tmp = mkdtempSync(join(tmpdir(), 'byok-gen-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('ahead-of-time schema validator', () => {
  it('the committed module is what the schema compiles to', () => {
    const run = spawnSync(process.execPath, [SCRIPT, '--check'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('--check fails, naming the fix, when the module is stale', () => {
    const stale = join(tmp, 'stale.ts');
    const current = readFileSync(join(REPO, 'src', 'manifest', 'keys-validator.generated.ts'), 'utf8');
    writeFileSync(stale, current.replace('"maxLength":8192', '"maxLength":8193'));
    const run = spawnSync(process.execPath, [SCRIPT, '--check', '--out', stale], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('npm run build');
  });

  it('regenerates the same bytes (the output is deterministic)', () => {
    const out = join(tmp, 'fresh.ts');
    execFileSync(process.execPath, [SCRIPT, '--out', out]);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(REPO, 'src', 'manifest', 'keys-validator.generated.ts'), 'utf8'));
  });

  const runtime = new Ajv2020({ allErrors: true, verbose: true, strictSchema: true, strictTypes: false, strictRequired: false })
    .compile(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object);
  const cases = readdirSync(CORPUS).filter((c) => existsSync(join(CORPUS, c, 'keys.yaml'))).sort();

  it.each(cases)('explains %s as the run-time compiled schema does', (name) => {
    let data: unknown;
    try {
      data = parse(readFileSync(join(CORPUS, name, 'keys.yaml'), 'utf8'));
    } catch {
      return; // YAML syntax errors never reach the schema
    }
    const generated = schemaValidator();
    const okGenerated = generated(data);
    const okRuntime = runtime(data);
    expect(okGenerated).toBe(okRuntime);
    expect(explain(generated.errors ?? [], data)).toEqual(explain(runtime.errors ?? [], data));
  });

  it('finds schema problems in the corpus (the comparison above is not vacuous)', () => {
    const withProblems = cases.filter((name) => {
      try {
        return !schemaValidator()(parse(readFileSync(join(CORPUS, name, 'keys.yaml'), 'utf8')));
      } catch {
        return false;
      }
    });
    expect(withProblems.length).toBeGreaterThan(5);
  });
});
