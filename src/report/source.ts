// Source lines for code frames: each file is read once, lines are made safe for a terminal (tabs expanded to
// tab stops, control characters shown as `?`) and long lines are cut to a window around the reported range.
import path from 'node:path';
import { READ_LIMITS, isRefusal, readTextBounded } from '../io/read.js';

export const FRAME_WIDTH = 160;
const TAB = 4;

/** A line ready to print, with the reported range in display columns (0-based start, width >= 1). */
export interface FrameLine {
  text: string;
  caret: number;
  width: number;
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
    let entry = this.files.get(file);
    if (entry === undefined) {
      entry = readLines(path.resolve(this.root, file));
      this.files.set(file, entry);
    }
    return typeof entry === 'string' ? undefined : entry[line - 1];
  }

  /** Why the lines of a file asked for cannot be shown: unreadable, not a regular file, too large. */
  problem(file: string): string | undefined {
    const entry = this.files.get(file);
    return typeof entry === 'string' ? entry : undefined;
  }

  /**
   * The line of a frame, with columns (1-based UTF-16 code units, as in the diagnostic model) mapped to
   * display columns; `endColumn` is exclusive and only meaningful on the same line.
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

export function displayLine(raw: string, column: number, endColumn?: number, maxWidth = FRAME_WIDTH): FrameLine {
  // disp[i]: display column where code unit i starts.
  const disp: number[] = new Array<number>(raw.length + 1);
  let text = '';
  for (let i = 0; i < raw.length; i++) {
    disp[i] = text.length;
    const ch = raw[i]!;
    if (ch === '\t') text += ' '.repeat(TAB - (text.length % TAB));
    else text += ch.replace(CONTROL, '?');
  }
  disp[raw.length] = text.length;
  const at = (col: number) => disp[Math.min(Math.max(col - 1, 0), raw.length)]!;
  let caret = at(column);
  const end = endColumn !== undefined && endColumn > column ? at(endColumn) : Math.max(caret + 1, text.trimEnd().length);
  let width = Math.max(1, end - caret);
  if (text.length > maxWidth) {
    // A window that shows the start of the range with some context to its left.
    const from = caret + Math.min(width, 20) < maxWidth - 1 ? 0 : Math.max(0, caret - 40);
    const head = from > 0 ? '…' : '';
    const body = text.slice(from, from + maxWidth - head.length);
    const tail = from + body.length < text.length ? '…' : '';
    text = head + body + tail;
    caret = caret - from + head.length;
    width = Math.max(1, Math.min(width, head.length + body.length - caret));
  }
  return { text, caret, width };
}
