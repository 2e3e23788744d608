#!/usr/bin/env node
// `mci-sim`: runs the TypeScript CLI through tsx, so `npx mci-sim` works right after
// `npm install` with no build step.
const { register } = require('tsx/cjs/api');

register();
require('../simulator/cli.ts');
