import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SecureVersion } from 'node:tls';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../core/errors.js';

/**
 * The exporter-toolkit web configuration file, so that one file can serve node_exporter and
 * Glass Gallery alike. Relative paths are resolved against the file's own folder.
 */
export interface WebConfig {
  readonly tls?: TlsServerConfig;
  readonly basicAuthUsers: ReadonlyMap<string, string>;
  readonly headers: Readonly<Record<string, string>>;
}

export interface TlsServerConfig {
  readonly cert: Buffer;
  readonly key: Buffer;
  readonly clientAuthType: ClientAuthType;
  readonly clientCa?: Buffer;
  readonly minVersion: SecureVersion;
  readonly maxVersion?: SecureVersion;
}

const clientAuthTypes = [
  'NoClientCert',
  'RequestClientCert',
  'RequireAnyClientCert',
  'VerifyClientCertIfGiven',
  'RequireAndVerifyClientCert',
] as const;
type ClientAuthType = (typeof clientAuthTypes)[number];

const tlsVersions: Record<string, SecureVersion> = {
  TLS10: 'TLSv1',
  TLS11: 'TLSv1.1',
  TLS12: 'TLSv1.2',
  TLS13: 'TLSv1.3',
};

const allowedHeaders = [
  'Content-Security-Policy',
  'X-Frame-Options',
  'X-Content-Type-Options',
  'X-XSS-Protection',
  'Strict-Transport-Security',
];

const topLevelKeys = ['tls_server_config', 'http_server_config', 'basic_auth_users'];
const tlsKeys = [
  'cert_file',
  'key_file',
  'cert',
  'key',
  'client_auth_type',
  'client_ca_file',
  'client_allowed_sans',
  'min_version',
  'max_version',
  'cipher_suites',
  'prefer_server_cipher_suites',
  'curve_preferences',
];

export function loadWebConfig(path: string): WebConfig {
  const problem = (what: string) => new ConfigError(`web config ${path}: ${what}`);

  let document: unknown;
  try {
    document = parseYaml(readFileSync(path, 'utf8')) ?? {};
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw problem(`cannot be read as YAML (${reason}); fix the file or GLASS_WEB_CONFIG_FILE`);
  }
  const root = asMapping(document, 'the file', problem);
  rejectUnknownKeys(root, topLevelKeys, 'the top level', problem);

  const base = dirname(resolve(path));
  const readFile = (field: string, file: unknown): Buffer => {
    if (typeof file !== 'string' || file === '') throw problem(`${field} must be a file path`);
    try {
      return readFileSync(resolve(base, file));
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? String(err);
      throw problem(`${field} "${file}" cannot be read (${reason})`);
    }
  };

  return {
    tls: root.tls_server_config ? parseTls(root.tls_server_config, readFile, problem) : undefined,
    basicAuthUsers: parseUsers(root.basic_auth_users, problem),
    headers: parseHeaders(root.http_server_config, problem),
  };
}

type Problem = (what: string) => ConfigError;

function parseTls(
  section: unknown,
  readFile: (field: string, file: unknown) => Buffer,
  problem: Problem,
): TlsServerConfig {
  const tls = asMapping(section, 'tls_server_config', problem);
  rejectUnknownKeys(tls, tlsKeys, 'tls_server_config', problem);

  const cert = typeof tls.cert === 'string' ? Buffer.from(tls.cert) : undefined;
  const key = typeof tls.key === 'string' ? Buffer.from(tls.key) : undefined;
  if (!cert && tls.cert_file === undefined) {
    throw problem('tls_server_config needs cert_file (or cert)');
  }
  if (!key && tls.key_file === undefined) {
    throw problem('tls_server_config needs key_file (or key)');
  }

  const clientAuthType = (tls.client_auth_type ?? 'NoClientCert') as ClientAuthType;
  if (!clientAuthTypes.includes(clientAuthType)) {
    throw problem(`client_auth_type must be one of ${clientAuthTypes.join(', ')}`);
  }
  const clientCa =
    tls.client_ca_file !== undefined ? readFile('client_ca_file', tls.client_ca_file) : undefined;
  if (clientAuthType.includes('Verify') && !clientCa) {
    throw problem(`client_auth_type ${clientAuthType} needs client_ca_file`);
  }

  return {
    cert: cert ?? readFile('cert_file', tls.cert_file),
    key: key ?? readFile('key_file', tls.key_file),
    clientAuthType,
    clientCa,
    minVersion: tlsVersion(tls.min_version ?? 'TLS12', 'min_version', problem),
    maxVersion:
      tls.max_version !== undefined
        ? tlsVersion(tls.max_version, 'max_version', problem)
        : undefined,
  };
}

function tlsVersion(value: unknown, field: string, problem: Problem): SecureVersion {
  const version = typeof value === 'string' ? tlsVersions[value] : undefined;
  if (!version) throw problem(`${field} must be one of ${Object.keys(tlsVersions).join(', ')}`);
  return version;
}

function parseUsers(section: unknown, problem: Problem): Map<string, string> {
  const users = new Map<string, string>();
  if (section === undefined || section === null) return users;

  for (const [user, hash] of Object.entries(asMapping(section, 'basic_auth_users', problem))) {
    if (typeof hash !== 'string' || !/^\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}$/.test(hash)) {
      throw problem(
        `basic_auth_users.${user} must be a bcrypt hash (htpasswd -nBC 10 "" | tr -d ':\\n')`,
      );
    }
    users.set(user, hash);
  }
  return users;
}

function parseHeaders(section: unknown, problem: Problem): Record<string, string> {
  if (section === undefined || section === null) return {};

  const http = asMapping(section, 'http_server_config', problem);
  rejectUnknownKeys(http, ['headers', 'http2'], 'http_server_config', problem);
  if (http.headers === undefined) return {};

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(asMapping(http.headers, 'headers', problem))) {
    const allowed = allowedHeaders.find((header) => header.toLowerCase() === name.toLowerCase());
    if (!allowed) throw problem(`header ${name} is not allowed; use ${allowedHeaders.join(', ')}`);
    headers[allowed] = String(value);
  }
  return headers;
}

function asMapping(value: unknown, where: string, problem: Problem): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw problem(`${where} must be a mapping of keys to values`);
  }
  return value as Record<string, unknown>;
}

function rejectUnknownKeys(
  mapping: Record<string, unknown>,
  known: readonly string[],
  where: string,
  problem: Problem,
): void {
  const unknown = Object.keys(mapping).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw problem(`unknown field ${unknown.join(', ')} in ${where}; known: ${known.join(', ')}`);
  }
}
