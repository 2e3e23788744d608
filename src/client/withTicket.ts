/** The socket URL with a one-time ticket as `?ticket=` (URL-encoded), keeping its other parameters. */
export function withTicket(wsUrl: string, ticket: string | undefined): string {
  if (ticket === undefined) {
    return wsUrl;
  }
  const url = new URL(wsUrl);
  url.searchParams.set('ticket', ticket);
  return url.toString();
}
