// One `maprace check --format json` run of this build in a fresh process, as the benchmarks make it: by default
// without the Go module cache (MAPRACE_NO_MODCACHE=1), so that the numbers are the same on every machine, and with
// _test.go files, as `check` reads a module by default (they tell the program witness which code only tests run).
// The findings kept are the races of the program itself, the population the reviewed verdicts and the bugs were
// taken from: none reported in a test file, none with a side that a test starts or calls through.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isTestFile } from '../../src/go/header.js';
import type { JsonFinding } from './score.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js');

export interface RunOptions {
  /** Seconds before the run is given up. */
  timeout: number;
  /** Let maprace read dependency types from the module cache. */
  modcache: boolean;
}

export interface Run {
  ok: boolean;
  error?: string;
  seconds: number;
  lines: number;
  files: number;
  /** Race findings (MR1xxx); the directive checks MR0xxx are left out. */
  findings: JsonFinding[];
}

export function runCheck(cwd: string, patterns: string[], opts: RunOptions): Run {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'maprace-realbugs-run-')), 'report.json');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '-o', out, ...patterns], {
    cwd,
    encoding: 'utf8',
    timeout: opts.timeout * 1000,
    maxBuffer: 16 << 20,
    env: { ...process.env, ...(opts.modcache ? {} : { MAPRACE_NO_MODCACHE: '1' }) },
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  try {
    if (r.status !== 0 && r.status !== 1) return { ok: false, error: `maprace exit ${r.status ?? r.signal}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`, seconds, lines: 0, files: 0, findings: [] };
    const doc = JSON.parse(fs.readFileSync(out, 'utf8')) as { stats: { lines: number; files: number }; findings: JsonFinding[] };
    return { ok: true, seconds, lines: doc.stats.lines, files: doc.stats.files, findings: doc.findings.filter((f) => !f.check.startsWith('MR0') && !ofTests(f)) };
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

const isTest = (file: string | undefined) => !!file && isTestFile(file);

/** A finding in a test file, or a race one side of which a test starts or calls through. */
export function ofTests(f: JsonFinding): boolean {
  if (isTest(f.location.file)) return true;
  return (f.witness?.sides ?? []).some((s) => isTest(s.root.start?.location.file) || isTest(s.access.location.file) || s.path.some((p) => isTest(p.location.file)));
}
