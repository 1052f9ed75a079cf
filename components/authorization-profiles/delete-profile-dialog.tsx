"use client";
import { useState } from "react";
import { useDeleteAuthorizationProfile, type AuthorizationProfileView } from "@/lib/queries/authorization-profiles";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { FormError } from "../ui/field";
import { useToast } from "../ui/toast";

/** Delete with confirmation; the server refuses a profile the active policy uses and says which rules. */
export function DeleteProfileDialog({
  profile,
  onClose,
  onDeleted,
}: {
  profile: AuthorizationProfileView | null;
  onClose: () => void;
  onDeleted?: () => void;
}) {
  return (
    <Dialog
      open={profile !== null}
      onOpenChange={(open) => !open && onClose()}
      title={profile ? `Delete authorization profile ${profile.name}?` : "Delete authorization profile"}
    >
      {profile && <DeleteConfirm key={profile.id} profile={profile} onClose={onClose} onDeleted={onDeleted} />}
    </Dialog>
  );
}

function DeleteConfirm({
  profile,
  onClose,
  onDeleted,
}: {
  profile: AuthorizationProfileView;
  onClose: () => void;
  onDeleted?: () => void;
}) {
  const remove = useDeleteAuthorizationProfile();
  const toast = useToast();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="grid gap-3">
      <p>
        Rules of saved policy versions that name <span className="font-semibold">{profile.name}</span> reject the endpoint if one
        of those versions is restored. The active policy must not use it.
      </p>
      <FormError>{error}</FormError>
      <div className="flex justify-end gap-2">
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="danger"
          disabled={remove.isPending}
          onClick={() =>
            remove.mutate(profile.id, {
              onSuccess: () => {
                toast({ tone: "ok", title: `Deleted ${profile.name}` });
                onClose();
                onDeleted?.();
              },
              onError: (caught) => setError(caught.message),
            })
          }
        >
          {remove.isPending ? "Deleting…" : "Delete"}
        </Button>
      </div>
    </div>
  );
}
