"use client";
import { Moon, Sun } from "lucide-react";
import { useEffect, useState } from "react";

/** Light/dark, remembered in a cookie so the server renders the right theme on the next load. */
export function ThemeToggle() {
  const [dark, setDark] = useState(false);
  useEffect(() => setDark(document.documentElement.classList.contains("dark")), []);
  const toggle = () => {
    const next = !dark;
    document.documentElement.classList.toggle("dark", next);
    document.cookie = `theme=${next ? "dark" : "light"}; path=/; max-age=31536000; samesite=lax`;
    setDark(next);
  };
  return (
    <button
      type="button"
      onClick={toggle}
      aria-label={dark ? "Switch to light theme" : "Switch to dark theme"}
      className="rounded p-1.5 hover:bg-white/10"
    >
      {dark ? <Sun size={16} /> : <Moon size={16} />}
    </button>
  );
}
