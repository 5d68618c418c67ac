/** A minimal router over the History API: the console lives under /console/, the customer page under /public/cases/. */
import { useEffect, useState } from 'react';

export const BASE = '/console';

export function navigate(to: string): void {
  window.history.pushState(null, '', to.startsWith('/') ? to : `${BASE}/${to}`);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function usePath(): string {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const on = () => setPath(window.location.pathname);
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  return path;
}

/** The console's own part of the path: '/console/cases/x' → 'cases/x'. */
export function consoleRoute(path: string): string {
  return path.startsWith(`${BASE}/`) ? path.slice(BASE.length + 1).replace(/\/+$/, '') : '';
}
