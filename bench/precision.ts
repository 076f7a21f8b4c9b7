// `npm run bench:precision -- --repos DIR`: precision of `maprace check` on the reviewed repositories of the
// validation half (docs/benchmarks.md, "Precision protocol"). Re-runs this build at the reviewed commits, draws the
// seeded sample per repository, and counts the hand-reviewed verdicts of bench/reviewed/verdicts.json; sampled
// findings nobody has judged yet are listed, so that the next review reads only those.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { positiveInt, table } from './measure.js';
import { type CheckTally, type Verdicts, emptyTally, lookup, precision, sample } from './precision/sample.js';
import { DATA_DIR, halfOf, loadSplit } from './realbugs/model.js';
import { runCheck } from './realbugs/run.js';
import { extractTree, findGitDir, reposDirOf } from './realbugs/trees.js';

interface Options {
  repos?: string;
  work: string;
  verdicts: string;
  sample?: number;
  timeout: number;
  json?: string;
}

const program = new Command('bench:precision')
  .description('precision of maprace check on the hand-reviewed validation repositories')
  .option('--repos <dir>', 'directory holding the git directories (as for bench:realbugs); default $MAPRACE_REPOS')
  .option('--work <dir>', 'where the trees are extracted (kept and reused)', path.join(os.tmpdir(), 'maprace-realbugs'))
  .option('--verdicts <file>', 'the reviewed findings', path.join(DATA_DIR, '..', 'reviewed', 'verdicts.json'))
  .option('--sample <n>', 'findings per repository (default: the verdict file\'s)', positiveInt)
  .option('--timeout <seconds>', 'give up on one maprace run after this long', positiveInt, 900)
  .option('--json <file>', 'write the tallies, every sampled finding with its verdict, and the unreviewed findings as JSON')
  .action(async (opts: Options) => {
    process.exitCode = await main(opts);
  });
await program.parseAsync(process.argv);

async function main(opts: Options): Promise<number> {
  const reposDir = reposDirOf(opts.repos, 'bench:precision');
  if (!reposDir) return 2;
  const v = JSON.parse(fs.readFileSync(opts.verdicts, 'utf8')) as Verdicts;
  const split = loadSplit();
  const n = opts.sample ?? v.sample;
  const byCheck = new Map<string, CheckTally>();
  const unreviewed: { repo: string; check: string; at: string; message: string }[] = [];
  const sampled: { repo: string; check: string; at: string; verdict: string; reason?: string }[] = [];
  const perRepo: string[][] = [['repository', 'commit', 'findings', 'sampled', 'real', 'false', 'unclear', 'unreviewed', 'seconds']];
  for (const r of v.repos) {
    if (halfOf(split, r.repo) !== 'validation') {
      process.stderr.write(`${r.repo}: not in the validation half, skipped\n`);
      continue;
    }
    const gitDir = findGitDir(path.resolve(reposDir), r.repo);
    if (!gitDir) {
      process.stderr.write(`${r.repo}: no git directory under ${reposDir}, skipped\n`);
      continue;
    }
    const root = await extractTree(gitDir, r.commit, r.module, opts.work, r.repo);
    const run = runCheck(path.join(root, r.module), ['./...'], { timeout: opts.timeout, modcache: false });
    if (!run.ok) {
      process.stderr.write(`${r.repo}: ${run.error}\n`);
      continue;
    }
    const row = emptyTally();
    for (const f of run.findings) tally(byCheck, f.check).findings++;
    row.findings = run.findings.length;
    for (const f of sample(run.findings, v.seed, n)) {
      const line = readLine(path.join(root, r.module, f.location.file), f.location.line);
      const verdict = lookup(v, r.repo, f, line);
      const t = tally(byCheck, f.check);
      t.sampled++;
      row.sampled++;
      const k = verdict?.verdict ?? 'unreviewed';
      t[k]++;
      row[k]++;
      sampled.push({ repo: r.repo, check: f.check, at: `${f.location.file}:${f.location.line}`, verdict: k, ...(verdict?.reason ? { reason: verdict.reason } : {}) });
      if (!verdict) unreviewed.push({ repo: r.repo, check: f.check, at: `${f.location.file}:${f.location.line}`, message: f.message });
    }
    perRepo.push([r.repo, r.commit.slice(0, 8), ...[row.findings, row.sampled, row.real, row.false, row.unclear, row.unreviewed].map(String), run.seconds.toFixed(1)]);
  }
  const rows = [['check', 'findings', 'sampled', 'real', 'false', 'unclear', 'unreviewed', 'precision']];
  const all = emptyTally();
  for (const [check, t] of [...byCheck].sort()) {
    rows.push(tallyRow(check, t));
    for (const k of Object.keys(all) as (keyof CheckTally)[]) all[k] += t[k];
  }
  rows.push(tallyRow('all', all));
  process.stdout.write(`${table(perRepo)}\n\n${table(rows)}\n`);
  if (unreviewed.length) process.stdout.write(`\nto review (${unreviewed.length}):\n${unreviewed.map((u) => `  ${u.repo} ${u.at} ${u.check}: ${u.message}`).join('\n')}\n`);
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify({ byCheck: Object.fromEntries(byCheck), all, unreviewed, sampled }, null, 2) + '\n');
  return 0;
}

function tally(m: Map<string, CheckTally>, check: string): CheckTally {
  let t = m.get(check);
  if (!t) m.set(check, (t = emptyTally()));
  return t;
}

function tallyRow(name: string, t: CheckTally): string[] {
  const p = precision(t);
  return [name, ...[t.findings, t.sampled, t.real, t.false, t.unclear, t.unreviewed].map(String), p === undefined ? '-' : `${Math.round(p * 100)}%`];
}

function readLine(file: string, line: number): string {
  try {
    return (fs.readFileSync(file, 'utf8').split('\n')[line - 1] ?? '').trim();
  } catch {
    return '';
  }
}
