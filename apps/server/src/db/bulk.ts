import { sql, type RawBuilder } from 'kysely';

/** A column of a bulk insert: its name and PostgreSQL type (the array parameter is cast to type[]). */
export interface BulkColumn<Row> {
  name: string;
  type: 'uuid' | 'text' | 'timestamptz' | 'date' | 'smallint' | 'integer' | 'bigint' | 'jsonb';
  value: (row: Row) => unknown;
}

/**
 * `select * from unnest($1::type[], $2::type[], …)`: many rows as one parameter per column.
 * PostgreSQL parses and plans it in constant time, where a VALUES list of n rows × c columns
 * costs n·c parameters (and is capped at 65,535 of them) — the difference is several times the
 * throughput of a large insert.
 */
export function unnestRows<Row>(columns: readonly BulkColumn<Row>[], rows: readonly Row[]): RawBuilder<unknown> {
  const arrays = columns.map((column) => {
    const values = rows.map((row) => {
      const value = column.value(row);
      return column.type === 'jsonb' && value !== null && typeof value !== 'string' ? JSON.stringify(value) : value;
    });
    // jsonb travels as text[] (pg has no jsonb[] serializer) and is cast back per row.
    const arrayType = column.type === 'jsonb' ? 'text' : column.type;
    return sql`${values}::${sql.raw(arrayType)}[]`;
  });
  const names = columns.map((c) => sql.ref(c.name));
  const casts = columns.map((c) => (c.type === 'jsonb' ? sql`${sql.ref(c.name)}::jsonb` : sql.ref(c.name)));
  return sql`select ${sql.join(casts)} from unnest(${sql.join(arrays)}) as t(${sql.join(names)})`;
}

/** The column list of an insert, in the order of `columns`. */
export function columnList<Row>(columns: readonly BulkColumn<Row>[]): RawBuilder<unknown> {
  return sql`(${sql.join(columns.map((c) => sql.ref(c.name)))})`;
}
