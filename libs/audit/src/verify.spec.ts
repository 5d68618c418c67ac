/** The pure chain verifier and history cross-check on rows built in memory: every kind of tampering is named. */
import type { CaseEvent, CaseEventData } from '@complaintflow/domain/case';
import { crossCheckHistory } from './cross-check';
import { caseHistoryView } from './case-history';
import { GENESIS_HASH, actorColumns, eventHash } from './hash';
import type { RecordedBatch } from './history';
import { actorFromColumns, recordFromView, viewFromRecord, type AuditRecord } from './records';
import { verifyChain, type ChainProblemKind } from './verify';

const CASE = '9e0d3978-4b3d-4350-88eb-ddc8421b4bc2';
const T0 = Date.parse('2026-11-24T02:00:00Z');

const DATA: CaseEventData[] = [
  { type: 'sla.paused', reason: 'waiting for the outlet' },
  { type: 'sla.resumed', reason: 'outlet answered' },
  { type: 'regulator.replied', text: 'We have contacted the customer.' },
  { type: 'case.reopened', reason: 'customer called again' },
  { type: 'sla.paused', reason: 'holiday' },
];

function eventsOf(data: readonly CaseEventData[] = DATA): CaseEvent[] {
  return data.map((d, i) => ({
    seq: i + 1,
    at: T0 + i * 60_000,
    actor: i % 2 ? { kind: 'staff', id: 'agent-1', role: 'agent' } : { kind: 'system' },
    data: d,
  }));
}

/** A valid chain, as the writer stores it. */
function chain(events: readonly CaseEvent[] = eventsOf(), caseId = CASE): AuditRecord[] {
  let prevHash = GENESIS_HASH;
  return events.map((e) => {
    const hash = eventHash(caseId, 'fast-1', e, prevHash);
    const r: AuditRecord = {
      seq: e.seq,
      type: e.data.type,
      at: e.at,
      actor: actorColumns(e.actor),
      data: e.data,
      policyVersion: 'fast-1',
      prevHash,
      hash,
    };
    prevHash = hash;
    return r;
  });
}

const kinds = (rows: readonly AuditRecord[], lastSeq?: number): [ChainProblemKind, number | undefined][] =>
  verifyChain(CASE, rows, { expectedLastSeq: lastSeq }).problems.map((p) => [
    p.kind,
    'seq' in p ? p.seq : 'afterSeq' in p ? p.afterSeq : p.lastSeq,
  ]);

