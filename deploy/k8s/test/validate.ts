import * as prometheusV1 from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import * as prometheusV1alpha1 from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1';
import * as apps from 'kubernetes-models/apps/v1';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as core from 'kubernetes-models/v1';

import type { KubernetesObject } from './kustomize.js';

interface Model {
  validate(): void;
}
type ModelClass = new (data: unknown) => Model;

const modelsByApiVersion: Record<string, Record<string, unknown>> = {
  v1: core,
  'apps/v1': apps,
  'networking.k8s.io/v1': networking,
  'monitoring.coreos.com/v1': prometheusV1,
  'monitoring.coreos.com/v1alpha1': prometheusV1alpha1,
};

/** Problems with one object against the Kubernetes or Prometheus Operator schema; none = []. */
export function schemaProblems(object: KubernetesObject): string[] {
  const where = `${object.kind}/${object.metadata?.name}`;
  const Model = modelsByApiVersion[object.apiVersion]?.[object.kind] as ModelClass | undefined;
  if (!Model) return [`${where}: no schema known for ${object.apiVersion} ${object.kind}`];

  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [`${where}: ${(error as Error).message}`];
  }
}
