// `maprace check`: find the Go files, analyse them, report. Exit status: status.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { MAX_FILE_BYTES, analyze, uniqueErrors } from '../analysis/engine.js';
import { CHECKS, findCheck } from '../checks/registry.js';
import { configFor, excludeFilter } from '../config/load.js';
import { UsageError, loadFiles } from '../go/load.js';
import { parseSize } from '../io/read.js';
import type { Diagnostic, Severity } from '../model.js';
import { makeBaseline, newFindings, readBaseline, writeBaseline } from '../report/baseline.js';
import { REPORTERS, findReporter } from '../report/index.js';
import { resolveRevision, touchingChanges } from './changes.js';
import { VERSION } from '../assets.js';
import { exitStatus, incompleteNotice } from './status.js';
import { colorEnabled, fail, warn, writeReport } from './util.js';

interface CheckOptions {
  format: string;
  output?: string;
  tests: boolean;
  failOn: Severity | 'none';
  listChecks?: boolean;
  includeGenerated?: boolean;
  checks?: string;
  /** `--config FILE`, or false for `--no-config`. */
  config?: string | false;
  jobs?: number;
  maxFileSize?: number;
  maxMemory?: number;
  explain?: string;
  baseline?: string;
  updateBaseline?: boolean;
  newFromRev?: string;
  report: string[];
  color: boolean;
}

/** `--tests=false` and `--tests=true` (staticcheck's spelling) as commander's `--no-tests` and `--tests`. */
export function boolFlags(argv: string[]): string[] {
  return argv.map((a) => (/^--tests=(false|0)$/i.test(a) ? '--no-tests' : /^--tests=(true|1)$/i.test(a) ? '--tests' : a));
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('report Go maps that goroutines can touch without synchronization')
    .argument('[patterns...]', 'packages: ./..., ./pkg/..., a directory or a .go file (default ./...)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(REPORTERS.map((r) => r.name)).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--report <format=file>', 'also write a report in another format to a file (repeatable), e.g. --report sarif=maprace.sarif', collect, [])
    .option('--tests', 'analyse _test.go files too (the default)', true)
    .option('--no-tests', 'leave _test.go files out (also --tests=false)')
    .option('--include-generated', 'also analyse files marked "Code generated ... DO NOT EDIT."')
    .option('--checks <codes>', 'comma-separated checks: MR1001,MR1002 runs only these, -MR0002 turns one off (default: the configured checks, else all default-on checks)')
    .option('--config <file>', 'read the configuration from this file (YAML, or JSON with a "maprace" key) instead of the nearest .maprace.yaml')
    .option('--no-config', 'ignore configuration files')
    .option('-j, --jobs <n>', 'worker threads for parsing (default and maximum: the number of cores)', parseJobs)
    .option('--max-file-size <size>', 'skip Go files larger than SIZE, e.g. 16MB (default 8MiB; docs/limits.md)', parseSizeOption)
    .option('--max-memory <size>', 'memory budget of the run, e.g. 4GB (default 2GiB, at most half the machine\'s memory)', parseSizeOption)
    .option('--baseline <file>', 'report only findings not recorded in FILE; writes FILE with the current findings when it does not exist')
    .option('--update-baseline', 'with --baseline: rewrite FILE with the current findings and report none')
    .option('--new-from-rev <rev>', 'report only findings touching lines changed since the git revision REV (committed or not)')
    .addOption(new Option('--fail-on <severity>', 'exit 1 only for findings of this severity or worse; none: exit 0 whatever is found').choices(['error', 'warning', 'note', 'none']).default('note'))
    .option('--explain <code>', "print a check's documentation and exit")
    .option('--list-checks', 'list the checks with their default state and severity, and exit')
    .option('--no-color', 'never colour the text output')
    .action(async (patterns: string[], opts: CheckOptions) => {
      try {
        process.exitCode = await runCheck(patterns, opts);
      } catch (e) {
        process.exitCode = fail(e);
      }
    });
}

