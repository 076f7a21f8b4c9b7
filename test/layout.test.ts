// The layering the analyzer contract keeps (docs/DESIGN.md): the front end knows no analysis, the driver and the
// passes know no check (only the worker reads the registry), a check reaches the analysis only through the
// contract and the shared passes, and no file of the analysis grows past ~600 lines.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { REPO } from './paths.js';

const SRC = path.join(REPO, 'src');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts') && !f.includes('testdata')).map((f) => path.join(dir, f));
}

/** The source files a file imports, as paths relative to src/. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\b[^;]*?from '(\.[^']+)'/gm)].map((m) => path.relative(SRC, path.resolve(path.dirname(file), m[1]!)).replace(/\.js$/, '.ts'));
}

const rel = (f: string) => path.relative(SRC, f);

test('go/ imports nothing from analysis/ or checks/', () => {
  for (const f of files(path.join(SRC, 'go'))) {
    for (const i of importsOf(f)) assert.ok(!/^(analysis|checks)\//.test(i), `${rel(f)} imports ${i}`);
  }
});

test('analysis/ imports no check; only worker.ts reads the registry', () => {
  for (const f of files(path.join(SRC, 'analysis'))) {
    for (const i of importsOf(f)) {
      if (rel(f) === 'analysis/worker.ts' && i === 'checks/registry.ts') continue;
      assert.ok(!i.startsWith('checks/'), `${rel(f)} imports ${i}`);
    }
  }
});

test('a check reaches the analysis only through the contract and the shared passes', () => {
  // checks/advice.ts is the race checks' shared wording of fixes; it reads the races pass only.
  const allowed = /^(analysis\/analyzer\.ts|analysis\/races\/index\.ts|analysis\/concurrency\/index\.ts|analysis\/suppress\.ts|model\.ts|testing\/analysistest\.ts|checks\/registry\.ts|checks\/advice\.ts|checks\/MR\d{4}-[a-z-]+\/index\.ts)$/;
  for (const f of files(path.join(SRC, 'checks')).filter((x) => /MR\d{4}-/.test(x))) {
    for (const i of importsOf(f)) assert.match(i, allowed, `${rel(f)} imports ${i}`);
  }
});

test('no file of analysis/ is over 600 lines', () => {
  for (const f of files(path.join(SRC, 'analysis'))) {
    const lines = fs.readFileSync(f, 'utf8').split('\n').length;
    assert.ok(lines <= 600, `${rel(f)}: ${lines} lines`);
  }
});

test('nothing after the front end looks at syntax nodes: analysis/ and checks/ read the IR', () => {
  // The driver runs the front end (it parses each file and hands the opaque Tree to go/ and ir/); nothing else
  // under analysis/ or checks/ imports the parser, and nothing there walks or compares syntax nodes.
  const nodeApi = /\.(childForFieldName|childrenForFieldName|namedChild|namedChildren|descendantsOfType|rootNode|startPosition|endPosition)\b|\.type [!=]== '[a-z_]+'/;
  for (const f of [...files(path.join(SRC, 'analysis')), ...files(path.join(SRC, 'checks'))]) {
    const text = fs.readFileSync(f, 'utf8');
    const fromParser = [...text.matchAll(/^import\s+(?:type\s+)?\{([^}]*)\}\s+from '[^']*go\/parser\.js'/gm)].flatMap((m) => m[1]!.split(',').map((n) => n.replace(/\btype\b/, '').trim()));
    const allowed = rel(f) === 'analysis/driver.ts' ? ['loadGo', 'parseGo', 'Tree'] : [];
    for (const name of fromParser) assert.ok(allowed.includes(name), `${rel(f)} imports ${name} from go/parser`);
    assert.doesNotMatch(text, /import\s+\*\s+as\s+\w+\s+from '[^']*go\/parser\.js'/, rel(f));
    assert.doesNotMatch(text, nodeApi, `${rel(f)} walks syntax nodes`);
  }
});
