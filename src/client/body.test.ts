import { Readable } from 'stream';
import { Response } from 'node-fetch';
import { BodyBuffer } from './body';

/** A response whose body arrives in chunks of `size` bytes. */
function responseOf(bytes: Buffer, size: number): Response {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    chunks.push(bytes.subarray(i, i + size));
  }
  return new Response(Readable.from(chunks));
}

function text(length: number, seed: string): Buffer {
  return Buffer.from(
    seed.repeat(Math.ceil(length / seed.length)).slice(0, length),
  );
}

test('each body is read whole, over the one before, however many chunks it came in', async () => {
  const buffer = new BodyBuffer();
  const first = text(300_000, '[{"a":"é✓"},');
  expect((await buffer.read(responseOf(first, 16_384))).equals(first)).toBe(
    true,
  );
  // Larger than the first capacity: the buffer grows, the bytes are the body's.
  const second = text(2_500_000, '{"b":[1,2,3]}');
  const read = await buffer.read(responseOf(second, 65_536));
  expect(read.length).toBe(2_500_000);
  expect(read.equals(second)).toBe(true);
  // A short body after a long one: only its own bytes.
  const third = Buffer.from('[]');
  expect((await buffer.read(responseOf(third, 1))).toString()).toBe('[]');
  expect(buffer.bytes.toString()).toBe('[]');
  expect((await buffer.read(new Response(Readable.from([])))).length).toBe(0);
  expect((await buffer.read(new Response())).length).toBe(0);
});

test('a body that breaks off fails as node-fetch fails it: FetchError, or the AbortError as it is', async () => {
  const breaking = (err: Error) =>
    new Response(
      new Readable({
        read() {
          this.push(Buffer.from('[{"a":1},'));
          this.destroy(err);
        },
      }),
    );
  const buffer = new BodyBuffer();
  const cut = await buffer
    .read(breaking(new Error('socket hang up')))
    .catch((err) => err);
  expect(cut.name).toBe('FetchError');
  expect(cut.message).toContain('socket hang up');

  const abort = Object.assign(new Error('The user aborted a request.'), {
    name: 'AbortError',
  });
  expect(await buffer.read(breaking(abort)).catch((err) => err)).toBe(abort);

  // The buffer reads the next body whole.
  const next = Buffer.from('[{"a":2}]');
  expect((await buffer.read(responseOf(next, 3))).equals(next)).toBe(true);
});
