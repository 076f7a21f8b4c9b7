// Source lines for code frames, read once per file and cut to a sane width.
import fs from 'node:fs';
import path from 'node:path';

const MAX_FILE = 16 * 1024 * 1024;
const MAX_WIDTH = 160;

export class SourceCache {
  private readonly files = new Map<string, string[] | undefined>();
  constructor(private readonly root: string) {}

  line(file: string, line: number): string | undefined {
    if (!this.files.has(file)) {
      let lines: string[] | undefined;
      try {
        const abs = path.resolve(this.root, file);
        if (fs.statSync(abs).size <= MAX_FILE) lines = fs.readFileSync(abs, 'utf8').split(/\r?\n/);
      } catch {
        lines = undefined;
      }
      this.files.set(file, lines);
    }
    const text = this.files.get(file)?.[line - 1];
    return text === undefined ? undefined : text.replace(/\t/g, '    ').slice(0, MAX_WIDTH);
  }

  /** Column in the tab-expanded line. */
  static expandColumn(raw: string | undefined, column: number): number {
    if (!raw) return column;
    let col = 0;
    for (let i = 0; i < column - 1 && i < raw.length; i++) col += raw[i] === '\t' ? 4 : 1;
    return col + 1;
  }

  raw(file: string, line: number): string | undefined {
    this.line(file, line);
    return this.files.get(file)?.[line - 1];
  }
}
