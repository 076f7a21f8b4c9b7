// `--new-from-rev REV`: the lines added or changed since a git revision (committed, staged, unstaged, or in a
// file REV does not have), so that only findings touching them are reported.
//
// The analysed repository is untrusted, and git runs programs that a repository's config and attributes name:
// diff drivers and textconv (`git diff`), clean filters (`git diff` and `git ls-files` against the work tree),
// fsmonitor hooks, hooks, and the transports that fetch a partial clone's missing objects (`ext::`, ssh). So git is
// only asked for objects, with commands that run none of these (rev-parse, ls-tree, cat-file without
// --textconv/--filters), and the work tree is compared with REV here, by a line diff of the raw bytes.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { diffLines } from 'diff';
import { UsageError } from '../errors.js';
import { readGoSource } from '../go/load.js';
import type { Diagnostic, Range } from '../model.js';

/** Changed line numbers per file, paths relative to the repository's top directory. */
export type ChangedLines = Map<string, Set<number> | 'all'>;

/** The revision findings are compared with, checked before the analysis. */
export interface Revision {
  /** The repository's top directory (real path). */
  top: string;
  commit: string;
}

/**
 * Settings that win over the repository's own (reviewed with git 2.39). The commands used need none of them today;
 * they stay so that a command added later cannot reach these programs either. System and global configuration are
 * the user's, not the repository's, and are kept (GIT_CONFIG_NOSYSTEM would drop a system `safe.directory`).
 */
const SAFE_CONFIG = [
  'core.fsmonitor=false', // a program run by every command that looks at the work tree
  'core.hooksPath=/dev/null', // hooks (`.git/hooks`), e.g. reference-transaction, post-index-change
  'safe.bareRepository=explicit', // a bare repository inside the analysed tree, with its own config, is not discovered
  'gc.auto=0', // no automatic gc and its pre-auto-gc hook
  'maintenance.auto=false',
  'core.pager=cat',
];

/** Transports off: reading an object a partial clone lacks would fetch it through the repository's remote. */
const SAFE_ENV: Record<string, string> = {
  GIT_ALLOW_PROTOCOL: '', // an empty allow-list, which overrides protocol.*.allow from any config
  GIT_NO_LAZY_FETCH: '1', // git 2.44+: do not even try
  GIT_TERMINAL_PROMPT: '0',
  GIT_PAGER: 'cat',
};

/** The git program from an absolute PATH entry: an empty or relative entry would find a `git` in the analysed tree. */
function gitProgram(): string {
  const name = process.platform === 'win32' ? 'git.exe' : 'git';
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!path.isAbsolute(dir)) continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not there
    }
  }
  throw new UsageError('--new-from-rev: git not found in an absolute PATH directory');
}

