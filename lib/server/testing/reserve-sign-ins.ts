import { reserveSignIn } from "@/lib/server/auth/throttle";
import { closeDb, getDb } from "@/lib/server/db/client";

/**
 * A second process guessing at the same time (lib/server/auth/throttle.test.ts): `count` attempts
 * at once for one address from one client, on DATABASE_URL; prints how many were let through.
 */
const [email, client, count] = process.argv.slice(2);
const { sql } = await getDb();
const results = await Promise.all(Array.from({ length: Number(count) }, () => reserveSignIn(sql, email, client)));
process.stdout.write(`${results.filter((result) => result.ok).length}\n`);
await closeDb();
