import type { JsonObject } from './rrweb.js';

/** Keys whose string values are URLs in custom and plugin payloads (navigation, fetch logs). */
const URL_KEYS = new Set(['href', 'url', 'src', 'referrer', 'referer', 'location', 'pathname', 'uri']);

/**
 * Replaces every string inside `root` (objects and arrays, any depth) with `scrub(value, isUrl)`,
 * in place. Iterative so hostile nesting cannot overflow the stack.
 */
export function scrubStrings(root: unknown, scrub: (value: string, isUrl: boolean) => string): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'string') value[i] = scrub(item, false);
        else if (typeof item === 'object' && item !== null) stack.push(item);
      }
      continue;
    }
    const obj = value as JsonObject;
    for (const key in obj) {
      const item = obj[key];
      if (typeof item === 'string') obj[key] = scrub(item, URL_KEYS.has(key.toLowerCase()));
      else if (typeof item === 'object' && item !== null) stack.push(item);
    }
  }
}
