/**
 * Summary of the V8 CPU profiles (`node --cpu-prof`, one `.cpuprofile` per thread) a process wrote: self time by
 * function and by where the code lives (the workflow bundle, the Temporal SDK, pg, our packages, …), top first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ROOT = `file://${join(__dirname, '..', '..')}/`;

/** Where a function's code lives, coarsely. */
function area(fullUrl: string): string {
  if (!fullUrl) return '(native / V8)';
  const url = fullUrl.startsWith(ROOT) ? fullUrl.slice(ROOT.length) : fullUrl;
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.includes('workflow-bundle')) return 'workflow bundle (workflows, libs/domain, SDK workflow runtime)';
  const ours = /^(libs\/[^/]+|apps\/[^/]+|activities|workflows|bench|scripts)\//.exec(url);
  if (ours) return ours[1];
  if (url.startsWith('node:')) return 'node core';
  return url.replace(/^.*\//, '');
}

export function summariseProfiles(dir: string, name: string, top = 20): string {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  } catch {
    return `(no CPU profiles of the ${name} in ${dir})`;
  }
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  for (const f of files) {
    const prof = JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile;
    const nodes = new Map(prof.nodes.map((n) => [n.id, n]));
    prof.samples.forEach((id, i) => {
      const node = nodes.get(id);
      const dt = (prof.timeDeltas[i] ?? 0) / 1000; // µs → ms
      if (!node) return;
      const fn = node.callFrame.functionName || '(anonymous)';
      if (fn === '(idle)' || fn === '(program)') return;
      total += dt;
      const key = `${fn} ${area(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + dt);
      const a = fn === '(garbage collector)' ? '(garbage collector)' : area(node.callFrame.url);
      byArea.set(a, (byArea.get(a) ?? 0) + dt);
    });
  }
  const rows = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `| ${k} | ${v.toFixed(0)} | ${((100 * v) / Math.max(1, total)).toFixed(1)} % |`)
      .join('\n');
  return (
    `\n### CPU profile of the ${name} (${files.length} threads, ${(total / 1000).toFixed(1)} s on CPU, idle excluded)\n` +
    `| where | self ms | share |\n|---|---:|---:|\n${rows(byArea)}\n\n` +
    `| function | self ms | share |\n|---|---:|---:|\n${rows(byFunction)}\n`
  );
}
