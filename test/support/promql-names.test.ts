import { describe, expect, it } from 'vitest';
import { extractMetricNames, histogramBaseName } from './promql-names.js';

function names(expression: string): string[] {
  return [...extractMetricNames(expression)].sort();
}

describe('PromQL metric-name extractor', () => {
  it('finds a bare selector and one with label matchers', () => {
    expect(names('up')).toEqual(['up']);
    expect(names('sensor_temperature_celsius{device="home/x", sensor=~"temp|t.*"} > 30')).toEqual([
      'sensor_temperature_celsius',
    ]);
  });

  it('skips functions, aggregation clauses and the label names inside them', () => {
    const expression =
      'sum by (instance, job) (rate(pihole_blocked_queries_total[10m])) / ' +
      'sum without (status) (increase(pihole_queries_total[1h:5m] offset 5m))';
    expect(names(expression)).toEqual(['pihole_blocked_queries_total', 'pihole_queries_total']);
  });

  it('skips vector matching keywords, bool and set operators', () => {
    const expression =
      'docker_container_running == bool 0 unless on (instance, name) group_left (image) ' +
      'docker_container_exit_code == 0 and ignoring (collector) glass_collector_up or vector(1)';
    expect(names(expression)).toEqual([
      'docker_container_exit_code',
      'docker_container_running',
      'glass_collector_up',
    ]);
  });

  it('ignores strings, numbers, durations and comments', () => {
    const expression = [
      'label_replace(mqtt_connected, "dst", "$1", "src", "(.*)")  # mqtt_messages_total',
      ' * 1e3 + 0x1F - 1.5 > time() - 5m',
    ].join('\n');
    expect(names(expression)).toEqual(['mqtt_connected']);
  });

  it('ignores Grafana template variables', () => {
    const expression =
      'sum(rate(pihole_client_queries_total{client=~"$client"}[$__rate_interval])) by (client)' +
      ' / ${total:raw} * $__range_s';
    expect(names(expression)).toEqual(['pihole_client_queries_total']);
  });

  it('keeps histogram sample names so that they can be mapped to their family', () => {
    const expression =
      'histogram_quantile(0.9, sum by (le) (rate(pihole_upstream_response_seconds_bucket[5m])))';
    expect(names(expression)).toEqual(['pihole_upstream_response_seconds_bucket']);
    expect(histogramBaseName('pihole_upstream_response_seconds_bucket')).toBe(
      'pihole_upstream_response_seconds',
    );
    expect(histogramBaseName('glass_collector_duration_seconds_count')).toBe(
      'glass_collector_duration_seconds',
    );
    expect(histogramBaseName('mailer_emails_sent_total')).toBeUndefined();
  });
});
