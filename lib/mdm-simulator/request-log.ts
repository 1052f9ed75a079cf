import type { SimRequestLog } from "./types";

/** The most recent requests, oldest first; a fixed-size ring so a long-running simulator stays small. */
export class RequestLogBuffer {
  private readonly entries: (SimRequestLog | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity = 1000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error("capacity must be a positive integer");
    this.entries = new Array<SimRequestLog | undefined>(capacity);
  }

  push(entry: SimRequestLog): void {
    this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** Up to `limit` most recent entries, oldest first. */
  list(limit = this.capacity): SimRequestLog[] {
    const size = Math.max(0, Math.min(limit, this.count));
    const result: SimRequestLog[] = [];
    for (let i = size; i > 0; i--) {
      const entry = this.entries[(this.next - i + this.capacity) % this.capacity];
      if (entry) result.push({ ...entry });
    }
    return result;
  }
}
