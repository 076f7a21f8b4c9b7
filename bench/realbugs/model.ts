// The real-bug benchmark's data: fixed concurrent-map bugs from public repositories (bench/realbugs/bugs.json,
// described by bugs.schema.json) and the tuning/validation split of the repositories (split.json).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';

export type AccessKind = 'read' | 'write' | 'iterate';
export type Pattern = 'local-captured' | 'struct-field' | 'package-level' | 'shared-object' | 'escaping-reference' | 'wrong-lock';
export const PATTERNS: readonly Pattern[] = ['local-captured', 'struct-field', 'package-level', 'shared-object', 'escaping-reference', 'wrong-lock'];

export interface BugAccess {
  /** Relative to the repository root, at the buggy commit. */
  file: string;
  /** Enclosing top-level function: `F`, `(*T).M`, `T.M`. */
  function: string;
  kind: AccessKind;
  line: number;
}

export interface BugEntry {
  id: string;
  repo: string;
  fixCommit: string;
  buggyCommit: string;
  /** Directory of the go.mod, relative to the repository root. */
  module: string;
  map: { expr: string; names: string[]; type: string };
  accesses: BugAccess[];
  /** The one listed access races with itself (goroutines running the same code). */
  selfConcurrent: boolean;
  goroutines: string;
  crossPackage: boolean;
  pattern: Pattern;
  fixKind: string;
  evidence: { kind: string; url?: string; quote: string };
  note: string;
}

export interface Split {
  tuning: string[];
  validation: string[];
}
export type Half = 'tuning' | 'validation';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The data files live beside the sources (bench/realbugs/), also when this runs from dist/. */
export const DATA_DIR = path.resolve(HERE, '..', '..', '..', 'bench', 'realbugs');

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Loads and validates bugs.json (schema, unique ids, commit pairs, one access only when self-concurrent). */
export function loadBugs(file = path.join(DATA_DIR, 'bugs.json')): BugEntry[] {
  const data = readJson(file);
  const validate = new Ajv2020({ allErrors: true }).compile(readJson(path.join(DATA_DIR, 'bugs.schema.json')) as object);
  if (!validate(data)) {
    const first = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
    throw new Error(`${file}: not a valid benchmark file: ${first.join('; ')}`);
  }
  const entries = (data as { entries: BugEntry[] }).entries;
  const problems = entryProblems(entries);
  if (problems.length) throw new Error(`${file}: ${problems.slice(0, 5).join('; ')}`);
  return entries;
}

/** Consistency rules the schema cannot say. */
export function entryProblems(entries: readonly BugEntry[]): string[] {
  const out: string[] = [];
  const ids = new Set<string>();
  for (const e of entries) {
    if (ids.has(e.id)) out.push(`${e.id}: duplicate id`);
    ids.add(e.id);
    if (e.fixCommit === e.buggyCommit) out.push(`${e.id}: fixCommit equals buggyCommit`);
    if (e.accesses.length < 2 && !e.selfConcurrent) out.push(`${e.id}: one access, but selfConcurrent is false`);
    if (!e.accesses.some((a) => a.kind === 'write')) out.push(`${e.id}: no write among the racing accesses`);
  }
  return out;
}

export function loadSplit(file = path.join(DATA_DIR, 'split.json')): Split {
  const s = readJson(file) as Split;
  const both = s.tuning.filter((r) => s.validation.includes(r));
  if (both.length) throw new Error(`${file}: in both halves: ${both.join(', ')}`);
  return s;
}

export function halfOf(split: Split, repo: string): Half | undefined {
  return split.validation.includes(repo) ? 'validation' : split.tuning.includes(repo) ? 'tuning' : undefined;
}
