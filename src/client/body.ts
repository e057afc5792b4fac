import { FetchError, Response } from 'node-fetch';

/** The first capacity of a BodyBuffer; it doubles as bodies need. */
const FIRST_CAPACITY = 1024 * 1024;

/**
 * A buffer that one reader's bodies are read into, each over the one before:
 * a Directory Insights chain's pages, several MB each, read one at a time.
 *
 * node-fetch joins a body's chunks into a new buffer, outside V8's heap.
 * Reading, parsing and folding a sign-in page takes long enough for that
 * buffer, and the chunks it was joined from, to outlive two young-generation
 * collections, so only a full collection frees them: on the heavy benchmark
 * tenant 100 to 150 MB of pages piled up between two of those, and glibc kept
 * the memory to the end of the run. Here each chunk is copied in as it
 * arrives, and dies young; the buffer is allocated once per chain and grows
 * to its largest page.
 */
export class BodyBuffer {
  private buffer = Buffer.alloc(0);
  private length = 0;

  /** The body read last: valid until the next one is read into this buffer. */
  get bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  /** Reads the response's body, in place of the one before. */
  async read(response: Response): Promise<Buffer> {
    this.length = 0;
    try {
      // No body at all (a 204, say) reads as an empty one, as in node-fetch.
      if (response.body) {
        for await (const chunk of response.body) this.append(chunk as Buffer);
      }
    } catch (err) {
      // As node-fetch's own reading fails: AbortError, or else FetchError.
      if (err instanceof Error && err.name === 'AbortError') throw err;
      throw new FetchError(
        `Invalid response body while trying to fetch ${response.url}: ${
          err instanceof Error ? err.message : String(err)
        }`,
        'system',
      );
    }
    return this.bytes;
  }

  private append(chunk: Buffer): void {
    const length = this.length + chunk.length;
    if (length > this.buffer.length) {
      const grown = Buffer.allocUnsafeSlow(
        Math.max(length, this.buffer.length * 2, FIRST_CAPACITY),
      );
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    chunk.copy(this.buffer, this.length);
    this.length = length;
  }
}
