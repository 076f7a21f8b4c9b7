import fs from 'node:fs';
import pc from 'picocolors';
import { UsageError } from '../errors.js';
import { terminalSafe } from '../report/source.js';

/** Colour only on a terminal, and never when NO_COLOR is set (FORCE_COLOR forces it). */
export function colorEnabled(stream: NodeJS.WriteStream): boolean {
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return !!stream.isTTY && pc.isColorSupported;
}

/** Prints an error and returns exit status 2 (usage or I/O). */
export function fail(e: unknown): number {
  const msg = e instanceof UsageError ? e.message : `internal error: ${(e as Error)?.stack ?? String(e)}`;
  process.stderr.write(`maprace: ${msg}\n`);
  return 2;
}

/** Writes a report file; a failure is an I/O error (exit status 2) that names the file. */
export function writeReport(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new UsageError(`cannot write ${file}: ${(e as Error).message}`);
  }
}

/** Prints a warning: something asked for was adjusted or left out of the report; the exit status does not change. */
export function warn(message: string): void {
  process.stderr.write(`maprace: warning: ${terminalSafe(message)}\n`);
}
