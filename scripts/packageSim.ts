/**
 * `npm run package:sim`: the lean `mci-sim` package (no plugin toolchain) as
 * dist-package/mci-sim-<version>.tgz, installable with `npm install ./mci-sim-<version>.tgz`.
 * docs/sim-package.md says what is in it and how to add the optional store modules.
 */
import { join, relative } from 'path';
import { buildSimPackage } from './package/simPackage';

const root = join(__dirname, '..');
const MB = 1024 * 1024;

buildSimPackage(root, join(root, 'dist-package')).then(
  (built) => {
    console.log(`${relative(process.cwd(), built.tarball)}`);
    console.log(
      `  bundle ${(built.bundleBytes / MB).toFixed(1)} MB, tarball ${(built.tarballBytes / MB).toFixed(1)} MB`
    );
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
);
