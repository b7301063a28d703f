import { execFileSync } from 'node:child_process';

import { parseAllDocuments } from 'yaml';

export type KubernetesObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
};

export class KustomizeUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      'Building deploy/k8s needs `kubectl kustomize` (a recent kubectl; tried with 1.32, which ' +
        'embeds kustomize 5.5) or a `kustomize` 5 binary on PATH; neither could be run. Install ' +
        'kubectl from the Kubernetes package repository or kustomize from its releases.',
      { cause },
    );
    this.name = 'KustomizeUnavailableError';
  }
}

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Renders a kustomization directory with the real kustomize, as `kubectl apply -k` would. */
export function kustomizeBuild(directory: string): string {
  const attempts: Array<[string, string[]]> = [
    ['kubectl', ['kustomize', directory]],
    ['kustomize', ['build', directory]],
  ];
  const failures: unknown[] = [];

  for (const [command, args] of attempts) {
    try {
      return run(command, args);
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      if (!missing) {
        const stderr = String((error as { stderr?: unknown }).stderr ?? '');
        throw new Error(`${command} ${args.join(' ')} failed:\n${stderr}`, { cause: error });
      }
      failures.push(error);
    }
  }
  throw new KustomizeUnavailableError(failures);
}

export function parseObjects(yamlText: string): KubernetesObject[] {
  return parseAllDocuments(yamlText).map((document, index) => {
    if (document.errors.length > 0) {
      throw new Error(`document ${index} does not parse: ${document.errors[0]?.message}`);
    }
    return document.toJS() as KubernetesObject;
  });
}

export function buildObjects(directory: string): KubernetesObject[] {
  return parseObjects(kustomizeBuild(directory));
}
