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
