/**
 * The layering check of `npm run lint` (.dependency-cruiser.cjs) can fail: violations are planted in a scratch copy
 * of the package layout and each rule must report its own, while the repository itself passes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '..', '..');
const config = join(repoRoot, '.dependency-cruiser.cjs');
const depcruise = join(repoRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
}

/** Runs the lint's dependency check in `cwd` on `dirs`; returns its violations (it exits non-zero when there are). */
function cruise(cwd: string, dirs: string[]): Violation[] {
  let out: string;
  try {
    out = execFileSync(process.execPath, [depcruise, '--config', config, '--output-type', 'json', ...dirs], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    out = (err as { stdout?: string }).stdout ?? '';
    if (!out) throw err;
  }
  return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('the layering the lint enforces', () => {
  it('passes on the repository as it is', () => {
    expect(cruise(repoRoot, ['apps', 'libs', 'workflows', 'activities', 'scripts', 'test'])).toEqual([]);
  });

  describe('fails on planted violations', () => {
    let scratch: string;
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), text);
    };
    const pkg = (dir: string, name: string) =>
      write(
        `${dir}/package.json`,
        JSON.stringify({ name: `@complaintflow/${name}`, exports: { './*': { source: './src/*.ts' } } }),
      );

    beforeAll(() => {
      scratch = mkdtempSync(join(tmpdir(), 'cf-layering-'));
      write(
        'tsconfig.json',
        JSON.stringify({
          compilerOptions: { module: 'node16', moduleResolution: 'node16', customConditions: ['source'] },
        }),
      );
      for (const [dir, name] of [
        ['libs/domain', 'domain'],
        ['libs/persistence', 'persistence'],
        ['workflows', 'workflows'],
        ['apps/api', 'api'],
        ['apps/worker', 'worker'],
      ]) {
        pkg(dir, name);
        mkdirSync(join(scratch, 'node_modules', '@complaintflow'), { recursive: true });
        symlinkSync(join(scratch, dir), join(scratch, 'node_modules', '@complaintflow', name));
      }
      write('libs/domain/src/rule.ts', `export const rule = 1;\n`);
      // A cycle inside one package.
      write('libs/domain/src/a.ts', `import { b } from './b';\nexport const a = () => b;\n`);
      write('libs/domain/src/b.ts', `import { a } from './a';\nexport const b = () => a;\n`);
      // An arrow back up: the pure domain importing persistence, by name.
      write(
        'libs/domain/src/upward.ts',
        `import { row } from '@complaintflow/persistence/row';\nexport const x = row;\n`,
      );
      write(
        'libs/persistence/src/row.ts',
        `import { rule } from '@complaintflow/domain/rule';\nexport const row = rule;\n`,
      );
      // A library importing an app.
      write(
        'libs/persistence/src/from-app.ts',
        `import { app } from '@complaintflow/api/app';\nexport const y = app;\n`,
      );
      write('apps/api/src/app.ts', `export const app = 1;\n`);
      // One app importing another.
      write('apps/worker/src/main.ts', `import { app } from '@complaintflow/api/app';\nexport const z = app;\n`);
      // A relative path into another package instead of its name (the layer itself is allowed).
      write('workflows/src/flow.ts', `import { rule } from '../../libs/domain/src/rule';\nexport const w = rule;\n`);
    });
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    it('names each planted violation by its rule', () => {
      const found = cruise(scratch, ['libs', 'workflows', 'apps']).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
      expect(found).toEqual(
        expect.arrayContaining([
          'layer:libs/domain: libs/domain/src/upward.ts → libs/persistence/src/row.ts',
          'layer:libs/persistence: libs/persistence/src/from-app.ts → apps/api/src/app.ts',
          'nothing-imports-apps: libs/persistence/src/from-app.ts → apps/api/src/app.ts',
          'apps-stay-apart: apps/worker/src/main.ts → apps/api/src/app.ts',
          'packages-by-name: workflows/src/flow.ts → libs/domain/src/rule.ts',
          'no-circular: libs/domain/src/a.ts → libs/domain/src/b.ts',
        ]),
      );
      // The allowed arrows stay quiet: persistence → domain by name, and the relative import's layer.
      expect(found.filter((f) => f.startsWith('layer:libs/persistence: libs/persistence/src/row.ts'))).toEqual([]);
      expect(found.filter((f) => f.startsWith('layer:workflows'))).toEqual([]);
    });
  });
});
