import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WIDGET_SCRIPT } from '#lib/domain/badge/widget.generated.ts';

describe('generated badge assets', () => {
  it('are current (npm run build:badge)', () => {
    // Throws with the stale file named when the check fails.
    execFileSync(process.execPath, ['--import', 'tsx', 'lib/build/badge-assets.ts', '--check'], {
      stdio: 'pipe',
    });
  }, 60_000);

  it('keep the widget within its 5 KB gzipped budget', () => {
    expect(gzipSync(WIDGET_SCRIPT, { level: 9 }).length).toBeLessThanOrEqual(5 * 1024);
  });

  it('set text with textContent, never innerHTML, and send no cookies', () => {
    expect(WIDGET_SCRIPT).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|document\.cookie|localStorage/,
    );
    expect(WIDGET_SCRIPT).toContain('credentials:"omit"');
  });
});
