// JSON calls to the app's own /api, with the session cookie and the CSRF double-submit header.
// The server renews the CSRF token after every change, so changes are sent one at a time and each reads the cookie
// right before it goes out.

export class ApiError extends Error {
  constructor(public status: number, message: string) {
    super(message);
  }
}

let csrfCookieName = '';
let changes: Promise<unknown> = Promise.resolve();

export function useCsrfCookie(name: string) {
  csrfCookieName = name;
}

function cookie(name: string): string {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return '';
}

async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-XSRF-TOKEN'] = cookie(csrfCookieName);
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data: any = {};
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    data = { error: text };
  }
  if (!response.ok) throw new ApiError(response.status, data.error ?? `HTTP ${response.status}`);
  return data as T;
}

export function get<T = any>(path: string): Promise<T> {
  return send<T>('GET', path);
}

/** POST, PUT or DELETE: queued behind earlier changes; a stale CSRF token is renewed (by a GET) and tried once more. */
export function change<T = any>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const run = async () => {
    try {
      return await send<T>(method, path, body);
    } catch (e) {
      if (e instanceof ApiError && e.status === 403 && e.message.includes('CSRF')) {
        await send('GET', '/api/session');
        return await send<T>(method, path, body);
      }
      throw e;
    }
  };
  const result = changes.then(run, run);
  changes = result.catch(() => undefined);
  return result;
}

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
