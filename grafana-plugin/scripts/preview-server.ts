import { fileURLToPath } from 'node:url';

import { createServer, ViteDevServer } from 'vite';

export interface PreviewServer {
  url: string;
  close: () => Promise<void>;
}

const previewRoot = fileURLToPath(new URL('../preview', import.meta.url));

/**
 * Serves the preview page with Vite on loopback and forwards `/api/v1/*` to Prometheus, so the
 * page queries a real Prometheus through its HTTP API without cross-origin trouble.
 */
export async function startPreviewServer(prometheusUrl: string, port = 0): Promise<PreviewServer> {
  const server: ViteDevServer = await createServer({
    configFile: false,
    root: previewRoot,
    logLevel: 'warn',
    clearScreen: false,
    server: {
      host: '127.0.0.1',
      port,
      strictPort: port !== 0,
      proxy: { '/api/v1': { target: prometheusUrl, changeOrigin: true } },
      fs: { allow: [fileURLToPath(new URL('../..', import.meta.url))] },
    },
  });
  await server.listen();

  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') {
    throw new Error('preview server did not report a TCP address');
  }
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}
