/**
 * The modules Grafana shares with plugins (create-plugin marks them as externals, see
 * `.config/bundler/externals.ts`), each the real npm package. Not installed here, so not offered:
 * `emotion` (Emotion 10), `@grafana/slate-react`, `d3` and `angular` (gone since Grafana 12); a
 * plugin asking for one fails loudly with "Unable to resolve bare specifier".
 */
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaDataUnstable from '@grafana/data/unstable';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaRuntimeUnstable from '@grafana/runtime/unstable';
import * as grafanaUi from '@grafana/ui';
import * as grafanaUiUnstable from '@grafana/ui/unstable';
import * as i18next from 'i18next';
import * as jquery from 'jquery';
import * as lodash from 'lodash';
// Grafana hands plugins its own moment as a shared module; the host must provide the same one.
// eslint-disable-next-line no-restricted-imports
import * as moment from 'moment';
import * as prismjs from 'prismjs';
import * as react from 'react';
import * as reactDom from 'react-dom';
import * as reactJsxDevRuntime from 'react/jsx-dev-runtime';
import * as reactJsxRuntime from 'react/jsx-runtime';
import * as reactRedux from 'react-redux';
import * as reactRouter from 'react-router';
import * as reactRouterDom from 'react-router-dom';
import * as redux from 'redux';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';
import * as slate from 'slate';
import * as slatePlainSerializer from 'slate-plain-serializer';

export const SHARED_MODULES: Record<string, object> = {
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  '@grafana/data': grafanaData,
  '@grafana/data/unstable': grafanaDataUnstable,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/runtime/unstable': grafanaRuntimeUnstable,
  '@grafana/ui': grafanaUi,
  '@grafana/ui/unstable': grafanaUiUnstable,
  i18next,
  jquery,
  lodash,
  moment,
  prismjs,
  react,
  'react-dom': reactDom,
  'react/jsx-runtime': reactJsxRuntime,
  'react/jsx-dev-runtime': reactJsxDevRuntime,
  'react-redux': reactRedux,
  'react-router': reactRouter,
  'react-router-dom': reactRouterDom,
  redux,
  rxjs,
  'rxjs/operators': rxjsOperators,
  slate,
  'slate-plain-serializer': slatePlainSerializer,
};
