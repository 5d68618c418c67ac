// Lint rules: type-aware typescript-eslint, promises must be handled, and workflow code may not import Node
// built-ins or anything that does I/O (it runs in Temporal's deterministic sandbox).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '**/dist/',
      '.data/',
      '.tools/',
      'coverage/',
      'workflows/histories/',
      'apps/console/src/api/schema.d.ts',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Deterministic code: workflows and the pure domain. No Node built-ins, no I/O, no frameworks.
    files: ['workflows/src/**/*.ts', 'libs/domain/src/**/*.ts'],
    // code.ts locates and bundles the workflow code for workers and replayers: Node-side, never in the bundle.
    ignores: ['**/*.spec.ts', 'workflows/src/code.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Node built-ins are not allowed in deterministic code.',
          })),
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', 'pg', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
              message: 'No I/O or framework imports in deterministic code.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Use the SDK sleep() in workflows.' }],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'No randomness: pass it in.' },
      ],
    },
  },
  {
    files: ['libs/domain/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'libs/domain is pure: no Node built-ins.' })),
          patterns: [
            { group: ['@*', '!@/'], message: 'libs/domain imports nothing outside itself.' },
            { group: ['../../../*'], message: 'libs/domain imports nothing outside itself.' },
          ],
        },
      ],
    },
  },
);
