// Running a measured command: wall time, and peak RSS and CPU time from GNU time's report (or, for maprace
// without GNU time, from a wrapper that records its own peak RSS). Shared by the benchmark harnesses.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCpuSeconds, parseTimeVerbose, stripTimeVerbose } from './measure.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const CLI = path.resolve(HERE, '..', 'src', 'cli', 'main.js');
const RSS_WRAPPER = path.resolve(HERE, 'rss.js');
export const GNU_TIME = '/usr/bin/time';

export interface Run {
  wallMs: number;
  rssKb: number | undefined;
  /** User + system CPU seconds (GNU time only). */
  cpuSeconds?: number | undefined;
  exit: number | null;
  stderrTail: string;
}

export function hasGnuTime(): boolean {
  return fs.existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-v', 'true']).status === 0;
}

/** `maprace ARGS` in `cwd`, under GNU time when there is one. */
export function timedMaprace(args: string[], cwd: string, gnuTime: boolean): Promise<Run> {
  return gnuTime ? timed([GNU_TIME, '-v', process.execPath, CLI, ...args], cwd, {}, 0) : timedWithWrapper(args, cwd);
}

/** Runs a command, measuring its wall time; GNU time's report (when used) gives the peak RSS. */
export function timed(cmd: string[], cwd: string, env: Record<string, string>, timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(cmd[0]!, cmd.slice(1), { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString('utf8')).slice(-64 * 1024);
    });
    let timedOut = false;
    const timer = timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            // already gone
          }
        }, timeoutMs)
      : undefined;
    child.on('close', (code) => {
      const wallMs = performance.now() - start;
      if (timer) clearTimeout(timer);
      // GNU time exits with the command's status.
      resolve({ wallMs: timedOut ? NaN : wallMs, rssKb: parseTimeVerbose(stderr), cpuSeconds: parseCpuSeconds(stderr), exit: timedOut ? null : code, stderrTail: (timedOut ? 'timed out\n' : '') + stripTimeVerbose(stderr).slice(-2000) });
    });
  });
}

/** Without GNU time: the CLI runs inside a wrapper that writes its own peak RSS to a file at exit. */
async function timedWithWrapper(args: string[], cwd: string): Promise<Run> {
  const rssFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'maprace-bench-rss-')), 'rss');
  const run = await timed([process.execPath, RSS_WRAPPER, CLI, ...args], cwd, { MAPRACE_BENCH_RSS_FILE: rssFile }, 0);
  try {
    run.rssKb = Number(fs.readFileSync(rssFile, 'utf8'));
  } catch {
    run.rssKb = undefined;
  }
  fs.rmSync(path.dirname(rssFile), { recursive: true, force: true });
  return run;
}

export function which(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, bin);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return undefined;
}

/** A Go tool on PATH, else in $(go env GOPATH)/bin where `go install` puts it. */
export function findGoTool(bin: string): string | undefined {
  const onPath = which(bin);
  if (onPath) return onPath;
  const go = which('go');
  if (!go) return undefined;
  const r = spawnSync(go, ['env', 'GOPATH'], { encoding: 'utf8' });
  for (const dir of (r.stdout ?? '').trim().split(path.delimiter).filter(Boolean)) {
    const p = path.join(dir, 'bin', bin);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}
