import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readText, repositoryPath } from '../support/repository.js';

// The team's reference folder sits beside the repository, on developer machines and in CI.
const COMPOSE_SCHEMA = repositoryPath('..', 'shared', 'reference', 'compose-spec.schema.json');
const composeDir = repositoryPath('compose');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  user?: string;
  restart?: string;
  healthcheck?: { test: unknown };
  volumes?: (string | { type: string; source?: string })[];
  environment?: Record<string, string | number>;
  secrets?: string[];
}

interface ComposeFile {
  services: Record<string, Service>;
  secrets: Record<string, { environment?: string; file?: string }>;
}

/** Host paths the stack reads from a home-lab host; they are not part of the repository. */
const HOST_PATHS = new Set(['/etc/pihole', '/var/run/docker.sock', '/']);

/** Build outputs mounted by the stack, with the command that produces each. */
const BUILD_OUTPUTS = new Map([['grafana-plugin/dist', 'grafana-plugin']]);

const composeText = readText('compose/docker-compose.yml');
const exampleEnv = parseEnvFile(readText('compose/.env.example'));
const compose = parse(interpolate(composeText, exampleEnv)) as ComposeFile;

function parseEnvFile(text: string): Map<string, string> {
  const entries = text
    .split('\n')
    .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
    .map((line) => {
      const separator = line.indexOf('=');
      const value = line.slice(separator + 1).replace(/^(['"])(.*)\1$/, '$2');
      return [line.slice(0, separator), value] as const;
    });
  return new Map(entries);
}

/** Compose interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, and `$$` for `$`. */
function interpolate(text: string, env: Map<string, string>): string {
  return text.replace(/\$\$|\$\{([A-Z0-9_]+)(?::?-([^}]*))?\}/g, (match, name, fallback) => {
    if (match === '$$') return '$$';
    return env.get(name) ?? fallback ?? '';
  });
}

function variablesUsed(text: string): Set<string> {
  const withoutEscapes = text.replace(/\$\$/g, '');
  return new Set([...withoutEscapes.matchAll(/\$\{([A-Z0-9_]+)/g)].map((match) => match[1]!));
}

function bindSources(service: Service): string[] {
  return (service.volumes ?? []).flatMap((volume) => {
    if (typeof volume !== 'string') return volume.type === 'bind' ? [volume.source!] : [];
    const source = volume.split(':')[0]!;
    return source.startsWith('.') || source.startsWith('/') ? [source] : [];
  });
}

describe('compose stack', () => {
  it('is valid per the Compose Specification schema, before and after interpolation', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    // The schema names the draft-07 meta-schema by an https URL, which Ajv registers as http.
    const schema = JSON.parse(readFileSync(COMPOSE_SCHEMA, 'utf8')) as Record<string, unknown>;
    delete schema.$schema;
    const validate = ajv.compile(schema);

    expect(validate(parse(composeText)), ajv.errorsText(validate.errors)).toBe(true);
    expect(validate(compose), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('mounts only files that exist in the repository, known host paths and built outputs', () => {
    const missing: string[] = [];

    for (const [name, service] of Object.entries(compose.services)) {
      for (const source of bindSources(service)) {
        if (isAbsolute(source)) {
          if (!HOST_PATHS.has(source)) missing.push(`${name}: unexpected host path ${source}`);
          continue;
        }
        const relative = resolve(composeDir, source).slice(repositoryPath().length + 1);
        const workspace = BUILD_OUTPUTS.get(relative);
        if (workspace !== undefined) {
          const manifest = JSON.parse(readText(workspace, 'package.json')) as {
            scripts?: Record<string, string>;
          };
          if (manifest.scripts?.build === undefined)
            missing.push(`${name}: nothing builds ${source}`);
          continue;
        }
        if (!existsSync(resolve(composeDir, source))) missing.push(`${name}: ${source}`);
      }
    }

    expect(missing).toEqual([]);
  });

  it('lists every variable it uses in .env.example, and nothing else', () => {
    const used = variablesUsed(composeText);
    for (const secret of Object.values(compose.secrets)) {
      if (secret.environment !== undefined) used.add(secret.environment);
    }

    expect([...exampleEnv.keys()].sort()).toEqual([...used].sort());
  });

  it('restarts every service and health-checks every long-running one', () => {
    const unchecked = Object.entries(compose.services)
      .filter(([, service]) => service.healthcheck === undefined && service.build === undefined)
      .map(([name]) => name);

    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.restart, name).toBe('unless-stopped');
    }
    expect(unchecked).toEqual([]);
  });

  it('builds its own images with a health check of their own', () => {
    for (const service of Object.values(compose.services)) {
      if (service.build === undefined) continue;
      const dockerfile = readText('compose', service.build.dockerfile.replace(/^compose\//, ''));

      expect(dockerfile).toMatch(/^HEALTHCHECK .*\n\s+CMD wget .*\/healthz/m);
    }
  });

  it('builds the exporter and mailer on node:24-alpine in stages, as a non-root user', () => {
    for (const service of ['exporter', 'mailer']) {
      const dockerfile = readText('compose', `${service}.Dockerfile`);
      const stages = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((match) => match[1]);
      const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

      expect(stages.length, service).toBeGreaterThanOrEqual(2);
      expect(new Set(stages), service).toEqual(new Set(['node:24-alpine']));
      expect(dockerfile, service).toMatch(/npm ci --omit=dev/);
      // better-sqlite3 is compiled where the tool chain is, never in the final image.
      expect(dockerfile, service).toMatch(/npm_config_build_from_source=true/);
      expect(finalStage, service).not.toMatch(/apk add|npm (ci|install)/);
      expect(finalStage, service).toMatch(/^USER node$/m);
    }
  });

  it('gives the exporter its sources: Pi-hole read-only, Docker only through the proxy', () => {
    const exporter = compose.services.exporter!;
    const proxy = compose.services['docker-socket-proxy']!;

    expect(exporter.volumes).toContain('/etc/pihole:/etc/pihole:ro');
    expect(exporter.volumes?.some((volume) => String(volume).includes('docker.sock'))).toBe(false);
    expect(exporter.environment?.DOCKER_HOST).toBe('tcp://docker-socket-proxy:2375');
    expect(proxy.environment).toMatchObject({ POST: 0, CONTAINERS: 1, EVENTS: 1, EXEC: 0 });
  });

  it('loads the Grafana app plugin unsigned by its own id', () => {
    const pluginId = (JSON.parse(readText('grafana-plugin/src/plugin.json')) as { id: string }).id;
    const grafana = compose.services.grafana!;

    expect(grafana.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).toBe(pluginId);
    expect(grafana.volumes).toContain(
      `../grafana-plugin/dist:/var/lib/grafana/plugins/${pluginId}:ro`,
    );
  });

  it('runs a service behind every Prometheus target, alert receiver and Grafana data source', () => {
    const prometheus = parse(readText('provisioning/prometheus/prometheus.yml')) as {
      scrape_configs: { static_configs: { targets: string[] }[] }[];
      alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
    };
    const alertmanager = readText('provisioning/alertmanager/alertmanager.yml');
    const datasources = readText('provisioning/grafana/datasources/glass-gallery.yaml');
    const addresses = [
      ...prometheus.scrape_configs.flatMap((job) => job.static_configs.flatMap((c) => c.targets)),
      ...prometheus.alerting.alertmanagers.flatMap((am) => am.static_configs[0]!.targets),
      ...[...alertmanager.matchAll(/url: http:\/\/([^/\s]+)/g)].map((match) => match[1]!),
      ...[...datasources.matchAll(/url: http:\/\/([^/\s]+)/g)].map((match) => match[1]!),
    ];
    const mailer = compose.services.mailer?.environment;
    const listening = new Map([
      ['exporter', [compose.services.exporter?.environment?.GLASS_LISTEN_ADDRESS]],
      ['mailer', [mailer?.MAILER_LISTEN_ADDRESS, mailer?.MAILER_METRICS_LISTEN_ADDRESS]],
    ]);

    const unserved = addresses.filter((address) => {
      const [host, port] = address.split(':');
      if (host === 'localhost') return false;
      if (compose.services[host!] === undefined) return true;
      const configured = listening.get(host!);
      return configured !== undefined && !configured.some((a) => String(a).endsWith(`:${port}`));
    });

    expect(addresses.length).toBeGreaterThanOrEqual(8);
    expect(unserved).toEqual([]);
  });

  it('hands Alertmanager the webhook token file its config names', () => {
    const alertmanagerConfig = readText('provisioning/alertmanager/alertmanager.yml');

    expect(compose.services.alertmanager?.secrets).toContain('mailer_webhook_token');
    expect(compose.services.mailer?.secrets).toContain('mailer_webhook_token');
    expect(alertmanagerConfig).toContain('credentials_file: /run/secrets/mailer_webhook_token');
  });
});
