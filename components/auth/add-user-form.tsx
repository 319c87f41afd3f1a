"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { ActionResult } from "@/lib/contract/action-result";
import { newUserSchema, type NewUser } from "@/lib/contract/accounts";

type Props = { add: (input: NewUser) => Promise<ActionResult<{ email: string }>> };

export function AddUserForm({ add }: Props) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const { register, handleSubmit, formState, reset } = useForm<NewUser>({
    resolver: zodResolver(newUserSchema),
    defaultValues: { email: "", password: "", role: "member" },
  });
  async function submit(fields: NewUser) {
    const result = await add(fields).catch(() => ({ ok: false as const, error: "The server could not be reached. Try again." }));
    if (result.ok) {
      setMessage({ ok: true, text: `Added ${result.email}. Give them their password in person or by another channel.` });
      reset();
    } else setMessage({ ok: false, text: result.error });
  }
  return (
    <form onSubmit={handleSubmit(submit)} onChange={() => message?.ok === false && setMessage(null)} className="max-w-md space-y-4 rounded-lg border border-slate-200 bg-white p-4" noValidate aria-labelledby="add-user-heading">
      <h2 id="add-user-heading" className="text-lg font-semibold">Add a user</h2>
      <div className="space-y-1">
        <label htmlFor="new-email" className="block font-medium">Email</label>
        <input id="new-email" type="email" autoComplete="off" {...register("email")} className="w-full rounded-md border border-slate-300 bg-white px-3 py-2" />
        <p className="text-sm text-red-700">{formState.errors.email?.message}</p>
      </div>
      <div className="space-y-1">
        <label htmlFor="new-password" className="block font-medium">Password</label>
        <input id="new-password" type="password" autoComplete="new-password" {...register("password")} className="w-full rounded-md border border-slate-300 bg-white px-3 py-2" />
        <p className="text-sm text-red-700">{formState.errors.password?.message}</p>
      </div>
      <div className="space-y-1">
        <label htmlFor="new-role" className="block font-medium">Role</label>
        <select id="new-role" {...register("role")} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </select>
      </div>
      <p role="status" className={`min-h-6 text-sm ${message?.ok ? "text-emerald-700" : "text-red-700"}`} data-testid="add-user-result">{message?.text}</p>
      <button type="submit" className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700">Add user</button>
    </form>
  );
}
