/**
 * The installable archive of the app: `dist/` (what `npm run build` writes) under one top folder
 * named after the plugin id, zipped, with SHA-256 and SHA-1 checksums beside it. This is the
 * layout `grafana cli plugins install` and Grafana's plugin validator expect.
 */
import { createHash } from 'crypto';
import { zipSync, type Zippable } from 'fflate';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { globSync } from 'glob';
import { join } from 'path';

export interface PluginArchive {
  /** Absolute path of the zip. */
  zipPath: string;
  sha256: string;
  sha1: string;
  /** Paths inside the zip, top folder included. */
  entries: string[];
}

/** Files a build may leave in dist/ that do not belong in a release. */
const LEFT_OUT = ['**/.DS_Store', '**/*.tsbuildinfo', '**/.eslintcache'];

export function archiveName(pluginId: string, version: string): string {
  return `${pluginId}-${version}.zip`;
}

/** Zip `distDir` as `<pluginId>/…` into `outDir`; deterministic (fixed timestamps, sorted entries). */
export function buildPluginArchive(distDir: string, outDir: string, pluginId: string, version: string): PluginArchive {
  const files = globSync('**/*', { cwd: distDir, nodir: true, dot: true, ignore: LEFT_OUT }).sort();
  if (!files.includes('module.js') || !files.includes('plugin.json')) {
    throw new Error(
      `${distDir} holds no built plugin (module.js and plugin.json are missing): run \`npm run build\` first.`
    );
  }
  const fixedTime = new Date('2000-01-01T00:00:00Z');
  const tree: Zippable = {};
  for (const file of files) {
    tree[`${pluginId}/${file}`] = [readFileSync(join(distDir, file)), { mtime: fixedTime }];
  }
  const bytes = zipSync(tree, { level: 9 });
  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, archiveName(pluginId, version));
  writeFileSync(zipPath, bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const sha1 = createHash('sha1').update(bytes).digest('hex');
  // `sha256sum -c` and `shasum -c` read this format: "<hash>  <file name>".
  writeFileSync(`${zipPath}.sha256`, `${sha256}  ${archiveName(pluginId, version)}\n`);
  writeFileSync(`${zipPath}.sha1`, `${sha1}  ${archiveName(pluginId, version)}\n`);
  return { zipPath, sha256, sha1, entries: Object.keys(tree) };
}
