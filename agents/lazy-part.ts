// A part of an importer (its mapper) loaded by a file's context and used synchronously by `map`.

/**
 * `load()` imports the part once; `get()` hands it to `map`. The contract makes a file's context
 * before its first `map`, so an importer loads its part in `context` and a run that reads nothing
 * loads none; `get()` before any `load()` is a bug, named for `who`.
 */
export function lazyPart<T>(who: string, load: () => Promise<T>): { load(): Promise<T>; get(): T } {
  let part: T | undefined;
  return {
    load: async () => (part ??= await load()),
    get() {
      if (part === undefined) throw new Error(`${who} maps a line before its file's context was made`);
      return part;
    },
  };
}
