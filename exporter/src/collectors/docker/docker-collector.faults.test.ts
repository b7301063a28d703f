import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../core/errors.js';
import { Backoff } from './backoff.js';
import { DockerCollector } from './docker-collector.js';
import { dockerHost } from './docker-host.js';

// Faults a real engine cannot be made to produce on demand, served by a hand-written socket.

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakeSocket(onConnection: (socket: Socket) => void): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'glass-docker-fault-'));
  const path = join(dir, 'engine.sock');
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
    // Reading is what lets the server see the client hang up.
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });
  return path;
}

function collectorOn(socketPath: string) {
  const collector = new DockerCollector(
    {
      host: dockerHost(`unix://${socketPath}`),
      statsIntervalSeconds: 15,
      statsConcurrency: 4,
      infoLabels: [],
    },
    new Registry(),
    pino({ level: 'silent' }),
    {
      deadlines: {
        listMs: 300,
        inspectMs: 300,
        statsMs: 300,
        versionMs: 300,
        eventsConnectMs: 300,
      },
      backoff: new Backoff(60_000, 60_000),
    },
  );
  cleanups.push(() => collector.stop());
  return collector;
}

describe('docker collector faults (hand-written fake engine socket)', () => {
  it('gives up on an engine that accepts but never answers, at the call deadline', async () => {
    const path = await fakeSocket(() => undefined);
    const collector = collectorOn(path);

    const startedAt = Date.now();
    await collector.start();
    expect(Date.now() - startedAt).toBeLessThan(3_000);

    const failure = await collector.collect(AbortSignal.timeout(1_000)).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(SourceError);
    expect((failure as SourceError).message).toMatch(/did not answer in time/);
  });

  it('reports a socket proxy that refuses a section, with the sections to allow', async () => {
    const path = await fakeSocket((socket) => {
      socket.once('data', () => {
        socket.end(
          'HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n' +
            'Connection: close\r\n\r\nForbidden',
        );
      });
    });
    const collector = collectorOn(path);
    await collector.start();

    const failure = await collector.collect(AbortSignal.timeout(1_000)).then(
      () => undefined,
      (err: unknown) => err as SourceError,
    );
    expect(failure?.message).toMatch(/HTTP 403/);
    expect(failure?.hint).toMatch(/CONTAINERS=1, EVENTS=1, VERSION=1/);
  });

  it('closes every connection on stop so the process can exit', async () => {
    const open = new Set<Socket>();
    const path = await fakeSocket((socket) => {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
    });
    const collector = collectorOn(path);
    const starting = collector.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await collector.stop();
    await starting;

    const deadline = Date.now() + 2_000;
    while (open.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(open.size).toBe(0);
  });
});
