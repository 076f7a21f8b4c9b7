// `maprace check`: find the Go files, analyse them, report. Exit 0 no findings, 1 findings, 2 usage or I/O.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { analyze } from '../analysis/engine.js';
import { CHECKS, findCheck } from '../checks/registry.js';
import { configFor, excludeFilter } from '../config/load.js';
import { UsageError, loadFiles } from '../go/load.js';
import { REPORTERS, findReporter } from '../report/index.js';
import { VERSION } from '../version.js';
import { colorEnabled, fail } from './util.js';

interface CheckOptions {
  format: string;
  output?: string;
  tests?: boolean;
  includeGenerated?: boolean;
  checks?: string;
  /** `--config FILE`, or false for `--no-config`. */
  config?: string | false;
  jobs?: number;
  explain?: string;
  color: boolean;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('report Go maps that goroutines can touch without synchronization')
    .argument('[patterns...]', 'packages: ./..., ./pkg/..., a directory or a .go file (default ./...)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(REPORTERS.map((r) => r.name)).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--tests', 'also analyse _test.go files')
    .option('--include-generated', 'also analyse files marked "Code generated ... DO NOT EDIT."')
    .option('--checks <codes>', 'comma-separated checks: MR1001,MR1002 runs only these, -MR0002 turns one off (default: the configured checks, else all default-on checks)')
    .option('--config <file>', 'read the configuration from this file (YAML, or JSON with a "maprace" key) instead of the nearest .maprace.yaml')
    .option('--no-config', 'ignore configuration files')
    .option('-j, --jobs <n>', 'worker threads for parsing (default: the number of cores)', parseJobs)
    .option('--explain <code>', "print a check's documentation and exit")
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
  const reporter = findReporter(opts.format)!;
  const loaded = await loadFiles(patterns, { cwd: process.cwd(), tests: !!opts.tests });
  const config = configFor(loaded.root, process.cwd(), opts.config);
  const checks = opts.checks === undefined ? config.checks : selectChecks(opts.checks, config.checks);
  const excluded = excludeFilter(config.exclude);
  const files = loaded.files.filter((f) => !excluded(path.relative(loaded.root, f).split(path.sep).join('/')));
  const showProgress = process.stderr.isTTY && files.length > 200;
  const result = await analyze({
    root: loaded.root,
    modules: loaded.modules,
    files,
    checks,
    severity: config.severity,
    library: config.library,
    jobs: opts.jobs ?? os.availableParallelism(),
    includeGenerated: !!opts.includeGenerated,
    ...(showProgress
      ? { onProgress: (done: number, total: number) => { if (done % 50 === 0 || done === total) process.stderr.write(`\rmaprace: ${done}/${total} files${done === total ? '\n' : ''}`); } }
      : {}),
  });
  const text = reporter.render(result, {
    root: loaded.root,
    color: !opts.output && opts.color && colorEnabled(process.stdout),
    version: VERSION,
    checks: CHECKS,
  });
  if (opts.output) {
    try {
      fs.writeFileSync(opts.output, text);
    } catch (e) {
      throw new UsageError(`cannot write ${opts.output}: ${(e as Error).message}`);
    }
  } else process.stdout.write(text);
  return result.diagnostics.length ? 1 : 0;
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
