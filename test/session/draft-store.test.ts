// Drafts: written in the background while typing (never on the keystroke's
// path), synchronously by flush() on the way out, and the newest always wins.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DraftStore } from '../../src/session/draft-store.js';
import { makeTempDir } from '../helpers/temp.js';
import { until } from '../helpers/frames.js';

let tmp: { dir: string; cleanup: () => void };
beforeEach(() => {
  tmp = makeTempDir('incident-drafts-');
});
afterEach(() => tmp.cleanup());

const onDisk = (): Record<string, string> => JSON.parse(readFileSync(join(tmp.dir, 'draft.json'), 'utf8')) as Record<string, string>;
const nextTurn = () => new Promise((r) => setTimeout(r, 0));

describe('DraftStore', () => {
  it('writes what is typed in the background after a pause, masked, private, with no temp file left', async () => {
    const drafts = new DraftStore(tmp.dir, 20);
    drafts.set('detect.title', 'Checkout ret');
    drafts.set('detect.title', 'Checkout returns 500 ghp_abcdefghijklmnopqrstuvwxyz0123456789AB');
    // Nothing on disk at the keystroke itself.
    expect(existsSync(join(tmp.dir, 'draft.json'))).toBe(false);
    await until(() => existsSync(join(tmp.dir, 'draft.json')));
    await drafts.settled();
    expect(onDisk()).toEqual({ 'detect.title': 'Checkout returns 500 ghp_****' });
    expect(readdirSync(tmp.dir)).toEqual(['draft.json']);
    expect(statSync(join(tmp.dir, 'draft.json')).mode & 0o777).toBe(0o600);
    expect(new DraftStore(tmp.dir).get('detect.title')).toBe('Checkout returns 500 ghp_****');
  });

  it('flush() while a background write is in flight: the flush carries the newest text and the older write does not land after it', async () => {
    const drafts = new DraftStore(tmp.dir, 0);
    drafts.set('detect.url', 'https://sho');
    await nextTurn(); // the background write of "https://sho" has started
    drafts.set('detect.url', 'https://shop.example.com');
    drafts.flush();
    expect(onDisk()).toEqual({ 'detect.url': 'https://shop.example.com' });
    await drafts.settled();
    expect(onDisk()).toEqual({ 'detect.url': 'https://shop.example.com' });
    expect(readdirSync(tmp.dir)).toEqual(['draft.json']);
  });

  it('flush() with nothing new typed since a write still in flight writes that text itself', async () => {
    const drafts = new DraftStore(tmp.dir, 0);
    drafts.set('note', 'restarted api-3');
    await nextTurn();
    drafts.flush();
    expect(onDisk()).toEqual({ note: 'restarted api-3' });
    await drafts.settled();
    expect(onDisk()).toEqual({ note: 'restarted api-3' });
  });

  it('a folder that is not there: typing goes on, nothing is thrown, and the text is saved once the drafts move to a real folder', async () => {
    const dir = join(tmp.dir, 'incident');
    const drafts = new DraftStore(dir, 0);
    drafts.set('note', 'half a note');
    await nextTurn();
    await drafts.settled();
    expect(existsSync(dir)).toBe(false);
    drafts.moveTo(dir);
    expect(JSON.parse(readFileSync(join(dir, 'draft.json'), 'utf8'))).toEqual({ note: 'half a note' });
  });
});
