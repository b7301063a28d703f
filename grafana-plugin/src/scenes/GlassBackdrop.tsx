import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import {
  SceneComponentProps,
  SceneObject,
  SceneObjectBase,
  SceneObjectState,
} from '@grafana/scenes';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

import { backdropStyle, glassCardStyle } from '../theme/glass';

interface WrapperState extends SceneObjectState {
  body: SceneObject;
}

/** Paints the soft pastel gradient behind a page so its glass cards have something to blur. */
export class GlassBackdrop extends SceneObjectBase<WrapperState> {
  static Component = function GlassBackdropRenderer({ model }: SceneComponentProps<GlassBackdrop>) {
    const { body } = model.useState();
    const styles = useStyles2(getStyles);
    return (
      <div className={styles.backdrop}>
        <body.Component model={body} />
      </div>
    );
  };
}

/**
 * A glass card around a core Grafana panel. Core panels paint an opaque background, so they run
 * in transparent mode and this frame supplies the translucent surface.
 */
export class GlassFrame extends SceneObjectBase<WrapperState> {
  static Component = function GlassFrameRenderer({ model }: SceneComponentProps<GlassFrame>) {
    const { body } = model.useState();
    const styles = useStyles2(getStyles);
    return (
      <div className={styles.frame}>
        <body.Component model={body} />
      </div>
    );
  };
}

function getStyles(theme: GrafanaTheme2) {
  return {
    backdrop: backdropStyle(theme),
    frame: cx(
      glassCardStyle(theme),
      css({ width: '100%', height: '100%', overflow: 'hidden', padding: theme.spacing(0.5) }),
    ),
  };
}
