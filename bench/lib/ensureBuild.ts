/**
 * The browser part of the bench measures the built plugins in `dist/`. A fresh clone has none,
 * and a `dist/` older than `src/` measures old code, so `npm run bench` builds first in either
 * case (`npm run build`, the same build `npm test` makes).
 */
import { spawnSync } from 'child_process';
import { existsSync, readdirSync, statSync } from 'fs';
import { join } from 'path';

/** Newest modification time (ms) of any file under `dir`; 0 for none. */
export function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Why `dist/` needs a build, or undefined when it is current. */
export function staleBuild(root: string): string | undefined {
  const module = join(root, 'dist', 'module.js');
  if (!existsSync(module)) {
    return 'dist/ holds no build';
  }
  return statSync(module).mtimeMs < newestMtimeMs(join(root, 'src')) ? 'dist/ is older than src/' : undefined;
}

/** Build when `dist/` is missing or stale; throws with the build's last lines when it fails. */
export function ensureBuild(root: string, log: (message: string) => void): void {
  const why = staleBuild(root);
  if (why === undefined) {
    return;
  }
  log(`${why}: npm run build…`);
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) {
    const tail = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-10).join('\n');
    throw new Error(`npm run build failed (exit ${result.status}), so the browser part cannot run:\n${tail}`);
  }
}