async function runCheck(patterns: string[], opts: CheckOptions): Promise<number> {
  if (opts.explain) {
    const check = findCheck(opts.explain);
    if (!check) throw new UsageError(`unknown check ${opts.explain}; known: ${CHECKS.map((c) => `${c.code} ${c.name}`).join(', ')}`);
    process.stdout.write(`${check.code} ${check.name}: ${check.title}\n\n${check.doc}\n`);
    return 0;
  }
  if (opts.listChecks) {
    const width = Math.max(...CHECKS.map((c) => c.name.length));
    for (const c of [...CHECKS].sort((a, b) => a.code.localeCompare(b.code))) process.stdout.write(`${c.code}  ${c.name.padEnd(width)}  ${c.defaultEnabled ? 'on ' : 'off'}  ${c.defaultSeverity.padEnd(7)}  ${c.title}\n`);
    return 0;
  }
  const reporter = findReporter(opts.format)!;
  const extra = extraReports(opts.report);
  if (opts.updateBaseline && !opts.baseline) throw new UsageError('--update-baseline needs --baseline FILE');
  const cwd = process.cwd();
  const loaded = await loadFiles(patterns, { cwd, tests: opts.tests });
  // `--new-from-rev ''` (an unset CI variable) is an error, not "no filter".
  const rev = opts.newFromRev === undefined ? undefined : resolveRevision(loaded.root, opts.newFromRev);
  const config = configFor(loaded.root, process.cwd(), opts.config);
  const checks = opts.checks === undefined ? config.checks : selectChecks(opts.checks, config.checks);
  const excluded = excludeFilter(config.exclude);
  const rel = (f: string) => path.relative(loaded.root, f).split(path.sep).join('/') || '.';
  const files = loaded.files.filter((f) => !excluded(rel(f)));
  const showProgress = process.stderr.isTTY && files.length > 200;
  const maxFileBytes = opts.maxFileSize ?? config.limits.maxFileSize;
  const result = await analyze({
    // Paths (in findings and in their messages) are relative to the current directory, as go vet shows them.
    root: cwd,
    modules: loaded.modules,
    files,
    checks,
    severity: config.severity,
    library: config.library,
    jobs: workerThreads(opts.jobs),
    includeGenerated: !!opts.includeGenerated,
    maxFileBytes,
    maxMemory: opts.maxMemory ?? config.limits.maxMemory,
    wholeProgram: coversModule(patterns, cwd, loaded.root, files) || wholeProgramByEnv(),
    ...(showProgress
      ? { onProgress: (done: number, total: number) => { if (done % 50 === 0 || done === total) process.stderr.write(`\rmaprace: ${done}/${total} files${done === total ? '\n' : ''}`); } }
      : {}),
  });
  // Directories the file search could not list are code that was not analysed, like an unreadable file.
  const shown = (f: string) => path.relative(cwd, f).split(path.sep).join('/') || '.';
  result.errors.unshift(...loaded.unreadable.filter((u) => !excluded(rel(u.dir))).map((u) => ({ file: shown(u.dir), message: u.message })));
  // go.work and go.mod files that were refused (not regular files, too large).
  result.errors = uniqueErrors([...loaded.skipped.map((n) => ({ file: shown(n.file), message: n.message })), ...result.errors]);
  if (rev) result.diagnostics = touchingChanges(result.diagnostics, cwd, rev, maxFileBytes ?? MAX_FILE_BYTES);
  if (opts.baseline) result.diagnostics = applyBaseline(opts.baseline, result.diagnostics, !!opts.updateBaseline);
  const ctx = { root: cwd, version: VERSION, checks: CHECKS };
  for (const [format, file] of extra) writeReport(file, findReporter(format)!.render(result, { ...ctx, color: false }));
  const text = reporter.render(result, { ...ctx, color: !opts.output && opts.color && colorEnabled(process.stdout) });
  if (opts.output) writeReport(opts.output, text);
  else process.stdout.write(text);
  for (const w of [...loaded.warnings, ...(result.warnings ?? []).map((e) => `${e.file}: ${e.message}`)]) warn(w);
  if (result.stats.files === 0) warn(`nothing was analysed (${files.length ? 'every file was skipped or excluded' : 'no Go files'})`);
  const status = exitStatus(result, opts.failOn);
  if (status === 2 && result.errors.length) process.stderr.write(incompleteNotice(result.errors, !opts.output && opts.format === 'text'));
  return status;
}

