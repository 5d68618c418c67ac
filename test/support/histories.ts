/**
 * Committed workflow histories (workflows/histories/*.json) for the CI determinism gate. They stand for running
 * cases, so they are never overwritten: `npm run histories:record` (RECORD_HISTORIES=1) writes each scenario's history
 * to a NEW file named after the scenario and the recording (`<scenario>.<UTC time>-<commit>.json`) and adds it to
 * `manifest.json`, which pins every file's SHA-256. The replay test replays every file the manifest lists and fails
 * when one was changed, removed or added without the manifest.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { decodePayloadsIn } from '@complaintflow/contracts/decode-payloads';
import { testDataConverter } from './payload-keys';

const testPayloadCodecs = () => testDataConverter.payloadCodecs ?? [];

export const HISTORIES_DIR = resolve(__dirname, '..', '..', 'workflows', 'histories');
export const MANIFEST_FILE = 'manifest.json';

/** One committed history: its scenario, SHA-256 of the file, and which code recorded it. */
export interface HistoryEntry {
  readonly scenario: string;
  readonly sha256: string;
  readonly recordedAt: string;
  readonly recordedWith: string;
}

export type HistoryManifest = Record<string, HistoryEntry>;

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

export function readManifest(dir = HISTORIES_DIR): HistoryManifest {
  const path = join(dir, MANIFEST_FILE);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as HistoryManifest) : {};
}

function writeManifest(manifest: HistoryManifest, dir = HISTORIES_DIR): void {
  const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(sorted, null, 2)}\n`);
}

function currentCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * Adds a recorded history as a new file and pins it in the manifest; an existing file is never written again
 * (`wx`: the write fails rather than overwrite). Returns the file name.
 */
export function addHistory(scenario: string, json: string, dir = HISTORIES_DIR, now = new Date()): string {
  const recordedAt = now.toISOString();
  const commit = currentCommit();
  const file = `${scenario}.${recordedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${commit}.json`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), json, { flag: 'wx' });
  writeManifest(
    { ...readManifest(dir), [file]: { scenario, sha256: sha256(json), recordedAt, recordedWith: commit } },
    dir,
  );
  return file;
}

export async function maybeRecordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  // Committed decoded (the server stores it encrypted, docs/adr/0017-payload-encryption.md): a replay needs no key.
  addHistory(name, historyToJSON(await decodePayloadsIn(await handle.fetchHistory(), testPayloadCodecs())));
}
