import { randomBytes } from "node:crypto";
import { type Compilable, CompiledQuery, type Insertable, type QueryCreator, type QueryResult } from "kysely";
import { dialectOf } from "./dialect.js";
import type { Database } from "./schema.js";
import type { Db, Dialect } from "./types.js";

/**
 * Where a compiled parameter comes from: the n-th argument (or a property of it, for a record argument),
 * or a value fixed by the query itself.
 */
type Slot = { readonly arg: number; readonly key?: string } | { readonly value: unknown };

interface Template {
  readonly sql: string;
  readonly slots: readonly Slot[];
}

// Markers stand in for the arguments while a query is compiled: strings no caller ever passes.
const MARKER_TAG = `\u0000vouch-arg-${randomBytes(6).toString("hex")}-`;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/**
 * Compile `build` once with markers in place of the arguments — a marker string for a scalar, an object
 * whose every property reads as a marker for a plain-object (record) argument — and record, for every
 * compiled parameter, which argument or property (or which constant of the query) it is. Fails when an
 * argument never comes out as a parameter, or a marker ends up in the statement's text.
 */
function compileTemplate(
  db: Db,
  build: (db: Db, args: readonly unknown[]) => Compilable<unknown>,
  sample: readonly unknown[],
  records = true,
): Template {
  const found = new Map<string, { arg: number; key?: string }>();
  const markers = sample.map((value, arg) => {
    if (!records || !isRecord(value)) {
      const m = `${MARKER_TAG}${arg}`;
      found.set(m, { arg });
      return m;
    }
    return new Proxy(
      {},
      {
        get: (_, key) => {
          if (typeof key !== "string") return undefined;
          const m = `${MARKER_TAG}${arg}.${key}`;
          found.set(m, { arg, key });
          return m;
        },
      },
    );
  });
  const compiled = build(db, markers).compile();
  const used = new Set<number>();
  const slots = compiled.parameters.map((p): Slot => {
    const slot = typeof p === "string" ? found.get(p) : undefined;
    if (slot === undefined) return { value: p };
    used.add(slot.arg);
    return slot;
  });
  if (used.size !== sample.length || compiled.sql.includes(MARKER_TAG)) {
    throw new Error(`prepared query: every argument must be a bound parameter in: ${compiled.sql}`);
  }
  return { sql: compiled.sql, slots };
}

function run<R>(db: Db, t: Template, args: readonly unknown[]): Promise<QueryResult<R>> {
  const params = t.slots.map((s) => {
    if (!("arg" in s)) return s.value;
    const arg = args[s.arg];
    const v = s.key === undefined ? arg : (arg as Record<string, unknown> | undefined)?.[s.key];
    // The builder would have left an undefined value out of the statement; the template cannot.
    if (v === undefined) {
      throw new Error(`prepared query: argument ${s.arg + 1}${s.key ? `.${s.key}` : ""} is undefined`);
    }
    return v;
  });
  return db.executeQuery(CompiledQuery.raw(t.sql, params) as CompiledQuery<R>);
}

/**
 * A query of fixed shape whose values change per call, built and compiled by Kysely once per dialect and
 * then executed as compiled text with new parameters (Kysely's "execute compiled queries" recipe). On the
 * customer-message path, building and compiling a small query through the builder costs more than
 * SQLite takes to run it; this keeps the builder's typing and quoting and drops the per-call cost. The
 * returned function takes the handle to run on (its dialect picks the compiled text) and the arguments.
 *
 * `build` must produce the same statement whatever the argument values (no branching on them or on a
 * record argument's properties, no `in` lists of varying length): it runs once, with a marker in place of
 * each argument (and of each property read from a plain-object argument), and the position of each
 * marker among the compiled parameters says where the value goes on every later call. Arguments keep
 * their kind from call to call: a plain object stays a plain object, anything else stays a scalar.
 */
export function defineQuery<A extends readonly unknown[], R>(
  build: (db: Db, ...args: A) => Compilable<R>,
): (db: Db, ...args: A) => Promise<QueryResult<R>> {
  const templates = new Map<Dialect, Template>();
  const untyped = (db: Db, args: readonly unknown[]) => build(db, ...(args as unknown as A));
  return async (db, ...args) => {
    const dialect = dialectOf(db);
    let t = templates.get(dialect);
    if (!t) {
      t = compileTemplate(db, untyped, args);
      templates.set(dialect, t);
    }
    return run<R>(db, t, args);
  };
}

// Insert shapes seen so far: per table and column list, row counts of 1, 2, 4, … 64 at most.
const insertTemplates = new Map<string, Template>();
const MAX_INSERT_TEMPLATES = 1000;
const MAX_ROWS_PER_STATEMENT = 64;

/**
 * `insert into <table> (<columns>) values (…), (…)` for rows that all have the same columns, compiled by
 * Kysely once per dialect, table, column list and row count (see defineQuery for why). The rows go in
 * statements of a power-of-two count, at most 64 each, in order — 37 rows are 32 + 4 + 1 — so a caller
 * whose row counts vary (a batch's ledger entries) reuses a handful of statements instead of compiling one
 * per count. Run it inside a transaction when the rows must go in all together or not at all. Rows with
 * different columns, or an undefined value (which Kysely would leave out), are refused before any insert.
 */