/** `--jobs`, at most the number of cores: more threads only cost memory (each holds its own parser and types). */
function parseSizeOption(value: string): number {
  const n = parseSize(value);
  if (n === undefined) throw new InvalidArgumentError('expected a size, e.g. 16MB, 2GiB or a number of bytes');
  return n;
}

function workerThreads(requested: number | undefined): number {
  const cores = os.availableParallelism();
  if (requested === undefined) return cores;
  if (requested > cores) warn(`--jobs ${requested} is more than the ${cores} available cores; using ${cores}`);
  return Math.min(requested, cores);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `--report FORMAT=FILE` values, checked before any work is done. */
function extraReports(specs: string[]): [string, string][] {
  return specs.map((spec) => {
    const i = spec.indexOf('=');
    const format = spec.slice(0, i);
    const file = spec.slice(i + 1);
    if (i <= 0 || !file) throw new UsageError(`--report ${spec}: expected FORMAT=FILE, e.g. sarif=maprace.sarif`);
    if (!findReporter(format)) throw new UsageError(`--report ${spec}: unknown format ${format}; known: ${REPORTERS.map((r) => r.name).join(', ')}`);
    return [format, file];
  });
}

/** Writes the baseline when asked or missing (then nothing is new), else keeps the findings it lacks. */
function applyBaseline(file: string, diagnostics: Diagnostic[], update: boolean): Diagnostic[] {
  if (update || !fs.existsSync(file)) {
    const baseline = makeBaseline(diagnostics, VERSION);
    writeBaseline(file, baseline);
    process.stderr.write(`maprace: recorded ${diagnostics.length} finding(s) in the baseline ${file}\n`);
    return [];
  }
  const { fresh, gone } = newFindings(diagnostics, readBaseline(file));
  const known = diagnostics.length - fresh.length;
  process.stderr.write(`maprace: ${fresh.length} new finding(s), ${known} in the baseline${gone ? `, ${gone} baseline finding(s) no longer occur (--update-baseline drops them)` : ''}\n`);
  return fresh;
}

function parseJobs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

/**
 * `--checks`: `MR1001,MR1002` runs exactly these; `-MR0002` (or `!MR0002`) turns a check off, starting from
 * `base` (the configured checks) when no check is named positively. Codes or names are accepted.
 */
export function selectChecks(spec: string, base: string[]): string[] {
  const on = new Set<string>();
  const off = new Set<string>();
  for (const raw of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const negate = raw.startsWith('-') || raw.startsWith('!');
    const key = negate ? raw.slice(1) : raw;
    const c = findCheck(key);
    if (!c) throw new UsageError(`unknown check ${key}; known: ${CHECKS.map((x) => `${x.code} ${x.name}`).join(', ')}`);
    (negate ? off : on).add(c.code);
  }
  if (on.size === 0 && off.size === 0) throw new UsageError('--checks: no check named');
  return (on.size ? [...on] : base).filter((code) => !off.has(code));
}

/**
 * `MAPRACE_WHOLE_PROGRAM=1` turns the whole-program pass on whatever the patterns cover: for measurements (the
 * memory of the pass against the number of packages, `npm run bench:scaling -- --whole-program`), where the
 * packages missing from the program make its call graph smaller, never wrong about what it holds.
 */
export function wholeProgramByEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.MAPRACE_WHOLE_PROGRAM;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/**
 * Whether the patterns name every package of the module (or workspace): `./...` (the default) run at its root, or
 * a `DIR/...` whose DIR is the root. Then calls from anywhere in the program are known, and so are the goroutines
 * that reach a method. The run's root is the module of the first pattern: when `files` are given, none may lie
 * outside it (`./api/... ./daemon/...` in a repository whose `api` is a module of its own covers only `api`).
 */
export function coversModule(patterns: readonly string[], cwd: string, root: string, files: readonly string[] = []): boolean {
  const top = path.resolve(root);
  if (files.some((f) => path.relative(top, path.resolve(cwd, f)).startsWith('..'))) return false;
  if (!patterns.length) return path.resolve(cwd) === top;
  return patterns.some((p) => p.endsWith('...') && path.resolve(cwd, p.slice(0, -3) || '.') === top);
}
