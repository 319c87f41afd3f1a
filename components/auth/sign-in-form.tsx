"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { signInSchema } from "@/lib/contract/accounts";
import { z } from "@/lib/contract/zod";
import { signIn } from "@/app/sign-in/actions";

/** Stricter than the server on the email, to say on the spot when it is not one. */
const formSchema = signInSchema.extend({ email: z.email("Enter your email address, such as you@example.com") });
type SignInFields = z.infer<typeof formSchema>;

export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<SignInFields>({ resolver: zodResolver(formSchema) });

  async function submit(fields: SignInFields) {
    setError(null);
    const result = await signIn(fields).catch(() => ({ ok: false as const, error: "The server could not be reached. Try again." }));
    if (!result.ok) {
      setError(result.error);
      return;
    }
    router.replace(next);
    router.refresh();
  }

  return (
    <form onSubmit={handleSubmit(submit)} onChange={() => error !== null && setError(null)} className="space-y-4" noValidate>
      <div className="space-y-1">
        <label htmlFor="email" className="block font-medium">Email</label>
        <input id="email" type="email" autoComplete="username" {...register("email")} aria-invalid={formState.errors.email ? true : undefined}
          aria-describedby="email-error" className="w-full rounded-md border border-slate-300 bg-white px-3 py-2" />
        <p id="email-error" className="text-sm text-red-700">{formState.errors.email?.message}</p>
      </div>
      <div className="space-y-1">
        <label htmlFor="password" className="block font-medium">Password</label>
        <input id="password" type="password" autoComplete="current-password" {...register("password")}
          aria-invalid={formState.errors.password ? true : undefined} aria-describedby="password-error"
          className="w-full rounded-md border border-slate-300 bg-white px-3 py-2" />
        <p id="password-error" className="text-sm text-red-700">{formState.errors.password?.message}</p>
      </div>
      <p role="alert" className="min-h-6 text-sm text-red-700" data-testid="sign-in-error">{error}</p>
      <button type="submit" disabled={formState.isSubmitting}
        className="w-full rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60">
        Sign in
      </button>
    </form>
  );
}
