import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ContainerLab, startContainerLab } from './containers';
import { PiholeDatabase, startPiholeDatabase } from './pihole';
import { freePort, httpOk, StackProcess, waitFor } from './process';
import { startPrometheus } from './prometheus';
import { SensorPublisher, startSensorPublisher } from './sensors';

export interface TestStack {
  prometheusUrl: string;
  stop: () => Promise<void>;
}

type Log = (message: string) => void;

/**
 * A small real home lab on loopback for the screenshots: the project's exporter reading a
 * generated Pi-hole database, a Podman engine and its embedded MQTT broker, scraped by Prometheus.
 */
export async function startTestStack(repoDir: string, log: Log): Promise<TestStack> {
  const dir = mkdtempSync(join(tmpdir(), 'glass-screens-'));
  const cleanups: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup();
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    log('building the exporter');
    const build = spawnSync('npm', ['run', 'build', '-w', 'exporter'], {
      cwd: repoDir,
      encoding: 'utf8',
    });
    const cli = join(repoDir, 'exporter/dist/cli.js');
    if (build.status !== 0 && !existsSync(cli)) {
      throw new Error(`npm run build -w exporter failed:\n${build.stdout}${build.stderr}`);
    }
    if (build.status !== 0) {
      log('the exporter build reported errors; using the JavaScript tsc emitted anyway');
    }

    log('generating pihole-FTL.db');
    const pihole: PiholeDatabase = await startPiholeDatabase(repoDir, dir);
    cleanups.push(pihole.stop);

    log('starting Podman with a few containers');
    const lab: ContainerLab = await startContainerLab(repoDir, join(dir, 'podman'));
    cleanups.push(lab.stop);

    log('starting the exporter');
    const exporterPort = await freePort();
    const mqttPort = await freePort();
    const exporter = new StackProcess('exporter', 'node', ['exporter/dist/cli.js'], {
      cwd: repoDir,
      env: {
        GLASS_LISTEN_ADDRESS: `127.0.0.1:${exporterPort}`,
        GLASS_COLLECTORS: 'pihole,docker,mqtt',
        PIHOLE_FTL_DB: pihole.path,
        DOCKER_HOST: lab.dockerHost,
        MQTT_URL: '',
        MQTT_EMBEDDED_LISTEN: `127.0.0.1:${mqttPort}`,
        LOG_LEVEL: 'warn',
      },
    });
    cleanups.push(() => exporter.stop());
    await waitFor('the exporter', () => httpOk(`http://127.0.0.1:${exporterPort}/readyz`), {
      processes: [exporter],
    });

    log('publishing sensor readings');
    const sensors: SensorPublisher = await startSensorPublisher(`mqtt://127.0.0.1:${mqttPort}`);
    cleanups.push(sensors.stop);

    log('starting Prometheus');
    const prometheus = await startPrometheus(repoDir, dir, `127.0.0.1:${exporterPort}`);
    cleanups.push(() => prometheus.process.stop());

    return { prometheusUrl: prometheus.url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
