// `--new-from-rev REV`: the lines added or changed since a git revision (committed, staged, unstaged, and
// untracked files), so that only findings touching them are reported.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { UsageError } from '../go/load.js';
import type { Diagnostic, Range } from '../model.js';

/** Changed line numbers per file, paths relative to the repository's top directory. */
export type ChangedLines = Map<string, Set<number> | 'all'>;

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new UsageError(`--new-from-rev: git ${args[0]} failed: ${(err.stderr || err.message).trim().split('\n')[0]}`);
  }
}

/** Parses `git diff --unified=0` output: for each `+++ b/file`, the new-side lines of every hunk. */
export function parseUnifiedDiff(diff: string): ChangedLines {
  const out: ChangedLines = new Map();
  let current: Set<number> | undefined;
  // Lines still to come in the current hunk (old side, new side): content lines are never headers, even when
  // they read `+++ b/x`.
  let oldLeft = 0;
  let newLeft = 0;
  for (const line of diff.split('\n')) {
    if (oldLeft > 0 || newLeft > 0) {
      if (line.startsWith('-')) oldLeft--;
      else if (line.startsWith('+')) newLeft--;
      else if (line.startsWith(' ')) {
        oldLeft--;
        newLeft--;
      }
      continue;
    }
    if (line.startsWith('+++ ')) {
      // git ends a name containing a space with a tab, and quotes unusual names C-style.
      const target = line.slice(4).replace(/\t$/, '');
      if (target === '/dev/null') {
        current = undefined;
        continue;
      }
      const file = unquote(target).replace(/^b\//, '');
      current = new Set();
      out.set(file, current);
      continue;
    }
    const m = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (m) {
      oldLeft = m[1] === undefined ? 1 : Number(m[1]);
      const start = Number(m[2]);
      const count = m[3] === undefined ? 1 : Number(m[3]);
      newLeft = count;
      for (let i = 0; current && i < count && i < 1_000_000; i++) current.add(start + i);
    }
  }
  return out;
}

/** git quotes paths with unusual characters as C strings: "a\tb.go". */
function unquote(p: string): string {
  if (!p.startsWith('"') || !p.endsWith('"')) return p;
  const bytes: number[] = [];
  const s = p.slice(1, -1);
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = s[++i] ?? '';
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(s.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(({ n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 } as Record<string, number>)[n] ?? n.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

export function changedSince(root: string, rev: string): { top: string; lines: ChangedLines } {
  if (rev.startsWith('-')) throw new UsageError(`--new-from-rev: ${rev} is not a revision`);
  const top = git(root, ['rev-parse', '--show-toplevel']).trim();
  git(top, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  const lines = parseUnifiedDiff(git(top, ['diff', '--unified=0', '--no-color', '--no-ext-diff', '--no-renames', rev, '--']));
  for (const f of git(top, ['ls-files', '--others', '--exclude-standard', '-z']).split('\0')) if (f) lines.set(f, 'all');
  return { top, lines };
}

/** Findings whose access, related accesses or spawn sites touch a changed line. */
export function touchingChanges(diagnostics: Diagnostic[], root: string, changes: { top: string; lines: ChangedLines }): Diagnostic[] {
  const touches = (r: Range) => {
    const rel = path.relative(changes.top, path.resolve(root, r.file)).split(path.sep).join('/');
    const changed = changes.lines.get(rel);
    if (!changed) return false;
    if (changed === 'all') return true;
    for (let l = r.start.line; l <= r.end.line; l++) if (changed.has(l)) return true;
    return false;
  };
  return diagnostics.filter((d) => touches(d.range) || d.related.some((x) => touches(x.range)));
}
