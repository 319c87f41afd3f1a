"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/contract/action-result";
import { MIN_PASSWORD_LENGTH, type Role } from "@/lib/contract/accounts";

type Result = ActionResult<{ message: string }>;
type Props = {
  user: { id: string; email: string; role: Role };
  self: boolean;
  setRole: (input: { userId: string; role: Role }) => Promise<Result>;
  resetPassword: (input: { userId: string; password: string }) => Promise<Result>;
  removeUser: (input: { userId: string }) => Promise<Result>;
};

const unreachable = { ok: false as const, error: "The server could not be reached. Try again." };

/** An admin's changes to one account: its role, a new password, its removal. */
export function UserRowActions({ user, self, setRole, resetPassword, removeUser }: Props) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // The new password's field appears only when asked for, so the page keeps one field called Password.
  const [password, setPassword] = useState<string | null>(null);
  const show = (result: Result) => setMessage(result.ok ? { ok: true, text: result.message } : { ok: false, text: result.error });
  const other = user.role === "admin" ? "member" : "admin";
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100"
          onClick={async () => show(await setRole({ userId: user.id, role: other }).catch(() => unreachable))}>
          {other === "admin" ? "Make admin" : "Make member"}
        </button>
        {password === null ? (
          <button type="button" className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100" onClick={() => setPassword("")}>
            Reset password
          </button>
        ) : (
          <>
            <label className="sr-only" htmlFor={`reset-${user.id}`}>New password for {user.email}</label>
            <input id={`reset-${user.id}`} type="password" autoComplete="new-password" placeholder={`at least ${MIN_PASSWORD_LENGTH} characters`} value={password}
              onChange={(event) => setPassword(event.target.value)} className="w-44 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm" />
            <button type="button" className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100"
              onClick={async () => {
                const result = await resetPassword({ userId: user.id, password }).catch(() => unreachable);
                if (result.ok) setPassword(null);
                show(result);
              }}>
              Set new password
            </button>
          </>
        )}
        {!self && (
          <button type="button" className="rounded-md border border-red-300 px-2 py-1 text-sm text-red-700 hover:bg-red-50"
            onClick={async () => {
              if (window.confirm(`Remove ${user.email}? They can no longer sign in; their imports stay.`)) show(await removeUser({ userId: user.id }).catch(() => unreachable));
            }}>
            Remove
          </button>
        )}
      </div>
      <p role="status" className={`text-sm ${message?.ok ? "text-emerald-700" : "text-red-700"}`} data-testid="user-action-result">{message?.text}</p>
    </div>
  );
}
