import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../support/commands.js';
import { readYaml, repositoryPath } from '../support/repository.js';

const prometheusDir = repositoryPath('provisioning/prometheus');

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

interface RuleFile {
  groups: { name: string; rules: Rule[] }[];
}

interface RuleTestFile {
  rule_files: string[];
  tests: {
    name?: string;
    alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[];
  }[];
}

function yamlFiles(folder: string): string[] {
  return readdirSync(repositoryPath('provisioning/prometheus', folder))
    .filter((file) => file.endsWith('.yml'))
    .map((file) => `${folder}/${file}`);
}

function alertingRules(): Rule[] {
  return yamlFiles('rules').flatMap((file) =>
    readYaml<RuleFile>('provisioning/prometheus', file).groups.flatMap((group) =>
      group.rules.filter((rule) => rule.alert !== undefined),
    ),
  );
}

describe('Prometheus provisioning', () => {
  it('passes promtool check config, which also loads every rule file', () => {
    const result = runCommand('promtool', ['check', 'config', 'prometheus.yml'], prometheusDir);

    expect(result.output).toContain('is valid prometheus config file syntax');
    expect(result.status, result.output).toBe(0);
  });

  it('passes promtool check rules', () => {
    const result = runCommand('promtool', ['check', 'rules', ...yamlFiles('rules')], prometheusDir);

    expect(result.output).not.toMatch(/FAILED/);
    expect(result.status, result.output).toBe(0);
  });

  it('passes every promtool rule unit test', () => {
    const result = runCommand('promtool', ['test', 'rules', ...yamlFiles('tests')], prometheusDir);

    expect(result.output).not.toMatch(/FAILED/);
    expect(result.status, result.output).toBe(0);
  });

  it('gives every alert a severity, a summary and a description', () => {
    const rules = alertingRules();

    expect(rules.length).toBeGreaterThanOrEqual(10);
    for (const rule of rules) {
      expect(['info', 'warning', 'critical'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, `${rule.alert} summary`).toBeTruthy();
      expect(rule.annotations?.description, `${rule.alert} description`).toBeTruthy();
    }
  });

  it('has a unit test where each alert fires and one where it does not', () => {
    const cases = yamlFiles('tests').flatMap((file) =>
      readYaml<RuleTestFile>('provisioning/prometheus', file).tests.flatMap(
        (test) => test.alert_rule_test ?? [],
      ),
    );

    for (const alertname of new Set(alertingRules().map((rule) => rule.alert!))) {
      const own = cases.filter((testCase) => testCase.alertname === alertname);
      const firing = own.some((testCase) => (testCase.exp_alerts ?? []).length > 0);
      const quiet = own.some((testCase) => (testCase.exp_alerts ?? []).length === 0);

      expect({ alertname, firing, quiet }).toEqual({ alertname, firing: true, quiet: true });
    }
  });

  it('sends alerts to Alertmanager and scrapes the exporter and the mailer', () => {
    const config = readYaml<{
      alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
      scrape_configs: { job_name: string }[];
    }>('provisioning/prometheus/prometheus.yml');
    const jobs = config.scrape_configs.map((job) => job.job_name);

    expect(config.alerting.alertmanagers[0]?.static_configs[0]?.targets).toEqual([
      'alertmanager:9093',
    ]);
    expect(jobs).toEqual(
      expect.arrayContaining([
        'glass-exporter',
        'glass-mailer',
        'node',
        'prometheus',
        'alertmanager',
      ]),
    );
  });
});
