/**
 * Every PromQL expression the app sends, as plain strings, so that a shared check can
 * extract the metric names and compare them with what the exporter and mailer expose.
 * Grafana replaces $__range, $__rate_interval and $container before sending.
 */

// Exporter health
export const COLLECTORS_UP = 'glass_collector_up';
export const COLLECTOR_DURATION = 'max by (collector) (glass_collector_duration_seconds)';
export const EXPORTER_BUILD_INFO = 'glass_build_info';

// DNS (Pi-hole)
export const DNS_QUERIES_PER_MINUTE = 'sum(rate(pihole_queries_total[5m])) * 60';
export const DNS_BLOCKED_PER_MINUTE = 'sum(rate(pihole_blocked_queries_total[5m])) * 60';
export const DNS_QUERIES_IN_RANGE = 'sum(increase(pihole_queries_total[$__range]))';
export const DNS_BLOCKED_IN_RANGE = 'sum(increase(pihole_blocked_queries_total[$__range]))';
export const DNS_QUERIES_ALL_TIME = 'sum(pihole_queries_total)';
export const DNS_BLOCKED_ALL_TIME = 'sum(pihole_blocked_queries_total)';
export const DNS_TOP_BLOCKED_DOMAIN = 'topk(1, pihole_top_blocked_domains)';
export const DNS_QUERIES_BY_STATUS =
  'sum by (status) (rate(pihole_queries_total[$__rate_interval])) * 60';
export const DNS_QUERIES_BY_TYPE =
  'sum by (query_type) (rate(pihole_queries_total[$__rate_interval])) * 60';
export const DNS_REPLIES_BY_TYPE =
  'sum by (reply_type) (rate(pihole_replies_total[$__rate_interval])) * 60';
export const DNS_UPSTREAM_RATE =
  'sum by (upstream) (rate(pihole_upstream_queries_total[$__rate_interval])) * 60';
export const DNS_UPSTREAM_P95 =
  'histogram_quantile(0.95, sum by (upstream, le) ' +
  '(rate(pihole_upstream_response_seconds_bucket[$__rate_interval])))';
export const DNS_TOP_CLIENTS =
  'topk(10, sum by (client) (increase(pihole_client_queries_total[$__range])))';
export const DNS_TOP_BLOCKED_CLIENTS =
  'topk(10, sum by (client) (increase(pihole_client_queries_total{blocked="true"}[$__range])))';
export const DNS_TOP_QUERIED_DOMAINS = 'topk(10, pihole_top_queried_domains)';
export const DNS_TOP_BLOCKED_DOMAINS = 'topk(10, pihole_top_blocked_domains)';
export const DNS_GRAVITY_DOMAINS = 'pihole_gravity_domains';
export const DNS_DATABASE_AGE = 'time() - pihole_database_newest_query_timestamp_seconds';

// Containers (Docker or Podman)
export const CONTAINER_NAMES_VARIABLE = 'label_values(docker_container_running, name)';
export const CONTAINERS_RUNNING = 'sum(docker_containers{state="running"})';
export const CONTAINERS_TOTAL = 'sum(docker_containers)';
export const CONTAINER_RUNNING = 'docker_container_running{name=~"$container"}';
export const CONTAINER_HEALTH = 'docker_container_health_status{name=~"$container"} == 1';
export const CONTAINER_RESTARTS_IN_RANGE =
  'increase(docker_container_restarts_total{name=~"$container"}[$__range])';
export const CONTAINER_OOM_KILLED = 'docker_container_oom_killed{name=~"$container"}';
export const CONTAINER_INFO = 'docker_container_info{name=~"$container"}';
export const CONTAINER_UNHEALTHY_COUNT =
  'count(docker_container_health_status{status="unhealthy"} == 1) or vector(0)';
export const CONTAINER_CPU_PERCENT =
  'sum by (name) (rate(docker_container_cpu_seconds_total{name=~"$container"}' +
  '[$__rate_interval])) * 100';
export const CONTAINER_MEMORY = 'docker_container_memory_working_set_bytes{name=~"$container"}';
export const CONTAINER_MEMORY_OF_LIMIT =
  'docker_container_memory_working_set_bytes{name=~"$container"} ' +
  '/ (docker_container_memory_limit_bytes{name=~"$container"} > 0)';
export const CONTAINER_NETWORK_RECEIVE =
  'rate(docker_container_network_receive_bytes_total{name=~"$container"}[$__rate_interval])';
export const CONTAINER_NETWORK_TRANSMIT =
  'rate(docker_container_network_transmit_bytes_total{name=~"$container"}[$__rate_interval])';

// Sensors (ESP32 over MQTT)
export const SENSOR_TEMPERATURE = 'sensor_temperature_celsius';
export const SENSOR_HUMIDITY = 'sensor_humidity_ratio';
export const SENSOR_DEVICE_UP = 'sensor_device_up';
export const SENSOR_LAST_SEEN_AGE = 'time() - sensor_last_seen_timestamp_seconds';
export const SENSOR_BATTERY = 'sensor_battery_ratio';
export const SENSOR_SIGNAL = 'sensor_signal_strength_dbm';
export const SENSORS_OFFLINE_COUNT = 'count(sensor_device_up == 0) or vector(0)';

// Alerts and the alert mailer
export const ALERTS_FIRING = 'ALERTS{alertstate="firing"}';
export const ALERTS_FIRING_COUNT = 'count(ALERTS{alertstate="firing"}) or vector(0)';
export const MAILER_OUTBOX_PENDING = 'mailer_outbox_pending';
export const MAILER_OUTBOX_DEAD = 'mailer_outbox_dead';
export const MAILER_SENT_IN_RANGE = 'sum(increase(mailer_emails_sent_total[$__range]))';
export const MAILER_SENT_RATE = 'sum(rate(mailer_emails_sent_total[$__rate_interval])) * 3600';
