/**
 * Production build: webpack bundle into dist/, plugin.json with its placeholders filled, images,
 * and the release archive glassgallery-hub-app-<version>.zip for `grafana cli --pluginUrl`.
 */
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import webpack from 'webpack';

import { createWebpackConfig } from '../.config/webpack.config';
import { createZip } from './zip';

const rootDir = resolve(fileURLToPath(new URL('..', import.meta.url)));
const distDir = join(rootDir, 'dist');

function fillPlaceholders(text: string, pluginId: string, version: string): string {
  const today = new Date().toISOString().slice(0, 10);
  return text
    .replaceAll('%VERSION%', version)
    .replaceAll('%TODAY%', today)
    .replaceAll('%PLUGIN_ID%', pluginId);
}

function runWebpack(config: webpack.Configuration): Promise<webpack.Stats> {
  return new Promise((resolvePromise, reject) => {
    webpack(config, (error, stats) => {
      if (error || !stats) {
        reject(error ?? new Error('webpack returned no stats'));
        return;
      }
      if (stats.hasErrors()) {
        reject(new Error(stats.toString({ all: false, errors: true, colors: false })));
        return;
      }
      resolvePromise(stats);
    });
  });
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

async function main(): Promise<void> {
  const started = performance.now();
  const { version } = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8'));
  const pluginTemplate = readFileSync(join(rootDir, 'src/plugin.json'), 'utf8');
  const pluginId: string = JSON.parse(pluginTemplate).id;

  // Bundle.
  const stats = await runWebpack(createWebpackConfig({ pluginId, rootDir, production: true }));
  if (stats.hasWarnings()) {
    process.stderr.write(stats.toString({ all: false, warnings: true, colors: false }) + '\n');
  }

  // Static files Grafana reads next to module.js.
  writeFileSync(join(distDir, 'plugin.json'), fillPlaceholders(pluginTemplate, pluginId, version));
  cpSync(join(rootDir, 'src/img'), join(distDir, 'img'), { recursive: true });
  cpSync(join(rootDir, 'src/README.md'), join(distDir, 'README.md'));

  // Release archive: Grafana expects a single top-level folder named after the plugin id.
  const entries = listFiles(distDir)
    .sort()
    .map((path) => ({ name: `${pluginId}/${relative(distDir, path)}`, data: readFileSync(path) }));
  const zipPath = join(rootDir, `${pluginId}-${version}.zip`);
  writeFileSync(zipPath, createZip(entries));

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `built ${relative(process.cwd(), distDir)} and ${relative(process.cwd(), zipPath)} in ${seconds} s\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
