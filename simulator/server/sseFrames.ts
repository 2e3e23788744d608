/**
 * Server-Sent Events framing (WHATWG HTML, "server-sent events"): fields one per line, a blank
 * line ends an event, a line starting with ":" is a comment every reader ignores. Data never
 * holds a newline here (it is one line of JSON), so one `data:` line per event. Pure.
 */

/** An event; without `event` it is a plain message (EventSource's `onmessage`). */
export function sseEvent(fields: { id?: string; event?: string; data: string }): string {
  const id = fields.id === undefined ? '' : `id: ${fields.id}\n`;
  const event = fields.event === undefined ? '' : `event: ${fields.event}\n`;
  return `${id}${event}data: ${fields.data}\n\n`;
}

export function sseComment(text: string): string {
  return `: ${text.replace(/\n/g, ' ')}\n\n`;
}

/** How long an EventSource waits before reconnecting. */
export function sseRetry(ms: number): string {
  return `retry: ${Math.round(ms)}\n\n`;
}
