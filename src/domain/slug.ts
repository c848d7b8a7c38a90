// Incident ids double as directory and post-mortem file names
// (docs/incidents/YYYY-MM-DD-<slug>.md), so they are ASCII, lowercase, short,
// and free of anything a shell or a file system might trip on.
import { utcDate } from './format-time.js';

export const FALLBACK_SLUG = 'incident';

/**
 * "Checkout 500s after v2.3 deploy!" → "checkout-500s-after-v2-3-deploy".
 * Accents are folded (é → e); anything else non-alphanumeric separates words.
 * Cut at a word boundary to at most `max` characters when one is close enough,
 * else mid-word. Nothing usable left → "incident".
 */
export function slugify(title: string, max = 40): string {
  const words = foldLetters(title)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let slug = words;
  if (slug.length > max) {
    const cut = slug.slice(0, max + 1);
    const lastHyphen = cut.lastIndexOf('-');
    // Keep whole words unless that would throw away more than half the room.
    slug = lastHyphen >= max / 2 ? cut.slice(0, lastHyphen) : slug.slice(0, max);
    slug = slug.replace(/-+$/g, '');
  }
  return slug === '' ? FALLBACK_SLUG : slug;
}

/**
 * `YYYY-MM-DD-<slug>`, the date being the UTC date of declaring (ids must not
 * depend on the responder's time zone). On a collision, `-2`, `-3`, … is added.
 */
export function incidentIdFor(declaredAt: Date, title: string, exists: (id: string) => boolean): string {
  const base = `${utcDate(declaredAt.toISOString())}-${slugify(title)}`;
  if (!exists(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!exists(candidate)) return candidate;
  }
}

// Letters that Unicode decomposition does not reduce to ASCII, so that
// "Straße" reads "strasse" rather than "stra-e".
const FOLD: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  ł: 'l',
  Ł: 'l',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
};

function foldLetters(s: string): string {
  return s.replace(/[ßæÆœŒøØđĐðÐłŁþÞı]/g, (c) => FOLD[c] ?? c);
}
