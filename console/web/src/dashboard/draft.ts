// What the Streams & Events wizard hands to the API details page before the API is saved.
export type Draft = { name: string; yaml: string | null; upstreamUrl: string };

const KEY = 'sluice-dashboard-draft';

export function saveDraft(draft: Draft) {
  sessionStorage.setItem(KEY, JSON.stringify(draft));
}

export function loadDraft(): Draft | null {
  const text = sessionStorage.getItem(KEY);
  return text ? (JSON.parse(text) as Draft) : null;
}
