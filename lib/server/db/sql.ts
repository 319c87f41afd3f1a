import "server-only";

/**
 * Plain parameterised SQL, for bulk paths where drizzle's query builder is the bottleneck, and for
 * statements that must share a transaction. The same on PGlite and PostgreSQL.
 */
export type Sql = {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
};
