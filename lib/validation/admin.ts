import { z } from "zod";

export const roles = ["super-admin", "policy-admin", "read-only"] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const roleLabels: Record<Role, string> = {
  "super-admin": "Super Admin",
  "policy-admin": "Policy Admin",
  "read-only": "Read Only",
};

/** Higher rank may do everything a lower rank may. */
export const roleRank: Record<Role, number> = { "read-only": 0, "policy-admin": 1, "super-admin": 2 };

export function hasRole(actual: Role, required: Role): boolean {
  return roleRank[actual] >= roleRank[required];
}

export const usernameSchema = z
  .string()
  .trim()
  .min(2, "User name must have at least 2 characters")
  .max(64, "User name must have at most 64 characters")
  .regex(/^[A-Za-z0-9._-]+$/, "Use letters, digits, dot, dash and underscore only");

export const newPasswordSchema = z
  .string()
  .min(10, "Password must have at least 10 characters")
  .max(128, "Password must have at most 128 characters");

export const loginSchema = z.object({
  username: z.string().trim().min(1, "Enter your user name"),
  password: z.string().min(1, "Enter your password"),
});

export const createAdminSchema = z.object({
  username: usernameSchema,
  password: newPasswordSchema,
  role: roleSchema,
});
export type CreateAdminInput = z.infer<typeof createAdminSchema>;

export const updateAdminSchema = z
  .object({
    role: roleSchema.optional(),
    isDisabled: z.boolean().optional(),
    password: newPasswordSchema.optional(),
  })
  .refine((value) => Object.keys(value).length > 0, "Nothing to change");
export type UpdateAdminInput = z.infer<typeof updateAdminSchema>;
