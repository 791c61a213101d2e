/**
 * Strings that share no memory with the text they were cut from.
 *
 * V8 keeps a slice of 13 or more characters (`text.slice(a, b)`, a YAML
 * scalar, a dictionary word) as a view of the whole text it came from, and a
 * concatenation as a pair of its parts: one kept slice keeps the whole source
 * alive. A lexicon's ids and categories kept the YAML file texts (2.5 MB), and
 * a few long jieba words its 6 MB dictionary text, for the life of a process.
 * These copy such strings out once, at load time.
 */

/** Shorter slices and concatenations are copied by V8 itself (SlicedString / ConsString minimum length). */
const SHARED_MIN_LENGTH = 13;

/** `s`, as a flat string of its own (a copy when it may be a view or a pair). */
export function detached(s: string): string {
  return s.length < SHARED_MIN_LENGTH ? s : Buffer.from(s, "utf16le").toString("utf16le");
}

/**
 * `value` with every string in it (array elements, plain-object keys and values, at any depth)
 * detached, in place for arrays and plain objects; other objects are left as they are.
 */
export function detachAll<T>(value: T): T {
  if (typeof value === "string") return detached(value) as T;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = detachAll(value[i]);
    return value;
  }
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const o = value as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const v = detachAll(o[k]);
      if (k.length >= SHARED_MIN_LENGTH) {
        delete o[k];
        o[detached(k)] = v;
      } else o[k] = v;
    }
  }
  return value;
}
