/**
 * Writes the cluster's copies of the provisioned files into deploy/k8s/base/monitoring, so
 * that the compose stack and the cluster share one source of truth:
 *   provisioning/prometheus/rules/*.yml        -> prometheus-rules.yaml (PrometheusRule)
 *   provisioning/alertmanager/alertmanager.yml -> alertmanager-config.yaml (AlertmanagerConfig)
 *   provisioning/grafana/dashboard-files/      -> grafana-dashboards.yaml (ConfigMaps)
 *
 *   npx tsx deploy/k8s/scripts/generate-from-provisioning.ts          # write the files
 *   npx tsx deploy/k8s/scripts/generate-from-provisioning.ts --check  # fail if out of date
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

import { generatedFiles } from './generated-files.js';

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const stale: string[] = [];

  for (const file of await generatedFiles()) {
    let current = '';
    try {
      current = readFileSync(file.path, 'utf8');
    } catch {
      current = '';
    }
    if (current === file.content) continue;

    if (check) {
      stale.push(relative(process.cwd(), file.path));
    } else {
      writeFileSync(file.path, file.content);
      process.stdout.write(`wrote ${relative(process.cwd(), file.path)}\n`);
    }
  }

  if (stale.length > 0) {
    process.stderr.write(
      `Out of date with provisioning/: ${stale.join(', ')}.\n` +
        'Run: npx tsx deploy/k8s/scripts/generate-from-provisioning.ts\n',
    );
    process.exitCode = 1;
  }
}

await main();
