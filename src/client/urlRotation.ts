/**
 * The WebSocket URLs of one service (several gateways behind no load balancer): the client starts
 * at a random one, so many clients spread over them, and moves to the next whenever a connection
 * fails or is lost. The server side keeps `seq` and epoch equal on every gateway
 * (docs/scaling.md), so a resume works wherever the client lands.
 */
export class UrlRotation {
  private readonly urls: string[];
  private index: number;

  constructor(urls: readonly string[], random: () => number) {
    this.urls = [...new Set(urls)];
    this.index = Math.min(this.urls.length - 1, Math.floor(random() * this.urls.length));
  }

  get current(): string {
    return this.urls[this.index];
  }

  /** After a failed or lost connection: the next URL (the same one when there is only one). */
  advance(): void {
    this.index = (this.index + 1) % this.urls.length;
  }
}
