/** A minimal EventSource over fetch, for the tests of `GET /me/notifications/stream` (Server-Sent Events). */

export interface SseEvent {
  type: string;
  id?: string;
  data: { id: number; kind: string; caseId: string; at: string; read: boolean; title: string };
}

export async function openStream(base: string, path: string) {
  const ac = new AbortController();
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const res = await fetch(`${base}${path}`, { signal: ac.signal, headers: { accept: 'text/event-stream' } });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const e: Partial<SseEvent> & { dataText?: string } = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comments.push(line.slice(1).trim());
          else if (line.startsWith('event: ')) e.type = line.slice(7);
          else if (line.startsWith('id: ')) e.id = line.slice(4);
          else if (line.startsWith('data: ')) e.dataText = (e.dataText ?? '') + line.slice(6);
        }
        if (e.dataText !== undefined)
          events.push({ type: e.type ?? 'message', id: e.id, data: JSON.parse(e.dataText) });
      }
    }
  })().catch(() => undefined);
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    events,
    comments,
    close: async () => {
      ac.abort();
      await pump;
    },
  };
}
