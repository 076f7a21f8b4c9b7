// Pure helpers of the benchmark harnesses: reading `/usr/bin/time -v`, medians, formatting, option parsing.
// Kept apart so that the parsing is unit-tested; the timings themselves are never asserted in tests.
import { InvalidArgumentError } from 'commander';

/** Peak resident set size in kilobytes from GNU time's `-v` report, or undefined when absent. */
export function parseTimeVerbose(stderr: string): number | undefined {
  const m = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(stderr);
  return m ? Number(m[1]) : undefined;
}

/** Removes GNU time's `-v` report (it starts with `\tCommand being timed:`) from a tool's stderr. */
export function stripTimeVerbose(stderr: string): string {
  const i = stderr.indexOf('\tCommand being timed:');
  const j = stderr.indexOf('Command exited with non-zero status');
  const cut = [i, j].filter((x) => x >= 0);
  return cut.length ? stderr.slice(0, Math.min(...cut)) : stderr;
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function formatSeconds(ms: number): string {
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'n/a';
}

export function formatMB(kb: number | undefined): string {
  return kb === undefined ? 'n/a' : `${Math.round(kb / 1024)} MB`;
}

export function formatInt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a';
}

/** A fixed-width text table: the first row is the header. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
}

/** A commander option parser for counts and seconds. */
export function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive integer');
  return n;
}
