import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from dist/test/ (compiled) or test/ (sources). */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', path.basename(path.dirname(path.dirname(fileURLToPath(import.meta.url)))) === 'dist' ? '..' : '.');
export const CLI = path.join(REPO, 'dist', 'src', 'cli', 'main.js');

/** A fresh temporary directory holding `files` (relative path → text). */
export function tempTree(prefix: string, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `maprace-${prefix}-`));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Runs the CLI as an unprivileged user (root reads files whatever their mode), or undefined when it cannot. */
export function runUnprivileged(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } | undefined {
  const asRoot = process.getuid?.() === 0;
  if (asRoot && spawnSync('setpriv', ['--version']).status !== 0) return undefined;
  const drop = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
  // A checkout inside a private directory (mktemp -d, a 0700 home) is out of the unprivileged user's reach.
  if (asRoot && spawnSync(drop[0]!, [...drop.slice(1), process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(CLI)})`]).status !== 0) return undefined;
  const argv = asRoot ? [...drop, process.execPath, CLI, ...args] : [process.execPath, CLI, ...args];
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', HOME: os.tmpdir() } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
