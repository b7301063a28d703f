/** One PromQL query of a panel, in the shape the Prometheus data source expects. */
export interface QuerySpec {
  refId: string;
  expr: string;
  legendFormat?: string;
  /** Only the latest value matters: ask Prometheus for one instant sample. */
  instant?: boolean;
  format?: 'time_series' | 'table';
}
