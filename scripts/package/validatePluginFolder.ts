/**
 * The checks of Grafana's plugin validator that need no network, no signing key and no external
 * scanner, run over an unpacked plugin archive (the folder that holds the one top folder). Each
 * finding names the validator rule it stands for, so a reader can compare with the validator's
 * own report; docs/grafana.md lists the rules that cannot run here and why.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { globSync } from 'glob';
import { dirname, join, relative } from 'path';
import { valid, validRange } from 'semver';

export interface Finding {
  rule: string;
  severity: 'error' | 'warning';
  message: string;
}

interface PluginJson {
  id?: string;
  type?: string;
  name?: string;
  info?: {
    version?: string;
    description?: string;
    keywords?: string[];
    author?: { name?: string };
    logos?: { small?: string; large?: string };
    screenshots?: Array<{ name?: string; path?: string }>;
    links?: Array<{ name?: string; url?: string }>;
  };
  includes?: Array<{ type?: string; path?: string }>;
  dependencies?: { grafanaDependency?: string };
}

export interface ValidateOptions {
  /** The version the archive must carry (package.json's). */
  expectedVersion: string;
  /** The archive's file name, when checking a zip (`<id>-<version>.zip`). */
  archiveName?: string;
}

const TYPE_SUFFIX: Record<string, string> = { app: '-app', datasource: '-datasource', panel: '-panel' };
const TRACKERS = ['google-analytics.com', 'googletagmanager.com', 'www.google-analytics', 'mixpanel.com', 'hotjar.com'];

/** Every finding for the unpacked archive at `unpackedDir`; an empty list means it passes. */
export function validatePluginFolder(unpackedDir: string, options: ValidateOptions): Finding[] {
  const findings: Finding[] = [];
  const report = (rule: string, message: string, severity: Finding['severity'] = 'error') =>
    findings.push({ rule, severity, message });

  const top = readdirSync(unpackedDir);
  if (top.length === 0) {
    report('empty-archive', 'The archive is empty.');
    return findings;
  }
  if (top.length !== 1 || !statSync(join(unpackedDir, top[0])).isDirectory()) {
    report('more-than-one-dir', `The archive must hold one folder named after the plugin id; found ${top.join(', ')}.`);
    return findings;
  }
  const root = join(unpackedDir, top[0]);
  const app = readPluginJson(join(root, 'plugin.json'), report);
  if (app === undefined) {
    return findings;
  }
  if (top[0] !== app.id) {
    report('archive-name', `The top folder is "${top[0]}" but the plugin id is "${app.id}".`);
  }
  if (options.archiveName !== undefined && options.archiveName !== `${app.id}-${options.expectedVersion}.zip`) {
    report(
      'archive-name',
      `The archive is "${options.archiveName}", expected "${app.id}-${options.expectedVersion}.zip".`
    );
  }

  for (const file of ['README.md', 'CHANGELOG.md', 'LICENSE']) {
    if (!existsSync(join(root, file))) {
      report(
        file === 'LICENSE' ? 'missing-license' : file === 'README.md' ? 'missing-readme' : 'missing-changelog',
        `${file} is missing from the archive.`
      );
    }
  }
  checkChangelog(root, options.expectedVersion, report);
  checkJsFiles(root, report);
  checkSvgFiles(root, report);

  const nestedFiles = globSync('**/plugin.json', { cwd: root }).filter((file) => file !== 'plugin.json');
  const included = new Set((app.includes ?? []).map((include) => include.path));
  for (const file of nestedFiles) {
    if (!included.has(file)) {
      report('includes-nested', `${file} is in the archive but not in the app's includes.`);
    }
  }
  for (const include of app.includes ?? []) {
    if (include.path?.endsWith('.json') && !existsSync(join(root, include.path))) {
      report('includes-nested', `The app includes ${include.path}, which is not in the archive.`);
    }
  }

  checkPlugin(root, 'plugin.json', app, options, report);
  for (const file of nestedFiles) {
    const nested = readPluginJson(join(root, file), report);
    if (nested !== undefined) {
      checkPlugin(root, file, nested, options, report);
    }
  }
  return findings;
}

function readPluginJson(file: string, report: (rule: string, message: string) => void): PluginJson | undefined {
  if (!existsSync(file)) {
    report('missing-metadata', `${file} is missing.`);
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PluginJson;
  } catch (error) {
    report('invalid-metadata', `${file} is not valid JSON: ${(error as Error).message}`);
    return undefined;
  }
}

