import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../config/settings.js';
import { ConfigError } from '../../core/errors.js';
import { dockerCollector } from './plugin.js';

function load(env: Record<string, string>) {
  return loadSettings(dockerCollector.settings, { env, flags: new Map() });
}

describe('docker collector settings', () => {
  it('defaults to the Docker socket, 15 s sampling, 4 calls and the compose labels', () => {
    const settings = load({});
    expect(settings.host).toMatchObject({ kind: 'unix', socketPath: '/var/run/docker.sock' });
    expect(settings.statsIntervalSeconds).toBe(15);
    expect(settings.statsConcurrency).toBe(4);
    expect(settings.infoLabels.map((label) => label.metricLabel)).toEqual([
      'compose_project',
      'compose_service',
    ]);
  });

  it('accepts a socket proxy over TCP, IPv6 included', () => {
    expect(load({ DOCKER_HOST: 'tcp://socket-proxy:2375' }).host).toMatchObject({
      kind: 'tcp',
      host: 'socket-proxy',
      port: 2375,
    });
    expect(load({ DOCKER_HOST: 'tcp://[::1]:2375' }).host).toMatchObject({ host: '::1' });
  });

  it('rejects an address it cannot use with the forms it accepts', () => {
    for (const bad of ['http://proxy:2375', 'unix://relative.sock', 'tcp://proxy', 'ssh://me@h']) {
      expect(() => load({ DOCKER_HOST: bad })).toThrow(ConfigError);
    }
    expect(() => load({ DOCKER_HOST: 'http://proxy:2375' })).toThrow(
      /invalid DOCKER_HOST \(--docker\.host\) "http:\/\/proxy:2375": expected unix:\/\//,
    );
  });

  it('rejects a zero interval or concurrency', () => {
    expect(() => load({ DOCKER_STATS_INTERVAL_SECONDS: '0' })).toThrow(/DOCKER_STATS_INTERVAL/);
    expect(() => load({ DOCKER_STATS_CONCURRENCY: '0' })).toThrow(/DOCKER_STATS_CONCURRENCY/);
  });

  it('copies chosen labels under safe names, renamed on request, or none', () => {
    const labels = load({
      DOCKER_LABELS: 'com.docker.compose.project, org.opencontainers.image.version, tier=app.tier',
    }).infoLabels;
    expect(labels).toEqual([
      { containerLabel: 'com.docker.compose.project', metricLabel: 'compose_project' },
      {
        containerLabel: 'org.opencontainers.image.version',
        metricLabel: 'label_org_opencontainers_image_version',
      },
      { containerLabel: 'app.tier', metricLabel: 'tier' },
    ]);
    expect(load({ DOCKER_LABELS: 'none' }).infoLabels).toEqual([]);
  });

  it('rejects label names that clash or are not Prometheus label names', () => {
    expect(() => load({ DOCKER_LABELS: 'name=com.example.name' })).toThrow(/"name" is used twice/);
    expect(() => load({ DOCKER_LABELS: 'a.b,label_a_b=x' })).toThrow(ConfigError);
    expect(() => load({ DOCKER_LABELS: '9lives=x' })).toThrow(ConfigError);
  });
});
