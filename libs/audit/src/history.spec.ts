/** Reading a case workflow's history, pure: what it says was recorded, and which part of it a replay can check. */
import { defaultPayloadConverter } from '@temporalio/common';
import type { CaseEvent } from '@complaintflow/domain/case';
import { recordedBatches, replayableHistory, runsClosed, type CaseRun, type History } from './history';

type Ev = NonNullable<History['events']>[number];

let id = 0;
const ev = (attrs: Partial<Ev>): Ev => ({ eventId: ++id, ...attrs }) as Ev;
const started = () => ev({ workflowExecutionStartedEventAttributes: {} });
const wftScheduled = () => ev({ workflowTaskScheduledEventAttributes: {} });
const wftStarted = () => ev({ workflowTaskStartedEventAttributes: {} });
const wftCompleted = () => ev({ workflowTaskCompletedEventAttributes: {} });
const timer = () => ev({ timerStartedEventAttributes: {} });

const event = (seq: number): CaseEvent => ({
  seq,
  at: 1_795_485_600_000 + seq,
  actor: { kind: 'system' },
  data: { type: 'sla.paused', reason: `r${seq}` },
});

function scheduled(events: CaseEvent[], name = 'recordCaseEvents'): Ev {
  return ev({
    activityTaskScheduledEventAttributes: {
      activityType: { name },
      input: {
        payloads: [defaultPayloadConverter.toPayload({ workflowId: 'w', events, state: { policyVersion: 'p1' } })],
      },
    },
  });
}

const completed = (scheduledEventId: number, lastHash: string) =>
  ev({
    activityTaskCompletedEventAttributes: {
      // A Long in real histories; the reader takes numbers, strings and Longs alike.
      scheduledEventId: scheduledEventId as never,
      result: { payloads: [defaultPayloadConverter.toPayload({ written: 1, lastHash })] },
    },
  });

describe('recordedBatches', () => {
  it('decodes each recordCaseEvents input, and the head hash of those that completed', () => {
    const a = scheduled([event(1), event(2)]);
    const other = scheduled([event(9)], 'sendNotification');
    const b = scheduled([event(3)]);
    const run: CaseRun = {
      runId: 'r1',
      history: { events: [started(), a, other, completed(Number(a.eventId), 'h2'), b] },
    };
    expect(recordedBatches(run)).toEqual([
      {
        runId: 'r1',
        scheduledEventId: Number(a.eventId),
        events: [event(1), event(2)],
        state: { policyVersion: 'p1' },
        completed: true,
        lastHash: 'h2',
      },
      {
        runId: 'r1',
        scheduledEventId: Number(b.eventId),
        events: [event(3)],
        state: { policyVersion: 'p1' },
        completed: false,
      },
    ]);
  });
});

describe('replayableHistory', () => {
  it('keeps a closed run whole', () => {
    const h: History = {
      events: [
        started(),
        wftScheduled(),
        wftStarted(),
        wftCompleted(),
        ev({ workflowExecutionTerminatedEventAttributes: {} }),
      ],
    };
    expect(replayableHistory(h)).toBe(h);
    expect(runsClosed([{ runId: 'r', history: h }])).toBe(true);
  });

  it('cuts an open run after its last completed task and the commands it wrote', () => {
    const kept = [started(), wftScheduled(), wftStarted(), wftCompleted(), timer(), scheduled([event(1)])];
    const h: History = { events: [...kept, ev({ activityTaskStartedEventAttributes: {} }), wftScheduled()] };
    expect(replayableHistory(h)?.events).toEqual(kept);
    expect(runsClosed([{ runId: 'r', history: h }])).toBe(false);
  });

  it('has nothing to replay in a run whose code has not completed a task (a run just continued as new)', () => {
    expect(replayableHistory({ events: [started()] })).toBeUndefined();
    expect(replayableHistory({ events: [started(), wftScheduled(), wftStarted()] })).toBeUndefined();
    expect(runsClosed([])).toBe(false);
  });
});
