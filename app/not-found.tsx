import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-2">
      <h1 className="text-[18px] font-semibold">Page not found</h1>
      <Link href="/" className="text-accent underline">
        Go to Home
      </Link>
    </main>
  );
}
