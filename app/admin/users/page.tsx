import type { Metadata } from "next";
import { AddUserForm } from "@/components/auth/add-user-form";
import { UserRowActions } from "@/components/auth/user-row-actions";
import { TableShell } from "@/components/ui/table-shell";
import { pageAdmin } from "@/lib/server/auth/current";
import { listUsers } from "@/lib/server/auth/users";
import { getDb } from "@/lib/server/db/client";
import { addUser, removeUser, resetPassword, setRole } from "./actions";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

/** Who may sign in, and a form to add someone. */
export default async function UsersPage() {
  const admin = await pageAdmin("/admin/users");
  const { sql } = await getDb();
  const users = await listUsers(sql);
  return (
    <section className="space-y-8">
      <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
      <p className="text-slate-600">
        Admins manage users and the destination, see every import and may delete events. Members import and see their own imports.
      </p>
      <TableShell caption="Accounts" columns={[{ label: "Email" }, { label: "Role" }, { label: "Since" }, { label: "Change" }]}>
        {users.map((user) => (
          <tr key={user.id} className="border-t border-slate-100" data-testid="user-row">
            <td className="px-3 py-2">{user.email}</td>
            <td className="px-3 py-2">{user.role}</td>
            <td className="px-3 py-2">{user.createdAt.toISOString().slice(0, 10)}</td>
            <td className="px-3 py-2">
              <UserRowActions user={{ id: user.id, email: user.email, role: user.role }} self={user.id === admin.id}
                setRole={setRole} resetPassword={resetPassword} removeUser={removeUser} />
            </td>
          </tr>
        ))}
      </TableShell>
      <AddUserForm add={addUser} />
    </section>
  );
}
