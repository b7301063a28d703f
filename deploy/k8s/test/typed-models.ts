import { join } from 'node:path';

import ts from 'typescript';

import type { KubernetesObject } from './kustomize.js';
import { repositoryRoot } from './paths.js';

const modules: Record<string, string> = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
  'monitoring.coreos.com/v1alpha1':
    '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1',
};

const compilerOptions: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  skipLibCheck: true,
  types: [],
};

interface TypedSource {
  text: string;
  /** Where each object's declaration starts, to name the object a diagnostic is about. */
  starts: Array<{ offset: number; name: string }>;
}

function typedSource(objects: KubernetesObject[]): TypedSource {
  const imports: string[] = [];
  const declarations: string[] = [];
  const starts: TypedSource['starts'] = [];

  objects.forEach((object, index) => {
    const module = modules[object.apiVersion];
    if (!module) return;
    imports.push(`import type { I${object.kind} as T${index} } from '${module}';`);
  });

  let offset = imports.join('\n').length + 1;
  objects.forEach((object, index) => {
    if (!modules[object.apiVersion]) return;
    const literal = JSON.stringify(object, null, 2);
    const declaration = `export const object${index}: T${index} = ${literal};`;
    starts.push({ offset, name: `${object.kind}/${object.metadata.name}` });
    declarations.push(declaration);
    offset += declaration.length + 1;
  });

  return { text: `${imports.join('\n')}\n${declarations.join('\n')}`, starts };
}

/**
 * Type-checks the objects against the TypeScript interfaces of kubernetes-models. Unlike the
 * JSON schemas, excess-property checks catch unknown (misspelt) field names at every depth.
 */
export function typeProblems(objects: KubernetesObject[]): string[] {
  const { text, starts } = typedSource(objects);
  const virtualFile = join(repositoryRoot, 'deploy/k8s/test/rendered-manifests.ts');
  const host = ts.createCompilerHost(compilerOptions);
  const { getSourceFile, fileExists, readFile } = host;

  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    fileName === virtualFile
      ? ts.createSourceFile(fileName, text, languageVersion)
      : getSourceFile.call(host, fileName, languageVersion, ...rest);
  host.fileExists = (fileName) => fileName === virtualFile || fileExists.call(host, fileName);
  host.readFile = (fileName) => (fileName === virtualFile ? text : readFile.call(host, fileName));

  const program = ts.createProgram([virtualFile], compilerOptions, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const position = diagnostic.start ?? 0;
    const owner = [...starts].reverse().find((start) => start.offset <= position);
    // Inline operator types print in full; the field name is what a reader needs.
    const message = ts
      .flattenDiagnosticMessageText(diagnostic.messageText, ' ')
      .replace(/ in type '.{80,}'\.$/, ' in that object.');
    return `${owner?.name ?? 'manifests'}: ${message}`;
  });
}
