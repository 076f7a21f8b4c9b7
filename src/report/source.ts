// Source lines for code frames: each file is read once, lines are made safe for a terminal (tabs expanded to
// tab stops, control characters shown as `?`) and long lines are cut to a window around the reported range.
import path from 'node:path';
import { eastAsianWidth } from 'get-east-asian-width';
import { READ_LIMITS, isRefusal, readTextBounded } from '../io/read.js';

export const FRAME_WIDTH = 160;
const TAB = 4;

/**
 * A line ready to print. `caret` and `width` place the reported range in terminal columns (0-based start,
 * width >= 1; a wide CJK character takes two); `markStart`..`markEnd` are the same range as indices into `text`.
 */
export interface FrameLine {
  text: string;
  caret: number;
  width: number;
  markStart: number;
  markEnd: number;
}

// C0 controls but tab, DEL and C1 controls: escape sequences in analysed files must not reach the terminal.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Makes any text from analysed files (paths, identifiers) safe to print on a terminal. */
export function terminalSafe(s: string): string {
  return s.replace(CONTROL, '?').replace(/\t/g, ' ');
}

export class SourceCache {
  /** A file's lines, or why they cannot be shown. */
  private readonly files = new Map<string, string[] | string>();
  constructor(private readonly root: string) {}

  /** The raw text of a 1-based line, or undefined when the file cannot be read or is too large. */
  raw(file: string, line: number): string | undefined {
    return this.lines(file)?.[line - 1];
  }

  /** All lines of a file, or undefined when it cannot be read or is too large. */
  lines(file: string): readonly string[] | undefined {
    let entry = this.files.get(file);
    if (entry === undefined) {
      entry = readLines(path.resolve(this.root, file));
      this.files.set(file, entry);
    }
    return typeof entry === 'string' ? undefined : entry;
  }

  /** Why the lines of a file asked for cannot be shown: unreadable, not a regular file, too large. */
  problem(file: string): string | undefined {
    const entry = this.files.get(file);
    return typeof entry === 'string' ? entry : undefined;
  }

  /**
   * The line of a frame, with columns (1-based UTF-8 bytes, as in the diagnostic model) mapped to display
   * columns; `endColumn` is exclusive and only meaningful on the same line.
   */
  frame(file: string, line: number, column: number, endColumn?: number): FrameLine | undefined {
    const raw = this.raw(file, line);
    return raw === undefined ? undefined : displayLine(raw, column, endColumn);
  }
}

function readLines(file: string): string[] | string {
  const text = readTextBounded(file, READ_LIMITS.codeFrame);
  return isRefusal(text) ? text.refused : text.split(/\r?\n/);
}

/** Terminal columns a code point takes: 2 for East Asian wide and fullwidth, 0 for combining marks and joiners. */
function charWidth(ch: string): number {
  if (/^[\p{Mn}\p{Me}\u200b-\u200f\ufe00-\ufe0f]$/u.test(ch)) return 0;
  return eastAsianWidth(ch.codePointAt(0)!);
}

/** Bytes of a code point in UTF-8. */
const utf8Length = (cp: number) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

/** The 0-based UTF-16 index in `line` of the 1-based UTF-8 byte column `column` (SARIF counts UTF-16 code units). */
export function utf16Index(line: string, column: number): number {
  let bytes = 0;
  let i = 0;
  while (i < line.length && bytes < column - 1) {
    const cp = line.codePointAt(i)!;
    bytes += utf8Length(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/** One character of a frame line as shown: its text, its terminal width, its byte offset in the raw line. */
interface Cell {
  shown: string;
  width: number;
  byte: number;
}

export function displayLine(raw: string, column: number, endColumn?: number, maxWidth = FRAME_WIDTH): FrameLine {
  const cells: Cell[] = [];
  let col = 0;
  let byte = 0;
  for (const ch of raw) {
    const shown = ch === '\t' ? ' '.repeat(TAB - (col % TAB)) : ch.replace(CONTROL, '?');
    const width = ch === '\t' ? shown.length : shown === '?' && ch !== '?' ? 1 : charWidth(ch);
    cells.push({ shown, width, byte });
    col += width;
    byte += utf8Length(ch.codePointAt(0)!);
  }
  // The cell a 1-based byte column falls in (a byte inside a character belongs to it; the end when past it).
  const cellAt = (c: number) => {
    if (c - 1 >= byte) return cells.length;
    let i = 0;
    while (i + 1 < cells.length && cells[i + 1]!.byte <= c - 1) i++;
    return i;
  };
  const lastShown = cells.findLastIndex((c) => c.shown.trim() !== '');
  const first = cellAt(column);
  const end = endColumn !== undefined && endColumn > column ? cellAt(endColumn) : Math.max(first + 1, lastShown + 1);
  // A window of cells that fits maxWidth and shows the start of the range with some context to its left.
  const cum = [0];
  for (const c of cells) cum.push(cum[cum.length - 1]! + c.width);
  const widthOf = (a: number, b: number) => cum[b]! - cum[a]!;
  let from = 0;
  let to = cells.length;
  if (cum[cells.length]! > maxWidth) {
    if (cum[first]! + Math.min(widthOf(first, end), 20) >= maxWidth - 1) {
      from = first;
      while (from > 0 && widthOf(from - 1, first) <= 40) from--;
    }
    const budget = maxWidth - (from > 0 ? 1 : 0);
    to = from;
    while (to < cells.length && widthOf(from, to + 1) <= budget) to++;
  }
  const pre = from > 0 ? '…' : '';
  const post = to < cells.length ? '…' : '';
  const text = (a: number, b: number) => cells.slice(a, b).map((c) => c.shown).join('');
  // The marked cells, clipped to the window.
  const a = Math.min(first, to);
  const b = Math.min(Math.max(end, first + 1), to);
  const before = pre + text(from, a);
  const marked = text(a, b);
  return {
    text: before + marked + text(b, to) + post,
    caret: pre.length + widthOf(from, a),
    width: Math.max(1, widthOf(a, b)),
    markStart: before.length,
    markEnd: before.length + marked.length,
  };
}
