// Where the incidents index lives and which shape it has: shared by the index
// itself (lowdb) and the fast path of `incident note`, which only reads it.
export const INDEX_FILE = 'index.json';
/**
 * The shape of the rows. Bumped whenever IncidentSummary gains a field: an
 * index of another version is rebuilt from the logs rather than shown with
 * the new columns blank (2: metrics; 3: drill).
 */
export const INDEX_VERSION = 3;
