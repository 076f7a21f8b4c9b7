// Source trees of the benchmark's commits: extracted with `git archive` from the repositories' git directories
// (fetched beforehand; this harness fetches nothing), and the enclosing function of a line in them.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type DeclaredFunction, declaredFunctions, functionAt } from '../../src/go/funcnames.js';
import { parseGo } from '../../src/go/parser.js';
import type { BugEntry } from './model.js';

/** git with everything that could run a command from repository configuration turned off. */
function git(gitDir: string, args: string[], maxBuffer = 64 << 20): string {
  const r = spawnSync('git', ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '--git-dir', gitDir, ...args], {
    encoding: 'utf8',
    maxBuffer,
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${(r.stderr || String(r.error)).trim()}`);
  return r.stdout;
}

/** The directory of the repositories' git directories (--repos, else $MAPRACE_REPOS), or a message and undefined. */
export function reposDirOf(flag: string | undefined, harness: string): string | undefined {
  const dir = flag ?? process.env.MAPRACE_REPOS;
  if (!dir) process.stderr.write(`${harness}: say where the repositories are: --repos DIR or MAPRACE_REPOS=DIR (see bench/README.md)\n`);
  return dir;
}

/** The git directory of owner/name below `reposDir`: `owner+name/repo` (the fetch layout), `owner+name`, or `owner/name`, each bare or with `.git`. */
export function findGitDir(reposDir: string, repo: string): string | undefined {
  const [owner, name] = repo.split('/');
  const bases = [path.join(reposDir, `${owner}+${name}`, 'repo'), path.join(reposDir, `${owner}+${name}`), path.join(reposDir, owner!, name!)];
  for (const b of bases) {
    for (const d of [b, path.join(b, '.git')]) {
      if (fs.existsSync(path.join(d, 'HEAD')) && fs.existsSync(path.join(d, 'objects'))) return d;
    }
  }
  return undefined;
}

/** What maprace reads of a tree: Go files, module and workspace files, vendor/modules.txt. */
function wanted(file: string): boolean {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return base.endsWith('.go') || base === 'go.mod' || base === 'go.work' || base === 'modules.txt';
}

/**
 * Writes the files of `module` at `commit` that maprace reads into `<workDir>/<repo>/<commit>` once, and returns
 * the tree's root (the repository root). Blobs read with `git cat-file --batch` rather than `git archive`: a fetched
 * snapshot lacks its largest files (data, binaries), and archive would fail on them; a missing blob is skipped.
 */
export async function extractTree(gitDir: string, commit: string, module: string, workDir: string, repo: string): Promise<string> {
  const root = path.join(workDir, repo.replace('/', '+'), commit.slice(0, 12));
  const done = path.join(root, '.maprace-extracted');
  if (fs.existsSync(done)) return root;
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const files: { sha: string; file: string }[] = [];
  for (const rec of git(gitDir, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', module === '.' ? '.' : module], 1 << 30).split('\0')) {
    const m = /^100(?:644|755) blob ([0-9a-f]{40,64})\t(.+)$/s.exec(rec);
    if (m && wanted(m[2]!) && !m[2]!.split('/').includes('..')) files.push({ sha: m[1]!, file: m[2]! });
  }
  await catBlobs(gitDir, files.map((f) => f.sha), (i, data) => {
    if (!data) return;
    const out = path.join(root, files[i]!.file);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, data);
  });
  fs.writeFileSync(done, `${commit}\n`);
  return root;
}

/** Streams blobs through one `git cat-file --batch`; `undefined` for a blob the snapshot lacks. */
function catBlobs(gitDir: string, shas: string[], onBlob: (index: number, data: Buffer | undefined) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('git', ['-c', 'core.fsmonitor=false', '--git-dir', gitDir, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
    let buf: Buffer = Buffer.alloc(0);
    let next = 0;
    let stderr = '';
    p.stdout.on('data', (chunk: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        const nl = buf.indexOf(10);
        if (nl < 0) return;
        const header = buf.subarray(0, nl).toString('latin1');
        if (header.endsWith(' missing')) {
          onBlob(next++, undefined);
          buf = buf.subarray(nl + 1);
          continue;
        }
        const size = Number(header.split(' ')[2]);
        if (buf.length < nl + 1 + size + 1) return;
        onBlob(next++, buf.subarray(nl + 1, nl + 1 + size));
        buf = buf.subarray(nl + 2 + size);
      }
    });
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 && next === shas.length ? resolve() : reject(new Error(`git cat-file: exit ${code}, ${next}/${shas.length} blobs: ${stderr.trim()}`))));
    p.stdin.end(shas.length ? shas.join('\n') + '\n' : '');
  });
}

/** Go files changed between two commits, relative to the repository root. */
export function changedGoFiles(gitDir: string, from: string, to: string): string[] {
  return git(gitDir, ['diff-tree', '-r', '--no-commit-id', '--name-only', '--no-renames', '--no-textconv', '--no-ext-diff', from, to])
    .split('\n')
    .filter((f) => f.endsWith('.go'));
}

/** "Which function is this line in", parsed once per file of a tree. */
export function functionLocator(root: string): (file: string, line: number) => string | undefined {
  const cache = new Map<string, DeclaredFunction[]>();
  return (file, line) => {
    let funcs = cache.get(file);
    if (!funcs) {
      let text = '';
      try {
        text = fs.readFileSync(path.join(root, file), 'utf8');
      } catch {
        // A file maprace names is in the tree; a missing one simply has no functions.
      }
      funcs = text ? declaredFunctions(parseGo(text)) : [];
      cache.set(file, funcs);
    }
    return functionAt(funcs, line);
  };
}

/** Module-relative directories of the racing accesses and of the non-test Go files the fix changed inside the module. */
export function touchedPackages(e: BugEntry, changed: string[]): string[] {
  const prefix = e.module === '.' ? '' : `${e.module.replace(/\/+$/, '')}/`;
  const dirs = new Set<string>();
  for (const f of [...e.accesses.map((a) => a.file), ...changed.filter((f) => !f.endsWith('_test.go'))]) {
    if (!f.startsWith(prefix) || /(^|\/)(vendor|testdata)\//.test(f)) continue;
    dirs.add(path.posix.dirname(f.slice(prefix.length)));
  }
  return [...dirs].sort();
}
