// The one way maprace reads a file from the analysed tree or the command line: regular files only, whatever a
// symlink points to, and never more than a size cap per kind of file. A symlink to /dev/zero, a FIFO or a
// socket in place of go.mod, a configuration or a module-cache file is refused, never read or waited on.
//
// The path is stat'ed first, so a device or FIFO is not even opened (opening some devices has effects); the
// file is then opened with O_NONBLOCK (a FIFO swapped in after the stat cannot block the open) and checked
// again on the open descriptor, and at most `maxBytes + 1` bytes are read (a file that grows past its cap
// while it is read is refused too).
import fs from 'node:fs';

const MiB = 1024 * 1024;

/** Size caps by kind of file (bytes); docs/limits.md lists them. */
export const READ_LIMITS = {
  /** A Go file under analysis (raise it with --max-file-size or `limits.maxFileSize`). */
  source: 8 * MiB,
  /** A Go file of an imported package, read for its declarations (generated protobuf code, tables). */
  dependency: 1 * MiB,
  /** go.mod, go.work, the go.mod of a `use`d or replacing module. */
  goMod: 4 * MiB,
  /** .maprace.yaml, .maprace.yml or the file given with --config. */
  config: 1 * MiB,
  /** The file given with --baseline. */
  baseline: 64 * MiB,
  /** A source file read again for the code lines of a report. */
  codeFrame: 16 * MiB,
} as const;

/** Why a file was not read, as the `errors[]` of a result and the warnings say it. */
export type Refusal = { refused: string };

const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);

/**
 * The bytes of a regular file of at most `maxBytes` bytes, or why it was refused: `not a regular file`,
 * `N bytes is over the M-byte limit`, or the system's error (`ENOENT: no such file or directory, ...`).
 * With `prefix`, a larger file is not refused: its first `maxBytes` bytes are returned.
 */
export function readBounded(file: string, maxBytes: number, opts: { prefix?: boolean } = {}): Buffer | Refusal {
  try {
    const before = fs.statSync(file);
    if (!before.isFile()) return { refused: 'not a regular file' };
    if (!opts.prefix && before.size > maxBytes) return overLimit(before.size, maxBytes);
    const fd = fs.openSync(file, OPEN_FLAGS);
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) return { refused: 'not a regular file' };
      if (!opts.prefix && st.size > maxBytes) return overLimit(st.size, maxBytes);
      const buf = Buffer.allocUnsafe(Math.min(st.size, maxBytes) + 1);
      let n = 0;
      for (let got = -1; got !== 0 && n < buf.length; n += got) got = fs.readSync(fd, buf, n, buf.length - n, null);
      if (n > maxBytes) {
        if (!opts.prefix) return { refused: `grew over the ${maxBytes}-byte limit while read` };
        n = maxBytes;
      }
      return buf.subarray(0, n);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    return { refused: (e as Error).message };
  }
}

/** `readBounded` as UTF-8 text. */
export function readTextBounded(file: string, maxBytes: number): string | Refusal {
  const r = readBounded(file, maxBytes);
  return Buffer.isBuffer(r) ? r.toString('utf8') : r;
}

/** Whether `path` is a regular file (after symlinks), without opening it. */
export function isRegularFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function isRefusal(r: unknown): r is Refusal {
  return typeof r === 'object' && r !== null && 'refused' in r;
}

function overLimit(size: number, maxBytes: number): Refusal {
  return { refused: `${size} bytes is over the ${maxBytes}-byte limit` };
}

/** `512k`, `8M`, `8MB`, `2GiB` or a number of bytes (the units are powers of 1024); undefined when it is not a size. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:([kmgt])(?:i?b)?|b)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = { k: 1, m: 2, g: 3, t: 4 }[(m[2] ?? '').toLowerCase() as 'k'] ?? 0;
  const n = Math.floor(Number(m[1]) * 1024 ** unit);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** A byte count as people read it: `8 MiB`, `1.5 GiB`, `700 KiB`, `512 bytes`. */
export function formatSize(n: number): string {
  for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', MiB], ['KiB', 1024]] as const) {
    if (n >= size) return `${Number((n / size).toFixed(1))} ${unit}`;
  }
  return `${n} bytes`;
}
