/**
 * CPU-seconds and peak RSS of the processes a benchmark runs, read from /proc (Linux): `utime + stime` of
 * /proc/<pid>/stat (clock ticks, 100 per second on Linux) and `VmHWM` (the peak resident set) and `VmRSS` of
 * /proc/<pid>/status. A PostgreSQL backend is its own process: the backends of the bench database are found by
 * `pg_stat_activity` and summed, each counted once even after it exits (its last reading is kept).
 */
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

export interface ProcReading {
  /** utime + stime, in seconds. */
  readonly cpuSeconds: number;
  /** VmRSS, bytes. */
  readonly rssBytes: number;
  /** VmHWM (peak RSS since the process started), bytes. */
  readonly peakRssBytes: number;
}

/** One process's reading; `undefined` when it is gone (or /proc is not readable). */
export function readProc(pid: number): ProcReading | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { cpuSeconds: (utime + stime) / TICKS_PER_SECOND, rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** The pids of this process's descendants (e.g. the worker threads' host is the process itself; a child's children). */
export function descendants(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return children.map(Number).flatMap((c) => [c, ...descendants(c)]);
  } catch {
    return [];
  }
}

/** A named group of processes (one process, or e.g. every PostgreSQL backend of the bench database). */
export class ProcGroup {
  private readonly last = new Map<number, ProcReading>();

  constructor(
    readonly name: string,
    private readonly pids: () => Promise<number[]> | number[],
  ) {}

  /** Reads every process of the group now (call often enough to see short-lived backends). */
  async sample(): Promise<void> {
    for (const pid of await this.pids()) {
      const r = readProc(pid);
      if (r) this.last.set(pid, r);
    }
  }

  /** CPU-seconds over the group's processes so far, their summed peak RSS and the largest single peak. */
  totals(): {
    cpuSeconds: number;
    peakRssBytes: number;
    maxPeakRssBytes: number;
    rssBytes: number;
    maxRssBytes: number;
    processes: number;
  } {
    let maxRssBytes = 0;
    let cpuSeconds = 0;
    let peakRssBytes = 0;
    let maxPeakRssBytes = 0;
    let rssBytes = 0;
    for (const r of this.last.values()) {
      cpuSeconds += r.cpuSeconds;
      peakRssBytes += r.peakRssBytes;
      maxPeakRssBytes = Math.max(maxPeakRssBytes, r.peakRssBytes);
      rssBytes += r.rssBytes;
      maxRssBytes = Math.max(maxRssBytes, r.rssBytes);
    }
    return { cpuSeconds, peakRssBytes, maxPeakRssBytes, rssBytes, maxRssBytes, processes: this.last.size };
  }
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
