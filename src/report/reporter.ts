// One reporter per output format behind one interface; the CLI picks one by name.
import path from 'node:path';
import type { AnalyzeResult } from '../analysis/api.js';
import type { CheckMeta } from '../checks/check.js';

export interface ReportContext {
  /** Absolute analysis root: finding paths are relative to it. */
  root: string;
  color: boolean;
  version: string;
  checks: CheckMeta[];
}

export interface Reporter {
  readonly name: string;
  render(result: AnalyzeResult, ctx: ReportContext): string;
}

/**
 * The directory paths are reported against: the checked-out repository when running in GitHub Actions
 * (GITHUB_WORKSPACE; code scanning and annotations resolve paths from the repository root, also when the Go
 * module is in a subdirectory), else the analysis root.
 */
export function reportBase(ctx: ReportContext): string {
  const ws = process.env.GITHUB_WORKSPACE;
  if (!ws) return ctx.root;
  const rel = path.relative(path.resolve(ws), ctx.root);
  return rel.startsWith('..') || path.isAbsolute(rel) ? ctx.root : path.resolve(ws);
}

/** A finding's path (relative to the analysis root) relative to `reportBase`, with forward slashes. */
export function basePath(file: string, ctx: ReportContext): string {
  const base = reportBase(ctx);
  if (base === ctx.root) return file;
  return path.relative(base, path.resolve(ctx.root, file)).split(path.sep).join('/');
}
