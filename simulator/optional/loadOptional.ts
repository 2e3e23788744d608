/**
 * Load a driver only when a command needs it. The lean `mci-sim` package leaves the drivers out
 * (docs/sim-package.md), so a top-level import would break every command for want of one; a
 * missing driver instead fails the one command that needs it, saying how to add it.
 */
import { createRequire } from 'node:module';

const load = createRequire(__filename);

export function loadOptional<T>(name: string, version: string, purpose: string): T {
  try {
    return load(name) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && (error as Error).message.includes(name)) {
      throw new Error(
        `${purpose} needs the "${name}" package, which is not installed (the lean mci-sim package leaves drivers out). ` +
          `Install it beside mci-sim: npm install ${name}@${version}`
      );
    }
    throw error;
  }
}
