// One value per process for things that must not be duplicated when `next dev` re-evaluates modules
// on hot reload (the hub, the database client, timers): kept on globalThis under a Parley-prefixed key.

const store = globalThis as typeof globalThis & { [key: `parley:${string}`]: unknown };

/** The process's value for `key`, created by `create` the first time it is asked for. */
export function processGlobal<T>(key: string, create: () => T): T {
  const slot = `parley:${key}` as const;
  if (!(slot in store)) store[slot] = create();
  return store[slot] as T;
}