describe('verifyChain', () => {
  it('verifies an untouched chain, in any input order, and reports its head', () => {
    const rows = chain();
    const v = verifyChain(CASE, [...rows].reverse(), { expectedLastSeq: 5 });
    expect(v).toMatchObject({ verified: true, problems: [], eventCount: 5, lastSeq: 5, headHash: rows[4].hash });
  });

  it('verifies an empty chain only when the case row expects none', () => {
    expect(verifyChain(CASE, []).verified).toBe(true);
    expect(verifyChain(CASE, []).headHash).toBe(GENESIS_HASH);
    expect(kinds([], 3)).toEqual([['truncated', 0]]);
  });

  it('names a changed row by its seq (hash mismatch), and only that row', () => {
    const rows = chain();
    rows[2] = { ...rows[2], data: { type: 'regulator.replied', text: 'We never contacted the customer.' } };
    expect(kinds(rows, 5)).toEqual([['hash_mismatch', 3]]);
    expect(verifyChain(CASE, rows).problems[0].message).toContain('hash mismatch at seq 3');
  });

  it('names a changed actor, instant or policy version (all covered by the hash)', () => {
    for (const patch of [
      { actor: { id: 'agent-2', role: 'agent' } },
      { at: T0 + 60_001 },
      { policyVersion: 'default-1' },
    ]) {
      const rows = chain();
      rows[1] = { ...rows[1], ...patch };
      expect(kinds(rows, 5)).toEqual([['hash_mismatch', 2]]);
    }
  });

  it('names a changed row whose hash was recomputed by the break in the next link', () => {
    const rows = chain();
    const forged: CaseEvent = { seq: 2, at: rows[1].at, actor: { kind: 'system' }, data: rows[1].data };
    rows[1] = {
      ...rows[1],
      actor: actorColumns(forged.actor),
      hash: eventHash(CASE, 'fast-1', forged, rows[1].prevHash),
    };
    expect(kinds(rows, 5)).toEqual([['broken_link', 3]]);
    expect(verifyChain(CASE, rows).problems[0].message).toContain('does not match the hash of seq 2');
  });

  it('names a type column that disagrees with the hashed data (the column is not hashed)', () => {
    const rows = chain();
    rows[0] = { ...rows[0], type: 'case.archived' };
    expect(kinds(rows, 5)).toEqual([['type_mismatch', 1]]);
  });

  it('names a deleted row as a gap after the seq before it', () => {
    const rows = chain().filter((r) => r.seq !== 3);
    expect(kinds(rows, 5)).toEqual([['gap', 2]]);
    expect(verifyChain(CASE, rows).problems[0].message).toBe('gap after seq 2: seq 3 is missing (rows deleted)');
    const two = chain().filter((r) => r.seq !== 2 && r.seq !== 3);
    expect(verifyChain(CASE, two).problems[0].message).toContain('seqs 2–3 are missing');
  });

  it('names deleted first rows: the chain does not start at 1', () => {
    const rows = chain().slice(2);
    expect(kinds(rows, 5)).toEqual([['gap', 0]]);
    expect(verifyChain(CASE, rows).problems[0].message).toContain('does not start at seq 1');
  });

  it('names reordered rows by where their prev_hash points', () => {
    const rows = chain();
    // Rows 2 and 3 exchange places: each is relabelled with the other's seq, stored hashes kept.
    const [two, three] = [rows[1], rows[2]];
    rows[1] = { ...three, seq: 2 };
    rows[2] = { ...two, seq: 3 };
    const problems = verifyChain(CASE, rows, { expectedLastSeq: 5 }).problems;
    expect(problems.filter((p) => p.kind === 'reordered')).toEqual([
      expect.objectContaining({ seq: 2, pointsToSeq: 3 }),
      expect.objectContaining({ seq: 3, pointsToSeq: 1 }),
      expect.objectContaining({ seq: 4, pointsToSeq: 2 }),
    ]);
    // seq is hashed, so the moved rows no longer match their hashes either.
    expect(problems.filter((p) => p.kind === 'hash_mismatch').map((p) => 'seq' in p && p.seq)).toEqual([2, 3]);
    expect(problems.find((p) => p.kind === 'reordered')?.message).toBe(
      'seq 2: prev_hash points to the row at seq 3, not seq 1 (rows reordered)',
    );
  });

  it('cannot see a truncated tail by the chain alone; the case row last_seq catches it', () => {
    const rows = chain().slice(0, 3);
    expect(verifyChain(CASE, rows).verified).toBe(true);
    expect(kinds(rows, 5)).toEqual([['truncated', 3]]);
    expect(verifyChain(CASE, rows, { expectedLastSeq: 5 }).problems[0].message).toContain(
      'the chain ends at seq 3 but the case row records seq 5',
    );
  });

  it('names rows beyond the case row last_seq', () => {
    expect(kinds(chain(), 4)).toEqual([['beyond_projection', 5]]);
  });

  it('names a duplicated seq and a replaced start of the chain', () => {
    const rows = chain();
    expect(kinds([...rows, rows[1]], 5)).toEqual([['duplicate_seq', 2]]);
    const other = chain(eventsOf(), CASE);
    const spliced = [{ ...other[0], prevHash: 'f'.repeat(64) }, ...rows.slice(1)];
    expect(kinds(spliced, 5)).toEqual([
      ['hash_mismatch', 1],
      ['bad_genesis', 1],
    ]);
  });

  it('binds every row to its case: the rows of one case do not verify as another', () => {
    const rows = chain(eventsOf(), '00000000-0000-4000-8000-000000000000');
    expect(kinds(rows, 5).map(([k]) => k)).toEqual(Array(5).fill('hash_mismatch'));
  });
});

