import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMB, linearFit, median, parseCpuSeconds, parseTimeVerbose, stripTimeVerbose, table } from './measure.js';

// The tail of a real `/usr/bin/time -v go vet ./...` report (GNU time 1.9).
const GNU_TIME_REPORT = `# example.com/x
./main.go:5:2: fmt.Printf format %d has arg s of wrong type string
Command exited with non-zero status 1
\tCommand being timed: "go vet ./..."
\tUser time (seconds): 0.51
\tSystem time (seconds): 0.31
\tPercent of CPU this job got: 186%
\tElapsed (wall clock) time (h:mm:ss or m:ss): 0:00.44
\tMaximum resident set size (kbytes): 22344
\tExit status: 1
`;

test('peak RSS and the tool output are read from a GNU time -v report', () => {
  assert.equal(parseTimeVerbose(GNU_TIME_REPORT), 22344);
  assert.equal(parseTimeVerbose('no report here'), undefined);
  assert.equal(stripTimeVerbose(GNU_TIME_REPORT), '# example.com/x\n./main.go:5:2: fmt.Printf format %d has arg s of wrong type string\n');
  assert.equal(formatMB(22344), '22 MB');
  assert.equal(parseCpuSeconds(GNU_TIME_REPORT), 0.51 + 0.31);
  assert.equal(parseCpuSeconds('no report here'), undefined);
});

test('median of odd and even counts, unsorted input', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test('table pads columns: first left-aligned, the others right-aligned', () => {
  assert.equal(table([['tool', 'lines'], ['maprace', '7']]), 'tool     lines\nmaprace      7');
});

test('least-squares line: exact on a line, R² below 1 off it, NaN when undefined', () => {
  const exact = linearFit([1, 2, 3, 4], [12, 14, 16, 18]);
  assert.ok(Math.abs(exact.slope - 2) < 1e-9 && Math.abs(exact.intercept - 10) < 1e-9 && Math.abs(exact.r2 - 1) < 1e-9);
  const noisy = linearFit([1, 2, 3, 4], [10, 14, 13, 19]);
  assert.ok(noisy.r2 > 0.5 && noisy.r2 < 1, String(noisy.r2));
  assert.ok(Number.isNaN(linearFit([1], [2]).slope));
  assert.ok(Number.isNaN(linearFit([3, 3], [1, 2]).slope));
});
