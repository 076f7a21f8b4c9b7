// `npm run bench:realbugs -- --repos DIR`: recall of `maprace check` on real, fixed concurrent-map bugs
// (bench/realbugs/bugs.json). For each entry it extracts the buggy and the fixed tree from the repository's git
// directory (fetched beforehand: this harness fetches nothing), runs maprace on the packages the fix touched and
// on `./...` of the module, and scores found / gone-at-fix / findings per 1,000 lines (bench/realbugs/score.ts).
// See bench/README.md and docs/benchmarks.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { loadGo } from '../src/go/parser.js';
import { positiveInt } from './measure.js';
import { type BugEntry, type Half, halfOf, loadBugs, loadSplit } from './realbugs/model.js';
import { type EntryResult, summary } from './realbugs/report.js';
import { type Run, runCheck } from './realbugs/run.js';
import { goneAtFix, scoreBuggy, touchesEntry } from './realbugs/score.js';
import { changedGoFiles, extractTree, findGitDir, functionLocator, reposDirOf, touchedPackages } from './realbugs/trees.js';

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
  const reposDir = reposDirOf(opts.repos, 'bench:realbugs');
  if (!reposDir) return 2;
  await loadGo();
  const split = loadSplit();
  const only = opts.only?.split(',').map((s) => s.trim());
  const entries = loadBugs(opts.bugs).filter((e) => (only ? only.includes(e.id) : opts.half === 'all' || halfOf(split, e.repo) === opts.half));
  fs.mkdirSync(opts.work, { recursive: true });
  const results: EntryResult[] = [];
  for (const e of entries) {
    const r = await scoreEntry(e, halfOf(split, e.repo), path.resolve(reposDir), opts);
    results.push(r);
    const verdict = r.status !== 'scored' ? r.status : `${r.foundInModule ?? r.foundInPackages ? 'FOUND' : 'missed'}${r.goneAtFix === false ? ', stays at fix' : ''}`;
    process.stderr.write(`${e.id}: ${verdict}${r.error ? ` (${r.error})` : ''}\n`);
  }
  process.stdout.write(summary(results, opts.module));
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify({ date: new Date().toISOString(), options: { half: opts.half, module: opts.module, modcache: !!opts.modcache }, results }, null, 2) + '\n');
  return 0;
}

async function scoreEntry(e: BugEntry, half: Half | undefined, reposDir: string, opts: Options): Promise<EntryResult> {
  const base: EntryResult = { id: e.id, repo: e.repo, half, pattern: e.pattern, crossPackage: e.crossPackage, status: 'scored' };
  const gitDir = findGitDir(reposDir, e.repo);
  const ro = { timeout: opts.timeout, modcache: !!opts.modcache };
  if (!gitDir) return { ...base, status: 'no-repo' };
  try {
    const buggy = await extractTree(gitDir, e.buggyCommit, e.module, opts.work, e.repo);
    const fixed = await extractTree(gitDir, e.fixCommit, e.module, opts.work, e.repo);
    const packages = touchedPackages(e, changedGoFiles(gitDir, e.buggyCommit, e.fixCommit));
    const at = functionLocator(buggy);
    const pk = runCheck(path.join(buggy, e.module), packages.map((p) => `./${p}`), ro);
    if (!pk.ok) return { ...base, status: 'failed', error: pk.error, packages };
    const inPackages = scoreBuggy(e, pk.findings, e.module, at);
    const result: EntryResult = { ...base, packages, foundInPackages: inPackages.found, hits: inPackages.hits, near: inPackages.near };
    let fixRun: Run;
    if (opts.module) {
      const whole = runCheck(path.join(buggy, e.module), ['./...'], ro);
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
      fixRun = runCheck(path.join(fixed, e.module), ['./...'], ro);
    } else {
      fixRun = runCheck(path.join(fixed, e.module), packages.filter((p) => fs.existsSync(path.join(fixed, e.module, p))).map((p) => `./${p}`), ro);
    }
    if (!fixRun.ok) return { ...result, status: 'failed', error: `at the fix: ${fixRun.error}` };
    result.goneAtFix = goneAtFix(e, fixRun.findings, e.module, functionLocator(fixed));
    return result;
  } catch (err) {
    return { ...base, status: 'failed', error: (err as Error).message };
  }
}

