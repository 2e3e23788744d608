/**
 * Builds the host page bundle (the shared modules Grafana gives plugins, the runtime services and
 * the page itself) with esbuild, once per distinct input: the output lives in
 * `tests/host/build/<hash>/` and the hash covers the host sources, this file and the lock file,
 * so a second run (or a second test file) reuses it.
 */
import { createHash } from 'crypto';
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'fs';
import { dirname, join, relative } from 'path';

export const HOST_DIR = __dirname;
export const PROJECT_ROOT = join(HOST_DIR, '..', '..');
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
  durationMs: number;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

/** Hash of everything that decides the bundle's content. */
export function hostInputHash(): string {
  const hash = createHash('sha256');
  const inputs = [...listFiles(SOURCE_DIR).sort(), __filename, join(PROJECT_ROOT, 'package-lock.json')];
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

function pruneOldBuilds(keep: string): void {
  for (const entry of readdirSync(BUILD_ROOT)) {
    if (!entry.startsWith(keep)) {
      rmSync(join(BUILD_ROOT, entry), { recursive: true, force: true });
    }
  }
}

/** Builds the host bundle unless a finished build of the same inputs exists. */
export async function buildHost(): Promise<HostBuild> {
  const started = Date.now();
  const hash = hostInputHash();
  const dir = join(BUILD_ROOT, hash);
  if (existsSync(join(dir, DONE_MARKER))) {
    return { dir, hash, cached: true, durationMs: Date.now() - started };
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
    },
    plugins: [esModuleInteropPlugin],
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
  pruneOldBuilds(hash);
  return { dir, hash, cached: false, durationMs: Date.now() - started };
}

/** Size of a finished build in bytes (for the report). */
export function buildSizeBytes(build: HostBuild): number {
  return readdirSync(build.dir).reduce((sum, file) => sum + statSync(join(build.dir, file)).size, 0);
}
