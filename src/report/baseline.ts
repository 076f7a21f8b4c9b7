// Baselines: adopt maprace on an old codebase by recording today's findings and reporting only new ones.
// Entries are keyed by the line-independent fingerprint (check, file, enclosing function, map, access kinds), so
// edits elsewhere in a file do not make a recorded finding "new"; a count handles identical fingerprints.
import fs from 'node:fs';
import { UsageError } from '../go/load.js';
import { READ_LIMITS, isRefusal, readTextBounded } from '../io/read.js';
import type { Diagnostic } from '../model.js';
import { fingerprint } from './fingerprint.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  check: string;
  file: string;
  function: string;
  map: string;
  kinds: string;
  message: string;
  count: number;
}

export interface Baseline {
  version: number;
  tool: { name: 'maprace'; version: string };
  findings: BaselineEntry[];
}

export function makeBaseline(diagnostics: Diagnostic[], version: string): Baseline {
  const byPrint = new Map<string, BaselineEntry>();
  for (const d of diagnostics) {
    const fp = fingerprint(d);
    const e = byPrint.get(fp);
    if (e) e.count++;
    else byPrint.set(fp, { fingerprint: fp, check: d.check, file: d.range.file, function: d.fingerprint.function, map: d.fingerprint.map, kinds: d.fingerprint.kinds, message: d.message, count: 1 });
  }
  const findings = [...byPrint.values()].sort((a, b) => a.file.localeCompare(b.file) || a.check.localeCompare(b.check) || a.fingerprint.localeCompare(b.fingerprint));
  return { version: BASELINE_VERSION, tool: { name: 'maprace', version }, findings };
}

export function writeBaseline(file: string, baseline: Baseline): void {
  try {
    fs.writeFileSync(file, JSON.stringify(baseline, null, 2) + '\n');
  } catch (e) {
    throw new UsageError(`cannot write baseline ${file}: ${(e as Error).message}`);
  }
}

export function readBaseline(file: string): Baseline {
  const text = readTextBounded(file, READ_LIMITS.baseline);
  if (isRefusal(text)) throw new UsageError(`cannot read baseline ${file}: ${text.refused}`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`cannot read baseline ${file}: ${(e as Error).message}`);
  }
  const b = doc as Partial<Baseline> | null;
  const ok = !!b && typeof b === 'object' && b.version === BASELINE_VERSION && Array.isArray(b.findings) &&
    b.findings.every((e) => !!e && typeof e.fingerprint === 'string' && Number.isInteger(e.count) && e.count > 0);
  if (!ok) throw new UsageError(`${file} is not a maprace baseline (version ${BASELINE_VERSION}); write one with --update-baseline`);
  return b as Baseline;
}

/** The findings not in the baseline, and how many baseline entries no longer occur. */
export function newFindings(diagnostics: Diagnostic[], baseline: Baseline): { fresh: Diagnostic[]; gone: number } {
  const left = new Map(baseline.findings.map((e) => [e.fingerprint, e.count]));
  const fresh: Diagnostic[] = [];
  for (const d of diagnostics) {
    const fp = fingerprint(d);
    const n = left.get(fp) ?? 0;
    if (n > 0) left.set(fp, n - 1);
    else fresh.push(d);
  }
  let gone = 0;
  for (const n of left.values()) gone += n;
  return { fresh, gone };
}
