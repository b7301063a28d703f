export type AlertStatus = 'firing' | 'resolved';

export interface Alert {
  status: AlertStatus;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  /** Alertmanager sends year 1 for firing alerts; only a resolved alert has a real end. */
  endsAt?: string;
  generatorURL?: string;
  fingerprint: string;
}

/** One Alertmanager webhook notification (one alert group), as the outbox stores it. */
export interface Notification {
  receiver: string;
  status: AlertStatus;
  groupKey: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL?: string;
  truncatedAlerts: number;
  alerts: Alert[];
}
