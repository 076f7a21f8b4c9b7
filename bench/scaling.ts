// `npm run bench:scaling -- DIR [--steps N] [--vendor] [--tests] [--include-generated] [--whole-program]`: how maprace's peak memory
// and time grow with the number of packages analysed. The packages of DIR (as `maprace check ./...` finds them,
// plus ./vendor/... with --vendor) are put in a fixed pseudo-random order; run k of N analyses the first k/N of
// them (each named as its own `./dir` pattern), in a fresh process. Prints packages, files, lines, wall, CPU and
// peak RSS per run and the least-squares line of peak RSS against packages and against lines (slope and R²).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { loadFiles } from '../src/go/load.js';
import { formatInt, formatMB, formatSeconds, linearFit, positiveInt, table } from './measure.js';
import { hasGnuTime, timedMaprace } from './run.js';

interface Options {
  steps: number;
  vendor?: boolean;
  tests?: boolean;
  includeGenerated?: boolean;
  wholeProgram?: boolean;
  json?: string;
}

interface Point {
  packages: number;
  files: number;
  lines: number;
  wallMs: number;
  cpuSeconds: number | undefined;
  rssKb: number | undefined;
  findings: number;
}

const program = new Command('bench:scaling')
  .description('peak memory and time of maprace check against the number of packages analysed')
  .argument('<dir>', 'root of a Go module (or workspace)')
  .option('--steps <n>', 'runs, each over a larger share of the packages', positiveInt, 5)
  .option('--vendor', 'count the packages of ./vendor/... too')
  .option('--tests', 'include _test.go files')
  .option('--include-generated', 'analyse generated files too')
  .option('--whole-program', 'turn the whole-program pass on for every share (MAPRACE_WHOLE_PROGRAM=1), to measure its memory')
  .option('--json <file>', 'also write the measurements as JSON')
  .action(async (dir: string, opts: Options) => {
    process.exitCode = await scaling(path.resolve(dir), opts);
  });
await program.parseAsync(process.argv);

/** Package directories in an order that mixes the tree's parts: by a hash of the path, the same every run. */
export function shuffledPackages(dirs: string[]): string[] {
  const h = (d: string) => crypto.createHash('sha256').update(d).digest('hex');
  return [...dirs].sort((a, b) => (h(a) < h(b) ? -1 : h(a) > h(b) ? 1 : 0));
}

async function scaling(dir: string, opts: Options): Promise<number> {
  // The runs inherit the environment.
  if (opts.wholeProgram) process.env.MAPRACE_WHOLE_PROGRAM = '1';
  const loaded = await loadFiles(['./...', ...(opts.vendor ? ['./vendor/...'] : [])], { cwd: dir, tests: !!opts.tests });
  const dirs = shuffledPackages([...new Set(loaded.files.map((f) => path.relative(dir, path.dirname(f)) || '.'))]);
  if (dirs.length < opts.steps) {
    process.stderr.write(`bench:scaling: ${dirs.length} packages in ${dir}, fewer than --steps ${opts.steps}\n`);
    return 2;
  }
  const out = (s: string) => process.stdout.write(s + '\n');
  out(`tree: ${dir} (${formatInt(dirs.length)} package directories)`);
  out(`machine: ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}`);
  const gnuTime = hasGnuTime();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'maprace-scaling-'));
  const points: Point[] = [];
  try {
    for (let k = 1; k <= opts.steps; k++) {
      const take = dirs.slice(0, Math.ceil((dirs.length * k) / opts.steps));
      const report = path.join(tmp, `report-${k}.json`);
      const args = ['check', '--format', 'json', '-o', report, `--tests=${opts.tests ? 'true' : 'false'}`, ...(opts.includeGenerated ? ['--include-generated'] : []),
        ...take.map((d) => (d === '.' ? '.' : `./${d}`))];
      const run = await timedMaprace(args, dir, gnuTime);
      if (!fs.existsSync(report)) {
        process.stderr.write(`bench:scaling: maprace failed on ${take.length} packages (exit ${run.exit}):\n${run.stderrTail}\n`);
        return 2;
      }
      const doc = JSON.parse(fs.readFileSync(report, 'utf8')) as { stats: { files: number; lines: number }; findings: unknown[] };
      const p: Point = { packages: take.length, files: doc.stats.files, lines: doc.stats.lines, wallMs: run.wallMs, cpuSeconds: run.cpuSeconds, rssKb: run.rssKb, findings: doc.findings.length };
      points.push(p);
      process.stderr.write(`run ${k}/${opts.steps}: ${p.packages} packages, ${formatSeconds(p.wallMs)}, ${formatMB(p.rssKb)}\n`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  out('');
  out(table([
    ['packages', 'files', 'lines', 'wall', 'CPU', 'peak RSS', 'findings'],
    ...points.map((p) => [formatInt(p.packages), formatInt(p.files), formatInt(p.lines), formatSeconds(p.wallMs), p.cpuSeconds === undefined ? 'n/a' : `${p.cpuSeconds.toFixed(1)} s`, formatMB(p.rssKb), formatInt(p.findings)]),
  ]));
  const measured = points.filter((p) => p.rssKb !== undefined);
  const mb = measured.map((p) => p.rssKb! / 1024);
  const byPackages = linearFit(measured.map((p) => p.packages), mb);
  const byLines = linearFit(measured.map((p) => p.lines / 1000), mb);
  out('');
  out(`peak RSS ≈ ${byPackages.intercept.toFixed(0)} MB + ${byPackages.slope.toFixed(3)} MB per package (R² ${byPackages.r2.toFixed(3)})`);
  out(`peak RSS ≈ ${byLines.intercept.toFixed(0)} MB + ${byLines.slope.toFixed(3)} MB per 1,000 lines (R² ${byLines.r2.toFixed(3)})`);
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify({ dir, packages: dirs.length, machine: { cores: os.availableParallelism(), node: process.version }, options: opts, points, fit: { byPackages, byLines } }, null, 2) + '\n');
  return 0;
}
