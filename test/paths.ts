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
