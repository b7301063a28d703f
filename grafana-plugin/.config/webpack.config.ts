/**
 * Webpack + SWC build in the layout of Grafana's create-plugin scaffold, trimmed to what this app
 * needs: one AMD entry `module.js`, Grafana-provided libraries as externals, Scenes bundled.
 */
import { resolve } from 'node:path';

import type { Configuration } from 'webpack';

export interface BuildOptions {
  pluginId: string;
  rootDir: string;
  production: boolean;
}

// Libraries Grafana shares with plugins at run time; bundling them would duplicate React state.
const EXTERNALS: Configuration['externals'] = [
  'lodash',
  'jquery',
  'moment',
  'slate',
  'emotion',
  '@emotion/react',
  '@emotion/css',
  'prismjs',
  'slate-plain-serializer',
  '@grafana/slate-react',
  'react',
  'react-dom',
  'react-redux',
  'redux',
  'rxjs',
  'i18next',
  'react-router',
  'd3',
  'angular',
  /^@grafana\/ui/i,
  /^@grafana\/runtime/i,
  /^@grafana\/data/i,
];

export function createWebpackConfig({
  pluginId,
  rootDir,
  production,
}: BuildOptions): Configuration {
  return {
    mode: production ? 'production' : 'development',
    context: rootDir,
    devtool: 'source-map',
    entry: { module: './src/module.tsx' },
    externals: EXTERNALS,
    target: 'web',
    output: {
      path: resolve(rootDir, 'dist'),
      filename: '[name].js',
      chunkFilename: '[name].js?_cache=[contenthash]',
      library: { type: 'amd' },
      publicPath: `public/plugins/${pluginId}/`,
      uniqueName: pluginId,
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.jsx', '.json'],
      // Packages such as @grafana/i18n ship ESM files imported without extensions.
      fullySpecified: false,
    },
    module: {
      rules: [
        {
          test: /\.[cm]?[jt]sx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'swc-loader',
            options: {
              jsc: {
                baseUrl: resolve(rootDir, 'src'),
                target: 'es2020',
                loose: false,
                parser: { syntax: 'typescript', tsx: true, decorators: false, dynamicImport: true },
                transform: { react: { runtime: 'classic' } },
              },
            },
          },
        },
        { test: /\.m?js$/, resolve: { fullySpecified: false } },
      ],
    },
    performance: { hints: false },
    optimization: { minimize: production },
    stats: 'errors-warnings',
  };
}
