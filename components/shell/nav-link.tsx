"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils/cn";

/** exact: active on `href` itself only (the portal's home is the parent of its other pages). */
export function NavLink({ href, children, exact = false }: { href: string; children: React.ReactNode; exact?: boolean }) {
  const pathname = usePathname();
  const active = pathname === href || (!exact && pathname.startsWith(`${href}/`));
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn("rounded-md px-3 py-2 text-sm font-medium", active ? "bg-blue-50 text-primary" : "text-muted-foreground hover:bg-muted hover:text-foreground")}
    >
      {children}
    </Link>
  );
}
