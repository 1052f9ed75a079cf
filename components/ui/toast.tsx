"use client";
import { Toast } from "radix-ui";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { cn } from "./cn";

type ToastItem = { id: number; title: string; description?: string; tone: "ok" | "error" | "info" };
type Notify = (toast: Omit<ToastItem, "id">) => void;

const ToastContext = createContext<Notify>(() => {});

export function useToast(): Notify {
  return useContext(ToastContext);
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const notify = useCallback<Notify>((toast) => setItems((list) => [...list, { ...toast, id: Date.now() + Math.random() }]), []);
  return (
    <ToastContext.Provider value={notify}>
      <Toast.Provider swipeDirection="right" duration={6000}>
        {children}
        {items.map((item) => (
          <Toast.Root
            key={item.id}
            onOpenChange={(open) => !open && setItems((list) => list.filter((t) => t.id !== item.id))}
            className={cn(
              "rounded border bg-panel p-3 shadow-lg",
              item.tone === "error" ? "border-danger" : item.tone === "ok" ? "border-ok" : "border-border",
            )}
          >
            <Toast.Title className="font-semibold">{item.title}</Toast.Title>
            {item.description && <Toast.Description className="mt-1 text-muted">{item.description}</Toast.Description>}
          </Toast.Root>
        ))}
        <Toast.Viewport className="fixed right-4 bottom-4 z-50 flex w-[360px] flex-col gap-2" />
      </Toast.Provider>
    </ToastContext.Provider>
  );
}
