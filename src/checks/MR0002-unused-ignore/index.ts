import type { CheckMeta } from '../check.js';

export const MR0002: CheckMeta = {
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
};
