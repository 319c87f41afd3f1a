import { z } from "./zod";

/** The shortest password anyone may choose, on the forms, in the actions and on the command line. */
export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 200;

export const roleSchema = z.enum(["admin", "member"]);
export type Role = z.infer<typeof roleSchema>;

/** A password someone chooses (or an admin chooses for them). */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `A password has at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(MAX_PASSWORD_LENGTH);

export const newUserSchema = z.object({
  email: z.email("Enter an email address such as you@example.com").max(254).transform((email) => email.toLowerCase()),
  password: newPasswordSchema,
  role: roleSchema,
});
export type NewUser = z.input<typeof newUserSchema>;

/** What a sign-in sends. Loose on purpose: the email is looked up as given, trimmed and in any case. */
export const signInSchema = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1, "Enter your password.").max(MAX_PASSWORD_LENGTH),
});

export const changePasswordSchema = z.object({
  current: z.string().min(1, "Enter your current password.").max(MAX_PASSWORD_LENGTH),
  password: newPasswordSchema,
});
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

const userId = z.uuid("No such account.");

/** An admin's changes to someone else's account. */
export const resetPasswordSchema = z.object({ userId, password: newPasswordSchema });
export const setRoleSchema = z.object({ userId, role: roleSchema });
export const removeUserSchema = z.object({ userId });