describe('row mapping', () => {
  it('maps stored actor columns back to the actor that hashes the same', () => {
    for (const actor of [
      { kind: 'system' } as const,
      { kind: 'customer' } as const,
      { kind: 'staff', id: 'sup-1', role: 'supervisor' } as const,
    ]) {
      expect(actorFromColumns(actorColumns(actor))).toEqual(actor);
    }
  });

  it('round-trips records through the API/bundle view', () => {
    for (const r of chain()) expect(recordFromView(viewFromRecord(r))).toEqual(r);
  });
});

describe('caseHistoryView', () => {
  it('reports the whole chain verified while showing only the events up to asOf', () => {
    const rows = chain();
    const view = caseHistoryView(CASE, rows, { asOfMs: T0 + 90_000, expectedLastSeq: 5 });
    expect(view.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(view.verified).toBe(true);
    expect(view.head).toEqual({ seq: 5, hash: rows[4].hash });
    expect(view.asOf).toBe('2026-11-24T02:01:30.000Z');
  });

  it('is null before the first event, and names a stream that cannot be folded', () => {
    const view = caseHistoryView(CASE, chain(), { asOfMs: T0 - 1, expectedLastSeq: 5 });
    expect(view.state).toBeNull();
    expect(view.events).toEqual([]);
    // These rows start without case.received, so the fold refuses them.
    const later = caseHistoryView(CASE, chain(), { asOfMs: T0 + 1, expectedLastSeq: 5 });
    expect(later.state).toBeNull();
    expect(later.stateError).toEqual(expect.any(String));
  });
});

describe('crossCheckHistory', () => {
  const batch = (events: CaseEvent[], completed = true, lastHash?: string): RecordedBatch => ({
    runId: 'run-1',
    scheduledEventId: 5,
    events,
    completed,
    ...(lastHash ? { lastHash } : {}),
  });

  it('finds nothing when the rows are what the workflow recorded, and the head hashes agree', () => {
    const events = eventsOf();
    const rows = chain(events);
    const result = crossCheckHistory([batch(events.slice(0, 2), true, rows[1].hash), batch(events.slice(2))], rows);
    expect(result).toEqual({ mismatches: [], eventsInHistory: 5, pending: 0 });
  });

  it('names rows that differ from what the workflow recorded', () => {
    const events = eventsOf();
    const rows = chain(events);
    rows[1] = { ...rows[1], data: { type: 'sla.resumed', reason: 'changed' }, actor: { id: 'x', role: 'agent' } };
    rows[2] = { ...rows[2], at: rows[2].at + 1, type: 'case.archived' };
    const kinds = crossCheckHistory([batch(events)], rows).mismatches.map((m) => [m.kind, 'seq' in m && m.seq]);
    expect(kinds).toEqual([
      ['actor_differs', 2],
      ['data_differs', 2],
      ['type_differs', 3],
      ['time_differs', 3],
    ]);
  });

  it('names a recorded event with no row, a row the workflow never recorded, and a rewritten head', () => {
    const events = eventsOf();
    const rows = chain(events);
    const missing = crossCheckHistory([batch(events)], rows.slice(0, 4)).mismatches;
    expect(missing).toEqual([expect.objectContaining({ kind: 'missing_row', seq: 5 })]);
    const extra = crossCheckHistory([batch(events.slice(0, 4))], rows).mismatches;
    expect(extra).toEqual([expect.objectContaining({ kind: 'row_not_in_history', seq: 5 })]);
    const rewritten = crossCheckHistory([batch(events, true, 'a'.repeat(64))], rows).mismatches;
    expect(rewritten).toEqual([expect.objectContaining({ kind: 'head_hash_differs', seq: 5 })]);
  });

  it('counts events of a write not yet completed as pending, not missing', () => {
    const events = eventsOf();
    const result = crossCheckHistory(
      [batch(events.slice(0, 4)), batch(events.slice(4), false)],
      chain(events).slice(0, 4),
    );
    expect(result).toEqual({ mismatches: [], eventsInHistory: 5, pending: 1 });
  });
});
