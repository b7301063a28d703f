import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCommand } from '../support/commands.js';
import { readText, repositoryPath } from '../support/repository.js';

interface ComposeFile {
  services: Record<string, { environment?: Record<string, string | number> }>;
}

const compose = parse(readText('compose/docker-compose.yml')) as ComposeFile;

/** The variables a CLI documents in its --help, run from source as a user reads it. */
function documentedVariables(cli: string): Set<string> {
  const result = runCommand('node', ['--import', 'tsx', cli, '--help'], repositoryPath());
  if (result.status !== 0) throw new Error(`${cli} --help failed:\n${result.output}`);
  return new Set(result.output.match(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g) ?? []);
}

/** Compose may pass `<VAR>_FILE` for any secret a CLI reads as `<VAR>`. */
function undocumented(service: string, documented: Set<string>): string[] {
  const variables = Object.keys(compose.services[service]?.environment ?? {});
  return variables.filter((name) => !documented.has(name.replace(/_FILE$/, '')));
}

describe('compose environment', () => {
  it('gives the exporter only variables it reads', () => {
    const documented = documentedVariables('exporter/src/cli.ts');

    expect(documented.has('GLASS_LISTEN_ADDRESS')).toBe(true);
    expect(undocumented('exporter', documented)).toEqual([]);
  });

  it('gives the mailer only variables it reads', () => {
    const documented = documentedVariables('alerting/src/cli.ts');

    expect(documented.has('MAILER_SMTP_URL')).toBe(true);
    expect(undocumented('mailer', documented)).toEqual([]);
  });
});
