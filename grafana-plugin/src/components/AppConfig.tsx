import { css } from '@emotion/css';
import {
  AppPluginMeta,
  DataSourceInstanceSettings,
  GrafanaTheme2,
  PluginConfigPageProps,
} from '@grafana/data';
import { DataSourcePicker, getBackendSrv } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Stack, useStyles2 } from '@grafana/ui';
import React, { useState } from 'react';
import { lastValueFrom } from 'rxjs';

import { PLUGIN_ID } from '../constants';
import { HubSettings } from '../types';

type Props = PluginConfigPageProps<AppPluginMeta<HubSettings>>;

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'failed'; message: string };

/** Settings page: which Prometheus (and optionally which Alertmanager) the pages read. */
export function AppConfig({ plugin }: Props) {
  const styles = useStyles2(getStyles);
  const { enabled, pinned, jsonData } = plugin.meta;
  const [settings, setSettings] = useState<HubSettings>(jsonData ?? {});
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });

  const onSave = async () => {
    setSave({ kind: 'saving' });
    try {
      await saveSettings({ enabled: true, pinned: pinned ?? true, jsonData: settings });
      window.location.reload();
    } catch (error) {
      setSave({ kind: 'failed', message: describeError(error) });
    }
  };

  return (
    <div className={styles.page}>
      <FieldSet label="Data sources">
        <Field
          label="Prometheus"
          description="The Prometheus that scrapes the Glass Gallery exporter and the alert mailer."
          required
        >
          <DataSourcePicker
            inputId="glass-prometheus"
            pluginId="prometheus"
            current={settings.prometheusUid}
            noDefault
            width={48}
            onChange={(ds: DataSourceInstanceSettings) =>
              setSettings({ ...settings, prometheusUid: ds.uid })
            }
          />
        </Field>
        <Field
          label="Alertmanager (optional)"
          description="Used for links to silences and alert groups on the Alerts page."
        >
          <DataSourcePicker
            inputId="glass-alertmanager"
            pluginId="alertmanager"
            current={settings.alertmanagerUid}
            noDefault
            width={48}
            onClear={() => setSettings({ ...settings, alertmanagerUid: undefined })}
            onChange={(ds: DataSourceInstanceSettings) =>
              setSettings({ ...settings, alertmanagerUid: ds.uid })
            }
          />
        </Field>
      </FieldSet>

      {save.kind === 'failed' && (
        <Alert severity="error" title="Settings were not saved">
          {save.message}
        </Alert>
      )}

      <Stack gap={1}>
        <Button
          onClick={onSave}
          disabled={!settings.prometheusUid || save.kind === 'saving'}
          icon={save.kind === 'saving' ? 'spinner' : undefined}
        >
          {enabled ? 'Save settings' : 'Enable and save'}
        </Button>
      </Stack>
    </div>
  );
}

async function saveSettings(data: { enabled: boolean; pinned: boolean; jsonData: HubSettings }) {
  const response = getBackendSrv().fetch({
    url: `/api/plugins/${PLUGIN_ID}/settings`,
    method: 'POST',
    data,
  });
  await lastValueFrom(response);
}

function describeError(error: unknown): string {
  const payload = error as { data?: { message?: string }; status?: number; message?: string };
  const reason = payload.data?.message ?? payload.message ?? 'unknown error';
  const status = payload.status ? ` (HTTP ${payload.status})` : '';
  return `Grafana refused the plugin settings${status}: ${reason}. Check that you are an admin.`;
}

function getStyles(theme: GrafanaTheme2) {
  return { page: css({ maxWidth: 720, paddingTop: theme.spacing(1) }) };
}
