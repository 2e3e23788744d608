// Extends create-plugin's managed config the documented way (.config/ stays as generated):
// https://grafana.com/developers/plugin-tools/how-to-guides/extend-configurations#extend-the-webpack-config
import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import { merge } from 'webpack-merge';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config.ts';

const config = async (env: Env): Promise<Configuration> => {
  const baseConfig = await grafanaConfig(env);
  return merge(baseConfig, {
    plugins: [
      // The managed config copies only the app's own logos and README; the nested plugins
      // (data source, panels) need theirs beside their plugin.json too.
      new CopyWebpackPlugin({
        patterns: [
          { from: '{datasource,panels/*}/img/*', to: '.', noErrorOnMissing: false },
          { from: '{datasource,panels/*}/README.md', to: '.' },
        ],
      }),
    ],
  });
};

export default config;
