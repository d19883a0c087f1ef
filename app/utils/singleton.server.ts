/**
 * One instance per process, shared by the Remix bundle and the server code that both import
 * this module from different module graphs (and kept across dev rebuilds).
 */
export function singleton<T>(name: string, create: () => T): T {
  const store = globalThis as unknown as { __minkaSingletons?: Map<string, unknown> };
  store.__minkaSingletons ??= new Map();
  if (!store.__minkaSingletons.has(name)) store.__minkaSingletons.set(name, create());
  return store.__minkaSingletons.get(name) as T;
}
