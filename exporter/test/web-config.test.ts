import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isolatedEnv,
  runCli,
  startExporterProcess,
  type ExporterProcess,
} from './exporter-process.js';

let folder: string;
let certificate: Buffer;
let exporter: ExporterProcess;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'glass-web-config-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      join(folder, 'exporter.key'),
      '-out',
      join(folder, 'exporter.crt'),
    ],
    { stdio: 'pipe' },
  );
  certificate = readFileSync(join(folder, 'exporter.crt'));

  const hash = await bcrypt.hash('correct horse', 10);
  writeFileSync(
    join(folder, 'web-config.yml'),
    [
      'tls_server_config:',
      '  cert_file: exporter.crt',
      '  key_file: exporter.key',
      '  min_version: TLS12',
      'basic_auth_users:',
      `  prometheus: ${hash}`,
    ].join('\n'),
  );

  exporter = await startExporterProcess({
    ...isolatedEnv,
    GLASS_COLLECTORS: 'pihole',
    GLASS_WEB_CONFIG_FILE: join(folder, 'web-config.yml'),
  });
});

afterAll(async () => {
  await exporter?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('exporter with a web config of TLS and a bcrypt user', () => {
  it('serves HTTPS with the right password', async () => {
    const response = await get(`${exporter.url}/metrics`, 'prometheus:correct horse');

    expect(exporter.url).toMatch(/^https:/);
    expect(response.status).toBe(200);
    expect(response.body).toContain('glass_build_info');
  });

  it('answers 401 to a wrong password and to none', async () => {
    const wrong = await get(`${exporter.url}/metrics`, 'prometheus:battery staple');
    const missing = await get(`${exporter.url}/metrics`);
    const statusPage = await get(`${exporter.url}/`);

    expect(wrong.status).toBe(401);
    expect(missing.status).toBe(401);
    expect(statusPage.status).toBe(401);
    expect(wrong.body).not.toContain('glass_build_info');
  });

  it('keeps /healthz open for liveness probes', async () => {
    const response = await get(`${exporter.url}/healthz`);

    expect(response.status).toBe(200);
  });

  it('refuses plain HTTP', async () => {
    const plainUrl = exporter.url.replace(/^https:/, 'http:');

    await expect(plainGet(`${plainUrl}/metrics`)).rejects.toThrow();
  });
});

describe('a malformed web config', () => {
  it('stops start-up with a message naming the file and the problem', async () => {
    const path = join(folder, 'broken.yml');
    writeFileSync(path, 'basic_auth_users:\n  prometheus: not-a-bcrypt-hash\n');

    const run = await runCli({ ...isolatedEnv, GLASS_WEB_CONFIG_FILE: path });

    expect(run.code).not.toBe(0);
    expect(run.stdout).not.toContain('listening');
    expect(run.stderr).toContain(`web config ${path}`);
    expect(run.stderr).toContain('basic_auth_users.prometheus must be a bcrypt hash');
  });

  it('names an unknown field', async () => {
    const path = join(folder, 'typo.yml');
    writeFileSync(path, 'tls_server_config:\n  cert_fil: exporter.crt\n');

    const run = await runCli({ ...isolatedEnv, GLASS_WEB_CONFIG_FILE: path });

    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('unknown field cert_fil in tls_server_config');
  });
});

function get(url: string, credentials?: string): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = credentials
    ? { Authorization: `Basic ${Buffer.from(credentials).toString('base64')}` }
    : {};
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca: certificate, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function plainGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { timeout: 3000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('plain HTTP request timed out')));
    req.on('error', reject);
    req.end();
  });
}
