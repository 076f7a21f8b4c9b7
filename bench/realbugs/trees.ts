// Source trees of the benchmark's commits: extracted with `git archive` from the repositories' git directories
// (fetched beforehand; this harness fetches nothing), and the enclosing function of a line in them.
import { spawnSync } from 'node:child_process';
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

/** Extracts `module` of `commit` into `<workDir>/<repo>/<commit>` once; returns the tree's root (the repository root). */
export function extractTree(gitDir: string, commit: string, module: string, workDir: string, repo: string): string {
  const root = path.join(workDir, repo.replace('/', '+'), commit.slice(0, 12));
  const done = path.join(root, '.maprace-extracted');
  if (fs.existsSync(done)) return root;
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const archive = path.join(workDir, `${commit}.tar`);
  git(gitDir, ['archive', '--format=tar', '-o', archive, commit, '--', module === '.' ? '.' : module]);
  const t = spawnSync('tar', ['-x', '--no-same-owner', '-f', archive, '-C', root], { encoding: 'utf8' });
  fs.rmSync(archive, { force: true });
  if (t.status !== 0) throw new Error(`tar: ${t.stderr.trim()}`);
  fs.writeFileSync(done, `${commit}\n`);
  return root;
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
