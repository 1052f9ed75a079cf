"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { loginSchema } from "@/lib/validation/admin";
import type { z } from "zod";
import { Button } from "./ui/button";
import { Field, FormError, Input } from "./ui/field";

type LoginValues = z.infer<typeof loginSchema>;

export function LoginForm({ callbackUrl, notice }: { callbackUrl: string; notice?: string }) {
  const [error, setError] = useState<string | null>(null);
  const form = useForm<LoginValues>({ resolver: zodResolver(loginSchema), defaultValues: { username: "", password: "" } });

  const onSubmit = form.handleSubmit(async (values) => {
    setError(null);
    const result = await signIn("credentials", { ...values, redirect: false });
    if (!result || result.error) {
      // A lockout message from the server says how long to wait; anything else stays deliberately vague.
      setError(result?.error?.startsWith("Too many failed sign-ins") ? result.error : "Invalid user name or password.");
      return;
    }
    window.location.assign(callbackUrl);
  });

  return (
    <form onSubmit={onSubmit} className="grid gap-3" noValidate>
      {notice && <p className="rounded border border-warn/40 bg-warn/10 px-2 py-1.5 text-warn">{notice}</p>}
      <Field label="User name" error={form.formState.errors.username?.message}>
        {(props) => <Input {...props} autoComplete="username" autoFocus {...form.register("username")} />}
      </Field>
      <Field label="Password" error={form.formState.errors.password?.message}>
        {(props) => <Input {...props} type="password" autoComplete="current-password" {...form.register("password")} />}
      </Field>
      <FormError>{error}</FormError>
      <Button type="submit" variant="primary" disabled={form.formState.isSubmitting} className="justify-center">
        {form.formState.isSubmitting ? "Logging in…" : "Log in"}
      </Button>
    </form>
  );
}
