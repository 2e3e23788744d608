/**
 * Builds the host page bundle (the shared modules Grafana gives plugins, the runtime services and
 * the page itself) with esbuild, once per Grafana line and distinct input: the output lives in
 * `tests/host/build/<line>-<hash>/` and the hash covers the host sources, this file and the
 * lockfile of the install that provides Grafana's packages (`grafanaRuntime.ts`), so a second run
 * (or a second test file) reuses it.
 */
import { createHash } from 'crypto';
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'fs';
import { dirname, join, relative, sep } from 'path';
import { type GrafanaRuntime, grafanaRuntime, PROJECT_ROOT } from './grafanaRuntime';

export { PROJECT_ROOT };
export const HOST_DIR = __dirname;
const SOURCE_DIR = join(HOST_DIR, 'src');
const BUILD_ROOT = join(HOST_DIR, 'build');
/** The file whose presence marks a finished build (a crashed build leaves none). */
const DONE_MARKER = 'main.js';

export interface HostBuild {
  /** Directory holding `main.js` and its chunks. */
  dir: string;
  hash: string;
  /** True when an earlier run had already built these inputs. */
  cached: boolean;
  /** The install whose Grafana packages and React the bundle holds. */
  runtime: GrafanaRuntime;
  durationMs: number;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

/** Hash of everything that decides the bundle's content. */
export function hostInputHash(runtime: GrafanaRuntime = grafanaRuntime()): string {
  const hash = createHash('sha256');
  const inputs = [
    ...listFiles(SOURCE_DIR).sort(),
    __filename,
    join(PROJECT_ROOT, 'package-lock.json'),
    runtime.lockfile,
  ];
  for (const file of inputs) {
    hash.update(relative(PROJECT_ROOT, file));
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * @grafana/ui's ESM build (`.mjs`) default-imports a few CommonJS packages that set `__esModule`
 * (react-custom-scrollbars-2, react-highlight-words, is-hotkey, calculate-size, ...). From a
 * `.mjs` importer esbuild follows Node's rule (default = `module.exports`), which breaks them;
 * webpack (Grafana's bundler) honours `__esModule`. Routing such imports through a small `.js`
 * re-export module gives webpack's behaviour.
 */
const esModuleInteropPlugin: esbuild.Plugin = {
  name: 'es-module-interop',
  setup(build) {
    const marksEsModule = new Map<string, boolean>();
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (!args.importer.endsWith('.mjs') || args.pluginData === 'interop') {
        return undefined;
      }
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: 'interop',
      });
      if (resolved.errors.length > 0 || !/\.c?js$/.test(resolved.path)) {
        return undefined;
      }
      if (!marksEsModule.has(resolved.path)) {
        const text = readFileSync(resolved.path, 'utf8');
        marksEsModule.set(resolved.path, /\b__esModule\b/.test(text) && !/^\s*(import|export)\s/m.test(text));
      }
      return marksEsModule.get(resolved.path) ? { path: resolved.path, namespace: 'es-module-interop' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'es-module-interop' }, (args) => ({
      contents: `export * from ${JSON.stringify(args.path)};\nexport { default } from ${JSON.stringify(args.path)};\n`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/** The package a bare import names: `react` for `react/jsx-runtime`, `@grafana/ui` for itself. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Resolves every bare import made outside the Grafana install (the host's own sources, and
 * packages only the main install has) from that install when it has the package, so the page
 * holds exactly one React and one `@grafana/*` set: those of the line under test. Imports made
 * inside the install resolve normally (its nested node_modules stay nested).
 */
function grafanaRuntimePlugin(runtime: GrafanaRuntime): esbuild.Plugin {
  return {
    name: 'grafana-runtime',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === 'grafana-runtime') {
          return undefined;
        }
        const inside = args.resolveDir.startsWith(runtime.root + sep);
        // One format for every importer, or the page would hold two copies of @grafana/data.
        const commonJs = runtime.grafanaCommonJs && args.path.startsWith('@grafana/');
        if (inside && !commonJs) {
          return undefined;
        }
        if (!existsSync(join(runtime.nodeModules, packageName(args.path), 'package.json'))) {
          return undefined;
        }
        const resolved = await build.resolve(args.path, {
          // A require() resolves the package's "require" export condition: its CommonJS build.
          kind: commonJs ? 'require-call' : args.kind,
          resolveDir: inside ? args.resolveDir : runtime.root,
          pluginData: 'grafana-runtime',
        });
        return resolved.errors.length > 0 ? { errors: resolved.errors } : resolved;
      });
    },
  };
}

function pruneOldBuilds(line: string, keep: string): void {
  for (const entry of readdirSync(BUILD_ROOT)) {
    // Older builds of this line, and builds named before lines existed (no `<line>-` prefix).
    const ofThisLine = entry.startsWith(`${line}-`) || !/^[\w.]+-[0-9a-f]{16}/.test(entry);
    if (ofThisLine && !entry.startsWith(keep)) {
      rmSync(join(BUILD_ROOT, entry), { recursive: true, force: true });
    }
  }
}

/** Builds the host bundle unless a finished build of the same inputs exists. */
export async function buildHost(runtime: GrafanaRuntime = grafanaRuntime()): Promise<HostBuild> {
  const started = Date.now();
  const hash = hostInputHash(runtime);
  const name = `${runtime.line}-${hash}`;
  const dir = join(BUILD_ROOT, name);
  if (existsSync(join(dir, DONE_MARKER))) {
    return { dir, hash, cached: true, runtime, durationMs: Date.now() - started };
  }
  mkdirSync(BUILD_ROOT, { recursive: true });
  // Build beside the final place and rename, so a concurrent reader never sees half a build.
  const staging = `${dir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const result = await esbuild.build({
    metafile: true,
    absWorkingDir: PROJECT_ROOT,
    entryPoints: { main: join(SOURCE_DIR, 'main.tsx') },
    outdir: staging,
    bundle: true,
    format: 'esm',
    splitting: true,
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    jsx: 'automatic',
    legalComments: 'none',
    logLevel: 'error',
    loader: { '.svg': 'text', '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.png': 'file' },
    define: {
      'process.env.NODE_ENV': '"production"',
      global: 'globalThis',
      // SystemJS's AMD extra installs a global `define`; UMD code bundled here must not see it,
      // or it registers itself with SystemJS instead of exporting (lodash, moment).
      define: 'undefined',
      // What the page's boot data reports as Grafana's version (bootData.ts).
      __MCI_HOST_GRAFANA_VERSION__: JSON.stringify(runtime.grafanaVersion),
    },
    // The interop plugin first: it resolves through the runtime plugin, then wraps the result.
    plugins: [esModuleInteropPlugin, ...(runtime.line === 'main' ? [] : [grafanaRuntimePlugin(runtime)])],
  });
  // The host stands in for Grafana: it must not contain the project's own code, only what the
  // plugins get from Grafana. The plugins come from dist/ at run time.
  const fromSrc = Object.keys(result.metafile.inputs).filter((input) => input.startsWith('src/'));
  if (fromSrc.length > 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(
      `The host bundle imports the project's src/ (${fromSrc.join(', ')}); it may only load plugins from dist/.`
    );
  }
  if (!existsSync(join(dir, DONE_MARKER))) {
    try {
      renameSync(staging, dir);
    } catch (error) {
      // Another process finished the same build first; use theirs.
      if (!existsSync(join(dir, DONE_MARKER))) {
        throw error;
      }
    }
  }
  rmSync(staging, { recursive: true, force: true });
  pruneOldBuilds(runtime.line, name);
  return { dir, hash, cached: false, runtime, durationMs: Date.now() - started };
}

/** Size of a finished build in bytes (for the report). */
export function buildSizeBytes(build: HostBuild): number {
  return readdirSync(build.dir).reduce((sum, file) => sum + statSync(join(build.dir, file)).size, 0);
}
