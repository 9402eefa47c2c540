/**
 * The people directory behind `GET /v1/people`: everyone the server has seen use a community
 * (their identity's id and name, kept when they sign in or write), plus an optional roster an
 * admin provides (`LC_PEOPLE_FILE`, JSON or CSV), whose entries win for the same id.
 */
import { readFileSync } from 'node:fs';
import type { Viewer } from './auth.js';
import type { Queryable } from './db.js';

export interface Person {
  id: string;
  name: string;
  title?: string;
  team?: string;
  avatar?: string;
}

export const MAX_PEOPLE = 20;
const FIELDS = ['id', 'name', 'title', 'team', 'avatar'] as const;

function clean(raw: Record<string, unknown>): Person | undefined {
  const id = typeof raw.id === 'string' ? raw.id.trim() : typeof raw.id === 'number' ? String(raw.id) : '';
  const name = typeof raw.name === 'string' ? raw.name.trim() : '';
  if (!id || !name) return undefined;
  const p: Person = { id, name };
  for (const f of ['title', 'team'] as const) if (typeof raw[f] === 'string' && (raw[f] as string).trim()) p[f] = (raw[f] as string).trim();
  if (typeof raw.avatar === 'string' && /^(https?:|data:image\/)/i.test(raw.avatar)) p.avatar = raw.avatar;
  return p;
}

/** Splits one CSV line (RFC 4180 quoting). */
function csvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

/** Reads a roster: a JSON array of people, or CSV with a header row naming id, name, title, team, avatar. */
export function parseRoster(text: string, file = 'roster'): Person[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (!trimmed) return [];
  let rows: Record<string, unknown>[];
  if (trimmed.startsWith('[')) {
    const parsed = JSON.parse(trimmed) as unknown;
    if (!Array.isArray(parsed)) throw new Error(`${file}: expected a JSON array of people`);
    rows = parsed.filter((r): r is Record<string, unknown> => !!r && typeof r === 'object');
  } else {
    const lines = trimmed.split(/\r?\n/).filter((l) => l.trim());
    const header = csvLine(lines[0]).map((h) => h.toLowerCase());
    if (!header.includes('id') || !header.includes('name')) throw new Error(`${file}: the CSV header must name at least id and name`);
    rows = lines.slice(1).map((l) => {
      const cells = csvLine(l);
      return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']).filter(([h]) => (FIELDS as readonly string[]).includes(h)));
    });
  }
  const seen = new Set<string>();
  const people: Person[] = [];
  for (const r of rows) {
    const p = clean(r);
    if (p && !seen.has(p.id)) {
      seen.add(p.id);
      people.push(p);
    }
  }
  return people;
}

export class Directory {
  private roster: Person[] = [];
  private rosterById = new Map<string, Person>();
  /** Identities already recorded by this instance (community, id, name), to write each once. */
  private readonly known = new Set<string>();

  constructor(
    private readonly db: Queryable,
    private readonly file?: string,
  ) {}

  /** (Re)reads the roster file; throws with the file's name when it cannot be read. */
  load(): number {
    if (!this.file) return 0;
    const people = parseRoster(readFileSync(this.file, 'utf8'), this.file);
    this.roster = people;
    this.rosterById = new Map(people.map((p) => [p.id, p]));
    return people.length;
  }

  /** Records that a viewer uses a community (once per instance per name). */
  async seen(community: string, viewer: Viewer): Promise<void> {
    if (viewer.anonymous || !viewer.id) return;
    const key = `${community}\u0000${viewer.id}\u0000${viewer.name}`;
    if (this.known.has(key)) return;
    await this.db.query(
      `INSERT INTO lc_people (community, id, name, seen_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (community, id) DO UPDATE SET name = EXCLUDED.name, seen_at = now()`,
      [community, viewer.id, viewer.name || viewer.id],
    );
    if (this.known.size > 100_000) this.known.clear();
    this.known.add(key);
  }

  async search(community: string, query: { search?: string; ids?: string[] }): Promise<Person[]> {
    const out = new Map<string, Person>();
    if (query.ids) {
      const { rows } = await this.db.query<{ id: string; name: string }>(
        'SELECT id, name FROM lc_people WHERE community = $1 AND id = ANY($2::text[])',
        [community, query.ids],
      );
      const seenById = new Map(rows.map((r) => [r.id, r]));
      for (const id of query.ids) {
        const p = this.rosterById.get(id) ?? (seenById.has(id) ? { id, name: seenById.get(id)!.name } : undefined);
        if (p && !out.has(id)) out.set(id, { ...p });
      }
      return [...out.values()].slice(0, Math.max(MAX_PEOPLE, query.ids.length));
    }
    const needle = (query.search ?? '').trim().toLocaleLowerCase();
    const hit = (p: Person) => !needle || [p.name, p.title, p.team].some((s) => s && s.toLocaleLowerCase().includes(needle));
    for (const p of this.roster) {
      if (out.size >= MAX_PEOPLE) break;
      if (hit(p)) out.set(p.id, { ...p });
    }
    if (out.size < MAX_PEOPLE) {
      // the seen list is per community and small next to a roster; filter it here so case folding is
      // the same Unicode-aware one as the roster's, whatever the database's collation
      const { rows } = await this.db.query<{ id: string; name: string }>(
        'SELECT id, name FROM lc_people WHERE community = $1 ORDER BY name, id LIMIT 5000',
        [community],
      );
      for (const r of rows) {
        if (out.size >= MAX_PEOPLE) break;
        if (out.has(r.id) || this.rosterById.has(r.id)) continue;
        const p = { id: r.id, name: r.name };
        if (hit(p)) out.set(p.id, p);
      }
    }
    return [...out.values()];
  }
}
