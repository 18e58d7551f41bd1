import { useEffect, useState } from "react";
import type { OrgConfig } from "@/lib/org/org-config-schema";
import { useNewImportActions } from "./new-import-actions";

/** The chosen organization's configuration, for the in-browser first look; null until it arrives. */
export function useOrgConfig(organizationId: string): OrgConfig | null {
  const { getOrgConfig } = useNewImportActions();
  const [config, setConfig] = useState<OrgConfig | null>(null);
  useEffect(() => {
    setConfig(null);
    if (!organizationId) return;
    let cancelled = false;
    void getOrgConfig({ organizationId }).then((result) => {
      if (!cancelled && result.ok) setConfig(result.config);
    });
    return () => {
      cancelled = true;
    };
  }, [organizationId, getOrgConfig]);
  return config;
}
