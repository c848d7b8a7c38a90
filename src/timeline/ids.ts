import { monotonicFactory } from 'ulid';

// One factory per process: ids made in the same millisecond still sort in
// creation order, which a fresh `ulid()` call does not promise.
const factory = monotonicFactory();

/** A ULID; pass the injected clock's time so ids agree with the recorded `at`. */
export function newUlid(seedTime?: number): string {
  return factory(seedTime);
}
