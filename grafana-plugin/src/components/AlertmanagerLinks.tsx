import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { LinkButton, useStyles2 } from '@grafana/ui';
import React from 'react';

import { prefixConfigUrl } from './config-url';

interface Props {
  alertmanagerUid?: string;
}

/** Shortcuts into Grafana's alerting pages for the Alertmanager chosen in the app settings. */
export function AlertmanagerLinks({ alertmanagerUid }: Props) {
  const styles = useStyles2(getStyles);

  if (!alertmanagerUid) {
    return (
      <div className={styles.row}>
        <span className={styles.muted}>
          Pick an Alertmanager data source in the app configuration to open its silences from here.
        </span>
        <LinkButton variant="secondary" fill="outline" icon="cog" href={prefixConfigUrl()}>
          Configure
        </LinkButton>
      </div>
    );
  }

  const query = `alertmanager=${encodeURIComponent(alertmanagerUid)}`;
  return (
    <div className={styles.row}>
      <LinkButton variant="secondary" icon="bell-slash" href={`/alerting/silences?${query}`}>
        Silences
      </LinkButton>
      <LinkButton variant="secondary" icon="layer-group" href={`/alerting/groups?${query}`}>
        Alert groups
      </LinkButton>
    </div>
  );
}

function getStyles(theme: GrafanaTheme2) {
  return {
    row: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), height: '100%' }),
    muted: css({ color: theme.colors.text.secondary }),
  };
}
