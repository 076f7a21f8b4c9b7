// `npm run bench:realbugs -- --repos DIR`: recall of `maprace check` on real, fixed concurrent-map bugs
// (bench/realbugs/bugs.json). For each entry it extracts the buggy and the fixed tree from the repository's git
// directory (fetched beforehand: this harness fetches nothing), runs maprace on the packages the fix touched and
// on `./...` of the module, and scores found / gone-at-fix / findings per 1,000 lines (bench/realbugs/score.ts).
// See bench/README.md and docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { loadGo } from '../src/go/parser.js';
import { type BugEntry, type Half, halfOf, loadBugs, loadSplit } from './realbugs/model.js';
import { type EntryResult, summary } from './realbugs/report.js';
import { type JsonFinding, goneAtFix, scoreBuggy, touchesEntry } from './realbugs/score.js';
import { changedGoFiles, extractTree, findGitDir, functionLocator, touchedPackages } from './realbugs/trees.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli', 'main.js');

interface Options {
  repos?: string;
  work: string;
  half: 'validation' | 'tuning' | 'all';
  only?: string;
  bugs?: string;
  module: boolean;
  modcache?: boolean;
  timeout: number;
  json?: string;
}

interface Run {
  ok: boolean;
  error?: string;
  seconds: number;
  lines: number;
  findings: JsonFinding[];
}

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive integer');
  return n;
};

const program = new Command('bench:realbugs')
  .description('recall of maprace check on real, fixed concurrent-map bugs')
  .option('--repos <dir>', 'directory holding the git directories (owner+name/repo as fetched, owner+name, or owner/name); default $MAPRACE_REPOS')
  .option('--work <dir>', 'where the trees are extracted (kept and reused)', path.join(os.tmpdir(), 'maprace-realbugs'))
  .option('--half <half>', 'validation | tuning | all', 'validation')
  .option('--only <ids>', 'comma-separated entry ids (any half)')
  .option('--bugs <file>', 'the benchmark data (default bench/realbugs/bugs.json)')
  .option('--no-module', 'skip the ./... runs of the whole module (faster; found and gone are then from the touched packages)')
  .option('--modcache', "let maprace read dependency types from the Go module cache (default: MAPRACE_NO_MODCACHE=1, the same on every machine)")
  .option('--timeout <seconds>', 'give up on one maprace run after this long', positiveInt, 900)
  .option('--json <file>', 'write the per-entry results as JSON')
  .action(async (opts: Options) => {
    process.exitCode = await main(opts);
  });
await program.parseAsync(process.argv);

async function main(opts: Options): Promise<number> {
  const reposDir = opts.repos ?? process.env.MAPRACE_REPOS;
  if (!reposDir) {
    process.stderr.write('bench:realbugs: say where the repositories are: --repos DIR or MAPRACE_REPOS=DIR (see bench/README.md)\n');
    return 2;
  }
  await loadGo();
  const split = loadSplit();
  const only = opts.only?.split(',').map((s) => s.trim());
  const entries = loadBugs(opts.bugs).filter((e) => (only ? only.includes(e.id) : opts.half === 'all' || halfOf(split, e.repo) === opts.half));
  fs.mkdirSync(opts.work, { recursive: true });
  const results: EntryResult[] = [];
  for (const e of entries) {
    const r = scoreEntry(e, halfOf(split, e.repo), path.resolve(reposDir), opts);
    results.push(r);
    const verdict = r.status !== 'scored' ? r.status : `${r.foundInModule ?? r.foundInPackages ? 'FOUND' : 'missed'}${r.goneAtFix === false ? ', stays at fix' : ''}`;
    process.stderr.write(`${e.id}: ${verdict}${r.error ? ` (${r.error})` : ''}\n`);
  }
  process.stdout.write(summary(results, opts.module));
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify({ date: new Date().toISOString(), options: { half: opts.half, module: opts.module, modcache: !!opts.modcache }, results }, null, 2) + '\n');
  return 0;
}

function scoreEntry(e: BugEntry, half: Half | undefined, reposDir: string, opts: Options): EntryResult {
  const base: EntryResult = { id: e.id, repo: e.repo, half, pattern: e.pattern, crossPackage: e.crossPackage, status: 'scored' };
  const gitDir = findGitDir(reposDir, e.repo);
  if (!gitDir) return { ...base, status: 'no-repo' };
  try {
    const buggy = extractTree(gitDir, e.buggyCommit, e.module, opts.work, e.repo);
    const fixed = extractTree(gitDir, e.fixCommit, e.module, opts.work, e.repo);
    const packages = touchedPackages(e, changedGoFiles(gitDir, e.buggyCommit, e.fixCommit));
    const at = functionLocator(buggy);
    const pk = run(path.join(buggy, e.module), packages.map((p) => `./${p}`), opts);
    if (!pk.ok) return { ...base, status: 'failed', error: pk.error, packages };
    const inPackages = scoreBuggy(e, pk.findings, e.module, at);
    const result: EntryResult = { ...base, packages, foundInPackages: inPackages.found, hits: inPackages.hits, near: inPackages.near };
    let fixRun: Run;
    if (opts.module) {
      const whole = run(path.join(buggy, e.module), ['./...'], opts);
      if (!whole.ok) return { ...result, status: 'failed', error: whole.error };
      const inModule = scoreBuggy(e, whole.findings, e.module, at);
      const others = whole.findings.filter((f) => !touchesEntry(e, f, e.module, at)).length;
      Object.assign(result, {
        foundInModule: inModule.found,
        hits: [...new Set([...inPackages.hits, ...inModule.hits])],
        otherPerKloc: whole.lines ? (others * 1000) / whole.lines : 0,
        moduleSeconds: whole.seconds,
        moduleLines: whole.lines,
      });
      fixRun = run(path.join(fixed, e.module), ['./...'], opts);
    } else {
      fixRun = run(path.join(fixed, e.module), packages.filter((p) => fs.existsSync(path.join(fixed, e.module, p))).map((p) => `./${p}`), opts);
    }
    if (!fixRun.ok) return { ...result, status: 'failed', error: `at the fix: ${fixRun.error}` };
    result.goneAtFix = goneAtFix(e, fixRun.findings, e.module, functionLocator(fixed));
    return result;
  } catch (err) {
    return { ...base, status: 'failed', error: (err as Error).message };
  }
}

function run(cwd: string, patterns: string[], opts: Options): Run {
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
    if (r.status !== 0 && r.status !== 1) return { ok: false, error: `maprace exit ${r.status ?? r.signal}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`, seconds, lines: 0, findings: [] };
    const doc = JSON.parse(fs.readFileSync(out, 'utf8')) as { stats: { lines: number }; findings: JsonFinding[] };
    return { ok: true, seconds, lines: doc.stats.lines, findings: doc.findings.filter((f) => !f.check.startsWith('MR0')) };
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}
