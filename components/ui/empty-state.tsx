import type { ReactNode } from "react";

export function EmptyState({ icon, title, children, action }: { icon?: ReactNode; title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-3 rounded-lg border border-dashed border-border bg-white px-6 py-12 text-center">
      {icon ? <div className="text-muted-foreground" aria-hidden>{icon}</div> : null}
      <h2 className="text-lg font-semibold">{title}</h2>
      {children ? <div className="max-w-xl text-sm text-muted-foreground">{children}</div> : null}
      {action}
    </div>
  );
}
