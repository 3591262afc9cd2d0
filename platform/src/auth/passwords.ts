import argon2 from 'argon2';
import { issue, type Issue } from '@folyam/metamodel';

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) return false;
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Password policy: at least 10 characters with a letter and a digit, and not the username itself. */
export function checkPasswordPolicy(password: unknown, username?: string, path = 'password'): Issue[] {
  if (typeof password !== 'string') return [issue(path, 'required')];
  const out: Issue[] = [];
  if (password.length < 10) out.push(issue(path, 'tooShort', { min: 10 }));
  if (password.length > 256) out.push(issue(path, 'tooLong', { max: 256 }));
  if (!/[a-zA-ZáéíóöőúüűÁÉÍÓÖŐÚÜŰ]/.test(password) || !/\d/.test(password)) {
    out.push({
      path,
      code: 'passwordWeak',
      message: { hu: 'A jelszóban legyen betű és számjegy is.', en: 'The password needs a letter and a digit.' },
    });
  }
  if (username && password.toLowerCase() === username.toLowerCase()) {
    out.push({
      path,
      code: 'passwordWeak',
      message: { hu: 'A jelszó nem lehet azonos a felhasználónévvel.', en: 'The password must not be the username.' },
    });
  }
  return out;
}
