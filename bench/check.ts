// `npm run bench -- DIR [--runs N]`: runs `maprace check ./...` over DIR in a fresh process per run and prints
// files, lines, median wall time, lines/s and peak RSS; then, when they are installed, the same for
// `staticcheck ./...` and `go vet ./...` on the same tree, with the ratio. See bench/README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { formatInt, formatMB, formatSeconds, median, positiveInt, table } from './measure.js';
import { GNU_TIME, type Run, findGoTool, hasGnuTime, timed, timedMaprace, which } from './run.js';


interface ToolResult {
  tool: string;
  command: string;
  runs: Run[];
  medianMs: number;
  peakRssKb: number | undefined;
  note?: string;
}

interface Options {
  runs: number;
  compareRuns: number;
  tests?: boolean;
  vendor?: boolean;
  includeGenerated?: boolean;
  jobs?: number;
  staticcheck: boolean;
  vet: boolean;
  warm?: boolean;
  timeout: number;
  json?: string;
}

const program = new Command('bench')
  .description('measure maprace check against staticcheck and go vet on one Go tree')
  .argument('<dir>', 'root of a Go module (or workspace) to analyse')
  .option('--runs <n>', 'maprace runs, one fresh process each (the median is reported)', positiveInt, 5)
  .option('--compare-runs <n>', 'runs of staticcheck and go vet', positiveInt, 1)
  .option('--tests', 'include _test.go files (maprace --tests, staticcheck -tests; go vet always includes them)')
  .option('--vendor', 'also analyse ./vendor/... with maprace (staticcheck and go vet type-check vendored packages anyway)')
  .option('--include-generated', 'pass --include-generated to maprace (generated files are analysed too)')
  .option('--jobs <n>', 'pass --jobs to maprace', positiveInt)
  .option('--no-staticcheck', 'do not run staticcheck')
  .option('--no-vet', 'do not run go vet')
  .option('--warm', "use the Go build and staticcheck caches as they are (default: a fresh empty cache per run)")
  .option('--timeout <seconds>', 'give up on one staticcheck or go vet run after this long', positiveInt, 3600)
  .option('--json <file>', 'also write the measurements as JSON')
  .action(async (dir: string, opts: Options) => {
    process.exitCode = await bench(path.resolve(dir), opts);
  });
await program.parseAsync(process.argv);

