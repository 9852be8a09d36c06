import { sql, type Kysely } from 'kysely';

/**
 * The current schema as stable text: tables with their columns, storage options, constraints and
 * indexes; composite types; routines (signature, settings and a digest of the body). The same on
 * PGlite and PostgreSQL, so one committed snapshot serves both. Migration bookkeeping is left out.
 */
export async function dumpSchema(db: Kysely<any>): Promise<string> {
  const lines: string[] = [];
  const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows;

  const tables = await rows<{ name: string; options: string[] | null }>(sql`
    select c.relname as name, c.reloptions as options from pg_class c
    where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p') and c.relname not like 'kysely_%'
    order by 1`);
  for (const table of tables) {
    lines.push(`table ${table.name}${table.options ? ` with (${table.options.join(', ')})` : ''}`);
    const columns = await rows<{ name: string; type: string; notnull: boolean; def: string | null }>(sql`
      select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as notnull,
        pg_get_expr(d.adbin, d.adrelid) as def
      from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where a.attrelid = ${sql.lit(table.name)}::regclass and a.attnum > 0 and not a.attisdropped
      order by a.attnum`);
    for (const c of columns) lines.push(`  ${c.name} ${c.type}${c.notnull ? ' not null' : ''}${c.def ? ` default ${c.def}` : ''}`);
    const constraints = await rows<{ name: string; def: string }>(sql`
      select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
      where conrelid = ${sql.lit(table.name)}::regclass order by 1`);
    for (const c of constraints) lines.push(`  constraint ${c.name} ${c.def}`);
    const indexes = await rows<{ def: string }>(sql`
      select regexp_replace(pg_get_indexdef(i.indexrelid), ' ON [^ ]+\\.', ' ON ') as def
      from pg_index i join pg_class c on c.oid = i.indexrelid
      where i.indrelid = ${sql.lit(table.name)}::regclass order by c.relname`);
    for (const i of indexes) lines.push(`  ${i.def}`);
  }

  const types = await rows<{ name: string; attributes: string }>(sql`
    select t.typname as name,
      string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' order by a.attnum) as attributes
    from pg_type t join pg_class c on c.oid = t.typrelid join pg_attribute a on a.attrelid = c.oid and a.attnum > 0
    where t.typnamespace = current_schema()::regnamespace and t.typtype = 'c' and c.relkind = 'c'
    group by 1 order by 1`);
  for (const t of types) lines.push(`type ${t.name} (${t.attributes})`);

  const routines = await rows<{ signature: string; kind: string; result: string | null; config: string[] | null; body: string }>(sql`
    select p.proname || '(' || pg_get_function_arguments(p.oid) || ')' as signature, p.prokind as kind,
      case when p.prokind = 'f' then pg_get_function_result(p.oid) end as result, p.proconfig as config,
      md5(p.prosrc) as body
    from pg_proc p where p.pronamespace = current_schema()::regnamespace order by 1`);
  for (const r of routines) {
    const what = r.kind === 'p' ? 'procedure' : 'function';
    lines.push(`${what} ${r.signature}${r.result ? ` returns ${r.result}` : ''}${r.config ? ` set ${r.config.join(' ')}` : ''} body md5 ${r.body}`);
  }
  return lines.join('\n') + '\n';
}
