import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { staleBuild } from './ensureBuild';

describe('staleBuild', () => {
  let root: string;
  const file = (path: string, secondsAgo: number) => {
    const full = join(root, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, '');
    const at = Date.now() / 1000 - secondsAgo;
    utimesSync(full, at, at);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mci-ensure-build-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('asks for a build when dist/ holds none (a fresh clone)', () => {
    file('src/module.ts', 100);
    expect(staleBuild(root)).toBe('dist/ holds no build');
  });

  it('asks for a build when any file under src/ is newer than the build', () => {
    file('dist/module.js', 100);
    file('src/module.ts', 200);
    file('src/panels/deep/Panel.tsx', 10);
    expect(staleBuild(root)).toBe('dist/ is older than src/');
  });

  it('keeps a build newer than every file under src/', () => {
    file('src/module.ts', 200);
    file('src/panels/deep/Panel.tsx', 150);
    file('dist/module.js', 100);
    expect(staleBuild(root)).toBeUndefined();
  });
});
