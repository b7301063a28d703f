import { SourceError } from '../../../core/errors.js';
import { createHarness, samplesOf } from './collector-harness.js';

/**
 * Collects once with the settings in the environment and prints the outcome as JSON. Tests run
 * it in a child process when the read must happen under other conditions than the test's own:
 * as an unprivileged user, or inside a mount namespace with a read-only mount.
 */
async function main(): Promise<void> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => !!entry[1]),
  );
  const harness = createHarness(env);
  try {
    const families = await harness.scrape();
    const queries = [...samplesOf(families, 'pihole_queries_total').values()];
    process.stdout.write(
      `${JSON.stringify({ ok: true, queries: queries.reduce((sum, value) => sum + value, 0) })}\n`,
    );
  } catch (err) {
    const hint = err instanceof SourceError ? err.hint : '';
    const message = err instanceof Error ? err.message : String(err);
    process.stdout.write(`${JSON.stringify({ ok: false, message, hint })}\n`);
  } finally {
    await harness.collector.stop();
  }
}

void main();
