/** Display helpers: money in yuan from fen, times in the viewer's zone, countdowns. */
export const yuan = (fen: number | null | undefined): string =>
  typeof fen === 'number' ? `¥${(fen / 100).toFixed(2)}` : '—';

export const when = (iso: string | null | undefined, lang: 'zh' | 'en'): string =>
  iso ? new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false }) : '—';

/** '2时05分' / '2h 05m' left (negative: overdue by). */
export function countdown(dueAt: string | null | undefined, now: number, lang: 'zh' | 'en'): string {
  if (!dueAt) return '—';
  const ms = new Date(dueAt).getTime() - now;
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const s = Math.floor((abs % 60_000) / 1000);
  const text =
    lang === 'zh'
      ? `${d ? `${d}天` : ''}${d || h ? `${h}时` : ''}${m}分${d ? '' : `${s}秒`}`
      : `${d ? `${d}d ` : ''}${d || h ? `${h}h ` : ''}${m}m${d ? '' : ` ${s}s`}`;
  if (ms < 0) return lang === 'zh' ? `已超时 ${text}` : `overdue by ${text}`;
  return lang === 'zh' ? `剩余 ${text}` : `${text} left`;
}

/** The colour of a deadline state (antd Tag colours). */
export function deadlineColour(state: string | undefined, dueAt: string | null | undefined, now: number): string {
  if (state === 'breached') return 'red';
  if (state === 'met') return 'green';
  if (state === 'paused') return 'default';
  if (dueAt && new Date(dueAt).getTime() < now) return 'red';
  if (dueAt && new Date(dueAt).getTime() - now < 3_600_000) return 'orange';
  return 'blue';
}
