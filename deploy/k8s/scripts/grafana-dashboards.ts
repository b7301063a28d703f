import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Label and annotation that the Grafana chart's dashboard sidecar looks for. */
export const dashboardLabel = { grafana_dashboard: '1' };
export const folderAnnotation = 'grafana_folder';

type KubernetesObject = Record<string, unknown>;

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function jsonFiles(directory: string): string[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json') && statSync(join(directory, name)).isFile())
    .sort();
}

/**
 * One ConfigMap per dashboard folder of provisioning/grafana/dashboard-files, so that the
 * dashboards land in the same Grafana folders as with the compose stack's file provider.
 */
export function toDashboardConfigMaps(dashboardsDir: string): KubernetesObject[] {
  const folders = readdirSync(dashboardsDir)
    .filter((name) => statSync(join(dashboardsDir, name)).isDirectory())
    .sort();
  const groups: Array<{ folder: string; directory: string }> = [
    { folder: '', directory: dashboardsDir },
    ...folders.map((folder) => ({ folder, directory: join(dashboardsDir, folder) })),
  ];

  return groups
    .map(({ folder, directory }) => ({ folder, directory, files: jsonFiles(directory) }))
    .filter(({ files }) => files.length > 0)
    .map(({ folder, directory, files }) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: folder ? `glass-gallery-dashboards-${slug(folder)}` : 'glass-gallery-dashboards',
        labels: dashboardLabel,
        ...(folder ? { annotations: { [folderAnnotation]: folder } } : {}),
      },
      data: Object.fromEntries(
        files.map((file) => [file, readFileSync(join(directory, file), 'utf8')]),
      ),
    }));
}
