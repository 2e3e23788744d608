/**
 * `npm run package`: zip the built app (dist/) into dist-package/<id>-<version>.zip with its
 * checksums, then unpack it into a temporary plugins folder and run the offline validator checks
 * on it. Exits 1 when a check fails, naming each finding.
 */
import { unzipSync } from 'fflate';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, dirname, join } from 'path';
import { buildPluginArchive } from './package/pluginArchive';
import { validatePluginFolder } from './package/validatePluginFolder';

const root = join(__dirname, '..');
const version: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const pluginId: string = JSON.parse(readFileSync(join(root, 'src', 'plugin.json'), 'utf8')).id;

const archive = buildPluginArchive(join(root, 'dist'), join(root, 'dist-package'), pluginId, version);
const plugins = mkdtempSync(join(tmpdir(), 'mci-plugins-'));
try {
  for (const [path, bytes] of Object.entries(unzipSync(readFileSync(archive.zipPath)))) {
    mkdirSync(dirname(join(plugins, path)), { recursive: true });
    writeFileSync(join(plugins, path), bytes);
  }
  const findings = validatePluginFolder(plugins, { expectedVersion: version, archiveName: basename(archive.zipPath) });
  console.log(`${archive.zipPath}\n  ${archive.entries.length} files, sha256 ${archive.sha256}`);
  for (const finding of findings) {
    console.log(`  ${finding.severity} ${finding.rule}: ${finding.message}`);
  }
  const errors = findings.filter((finding) => finding.severity === 'error');
  console.log(errors.length === 0 ? '  offline validator checks passed' : `  ${errors.length} check(s) failed`);
  process.exitCode = errors.length === 0 ? 0 : 1;
} finally {
  rmSync(plugins, { recursive: true, force: true });
}
