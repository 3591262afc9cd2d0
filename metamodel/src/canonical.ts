/**
 * Canonical JSON for metadata files: keys sorted, `undefined` and default values left out, two-space indent and a
 * final newline — so a diff of two versions shows only what a person changed.
 */

/** Keys whose value is left out when it equals the default the platform assumes. */
const DEFAULTS: Record<string, unknown> = {
  required: false,
  unique: false,
  indexed: false,
  readOnly: false,
  stored: false,
  rich: false,
  admin: false,
};

export function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalize);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined) continue;
      if (key in DEFAULTS && DEFAULTS[key] === v) continue;
      out[key] = canonicalize(v);
    }
    return out;
  }
  return value;
}

/** `canonicalJson({ b: 1, a: { required: false } })` → `{\n  "a": {},\n  "b": 1\n}\n` */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value), null, 2) + '\n';
}
