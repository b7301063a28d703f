import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { generate } from 'selfsigned';

export interface TestCertificate {
  key: string;
  cert: string;
  /** The certificate written to a file, for MAILER_SMTP_CA_FILE. */
  caFile: string;
}

let cached: Promise<TestCertificate> | undefined;

/** A self-signed certificate for 127.0.0.1, ::1 and localhost, made once per test file. */
export function testCertificate(): Promise<TestCertificate> {
  cached ??= create();
  return cached;
}

async function create(): Promise<TestCertificate> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });

  const caFile = join(mkdtempSync(join(tmpdir(), 'glass-mailer-tls-')), 'ca.pem');
  writeFileSync(caFile, pems.cert);
  return { key: pems.private, cert: pems.cert, caFile };
}