export async function insertRows<T extends keyof Database & string>(
  db: Db,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  const dialect = dialectOf(db);
  const flat = flatten({ table, rows } as RowGroup);
  if (!flat) return;
  for (let at = 0; at < rows.length; ) {
    const left = rows.length - at;
    const count = left >= MAX_ROWS_PER_STATEMENT ? MAX_ROWS_PER_STATEMENT : 2 ** Math.floor(Math.log2(left));
    const width = flat.columns.length;
    const key = `${dialect}\u0000${shapeKey(table, flat.columns, count)}`;
    let t = insertTemplates.get(key);
    if (!t) {
      t = compileTemplate(
        db,
        (d, markers) => d.insertInto(table).values(valuesOf<T>(flat.columns, count, markers, 0)),
        flat.args.slice(0, count * width),
        false,
      );
      remember(key, t);
    }
    await run(db, t, flat.args.slice(at * width, (at + count) * width));
    at += count;
  }
}

/** Rows for one table, for insertRowsTogether. */
export type RowGroup = {
  [T in keyof Database & string]: { readonly table: T; readonly rows: readonly Insertable<Database[T]>[] };
}[keyof Database & string];

/**
 * Insert rows into several tables, in the order given, as one statement where the store allows: on
 * PostgreSQL `with w0 as (insert …), w1 as (insert …) insert …` (data-modifying CTEs), one round trip
 * instead of one per table; on SQLite, which has no data-modifying CTEs and no round trips, one insertRows
 * per group. Foreign keys between the groups hold either way: PostgreSQL checks them at the end of the
 * statement, when every group's rows are in. Compiled once per dialect and shape (tables, columns, row
 * counts), like insertRows. A group of more than 64 rows, or many groups, falls back to one insertRows per
 * group.
 */
export async function insertRowsTogether(db: Db, groups: readonly RowGroup[]): Promise<void> {
  const dialect = dialectOf(db);
  const oneByOne = async () => {
    for (const g of groups) await insertRows(db, g.table, g.rows as never);
  };
  if (dialect === "sqlite") return oneByOne();
  const flats = groups.map((g) => flatten(g)).filter((f) => f !== undefined);
  const tooBig = flats.length > MAX_GROUPS || flats.some((f) => f.count > MAX_ROWS_PER_STATEMENT);
  if (flats.length < 2 || tooBig) return oneByOne();
  const key = `${dialect}\u0000${flats.map((f) => shapeKey(f.table, f.columns, f.count)).join("\u0001")}`;
  const args = flats.flatMap((f) => f.args);
  let t = insertTemplates.get(key);
  if (!t) {
    t = compileTemplate(
      db,
      (d, markers) => {
        let offset = 0;
        const parts = flats.map((f) => {
          const values = valuesOf(f.columns, f.count, markers, offset);
          offset += f.count * f.columns.length;
          return { table: f.table, values };
        });
        const last = parts.pop() as (typeof parts)[number];
        // Kysely types a CTE as a query that returns rows; an insert without RETURNING is as valid a CTE,
        // hence the cast. Tables and values are typed by RowGroup at the call.
        type Cte = Parameters<Db["with"]>[1];
        let qc: Pick<Db, "insertInto" | "with"> = d;
        parts.forEach((p, i) => {
          const cte = (c: QueryCreator<Database>) => c.insertInto(p.table as never).values(p.values as never);
          qc = qc.with(`w${i}`, cte as unknown as Cte);
        });
        return qc.insertInto(last.table as never).values(last.values as never);
      },
      args,
      false,
    );
    remember(key, t);
  }
  await run(db, t, args);
}

const MAX_GROUPS = 8;

/** A group's column list (from its first row) and its values in row order; undefined for no rows. */
function flatten(
  group: RowGroup,
): { table: string; columns: string[]; count: number; args: unknown[] } | undefined {
  const first = group.rows[0];
  if (first === undefined) return undefined;
  const columns = Object.keys(first);
  const args: unknown[] = [];
  for (const row of group.rows) {
    const record = row as Record<string, unknown>;
    if (Object.keys(record).length !== columns.length) {
      throw new Error(`insertRows(${group.table}): every row must have the same columns`);
    }
    for (const c of columns) {
      const v = record[c];
      if (v === undefined) throw new Error(`insertRows(${group.table}): ${c} is undefined`);
      args.push(v);
    }
  }
  return { table: group.table, columns, count: group.rows.length, args };
}

const shapeKey = (table: string, columns: readonly string[], count: number) =>
  `${table}\u0000${columns.join(",")}\u0000${count}`;

/** `count` rows of markers, starting at marker `offset`. */
function valuesOf<T extends keyof Database & string>(
  columns: readonly string[],
  count: number,
  markers: readonly unknown[],
  offset: number,
): Insertable<Database[T]>[] {
  return Array.from({ length: count }, (_, r) =>
    Object.fromEntries(columns.map((c, i) => [c, markers[offset + r * columns.length + i]])),
  ) as Insertable<Database[T]>[];
}

function remember(key: string, t: Template): void {
  if (insertTemplates.size >= MAX_INSERT_TEMPLATES) insertTemplates.clear();
  insertTemplates.set(key, t);
}

/** A statement without parameters (transaction control), compiled once. */
export function fixedStatement(text: string): (db: Db) => Promise<QueryResult<unknown>> {
  const compiled = CompiledQuery.raw(text, []);
  return (db) => db.executeQuery(compiled);
}