async function bench(dir: string, opts: Options): Promise<number> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    process.stderr.write(`bench: ${dir} is not a directory\n`);
    return 2;
  }
  const hasTime = hasGnuTime();
  const results: ToolResult[] = [];
  const out = (s: string) => process.stdout.write(s + '\n');
  out(`tree: ${dir}`);
  out(`machine: ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}`);

  // maprace: N fresh processes; files and lines come from its own JSON stats.
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'maprace-bench-')), 'report.json');
  const args = ['check', '--format', 'json', '-o', report, ...(opts.tests ? [] : ['--tests=false']), ...(opts.includeGenerated ? ['--include-generated'] : []),
    ...(opts.jobs ? ['--jobs', String(opts.jobs)] : []), './...', ...(opts.vendor ? ['./vendor/...'] : [])];
  const maprace: ToolResult = { tool: 'maprace', command: `maprace ${args.join(' ')}`, runs: [], medianMs: NaN, peakRssKb: undefined };
  for (let i = 0; i < opts.runs; i++) {
    fs.rmSync(report, { force: true });
    const run = await timedMaprace(args, dir, hasTime);
    maprace.runs.push(run);
    process.stderr.write(`maprace run ${i + 1}/${opts.runs}: ${formatSeconds(run.wallMs)}, ${formatMB(run.rssKb)}, exit ${run.exit}\n`);
    // Exit 2 with a report is an incomplete analysis (`errors` lists what was not analysed): a full run all the same.
    if (run.exit === 2 && fs.existsSync(report)) run.exit = 1;
    if (run.exit !== 0 && run.exit !== 1) {
      process.stderr.write(`bench: maprace failed (exit ${run.exit}):\n${run.stderrTail}\n`);
      return 2;
    }
  }
  const doc = JSON.parse(fs.readFileSync(report, 'utf8')) as { stats: { files: number; lines: number; bytes: number }; findings: unknown[]; errors: unknown[] };
  fs.rmSync(path.dirname(report), { recursive: true, force: true });
  summarise(maprace);
  maprace.note = `${doc.findings.length} findings, ${doc.errors.length} file errors`;
  results.push(maprace);
  const { files, lines } = doc.stats;

  const compare: { tool: string; bin: string | undefined; args: string[] }[] = [];
  if (opts.staticcheck) compare.push({ tool: 'staticcheck', bin: findGoTool('staticcheck'), args: [`-tests=${opts.tests ? 'true' : 'false'}`, './...'] });
  if (opts.vet) compare.push({ tool: 'go vet', bin: which('go'), args: ['vet', './...'] });
  for (const c of compare) {
    if (!c.bin) {
      out(`${c.tool}: not found on PATH or in $(go env GOPATH)/bin; skipped`);
      continue;
    }
    const r: ToolResult = { tool: c.tool, command: `${c.tool === 'go vet' ? 'go' : c.bin} ${c.args.join(' ')}`, runs: [], medianMs: NaN, peakRssKb: undefined };
    for (let i = 0; i < opts.compareRuns; i++) {
      const env: Record<string, string> = {};
      if (!opts.warm) {
        const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'maprace-bench-cache-'));
        env.GOCACHE = path.join(cache, 'go');
        env.STATICCHECK_CACHE = path.join(cache, 'staticcheck');
      }
      const cmd = hasTime ? [GNU_TIME, '-v', c.bin, ...c.args] : [c.bin, ...c.args];
      const run = await timed(cmd, dir, env, opts.timeout * 1000);
      if (env.GOCACHE) fs.rmSync(path.dirname(env.GOCACHE), { recursive: true, force: true });
      r.runs.push(run);
      process.stderr.write(`${c.tool} run ${i + 1}/${opts.compareRuns}: ${formatSeconds(run.wallMs)}, ${formatMB(run.rssKb)}, exit ${run.exit}\n`);
    }
    summarise(r);
    const failed = r.runs.filter((x) => x.exit === null || x.exit > 1);
    if (failed.length) r.note = `${failed.length} run(s) failed or timed out: ${failed[0]!.stderrTail.split('\n').slice(-3).join(' | ')}`;
    results.push(r);
  }

  out('');
  out(table([
    ['tool', 'files', 'lines', 'median wall', 'lines/s', 'peak RSS', 'runs', 'note'],
    ...results.map((r) => [
      r.tool,
      r.tool === 'maprace' ? formatInt(files) : '-',
      formatInt(lines),
      formatSeconds(r.medianMs),
      formatInt(lines / (r.medianMs / 1000)),
      formatMB(r.peakRssKb),
      String(r.runs.length),
      r.note ?? '',
    ]),
  ]));
  for (const r of results.slice(1)) {
    if (!Number.isFinite(r.medianMs)) continue;
    const ratio = r.medianMs / maprace.medianMs;
    const caches = opts.warm ? 'warm caches' : 'cold caches';
    out(ratio >= 1 ? `maprace is ${ratio.toFixed(1)}x faster than ${r.tool} (${caches})` : `maprace is ${(1 / ratio).toFixed(1)}x slower than ${r.tool} (${caches})`);
  }
  out('');
  for (const r of results) out(`${r.tool}: ${r.command}`);
  if (!hasTime) out('peak RSS of staticcheck and go vet needs GNU time (/usr/bin/time -v)');
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify({ dir, files, lines, machine: { cores: os.availableParallelism(), node: process.version }, options: opts, results }, null, 2) + '\n');
  return 0;
}

function summarise(r: ToolResult): void {
  const ok = r.runs.filter((x) => x.exit === 0 || x.exit === 1);
  r.medianMs = median(ok.map((x) => x.wallMs));
  const rss = ok.map((x) => x.rssKb).filter((x): x is number => x !== undefined);
  r.peakRssKb = rss.length ? Math.max(...rss) : undefined;
}
