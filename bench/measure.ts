// Pure helpers of the benchmark harnesses: reading `/usr/bin/time -v`, medians, formatting, option parsing.
// Kept apart so that the parsing is unit-tested; the timings themselves are never asserted in tests.
import { InvalidArgumentError } from 'commander';

/** Peak resident set size in kilobytes from GNU time's `-v` report, or undefined when absent. */
export function parseTimeVerbose(stderr: string): number | undefined {
  const m = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(stderr);
  return m ? Number(m[1]) : undefined;
}

/** User plus system CPU seconds from GNU time's `-v` report, or undefined when absent. */
export function parseCpuSeconds(stderr: string): number | undefined {
  const user = /User time \(seconds\):\s*([\d.]+)/.exec(stderr);
  const sys = /System time \(seconds\):\s*([\d.]+)/.exec(stderr);
  return user && sys ? Number(user[1]) + Number(sys[1]) : undefined;
}

/** Least-squares line y = intercept + slope·x, and its coefficient of determination R². */
export function linearFit(xs: number[], ys: number[]): { slope: number; intercept: number; r2: number } {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return { slope: NaN, intercept: NaN, r2: NaN };
  const mx = xs.slice(0, n).reduce((a, b) => a + b, 0) / n;
  const my = ys.slice(0, n).reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  const slope = sxx ? sxy / sxx : NaN;
  return { slope, intercept: my - slope * mx, r2: sxx && syy ? (sxy * sxy) / (sxx * syy) : NaN };
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
