/** Dotted path of the first string (or key) with an unpaired surrogate, or null. Iterative:
 * hostile bodies nest deeper than the call stack. */
export function findIllFormed(root: unknown, rootPath: string): string | null {
  const stack: [unknown, string][] = [[root, rootPath]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [value, path] = next;
    if (typeof value === 'string') {
      if (!value.isWellFormed()) return path;
    } else if (value instanceof Uint8Array) {
      // A document's bytes (an import's PDF): not text, and far too many to walk one by one.
      continue;
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const at = path ? `${path}.${key}` : key;
        if (!key.isWellFormed()) return at;
        stack.push([child, at]);
      }
    }
  }
  return null;
}
