// A source position in words, as messages and witnesses name it (`informers/controller.go:97`).
import type { Range } from '../../model.js';

export function where(r: Range): string {
  return `${r.file}:${r.start.line}`;
}
