import { request } from 'node:http';

/** One call to a Docker Engine API (here Podman's) on a Unix socket; resolves with the JSON. */
export function dockerApi(
  socketPath: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<unknown> {
  const payload = body === undefined ? undefined : JSON.stringify(body);

  return new Promise((resolve, reject) => {
    const call = request(
      {
        socketPath,
        method,
        path: `/v1.41${path}`,
        headers: payload ? { 'content-type': 'application/json' } : {},
        timeout: 30_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((response.statusCode ?? 500) >= 300) {
            reject(new Error(`${method} ${path} answered ${response.statusCode}: ${text}`));
            return;
          }
          resolve(text === '' ? undefined : JSON.parse(text));
        });
      },
    );
    call.on('error', reject);
    call.on('timeout', () => call.destroy(new Error(`${method} ${path} timed out`)));
    call.end(payload);
  });
}
