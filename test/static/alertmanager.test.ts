import { describe, expect, it } from 'vitest';
import { runCommand } from '../support/commands.js';
import { readYaml, repositoryPath } from '../support/repository.js';

interface AlertmanagerConfig {
  route: { receiver: string; group_by: string[]; routes?: { receiver: string }[] };
  receivers: {
    name: string;
    webhook_configs?: {
      url: string;
      send_resolved?: boolean;
      http_config?: { authorization?: { type?: string; credentials_file?: string } };
    }[];
  }[];
  inhibit_rules: { source_matchers: string[]; target_matchers: string[]; equal: string[] }[];
}

const config = readYaml<AlertmanagerConfig>('provisioning/alertmanager/alertmanager.yml');

describe('Alertmanager provisioning', () => {
  it('passes amtool check-config', () => {
    const result = runCommand(
      'amtool',
      ['check-config', 'alertmanager.yml'],
      repositoryPath('provisioning/alertmanager'),
    );

    expect(result.output).toContain('SUCCESS');
    expect(result.status, result.output).toBe(0);
  });

  it('routes every alert to the mailer webhook, resolved ones included, with a bearer token file', () => {
    const receiverNames = [
      config.route.receiver,
      ...(config.route.routes ?? []).map((r) => r.receiver),
    ];
    const mailer = config.receivers.find((receiver) => receiver.name === 'mailer');
    const webhook = mailer?.webhook_configs?.[0];

    expect(new Set(receiverNames)).toEqual(new Set(['mailer']));
    expect(webhook?.url).toBe('http://mailer:9095/webhook');
    expect(webhook?.send_resolved).toBe(true);
    expect(webhook?.http_config?.authorization).toEqual({
      type: 'Bearer',
      credentials_file: '/run/secrets/mailer_webhook_token',
    });
  });

  it('lets a critical alert silence the warning of the same alert', () => {
    const bySeverity = config.inhibit_rules.find((rule) =>
      rule.source_matchers.includes('severity="critical"'),
    );

    expect(bySeverity?.target_matchers).toEqual(['severity="warning"']);
    expect(bySeverity?.equal).toEqual(expect.arrayContaining(['alertname', 'instance']));
  });
});
