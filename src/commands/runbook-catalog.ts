// The runbook library for a session: parsed in the background, a file at a
// time, when first asked for. Its parser (YAML, the schema library, the
// Markdown reader) is loaded only after the first frame: it is not needed to
// draw it, and it is most of a megabyte of code to compile.
import type { Runbook } from '../domain/runbook.js';
import type { DiscoverOptions } from '../runbooks/discover-runbooks.js';

export interface Catalog {
  runbooks: Runbook[];
  problems: string[];
}

type Discovery = typeof import('../runbooks/discover-runbooks.js');
type Lint = typeof import('../runbooks/lint-runbook.js');

const PRELOAD_AFTER_MS = 300;

export function runbookCatalog(where: () => DiscoverOptions) {
  type Modules = { discovery: Discovery; lint: Lint };
  let modules: Modules | null = null;
  let catalog: Catalog | null = null;
  let loading: Promise<Catalog> | null = null;
  const loadModules = async (): Promise<Modules> => {
    if (modules) return modules;
    const [discovery, lint] = await Promise.all([import('../runbooks/discover-runbooks.js'), import('../runbooks/lint-runbook.js')]);
    return (modules ??= { discovery, lint });
  };
  // Ready before anyone can ask for a resumed walk's runbook (that comes after a key press).
  setTimeout(() => void loadModules(), PRELOAD_AFTER_MS).unref();
  const toCatalog = (m: Modules, found: ReturnType<Discovery['discoverRunbooks']>): Catalog => ({
    runbooks: found.runbooks,
    problems: found.problems.filter(m.lint.isError).map(m.lint.formatProblem),
  });
  return {
    /** Resolves once the parser is loaded, so `loadNow` can answer. */
    ready: async (): Promise<void> => {
      await loadModules();
    },
    load: (): Promise<Catalog> => {
      if (catalog) return Promise.resolve(catalog);
      loading ??= loadModules().then(async (m) => (catalog ??= toCatalog(m, await m.discovery.discoverRunbooksAsync(where()))));
      return loading;
    },
    /** At once, for a walk being resumed; null in the moment before the parser has loaded. */
    loadNow: (): Catalog | null => {
      if (catalog || !modules) return catalog;
      return (catalog = toCatalog(modules, modules.discovery.discoverRunbooks(where())));
    },
  };
}
