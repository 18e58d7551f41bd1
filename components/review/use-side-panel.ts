import { useCallback, useSyncExternalStore } from "react";

// Whether the review's side panel is collapsed, remembered in this browser (localStorage) for
// every import; the server renders it open.
const KEY = "bulk-import:review-side-panel";
const listeners = new Set<() => void>();
let inMemory = false; // where storage is blocked, the choice lasts for the page

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  window.addEventListener("storage", onChange);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener("storage", onChange);
  };
}

function readCollapsed(): boolean {
  try {
    return window.localStorage.getItem(KEY) === "collapsed";
  } catch {
    return inMemory;
  }
}

export function useSidePanelCollapsed(): [boolean, (collapsed: boolean) => void] {
  const collapsed = useSyncExternalStore(subscribe, readCollapsed, () => false);
  const setCollapsed = useCallback((next: boolean) => {
    inMemory = next;
    try {
      window.localStorage.setItem(KEY, next ? "collapsed" : "open");
    } catch {
      // Not remembered across pages; inMemory applies it to this one.
    }
    for (const listener of listeners) listener();
  }, []);
  return [collapsed, setCollapsed];
}
