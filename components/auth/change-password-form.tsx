"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { ActionResult } from "@/lib/contract/action-result";
import { changePasswordSchema, type ChangePasswordInput } from "@/lib/contract/accounts";
import { z } from "@/lib/contract/zod";

const formSchema = changePasswordSchema
  .extend({ confirm: z.string() })
  .refine((fields) => fields.password === fields.confirm, { path: ["confirm"], message: "The two new passwords differ." });
type Fields = z.infer<typeof formSchema>;

type Props = { change: (input: ChangePasswordInput) => Promise<ActionResult> };

const field = "w-full rounded-md border border-slate-300 bg-white px-3 py-2";

export function ChangePasswordForm({ change }: Props) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const { register, handleSubmit, formState, reset } = useForm<Fields>({
    resolver: zodResolver(formSchema),
    defaultValues: { current: "", password: "", confirm: "" },
  });
  async function submit({ current, password }: Fields) {
    const result = await change({ current, password }).catch(() => ({ ok: false as const, error: "The server could not be reached. Try again." }));
    if (!result.ok) {
      setMessage({ ok: false, text: result.error });
      return;
    }
    reset();
    setMessage({ ok: true, text: "Your password is changed. Every other session has ended; this one goes on." });
    router.refresh();
  }
  return (
    <form onSubmit={handleSubmit(submit)} onChange={() => message?.ok === false && setMessage(null)} className="max-w-md space-y-4 rounded-lg border border-slate-200 bg-white p-4" noValidate aria-labelledby="password-heading">
      <h2 id="password-heading" className="text-lg font-semibold">Change your password</h2>
      <div className="space-y-1">
        <label htmlFor="current-password" className="block font-medium">Current password</label>
        <input id="current-password" type="password" autoComplete="current-password" {...register("current")} className={field} />
        <p className="text-sm text-red-700">{formState.errors.current?.message}</p>
      </div>
      <div className="space-y-1">
        <label htmlFor="new-password" className="block font-medium">New password</label>
        <input id="new-password" type="password" autoComplete="new-password" {...register("password")} className={field} />
        <p className="text-sm text-red-700">{formState.errors.password?.message}</p>
      </div>
      <div className="space-y-1">
        <label htmlFor="confirm-password" className="block font-medium">New password again</label>
        <input id="confirm-password" type="password" autoComplete="new-password" {...register("confirm")} className={field} />
        <p className="text-sm text-red-700">{formState.errors.confirm?.message}</p>
      </div>
      <p role="status" className={`min-h-6 text-sm ${message?.ok ? "text-emerald-700" : "text-red-700"}`} data-testid="change-password-result">{message?.text}</p>
      <button type="submit" disabled={formState.isSubmitting} className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60">
        Change password
      </button>
    </form>
  );
}
