import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { freePort, httpOk, StackProcess, waitFor } from './process';

/**
 * Debian's Prometheus on a loopback port, scraping the exporter every two seconds and evaluating
 * the project's alert rules. The rules' `for` durations are cut to ten seconds so alerts fire
 * within the minute the stack runs; their expressions are unchanged.
 */
export async function startPrometheus(
  repoDir: string,
  dir: string,
  exporterAddress: string,
): Promise<{ url: string; process: StackProcess }> {
  const rulesDir = join(dir, 'rules');
  mkdirSync(rulesDir, { recursive: true });
  const sourceRules = join(repoDir, 'provisioning/prometheus/rules');
  for (const file of readdirSync(sourceRules).filter((name) => name.endsWith('.yml'))) {
    const text = readFileSync(join(sourceRules, file), 'utf8');
    writeFileSync(join(rulesDir, file), text.replace(/^(\s+)for:\s*\S+/gm, '$1for: 10s'));
  }

  const config = [
    'global:',
    '  scrape_interval: 2s',
    '  evaluation_interval: 2s',
    'rule_files:',
    `  - ${rulesDir}/*.yml`,
    'scrape_configs:',
    '  - job_name: glass-exporter',
    '    static_configs:',
    `      - targets: ['${exporterAddress}']`,
  ].join('\n');
  writeFileSync(join(dir, 'prometheus.yml'), `${config}\n`);

  const port = await freePort();
  const prometheus = new StackProcess('prometheus', '/usr/bin/prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'tsdb')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ]);
  const url = `http://127.0.0.1:${port}`;
  await waitFor('Prometheus to be ready', () => httpOk(`${url}/-/ready`), {
    processes: [prometheus],
  });
  return { url, process: prometheus };
}
