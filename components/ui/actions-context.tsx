"use client";

import { createContext, useContext, type ReactNode } from "react";

/**
 * A feature's server actions, handed down by its route (ADR 0011): the route's page passes the
 * object of actions to the provider, and the feature's components read it with the hook.
 */
export function createActionsContext<Actions>(feature: string) {
  const Context = createContext<Actions | null>(null);
  function ActionsProvider({ actions, children }: { actions: Actions; children: ReactNode }) {
    return <Context value={actions}>{children}</Context>;
  }
  ActionsProvider.displayName = `${feature}ActionsProvider`;
  function useActions(): Actions {
    const actions = useContext(Context);
    if (!actions) throw new Error(`${feature} actions are missing: render the component inside ${feature}ActionsProvider, which its route gives its server actions.`);
    return actions;
  }
  return { Provider: ActionsProvider, useActions };
}
