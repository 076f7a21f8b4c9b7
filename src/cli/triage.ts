// `maprace triage [FILE ...]`: read crash dumps and race reports (stdin when none or `-`), answer first.
import fs from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import type { Diagnostic } from '../model.js';
import { SourceCache } from '../report/source.js';
import type { Frame } from '../triage/analyze.js';
import { triage } from '../triage/index.js';
import { renderHtml } from '../triage/report/html.js';
import { renderJson } from '../triage/report/json.js';
import { type Located, type TriageReport, frameKey } from '../triage/report/model.js';
import { renderSarif } from '../triage/report/sarif.js';
import { renderText } from '../triage/report/text.js';
import { VERSION } from '../assets.js';
import { colorEnabled, fail, warn, writeReport } from './util.js';

interface TriageOptions {
  format: 'text' | 'json' | 'sarif' | 'html';
  source?: string;
  all?: boolean;
  output?: string;
  color: boolean;
}

export function registerTriage(program: Command): void {
  program
    .command('triage')
    .description('find the racing goroutines, the map and the code in Go crash dumps and race reports')
    .argument('[files...]', 'logs or dumps to read (default: standard input; - is standard input)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif', 'html']).default('text'))
    .option('--source <dir>', 'the source tree the binary was built from: show code and the matching check finding')
    .option('--all', 'list every goroutine group')
    .option('-o, --output <file>', 'write the report to a file')
    .option('--no-color', 'never colour the text output')
    .action(async (files: string[], opts: TriageOptions) => {
      try {
        process.exitCode = await runTriage(files, opts);
      } catch (e) {
        process.exitCode = fail(e);
      }
    });
}

/** Bytes read per file chunk. */
const CHUNK = 1 << 20;

/**
 * The input, chunk by chunk. Files are read into two buffers used in turn (the next chunk is read while the
 * last one is triaged): fresh buffers for every chunk would cost more in page faults than the triage itself.
 * A chunk is only valid until the next one is asked for, which the triage reader allows.
 */
async function* inputs(files: string[]): AsyncGenerator<Buffer | string> {
  const list = files.length ? files : ['-'];
  for (const f of list) {
    if (f === '-') yield* readStdin();
    else yield* readFile(f);
    yield '\n';
  }
}

async function* readStdin(): AsyncGenerator<Buffer> {
  // A directory as standard input (`triage < dir`) reads as empty: "no crash" would be a wrong answer.
  if (fs.fstatSync(0).isDirectory()) throw new UsageError('cannot read standard input: it is a directory');
  try {
    for await (const chunk of process.stdin) yield chunk as Buffer;
  } catch (e) {
    throw new UsageError(`cannot read standard input: ${(e as Error).message}`);
  }
}

async function* readFile(file: string): AsyncGenerator<Buffer> {
  const fh = await fs.promises.open(file, 'r').catch((e: Error) => {
    throw new UsageError(`cannot read ${file}: ${e.message}`);
  });
  try {
    const bufs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    let turn = 0;
    let pending = fh.read(bufs[0]!, 0, CHUNK, null);
    for (;;) {
      const { bytesRead, buffer } = await pending.catch((e: Error) => {
        throw new UsageError(`cannot read ${file}: ${e.message}`);
      });
      if (bytesRead === 0) return;
      turn ^= 1;
      pending = fh.read(bufs[turn]!, 0, CHUNK, null);
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

async function runTriage(files: string[], opts: TriageOptions): Promise<number> {
  for (const f of files) {
    if (f === '-') continue;
    if (!fs.existsSync(f)) throw new UsageError(`${f}: no such file`);
    if (fs.statSync(f).isDirectory()) throw new UsageError(`${f}: is a directory`);
  }
  if (opts.source !== undefined && !fs.existsSync(opts.source)) throw new UsageError(`--source ${opts.source}: no such directory`);
  if (opts.source !== undefined && !fs.statSync(opts.source).isDirectory()) throw new UsageError(`--source ${opts.source}: not a directory`);
  const result = await triage(inputs(files));
  const report: TriageReport = { ...result, located: new Map(), findings: new Map() };
  if (opts.source) await attachSource(report, opts.source);
  const text = opts.format === 'json' ? renderJson(report, VERSION)
    : opts.format === 'sarif' ? renderSarif(report, VERSION)
    : opts.format === 'html' ? renderHtml(report, VERSION)
    : renderText(report, { color: !opts.output && opts.color && colorEnabled(process.stdout), all: !!opts.all });
  if (opts.output) writeReport(opts.output, text);
  else process.stdout.write(text);
  return result.crashes.length || result.races.length ? 1 : 0;
}

/** Maps frames to local files, reads their lines, and runs `check` on the packages involved. */
async function attachSource(report: TriageReport, dir: string): Promise<void> {
  // Loaded only here: the check engine takes longer to load than a big dump takes to triage.
  const { SourceMap, matchFinding } = await import('../triage/source.js');
  const map = await SourceMap.open(dir);
  const src = new SourceCache(map.root);
  report.sourceRoot = map.root;
  const frames: Frame[] = [];
  for (const c of report.crashes) {
    for (const p of [c.culprit, c.otherParty]) {
      if (p?.access) frames.push(p.access);
      if (p?.createdBy) frames.push(p.createdBy);
    }
  }
  for (const g of report.races) for (const a of g.accesses) if (a.access) frames.push(a.access);
  const unshown = new Set<string>();
  for (const f of frames) {
    const local = map.local(f.file);
    const entry: Located = {};
    if (local) {
      entry.local = local;
      const text = src.raw(local, f.line);
      if (text !== undefined) entry.code = text.replace(/\t/g, '    ').slice(0, 160);
      const why = src.problem(local);
      if (why && !unshown.has(local)) {
        unshown.add(local);
        warn(`--source: the code of ${local} is not shown: ${why}`);
      }
    }
    report.located.set(frameKey(f), entry);
  }
  const localFiles = [...new Set([...report.located.values()].map((l) => l.local).filter((l): l is string => !!l))];
  if (!localFiles.length) return;
  const { diagnostics, moduleRoot } = await map.findings(localFiles);
  report.findingsRoot = moduleRoot;
  const rel = (local: string) => path.relative(moduleRoot, path.join(map.root, local)).split(path.sep).join('/');
  report.crashes.forEach((c, i) => {
    const found: Diagnostic[] = [];
    for (const p of [c.culprit, c.otherParty]) {
      const local = p?.access && report.located.get(frameKey(p.access))?.local;
      const d = local && p?.access ? matchFinding(diagnostics, rel(local), p.access) : undefined;
      if (d && !found.includes(d)) found.push(d);
    }
    if (found.length) report.findings.set(i, found);
  });
}
