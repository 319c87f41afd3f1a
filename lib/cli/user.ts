import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";
import { AccountRefused, removeUser, resetPassword, setRole } from "@/lib/server/auth/accounts";
import { newUserSchema } from "@/lib/contract/accounts";
import { UserExists, createUser, listUsers } from "@/lib/server/auth/users";
import { closeDb, getDb } from "@/lib/server/db/client";

/**
 * The password for a new account: typed twice at a terminal (not echoed), or the first line of
 * standard input when it is a pipe (`printf '%s\n' "$PASSWORD" | backfill user add …`).
 */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0];
  }
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const prompt = createInterface({ input: process.stdin, output, terminal: true });
  const ask = async (question: string) => {
    process.stdout.write(question);
    muted = true;
    const answer = await prompt.question("");
    muted = false;
    process.stdout.write("\n");
    return answer;
  };
  try {
    const first = await ask("Password: ");
    const second = await ask("Same password again: ");
    if (first !== second) throw new Error("The two passwords differ.");
    return first;
  } finally {
    prompt.close();
  }
}

export const USER_USAGE = "Usage: backfill user add EMAIL [--admin] | list | passwd EMAIL | remove EMAIL | role EMAIL admin|member\n";

/**
 * Account recovery and changes from the server's shell (whoever runs it can read the database
 * anyway): a new password (the account's sessions end), removal, role. The last admin stays one.
 */
async function changeAccount(args: { action: string; email: string; role?: string }, out: (text: string) => void): Promise<number> {
  if (args.action === "passwd") {
    const password = newUserSchema.shape.password.safeParse(await readPassword());
    if (!password.success) {
      out(`${password.error.issues[0].message}\n`);
      return 2;
    }
    const { sql } = await getDb();
    const user = await resetPassword(sql, { email: args.email }, password.data, { mustChange: false });
    out(`${user.email} has a new password; their sessions have ended.\n`);
    return 0;
  }
  if (args.action === "remove") {
    const { sql } = await getDb();
    const user = await removeUser(sql, { email: args.email });
    out(`Removed ${user.email}; their imports stay.\n`);
    return 0;
  }
  const role = newUserSchema.shape.role.safeParse(args.role);
  if (!role.success) {
    out(USER_USAGE);
    return 2;
  }
  const { sql } = await getDb();
  const user = await setRole(sql, { email: args.email }, role.data);
  out(`${user.email} is now ${user.role === "admin" ? "an admin" : "a member"}.\n`);
  return 0;
}

export async function userCommand(args: { action: string; email?: string; role?: string; admin: boolean }, out: (text: string) => void): Promise<number> {
  try {
    if (args.action === "list") {
      const { sql } = await getDb();
      for (const user of await listUsers(sql)) out(`${user.email}\t${user.role}\n`);
      return 0;
    }
    if (["passwd", "remove", "role"].includes(args.action) && args.email) {
      return await changeAccount({ action: args.action, email: args.email, role: args.role }, out);
    }
    if (args.action !== "add" || !args.email) {
      out(USER_USAGE);
      return 2;
    }
    const parsed = newUserSchema.safeParse({ email: args.email, password: await readPassword(), role: args.admin ? "admin" : "member" });
    if (!parsed.success) {
      out(`${parsed.error.issues[0].message}\n`);
      return 2;
    }
    const { sql } = await getDb();
    const user = await createUser(sql, parsed.data);
    out(`Added ${user.email} as ${user.role === "admin" ? "an admin" : "a member"}.\n`);
    return 0;
  } catch (error) {
    if (error instanceof UserExists || error instanceof AccountRefused) {
      out(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await closeDb();
  }
}
