import { defineCheck } from '../../analysis/analyzer.js';
import { directiveCodes, directiveFinding } from '../../analysis/suppress.js';

export const MR0001 = defineCheck({
  meta: {
    code: 'MR0001',
    name: 'ignore-without-reason',
    title: 'a maprace:ignore directive gives no reason',
    since: '0.1.0',
    defaultEnabled: true,
    defaultSeverity: 'warning',
    doc: `A \`//maprace:ignore CODE\` directive silences findings on its own line and the line below it. It must say why:
\`//maprace:ignore MR1002 only called from the informer goroutine\`. A directive without a reason still silences the
finding, and is itself reported, so that every silenced race carries an explanation a reviewer can check.

### Bad
\`\`\`go
//maprace:ignore MR1002
c.cache[key] = obj
\`\`\`

### Good
\`\`\`go
//maprace:ignore MR1002 Run starts the only goroutine that touches cache
c.cache[key] = obj
\`\`\``,
  },
  requires: [],
  afterSuppression: true,
  run(pass) {
    for (const x of pass.directives) {
      if (!x.reason) pass.report(directiveFinding(`maprace:ignore ${directiveCodes(x)} gives no reason`, x, 'say why the race cannot happen after the code: //maprace:ignore CODE reason'));
    }
  },
});
