// --source: build paths of every kind map onto the local tree by their longest matching suffix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SourceMap } from '../../src/triage/source.js';
import { tempTree } from '../paths.js';

test('--source maps /go/src, GOPATH, module-cache, -trimpath, CI runner, vendored, Bazel and Windows paths', async () => {
  const dir = tempTree('source', {
    'go.mod': 'module github.com/acme/ctrl\n',
    'pkg/cache/store.go': 'package cache\n',
    'pkg/other/store.go': 'package other\n',
    'cmd/main.go': 'package main\n',
  });
  const map = await SourceMap.open(dir);
  const cases: [string, string | undefined][] = [
    ['/go/src/github.com/acme/ctrl/pkg/cache/store.go', 'pkg/cache/store.go'],
    ['/home/dev/go/src/github.com/acme/ctrl/pkg/cache/store.go', 'pkg/cache/store.go'],
    ['/root/go/pkg/mod/github.com/acme/ctrl@v1.2.3/pkg/cache/store.go', 'pkg/cache/store.go'],
    ['github.com/acme/ctrl@v0.0.0-20240101000000-abcdef123456/pkg/other/store.go', 'pkg/other/store.go'],
    ['github.com/acme/ctrl/pkg/cache/store.go', 'pkg/cache/store.go'],
    ['/home/runner/work/ctrl/ctrl/pkg/other/store.go', 'pkg/other/store.go'],
    ['/workspace/vendor/github.com/acme/ctrl/pkg/cache/store.go', 'pkg/cache/store.go'],
    ['GOROOT/src/../../pkg/cache/store.go', 'pkg/cache/store.go'],
    ['C:\\Users\\dev\\go\\src\\github.com\\acme\\ctrl\\cmd\\main.go', 'cmd/main.go'],
    ['/src/main.go', 'cmd/main.go'],
    // A bare name that two files share says nothing; an unknown file maps nowhere.
    ['/x/store.go', undefined],
    ['/go/src/github.com/acme/ctrl/pkg/cache/missing.go', undefined],
    ['', undefined],
  ];
  for (const [build, local] of cases) assert.equal(map.local(build), local, build);
});

test('--source names a frame from its file:line as Go prints it: package path, receiver, no type parameters', async () => {
  const { SourceCache } = await import('../../src/report/source.js');
  const { functionNamer } = await import('../../src/triage/source.js');
  const dir = tempTree('names', {
    'go.mod': 'module github.com/acme/ctrl\n',
    'pkg/cache/store.go': 'package cache\n\ntype Set[T comparable] struct{ m map[T]bool }\n\nfunc (s *Set[T]) Insert(v T) {\n\tgo func() {\n\t\ts.m[v] = true\n\t}()\n}\n\nfunc (s Set[T]) Len() int { return len(s.m) }\n',
    'yaml.v3/decode.go': 'package yaml\n\nfunc Unmarshal() {\n}\n',
    'cmd/main.go': 'package main\n\nfunc main() {\n\tprintln()\n}\n',
  });
  const map = await SourceMap.open(dir);
  const names = await functionNamer(map, new SourceCache(map.root));
  const cases: [string, number, string | undefined][] = [
    ['/go/src/github.com/acme/ctrl/pkg/cache/store.go', 7, 'github.com/acme/ctrl/pkg/cache.(*Set).Insert'],
    ['github.com/acme/ctrl@v1.0.0/pkg/cache/store.go', 11, 'github.com/acme/ctrl/pkg/cache.Set.Len'],
    ['/build/yaml.v3/decode.go', 3, 'github.com/acme/ctrl/yaml%2ev3.Unmarshal'],
    ['/app/cmd/main.go', 4, 'main.main'],
    // Outside every function, or a file the tree does not have: no name.
    ['/app/cmd/main.go', 1, undefined],
    ['/app/cmd/other.go', 4, undefined],
  ];
  for (const [file, line, want] of cases) assert.equal(names(file, line), want, `${file}:${line}`);
});
