import { SourceError } from '../../../core/errors.js';
import { createHarness, samplesOf } from './collector-harness.js';

/**
 * Collects once with the settings in the environment and prints the outcome as JSON. Tests run
 * it in a child process when the read must happen under other conditions than the test's own:
 * as an unprivileged user, or inside a mount namespace with a read-only mount.
 *
 * With COLLECT_AS_UID, a child started as root gives up root for that user (and its group) once
 * its code is loaded, so that the checkout itself need not be readable by that user.
 */
async function main(): Promise<void> {
  const uid = process.env.COLLECT_AS_UID;
  if (uid) {
    process.setgroups?.([]);
    process.setgid?.(Number(uid));
    process.setuid?.(Number(uid));
  }

  const env = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => !!entry[1]),
  );
  delete env.COLLECT_AS_UID;
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
