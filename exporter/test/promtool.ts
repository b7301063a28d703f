import { execFileSync } from 'node:child_process';

/** promtool's known findings on prom-client's own default metrics, and nothing else. */
export const allowedPromtoolFindings = [
  'nodejs_active_handles_total non-counter metrics should not have "_total" suffix',
  'nodejs_active_requests_total non-counter metrics should not have "_total" suffix',
  'nodejs_active_resources_total non-counter metrics should not have "_total" suffix',
];

/** What `promtool check metrics` says of an exposition, one finding a line. */
export function promtoolFindings(metrics: string): string[] {
  try {
    execFileSync('promtool', ['check', 'metrics'], { input: metrics, stdio: 'pipe' });
    return [];
  } catch (err) {
    const { status, stderr } = err as { status: number; stderr: Buffer };
    if (status !== 3) throw new Error(`promtool could not parse the output: ${stderr}`);
    return stderr.toString().trim().split('\n');
  }
}

/** The findings beyond the known ones: what a test expects to be empty. */
export function unexpectedPromtoolFindings(metrics: string): string[] {
  return promtoolFindings(metrics).filter((line) => !allowedPromtoolFindings.includes(line));
}
