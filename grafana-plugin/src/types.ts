/** Settings saved in the app's jsonData by the configuration page (or by provisioning). */
export interface HubSettings {
  /** uid of the Prometheus data source that scrapes the Glass Gallery exporter. */
  prometheusUid?: string;
  /** uid of the Alertmanager data source, used for links to silences. */
  alertmanagerUid?: string;
}