function git(cwd: string, args: string[], input?: string): Buffer {
  try {
    return execFileSync(gitProgram(), [...SAFE_CONFIG.flatMap((c) => ['-c', c]), '--no-pager', ...args], {
      cwd,
      input,
      env: { ...process.env, ...SAFE_ENV },
      maxBuffer: 1 << 30,
      timeout: 300_000,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const err = e as { stderr?: Buffer; message: string };
    const why = err.stderr?.toString('utf8').trim() || err.message;
    throw new UsageError(`--new-from-rev: git ${args[0]} failed: ${why.split('\n')[0]}`);
  }
}

/** Resolves REV in the repository that holds `root`: an empty, option-like or unknown revision is a usage error. */
export function resolveRevision(root: string, rev: string): Revision {
  if (!rev) throw new UsageError('--new-from-rev: empty revision');
  if (rev.startsWith('-')) throw new UsageError(`--new-from-rev: ${rev} is not a revision`);
  const top = git(root, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
  let commit: string;
  try {
    commit = git(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]).toString('utf8').trim();
  } catch {
    throw new UsageError(`--new-from-rev: ${rev} is not a commit of the repository at ${top}`);
  }
  return { top: fs.realpathSync(top), commit };
}

/** The changed lines of `files` (relative to the top directory): a file REV lacks, or git cannot give, counts whole. */
export function changedLines(rev: Revision, files: Iterable<string>, maxBytes: number): ChangedLines {
  const wanted = new Set(files);
  const blobs = new Map<string, string>();
  if (wanted.size) {
    for (const entry of git(rev.top, ['ls-tree', '-r', '-z', '--full-tree', rev.commit]).toString('utf8').split('\0')) {
      const tab = entry.indexOf('\t');
      const [, type, oid] = entry.slice(0, tab).split(' ');
      const file = entry.slice(tab + 1);
      if (tab > 0 && type === 'blob' && oid && wanted.has(file)) blobs.set(file, oid);
    }
  }
  const old = readBlobs(rev.top, [...new Set(blobs.values())], maxBytes);
  const out: ChangedLines = new Map();
  for (const file of wanted) {
    const before = old.get(blobs.get(file) ?? '');
    const now = readGoSource(path.join(rev.top, file), maxBytes);
    out.set(file, before === undefined || 'skipped' in now ? 'all' : addedLines(before, now.text));
  }
  return out;
}

/** Blob texts by object id, for the blobs present and no larger than `maxBytes` (`cat-file` runs no filter). */
function readBlobs(top: string, oids: string[], maxBytes: number): Map<string, string> {
  const out = new Map<string, string>();
  if (!oids.length) return out;
  const small = git(top, ['cat-file', '--batch-check'], oids.join('\n') + '\n')
    .toString('utf8')
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([oid, type, size]) => oid && type === 'blob' && Number(size) <= maxBytes)
    .map(([oid]) => oid!);
  if (!small.length) return out;
  const buf = git(top, ['cat-file', '--batch'], small.join('\n') + '\n');
  // Each object: `<oid> blob <size>\n<size bytes>\n`.
  for (let at = 0; at < buf.length; ) {
    const eol = buf.indexOf(10, at);
    if (eol < 0) break;
    const [oid, type, size] = buf.toString('utf8', at, eol).split(' ');
    at = eol + 1;
    if (type !== 'blob' || !oid) continue;
    out.set(oid, buf.toString('utf8', at, at + Number(size)));
    at += Number(size) + 1;
  }
  return out;
}

/** New-side line numbers of the lines added or changed from `before` to `now` (`'all'` when the diff is too costly). */
export function addedLines(before: string, now: string): Set<number> | 'all' {
  const lines = new Set<number>();
  if (before === now) return lines;
  const changes = diffLines(before, now, { stripTrailingCr: true, timeout: 5000 });
  if (!changes) return 'all';
  let line = 1;
  for (const c of changes) {
    if (c.removed) continue;
    if (c.added) for (let i = 0; i < c.count; i++) lines.add(line + i);
    line += c.count;
  }
  return lines;
}

/** Findings whose access, related accesses or spawn sites touch a line changed since `rev`. */
export function touchingChanges(diagnostics: Diagnostic[], root: string, rev: Revision, maxBytes: number): Diagnostic[] {
  const real = fs.realpathSync(root);
  const rel = (r: Range) => path.relative(rev.top, path.resolve(real, r.file)).split(path.sep).join('/');
  const ranges = (d: Diagnostic) => [d.range, ...d.related.map((x) => x.range)];
  const inside = diagnostics.flatMap(ranges).map(rel).filter((f) => !f.startsWith('../') && !path.isAbsolute(f));
  const changes = changedLines(rev, new Set(inside), maxBytes);
  const touches = (r: Range) => {
    const changed = changes.get(rel(r));
    if (!changed) return false;
    if (changed === 'all') return true;
    for (let l = r.start.line; l <= r.end.line; l++) if (changed.has(l)) return true;
    return false;
  };
  return diagnostics.filter((d) => ranges(d).some(touches));
}
