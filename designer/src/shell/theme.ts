/** Light/dark theme choice, remembered in localStorage; without a choice, the system's preference. */
export type ThemeName = 'light' | 'dark';

const STORAGE_KEY = 'folyam.theme';

export function initialTheme(): ThemeName {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'light' || v === 'dark') return v;
  } catch {
    // storage unavailable: fall through to the system preference
  }
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function rememberTheme(name: ThemeName): void {
  try {
    localStorage.setItem(STORAGE_KEY, name);
  } catch {
    // see above
  }
}
