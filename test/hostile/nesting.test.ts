// Syntax nested without bound: each kind of nesting, far over the limit in one package each (the file is
// skipped as too deeply nested, the rest of the run goes on) and just under the limit (analysed without a
// stack overflow). Before the limit, deep type expressions ended the whole run with "internal error:
// RangeError: Maximum call stack size exceeded", and in a dependency silently dropped the package's types.
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, test } from 'node:test';
import { MAX_SYNTAX_DEPTH, TooDeepError, loadGo, parseGo } from '../../src/go/parser.js';
import { assertOkReported, checkJson, errorFor, hostileModule } from './harness.js';

const r = (s: string, n: number) => s.repeat(n);

/** A Go file nesting `n` levels of one kind. */
const SHAPES: Record<string, (n: number) => string> = {
  blocks: (n) => `package p\n\nfunc f() {\n${r('{', n)}${r('}', n)}\n}\n`,
  parens: (n) => `package p\n\nvar x = ${r('(', n)}1${r(')', n)}\n`,
  ifs: (n) => `package p\n\nfunc f(b bool) {\n${r('if b {\n', n)}${r('}\n', n)}}\n`,
  plus: (n) => `package p\n\nfunc f() int {\n\tm := map[int]int{}\n\tgo func() { m[1] = 1 }()\n\treturn m[0]${r(' + m[1]', n)}\n}\n`,
  index: (n) => `package p\n\nvar m map[int]int\nvar x = ${r('m[', n)}0${r(']', n)}\n`,
  selector: (n) => `package p\n\ntype T struct{ t *T }\n\nvar t T\nvar x = t${r('.t', n)}\n`,
  goFunc: (n) => `package p\n\nfunc f() {\n${r('go func() {\n', n)}${r('}()\n', n)}}\n`,
  mapType: (n) => `package p\n\nvar m ${r('map[int]', n)}int\n`,
  structType: (n) => `package p\n\nvar s ${r('struct{ x ', n)}int${r(' }', n)}\n`,
  pointer: (n) => `package p\n\nvar m ${r('*', n)}int\n`,
  chanType: (n) => `package p\n\nvar m ${r('chan ', n)}int\n`,
  sliceType: (n) => `package p\n\nvar m ${r('[]', n)}int\n`,
  funcType: (n) => `package p\n\nvar m ${r('func() ', n)}int\n`,
  calls: (n) => `package p\n\nfunc f(int) int { return 0 }\n\nvar x = ${r('f(', n)}0${r(')', n)}\n`,
  composite: (n) => `package p\n\nvar x = ${r('[]any{', n)}${r('}', n)}\n`,
};

before(() => loadGo());

/** The largest nesting of a shape that parses within MAX_SYNTAX_DEPTH. */
function deepestAccepted(shape: (n: number) => string): number {
  let lo = 1;
  let hi = MAX_SYNTAX_DEPTH;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      parseGo(shape(mid));
      lo = mid;
    } catch (e) {
      if (!(e instanceof TooDeepError)) throw e;
      hi = mid - 1;
    }
  }
  return lo;
}

test('every kind of nesting: far over the limit skipped with a warning, just under it analysed', () => {
  const files: Record<string, string> = {};
  for (const [name, shape] of Object.entries(SHAPES)) {
    files[`deep/${name}/a.go`] = shape(20_000);
    files[`limit/${name}/a.go`] = shape(deepestAccepted(shape));
  }
  const report = checkJson(hostileModule(files));
  assertOkReported(report);
  for (const name of Object.keys(SHAPES)) {
    assert.equal(errorFor(report, `deep/${name}/a.go`), `skipped: too deeply nested (more than ${MAX_SYNTAX_DEPTH} levels)`);
    assert.deepEqual(report.errors.filter((e) => e.file.startsWith(`limit/${name}/`)), [], `${name} at the limit`);
  }
});

test('a dependency file nested too deeply is skipped alone: the package\'s other types are still read', () => {
  const dep = 'cache/example.com/dep@v1.0.0';
  const dir = hostileModule({
    [`${dep}/a.go`]: 'package dep\n\ntype T struct{ M map[string]int }\n',
    [`${dep}/z.go`]: `package dep\n\nvar X ${r('*', 20_000)}int\n`,
    'app/go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire example.com/dep v1.0.0\n',
    'app/main.go': 'package main\n\nimport "example.com/dep"\n\nvar v dep.T\n\nfunc w() { v.M["x"] = 1 }\n\nfunc main() {\n\tgo w()\n\tgo w()\n}\n',
  });
  const report = checkJson(path.join(dir, 'app'), [], { env: { GOMODCACHE: path.join(dir, 'cache') } });
  assert.ok(report.findings.some((f) => f.location.file === 'main.go'), JSON.stringify(report));
  assert.match(errorFor(report, `../${dep}/z.go`), /too deeply nested/);
});
