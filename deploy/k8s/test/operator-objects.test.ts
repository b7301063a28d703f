import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

import { alertmanagerFile, generatedFiles, rulesDir } from '../scripts/generated-files.js';
import {
  loadRuleFiles,
  parseMatcher,
  ProvisioningTranslationError,
  toAlertmanagerConfig,
} from '../scripts/operator-objects.js';
import { buildObjects, type KubernetesObject } from './kustomize.js';
import { baseDir } from './paths.js';

const regenerate = 'npx tsx deploy/k8s/scripts/generate-from-provisioning.ts';

interface Matcher {
  name: string;
  value: string;
  matchType: string;
}

interface Route {
  receiver: string;
  groupBy?: string[];
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
  matchers?: Matcher[];
  routes?: Route[];
}

/** Alertmanager anchors regular-expression matchers at both ends. */
function matches(matcher: Matcher, value: string): boolean {
  if (matcher.matchType === '=') return value === matcher.value;
  if (matcher.matchType === '!=') return value !== matcher.value;
  const found = new RegExp(`^(?:${matcher.value})$`).test(value);
  return matcher.matchType === '=~' ? found : !found;
}

describe('Prometheus Operator objects', () => {
  let objects: KubernetesObject[] = [];
  let scratch = '';

  beforeAll(() => {
    objects = buildObjects(baseDir);
    scratch = mkdtempSync(join(tmpdir(), 'glass-deploy-'));
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('are up to date with provisioning/ (otherwise run the generator)', async () => {
    for (const file of await generatedFiles()) {
      let current = '';
      try {
        current = readFileSync(file.path, 'utf8');
      } catch {
        current = '';
      }
      expect(current === file.content, `${file.path} is out of date: run ${regenerate}`).toBe(true);
    }
  });

  it('carry in their PrometheusRules exactly the rule groups of provisioning/prometheus/rules', () => {
    const rendered = objects.filter((object) => object.kind === 'PrometheusRule');
    const provisioned = loadRuleFiles(rulesDir);

    expect(rendered).toHaveLength(provisioned.length);
    for (const file of provisioned) {
      const name = `glass-gallery-${file.fileName.replace(/\.ya?ml$/, '')}`;
      const rule = rendered.find((object) => object.metadata.name === name);
      expect(
        rule,
        `no PrometheusRule ${name} for ${file.fileName}: run ${regenerate}`,
      ).toBeDefined();
      expect(
        (rule?.spec as { groups: unknown }).groups,
        `PrometheusRule ${name} differs from ${file.fileName}: run ${regenerate}`,
      ).toEqual(file.groups);
    }
  });

  it('hold rules that promtool accepts once the operator hands them to Prometheus', () => {
    const paths = objects
      .filter((object) => object.kind === 'PrometheusRule')
      .map((object) => {
        const path = join(scratch, `${object.metadata.name}.yml`);
        writeFileSync(path, stringify(object.spec));
        return path;
      });

    const output = execFileSync('promtool', ['check', 'rules', ...paths], { encoding: 'utf8' });
    expect(output).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('route every provisioned alert, and nothing else, to the mailer with the bearer token', () => {
    const routing = objects.find((object) => object.kind === 'AlertmanagerConfig');
    const spec = routing?.spec as {
      route: Route;
      receivers: Array<{ name: string; webhookConfigs: Array<Record<string, unknown>> }>;
    };
    const alertNames = loadRuleFiles(rulesDir)
      .flatMap((file) => file.groups.flatMap((group) => group.rules))
      .map((rule) => rule.alert)
      .filter((name): name is string => typeof name === 'string');

    const routed = (alertname: string) =>
      (spec.route.matchers ?? []).every((matcher) =>
        matcher.name === 'alertname' ? matches(matcher, alertname) : true,
      );
    expect(alertNames.filter((name) => !routed(name))).toEqual([]);
    expect(['Watchdog', 'KubePodCrashLooping', 'InfoInhibitor'].filter(routed)).toEqual([]);

    expect(spec.receivers).toEqual([
      {
        name: spec.route.receiver,
        webhookConfigs: [
          expect.objectContaining({
            url: 'http://glass-mailer.glass-gallery.svc:9095/webhook',
            sendResolved: true,
            httpConfig: {
              authorization: {
                type: 'Bearer',
                credentials: { name: 'glass-mailer', key: 'webhook-token' },
              },
            },
          }),
        ],
      },
    ]);
  });

  it('group, wait and repeat as the compose Alertmanager does', () => {
    const provisioned = parse(readFileSync(alertmanagerFile, 'utf8')) as {
      route: Record<string, unknown> & { routes?: Array<Record<string, unknown>> };
      inhibit_rules: Array<{ equal: string[] }>;
    };
    const spec = objects.find((object) => object.kind === 'AlertmanagerConfig')?.spec as {
      route: Route;
      inhibitRules: Array<{ equal: string[] }>;
    };

    expect(spec.route).toMatchObject({
      groupBy: provisioned.route.group_by,
      groupWait: provisioned.route.group_wait,
      groupInterval: provisioned.route.group_interval,
      repeatInterval: provisioned.route.repeat_interval,
    });
    expect(spec.route.routes?.map((route) => route.repeatInterval)).toEqual(
      provisioned.route.routes?.map((route) => route.repeat_interval),
    );
    expect(spec.inhibitRules.map((rule) => rule.equal)).toEqual(
      provisioned.inhibit_rules.map((rule) => rule.equal),
    );
  });
});

describe('translating alertmanager.yml', () => {
  const webhook = { url: 'http://mailer/webhook', tokenSecret: { name: 's', key: 'k' } };

  it('reads the matcher forms Alertmanager accepts', () => {
    expect(parseMatcher('severity="critical"', 'f')).toEqual({
      name: 'severity',
      matchType: '=',
      value: 'critical',
    });
    expect(parseMatcher(' job =~ "glass-.*" ', 'f')).toMatchObject({
      matchType: '=~',
      value: 'glass-.*',
    });
    expect(parseMatcher('name!="say \\"hi\\""', 'f')).toMatchObject({
      matchType: '!=',
      value: 'say "hi"',
    });
  });

  it('names the file and the matcher it cannot read', () => {
    expect(() => parseMatcher('severity critical', 'alertmanager.yml: route')).toThrow(
      /alertmanager\.yml: route: matcher "severity critical" is not name="value"/,
    );
  });

  it('refuses a setting it would otherwise drop silently', () => {
    const withEmail = `
route: { receiver: mail }
receivers:
  - name: mail
    email_configs: [{ to: someone@example.org }]
`;
    expect(() => toAlertmanagerConfig(withEmail, ['A'], webhook)).toThrow(
      ProvisioningTranslationError,
    );
    expect(() => toAlertmanagerConfig(withEmail, ['A'], webhook)).toThrow(/email_configs/);
  });

  it('scopes inhibitions without an alert name to the Glass Gallery alerts', () => {
    const config = toAlertmanagerConfig(
      `
route: { receiver: m }
receivers:
  - name: m
    webhook_configs: [{ url: x, http_config: { authorization: { credentials_file: /t } } }]
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: [alertname]
`,
      ['Hot', 'Silent'],
      webhook,
    );
    const rule = (config.spec as { inhibitRules: Array<{ sourceMatch: Matcher[] }> })
      .inhibitRules[0];
    expect(rule?.sourceMatch[0]).toEqual({
      name: 'alertname',
      matchType: '=~',
      value: 'Hot|Silent',
    });
  });
});
