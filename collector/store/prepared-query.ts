import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Database } from './tables';

/**
 * Queries built and compiled once, then run with new parameters. kysely builds an operation
 * tree and compiles it to SQL on every call, which was a sixth of the CPU of a claim click in
 * the profiles; for the few queries on the hottest paths that work is done once per store.
 *
 * The builder is called once with placeholders for the parameters; each placeholder is found
 * among the compiled query's parameters, and later calls put their values in those places. A
 * builder must therefore pass each parameter straight to kysely as one value (a comparison, an
 * inserted column), never use it to choose the query's shape or expand it into a list.
 *
 * The compiled SQL depends only on the dialect, so it is kept per dialect adapter, which a store
 * and all of its transactions share. kysely marks `getExecutor()` internal; should it go, every
 * call compiles afresh (correct, only slower).
 */
export function preparedQuery<Params extends unknown[], Row>(build: (db: Kysely<Database>, ...params: Params) => Compilable<Row>): (db: Kysely<Database>, ...params: Params) => Promise<QueryResult<Row>> {
  const compiledFor = new WeakMap<object, { query: CompiledQuery<Row>; slots: number[] }>();
  return async (db, ...params) => {
    const adapter = dialectAdapterOf(db);
    let compiled = adapter ? compiledFor.get(adapter) : undefined;
    if (!compiled) {
      const placeholders = params.map((_, index) => `\u0000vouch-parameter-${index}\u0000`) as Params;
      const query = build(db, ...placeholders).compile();
      const slots = query.parameters.map((value) => placeholders.indexOf(value as never));
      if (placeholders.some((_, index) => !slots.includes(index))) throw new Error(`a prepared query's parameter was not passed to kysely as one value:\n${query.sql}`);
      compiled = { query, slots };
      if (adapter) compiledFor.set(adapter, compiled);
    }
    const { query, slots } = compiled;
    return db.executeQuery<Row>({ ...query, parameters: query.parameters.map((value, index) => (slots[index]! >= 0 ? params[slots[index]!] : value)) });
  };
}

function dialectAdapterOf(db: Kysely<Database>): object | undefined {
  const withExecutor = db as unknown as { getExecutor?: () => { adapter?: object } };
  return typeof withExecutor.getExecutor === 'function' ? withExecutor.getExecutor().adapter : undefined;
}
