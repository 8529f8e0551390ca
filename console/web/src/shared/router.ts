import { createSignal } from 'solid-js';

// A small history-API router: the server answers every non-/api path with the app's page.
const [path, setPath] = createSignal(window.location.pathname);
window.addEventListener('popstate', () => setPath(window.location.pathname));

export { path };

export function navigate(to: string, replace = false) {
  if (to === window.location.pathname) return;
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  setPath(to);
  window.scrollTo(0, 0);
}

/** Follows same-app links without reloading the page. */
export function interceptLinks(root: HTMLElement) {
  root.addEventListener('click', (event) => {
    const anchor = (event.target as HTMLElement).closest('a');
    if (!anchor || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    const href = anchor.getAttribute('href');
    if (!href || !href.startsWith('/') || anchor.target || anchor.hasAttribute('download')) return; // downloads stay downloads
    event.preventDefault();
    navigate(href);
  });
}

/** The parameter of a path like /apis/:id, or null when the path does not match the prefix. */
export function param(prefix: string): string | null {
  const p = path();
  if (!p.startsWith(prefix)) return null;
  const rest = p.slice(prefix.length).replace(/\/$/, '');
  return rest === '' || rest.includes('/') ? null : decodeURIComponent(rest);
}
