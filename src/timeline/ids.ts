import fs from 'node:fs';
import { monotonicFactory } from 'ulid';

// One factory per process: ids made in the same millisecond still sort in
// creation order, which a fresh `ulid()` call does not promise.
const factory = monotonicFactory(randomFraction);

/** A ULID; pass the injected clock's time so ids agree with the recorded `at`. */
export function newUlid(seedTime?: number): string {
  return factory(seedTime);
}

// The random part comes from the kernel through `fs`, which every command has
// loaded already. ulid's own source is node:crypto or webcrypto, and loading
// either is ~4 ms of a ~45 ms `incident note` (issue 7); the build points
// `ulid` at its browser file, which imports nothing.
const pool = Buffer.alloc(64);
let used = pool.length;

function randomFraction(): number {
  if (used === pool.length) {
    fillRandom(pool);
    used = 0;
  }
  return pool[used++]! / 256;
}

/** Exported for tests. */
export function fillRandom(buf: Buffer, device = '/dev/urandom'): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(device, 'r');
    let off = 0;
    while (off < buf.length) {
      const n = fs.readSync(fd, buf, off, buf.length - off, null);
      if (n <= 0) throw new Error(`${device} gave no bytes`);
      off += n;
    }
  } catch {
    // No such device (Windows, some sandboxes): Node's own source, loaded only now.
    process.getBuiltinModule('node:crypto').randomFillSync(buf);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
