/** Light, dark, or the system's choice; kept in localStorage (nothing secret), set on <html>. */
export type ThemeChoice = 'system' | 'light' | 'dark';
const STORAGE = 'feedloop.dashboard.theme';

export function loadTheme(): ThemeChoice {
  try {
    const value = localStorage.getItem(STORAGE);
    if (value === 'light' || value === 'dark') return value;
  } catch {
    /* ignore */
  }
  return 'system';
}

export function applyTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(STORAGE);
    else localStorage.setItem(STORAGE, choice);
  } catch {
    /* ignore */
  }
  document.documentElement.dataset.theme = effectiveTheme(choice);
}

export function effectiveTheme(choice: ThemeChoice): 'light' | 'dark' {
  if (choice !== 'system') return choice;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** A CSS custom property of the current theme (charts draw on canvas with these colours). */
export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