function checkPlugin(
  root: string,
  file: string,
  plugin: PluginJson,
  options: ValidateOptions,
  report: (rule: string, message: string, severity?: Finding['severity']) => void
): void {
  const where = (path: string) => join(root, dirname(file), path);
  const label = plugin.id ?? file;
  if (!plugin.id || !plugin.type || !plugin.name) {
    report('invalid-metadata', `${file} needs id, type and name.`);
  }
  const suffix = TYPE_SUFFIX[plugin.type ?? ''];
  if (suffix !== undefined && !plugin.id?.endsWith(suffix)) {
    report('plugin-id-suffix', `${label}: a ${plugin.type} plugin id must end in "${suffix}".`);
  }
  if (!existsSync(where('module.js'))) {
    report('missing-module-js', `${label}: module.js is missing beside ${file}.`);
  }
  const info = plugin.info ?? {};
  if (info.version !== options.expectedVersion) {
    report(
      'version-mismatch',
      `${label}: version "${info.version}" differs from the package version "${options.expectedVersion}".`
    );
  }
  if (!info.author?.name) {
    report('invalid-metadata', `${label}: info.author.name is missing.`);
  }
  if (!info.description || info.description.length < 20) {
    report('discoverability', `${label}: info.description should say what the plugin does.`, 'warning');
  }
  if (!info.keywords || info.keywords.length === 0) {
    report('discoverability', `${label}: info.keywords is empty.`, 'warning');
  }
  if (!info.logos?.small || !info.logos.large) {
    report('logos', `${label}: info.logos needs small and large.`);
  }
  for (const path of [info.logos?.small, info.logos?.large, ...(info.screenshots ?? []).map((shot) => shot.path)]) {
    if (path !== undefined && !existsSync(where(path))) {
      report('metadata-paths', `${label}: ${path} is referenced in ${file} but not in the archive.`);
    }
  }
  if ((info.screenshots ?? []).length === 0) {
    report('screenshots', `${label}: info.screenshots is empty; the catalogue shows none.`, 'warning');
  }
  // plugin.schema.json types a link's url as an absolute URI ("format": "uri"), and the catalogue
  // opens it from grafana.com: a repository-relative path would be invalid and lead nowhere.
  for (const link of info.links ?? []) {
    if (!link.name || !link.url || !/^https:\/\/[^/\s]+\.[^/\s]+/.test(link.url)) {
      report(
        'safe-links',
        `${label}: every link needs a name and an absolute https URL (got ${JSON.stringify(link)}).`
      );
    }
  }
  if (plugin.type === 'app' && (info.links ?? []).length === 0) {
    report('links', `${label}: info.links is empty; the catalogue shows no links.`, 'warning');
  }
  const range = plugin.dependencies?.grafanaDependency;
  if (range === undefined || validRange(range) === null) {
    report('grafana-dependency', `${label}: dependencies.grafanaDependency must be a semver range (got ${range}).`);
  }
  if (valid(options.expectedVersion) === null) {
    report('version', `The package version "${options.expectedVersion}" is not semver.`);
  }
}

function checkChangelog(root: string, version: string, report: (rule: string, message: string) => void): void {
  const file = join(root, 'CHANGELOG.md');
  if (!existsSync(file)) {
    return;
  }
  const headings = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => /^#{1,3} /.test(line));
  if (!headings.some((line) => line.replace(/^#+ /, '').split(/[\s(]/)[0].replace(/^v/, '') === version)) {
    report('changelog-version', `CHANGELOG.md has no heading for version ${version}.`);
  }
}

function checkJsFiles(root: string, report: (rule: string, message: string) => void): void {
  for (const file of globSync('**/*.js', { cwd: root })) {
    if (!existsSync(join(root, `${file}.map`))) {
      report('js-map-missing', `${file} has no source map (${file}.map).`);
    }
    const text = readFileSync(join(root, file), 'utf8');
    for (const tracker of TRACKERS) {
      if (text.includes(tracker)) {
        report('tracking-scripts', `${file} refers to ${tracker}.`);
      }
    }
  }
}

/** SVGs a browser renders inline must not run code or pull content from elsewhere. */
export function svgProblems(svg: string): string[] {
  const problems: string[] = [];
  if (/<script[\s>]/i.test(svg)) {
    problems.push('has a <script> element');
  }
  if (/<foreignObject[\s>]/i.test(svg)) {
    problems.push('has a <foreignObject> element');
  }
  if (/\son[a-z]+\s*=/i.test(svg)) {
    problems.push('has an event handler attribute (on…=)');
  }
  if (/(?:xlink:)?href\s*=\s*["']\s*(?:javascript:|data:text\/html|https?:)/i.test(svg)) {
    problems.push('links to script or external content (href)');
  }
  return problems;
}

function checkSvgFiles(root: string, report: (rule: string, message: string) => void): void {
  for (const file of globSync('**/*.svg', { cwd: root })) {
    for (const problem of svgProblems(readFileSync(join(root, file), 'utf8'))) {
      report('unsafe-svg-file', `${relative(root, join(root, file))} ${problem}.`);
    }
  }
}
