import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from dist/test/ (compiled) or test/ (sources). */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', path.basename(path.dirname(path.dirname(fileURLToPath(import.meta.url)))) === 'dist' ? '..' : '.');
export const CLI = path.join(REPO, 'dist', 'src', 'cli', 'main.js');
