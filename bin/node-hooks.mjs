// Module resolution for plain Node processes (CLI, worker, start): the data modules are marked
// `import "server-only"` for Next; outside React they are server code already, so resolve the
// marker to its empty module.
export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only") {
    return nextResolve(specifier, { ...context, conditions: [...context.conditions, "react-server"] });
  }
  return nextResolve(specifier, context);
}
