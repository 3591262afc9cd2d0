/** URLs a connector sends credentials to: https, or plain http only on the loopback interface (tests, a local relay). */
import { z } from 'zod';

export function isCredentialSafeUrl(value: string): boolean {
  try {
    const u = new URL(value);
    if (u.username || u.password) return false;
    if (u.protocol === 'https:') return true;
    return u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

export const CredentialSafeUrl = z.string().refine(isCredentialSafeUrl, { message: 'url' });
