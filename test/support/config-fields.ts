import * as v from 'valibot';
import { baselineConfigSchema } from '../../config/schema';

/** One field of the configuration schema: its dotted path, whether it may be left out, and its default. */
export interface SchemaField {
  readonly path: string;
  readonly optional: boolean;
  /** What leaving it out gives (the schema's default with its own fields' defaults filled in). */
  readonly default: unknown;
  /** A field without fields of its own (not an object or a variant). */
  readonly leaf: boolean;
}

// valibot schemas are plain objects: `wrapped` (optional), `entries` (objects), `options` (variants).
interface SchemaNode {
  readonly type: string;
  readonly wrapped?: SchemaNode;
  readonly entries?: Record<string, SchemaNode>;
  readonly options?: readonly SchemaNode[];
}

const unwrap = (s: SchemaNode): SchemaNode => (s.wrapped && /^(optional|nullish|exact_optional)$/.test(s.type) ? unwrap(s.wrapped) : s);

/** Every field of the configuration schema (objects' entries and every variant's, depth first). */
export function schemaFields(schema: SchemaNode = baselineConfigSchema as unknown as SchemaNode): SchemaField[] {
  const out = new Map<string, SchemaField>();
  const walk = (node: SchemaNode, prefix: string): void => {
    const inner = unwrap(node);
    for (const [key, child] of Object.entries(inner.entries ?? {})) {
      const p = prefix ? `${prefix}.${key}` : key;
      const optional = child.type !== unwrap(child).type;
      const parsed = optional ? v.safeParse(child as never, undefined) : undefined;
      const leaf = !unwrap(child).entries && !unwrap(child).options;
      if (!out.has(p)) out.set(p, { path: p, optional, default: parsed?.success ? parsed.output : undefined, leaf });
      walk(child, p);
    }
    for (const option of inner.options ?? []) walk(option, prefix);
  };
  walk(schema, '');
  return [...out.values()];
}

/** A row of the configuration table: the field paths of its first cell and its default cell. */
export interface ConfigRow {
  readonly paths: readonly string[];
  readonly defaultCell: string;
}

/** The rows of the `| field | default | rule / meaning |` table in a markdown page. */
export function configTableRows(markdown: string): ConfigRow[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| field | default |'));
  if (start < 0) return [];
  const rows: ConfigRow[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
    // `a.{b,c}` documents a.b and a.c in one row.
    const expand = (p: string) => {
      const m = /^(.*)\{([^}]+)\}(.*)$/.exec(p);
      return m ? m[2].split(',').map((x) => `${m[1]}${x.trim()}${m[3]}`) : [p];
    };
    rows.push({ paths: [...cells[0].matchAll(/`([^`]+)`/g)].flatMap((m) => expand(m[1])), defaultCell: cells[1] });
  }
  return rows;
}

/**
 * What the table gets wrong about the schema: a field neither documented nor under a documented
 * field, a documented field the schema lacks, `required` on an optional field (or the reverse),
 * and a literal default (one code span) that differs from the schema's.
 */
export function configTableProblems(rows: readonly ConfigRow[], fields: readonly SchemaField[] = schemaFields()): string[] {
  const byPath = new Map(fields.map((f) => [f.path, f]));
  const documented = new Set(rows.flatMap((r) => r.paths));
  const problems: string[] = [];
  for (const f of fields.filter((x) => x.leaf)) {
    const covered = [...documented].some((d) => f.path === d || f.path.startsWith(`${d}.`));
    if (!covered) problems.push(`${f.path}: in config/schema.ts but not in the table`);
  }
  for (const row of rows) {
    for (const p of row.paths) {
      const f = byPath.get(p);
      if (!f) {
        problems.push(`${p}: in the table but not in config/schema.ts`);
        continue;
      }
      const saysRequired = /^required\b/.test(row.defaultCell);
      if (saysRequired && f.optional) problems.push(`${p}: the table says required, the schema makes it optional`);
      if (!saysRequired && !f.optional) problems.push(`${p}: required in the schema, the table gives "${row.defaultCell}"`);
      const literal = /^`([^`]+)`$/.exec(row.defaultCell)?.[1];
      if (literal !== undefined && f.optional) {
        let documentedValue: unknown = literal;
        try {
          documentedValue = JSON.parse(literal);
        } catch {
          // a bare string such as `org-logs`
        }
        if (JSON.stringify(documentedValue) !== JSON.stringify(f.default)) {
          problems.push(`${p}: the table's default ${literal} differs from the schema's ${JSON.stringify(f.default)}`);
        }
      }
    }
  }
  return problems;
}
