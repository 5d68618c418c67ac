/** Recording a workflow history never overwrites one: a new recording is a new file, pinned in the manifest. */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addHistory, readManifest, sha256 } from '../support/histories';

describe('workflow history recordings', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cf-histories-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('adds each recording as a new file and keeps the older one of the same scenario', () => {
    const first = addHistory('happy-path', '{"events":[1]}', dir, new Date('2026-11-24T01:00:00Z'));
    const second = addHistory('happy-path', '{"events":[1,2]}', dir, new Date('2026-12-01T08:00:00Z'));
    expect(first).not.toBe(second);
    expect(readFileSync(join(dir, first), 'utf8')).toBe('{"events":[1]}');
    expect(readdirSync(dir).sort()).toEqual([first, second, 'manifest.json'].sort());
    const manifest = readManifest(dir);
    expect(manifest[first]).toMatchObject({ scenario: 'happy-path', sha256: sha256('{"events":[1]}') });
    expect(manifest[second]).toMatchObject({ scenario: 'happy-path', sha256: sha256('{"events":[1,2]}') });
  });

  it('refuses to write over an existing file', () => {
    const at = new Date('2026-11-24T01:00:00Z');
    addHistory('inadmissible', '{"a":1}', dir, at);
    expect(() => addHistory('inadmissible', '{"a":2}', dir, at)).toThrow(/EEXIST/);
  });
});
