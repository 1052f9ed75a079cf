"use client";
// Leaving the policy builder with unsaved changes asks first: the browser's own prompt when the tab is
// closed or reloaded, and a dialog for in-app links (captured at the document, so the shell stays as is).
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";

export function UnsavedChangesGuard({ dirty, changeCount }: { dirty: boolean; changeCount: number }) {
  const router = useRouter();
  const [pendingHref, setPendingHref] = useState<string | null>(null);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = "";
    };
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
        return;
      const anchor = (event.target as Element | null)?.closest?.("a[href]");
      if (!(anchor instanceof HTMLAnchorElement) || anchor.target === "_blank" || anchor.hasAttribute("download")) return;
      const url = new URL(anchor.href, window.location.href);
      if (url.origin !== window.location.origin) return;
      if (url.pathname === window.location.pathname && url.search === window.location.search) return;
      event.preventDefault();
      event.stopPropagation();
      setPendingHref(url.pathname + url.search + url.hash);
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    // Capture phase: runs before Next's Link handler, which would navigate on its own.
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty]);

  return (
    <Dialog
      open={pendingHref !== null}
      onOpenChange={(open) => !open && setPendingHref(null)}
      title="Leave without saving?"
      description={`The policy has ${changeCount === 1 ? "1 unsaved change" : `${changeCount} unsaved changes`}. Leaving this page discards ${changeCount === 1 ? "it" : "them"}; the active policy stays as it is.`}
    >
      <div className="flex justify-end gap-2">
        <Button variant="primary" autoFocus onClick={() => setPendingHref(null)}>
          Stay on this page
        </Button>
        <Button
          variant="danger"
          onClick={() => {
            const href = pendingHref;
            setPendingHref(null);
            if (href) router.push(href);
          }}
        >
          Discard changes and leave
        </Button>
      </div>
    </Dialog>
  );
}
