/**
 * The policy document in force for new cases: the JSON file named by `POLICY_FILE` (default the shipped
 * `config/policy/default.json`), validated at boot with `validatePolicy`. A bad file stops the boot with a message
 * naming the path and every error; a case keeps the version it started under (the snapshot goes to the workflow).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { PolicyDocument } from '@complaintflow/domain/policy/types';
import { validatePolicy } from '@complaintflow/domain/policy/validate';

export const DEFAULT_POLICY_FILE = 'config/policy/default.json';

export class PolicyFileError extends Error {
  constructor(
    readonly path: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid policy file ${path}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PolicyFileError';
  }
}

/** The project root (the folder holding `config/policy`), from source or from `dist/`. */
function projectRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, DEFAULT_POLICY_FILE))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

/** Resolves a policy path: absolute as given; relative to the working directory, else to the project root. */
export function resolvePolicyPath(file: string | undefined): string {
  const name = file ?? DEFAULT_POLICY_FILE;
  if (isAbsolute(name)) return name;
  const fromCwd = resolve(process.cwd(), name);
  return existsSync(fromCwd) ? fromCwd : resolve(projectRoot(), name);
}

/** Reads and validates the policy file. @throws PolicyFileError naming the path and each problem. */
export function loadPolicyFile(file: string | undefined): PolicyDocument {
  const path = resolvePolicyPath(file);
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PolicyFileError(path, [`cannot be read: ${(err as Error).message}`]);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch (err) {
    throw new PolicyFileError(path, [`is not valid JSON: ${(err as Error).message}`]);
  }
  const result = validatePolicy(doc);
  if (!result.ok)
    throw new PolicyFileError(
      path,
      result.errors.map((e) => `${e.path}: ${e.reason}`),
    );
  return result.policy;
}
