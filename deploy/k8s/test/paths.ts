import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const baseDir = join(repositoryRoot, 'deploy/k8s/base');
export const overlayDir = join(repositoryRoot, 'deploy/k8s/overlays/k3s-longhorn');
export const helmDir = join(repositoryRoot, 'deploy/k8s/helm');
export const composeFile = join(repositoryRoot, 'compose/docker-compose.yml');
export const docsFile = join(repositoryRoot, 'README.md');
