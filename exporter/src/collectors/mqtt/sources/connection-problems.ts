import { SourceError } from '../../../core/errors.js';

/** Turns connection failures into messages and hints a user can act on. */

/** MQTT 3.1.1 CONNACK return codes (MQTT.js reports them as the error's `code`). */
const REFUSALS: Record<number, string> = {
  1: 'it does not accept MQTT 3.1.1',
  2: 'it rejected the client identifier',
  3: 'it is unavailable',
  4: 'it rejected the user name or password',
  5: 'the client is not authorised',
};

export function connectionProblem(where: string, err: unknown): SourceError {
  const code = (err as { code?: unknown } | undefined)?.code;
  const reason = err instanceof Error ? err.message : String(err);

  if (typeof code === 'number') {
    const refusal = REFUSALS[code] ?? `it refused the connection (code ${code})`;
    const credentials = code === 4 || code === 5;
    return new SourceError(
      `the MQTT broker at ${where} refused the connection: ${refusal}`,
      credentials
        ? 'check MQTT_USERNAME and MQTT_PASSWORD (or MQTT_PASSWORD_FILE) against the broker'
        : 'check the broker log and MQTT_CLIENT_ID',
      { cause: err },
    );
  }

  switch (code) {
    case 'ECONNREFUSED':
      return new SourceError(
        `cannot connect to the MQTT broker at ${where}: connection refused`,
        'start the broker, or point MQTT_URL at the right host and port',
        { cause: err },
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new SourceError(
        `cannot connect to the MQTT broker at ${where}: the host name does not resolve`,
        'check the host name in MQTT_URL',
        { cause: err },
      );
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'CERT_HAS_EXPIRED':
      return new SourceError(
        `the TLS certificate of the MQTT broker at ${where} is not trusted: ${reason}`,
        'set MQTT_CA_FILE to the PEM certificate of the CA that signed the broker certificate',
        { cause: err },
      );
  }

  return new SourceError(
    `lost the MQTT broker at ${where}: ${reason}`,
    'check that the broker runs and that MQTT_URL points at it; the exporter keeps retrying',
    { cause: err },
  );
}

export function notConnectedYet(where: string): SourceError {
  return new SourceError(
    `not connected to the MQTT broker at ${where} yet`,
    'the broker has not answered yet; check that it runs and that MQTT_URL points at it',
  );
}

export function subscriptionRefused(where: string, filters: readonly string[]): SourceError {
  return new SourceError(
    `the MQTT broker at ${where} refused the subscription to ${filters.join(', ')}`,
    'allow this user to subscribe to MQTT_TOPICS in the broker ACL, or narrow MQTT_TOPICS',
  );
}

export function notListeningYet(where: string): SourceError {
  return new SourceError(
    `the embedded MQTT broker is not listening on ${where} yet`,
    'wait for the exporter to finish starting',
  );
}

export function listenProblem(where: string, port: number, err: unknown): SourceError {
  const otherPort = port < 65535 ? port + 1 : port - 1;
  const code = (err as { code?: unknown } | undefined)?.code;
  const reason = err instanceof Error ? err.message : String(err);

  if (code === 'EADDRINUSE') {
    return new SourceError(
      `the embedded MQTT broker cannot listen on ${where}: the port is already in use`,
      `another MQTT broker probably runs on this host: set MQTT_URL=mqtt://127.0.0.1:${port} to ` +
        `subscribe to it, or move the embedded broker with MQTT_EMBEDDED_LISTEN=0.0.0.0:${otherPort}`,
      { cause: err },
    );
  }
  if (code === 'EACCES') {
    return new SourceError(
      `the embedded MQTT broker may not listen on ${where}: permission denied`,
      'choose a port above 1023 in MQTT_EMBEDDED_LISTEN, or allow the exporter to bind it',
      { cause: err },
    );
  }
  if (code === 'EADDRNOTAVAIL') {
    return new SourceError(
      `the embedded MQTT broker cannot listen on ${where}: no such address on this host`,
      'set MQTT_EMBEDDED_LISTEN to an address of this host, such as 0.0.0.0:1883',
      { cause: err },
    );
  }
  return new SourceError(
    `the embedded MQTT broker cannot listen on ${where}: ${reason}`,
    'check MQTT_EMBEDDED_LISTEN, or set MQTT_URL to use an existing broker',
    { cause: err },
  );
}
