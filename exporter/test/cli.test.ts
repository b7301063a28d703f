import { afterEach, describe, expect, it } from 'vitest';
import {
  isolatedEnv,
  runCli,
  startExporterProcess,
  type ExporterProcess,
} from './exporter-process.js';
import { unexpectedPromtoolFindings } from './promtool.js';

let exporter: ExporterProcess | undefined;

afterEach(async () => {
  await exporter?.stop();
  exporter = undefined;
});

describe('glass-exporter on embedded defaults', () => {
  it('serves build info and one up line per collector, 0 where the source is missing', async () => {
    exporter = await startExporterProcess(isolatedEnv);

    const metrics = await (await fetch(`${exporter.url}/metrics`)).text();

    expect(metrics).toMatch(/^glass_build_info\{version="[\d.]+",nodejs_version="v\d+/m);
    for (const collector of ['pihole', 'docker', 'mqtt']) {
      expect(metrics).toMatch(
        new RegExp(`^glass_collector_up\\{collector="${collector}"\\} [01]$`, 'm'),
      );
      expect(metrics).toMatch(
        new RegExp(`^glass_collector_duration_seconds\\{collector="${collector}"\\} `, 'm'),
      );
    }
    expect(metrics).toMatch(/^glass_collector_up\{collector="pihole"\} 0$/m);
    expect(metrics).toMatch(/^glass_collector_up\{collector="docker"\} 0$/m);
    expect(metrics).toMatch(/^process_resident_memory_bytes /m);
  });

  it('explains on the status page why a collector is down, with a hint', async () => {
    exporter = await startExporterProcess(isolatedEnv);

    const page = await (await fetch(`${exporter.url}/`)).text();
    const status = (await (await fetch(`${exporter.url}/api/status`)).json()) as {
      collectors: { name: string; up: boolean; problem?: { message: string; hint: string } }[];
    };

    expect(page).toContain('Glass Gallery exporter');
    expect(page).toContain('api/status');
    const pihole = status.collectors.find((collector) => collector.name === 'pihole');
    expect(pihole?.up).toBe(false);
    expect(pihole?.problem?.message).toContain('/nonexistent/pihole-FTL.db');
    expect(pihole?.problem?.hint).toMatch(/PIHOLE_FTL_DB/);
  });

  it('passes promtool check metrics but for the known prom-client findings', async () => {
    exporter = await startExporterProcess(isolatedEnv);
    const metrics = await (await fetch(`${exporter.url}/metrics`)).text();

    expect(unexpectedPromtoolFindings(metrics)).toEqual([]);
  });

  it('answers in OpenMetrics when the Accept header asks for it', async () => {
    exporter = await startExporterProcess(isolatedEnv);

    const response = await fetch(`${exporter.url}/metrics`, {
      headers: { Accept: 'application/openmetrics-text; version=1.0.0' },
    });
    const body = await response.text();

    expect(response.headers.get('content-type')).toMatch(/^application\/openmetrics-text/);
    expect(body.endsWith('# EOF\n')).toBe(true);
    expect(body).toMatch(/^# TYPE process_cpu_user_seconds counter$/m);
    expect(body).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it('reports alive and ready once the collectors have started', async () => {
    exporter = await startExporterProcess(isolatedEnv);

    const health = await fetch(`${exporter.url}/healthz`);
    let ready = await fetch(`${exporter.url}/readyz`);
    for (let attempt = 0; attempt < 50 && ready.status !== 200; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ready = await fetch(`${exporter.url}/readyz`);
    }

    expect(health.status).toBe(200);
    expect(ready.status).toBe(200);
  });

  it('exits 0 within 5 seconds of SIGTERM', async () => {
    exporter = await startExporterProcess(isolatedEnv);
    await fetch(`${exporter.url}/metrics`);

    const startedAt = Date.now();
    const code = await exporter.stop();

    expect(code).toBe(0);
    expect(Date.now() - startedAt).toBeLessThan(5000);
  });
});

describe('glass-exporter configuration errors', () => {
  it('stops before listening with one line naming the variable, value and what is accepted', async () => {
    const run = await runCli({ ...isolatedEnv, GLASS_LISTEN_ADDRESS: 'localhost' });

    expect(run.code).not.toBe(0);
    expect(run.stdout).not.toContain('listening');
    expect(run.stderr.trim().split('\n')).toEqual([
      'glass-exporter: invalid GLASS_LISTEN_ADDRESS (--web.listen-address) "localhost": ' +
        'expected host:port such as 0.0.0.0:9617, :9617 or [::1]:9617',
    ]);
  });

  it('rejects an unknown collector name', async () => {
    const run = await runCli({ ...isolatedEnv, GLASS_COLLECTORS: 'pihole,dokcer' });

    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('invalid GLASS_COLLECTORS (--collectors) "pihole,dokcer"');
    expect(run.stderr).toContain('pihole, docker, mqtt');
  });

  it('lets a flag override the environment', async () => {
    const run = await runCli({ ...isolatedEnv, LOG_LEVEL: 'info' }, ['--log.level=loud']);

    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('invalid LOG_LEVEL (--log.level) "loud"');
  });

  it('rejects a mistyped flag instead of ignoring it', async () => {
    const run = await runCli(isolatedEnv, ['--web.listen-adress=:9617']);

    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('unknown flag --web.listen-adress');
  });

  it('lists every variable in --help', async () => {
    const run = await runCli({}, ['--help']);

    expect(run.code).toBe(0);
    for (const variable of ['GLASS_LISTEN_ADDRESS', 'GLASS_COLLECTORS', 'LOG_LEVEL']) {
      expect(run.stdout).toContain(variable);
    }
  });
});
