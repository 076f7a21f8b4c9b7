import { defineCheck } from '../../analysis/analyzer.js';
import { directiveCodes, directiveFinding } from '../../analysis/suppress.js';

export const MR0002 = defineCheck({
  meta: {
    code: 'MR0002',
    name: 'unused-ignore',
    title: 'a maprace:ignore directive silences nothing',
    since: '0.1.0',
    defaultEnabled: true,
    defaultSeverity: 'warning',
    doc: `A \`//maprace:ignore CODE reason\` directive matches no finding of CODE on its line or the line below it. The code
it was written for has changed (the race was fixed, or the line moved): remove the directive so it cannot hide a
future race by accident.

### Bad
\`\`\`go
//maprace:ignore MR1001 results are merged after Wait
total := len(results)
\`\`\`

### Good
Delete the directive.`,
  },
  requires: [],
  afterSuppression: true,
  run(pass) {
    // A directive for a disabled check silences nothing by design; codes that are not maprace's are not judged.
    for (const x of pass.directives) {
      if (x.reason && !x.used && x.codes.every((c) => pass.enabled(c) || !/^MR\d{4}$/.test(c))) {
        pass.report(directiveFinding(`maprace:ignore ${directiveCodes(x)} silences nothing on this line or the next`, x, 'remove the directive'));
      }
    }
  },
});
