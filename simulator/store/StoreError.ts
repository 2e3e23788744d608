/**
 * The store's user-facing error: what happened, why, and how to fix it (docs/storage.md). The
 * message joins the three so a CLI that prints `error.message` shows all of them.
 */
export class StoreError extends Error {
  constructor(
    readonly what: string,
    readonly why: string,
    readonly how: string
  ) {
    super(`${what}: ${why}. ${how}`);
    this.name = 'StoreError';
  }
}
