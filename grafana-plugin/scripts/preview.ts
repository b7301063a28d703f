/**
 * `npm run preview -w grafana-plugin`: the glass visualisations outside Grafana, fed by the
 * Prometheus at PROMETHEUS_URL. Open the printed address; add `?theme=light` for the light theme.
 */
import { startPreviewServer } from './preview-server';

const prometheusUrl = process.env.PROMETHEUS_URL ?? 'http://127.0.0.1:9090';
const port = Number(process.env.PREVIEW_PORT ?? 5173);

const server = await startPreviewServer(prometheusUrl, port);
process.stdout.write(
  `preview on ${server.url} (dark) and ${server.url}?theme=light, data from ${prometheusUrl}\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
