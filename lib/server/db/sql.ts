import "server-only";

/**
 * Plain parameterised SQL, the one way the app queries its database (decision 008): the same on
 * PGlite and PostgreSQL, with statements that must share a transaction given one.
 */
export type Sql = {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
};
