/**
 * The deployment files as tests read them (issue 16): each Dockerfile parsed with dockerfile-ast (the parser of the
 * dockerfile-utils linter), its final stage's ENV, USER, HEALTHCHECK and exec-form CMD; and the built apps started as
 * real node processes with the command and environment an image would give them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';

export const repoRoot = resolve(__dirname, '..', '..');
export const dockerDir = join(repoRoot, 'docker');
export const DOCKERFILES = ['api.Dockerfile', 'worker.Dockerfile', 'console.Dockerfile'] as const;

export interface FinalStage {
  readonly baseImage: string;
  /** Every stage's base image (`name:tag`), in order. */
  readonly baseImages: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly user: string | undefined;
  readonly healthcheck: string | undefined;
  /** The CMD's exec-form words; undefined when the CMD is in shell form (or absent). */
  readonly cmd: readonly string[] | undefined;
}

const line = (i: Instruction) => i.getRange().start.line;

/** The final stage of docker/<name> (the instructions after the last FROM). */
export function finalStage(name: string): FinalStage {
  const file = DockerfileParser.parse(readFileSync(join(dockerDir, name), 'utf8'));
  const froms = file.getFROMs();
  const last = froms[froms.length - 1];
  if (!last) throw new Error(`${name}: no FROM`);
  const inFinal = <T extends Instruction>(xs: T[]) => xs.filter((x) => line(x) > line(last));
  const env: Record<string, string> = {};
  for (const e of inFinal(file.getENVs())) for (const p of e.getProperties()) env[p.getName()] = p.getValue() ?? '';
  const users = inFinal(file.getInstructions().filter((i) => i.getKeyword() === 'USER'));
  const checks = inFinal(file.getHEALTHCHECKs());
  const cmds = inFinal(file.getCMDs());
  // The exec form is a JSON array (Docker reads it with a JSON parser; dockerfile-ast's getJSONValue drops spaces).
  const content = cmds[cmds.length - 1]?.getArgumentsContent()?.trim();
  const words = content?.startsWith('[') ? (JSON.parse(content) as string[]) : undefined;
  return {
    baseImage: last.getImage() ?? '',
    baseImages: froms.map((f) => f.getImage() ?? ''),
    env,
    user: users[users.length - 1]?.getArgumentsContent() ?? undefined,
    healthcheck: checks[checks.length - 1]?.getArgumentsContent() ?? undefined,
    cmd: words && words.length > 0 ? words : undefined,
  };
}

/** A process started from an image's CMD, with its output kept for the failure message. */
export interface AppProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<number | string>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/**
 * Runs an image's exec-form CMD from the repository root (the image's WORKDIR holds the same tree), with the image's
 * ENV under `env`. `node` is this Node (the images' base is the same major version). Needs `npm run build`.
 */
export function runCmd(cmd: readonly string[], env: Record<string, string>): AppProcess {
  const [program, ...args] = cmd;
  const script = args.find((a) => a.endsWith('.js'));
  if (script && !existsSync(join(repoRoot, script)))
    throw new Error(`${script} is missing: run \`npm run build\` first (.ci/run does, before npm test)`);
  const child = spawn(program === 'node' ? process.execPath : program!, args, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  const exited = new Promise<number | string>((done) =>
    child.once('exit', (code, signal) => done(code ?? signal ?? 'unknown')),
  );
  return {
    child,
    output: () => out,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

/** Polls `url` until it answers `status` (default 200), or fails naming what the process printed. */
export async function waitForHttp(
  url: string,
  proc: AppProcess,
  { status = 200, timeoutMs = 90_000 }: { status?: number; timeoutMs?: number } = {},
): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null)
      throw new Error(`the process ended before ${url} answered:\n${proc.output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (res.status === status) return res;
      last = `status ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (${last}):\n${proc.output()}`);
}
