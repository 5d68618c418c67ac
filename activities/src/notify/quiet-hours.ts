/**
 * Quiet hours: when a message may not go out yet, and until when it waits (docs/adr/0011-notification-relay-on-temporal.md).
 * - Customers are never messaged between 21:00 and 08:00 Beijing time (the relay's default `customerQuietHours`).
 * - A staff member's notice waits outside their service hours (their `quietHours` window) unless the case is urgent
 *   or major (R-FLOW-3: those go to a supervisor at once, and at once means now).
 * Pure: times are epoch milliseconds, the wall clock is a fixed UTC offset (China has no daylight saving time).
 */

/** A daily window of local wall-clock time, `HH:MM` to `HH:MM`; `start` after `end` spans midnight (21:00–08:00). */
export interface QuietWindow {
  readonly start: string;
  readonly end: string;
}

/** Beijing time, the wall clock of every window unless the relay is told otherwise. */
export const BEIJING_OFFSET_MINUTES = 480;

/** The customers' quiet window: no message between 21:00 and 08:00. */
export const CUSTOMER_QUIET_HOURS: QuietWindow = { start: '21:00', end: '08:00' };

const DAY_MS = 86_400_000;
const HHMM = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** Minutes after midnight of an `HH:MM` time (`24:00` is 1440); throws on anything else. */
export function minutesOfDay(hhmm: string): number {
  const m = HHMM.exec(hhmm);
  if (!m) throw new Error(`not a time of day (HH:MM): ${hhmm}`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 1440) throw new Error(`not a time of day (HH:MM): ${hhmm}`);
  return minutes;
}

/**
 * The instant the window ends if `now` falls inside it (the message waits until then), else `null` (it may go now).
 * The window is `[start, end)`; an empty window (`start` = `end`) never holds anything back.
 */
export function quietUntil(now: number, window: QuietWindow, offsetMinutes = BEIJING_OFFSET_MINUTES): number | null {
  const start = minutesOfDay(window.start);
  const end = minutesOfDay(window.end);
  if (start === end) return null;
  const local = now + offsetMinutes * 60_000;
  const sinceMidnight = ((local % DAY_MS) + DAY_MS) % DAY_MS;
  const minute = sinceMidnight / 60_000;
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return null;
  let endLocal = local - sinceMidnight + end * 60_000;
  if (endLocal <= local) endLocal += DAY_MS;
  return endLocal - offsetMinutes * 60_000;
}
